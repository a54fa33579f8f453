// "Help lines for": which country's crisis lines the person is shown (docs/api.md "Help lines
// by country"). Saved on the account; "Based on my browser" follows the browser's language region.

import { $, h, setStatus } from './dom.js';
import { api } from './api.js';

function normalize(code) {
  return typeof code === 'string' && /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : '';
}

export class CountryChooser {
  /** onChanged(code): the choice was saved ('' = follow the browser). It may resolve to true
   *  when the help lines on screen were updated to match. */
  constructor({ onChanged } = {}) {
    this.onChanged = onChanged || (() => false);
    this.select = $('country-select');
    this.status = $('country-status');
    this.countries = [];
    this.saved = '';
    this.request = 0;
    this.select.addEventListener('change', () => this.save(this.select.value));
  }

  /** The list of countries once, then this account's choice (again after every account change). */
  async load() {
    if (!this.countries.length) await this.loadCountries();
    const request = ++this.request;
    const response = await api('GET', '/api/me/settings');
    if (request !== this.request) return;
    this.show(response.ok ? normalize(response.data?.country) : '');
    if (response.ok) setStatus(this.status, '');
    else setStatus(this.status, `Your help-line country could not be loaded. ${response.error.message}`, 'error');
  }

  async loadCountries() {
    const response = await api('GET', '/api/crisis-resources/countries');
    const list = response.ok && Array.isArray(response.data?.countries) ? response.data.countries : [];
    this.countries = list
      .filter((c) => c && normalize(c.code) && typeof c.name === 'string' && c.name)
      .map((c) => ({ code: normalize(c.code), name: c.name }));
    const present = new Set([...this.select.options].map((o) => o.value));
    for (const country of this.countries) {
      if (!present.has(country.code)) this.select.append(h('option', { value: country.code }, country.name));
    }
    if (!response.ok) setStatus(this.status, `The list of countries could not be loaded. ${response.error.message}`, 'error');
  }

  /** Selects `code`, adding it to the list when the server's list lacks it. */
  show(code) {
    this.saved = code;
    if (code && ![...this.select.options].some((o) => o.value === code)) {
      this.select.append(h('option', { value: code }, this.name(code)));
    }
    this.select.value = code;
  }

  async save(code) {
    const request = ++this.request;
    setStatus(this.status, 'Saving…');
    const response = await api('PUT', '/api/me/settings', { country: code || null });
    if (request !== this.request) return; // a later choice is on its way
    if (!response.ok) {
      this.select.value = this.saved;
      setStatus(this.status, response.error.message, 'error');
      return;
    }
    this.show(normalize(response.data?.country));
    const refreshed = await this.onChanged(this.saved);
    if (request !== this.request) return;
    const what = this.saved
      ? `Saved. You will see help lines for ${this.name(this.saved)}.`
      : "Saved. Help lines will follow your browser's language and region.";
    setStatus(this.status, refreshed ? `${what} The help lines at the top of the page are updated.` : what, 'ok');
  }

  /** "DE" → "Germany": the server's list, else the browser's own name for it. */
  name(code) {
    const found = this.countries.find((c) => c.code === code);
    if (found) return found.name;
    try {
      return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) || code;
    } catch {
      return code;
    }
  }

  /** Brings the chooser into view and focus (from the help-lines panel's "Choose your country"). */
  focus() {
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.select.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
    this.select.focus({ preventScroll: true });
  }
}
