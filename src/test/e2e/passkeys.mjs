// Drives the example web app (examples/web) in a real (headless) Chromium against a running Vigil,
// with a CDP virtual authenticator (internal transport, resident keys, user verification) standing
// in for the device's passkey provider: register → verify the address → sign in with the password
// → add a passkey → sign out → sign in with the passkey without typing a username → sign out →
// sign in with a mailed link → remove the passkey. A screenshot of every step goes to SHOTS_DIR.
//
// Environment: VIGIL_URL (the running Vigil), APP_URL (the example app, which is Vigil's
// vigil.frontend-url and CORS origin), MAIL_DIR (where smtp-sink.mjs stores the mail), SHOTS_DIR,
// CHROMIUM (default /usr/bin/chromium). e2e/run sets them all.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { awaitMail } from './mail.mjs';

const base = required('VIGIL_URL').replace(/\/$/, '');
const app = required('APP_URL').replace(/\/$/, '');
const mailDir = required('MAIL_DIR');
const shots = required('SHOTS_DIR');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
mkdirSync(shots, { recursive: true });

const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
const user = { username: `pk${suffix}`, email: `pk.${suffix}@example.org`, password: 'passkey harbour lantern 42' };

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

function linkIn(mail, path) {
  const text = mail.find((part) => part.type === 'text/plain')?.text ?? '';
  return new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9_-]+`).exec(text)?.[0];
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let step = 0;
try {
  const page = await browser.newPage();
  const shot = async (name) => {
    step += 1;
    await page.screenshot({ path: join(shots, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const status = () => page.locator('#status').innerText();
  const statusBecomes = async (text) => {
    await page.waitForFunction((expected) => document.getElementById('status')?.textContent.includes(expected), text,
      { timeout: 20_000 });
  };
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  });

  await page.goto(app);
  await shot('signed-out');
  const register = page.locator('#register-form');
  await register.getByLabel('Username').fill(user.username);
  await register.getByLabel('Email').fill(user.email);
  await register.getByLabel('Password').fill(user.password);
  await register.getByRole('button', { name: 'Create account' }).click();
  await statusBecomes('Account created');
  await shot('registered');
  check(true, 'the app registers a new account');

  const verification = linkIn(await awaitMail(mailDir, user.email, 'Confirm your email address'), '/verify-email');
  check(verification?.startsWith(`${base}/verify-email?token=`), 'the verification mail links to Vigil');
  await page.goto(verification);
  await page.getByRole('button').first().click();
  await page.waitForLoadState();
  await shot('address-verified');
  check((await page.locator('h1').innerText()).length > 0, 'the verification page confirms the address');

  await page.goto(app);
  const login = page.locator('#login-form');
  await login.getByLabel('Username or email').fill(user.username);
  await login.getByLabel('Password').fill(user.password);
  await login.getByRole('button', { name: 'Sign in with password' }).click();
  await page.locator('#who').getByText(user.username).waitFor();
  await shot('signed-in-with-password');
  check(true, 'the app signs in with the password');

  await page.locator('#add-passkey-form').getByLabel('Name').fill('Virtual authenticator');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await statusBecomes('Added the passkey');
  await page.getByRole('button', { name: 'Remove Virtual authenticator' }).waitFor();
  await shot('passkey-added');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  check(credentials.length === 1 && credentials[0].isResidentCredential,
    'the authenticator holds one discoverable credential for Vigil');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await statusBecomes('Signed out');
  await shot('signed-out-again');

  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await statusBecomes('Signed in with a passkey');
  await page.locator('#who').getByText(user.username).waitFor();
  await shot('signed-in-with-passkey');
  check(true, 'the passkey signs in without a username');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await statusBecomes('Signed out');
  const magic = page.locator('#magic-link-form');
  await magic.getByLabel('Email').fill(user.email);
  await magic.getByRole('button', { name: 'Mail me a sign-in link' }).click();
  await statusBecomes('sign-in link is on its way');
  await shot('magic-link-requested');
  const signInLink = linkIn(await awaitMail(mailDir, user.email, 'Your sign-in link'), '/magic-link');
  check(signInLink?.startsWith(`${app}/magic-link?token=`), 'the sign-in link leads to the app');
  await page.goto(signInLink);
  await page.waitForURL(`${app}/`);
  await page.locator('#who').getByText(user.username).waitFor();
  await shot('signed-in-with-magic-link');
  check(true, 'the mailed link signs in');

  await page.getByRole('button', { name: 'Remove Virtual authenticator' }).click();
  await statusBecomes('Removed the passkey');
  await page.locator('#passkeys').getByText('No passkeys yet.').waitFor();
  await shot('passkey-removed');
  check(true, 'the passkey is removed');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await statusBecomes('Signed out');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await page.waitForFunction(() => !document.getElementById('status')?.textContent.includes('Signed out'),
    null, { timeout: 20_000 });
  await shot('removed-passkey-refused');
  check(!(await status()).includes('Signed in'), `the removed passkey no longer signs in (${await status()})`);
  check(consoleErrors.length === 0, `no console errors or CSP violations (${consoleErrors.join(' | ')})`);
} finally {
  await browser.close();
}

console.log('passkey browser test passed');
