// The safety plan (Stanley & Brown's Safety Planning Intervention): seven short steps in the
// person's own words, written one step at a time in a dialog, kept on the account
// (GET/PUT/DELETE /api/me/safety-plan) and shown first in the help-lines panel.

import { $, h, clear, setStatus } from './dom.js';
import { api } from './api.js';

const MAX_ITEMS = 10;
const MAX_TEXT = 200;
const MAX_NAME = 100;
const MAX_PHONE = 30;

// The standard steps, in order. `item` finishes "Add …"; `people` steps take a name and a phone.
export const STEPS = [
  { key: 'warning_signs', title: 'Warning signs', item: 'a warning sign',
    prompt: 'What thoughts, feelings or situations tell you a crisis may be starting?' },
  { key: 'coping_strategies', title: 'Coping strategies', item: 'something I can do',
    prompt: 'Things I can do on my own to take my mind off my problems (a walk, music, a shower, breathing).' },
  { key: 'distractions', title: 'People and places that distract', item: 'a person or place',
    prompt: 'People and social settings that help me feel better.' },
  { key: 'people_to_ask', title: 'People I can ask for help', item: 'a person', people: true,
    prompt: 'People I can ask for help, and a phone number to reach them.' },
  { key: 'professionals', title: 'Professionals and services', item: 'a professional or service', people: true,
    prompt: 'Professionals and services I can contact in a crisis (e.g. my GP, my therapist, a crisis line).' },
  { key: 'making_safe', title: 'Making the environment safe', item: 'a way to make things safer',
    prompt: 'How can I make my surroundings safer?' },
  { key: 'reasons_for_living', title: 'Reasons for living', item: 'a reason',
    prompt: 'The things that matter most to me and are worth living for.' },
];

function validPhone(phone) {
  return phone.length <= MAX_PHONE && /^[\d +\-()]+$/.test(phone) && /\d/.test(phone);
}

/** Only the plan's own fields, well formed; missing steps become empty lists. */
function copyPlan(source) {
  const plan = {};
  for (const step of STEPS) {
    const items = Array.isArray(source?.[step.key]) ? source[step.key] : [];
    plan[step.key] = step.people
      ? items.filter((p) => p && typeof p.name === 'string')
        .map((p) => (p.phone ? { name: p.name, phone: String(p.phone) } : { name: p.name }))
      : items.filter((t) => typeof t === 'string');
  }
  if (source?.updated_at) plan.updated_at = String(source.updated_at);
  return plan;
}

/** What PUT sends: the seven lists, without `updated_at`. */
function planBody(plan) {
  const body = copyPlan(plan);
  delete body.updated_at;
  return body;
}

function countItems(plan) {
  return STEPS.reduce((n, step) => n + plan[step.key].length, 0);
}

/** Why `entry` cannot be added to a list that has `count` items ('' when it can). */
function checkEntry(step, entry, count) {
  if (count >= MAX_ITEMS) return `This step holds up to ${MAX_ITEMS} items. Remove one to add another.`;
  if (!step.people) {
    return entry.length > MAX_TEXT ? `Please keep each item to ${MAX_TEXT} characters or fewer (this one has ${entry.length}).` : '';
  }
  if (!entry.name) return 'Please add a name too. A first name, or the name of a service, is enough.';
  if (entry.name.length > MAX_NAME) return `Please keep the name to ${MAX_NAME} characters or fewer.`;
  if (entry.phone && !validPhone(entry.phone)) {
    return `A phone number can have digits, spaces and + - ( ), up to ${MAX_PHONE} characters.`;
  }
  return '';
}

/** " (last changed 5 December 2026)", or '' without a readable date. */
function changedOn(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  return ` (last changed ${date.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })})`;
}

function itemLabel(step, item) {
  return step.people ? (item.phone ? `${item.name}, ${item.phone}` : item.name) : item;
}

