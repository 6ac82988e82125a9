import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string, skip: readonly string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', ...skip].includes(e.name) ? [] : sourceFiles(path, skip);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `count` of each TypeScript file under api/ and db/ (folders named in `skip` left out), where above 0. */
export function countInSources(count: (source: string) => number, skip: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of [...sourceFiles(join(repo, 'api'), skip), ...sourceFiles(join(repo, 'db'), skip)].sort()) {
    const n = count(readFileSync(file, 'utf8'));
    if (n > 0) out[relative(repo, file)] = n;
  }
  return out;
}
