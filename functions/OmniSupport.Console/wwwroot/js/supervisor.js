import { $, api, el, clear, say, signedIn, channelBadge, duration, when } from './common.js';

const POLL_MS = 2000;
const ROWS_PER_QUEUE = 100; // the server's default top: the most urgent, so a queue of thousands stays fast to draw and to tick
let board = [];
let offsetMs = 0; // server clock minus browser clock, from the Date header of an API answer

const conversationsOf = queue => queue.conversations.map(c => ({ ...c, queue: queue.queue }));
const now = () => Date.now() + offsetMs;
const leftSeconds = due => (Date.parse(due) - now()) / 1000;

// GET /api/queues and the stream carry the same absolute times and counts; keep the fields both have.
// The counts are over every open conversation of the queue; the list is only its most urgent (top).
const normalize = queues => queues.map(q => ({
  queue: q.queue,
  open: q.open,
  waiting: q.waiting,
  withinSla: q.withinSla,
  oldestWaitingSince: q.oldestWaitingSince,
  nextDueAt: q.nextDueAt,
  conversations: q.conversations.map(c => ({
    conversationId: c.conversationId, customerId: c.customerId, state: c.state, channel: c.channel, tier: c.tier,
    priority: c.priority, waitingSince: c.waitingSince, dueAt: c.state === 'waiting' ? c.dueAt : null,
    breaches: c.breaches ?? (c.breached ? 1 : 0),
  })),
}));

function stats(queue) {
  const oldest = queue.oldestWaitingSince ? Date.parse(queue.oldestWaitingSince) : null;
  // The server's next due time was ahead when it read the board; once it passes, the next snapshot brings the one after.
  const listed = queue.conversations.filter(c => c.dueAt && leftSeconds(c.dueAt) > 0).map(c => c.dueAt).sort();
  const next = queue.nextDueAt && leftSeconds(queue.nextDueAt) > 0 ? queue.nextDueAt : listed[0] ?? null;
  return {
    longest: oldest === null ? '—' : duration((now() - oldest) / 1000),
    next,
    slaMet: queue.open ? Math.round((100 * queue.withinSla) / queue.open) : 100,
  };
}

function countdown(due) {
  if (!due) return el('span', { class: 'countdown muted' }, 'answered');
  return el('span', { class: 'countdown', dataset: { due }, 'aria-label': 'time left' }, '');
}

function render() {
  const root = $('#queues');
  clear(root, board.length === 0 ? el('p', { class: 'muted' }, 'No open conversations.') : board.map(queue => {
    const s = stats(queue);
    return el('section', { class: 'card queue', dataset: { queue: queue.queue }, 'aria-labelledby': `q-${queue.queue}` },
      el('h3', { id: `q-${queue.queue}` }, queue.queue),
      el('div', { class: 'kpis' },
        el('div', { class: 'kpi' }, el('b', { class: 'waiting' }, queue.waiting), 'waiting'),
        el('div', { class: 'kpi' }, el('b', { class: 'longest' }, s.longest), 'longest wait'),
        el('div', { class: 'kpi' }, el('b', {}, s.next ? countdown(s.next) : '—'), 'next breach'),
        el('div', { class: 'kpi' }, el('b', { class: 'sla-met' }, `${s.slaMet}%`), 'within SLA')),
      el('div', { class: 'table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, ['Conversation', 'Channel', 'Priority', 'Time left'].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, queue.conversations.slice(0, ROWS_PER_QUEUE).map(c => el('tr', { dataset: { conversation: c.conversationId } },
          el('td', {}, el('a', { href: `agent.html?conversation=${encodeURIComponent(c.conversationId)}` }, c.conversationId), c.tier ? el('div', { class: 'muted' }, c.tier) : null),
          el('td', {}, channelBadge(c.channel || 'system')),
          el('td', { class: 'priority' }, c.priority),
          el('td', {}, countdown(c.dueAt))))))),
      queue.open > Math.min(queue.conversations.length, ROWS_PER_QUEUE) ? el('p', { class: 'muted more' }, `and ${queue.open - Math.min(queue.conversations.length, ROWS_PER_QUEUE)} more`) : null);
  }));
  const select = $('#move-conversation');
  const chosen = select.value;
  clear(select, board.flatMap(conversationsOf).slice(0, 2000).map(c => el('option', { value: c.conversationId }, `${c.conversationId} (${c.queue})`)));
  if (chosen) select.value = chosen;
  clear($('#queue-names'), board.map(q => el('option', { value: q.queue })));
  tick();
}

