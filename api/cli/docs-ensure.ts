import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs before `npm start` (the `prestart` script): builds the guidance site into
// docs/dist/api-reference/ when it is missing or older than its sources, so a fresh clone serves
// /api-reference/ too. The build takes about 20 seconds. It never stops the API from starting:
// if the site cannot be built (for example without dev dependencies), it says so in one line and
// the API starts without it (/api-reference/ is then a 404). SKIP_DOCS_BUILD=1 skips it.

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = join(root, 'docs/dist/api-reference/index.html');
const sources = ['docs/src', 'docs/public', 'docs/openapi', 'docs/astro.config.ts', 'docs/openapi-for-docs.ts', 'db/reference-data'].map((p) => join(root, p));
const hint = 'run `npm run docs:build` to build it';

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function build(): Promise<boolean> {
  const node = existsSync(join(root, 'node_modules/.bin/node')) ? join(root, 'node_modules/.bin/node') : process.execPath;
  return new Promise((resolve) => {
    const child = spawn(node, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', 'docs'], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (d) => (errors += d));
    child.on('error', () => resolve(false));
    child.on('exit', (code) => {
      if (code !== 0 && process.env.DEBUG_DOCS_BUILD) console.error(errors);
      resolve(code === 0);
    });
  });
}

async function main() {
  // wrangler's [assets] needs the folder to exist, even when the site is not built.
  mkdirSync(join(root, 'docs/dist'), { recursive: true });
  if (process.env.SKIP_DOCS_BUILD) {
    if (!existsSync(built)) console.log(`Guidance site (/api-reference/) not built: ${hint}.`);
    return;
  }
  const upToDate = existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest));
  if (upToDate) return;
  if (!existsSync(join(root, 'node_modules/astro/bin/astro.mjs'))) {
    console.log(`Guidance site (/api-reference/) ${existsSync(built) ? 'may be out of date' : 'not built'}: install dev dependencies and ${hint}.`);
    return;
  }
  const started = Date.now();
  console.log('Building the guidance site (/api-reference/)...');
  if (await build()) console.log(`Guidance site built in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  else console.log(`The guidance site could not be built, so the API starts without it: ${hint} and see why.`);
}

main().catch(() => console.log(`The guidance site could not be built, so the API starts without it: ${hint}.`));
