// The help-lines panel at the top of the page. It opens for chat `crisis_support`, for an
// analysis or questionnaire answer that carries `support`, and stays until dismissed. When the
// person has a safety plan, their own plan comes first: what helps, who to call, what matters.

import { $, h, clear } from './dom.js';
import { api } from './api.js';

const DEFAULT_MESSAGE = 'If you are in danger right now, please call your local emergency number. ' +
  'These people are there to listen, any time:';

// Set by initCrisisPanel: the safety-plan editor, the country chooser and its country names.
const hooks = { onOpenPlan: () => {}, onChooseCountry: () => {}, countryName: () => '' };
// The person's safety plan (null: none), the country whose lines are shown (null: not known),
// and a counter so a late help-lines answer never overwrites newer ones.
const state = { plan: null, country: null, request: 0 };

export function telHref(phone) {
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
    resource.hours ? h('span', { class: 'resource-hours', 'data-testid': 'resource-hours' }, String(resource.hours)) : null,
    links.length ? h('span', { class: 'resource-links' }, links) : null);
}

/** "DE" → "Germany": the chooser's list first, then the browser's own names. */
function countryName(code) {
  const fromList = hooks.countryName(code);
  if (fromList) return fromList;
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) || code;
  } catch {
    return code;
  }
}

/** The country the lines are for: as the server says, else the first line of a country of its own. */
function countryOf(country, resources) {
  const isCountry = (code) => typeof code === 'string' && /^[A-Za-z]{2}$/.test(code) && code.toUpperCase() !== 'EU';
  if (isCountry(country)) return country.toUpperCase();
  const own = resources.find((r) => isCountry(r?.region));
  return own ? own.region.toUpperCase() : null;
}

// Safety plan

function isPlan(plan) {
  return Boolean(plan) && typeof plan === 'object' && !Array.isArray(plan);
}

function texts(items) {
  return Array.isArray(items) ? items.filter((t) => typeof t === 'string' && t.trim()) : [];
}

function people(items) {
  return Array.isArray(items) ? items.filter((p) => p && typeof p.name === 'string' && p.name.trim()) : [];
}

function planPart(title, items, testid, listClass = 'plan-list') {
  if (!items.length) return null;
  return h('div', { class: 'plan-part', 'data-testid': testid },
    h('h4', {}, title),
    h('ul', { class: listClass }, items));
}

function personItem(person) {
  const href = person.phone ? telHref(person.phone) : null;
  return h('li', { class: 'plan-person', 'data-testid': 'plan-person' },
    h('span', { class: 'plan-person-name' }, person.name),
    href ? h('a', { class: 'resource-link plan-call', href, 'data-testid': 'plan-person-call',
                    'aria-label': `Call ${person.name} on ${person.phone}` }, `Call ${person.phone}`) : null);
}

function renderPlan() {
  const box = clear($('crisis-safety-plan'));
  const plan = state.plan;
  box.hidden = !plan;
  if (!plan) return;
  const parts = [
    planPart('Things I can do on my own', texts(plan.coping_strategies).map((t) => h('li', {}, t)), 'plan-show-coping_strategies'),
    planPart('My reasons for living', texts(plan.reasons_for_living).map((t) => h('li', {}, t)), 'plan-show-reasons_for_living'),
    planPart('People I can ask for help', people(plan.people_to_ask).map(personItem), 'plan-show-people_to_ask', 'plan-people'),
    planPart('Professionals and services', people(plan.professionals).map(personItem), 'plan-show-professionals', 'plan-people'),
  ].filter(Boolean);
  box.append(h('h3', { class: 'crisis-plan-title' }, 'Your safety plan'),
    parts.length
      ? h('div', { class: 'plan-parts' }, parts)
      : h('p', {}, 'Your plan does not list things that help, people or reasons yet. You can add them with "Edit my safety plan" below.'));
}

function renderPlanButton() {
  $('crisis-plan-open').textContent = state.plan ? 'Edit my safety plan' : 'Make a safety plan for next time';
}

// Help lines

function renderHelpLines(message, resources, country) {
  $('crisis-message').textContent = message || DEFAULT_MESSAGE;
  const list = clear($('crisis-resources'));
  for (const resource of resources) list.append(resourceItem(resource));
  state.country = countryOf(country, resources);
  const link = $('crisis-country-link');
  link.textContent = state.country
    ? `Not in ${countryName(state.country)}? Choose your country`
    : 'Choose your country for local help lines';
  link.dataset.country = state.country || '';
}

/** The line above lines fetched for another country, in the same tone as the server's. */
function messageFor(level, emergency) {
  const number = emergency ? String(emergency) : 'your local emergency number';
  return level === 'concern'
    ? `You don't have to carry this alone: these people are there to listen. If you are ever in danger, please call ${number}.`
    : `If you are in danger right now, please call ${number}. These people are there to listen:`;
}

/**
 * Opens the panel. `support` is {message?, level?, resources:[...], safety_plan?, country?}.
 * The plan comes from `support`, else from what the editor last loaded or saved.
 */
export function showSupport(support) {
  const panel = $('crisis-panel');
  const resources = Array.isArray(support?.resources) ? support.resources : [];
  state.request += 1; // a help-lines refresh still on its way is now out of date
  if (isPlan(support?.safety_plan)) state.plan = support.safety_plan;
  renderPlan();
  renderPlanButton();
  renderHelpLines(support?.message, resources, support?.country);
  panel.dataset.level = support?.level || 'support';
  const wasHidden = panel.hidden;
  panel.hidden = false;
  if (wasHidden) {
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    panel.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }
}

/** The editor loaded, saved or deleted the plan (null: the person has none). */
export function setSafetyPlan(plan) {
  state.plan = isPlan(plan) ? plan : null;
  renderPlan();
  renderPlanButton();
}

/**
 * After the country setting changed: if the panel is open, shows the lines for `country`
 * ('' follows the browser). Resolves to true when the lines on screen were replaced.
 */
export async function refreshHelpLines(country) {
  const panel = $('crisis-panel');
  if (panel.hidden) return false;
  const request = ++state.request;
  const query = country ? `?country=${encodeURIComponent(country)}` : '';
  const response = await api('GET', `/api/crisis-resources${query}`);
  if (request !== state.request || panel.hidden || !response.ok) return false;
  const data = response.data || {};
  const resources = Array.isArray(data.resources) ? data.resources : [];
  renderHelpLines(messageFor(panel.dataset.level, data.emergency_number), resources, data.country || country);
  return true;
}

/** onOpenPlan(): open the safety-plan editor; onChooseCountry(): go to the country chooser;
 *  countryName(code): the chooser's name for a country ('' when it has none). */
export function initCrisisPanel({ onOpenPlan, onChooseCountry, countryName: name } = {}) {
  if (onOpenPlan) hooks.onOpenPlan = onOpenPlan;
  if (onChooseCountry) hooks.onChooseCountry = onChooseCountry;
  if (name) hooks.countryName = name;
  renderPlanButton();
  $('crisis-plan-open').addEventListener('click', () => hooks.onOpenPlan());
  $('crisis-country-link').addEventListener('click', () => hooks.onChooseCountry());
  $('crisis-dismiss').addEventListener('click', () => {
    $('crisis-panel').hidden = true;
    const input = document.getElementById('chat-input');
    if (input) input.focus();
  });
}