/** Every second: time left from each absolute due time; negative and red once breached. */
function tick() {
  for (const span of document.querySelectorAll('.countdown[data-due]')) {
    const left = leftSeconds(span.dataset.due);
    span.textContent = duration(left);
    span.classList.toggle('breached', left < 0);
  }
}

function show(queues, via) {
  board = normalize(queues);
  render();
  $('#live').textContent = `Live (${via}), updated ${when(new Date(now()).toISOString())}.`;
}

async function poll() {
  const response = await fetch(`/api/queues?top=${ROWS_PER_QUEUE}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) { location.href = './?next=supervisor.html'; return; }
  const date = response.headers.get('Date');
  if (date) offsetMs = Date.parse(date) - Date.now();
  if (response.ok) show(await response.json(), 'polling');
}

function live() {
  let polling = null;
  const fallback = () => {
    if (polling) return;
    polling = setInterval(() => poll().catch(() => null), POLL_MS);
  };
  if (!('EventSource' in window)) { fallback(); return; }
  const source = new EventSource(`/api/queues/stream?top=${ROWS_PER_QUEUE}`);
  let failures = 0;
  source.addEventListener('queues', event => { failures = 0; show(JSON.parse(event.data), 'server-sent events'); });
  source.addEventListener('error', () => {
    // The stream ends every few minutes and reconnects by itself; a host that cannot stream fails at once.
    if (++failures >= 3) { source.close(); fallback(); }
  });
}

async function kpis() {
  const [surveys, handoffs] = await Promise.all([api('reports/surveys'), api('reports/handoffs')]);
  const kpi = (id, value, label) => el('div', { class: 'kpi', id }, el('b', {}, value), label);
  clear($('#kpis'),
    kpi('kpi-surveys', `${surveys.answered} / ${surveys.sent}`, 'surveys answered'),
    kpi('kpi-csat', surveys.averageCsat ?? '—', 'average CSAT (1-5)'),
    kpi('kpi-repeat', surveys.answered ? `${Math.round((100 * surveys.repeatedInformationYes) / surveys.answered)}%` : '—', 'customers who had to repeat'),
    kpi('kpi-recollect', handoffs.resolved ? `${Math.round(100 * handoffs.recollectionRate)}%` : '—', `re-collected after a bot (${handoffs.resolved} handoffs, 30 days)`));
}

async function calls() {
  const tasks = await api('callbacks');
  clear($('#calls'), tasks.length === 0 ? el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No open call tasks.')) : tasks.map(t =>
    el('tr', { dataset: { task: t.id } }, el('td', {}, when(t.createdAt)), el('td', {}, t.phone || '—'),
      el('td', {}, el('a', { href: `agent.html?conversation=${encodeURIComponent(t.conversationId)}` }, t.conversationId)),
      el('td', {}, t.status), el('td', {}, t.reason || ''))));
}

async function move(event) {
  event.preventDefault();
  const id = $('#move-conversation').value;
  const queue = $('#move-queue').value.trim() || null;
  const priority = $('#move-priority').value === '' ? null : Number($('#move-priority').value);
  const reason = $('#move-reason').value.trim();
  try {
    const moved = await api(`conversations/${encodeURIComponent(id)}/queue`, { method: 'POST', body: { queue, priority, reason } });
    say(`Moved ${moved.id} to ${moved.queue} at priority ${moved.priority}.`, 'ok');
    $('#move-reason').value = '';
  } catch (error) { say(error.message, 'error'); }
}

async function start() {
  $('#move').addEventListener('submit', move); // live before the session check returns
  await signedIn();
  await poll().catch(error => say(error.message, 'error'));
  live();
  setInterval(tick, 1000);
  await Promise.all([kpis(), calls()]).catch(error => say(error.message, 'error'));
  setInterval(() => calls().catch(() => null), 15000);
}

start();
