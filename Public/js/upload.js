// Photo and video check-ins: POST /api/analysis/image (field "image") or /video (field "video")
// with upload progress, then the result in plain words.

import { $, h, setStatus, clear, capitalize, percent } from './dom.js';
import { emotionChart } from './charts.js';
import { showSupport } from './crisis.js';
import { describeStatus } from './api.js';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const VIDEO_EXTENSIONS = ['mp4', 'm4v', 'mov', 'webm', 'mkv', 'avi'];

const INDICATORS = [
  { key: 'facial_expression', label: 'Facial expression', about: 'sadness, few smiles, a flat expression' },
  { key: 'eye_contact', label: 'Eye contact', about: 'looking away or down, eyes less open' },
  { key: 'micro_expressions', label: 'Expressivity', about: 'how little the face moves over time (videos)' },
  { key: 'overall_score', label: 'Overall', about: 'the measured cues combined' },
];
const RISK_TEXT = {
  low: 'Few of the cues that often go with low mood were seen.',
  moderate: 'Some cues that often go with low mood were seen. A neutral face often lands here.',
  high: 'Several cues that often go with low mood were seen. This is not a diagnosis.',
};

export function mediaKind(file) {
  if (file.type.startsWith('video/')) return 'video';
  if (file.type.startsWith('image/')) return 'image';
  const ext = file.name.split('.').pop().toLowerCase();
  return VIDEO_EXTENSIONS.includes(ext) ? 'video' : 'image';
}

/** This check-in's cues beside the person's own usual (the median of their earlier check-ins). */
function baselineBlock(baseline) {
  const box = h('div', { class: 'baseline', 'data-testid': 'baseline', 'data-available': baseline.available ? 'true' : 'false' },
    h('h4', {}, 'Compared with your usual'));
  if (!baseline.available) {
    const more = Math.max(1, Math.round(Number(baseline.needed)) || 1);
    box.append(h('p', { class: 'hint', 'data-testid': 'baseline-pending' },
      `After ${more} more check-in${more === 1 ? '' : 's'} you'll see these compared with your own usual.`));
    return box;
  }
  const cues = Array.isArray(baseline.cues) ? baseline.cues : [];
  if (cues.length) {
    box.append(h('ul', { class: 'baseline-cues' }, cues.map((c) => {
      const difference = Number(c.difference_percent);
      const text = c.summary || (Number.isFinite(difference)
        ? `${c.label || capitalize(c.cue)} ${Math.abs(Math.round(difference))}% ${difference < 0 ? 'below' : 'above'} your usual`
        : `${c.label || capitalize(c.cue)} close to your usual`);
      return h('li', { 'data-testid': 'baseline-cue', 'data-cue': c.cue || '',
                       'data-difference': Number.isFinite(difference) ? difference : '' }, text);
    })));
  } else {
    box.append(h('p', { class: 'hint' }, 'None of the cues could be compared this time.'));
  }
  const count = Number(baseline.check_ins);
  box.append(h('p', { class: 'hint small' },
    Number.isFinite(count) && count > 0 ? `From your ${count} check-in${count === 1 ? '' : 's'} so far. ` : '',
    'A difference from your usual is something to notice, not a diagnosis.'));
  return box;
}

