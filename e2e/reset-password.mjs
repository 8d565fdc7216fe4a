// Drives the password-reset link page in a real (headless) Chromium against a running Vigil:
// register through the API, get a reset link, open it, type a mismatched and then a good new
// password, and log in with it through the API.
//
// Environment: VIGIL_URL (the running Vigil), VIGIL_PG_PORT (its PostgreSQL, user postgres),
// CHROMIUM (default /usr/bin/chromium). e2e/run sets all three.
//
// The reset token: Vigil mints a link's token when its outbox dispatcher sends the mail, storing
// only the token's SHA-256 in one_time_tokens. This script stores a token row the same way
// (see issueResetToken) instead of reading a mail, because no mail leaves Vigil here. Everything
// after that, checking and spending the token and the password policy, is Vigil's own code.

import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const base = required('VIGIL_URL').replace(/\/$/, '');
const pgPort = required('VIGIL_PG_PORT');
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

/** A reset token for the user, stored as Vigil stores one: only its SHA-256, valid 30 minutes. */
function issueResetToken(username) {
  const token = randomBytes(32).toString('base64url');
  const sql = `
    DELETE FROM one_time_tokens
     WHERE purpose = 'reset-password' AND used_at IS NULL
       AND user_id = (SELECT id FROM users WHERE username = :'username');
    INSERT INTO one_time_tokens (token_hash, purpose, user_id, created_at, expires_at)
    SELECT sha256(convert_to(:'token', 'UTF8')), 'reset-password', id, now(), now() + interval '30 minutes'
      FROM users WHERE username = :'username';`;
  const out = execFileSync('psql', ['-h', '127.0.0.1', '-p', pgPort, '-U', 'postgres', '-d', 'postgres',
    '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', `token=${token}`, '-v', `username=${username}`],
  { input: sql, env: { ...process.env, PGPASSWORD: 'postgres' }, encoding: 'utf8' });
  if (out.trim()) {
    console.log(out.trim());
  }
  return token;
}

const registered = await api('POST', '/api/v1/auth/register', user);
check(registered.status === 202, `registration through the API answers 202 (got ${registered.status})`);

const token = issueResetToken(user.username);

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

  const opened = await page.goto(`${base}/reset-password?token=${token}`);
  check(opened.status() === 200, `the reset link opens the form (HTTP ${opened.status()})`);
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
