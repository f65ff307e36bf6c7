import { $, api, el, clear, say, signedIn, channelBadge, channelIcon, when, params } from './common.js';

const PAGE_SIZE = 20;
const LISTED = 200; // conversations in the list, and the most urgent the hub lists per queue
const REPLY_CHANNELS = ['email', 'sms', 'voice', 'x', 'chat', 'intercom', 'messenger', 'whatsapp'];
// The knowledge base renders for email, chat, sms and voice; the social channels read like chat.
const KB_CHANNEL = { email: 'email', sms: 'sms', voice: 'voice' };
let who;
let board = [];

function renderList() {
  const queue = $('#queue-filter').value;
  const text = $('#text-filter').value.trim().toLowerCase();
  const items = board
    .filter(q => !queue || q.queue === queue)
    .flatMap(q => q.conversations.map(c => ({ ...c, queue: q.queue })))
    .filter(c => !text || [c.conversationId, c.channel, c.tier, c.queue, c.customerId].some(v => (v || '').toLowerCase().includes(text)));
  const shown = items.slice(0, LISTED); // each queue's most urgent first; filter by queue or search a customer for the rest
  // The hub lists each queue's most urgent LISTED and counts them all: the rest of a long queue is counted, not listed.
  const total = text ? items.length : board.filter(q => !queue || q.queue === queue).reduce((sum, q) => sum + q.open, 0);
  clear($('#conversations'), items.length === 0 ? el('li', { class: 'muted' }, 'No open conversations.') : shown.map(c =>
    el('li', {}, el('a', { href: `?conversation=${encodeURIComponent(c.conversationId)}`, dataset: { conversation: c.conversationId } },
      channelBadge(c.channel || 'system'), ' ', el('b', {}, c.queue), ' · ', c.tier || 'no tier', ' · P', c.priority,
      el('div', { class: 'muted' }, c.conversationId, c.waitingSince ? ` · waiting since ${when(c.waitingSince)}` : '')))),
    total > shown.length ? el('li', { class: 'muted' }, `and ${total - shown.length} more: filter by queue or search a customer`) : null);
}

async function loadBoard() {
  board = await api(`queues?top=${LISTED}`);
  const select = $('#queue-filter');
  const current = select.value;
  clear(select, el('option', { value: '' }, 'All queues'), board.map(q => el('option', { value: q.queue }, `${q.queue} (${q.open})`)));
  select.value = current;
  renderList();
}

/** The customer's latest conversation, or the profile and timeline when there is none. */
async function openCustomer(customer) {
  const page = await api(`customers/${encodeURIComponent(customer.id)}/timeline?pageSize=50`);
  const conversationId = page.events.find(e => e.conversationId)?.conversationId;
  if (conversationId) {
    history.replaceState(null, '', `?conversation=${encodeURIComponent(conversationId)}`);
    await openConversation(conversationId);
  } else {
    await showCustomerOnly(customer);
  }
}

async function search(event) {
  event.preventDefault();
  const kind = $('#search-kind').value;
  const value = $('#search-value').value.trim();
  say(`Looking up ${kind} ${value}…`);
  try {
    const customer = await api(`customers?${kind}=${encodeURIComponent(value)}`);
    await openCustomer(customer);
    say(`Found ${customer.displayName || customer.id}.`, 'ok');
  } catch (error) {
    say(error.status === 404 ? `No customer with ${kind} ${value}.` : error.message, 'error');
  }
}

function profileCard(customer) {
  const attributes = Object.entries(customer.attributes || {});
  return el('section', { class: 'card', 'aria-labelledby': 'profile-h', id: 'profile' },
    el('h2', { id: 'profile-h' }, customer.displayName || customer.id),
    el('dl', { class: 'kv' },
      el('dt', {}, 'Customer'), el('dd', {}, customer.id),
      el('dt', {}, 'Tier'), el('dd', { id: 'tier' }, customer.attributes?.tier || '—')),
    el('h3', {}, 'Identities'),
    el('ul', { class: 'plain', id: 'identities' }, customer.identities.map(i => el('li', {}, channelBadge(i.kind), ' ', i.value))),
    attributes.length ? [el('h3', {}, 'Attributes'), el('dl', { class: 'kv', id: 'attributes' }, attributes.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))] : null,
    customer.mergeSuggestions?.length ? [el('h3', {}, 'Possible duplicates'), el('ul', { id: 'merge-suggestions' },
      customer.mergeSuggestions.map(s => el('li', {}, s.otherCustomerId, ': ', s.reason, ' (', s.matchedIdentities.join(', '), ')')))] : null,
    customer.mergedFrom?.length ? el('p', { class: 'muted' }, 'Merged from ', customer.mergedFrom.join(', ')) : null);
}

