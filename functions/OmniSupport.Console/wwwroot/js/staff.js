import { $, api, el, clear, say, signedIn, channelBadge, when, params } from './common.js';

// GET /api/appointments?date=YYYY-MM-DD (the hospital's staff view).
const time = iso => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

// Only the latest request draws: a slow first load must not overwrite the day asked for after it.
let latest = 0;

async function show(date) {
  const mine = ++latest;
  say(`Loading ${date}…`);
  try {
    const day = await api(`appointments?date=${encodeURIComponent(date)}`);
    if (mine !== latest) return;
    clear($('#counts'), Object.entries(day.counts || {}).map(([status, n]) =>
      el('div', { class: 'kpi', dataset: { status } }, el('b', {}, n), status)));
    $('#caption').textContent = `${day.appointments.length} appointments on ${day.date}`;
    const rows = [...day.appointments].sort((a, b) => a.start.localeCompare(b.start) || a.status.localeCompare(b.status));
    clear($('#appointments'), rows.length === 0 ? el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No appointments.')) : rows.map(a =>
      el('tr', { dataset: { appointment: a.id, status: a.statusCode } },
        el('td', {}, `${time(a.start)}–${time(a.end)}`),
        el('td', {}, a.timelineUrl || a.customerId
          ? el('a', { href: `agent.html?customer=${encodeURIComponent(a.customerId)}` }, a.patientName || a.customerId) : (a.patientName || '—')),
        el('td', {}, a.location || ''),
        el('td', { class: 'status' }, a.status),
        el('td', {}, a.lastContact ? [channelBadge(a.lastContact.channel), ' ', when(a.lastContact.at), el('div', { class: 'muted' }, a.lastContact.summary || '')] : '—'),
        el('td', {}, a.slotToRebook ? el('span', { class: 'flag' }, 'Slot to rebook') : ''))));
    say('');
  } catch (error) {
    if (mine !== latest) return;
    say(error.status === 404 ? 'The appointments API is not available on this hub.' : error.message, 'error');
  }
}

async function start() {
  // The form is live before the session check returns, and a day typed meanwhile is kept.
  $('#day').value ||= params().get('date') || new Date().toISOString().slice(0, 10);
  $('#day-form').addEventListener('submit', event => {
    event.preventDefault();
    history.replaceState(null, '', `?date=${$('#day').value}`);
    show($('#day').value);
  });
  await signedIn();
  if (latest === 0) await show($('#day').value);
}

start();
