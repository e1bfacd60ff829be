import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { AppError } from '../../lib/index.js';

/** Where a Chromium is looked for, first found first: Debian's package (as the browser tests use), then other names. */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
] as const;

/**
 * The Chromium to print with: the path given (it must exist), or the first of `CHROMIUM_PATHS` that does. `chromium_missing`
 * when there is none: nothing is ever downloaded.
 */
export function findChromium(path?: string): string {
  if (path !== undefined) {
    if (existsSync(path)) return path;
    throw new AppError('chromium_missing', `No Chromium at ${path}.`, [{ path: 'chromium', message: 'not_found' }]);
  }
  const found = CHROMIUM_PATHS.find((p) => existsSync(p));
  if (found === undefined)
    throw new AppError(
      'chromium_missing',
      `PDF needs a Chromium (looked for ${CHROMIUM_PATHS.join(', ')}; on Debian: apt-get install chromium). The HTML report needs none.`,
      [{ path: 'chromium', message: 'not_found' }],
    );
  return found;
}

/**
 * Prints an HTML document to an A4 PDF with headless Chromium (no network: the document is self-contained, and every
 * request it might make is refused).
 */
export async function printPdf(html: string, chromiumPath?: string): Promise<Uint8Array> {
  const browser = await chromium.launch({ executablePath: findChromium(chromiumPath), headless: true });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
