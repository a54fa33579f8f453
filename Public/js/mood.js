// PHQ-9 / PHQ-2 and GAD-7 questionnaires, progress in plain words (with patterns from the daily
// log), and the 30-day mood timeline.

import { $, h, setStatus, clear, capitalize, utcDay } from './dom.js';
import { api } from './api.js';
import { showSupport } from './crisis.js';
import { timelineChart } from './charts.js';

export const PHQ9_ITEMS = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
];
// GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006).
export const GAD7_ITEMS = [
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid, as if something awful might happen',
];
export const ANSWERS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];

const MEANING = {
  minimal: 'Few or no symptoms right now.',
  mild: 'Some symptoms. Keep an eye on how things go; talking with someone you trust can help.',
  moderate: 'A moderate level of symptoms. It would be worth talking with a doctor or counsellor.',
  moderately_severe: 'A lot of symptoms. Please consider reaching out to a doctor or mental health professional soon.',
  severe: 'Many symptoms. Please reach out to a doctor or mental health professional soon; you deserve support.',
  negative: 'Below the usual screening cut-off of 3.',
  positive: 'At or above the screening cut-off of 3: the full PHQ-9 can tell more.',
};

export const NAMES = { phq9: 'PHQ-9', phq2: 'PHQ-2', gad7: 'GAD-7' };
const MAX_SCORE = { phq9: 27, phq2: 6, gad7: 21 };

/**
 * The forms, by the prefix of their ids and data-testids: `phq` (PHQ-9, or its first two items as
 * the PHQ-2, chosen with the `phq-kind` radios) and `gad7`. `kinds` maps each kind to its item count.
 */
const FORMS = {
  phq: { items: PHQ9_ITEMS, kinds: { phq9: 9, phq2: 2 }, kindInput: 'phq-kind' },
  gad7: { items: GAD7_ITEMS, kinds: { gad7: 7 } },
};

export class Questionnaire {
  constructor({ prefix = 'phq', onSaved } = {}) {
    this.prefix = prefix;
    this.config = FORMS[prefix];
    this.onSaved = onSaved || (() => {});
    this.form = $(`${prefix}-form`);
    this.items = $(`${prefix}-items`);
    this.status = $(`${prefix}-status`);
    this.result = $(`${prefix}-result`);
    this.submitButton = $(`${prefix}-submit`);
    this.build();
    if (this.config.kindInput) {
      for (const radio of document.querySelectorAll(`input[name="${this.config.kindInput}"]`)) {
        radio.addEventListener('change', () => this.applyKind());
      }
    }
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.applyKind();
  }

  build() {
    const p = this.prefix;
    this.config.items.forEach((text, i) => {
      const n = i + 1;
      const options = ANSWERS.map((answer, value) => {
        const id = `${p}-q${n}-${value}`;
        return h('span', { class: 'phq-option' },
          h('input', { type: 'radio', name: `${p}-q${n}`, id, value, 'data-testid': id }),
          h('label', { for: id }, answer));
      });
      this.items.append(h('fieldset', { class: 'phq-item', id: `${p}-item-${n}`, 'data-item': n },
        h('legend', {}, h('span', { class: 'phq-number' }, `${n}.`), ' ', text),
        h('div', { class: 'phq-options' }, options)));
    });
  }

  kind() {
    const kinds = Object.keys(this.config.kinds);
    const chosen = this.config.kindInput
      && document.querySelector(`input[name="${this.config.kindInput}"]:checked`)?.value;
    return kinds.includes(chosen) ? chosen : kinds[0];
  }

  applyKind() {
    const count = this.config.kinds[this.kind()];
    for (const fieldset of this.items.querySelectorAll('.phq-item')) {
      const active = Number(fieldset.dataset.item) <= count;
      fieldset.hidden = !active;
      fieldset.disabled = !active;
    }
    setStatus(this.status, '');
  }

  answers() {
    const count = this.config.kinds[this.kind()];
    const answers = [];
    let firstMissing = null;
    for (let n = 1; n <= count; n += 1) {
      const checked = this.form.querySelector(`input[name="${this.prefix}-q${n}"]:checked`);
      if (checked) answers.push(Number(checked.value));
      else {
        answers.push(null);
        firstMissing ??= n;
      }
    }
    return { answers, firstMissing };
  }

  async submit() {
    const kind = this.kind();
    const { answers, firstMissing } = this.answers();
    if (firstMissing !== null) {
      const left = answers.filter((a) => a === null).length;
      setStatus(this.status, `Please answer every question (${left} left).`, 'error');
      this.form.querySelector(`input[name="${this.prefix}-q${firstMissing}"]`).focus();
      return;
    }
    const button = this.submitButton;
    button.disabled = true;
    setStatus(this.status, 'Saving…');
    const response = await api('POST', `/api/questionnaires/${kind}`, { answers });
    button.disabled = false;
    if (!response.ok) {
      setStatus(this.status, response.error.message, 'error');
      return;
    }
    setStatus(this.status, 'Saved.', 'ok');
    this.render(response.data || {});
    this.onSaved(response.data);
  }

