import { $, say } from './common.js';

const next = () => {
  const wanted = new URLSearchParams(location.search).get('next') || 'agent.html';
  // Only a page of this console, never another origin.
  return /^[a-z]+\.html(\?[\w=&%.\-]*)?$/.test(wanted) ? wanted : 'agent.html';
};

$('#signin').addEventListener('submit', async event => {
  event.preventDefault();
  const key = $('#key').value.trim();
  if (!key) return;
  say('Signing in…');
  const response = await fetch('/api/session', { method: 'POST', credentials: 'same-origin', headers: { 'X-Api-Key': key } });
  $('#key').value = '';
  if (response.ok) {
    location.href = next();
  } else {
    say(response.status === 401 ? 'That key was not accepted.' : `Sign-in failed (${response.status}).`, 'error');
    $('#key').focus();
  }
});

$('#signin button[type=submit]').disabled = false;
if (new URLSearchParams(location.search).has('signedOut')) say('Signed out.');
