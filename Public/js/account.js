// Guest or registered: sign up, sign in, sign out, export, delete (docs/api.md "Accounts").

import { $, setStatus, utcDay } from './dom.js';
import { api } from './api.js';

const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;

/** What became of this browser's guest records, for the sign-in message ("" when there were none). */
function guestRecordsNote(guest) {
  if (!guest) return '';
  const count = (n, one, many) => (n === 1 ? one : `${n} ${many}`);
  const parts = [];
  if (guest.conversations > 0) parts.push(count(guest.conversations, 'your conversation', 'conversations'));
  if (guest.analyses > 0) parts.push(count(guest.analyses, '1 check-in', 'check-ins'));
  if (guest.questionnaires > 0) parts.push(count(guest.questionnaires, '1 questionnaire', 'questionnaires'));
  if (parts.length === 0) return '';
  return guest.outcome === 'moved'
    ? ` Brought into your account from this browser: ${parts.join(', ')}.`
    : ` Deleted from this browser's guest session: ${parts.join(', ')}.`;
}

export class Account {
  /** onChanged(kind): 'continued' (the same person's conversation goes on: after sign-up, or a
   *  sign-in that brought the guest's conversation along) or 'switched' (another account). */
  constructor({ onChanged } = {}) {
    this.onChanged = onChanged || (() => {});
    this.account = null;
    this.status = $('account-status');
    $('register-form').addEventListener('submit', (e) => { e.preventDefault(); this.register(); });
    $('login-form').addEventListener('submit', (e) => { e.preventDefault(); this.login(); });
    $('logout-button').addEventListener('click', () => this.logout());
    $('export-button').addEventListener('click', () => this.exportData());
    $('delete-button').addEventListener('click', () => this.askDelete(true));
    $('delete-cancel-button').addEventListener('click', () => this.askDelete(false));
    $('delete-confirm-button').addEventListener('click', () => this.deleteAccount());
  }

  async load() {
    const response = await api('GET', '/api/me');
    this.account = response.ok ? response.data : null;
    this.render(response.ok ? null : response.error.message);
    return this.account;
  }

  render(problem) {
    const state = $('account-state');
    const chip = $('account-chip');
    const a = this.account;
    const registered = a && a.kind === 'registered';
    state.dataset.kind = a ? a.kind : 'unknown';
    chip.dataset.kind = state.dataset.kind;
    if (registered) {
      state.textContent = `Signed in as ${a.username}.`;
      chip.textContent = `Signed in as ${a.username}`;
    } else if (a) {
      state.textContent = 'You are using a guest account: what you share is kept for this browser only. Create an account to keep it and sign in elsewhere.';
      chip.textContent = 'Guest';
    } else {
      state.textContent = `Your account details could not be loaded. ${problem || ''}`.trim();
      chip.textContent = 'Guest';
    }
    $('guest-forms').hidden = Boolean(registered);
    $('logout-button').hidden = !registered;
  }

  credentials(prefix) {
    return { username: $(`${prefix}-username`).value.trim(), password: $(`${prefix}-password`).value };
  }

  async register() {
    const body = this.credentials('register');
    if (!USERNAME.test(body.username)) {
      setStatus(this.status, 'Usernames are 3 to 32 letters, digits, dots, underscores or dashes.', 'error');
      $('register-username').focus();
      return;
    }
    if (body.password.length < 10) {
      setStatus(this.status, 'Please choose a password of at least 10 characters.', 'error');
      $('register-password').focus();
      return;
    }
    setStatus(this.status, 'Creating your account…');
    const response = await api('POST', '/api/auth/register', body);
    if (!response.ok) {
      setStatus(this.status, response.error.message, 'error');
      return;
    }
    $('register-form').reset();
    await this.load();
    setStatus(this.status, `Account created. Welcome, ${this.account?.username || body.username}.`, 'ok');
    this.onChanged('continued');
  }

  async login() {
    const body = this.credentials('login');
    if (!body.username || !body.password) {
      setStatus(this.status, 'Please enter your username and password.', 'error');
      return;
    }
    // The sign-in form is only shown to a guest: say what becomes of this browser's guest records.
    body.guest_records = $('login-guest-records').checked ? 'move' : 'erase';
    setStatus(this.status, 'Signing in…');
    const response = await api('POST', '/api/auth/login', body);
    if (!response.ok) {
      const wait = response.error.retryAfter ? ` You can try again in ${response.error.retryAfter} s.` : '';
      setStatus(this.status, response.error.message + wait, 'error');
      return;
    }
    $('login-form').reset();
    await this.load();
    const guest = response.data?.guest_records;
    setStatus(this.status, `Signed in as ${this.account?.username || body.username}.${guestRecordsNote(guest)}`, 'ok');
    this.onChanged(guest?.outcome === 'moved' && guest.conversations > 0 ? 'continued' : 'switched');
  }

  async logout() {
    const response = await api('POST', '/api/auth/logout');
    if (!response.ok) {
      setStatus(this.status, response.error.message, 'error');
      return;
    }
    await this.load();
    setStatus(this.status, 'Signed out. You are now a new guest.', 'ok');
    this.onChanged('switched');
  }

  async exportData() {
    setStatus(this.status, 'Preparing your data…');
    const response = await api('GET', '/api/me/export');
    if (!response.ok) {
      setStatus(this.status, response.error.message, 'error');
      return;
    }
    const data = response.data || {};
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `depressoassist-export-${utcDay()}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    const count = (key) => (Array.isArray(data[key]) ? data[key].length : 0);
    const messages = (data.conversations || []).reduce((n, c) => n + (Array.isArray(c.messages) ? c.messages.length : 0), 0);
    const status = `Downloaded ${link.download}: ${count('conversations')} conversation(s) with ${messages} message(s), ` +
      `${count('analyses')} check-in(s), ${count('questionnaires')} questionnaire(s).`;
    setStatus(this.status, status, 'ok');
    this.status.dataset.exported = 'true';
  }

  askDelete(show) {
    $('delete-confirm').hidden = !show;
    (show ? $('delete-confirm-button') : $('delete-button')).focus();
  }

  async deleteAccount() {
    const response = await api('DELETE', '/api/me');
    if (!response.ok) {
      setStatus(this.status, response.error.message, 'error');
      return;
    }
    $('delete-confirm').hidden = true;
    await this.load();
    setStatus(this.status, 'Your account and everything in it were erased. You are now a new guest.', 'ok');
    this.onChanged('switched');
  }
}
