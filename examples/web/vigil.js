// The browser side of Vigil for this app: JSON calls, token storage, and the WebAuthn glue between
// Vigil's snake_case, base64url options and what navigator.credentials wants. The calls go through
// the typed client (clients/typescript): it adds the access token, renews it with the refresh token
// when it has expired (one refresh for all calls waiting), and keeps the tokens in session storage,
// so they end with the tab. A real app weighs that choice (docs/integrating.md).
import { createVigilClient, keyValueTokenStore } from '@vigil/client';

const TOKENS = 'vigil.tokens';

const vigil = (() => {
  const tokens = keyValueTokenStore(sessionStorage, TOKENS);
  const client = createVigilClient({
    baseUrl: (window.VIGIL_URL || '').replace(/\/$/, ''),
    tokenStore: tokens,
    // The refresh token was refused (signed out elsewhere, expired, revoked): back to the sign-in screen.
    onSessionEnded: () => location.replace('/'),
  });

  /** One call; resolves to the answer's JSON (null when it has none), rejects with the problem+json. */
  async function call(method, path, body) {
    const { data, error, response } = await client.api[method](path, body === undefined ? {} : { body });
    if (!response.ok) {
      throw error ?? { status: response.status, title: response.statusText };
    }
    return data ?? null;
  }

  function keep(pair) {
    return tokens.set(pair);
  }

  function forget() {
    return tokens.clear();
  }

  function signedIn() {
    return sessionStorage.getItem(TOKENS) !== null;
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
    await keep(await call('POST', '/api/v1/auth/passkeys/login', { challenge_id: o.challenge_id, credential: json(credential) }));
  }

  return { call, keep, forget, signedIn, addPasskey, signInWithPasskey };
})();

// The page scripts (app.js, magic-link.js) use it as a global.
window.vigil = vigil;
