// The example app's pages: one screen for signed-out people (register, password, passkey and mailed
// sign-in) and one for signed-in people (their passkeys, sign out). Every call goes through vigil.js.
'use strict';

const $ = (id) => document.getElementById(id);
const say = (message) => { $('status').textContent = message; };
const problem = (p) => p?.detail ?? p?.title ?? String(p);

function form(id, handler) {
  $(id).addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    try {
      await handler(data, event.target);
    } catch (p) {
      say(problem(p));
    }
  });
}

async function show() {
  const signedIn = vigil.signedIn();
  $('signed-out').hidden = signedIn;
  $('signed-in').hidden = !signedIn;
  $('mfa-form').hidden = sessionStorage.getItem('vigil.mfa_token') === null;
  if (!signedIn) {
    return;
  }
  try {
    const me = await vigil.call('GET', '/api/v1/me');
    $('who').textContent = me.username;
    const page = await vigil.call('GET', '/api/v1/me/passkeys');
    const list = $('passkeys');
    list.replaceChildren(...page.items.map((passkey) => {
      const item = document.createElement('li');
      item.textContent = `${passkey.name} (added ${new Date(passkey.created_at).toLocaleString()})`;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = `Remove ${passkey.name}`;
      remove.addEventListener('click', async () => {
        try {
          await vigil.call('DELETE', `/api/v1/me/passkeys/${passkey.id}`);
          say(`Removed the passkey ${passkey.name}.`);
          await show();
        } catch (p) {
          say(problem(p));
        }
      });
      item.append(remove);
      return item;
    }));
    if (page.items.length === 0) {
      const none = document.createElement('li');
      none.textContent = 'No passkeys yet.';
      list.replaceChildren(none);
    }
  } catch (p) {
    if (p?.status === 401) {
      await vigil.forget(); // the client already tried a refresh: the session is over
      say('Your session ended; sign in again.');
      await show();
    } else {
      say(problem(p));
    }
  }
}

form('register-form', async (data, element) => {
  await vigil.call('POST', '/api/v1/auth/register', data);
  element.reset();
  say('Account created. Confirm your address with the link we mailed you, then sign in.');
});

form('login-form', async (data) => {
  const answer = await vigil.call('POST', '/api/v1/auth/login', data);
  if (answer.mfa_required) {
    sessionStorage.setItem('vigil.mfa_token', answer.mfa_token);
    say('Enter the code from your authenticator app.');
  } else {
    vigil.keep(answer);
    say('Signed in with your password.');
  }
  await show();
});

form('mfa-form', async (data) => {
  vigil.keep(await vigil.call('POST', '/api/v1/auth/login/mfa',
    { mfa_token: sessionStorage.getItem('vigil.mfa_token'), code: data.code }));
  sessionStorage.removeItem('vigil.mfa_token');
  say('Signed in.');
  await show();
});

$('passkey-login').addEventListener('click', async () => {
  try {
    await vigil.signInWithPasskey();
    say('Signed in with a passkey.');
    await show();
  } catch (p) {
    say(p instanceof DOMException ? 'No passkey was used.' : problem(p));
  }
});

form('magic-link-form', async (data, element) => {
  await vigil.call('POST', '/api/v1/auth/magic-link', data);
  element.reset();
  say('If that address has an account, a sign-in link is on its way.');
});

form('add-passkey-form', async (data) => {
  const added = await vigil.addPasskey(data.name);
  say(`Added the passkey ${added.name}.`);
  await show();
});

$('logout').addEventListener('click', async () => {
  try {
    await vigil.call('POST', '/api/v1/auth/logout');
  } catch (p) {
    // Signed out either way.
  }
  vigil.forget();
  say('Signed out.');
  await show();
});

show();
