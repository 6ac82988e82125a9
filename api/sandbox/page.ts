import { html } from 'hono/html';
import type { Context } from 'hono';
import type { AppEnv } from '../context';

/**
 * GET /sandbox: what the sandbox is and how to use it. Plain server-rendered HTML, readable
 * without JavaScript; GOV.UK styling arrives with the web service's assets.
 */
export function sandboxPage(c: Context<AppEnv>) {
  const base = new URL(c.req.url).origin;
  return c.html(html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sandbox – Lead Provider API</title>
  <style>
    body { font-family: Arial, sans-serif; max-width: 960px; margin: 0 auto; padding: 20px; color: #0b0c0c; line-height: 1.5; }
    h1 { font-size: 2.25rem; } h2 { margin-top: 2rem; } code, pre { background: #f3f2f1; padding: 2px 4px; }
    pre { padding: 12px; overflow-x: auto; } table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; border-bottom: 1px solid #b1b4b6; padding: 8px 4px; vertical-align: top; }
    a { color: #1d70b8; }
  </style>
</head>
<body>
<main id="main-content">
  <h1>Test your integration in the sandbox</h1>
  <p>The sandbox runs the same code and the same rules as the live Lead Provider API, with made-up
  schools, participants, declarations and statements. Nothing you do here reaches real schools or
  payments.</p>

  <h2>Connect</h2>
  <p>Base URL: <code>${base}</code>. Send your sandbox token in the header
  <code>Authorization: Bearer &lt;token&gt;</code>. DfE issues sandbox tokens; they are different from
  your production tokens. Run locally, <code>npm start</code> prints one per provider.</p>
  <pre>curl -H "Authorization: Bearer $TOKEN" ${base}/api/v3/participants/ecf</pre>

  <h2>Test ahead of time</h2>
  <p>Add <code>X-With-Server-Date</code> with a date and time in RFC 3339 format, for example
  <code>X-With-Server-Date: 2026-02-11T09:00:00Z</code>, and the whole request runs as if it were then:
  declaration dates, milestone windows, which statement a declaration goes on, participant statuses and
  the timestamps we record. An unreadable value gets a 400. Production ignores this header.</p>

  <h2>Make things happen: the control API</h2>
  <p>In the sandbox you can make schools and DfE act, for your own schools, participants and statements.
  Each call answers with the affected record as the v3 API shows it. See the
  <a href="/api-docs/sandbox/openapi.json">control API's OpenAPI document</a>.</p>
  <table>
    <thead><tr><th scope="col">Request</th><th scope="col">What happens</th></tr></thead>
    <tbody>
      <tr><td><code>POST /api/sandbox/participants</code></td><td>A school registers an ECT or mentor at one of your partnered schools (validated and eligible by default).</td></tr>
      <tr><td><code>POST /api/sandbox/participants/{id}/validate</code></td><td>DfE validates a participant's details (eligible, ineligible, manual_check, matched).</td></tr>
      <tr><td><code>POST /api/sandbox/participants/{id}/leaving</code></td><td>The school reports the participant is leaving on a date.</td></tr>
      <tr><td><code>POST /api/sandbox/participants/{id}/transfer</code></td><td>The participant moves to another school, with leaving and joining dates.</td></tr>
      <tr><td><code>POST /api/sandbox/participants/{id}/mentor</code></td><td>The school assigns or replaces an ECT's mentor.</td></tr>
      <tr><td><code>POST /api/sandbox/participants/merge</code></td><td>DfE merges two records of the same person.</td></tr>
      <tr><td><code>POST /api/sandbox/partnerships/{id}/challenge</code></td><td>The school challenges a partnership, with a reason.</td></tr>
      <tr><td><code>POST /api/sandbox/statements/{id}/payable</code></td><td>DfE closes a statement now: its eligible declarations become payable.</td></tr>
      <tr><td><code>POST /api/sandbox/statements/{id}/paid</code></td><td>DfE pays a statement: payable declarations are paid, clawbacks clawed back.</td></tr>
      <tr><td><code>GET /api/sandbox/scenarios</code></td><td>Example ids of your test situations (below).</td></tr>
    </tbody>
  </table>
  <p>Bodies use the same shape as the API: <code>{"data":{"attributes":{...}}}</code>.</p>

  <h2>Test data you already have</h2>
  <p>Every provider has, in each cohort from 2021 to 2025: schools you can partner with, schools
  partnered with someone else, schools that must first confirm they continue, challenged partnerships
  (every reason), ECTs and mentors in every training status and participant status, transfers in and
  out, unfunded mentors, merged records, ECTs moved from the closed 2021 cohort, replacement mentors,
  and declarations on open, payable and paid statements. <code>GET /api/sandbox/scenarios</code>
  lists an example id for each.</p>

  <h2>Get help</h2>
  <p>Email <a href="mailto:continuing-professional-development@digital.education.gov.uk">continuing-professional-development@digital.education.gov.uk</a>.
  We aim to reply within two working days.</p>
</main>
</body>
</html>`);
}