function megabytes(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export class Uploader {
  constructor({ onAnalysed } = {}) {
    this.onAnalysed = onAnalysed || (() => {});
    this.form = $('upload-form');
    this.input = $('media-input');
    this.submit = $('upload-submit');
    this.status = $('upload-status');
    this.progressWrap = $('upload-progress-wrap');
    this.progress = $('upload-progress');
    this.progressLabel = $('upload-progress-label');
    this.result = $('analysis-result');
    this.busy = false;

    this.input.addEventListener('change', () => this.checkFile());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.upload();
    });
  }

  checkFile() {
    const file = this.input.files && this.input.files[0];
    if (!file) {
      this.submit.disabled = true;
      setStatus(this.status, '');
      return null;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      this.submit.disabled = true;
      setStatus(this.status, `This file is ${megabytes(file.size)}; the limit is 50 MB. A shorter clip or a photo works too.`, 'error');
      return null;
    }
    this.submit.disabled = this.busy;
    setStatus(this.status, `${mediaKind(file) === 'video' ? 'Video' : 'Photo'} ready: ${file.name} (${megabytes(file.size)}).`);
    return file;
  }

  upload() {
    const file = this.checkFile();
    if (!file || this.busy) return;
    const kind = mediaKind(file);
    const body = new FormData();
    body.append(kind, file, file.name);

    this.busy = true;
    this.submit.disabled = true;
    this.result.hidden = true;
    this.progressWrap.hidden = false;
    this.progress.value = 0;
    this.progressLabel.textContent = 'Uploading… 0%';
    setStatus(this.status, '');

    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/analysis/${kind}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      if (!event.lengthComputable) return;
      const p = Math.round((event.loaded / event.total) * 100);
      this.progress.value = p;
      this.progressLabel.textContent = `Uploading… ${p}%`;
    });
    xhr.upload.addEventListener('load', () => {
      this.progress.removeAttribute('value'); // indeterminate while the server analyses
      this.progressLabel.textContent = kind === 'video' ? 'Analysing the video… this can take a little while.' : 'Analysing…';
    });
    const done = () => {
      this.busy = false;
      this.progressWrap.hidden = true;
      this.submit.disabled = !(this.input.files && this.input.files[0]);
    };
    xhr.addEventListener('load', () => {
      done();
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      if (xhr.status >= 200 && xhr.status < 300 && data && data.success !== false && data.analysis_result) {
        setStatus(this.status, 'Done. Your result is below.', 'ok');
        this.render(data, kind);
        this.onAnalysed(data);
        return;
      }
      const message = data && data.error && data.error.message ? data.error.message
        : xhr.status === 413 ? 'The file is larger than the server accepts (50 MB).' : describeStatus(xhr.status);
      setStatus(this.status, message, 'error');
      this.status.dataset.code = data && data.error ? String(data.error.code) : `http_${xhr.status}`;
    });
    xhr.addEventListener('error', () => {
      done();
      setStatus(this.status, 'The upload did not reach the server. Check your connection and try again.', 'error');
    });
    xhr.addEventListener('abort', () => {
      done();
      setStatus(this.status, 'The upload was cancelled.', 'error');
    });
    xhr.send(body);
  }

  render(data, kind) {
    const result = data.analysis_result || {};
    const emotions = result.emotional_analysis || {};
    const indicators = result.depression_indicators || {};
    const unmeasured = Array.isArray(result.unmeasured) ? result.unmeasured : [];
    const reasonFor = (key) => {
      const entry = unmeasured.find((u) => u.field === `depression_indicators.${key}` || u.field === key);
      return entry ? entry.reason : 'not measured for this file';
    };
    const what = (result.media_type || kind) === 'video' ? 'video' : 'photo';
    const box = clear(this.result);

    box.append(h('h3', {}, `What your ${what} shows`));
    if (result.mood_analysis && result.mood_analysis.summary) {
      box.append(h('p', { class: 'summary' }, result.mood_analysis.summary));
    }
    const dominant = emotions.dominant_emotion;
    if (dominant) {
      const confidence = Number(emotions.emotion_confidence);
      box.append(h('p', { class: 'dominant', 'data-testid': 'dominant-emotion', 'data-emotion': dominant },
        'Most visible expression: ', h('strong', {}, capitalize(dominant)),
        Number.isFinite(confidence) ? ` (${percent(confidence, 1)} confidence)` : ''));
    }
    if (Number(result.faces_detected) > 1) {
      box.append(h('p', { class: 'hint small' }, `${result.faces_detected} faces were found; the largest one was analysed.`));
    }

    if (emotions.emotion_distribution) {
      const chart = emotionChart(emotions.emotion_distribution, `analysis-${Date.now()}`, this.form.clientWidth || 324);
      box.append(h('h4', {}, 'Expression mix'), h('div', { class: 'chart-wrap' }, chart.svg),
        h('details', { class: 'data-table' }, h('summary', {}, 'Show the numbers as a table'), chart.table));
    }

    const list = h('dl', { class: 'indicators', 'data-testid': 'indicators' });
    for (const ind of INDICATORS) {
      const value = indicators[ind.key];
      const measured = value !== null && value !== undefined && Number.isFinite(Number(value));
      const dd = h('dd', { 'data-testid': `indicator-${ind.key}`, 'data-measured': measured ? 'true' : 'false' });
      if (measured) {
        const v = Number(value);
        const id = `meter-${ind.key}`;
        dd.append(
          h('meter', { id, min: 0, max: 1, low: 0.45, high: 0.7, optimum: 0, value: v,
                       'aria-label': `${ind.label}: ${Math.round(v * 100)} out of 100` }),
          h('span', { class: 'indicator-value' }, ` ${Math.round(v * 100)} / 100`));
      } else {
        dd.append(h('span', { class: 'unmeasured' }, `Not measured — ${reasonFor(ind.key)}`));
      }
      list.append(h('dt', {}, ind.label, h('span', { class: 'hint small' }, ` – ${ind.about}`)), dd);
    }
    box.append(h('h4', {}, 'Screening cues'),
      h('p', { class: 'hint small' }, 'Each runs from 0 to 100; higher means more of a cue that often goes with low mood.'),
      list);

    if (result.risk_level) {
      box.append(h('p', { class: `risk risk-${result.risk_level}`, 'data-testid': 'risk-level', 'data-risk': result.risk_level },
        'Overall cue level: ', h('strong', {}, capitalize(result.risk_level)), '. ', RISK_TEXT[result.risk_level] || ''));
    }

    if (result.personal_baseline) box.append(baselineBlock(result.personal_baseline));

    const notes = unmeasured.filter((u) => !String(u.field || '').startsWith('depression_indicators.'));
    if (notes.length) {
      box.append(h('h4', {}, 'Good to know'), h('ul', { class: 'notes' }, notes.map((n) => h('li', {}, n.reason))));
    }
    if (Array.isArray(result.recommendations) && result.recommendations.length) {
      box.append(h('h4', {}, 'Things that may help'),
        h('ul', { class: 'recommendations', 'data-testid': 'recommendations' }, result.recommendations.map((r) => h('li', {}, r))));
    }
    box.append(h('p', { class: 'disclaimer', 'data-testid': 'analysis-disclaimer' },
      result.disclaimer || 'These are screening cues, not a diagnosis.'));

    if (data.support) {
      box.append(h('p', { class: 'support-note', 'data-testid': 'analysis-support' }, data.support.message || '',
        ' ', h('a', { href: '#crisis-panel' }, 'See the help lines.')));
      showSupport(data.support);
    }
    box.hidden = false;
    if (!data.support) box.focus({ preventScroll: false });
  }
}
