import { resolveChromium } from './chromium-path';

/**
 * Runs once before any test file. The packaged Chromium is unpacked here, once, because two
 * browser test files unpacking it at the same moment would race on the same temp file. Test
 * workers are started afterwards and inherit CHROMIUM_PATH.
 */
export default async function setup() {
  process.env.CHROMIUM_PATH = await resolveChromium();
}
