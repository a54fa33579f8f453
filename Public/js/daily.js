// The daily log: how today was (1 to 5), what was part of it, hours of sleep and an optional
// note. One entry per day: saving again the same day replaces it.
// GET /api/mood/activities, GET /api/mood/daily?days=1, POST /api/mood/daily.

import { $, h, setStatus, clear } from './dom.js';
import { api } from './api.js';

/** The five moods, 1 (very low) to 5 (very good). */
export const DAILY_MOODS = { 1: 'very low', 2: 'low', 3: 'okay', 4: 'good', 5: 'very good' };
/** Offered to someone who has not tagged a day yet. */
const DEFAULT_ACTIVITIES = ['walk', 'friends', 'exercise', 'work', 'outdoors', 'screens late'];
const MAX_TAG_LENGTH = 30;
const MAX_ACTIVITIES = 10; // a day
const TAG_PATTERN = /^[\p{L}\p{N} -]+$/u;
const MAX_NOTE_LENGTH = 1000;

/** A tag as it is kept: trimmed, single spaces, lower case. */
export function normaliseTag(text) {
  return String(text ?? '').trim().replace(/\s+/g, ' ').toLowerCase().slice(0, MAX_TAG_LENGTH);
}

export class DailyLog {
  constructor({ onSaved } = {}) {
    this.onSaved = onSaved || (() => {});
    this.form = $('daily-form');
    this.moodBox = $('daily-moods');
    this.chips = $('daily-activities');
    this.tagInput = $('daily-activity-input');
    this.sleep = $('daily-sleep');
    this.note = $('daily-note');
    this.saveButton = $('daily-save');
    this.status = $('daily-status');
    this.todayNote = $('daily-today');
    this.suggestedNote = $('daily-suggested');
    this.mood = null;
    this.sequence = 0;

    for (let mood = 1; mood <= 5; mood += 1) {
      this.moodBox.append(h('button', {
        type: 'button', class: 'daily-mood', 'data-testid': `daily-mood-${mood}`, 'data-mood': mood,
        'aria-pressed': 'false', onclick: () => this.setMood(mood),
      }, h('span', { class: 'daily-mood-number' }, String(mood)), ' ',
         h('span', { class: 'daily-mood-word' }, DAILY_MOODS[mood])));
    }
    $('daily-activity-add').addEventListener('click', () => this.addTag());
    this.tagInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault(); // adds the tag; it does not save the day
        this.addTag();
      }
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  /** Loads the person's tags and today's entry, if any (again after an account change). */
  async load() {
    const sequence = ++this.sequence;
    this.reset();
    this.form.setAttribute('aria-busy', 'true');
    const [activities, daily] = await Promise.all([
      api('GET', '/api/mood/activities'),
      api('GET', '/api/mood/daily?days=1'),
    ]);
    if (sequence !== this.sequence) return; // a newer load is on its way
    this.form.setAttribute('aria-busy', 'false');
    const tags = activities.ok && Array.isArray(activities.data?.activities)
      ? activities.data.activities.map(normaliseTag).filter(Boolean) : [];
    this.suggestedNote.hidden = tags.length > 0;
    for (const tag of tags.length ? tags : DEFAULT_ACTIVITIES) this.chip(tag);
    const entries = daily.ok && Array.isArray(daily.data?.entries) ? daily.data.entries : [];
    const today = entries.slice().sort((a, b) => String(a.date).localeCompare(String(b.date))).pop();
    if (today) this.fill(today);
    const problem = !activities.ok ? activities.error : !daily.ok ? daily.error : null;
    if (problem) setStatus(this.status, `Today's log could not be fully loaded: ${problem.message}`, 'error');
    this.form.dataset.state = problem ? 'error' : 'ready';
  }

  reset() {
    this.form.reset();
    this.setMood(null);
    clear(this.chips);
    this.todayNote.hidden = true;
    this.suggestedNote.hidden = true;
    setStatus(this.status, '');
    delete this.status.dataset.replaced;
  }

