import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalogue } from './catalogue';
import { formatReport } from './report';
import { runParity, type RunOptions } from './runner';
import { loadTokens } from './tokens';

export const DEFAULT_CATALOGUE = fileURLToPath(new URL('./catalogue.yaml', import.meta.url));

export const HELP = `Compares two deployments of the Lead Provider API, request by request.

Usage:
  npm run parity -- --a <base URL> --b <base URL> --tokens <file> [options]

  --a <URL>            The service you compare against (for example your current service).
  --b <URL>            The service you check (for example our sandbox).
  --tokens <file>      YAML or JSON: for each lead provider, its token on A and on B:
                         Ambition Institute:
                           a: <token for A>
                           b: <token for B>
  --catalogue <file>   The requests to replay (default: the catalogue shipped with the tool,
                       every operation of v1, v2 and v3).
  --report <file>      Also write the full results as JSON.
  --min-match <0-100>  Exit with status 1 when fewer requests match, in per cent (default 100).
  --writes             Also send the catalogue's POST and PUT requests. THEY CHANGE DATA on
                       both deployments (declarations submitted and voided, participants
                       deferred, withdrawn, resumed, schedules changed, partnerships made):
                       only use test data, never production.
  --shape              For deployments with different records (your current service's data and
                       our sandbox's made-up data): compare which fields each answer has and
                       their types, not their values; each side's ids come from its own lists.
  --seed <n>           Seed for items picked at random (default 1; the same seed, the same picks).
  --per-page <n>       Page size for paginated requests (default: the catalogue's).
  --max-pages <n>      Follow at most n pages per request (default: all).
  --only <text>        Only requests whose "METHOD /path?query" contains the text (repeatable).
  --lead-provider <n>  Only this lead provider of the tokens file (repeatable).
  --verbose            Print each comparison as it happens.
  --help               This text.

Without --shape, ids of records (":source" in the catalogue) are taken from A's answers, so
both deployments must hold the same records under the same ids. Exit status: 0 when the match rate reaches
--min-match, 1 when it does not, 2 when the command could not run.`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  send?: RunOptions['send'];
}

const consoleIo: Io = { out: (t) => console.log(t), err: (t) => console.error(t) };

/** The command, returning its exit status (the entry point exits with it). */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        a: { type: 'string' }, b: { type: 'string' }, tokens: { type: 'string' }, catalogue: { type: 'string' },
        report: { type: 'string' }, 'min-match': { type: 'string' }, writes: { type: 'boolean' }, shape: { type: 'boolean' }, seed: { type: 'string' },
        'per-page': { type: 'string' }, 'max-pages': { type: 'string' }, only: { type: 'string', multiple: true },
        'lead-provider': { type: 'string', multiple: true }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : err}\n\n${HELP}`);
    return 2;
  }
  if (values.help) { io.out(HELP); return 0; }
  if (!values.a || !values.b || !values.tokens) { io.err(`--a, --b and --tokens are required.\n\n${HELP}`); return 2; }
  for (const side of ['a', 'b'] as const) {
    if (!URL.canParse(values[side]!) || !/^https?:$/.test(new URL(values[side]!).protocol)) { io.err(`--${side} must be an http(s) base URL, not "${values[side]}"`); return 2; }
  }
  const number = (name: string, raw: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, not "${raw}"`);
    return n;
  };
  try {
    const minMatch = number('min-match', values['min-match'], 100, 0, 100);
    const catalogue = loadCatalogue(values.catalogue ?? DEFAULT_CATALOGUE);
    let tokens = loadTokens(values.tokens);
    if (values['lead-provider']?.length) {
      const unknown = values['lead-provider'].filter((n) => !tokens.some((t) => t.name === n));
      if (unknown.length) throw new Error(`not in the tokens file: ${unknown.join(', ')}`);
      tokens = tokens.filter((t) => values['lead-provider']!.includes(t.name));
    }
    const report = await runParity({
      a: values.a, b: values.b, catalogue, tokens,
      writes: values.writes,
      compare: values.shape ? 'shape' : 'values',
      seed: number('seed', values.seed, 1, 0),
      perPage: values['per-page'] === undefined ? undefined : number('per-page', values['per-page'], 100, 1),
      maxPages: number('max-pages', values['max-pages'], 0, 0),
      only: values.only,
      send: io.send,
      onProgress: values.verbose ? io.err : undefined,
    });
    const passed = report.summary.match_rate !== null && report.summary.match_rate >= minMatch;
    io.out(formatReport(report));
    if (values.report) {
      writeFileSync(values.report, `${JSON.stringify({ ...report, min_match: minMatch, passed }, null, 2)}\n`);
      io.out(`Report written to ${values.report}`);
    }
    if (!passed) io.err(`Match rate ${report.summary.match_rate ?? 'unknown (nothing compared)'} is below --min-match ${minMatch}.`);
    return passed ? 0 : 1;
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 2;
  }
}