  render(q) {
    const p = this.prefix;
    const kind = NAMES[q.kind] ? q.kind : this.kind();
    const max = q.max_score ?? MAX_SCORE[kind];
    const label = q.severity_label || capitalize(q.severity);
    const box = clear(this.result);
    box.append(
      h('p', { class: 'phq-score', 'data-testid': `${p}-score`, 'data-score': q.score, 'data-severity': q.severity || '' },
        `${NAMES[kind]} score: `, h('strong', {}, `${q.score} of ${max}`), ' – ',
        h('strong', { 'data-testid': `${p}-severity` }, label)),
      h('p', {}, MEANING[q.severity] || ''));
    if (q.support) {
      box.append(h('p', { class: 'support-note', 'data-testid': `${p}-support` },
        q.support.message || 'You said you have had thoughts of being better off dead or of hurting yourself. Please reach out now; you deserve support.',
        ' ', h('a', { href: '#crisis-panel' }, 'See the help lines.')));
      showSupport(q.support);
    }
    box.hidden = false;
    if (!q.support) box.focus();
  }

  reset() {
    this.form.reset();
    this.applyKind();
    this.result.hidden = true;
    clear(this.result);
  }
}

/** "Your progress": per questionnaire the server's plain sentence and when to answer it again. */
export class Progress {
  constructor() {
    this.box = $('progress');
    this.status = $('progress-status');
    this.sequence = 0;
    this.loaded = false;
  }

  async load() {
    const sequence = ++this.sequence;
    this.box.setAttribute('aria-busy', 'true');
    const response = await api('GET', '/api/mood/progress');
    if (sequence !== this.sequence) return; // a newer load is on its way
    this.box.setAttribute('aria-busy', 'false');
    if (!response.ok) {
      setStatus(this.status, `Your progress could not be loaded: ${response.error.message}`, 'error');
      if (!this.loaded) {
        for (const kind of ['phq9', 'gad7']) $(`progress-${kind}-summary`).textContent = '';
      }
      this.box.dataset.state = 'error';
      return;
    }
    setStatus(this.status, '');
    for (const kind of ['phq9', 'gad7']) this.show(kind, response.data?.[kind] || {});
    this.showAssociations(response.data?.associations || {});
    this.loaded = true;
    this.box.dataset.state = 'ready';
  }

  show(kind, entry) {
    const summary = $(`progress-${kind}-summary`);
    const due = $(`progress-${kind}-due`);
    const answered = Boolean(entry.latest);
    summary.textContent = entry.summary || (answered ? '' : `No ${NAMES[kind]} answers yet.`);
    const when = Date.parse(entry.next_due);
    if (!answered) {
      due.textContent = 'Next check-in: not answered yet. Whenever you feel ready.';
      due.dataset.state = 'never';
    } else if (!Number.isFinite(when) || when <= Date.now()) {
      due.textContent = 'Next check-in: due now.';
      due.dataset.state = 'due';
    } else {
      const date = new Date(when).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
      due.textContent = `Next check-in due: ${date}.`;
      due.dataset.state = 'scheduled';
    }
    due.dataset.due = Number.isFinite(when) ? new Date(when).toISOString() : '';
  }

  /** What went with better or worse days in the daily log, in the server's words. */
  showAssociations(associations) {
    const lines = Array.isArray(associations.lines) ? associations.lines.filter((l) => typeof l === 'string' && l) : [];
    const list = clear($('association-list'));
    list.append(...lines.map((line) => h('li', { 'data-testid': 'progress-association' }, line)));
    list.hidden = lines.length === 0;
    $('associations-empty').hidden = lines.length > 0;
    const note = $('associations-note');
    note.textContent = typeof associations.note === 'string' && associations.note
      ? associations.note : 'Observations from your own log, not causes.';
    note.hidden = lines.length === 0;
    $('associations').hidden = false;
  }
}

export class Timeline {
  constructor({ progress } = {}) {
    this.progress = progress || null;
    this.chart = $('timeline-chart');
    this.table = $('timeline-table');
    this.status = $('timeline-status');
    this.summary = $('timeline-summary');
    this.pending = null;
    this.data = null;
    $('timeline-refresh').addEventListener('click', () => this.load());
    let resizeTimer = null;
    let lastWidth = this.chart.clientWidth;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (this.data && Math.abs(this.chart.clientWidth - lastWidth) > 24) {
          lastWidth = this.chart.clientWidth;
          this.draw();
        }
      }, 150);
    });
  }

  /** Reloads soon, folding several triggers into one request. */
  refreshSoon(delay = 300) {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.load(), delay);
  }

  async load() {
    clearTimeout(this.pending);
    this.progress?.load(); // in parallel; it shows its own errors
    this.chart.setAttribute('aria-busy', 'true');
    const response = await api('GET', '/api/mood/timeline?days=30');
    this.chart.setAttribute('aria-busy', 'false');
    if (!response.ok) {
      setStatus(this.status, `The timeline could not be loaded: ${response.error.message}`, 'error');
      this.chart.dataset.state = 'error';
      return;
    }
    setStatus(this.status, '');
    this.data = response.data || {};
    this.draw();
    this.chart.dataset.state = 'ready';
  }

  draw() {
    const chart = timelineChart(this.data, utcDay(), this.chart.clientWidth || 480);
    clear(this.chart).append(chart.svg, chart.legend);
    clear(this.table).append(chart.table);
    const empty = Object.values(chart.counts).every((n) => n === 0);
    // Not a live region: it changes after every chat reply, and would interrupt.
    this.summary.textContent = empty ? 'Nothing recorded yet. Daily logs, chats with a mood, check-ins and questionnaires will show up here.' : chart.summary;
  }
}