  /** Shows a saved entry: its mood, tags, sleep and note. */
  fill(entry) {
    const mood = Number(entry.mood);
    this.setMood(mood >= 1 && mood <= 5 ? mood : null);
    const chosen = new Set((entry.activities || []).map(normaliseTag).filter(Boolean));
    for (const tag of chosen) this.chip(tag);
    for (const chip of this.chipButtons()) chip.setAttribute('aria-pressed', String(chosen.has(chip.dataset.activity)));
    const sleep = Number(entry.sleep_hours);
    this.sleep.value = entry.sleep_hours !== null && entry.sleep_hours !== undefined && Number.isFinite(sleep) ? String(sleep) : '';
    this.note.value = typeof entry.note === 'string' ? entry.note : '';
    this.todayNote.hidden = false;
    this.form.dataset.date = entry.date || '';
  }

  setMood(mood) {
    this.mood = mood;
    for (const button of this.moodBox.querySelectorAll('.daily-mood')) {
      button.setAttribute('aria-pressed', String(Number(button.dataset.mood) === mood));
    }
  }

  chipButtons() {
    return [...this.chips.querySelectorAll('[data-testid="daily-activity"]')];
  }

  /** The chip for a tag, made (not pressed) if it is not there yet. */
  chip(tag) {
    const existing = this.chipButtons().find((c) => c.dataset.activity === tag);
    if (existing) return existing;
    const button = h('button', { type: 'button', class: 'chip', 'data-testid': 'daily-activity',
                                 'data-activity': tag, 'aria-pressed': 'false' }, tag);
    button.addEventListener('click', () => {
      button.setAttribute('aria-pressed', String(button.getAttribute('aria-pressed') !== 'true'));
    });
    this.chips.append(button);
    return button;
  }

  addTag() {
    const tag = normaliseTag(this.tagInput.value);
    if (!tag) {
      this.tagInput.focus();
      return;
    }
    if (!TAG_PATTERN.test(tag)) {
      setStatus(this.status, 'An activity is a short word or two: letters, digits, spaces or hyphens.', 'error');
      this.tagInput.focus();
      return;
    }
    setStatus(this.status, '');
    this.chip(tag).setAttribute('aria-pressed', 'true');
    this.tagInput.value = '';
    this.tagInput.focus();
  }

  async submit() {
    if (this.mood === null) {
      setStatus(this.status, 'Please choose how today was, from 1 (very low) to 5 (very good).', 'error');
      this.moodBox.querySelector('.daily-mood').focus();
      return;
    }
    const raw = this.sleep.value.trim();
    const hours = Number(raw);
    if (this.sleep.validity.badInput || raw === '' || !Number.isFinite(hours) || hours < 0 || hours > 24) {
      setStatus(this.status, 'Roughly how many hours did you sleep? A number from 0 to 24 is fine.', 'error');
      this.sleep.focus();
      return;
    }
    const activities = this.chipButtons().filter((c) => c.getAttribute('aria-pressed') === 'true').map((c) => c.dataset.activity);
    if (activities.length > MAX_ACTIVITIES) {
      setStatus(this.status, `Please choose up to ${MAX_ACTIVITIES} activities for one day (${activities.length} are chosen).`, 'error');
      return;
    }
    const note = this.note.value.trim().slice(0, MAX_NOTE_LENGTH);
    const body = { mood: this.mood, activities, sleep_hours: Math.round(hours * 2) / 2 };
    if (note) body.note = note;

    this.saveButton.disabled = true;
    setStatus(this.status, 'Saving…');
    delete this.status.dataset.replaced;
    const sequence = this.sequence;
    const response = await api('POST', '/api/mood/daily', body);
    this.saveButton.disabled = false;
    if (sequence !== this.sequence) return; // the account changed meanwhile
    if (!response.ok) {
      setStatus(this.status, response.error.message, 'error');
      return;
    }
    const entry = response.data || {};
    const replaced = typeof entry.replaced === 'boolean' ? entry.replaced : response.status === 200;
    this.fill({ ...body, ...entry });
    this.suggestedNote.hidden = true;
    setStatus(this.status, replaced ? "Today's entry was updated." : 'Saved for today.', 'ok');
    this.status.dataset.replaced = String(replaced);
    this.onSaved(entry);
  }
}
