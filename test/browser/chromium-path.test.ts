import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, resolveChromium } from '../support/chromium-path';

// A fresh machine has no /usr/bin/chromium: the browser tests must still find one, from npm.
describe('the Chromium the browser tests use', () => {
  it('comes from the npm package when the system has none, and renders a page', async () => {
    const path = await resolveChromium({ override: '', systemPath: '/nonexistent/chromium' });
    expect(path).not.toBe('/nonexistent/chromium');
    accessSync(path, constants.X_OK);
    const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent('<main><h1>Ready</h1></main>');
      expect(await page.textContent('h1')).toBe('Ready');
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('prefers an explicit CHROMIUM_PATH, then the system one', async () => {
    expect(await resolveChromium({ override: '/opt/my/chrome', systemPath: '/nonexistent' })).toBe('/opt/my/chrome');
    expect(await resolveChromium({ override: '', systemPath: process.execPath })).toBe(process.execPath);
  });
});
