import type { ParityReport } from './runner';

// What the command prints: one line per catalogue entry (match rate, time on A and B, b ÷ a),
// then the first differences of each entry that did not match, then the totals.

const pct = (r: number | null) => (r === null ? '–' : `${r.toFixed(r === 100 ? 0 : 1)}%`);
const ms = (n: number) => `${Math.round(n)}`;
const times = (r: number | null) => (r === null ? '–' : `${r.toFixed(2)}`);
const show = (v: unknown) => {
  const s = v === undefined ? '(absent)' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

export function formatReport(report: ParityReport, options: { differencesPerEndpoint?: number } = {}): string {
  const lines: string[] = [];
  // Writes not asked for make one line, not one row each (the JSON report lists them all).
  const notRun = report.endpoints.filter((e) => e.method !== 'GET' && !report.writes);
  const rows = report.endpoints.filter((e) => !notRun.includes(e)).map((e) => [
    e.label,
    String(e.requests),
    Object.keys(e.statuses).join(',') || '–',
    pct(e.match_rate),
    e.requests ? ms(e.a_ms) : '–',
    e.requests ? ms(e.b_ms) : '–',
    times(e.timing_ratio),
    e.requests === 0 && e.skipped.length ? `skipped: ${e.skipped[0]!.reason}` : e.skipped.length ? `${e.skipped.length} skipped` : '',
  ]);
  const head = ['Endpoint', 'Requests', 'Status', 'Match', 'A ms', 'B ms', 'B÷A', ''];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ').trimEnd();
  const rule = width.slice(0, -1).map((w) => '-'.repeat(w)).join('  ');
  lines.push(`Parity: A = ${report.a}  B = ${report.b}`);
  lines.push(`Lead providers: ${report.lead_providers.join(', ')}; compared by ${report.compare === 'shape' ? 'shape (fields and types)' : 'value'}; writes ${report.writes ? 'included' : 'not run'}; seed ${report.seed}`, '');
  lines.push(line(head), rule);
  for (const row of rows) lines.push(line(row));
  if (notRun.length) lines.push('', `${notRun.length} writes (POST, PUT) not run: pass --writes to include them; they change data on both deployments.`);

  const differing = report.endpoints.filter((e) => e.mismatches.length > 0);
  if (differing.length) {
    lines.push('', 'Differences:');
    for (const e of differing) {
      lines.push(`  ${e.label}`);
      for (const m of e.mismatches.slice(0, 3)) {
        const where = `${m.lead_provider}${m.page ? `, page ${m.page}` : ''}`;
        if (m.a.error || m.b.error) lines.push(`    ${where}: no answer (${m.a.error ? `A: ${m.a.error}` : ''}${m.a.error && m.b.error ? '; ' : ''}${m.b.error ? `B: ${m.b.error}` : ''})`);
        else if (m.a.status !== m.b.status) lines.push(`    ${where}: status ${m.a.status} on A, ${m.b.status} on B`);
        for (const d of m.differences.slice(0, options.differencesPerEndpoint ?? 5)) {
          lines.push(`    ${where}: ${d.path} ${d.kind === 'changed' ? `A ${show(d.a)}, B ${show(d.b)}` : d.kind}`);
        }
        if (m.difference_count > (options.differencesPerEndpoint ?? 5)) lines.push(`    ${where}: ... ${m.difference_count} fields differ in all`);
      }
    }
  }
  const s = report.summary;
  const skipped = s.skipped - notRun.length;
  lines.push('', `Total: ${s.matched} of ${s.requests} requests matched (${pct(s.match_rate)}); A ${ms(s.a_ms)} ms, B ${ms(s.b_ms)} ms, B÷A ${times(s.timing_ratio)}${skipped ? `; ${skipped} skipped (see the report)` : ''}`);
  return lines.join('\n');
}
