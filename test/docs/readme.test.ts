import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };

describe('README', () => {
  it('asks for the same Node version as package.json engines', () => {
    const minimum = /^>=(\d+\.\d+)\.0$/.exec(pkg.engines.node)?.[1];
    expect(minimum, 'engines.node is a plain minimum').toBeTruthy();
    expect(readme).toContain(`You need Node.js ${minimum} or newer and npm.`);
  });
});
