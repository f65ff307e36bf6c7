import { $, api, el, clear, say, signedIn, duration, params } from './common.js';

// GET /api/analytics/journeys?from&to and its drill-down /api/analytics/journeys/conversations?path=…
const pct = v => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);
const secs = v => (v === null || v === undefined ? '—' : duration(v));
let chart;

function kpis(r) {
  const kpi = (label, value) => el('div', { class: 'kpi' }, el('b', {}, value), label);
  clear($('#kpis'),
    kpi('resolved journeys', r.resolvedJourneys), kpi('customers', r.uniqueCustomers),
    kpi('first-contact resolution', pct(r.firstContactResolutionRate)),
    kpi('contacts per resolution (mean / median / p90)', `${r.contactsPerResolution.mean} / ${r.contactsPerResolution.median} / ${r.contactsPerResolution.p90}`),
    kpi('switched channel', pct(r.channelSwitchRate)),
    kpi('repeat contact 24h / 48h / 7d', `${pct(r.repeatContactRate.h24)} / ${pct(r.repeatContactRate.h48)} / ${pct(r.repeatContactRate.d7)}`),
    kpi('first response (median / p90)', `${secs(r.timeToFirstResponseSeconds.median)} / ${secs(r.timeToFirstResponseSeconds.p90)}`),
    kpi('resolution (median / p90)', `${secs(r.timeToResolutionSeconds.median)} / ${secs(r.timeToResolutionSeconds.p90)}`),
    kpi('SLA met', pct(r.slaMetRate)));
}

function sankey(r) {
  const box = $('#sankey');
  if (!window.echarts) { box.textContent = 'The chart library is missing (run npm ci and rebuild).'; return; }
  chart ??= window.echarts.init(box, null, { renderer: 'svg' });
  chart.setOption({
    aria: { enabled: true },
    animation: false, // drawn at once: a screenshot or a quick glance never catches a half-grown chart
    tooltip: { trigger: 'item' },
    series: [{ type: 'sankey', left: 8, right: 90, top: 10, bottom: 10, nodeAlign: 'justify', label: { color: '#1d232b' }, data: r.sankey.nodes, links: r.sankey.links, emphasis: { focus: 'adjacency' }, lineStyle: { color: 'gradient', opacity: 0.4 } }],
  }, true);
}

function paths(r, from, to) {
  clear($('#paths'), r.topPaths.length === 0 ? el('tr', {}, el('td', { colspan: 8, class: 'muted' }, 'No resolved journeys in this window.')) : r.topPaths.map(p =>
    el('tr', { dataset: { path: p.path } },
      el('td', {}, el('a', { href: '#drill', onclick: e => { e.preventDefault(); drill(p.path, from, to); } }, p.path)),
      el('td', {}, p.count), el('td', {}, pct(p.share)), el('td', {}, p.medianContacts), el('td', {}, secs(p.medianResolutionSeconds)),
      el('td', {}, pct(p.repeatRate)), el('td', {}, p.csatAverage ?? '—'), el('td', {}, pct(p.hadToRepeatShare)))));
}

async function drill(path, from, to) {
  const page = await api(`analytics/journeys/conversations?path=${encodeURIComponent(path)}&from=${from}&to=${to}`);
  $('#drill').hidden = false;
  $('#drill-h').textContent = `Conversations on ${path}`;
  clear($('#drill-rows'), page.items.map(i => el('tr', { dataset: { conversation: i.conversationId } },
    el('td', {}, el('a', { href: `agent.html?conversation=${encodeURIComponent(i.conversationId)}` }, i.conversationId)),
    el('td', {}, i.contacts), el('td', {}, new Date(i.openedAt).toLocaleString()), el('td', {}, i.resolvedAt ? new Date(i.resolvedAt).toLocaleString() : '—'),
    el('td', {}, i.slaMet ? 'met' : el('span', { class: 'breached' }, 'missed')), el('td', {}, i.csat ?? '—'))));
  $('#drill').scrollIntoView();
  $('#drill-h').focus?.();
}

// Only the latest request draws: a slow first load must not overwrite the range asked for after it.
let latest = 0;

async function show(from, to) {
  const mine = ++latest;
  say('Loading…');
  try {
    const r = await api(`analytics/journeys?from=${from}&to=${to}`);
    if (mine !== latest) return;
    kpis(r);
    sankey(r);
    paths(r, from, to);
    say('');
  } catch (error) {
    if (mine !== latest) return;
    say(error.status === 404 ? 'The journeys API is not available on this hub.' : error.message, 'error');
  }
}

async function start() {
  // The form is live before the session check returns, and dates typed meanwhile are kept.
  $('#to').value ||= params().get('to') || new Date().toISOString().slice(0, 10);
  $('#from').value ||= params().get('from') || new Date(Date.parse($('#to').value) - 29 * 86400000).toISOString().slice(0, 10);
  $('#range').addEventListener('submit', event => { event.preventDefault(); show($('#from').value, $('#to').value); });
  window.addEventListener('resize', () => chart?.resize());
  await signedIn();
  if (latest === 0) await show($('#from').value, $('#to').value);
}

start();
