// Where the browser tests find Chromium: one place, so another way of locating it (a bundled
// build, say) can be swapped in without touching the tests.
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