export class SafetyPlan {
  /** onChanged(plan): after every load, save and delete (plan is null when there is none). */
  constructor({ onChanged } = {}) {
    this.onChanged = onChanged || (() => {});
    this.plan = null;    // as saved on the server
    this.draft = null;   // what the editor shows; kept when the dialog is closed unsaved
    this.step = 0;
    this.loaded = false;
    this.problem = '';
    this.opener = null;
    this.dialog = $('safety-plan-editor');
    this.error = $('plan-error');
    this.status = $('plan-status');
    $('safety-plan-open').addEventListener('click', () => this.open());
    $('plan-close').addEventListener('click', () => this.dialog.close());
    $('plan-back').addEventListener('click', () => this.go(this.step - 1));
    $('plan-next').addEventListener('click', () => this.go(this.step + 1));
    $('plan-save').addEventListener('click', () => this.save());
    $('plan-delete').addEventListener('click', () => this.askDelete(true));
    $('plan-delete-cancel-button').addEventListener('click', () => this.askDelete(false));
    $('plan-delete-confirm-button').addEventListener('click', () => this.remove());
    this.dialog.addEventListener('close', () => this.closed());
  }

  /** This account's plan (again after every account change); an open editor closes. */
  async load() {
    const response = await api('GET', '/api/me/safety-plan');
    const none = !response.ok && response.error.code === 'no_safety_plan';
    this.plan = response.ok && response.data ? copyPlan(response.data) : null;
    this.loaded = response.ok || none;
    this.problem = this.loaded ? '' : response.error.message;
    this.draft = null;
    if (this.dialog.open) this.dialog.close();
    this.renderSummary();
    this.onChanged(this.plan);
  }

  dirty() {
    return Boolean(this.draft) && JSON.stringify(planBody(this.draft)) !== JSON.stringify(planBody(this.plan));
  }

  renderSummary() {
    const summary = $('safety-plan-summary');
    const unsaved = this.dirty() ? ' Some changes are not saved yet.' : '';
    summary.dataset.state = this.plan ? 'saved' : 'none';
    if (this.problem) {
      summary.textContent = `Your safety plan could not be loaded. ${this.problem}`;
    } else if (this.plan) {
      summary.textContent = `You have a safety plan${changedOn(this.plan.updated_at)}. It is shown first with the help lines.${unsaved}`;
    } else {
      summary.textContent = 'A safety plan is a short list, in your own words, of what helps when things get hard: ' +
        `signs to notice, things that help, people to call and reasons to keep going.${unsaved}`;
    }
    $('safety-plan-open').textContent = this.plan ? 'Open my safety plan' : 'Make a safety plan';
  }

  async open() {
    this.opener = document.activeElement;
    if (!this.loaded) await this.load();
    if (!this.draft) this.draft = copyPlan(this.plan);
    this.step = 0;
    $('plan-delete-confirm').hidden = true;
    setStatus(this.status, '');
    if (this.loaded) this.showError('');
    else this.showError(`Your saved plan could not be loaded (${this.problem}). If you save now, what you write here replaces it.`);
    if (!this.dialog.open) this.dialog.showModal();
    this.renderStep('heading');
  }

  closed() {
    $('plan-delete-confirm').hidden = true;
    this.renderSummary();
    const opener = this.opener;
    this.opener = null;
    if (opener && opener.isConnected && !opener.closest('[hidden]') &&
        (!document.activeElement || document.activeElement === document.body)) opener.focus();
  }

  // Steps

  renderStep(focus) {
    const step = STEPS[this.step];
    const last = this.step === STEPS.length - 1;
    this.dialog.dataset.step = step.key;
    clear($('plan-step')).append(...this.stepView(step).filter(Boolean));
    this.renderStepList();
    $('plan-back').disabled = this.step === 0;
    $('plan-next').hidden = last;
    $('plan-save').hidden = !last;
    $('plan-delete').hidden = !this.plan;
    if (focus === 'heading') $('plan-step-title').focus();
    else if (focus === 'input') this.focusInput();
  }

