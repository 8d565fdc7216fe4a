'use strict';

// The mailed link leads here with ?token=...: post it back once, keep the tokens, go home.
(async () => {
  const status = document.getElementById('status');
  const token = new URLSearchParams(location.search).get('token');
  history.replaceState(null, '', '/magic-link'); // the token is spent; keep it out of the history
  try {
    const answer = await vigil.call('POST', '/api/v1/auth/magic-link/verify', { token });
    if (answer.mfa_required) {
      sessionStorage.setItem('vigil.mfa_token', answer.mfa_token);
    } else {
      vigil.keep(answer);
    }
    location.replace('/');
  } catch (problem) {
    status.textContent = `This link does not work: ${problem.detail ?? problem.title}`;
  }
})();
