// Drives the password-reset journey in a real (headless) Chromium against a running Vigil:
// register through the API, ask for a reset link on the /forgot-password page, follow the link
// that arrives by mail, type a too-short, then a mismatched, then a good new password, and log in
// with it through the API.
//
// Environment: VIGIL_URL (the running Vigil, also its vigil.public-url), MAIL_DIR (where
// smtp-sink.mjs stores the mail Vigil sends), CHROMIUM (default /usr/bin/chromium). e2e/run sets
// them all.

import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { awaitMail } from './mail.mjs';

const base = required('VIGIL_URL').replace(/\/$/, '');
const mailDir = required('MAIL_DIR');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
const user = {
  username: `e2e${suffix}`,
  email: `e2e.${suffix}@example.org`,
  password: 'first harbour lantern 42',
};
const newPassword = 'second meadow compass 87';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function check(condition, message) {
  if (!condition) {
    throw new Error(`FAILED: ${message}`);
  }
  console.log(`ok - ${message}`);
}

async function api(method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

const registered = await api('POST', '/api/v1/auth/register', user);
check(registered.status === 202, `registration through the API answers 202 (got ${registered.status})`);

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const consoleErrors = [];
  // Chromium also logs every 4xx answer as an error; the 400 for mismatched passwords is expected.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  await page.goto(`${base}/forgot-password`);
  await page.getByLabel('Email address or username').fill(user.username);
  await Promise.all([page.waitForURL(`${base}/forgot-password`), page.getByRole('button', { name: 'Mail me a link' }).click()]);
  check(await page.locator('h1').innerText() === 'Check your mail', 'the forgot-password page says a link is on its way');

  const mail = await awaitMail(mailDir, user.email, 'Reset your password');
  const text = mail.find((part) => part.type === 'text/plain')?.text ?? '';
  const html = mail.find((part) => part.type === 'text/html')?.text ?? '';
  const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
  check(link?.startsWith(`${base}/reset-password?token=`), 'the mail carries a reset link on vigil.public-url');
  check(html.includes(`href="${link}"`), 'the HTML part carries the same link');

  const opened = await page.goto(link);
  check(opened.status() === 200, `the mailed link opens the form (HTTP ${opened.status()})`);
  check(await page.locator('h1').innerText() === 'Choose a new password', 'the page asks for a new password');

  const password = page.getByLabel('New password', { exact: true });
  const again = page.getByLabel('New password again');
  await password.fill('short');
  await again.fill('short');
  await page.getByRole('button', { name: 'Set my new password' }).click();
  check(await password.evaluate((input) => input.validity.tooShort),
    'the browser itself refuses a password below the minimum length');
  check(page.url().includes('token='), 'and nothing was submitted');

  await password.fill(newPassword);
  await again.fill(`${newPassword}!`);
  const mismatch = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Set my new password' }).click(),
  ]).then(([response]) => response);
  check(mismatch.status() === 400, `two different passwords come back as 400 (got ${mismatch.status()})`);
  check((await page.getByRole('alert').innerText()).includes('must match the new password'),
    'the form is shown again and says the passwords differ');

  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('New password again').fill(newPassword);
  const done = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Set my new password' }).click(),
  ]).then(([response]) => response);
  await page.waitForLoadState();
  check(done.status() === 200, `the same link, submitted again, sets the password (HTTP ${done.status()})`);
  check(await page.locator('h1').innerText() === 'Your password was changed', 'the result page says so');
  check(await page.getByRole('link', { name: 'Go to Vigil' }).count() === 1, 'and links on to the frontend');
  check(consoleErrors.length === 0, `no console errors or CSP violations (${consoleErrors.join(' | ')})`);
} finally {
  await browser.close();
}

const loggedIn = await api('POST', '/api/v1/auth/login', { login: user.username, password: newPassword });
check(loggedIn.status === 200 && typeof loggedIn.json?.access_token === 'string',
  `login with the new password through the API answers 200 (got ${loggedIn.status})`);
const oldPassword = await api('POST', '/api/v1/auth/login', { login: user.username, password: user.password });
check(oldPassword.status === 401, `the old password no longer works (got ${oldPassword.status})`);

console.log('browser test passed');