  renderStepList() {
    const list = clear($('plan-steps'));
    STEPS.forEach((step, index) => {
      const count = this.draft[step.key].length;
      list.append(h('li', {},
        h('button', { type: 'button', class: 'plan-step-link', 'data-testid': 'plan-step-link', 'data-step': step.key,
                      'aria-current': index === this.step ? 'step' : null, onclick: () => this.go(index) },
          h('span', { class: 'plan-step-number' }, String(index + 1)),
          h('span', { class: 'plan-step-name' }, step.title),
          count ? h('span', { class: 'plan-step-count' }, ` (${count})`) : null)));
    });
  }

  stepView(step) {
    const items = this.draft[step.key];
    return [
      h('h3', { class: 'plan-step-title', id: 'plan-step-title', tabindex: '-1', 'data-testid': 'plan-step-title' },
        `Step ${this.step + 1} of ${STEPS.length}: ${step.title}`),
      h('p', { class: 'plan-prompt', id: 'plan-step-prompt' }, step.prompt),
      h('ul', { class: 'plan-items', 'data-testid': `plan-${step.key}-items`, 'aria-labelledby': 'plan-step-title' },
        items.map((item, index) => this.itemRow(step, item, index))),
      items.length ? null : h('p', { class: 'hint small plan-empty' }, 'Nothing here yet. You can also leave this step empty.'),
      this.addForm(step),
    ];
  }

  itemRow(step, item, index) {
    const label = itemLabel(step, item);
    return h('li', { class: 'plan-item', 'data-testid': `plan-${step.key}-item` },
      h('span', { class: 'plan-item-text' }, label),
      h('button', { type: 'button', class: 'button button-quiet small', 'data-testid': `plan-${step.key}-remove`,
                    'aria-label': `Remove: ${label}`, onclick: () => this.removeItem(index) }, 'Remove'));
  }

  addForm(step) {
    const id = (part) => `plan-${step.key}-${part}`;
    const add = h('button', { type: 'submit', class: 'button button-quiet', 'data-testid': id('add') }, 'Add');
    const submit = (event) => { event.preventDefault(); this.addPending(); };
    if (!step.people) {
      return h('form', { class: 'plan-add', novalidate: true, onsubmit: submit },
        h('label', { class: 'label', for: id('input') }, `Add ${step.item}`),
        h('div', { class: 'plan-add-row' },
          h('input', { type: 'text', id: id('input'), 'data-testid': id('input'), maxlength: MAX_TEXT,
                       autocomplete: 'off', 'aria-describedby': 'plan-step-prompt' }),
          add));
    }
    return h('form', { class: 'plan-add', novalidate: true, onsubmit: submit },
      h('fieldset', { class: 'plan-person-fields' },
        h('legend', {}, `Add ${step.item}`),
        h('span', { class: 'plan-field' },
          h('label', { class: 'label', for: id('name') }, 'Name'),
          h('input', { type: 'text', id: id('name'), 'data-testid': id('name'), maxlength: MAX_NAME, autocomplete: 'off' })),
        h('span', { class: 'plan-field' },
          h('label', { class: 'label', for: id('phone') }, 'Phone ', h('span', { class: 'optional' }, '(optional)')),
          h('input', { type: 'tel', id: id('phone'), 'data-testid': id('phone'), maxlength: MAX_PHONE,
                       autocomplete: 'off', inputmode: 'tel' }))),
      add);
  }

  focusInput() {
    const step = STEPS[this.step];
    $(`plan-${step.key}-${step.people ? 'name' : 'input'}`).focus();
  }

  /** What is typed in the current step and not added yet (null when nothing is). */
  pendingEntry(step) {
    const value = (part) => $(`plan-${step.key}-${part}`).value.trim();
    if (!step.people) return value('input') || null;
    const entry = { name: value('name'), phone: value('phone') };
    return entry.name || entry.phone ? entry : null;
  }

