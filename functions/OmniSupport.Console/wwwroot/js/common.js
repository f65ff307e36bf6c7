// Shared by every console page: the API client (the session cookie goes with every call), DOM helpers,
// the header with sign-out, channel icons and time formats. No framework, no build step.

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
  }
}

/** Calls /api/{path}; a 401 sends the browser to the sign-in page. */
export async function api(path, { method = 'GET', body, headers = {}, allow401 = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch('/api/' + path, init);
  if (response.status === 401 && !allow401) {
    location.href = './?next=' + encodeURIComponent(location.pathname.split('/').pop() + location.search);
    throw new ApiError(401, 'Signed out');
  }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem.title, problem.detail);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** Creates an element: el('a', { href: '#', class: 'x', onclick: fn }, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

export function clear(node, ...children) {
  node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  return node;
}

/** Shows a message in the page's status line (read by screen readers). */
export function say(text, kind = 'info') {
  const status = $('#status');
  if (!status) return;
  status.textContent = text;
  status.dataset.kind = kind;
}

/** Checks the session, fills the header (who, sign-out) and marks the current page. */
export async function signedIn() {
  const who = await api('session');
  const user = $('#who');
  if (user) user.textContent = `${who.keyId} (${who.scope})`;
  const out = $('#sign-out');
  if (out) {
    out.addEventListener('click', async () => {
      await api('session', { method: 'DELETE', allow401: true }).catch(() => null);
      location.href = './?signedOut=1';
    });
  }
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === location.pathname.split('/').pop()) link.setAttribute('aria-current', 'page');
  }
  return who;
}

const ICONS = {
  email: 'M3 6h18v12H3z M3 6l9 7 9-7',
  chat: 'M4 5h16v10H9l-5 4z',
  intercom: 'M4 5h16v10H9l-5 4z',
  messenger: 'M4 5h16v10H9l-5 4z',
  whatsapp: 'M4 5h16v10H9l-5 4z',
  sms: 'M7 3h10v18H7z M10 18h4',
  voice: 'M6 3l4 4-2 3c1 2 3 4 6 6l3-2 4 4-3 3C10 21 3 14 3 6z',
  x: 'M5 4l14 16 M19 4L5 20',
  system: 'M12 4a8 8 0 1 0 0.01 0z M12 8v5 M12 16v1',
  bot: 'M6 8h12v10H6z M12 4v4 M9 12v1 M15 12v1',
};

/** A small inline SVG for a channel; decorative where a text label stands beside it. */
export function channelIcon(channel, label = true) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', `icon ch-${channel}`);
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', channel);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[channel] || ICONS.system);
  svg.append(path);
  return svg;
}

/** The channel's icon and name. */
export function channelBadge(channel) {
  return el('span', { class: `badge ch-${channel}`, dataset: { channel } }, channelIcon(channel, false), channel);
}

/** 75 → "1m 15s"; negative values keep their sign ("-0m 05s"). */
export function duration(seconds) {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(Math.trunc(seconds));
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const pad = n => String(n).padStart(2, '0');
  return h > 0 ? `${sign}${h}h ${pad(m)}m ${pad(s)}s` : `${sign}${m}m ${pad(s)}s`;
}

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export const params = () => new URLSearchParams(location.search);