async function handoffCard(conversation) {
  if (!conversation.handoff) return null;
  const card = await api(`conversations/${encodeURIComponent(conversation.id)}/card`);
  const handoff = conversation.handoff;
  const collected = Object.entries(card.collected || {});
  return el('section', { class: 'card handoff', id: 'handoff', 'aria-labelledby': 'handoff-h' },
    el('h2', { id: 'handoff-h' }, channelIcon('bot'), ' Handed over by ', card.botPlatform || handoff.platform),
    el('dl', { class: 'kv' },
      el('dt', {}, 'Intent'), el('dd', { id: 'handoff-intent' }, card.issueType || handoff.intent || '—'),
      el('dt', {}, 'Confidence'), el('dd', {}, card.confidence == null ? '—' : `${Math.round(card.confidence * 100)}%`),
      el('dt', {}, 'Account'), el('dd', {}, card.accountId || '—')),
    el('h3', {}, 'Collected'),
    collected.length ? el('dl', { class: 'kv', id: 'handoff-collected' }, collected.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])) : el('p', { class: 'muted' }, 'Nothing collected.'),
    el('h3', {}, 'Steps attempted'),
    el('ol', { id: 'handoff-steps' }, (card.stepsDone || []).map(s => el('li', {}, s))),
    handoff.transcript?.length ? [el('h3', {}, 'Transcript'), el('ul', { class: 'plain', id: 'handoff-transcript' }, handoff.transcript.map(t => el('li', {}, t)))] : null,
    handoff.transcriptReference ? el('p', { class: 'muted' }, 'Full transcript: ', handoff.transcriptReference) : null);
}

function timelineItem(e) {
  return el('li', { class: e.direction, dataset: { channel: e.channel, direction: e.direction, event: e.id } },
    el('div', {}, channelBadge(e.channel), el('div', { class: 'muted' }, when(e.occurredAt)), el('div', { class: 'muted' }, e.direction,
      e.metadata?.status ? ` · ${e.metadata.status}` : '')),
    el('div', { class: 'text' }, e.subject ? el('b', {}, e.subject, el('br')) : null, e.text || ''));
}

function timelineSection(customerId) {
  const list = el('ol', { class: 'plain timeline', id: 'timeline', 'aria-label': 'Timeline, newest first' });
  const more = el('button', { type: 'button', class: 'secondary', id: 'older', hidden: true }, 'Older events');
  let token = null;
  const load = async () => {
    more.disabled = true;
    const query = `pageSize=${PAGE_SIZE}` + (token ? `&continuationToken=${encodeURIComponent(token)}` : '');
    const page = await api(`customers/${encodeURIComponent(customerId)}/timeline?${query}`);
    list.append(...page.events.map(timelineItem));
    token = page.continuationToken;
    more.hidden = !token;
    more.disabled = false;
  };
  more.addEventListener('click', load);
  const section = el('section', { class: 'card', 'aria-labelledby': 'timeline-h' }, el('h2', { id: 'timeline-h' }, 'Timeline, every channel'), list, more);
  return { section, load, reload: async () => { list.replaceChildren(); token = null; await load(); } };
}

function replySection(conversation, onSent) {
  const channels = [...new Set([conversation.lastInboundChannel, ...conversation.channels, ...REPLY_CHANNELS].filter(Boolean))];
  const channel = el('select', { id: 'reply-channel' }, channels.map(c => el('option', { value: c }, c)));
  channel.value = conversation.lastInboundChannel || channels[0];
  const text = el('textarea', { id: 'reply-text', required: true });
  const agent = el('input', { id: 'reply-agent', value: who?.keyId ?? '', required: true });
  const form = el('form', { id: 'reply', class: 'card', 'aria-labelledby': 'reply-h' },
    el('h2', { id: 'reply-h' }, 'Reply'),
    el('div', { class: 'row' }, el('div', {}, el('label', { for: 'reply-channel' }, 'Channel'), channel), el('div', {}, el('label', { for: 'reply-agent' }, 'Agent'), agent)),
    el('label', { for: 'reply-text' }, 'Message'), text,
    el('button', { type: 'submit' }, 'Send reply'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const sent = await api(`conversations/${encodeURIComponent(conversation.id)}/replies`, { method: 'POST', body: { text: text.value, agent: agent.value, channel: channel.value } });
      text.value = '';
      say(`Reply queued on ${sent.channel} (${sent.outboundId}).`, 'ok');
      await onSent();
    } catch (error) { say(error.message, 'error'); }
  });
  return { form, channel, text };
}

