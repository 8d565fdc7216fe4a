// A small Vigil client for the browser: JSON calls with the access token, token storage, and the
// WebAuthn glue between Vigil's snake_case, base64url options and what navigator.credentials wants.
'use strict';

const vigil = (() => {
  const base = (window.VIGIL_URL || '').replace(/\/$/, '');
  // Session storage: the tokens end with the tab. A real app weighs this (docs/integrating.md).
  const store = sessionStorage;

  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    const access = store.getItem('vigil.access_token');
    if (access) {
      headers.Authorization = `Bearer ${access}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(base + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw json ?? { status: response.status, title: response.statusText };
    }
    return json;
  }

  function keep(pair) {
    store.setItem('vigil.access_token', pair.access_token);
    store.setItem('vigil.refresh_token', pair.refresh_token);
  }

  function forget() {
    store.removeItem('vigil.access_token');
    store.removeItem('vigil.refresh_token');
  }

  function signedIn() {
    return store.getItem('vigil.access_token') !== null;
  }

  const bytes = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const descriptor = (c) => ({ type: c.type, id: bytes(c.id), transports: c.transports });
  const text = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  /** The credential as Vigil reads it: toJSON() where the browser has it, the same members by hand elsewhere. */
  function json(credential) {
    if (typeof credential.toJSON === 'function') {
      return credential.toJSON();
    }
    const r = credential.response;
    const response = { clientDataJSON: text(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = text(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = text(r.authenticatorData);
      response.signature = text(r.signature);
      if (r.userHandle) {
        response.userHandle = text(r.userHandle);
      }
    }
    return {
      id: credential.id, rawId: text(credential.rawId), type: credential.type, response,
      authenticatorAttachment: credential.authenticatorAttachment,
      clientExtensionResults: credential.getClientExtensionResults(),
    };
  }

  /** Adds a passkey of this device to the signed-in user. */
  async function addPasskey(name) {
    const o = await call('POST', '/api/v1/me/passkeys/options');
    const credential = await navigator.credentials.create({
      publicKey: {
        challenge: bytes(o.challenge),
        rp: o.rp,
        user: { id: bytes(o.user.id), name: o.user.name, displayName: o.user.display_name },
        pubKeyCredParams: o.pub_key_cred_params,
        excludeCredentials: o.exclude_credentials.map(descriptor),
        authenticatorSelection: {
          residentKey: o.authenticator_selection.resident_key,
          requireResidentKey: o.authenticator_selection.require_resident_key,
          userVerification: o.authenticator_selection.user_verification,
        },
        attestation: o.attestation,
        timeout: o.timeout,
      },
    });
    return call('POST', '/api/v1/me/passkeys', { challenge_id: o.challenge_id, name, credential: json(credential) });
  }

  /** Signs in with a passkey; without a login any passkey of this site may answer. */
  async function signInWithPasskey(login) {
    const o = await call('POST', '/api/v1/auth/passkeys/login/options', login ? { login } : {});
    const credential = await navigator.credentials.get({
      publicKey: {
        challenge: bytes(o.challenge),
        rpId: o.rp_id,
        allowCredentials: o.allow_credentials.map(descriptor),
        userVerification: o.user_verification,
        timeout: o.timeout,
      },
    });
    keep(await call('POST', '/api/v1/auth/passkeys/login', { challenge_id: o.challenge_id, credential: json(credential) }));
  }

  return { call, keep, forget, signedIn, addPasskey, signInWithPasskey };
})();