  /** Adds what is typed to the current step; false (with the reason shown) when it cannot. */
  addPending() {
    const step = STEPS[this.step];
    const entry = this.pendingEntry(step);
    const problem = entry === null
      ? (step.people ? 'Write a name first, then choose Add.' : 'Write something first, then choose Add.')
      : checkEntry(step, entry, this.draft[step.key].length);
    if (problem) {
      this.showError(problem);
      this.focusInput();
      return false;
    }
    this.draft[step.key].push(step.people && !entry.phone ? { name: entry.name } : entry);
    this.showError('');
    this.renderStep('input');
    return true;
  }

  /** Text typed but not added is added before moving on, so nothing written is lost. */
  commitPending() {
    return this.pendingEntry(STEPS[this.step]) === null || this.addPending();
  }

  removeItem(index) {
    const step = STEPS[this.step];
    this.draft[step.key].splice(index, 1);
    this.renderStep();
    const left = document.querySelectorAll(`[data-testid="plan-${step.key}-remove"]`);
    if (left.length) left[Math.min(index, left.length - 1)].focus();
    else this.focusInput();
  }

  go(index) {
    if (index < 0 || index >= STEPS.length || index === this.step) return;
    if (!this.commitPending()) return;
    this.step = index;
    this.showError('');
    setStatus(this.status, '');
    this.renderStep('heading');
  }

  // Saving and deleting

  showError(text, code = '') {
    setStatus(this.error, text, text ? 'error' : '');
    this.error.dataset.code = code;
  }

  /** A 422 names the list ("coping_strategies"): said with the step's title, on that step. */
  showServerError(error) {
    const message = String(error.message || 'Your plan could not be saved. Please try again.');
    const index = STEPS.findIndex((step) => message.includes(step.key));
    const plain = STEPS.reduce((text, step) => text.replaceAll(step.key, `"${step.title}"`), message);
    if (index >= 0 && index !== this.step) {
      this.step = index;
      this.renderStep('input');
    }
    this.showError(plain, error.code);
  }

  async save() {
    if (!this.commitPending()) return;
    const body = planBody(this.draft);
    if (countItems(body) === 0) {
      this.showError('Your plan is still empty. Write at least one thing in any step, then save.');
      return;
    }
    const button = $('plan-save');
    button.disabled = true;
    this.showError('');
    setStatus(this.status, 'Saving your plan…');
    const response = await api('PUT', '/api/me/safety-plan', body);
    button.disabled = false;
    if (!response.ok) {
      setStatus(this.status, '');
      this.showServerError(response.error);
      return;
    }
    this.plan = copyPlan(response.data || body);
    this.draft = copyPlan(this.plan);
    this.loaded = true;
    this.problem = '';
    this.renderStep();
    if (!$('plan-save').hidden) $('plan-save').focus();
    setStatus(this.status, 'Your plan is saved. It will be shown first whenever the help lines appear.', 'ok');
    this.renderSummary();
    this.onChanged(this.plan);
  }

  askDelete(show) {
    $('plan-delete-confirm').hidden = !show;
    (show ? $('plan-delete-confirm-button') : $('plan-delete')).focus();
  }

  async remove() {
    const response = await api('DELETE', '/api/me/safety-plan');
    if (!response.ok && response.error.code !== 'no_safety_plan') {
      this.showError(response.error.message, response.error.code);
      return;
    }
    this.plan = null;
    this.draft = copyPlan(null);
    this.step = 0;
    $('plan-delete-confirm').hidden = true;
    this.showError('');
    this.renderStep('heading');
    setStatus(this.status, 'Your safety plan was deleted. You can make a new one whenever you like.', 'ok');
    this.renderSummary();
    this.onChanged(null);
  }
}
