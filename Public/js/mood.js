// PHQ-9 / PHQ-2 questionnaires and the 30-day mood timeline.

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

export class Questionnaire {
  constructor({ onSaved } = {}) {
    this.onSaved = onSaved || (() => {});
    this.form = $('phq-form');
    this.items = $('phq-items');
    this.status = $('phq-status');
    this.result = $('phq-result');
    this.build();
    for (const radio of document.querySelectorAll('input[name="phq-kind"]')) {
      radio.addEventListener('change', () => this.applyKind());
    }
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.applyKind();
  }

  build() {
    PHQ9_ITEMS.forEach((text, i) => {
      const n = i + 1;
      const options = ANSWERS.map((answer, value) => {
        const id = `phq-q${n}-${value}`;
        return h('span', { class: 'phq-option' },
          h('input', { type: 'radio', name: `phq-q${n}`, id, value, 'data-testid': id }),
          h('label', { for: id }, answer));
      });
      this.items.append(h('fieldset', { class: 'phq-item', id: `phq-item-${n}`, 'data-item': n },
        h('legend', {}, h('span', { class: 'phq-number' }, `${n}.`), ' ', text),
        h('div', { class: 'phq-options' }, options)));
    });
  }

  kind() {
    return document.querySelector('input[name="phq-kind"]:checked')?.value === 'phq2' ? 'phq2' : 'phq9';
  }

  applyKind() {
    const count = this.kind() === 'phq2' ? 2 : 9;
    for (const fieldset of this.items.querySelectorAll('.phq-item')) {
      const active = Number(fieldset.dataset.item) <= count;
      fieldset.hidden = !active;
      fieldset.disabled = !active;
    }
    setStatus(this.status, '');
  }

  answers() {
    const count = this.kind() === 'phq2' ? 2 : 9;
    const answers = [];
    let firstMissing = null;
    for (let n = 1; n <= count; n += 1) {
      const checked = this.form.querySelector(`input[name="phq-q${n}"]:checked`);
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
      this.form.querySelector(`input[name="phq-q${firstMissing}"]`).focus();
      return;
    }
    const button = $('phq-submit');
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
    const max = q.max_score ?? (q.kind === 'phq2' ? 6 : 27);
    const label = q.severity_label || capitalize(q.severity);
    const box = clear(this.result);
    box.append(
      h('p', { class: 'phq-score', 'data-testid': 'phq-score', 'data-score': q.score, 'data-severity': q.severity || '' },
        `${q.kind === 'phq2' ? 'PHQ-2' : 'PHQ-9'} score: `, h('strong', {}, `${q.score} of ${max}`), ' – ',
        h('strong', { 'data-testid': 'phq-severity' }, label)),
      h('p', {}, MEANING[q.severity] || ''));
    if (q.support) {
      box.append(h('p', { class: 'support-note', 'data-testid': 'phq-support' },
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

export class Timeline {
  constructor() {
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
    this.summary.textContent = empty ? 'Nothing recorded yet. Chats with a mood, check-ins and questionnaires will show up here.' : chart.summary;
  }
}
