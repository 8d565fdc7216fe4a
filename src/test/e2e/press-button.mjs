// Follows one mailed link the way a person does, in headless Chromium: opens the page, checks that
// it shows `expect-before`, takes a screenshot, presses the button named `button`, waits for the
// page that answers, checks that it shows `expect-after`, and takes a second screenshot. Exits
// non-zero (with what the page said) when anything differs.
//
// Usage: node press-button.mjs <url> <button> <expect-before> <expect-after> <screenshot-prefix>
// Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';

const [url, button, expectBefore, expectAfter, prefix] = process.argv.slice(2);
if (!prefix) {
  console.error('usage: node press-button.mjs <url> <button> <expect-before> <expect-after> <screenshot-prefix>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  const shown = await page.goto(url);
  const before = await page.locator('main').innerText();
  if (shown.status() !== 200 || !before.includes(expectBefore)) {
    throw new Error(`the link page answered ${shown.status()} and says: ${before}`);
  }
  await page.screenshot({ path: `${prefix}-1-link.png`, fullPage: true });

  const [answer] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: button }).click(),
  ]);
  const after = await page.locator('main').innerText();
  await page.screenshot({ path: `${prefix}-2-result.png`, fullPage: true });
  if (answer.status() !== 200 || !after.includes(expectAfter)) {
    throw new Error(`after pressing "${button}" the page answered ${answer.status()} and says: ${after}`);
  }
  console.log(`ok - ${url.replace(/token=[^&]+/, 'token=…')}: pressed "${button}", the page says "${expectAfter}"`);
} finally {
  await browser.close();
}