function knowledgeSection(conversation, reply) {
  const query = el('input', { id: 'kb-query', type: 'search', required: true });
  const results = el('ul', { class: 'plain list', id: 'kb-results' });
  const article = el('div', { id: 'kb-article', 'aria-live': 'polite' });
  const show = async hit => {
    const channel = KB_CHANNEL[reply.channel.value] || 'chat';
    const rendered = await api(`kb/articles/${encodeURIComponent(hit.id)}?channel=${channel}&customerId=${encodeURIComponent(conversation.customerId)}`);
    const body = el('div', { class: 'article' + (rendered.contentType.startsWith('text/html') ? '' : ' plain'), dataset: { channel } });
    // HTML rendered by the hub from the article's Markdown; the page's CSP keeps any script in it from running.
    if (rendered.contentType.startsWith('text/html')) body.innerHTML = rendered.content; else body.textContent = rendered.content;
    const plain = rendered.contentType.startsWith('text/html') ? body.textContent : rendered.content;
    clear(article, el('h3', {}, rendered.title, ' ', el('span', { class: 'muted' }, `for ${channel}`)), body,
      el('button', { type: 'button', class: 'secondary', onclick: () => { reply.text.value = (reply.text.value ? reply.text.value + '\n\n' : '') + plain.trim(); reply.text.focus(); } }, 'Insert into reply'));
  };
  const form = el('form', { class: 'card', id: 'kb', role: 'search', 'aria-labelledby': 'kb-h' },
    el('h2', { id: 'kb-h' }, 'Knowledge base'),
    el('div', { class: 'row' }, el('div', {}, el('label', { for: 'kb-query' }, 'Search articles'), query), el('button', { type: 'submit' }, 'Search')),
    results, article);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const hits = await api(`kb/search?q=${encodeURIComponent(query.value)}`);
    clear(results, hits.length === 0 ? el('li', { class: 'muted' }, 'No article matches.') :
      hits.map(h => el('li', {}, el('a', { href: '#kb-article', onclick: e => { e.preventDefault(); show(h).catch(err => say(err.message, 'error')); } }, h.title))));
  });
  return form;
}

function resolveSection(conversation) {
  const code = el('input', { id: 'resolve-code', list: 'codes', required: true, placeholder: 'e.g. refund-issued' });
  const codes = el('datalist', { id: 'codes' }, ['resolved', 'refund-issued', 'replacement-sent', 'no-fault-found', 'duplicate', 'escalated-to-engineering'].map(c => el('option', { value: c })));
  const recollected = el('input', { id: 'resolve-recollected', type: 'checkbox' });
  const notes = el('input', { id: 'resolve-notes' });
  const form = el('form', { class: 'card', id: 'resolve', 'aria-labelledby': 'resolve-h' },
    el('h2', { id: 'resolve-h' }, 'Resolve'),
    el('label', { for: 'resolve-code' }, 'Disposition code'), code, codes,
    el('label', { class: 'inline', for: 'resolve-recollected' }, recollected, 'Had to re-collect what the bot or an earlier channel had'),
    el('label', { for: 'resolve-notes' }, 'Notes'), notes,
    el('button', { type: 'submit', disabled: conversation.status === 'resolved' }, 'Resolve conversation'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api(`conversations/${encodeURIComponent(conversation.id)}/resolve`, { method: 'POST', body: { code: code.value, recollected: recollected.checked, notes: notes.value || null } });
      say(`Resolved as ${code.value}.`, 'ok');
      await openConversation(conversation.id);
      await loadBoard();
    } catch (error) { say(error.message, 'error'); }
  });
  return form;
}

async function showCustomerOnly(customer) {
  const timeline = timelineSection(customer.id);
  clear($('#conversation'), profileCard(customer), timeline.section);
  await timeline.load();
}

async function openConversation(id) {
  const conversation = await api(`conversations/${encodeURIComponent(id)}`);
  const [customer, card] = await Promise.all([api(`customers/${encodeURIComponent(conversation.customerId)}`), handoffCard(conversation)]);
  const timeline = timelineSection(conversation.customerId);
  const reply = replySection(conversation, () => timeline.reload());
  const head = el('section', { class: 'card', 'aria-labelledby': 'conversation-h' },
    el('h2', { id: 'conversation-h' }, 'Conversation ', conversation.id),
    el('dl', { class: 'kv' },
      el('dt', {}, 'Status'), el('dd', { id: 'conversation-status' }, conversation.status, conversation.disposition ? ` (${conversation.disposition.code})` : ''),
      el('dt', {}, 'Journey'), el('dd', { id: 'journey' }, conversation.channels.map(channelBadge)),
      el('dt', {}, 'Queue'), el('dd', {}, `${conversation.queue || 'default'} · priority ${conversation.priority}`),
      el('dt', {}, 'Customer last wrote on'), el('dd', {}, conversation.lastInboundChannel || '—')));
  clear($('#conversation'), el('div', { class: 'grid detail' },
    el('div', {}, card, head, reply.form, timeline.section),
    el('div', {}, profileCard(customer), knowledgeSection(conversation, reply), resolveSection(conversation))));
  await timeline.load();
  document.title = `${customer.displayName || conversation.id} · Agent · OmniSupport`;
}

async function start() {
  // The forms are live before the session check returns: a search sent meanwhile is not a page reload.
  $('#queue-filter').addEventListener('change', renderList);
  $('#text-filter').addEventListener('input', renderList);
  $('#search').addEventListener('submit', search);
  window.addEventListener('popstate', () => { const id = params().get('conversation'); if (id) openConversation(id); });
  who = await signedIn();
  await loadBoard().catch(error => say(error.message, 'error'));
  const id = params().get('conversation');
  const customerId = params().get('customer');
  if (id) await openConversation(id).catch(error => say(error.message, 'error'));
  else if (customerId) await api(`customers/${encodeURIComponent(customerId)}`).then(openCustomer).catch(error => say(error.message, 'error'));
}

start();
