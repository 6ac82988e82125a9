import { accessSync, constants } from 'node:fs';

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium the browser tests drive. Debian's `/usr/bin/chromium` where it is installed (CI
 * installs it), otherwise the headless build that ships inside the npm package
 * `@sparticuz/chromium`, so `npm install && npm test` needs nothing from the system and no tool
 * ever downloads a browser. `CHROMIUM_PATH` overrides both.
 */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export async function resolveChromium(
  { override = process.env.CHROMIUM_PATH, systemPath = SYSTEM_CHROMIUM }: { override?: string; systemPath?: string } = {},
): Promise<string> {
  if (override) return override;
  if (isExecutable(systemPath)) return systemPath;
  // Unpacks its brotli-compressed binary to the temp folder the first time (about 4 s).
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/** In a test file: the path the global setup resolved (test/support/global-setup.ts). */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH;
  if (!path) throw new Error('CHROMIUM_PATH is unset: the vitest global setup resolves it (test/vitest.config.ts)');
  return path;
}

/** Headless, sandbox off (tests run as root), and none of the background calls home that this closed network refuses. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
