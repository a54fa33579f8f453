// Wires the page: account first (so the very first request creates the one guest session
// cookie), then the chat socket, the timeline (with progress), the daily log, uploads, questionnaires,
// the help-line country and the safety plan.

import { initCrisisPanel, refreshHelpLines, setSafetyPlan } from './crisis.js';
import { ChatClient } from './chat.js';
import { Uploader } from './upload.js';
import { Questionnaire, Progress, Timeline } from './mood.js';
import { DailyLog } from './daily.js';
import { Account } from './account.js';
import { CountryChooser } from './country.js';
import { SafetyPlan } from './safety-plan.js';
import { $, setStatus } from './dom.js';

async function start() {
  const country = new CountryChooser({ onChanged: (code) => refreshHelpLines(code) });
  const safetyPlan = new SafetyPlan({ onChanged: (plan) => setSafetyPlan(plan) });
  initCrisisPanel({
    onOpenPlan: () => safetyPlan.open(),
    onChooseCountry: () => country.focus(),
    countryName: (code) => country.name(code),
  });
  const progress = new Progress();
  const timeline = new Timeline({ progress }); // every timeline load refreshes the progress too
  const chat = new ChatClient({ onTurnComplete: () => timeline.refreshSoon(800) });
  const uploader = new Uploader({ onAnalysed: () => timeline.refreshSoon() });
  const questionnaire = new Questionnaire({ onSaved: () => timeline.refreshSoon(0) });
  const anxiety = new Questionnaire({ prefix: 'gad7', onSaved: () => timeline.refreshSoon(0) });
  const daily = new DailyLog({ onSaved: () => timeline.refreshSoon(0) });
  const account = new Account({
    onChanged: (kind) => {
      if (kind === 'continued') {
        chat.connect(); // the same conversation, now the signed-in account's; renewed cookie
      } else {
        // Another account: nothing of the previous one stays on screen.
        $('crisis-panel').hidden = true;
        $('analysis-result').hidden = true;
        setStatus($('upload-status'), '');
        $('upload-form').reset();
        $('upload-submit').disabled = true;
        questionnaire.reset();
        anxiety.reset();
        chat.restart();
      }
      timeline.load();
      daily.load();
      country.load();
      safetyPlan.load();
    },
  });
  window.depressoAssist = { chat, account, timeline, progress, daily, uploader, questionnaire, anxiety, country, safetyPlan };

  await account.load();
  chat.connect();
  timeline.load();
  daily.load();
  country.load();
  safetyPlan.load();
  showModelNote();
}

/** The about line: which model answers, said plainly (the demo model is very small). */
async function showModelNote() {
  try {
    const response = await fetch('/api/about', { credentials: 'same-origin' });
    if (!response.ok) return;
    const about = await response.json();
    if (typeof about.note === 'string') $('model-note').textContent = about.note;
  } catch {
    // The line is informative only; the chat works without it.
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
