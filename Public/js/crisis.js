// The help-lines panel at the top of the page. It opens for chat `crisis_support`, for an
// analysis or questionnaire answer that carries `support`, and stays until dismissed.

import { $, h, clear } from './dom.js';

const DEFAULT_MESSAGE = 'If you are in danger right now, please call your local emergency number. ' +
  'These people are there to listen, any time:';

function telHref(phone) {
  const digits = String(phone).replace(/[^\d+]/g, '');
  return digits ? `tel:${digits}` : null;
}

/** "988" → sms:988; "HOME to 741741" → sms:741741 with the keyword as the body. */
function smsLink(sms) {
  const text = String(sms).trim();
  const keyword = text.match(/^(.+?)\s+to\s+([\d+ ]+)$/i);
  if (keyword) {
    const number = keyword[2].replace(/[^\d+]/g, '');
    return { href: `sms:${number}?&body=${encodeURIComponent(keyword[1])}`, label: `Text ${keyword[1]} to ${number}` };
  }
  const number = text.replace(/[^\d+]/g, '');
  return number ? { href: `sms:${number}`, label: `Text ${number}` } : null;
}

function safeURL(url) {
  try {
    const parsed = new URL(String(url));
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : null;
  } catch {
    return null;
  }
}

export function resourceItem(resource) {
  const links = [];
  if (resource.phone) {
    const href = telHref(resource.phone);
    if (href) links.push(h('a', { class: 'resource-link', href, 'data-testid': 'resource-phone' }, `Call ${resource.phone}`));
  }
  if (resource.sms) {
    const sms = smsLink(resource.sms);
    if (sms) links.push(h('a', { class: 'resource-link', href: sms.href, 'data-testid': 'resource-sms' }, sms.label));
  }
  if (resource.url) {
    const url = safeURL(resource.url);
    if (url) {
      links.push(h('a', { class: 'resource-link', href: url.href, target: '_blank', rel: 'noopener noreferrer',
                          'data-testid': 'resource-url' }, url.host.replace(/^www\./, '')));
    }
  }
  const region = resource.region && resource.region !== 'international' ? resource.region : 'worldwide';
  return h('li', { class: 'resource', 'data-testid': 'crisis-resource' },
    h('span', { class: 'resource-name' }, resource.name || 'Help line'),
    h('span', { class: 'resource-region' }, ` (${region})`),
    links.length ? h('span', { class: 'resource-links' }, links) : null);
}

/** Opens the panel. `support` is {message?, level?, resources:[...]}. */
export function showSupport(support) {
  const panel = $('crisis-panel');
  const resources = Array.isArray(support?.resources) ? support.resources : [];
  $('crisis-message').textContent = support?.message || DEFAULT_MESSAGE;
  const list = clear($('crisis-resources'));
  for (const resource of resources) list.append(resourceItem(resource));
  panel.dataset.level = support?.level || 'support';
  const wasHidden = panel.hidden;
  panel.hidden = false;
  if (wasHidden) {
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    panel.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }
}

export function initCrisisPanel() {
  $('crisis-dismiss').addEventListener('click', () => {
    $('crisis-panel').hidden = true;
    const input = document.getElementById('chat-input');
    if (input) input.focus();
  });
}
