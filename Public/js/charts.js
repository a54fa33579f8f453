// Hand-made SVG charts. Each chart is role="img" with a text summary, and comes with a table of
// the same numbers for anyone who prefers (or needs) text.

import { h, s, capitalize } from './dom.js';
import { DAILY_MOODS } from './daily.js';

const EMOTION_ORDER = ['happy', 'surprise', 'neutral', 'sad', 'angry', 'fear', 'disgust'];

/** Horizontal bars of the emotion distribution (percentages). */
export function emotionChart(distribution, idPrefix = 'emotion', shownWidth = 324) {
  const entries = Object.entries(distribution || {})
    .map(([name, value]) => [name, Number(value) || 0])
    .sort((a, b) => b[1] - a[1] || emotionRank(a[0]) - emotionRank(b[0]));
  const rowHeight = 28;
  const labelWidth = 78;
  // Drawn at about the width it is shown at, so its text keeps its CSS size on a phone.
  const width = Math.round(Math.max(260, Math.min(448, shownWidth)));
  const trackWidth = width - labelWidth - 56;
  const height = entries.length * rowHeight + 6;
  const summary = 'Expression mix: ' + entries.map(([n, v]) => `${n} ${v.toFixed(1)}%`).join(', ') + '.';
  const titleId = `${idPrefix}-chart-title`;
  const svg = s('svg', { class: 'chart emotion-chart', 'data-testid': 'emotion-chart', role: 'img',
                         'aria-labelledby': titleId, viewBox: `0 0 ${width} ${height}`,
                         width: '100%', preserveAspectRatio: 'xMinYMin meet' },
    s('title', { id: titleId }, summary));
  entries.forEach(([name, value], i) => {
    const y = i * rowHeight + 4;
    const barWidth = Math.max(0, Math.min(100, value)) / 100 * trackWidth;
    svg.append(
      s('text', { x: labelWidth - 8, y: y + 15, class: 'chart-label', 'text-anchor': 'end' }, capitalize(name)),
      s('rect', { x: labelWidth, y: y + 2, width: trackWidth, height: 18, rx: 4, class: 'bar-track' }),
      s('rect', { x: labelWidth, y: y + 2, width: barWidth.toFixed(2), height: 18, rx: 4,
                  class: `bar bar-${name}`, 'data-emotion': name }),
      s('text', { x: labelWidth + trackWidth + 6, y: y + 15, class: 'chart-value' }, `${value.toFixed(1)}%`));
  });
  const table = h('table', { class: 'numbers' },
    h('caption', {}, 'Expression mix'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Expression'), h('th', { scope: 'col' }, 'Share'))),
    h('tbody', {}, entries.map(([n, v]) => h('tr', {}, h('th', { scope: 'row' }, capitalize(n)), h('td', {}, `${v.toFixed(1)}%`)))));
  return { svg, table, summary };
}

function emotionRank(name) {
  const i = EMOTION_ORDER.indexOf(name);
  return i < 0 ? EMOTION_ORDER.length : i;
}

const MOOD_ORDER = ['happy', 'calm', 'okay', 'tired', 'anxious', 'sad', 'angry'];

const KIND_NAMES = { phq9: 'PHQ-9', phq2: 'PHQ-2', gad7: 'GAD-7' };

function dayKey(value) {
  return String(value || '').slice(0, 10);
}

function addDays(key, n) {
  const d = new Date(`${key}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function shortDate(key) {
  const d = new Date(`${key}T00:00:00Z`);
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/**
 * The mood timeline: PHQ-9 scores as a line with points (left axis 0-27), PHQ-2 scores as open
 * squares (same axis), GAD-7 scores as a dashed line with triangles scaled to their own 0-21 (21 at
 * the top), photo/video overall scores as diamonds (right axis 0-1), the daily log's mood (1-5) as
 * a small row of points under the chart, and the moods sent with chat messages as a strip of
 * counts under that.
 */
export function timelineChart(timeline, todayKey, width = 480) {
  const days = Array.isArray(timeline?.days) ? timeline.days : [];
  let last = dayKey(timeline?.to) || todayKey;
  let first = dayKey(timeline?.from) || addDays(last, -29);
  if (first > last) [first, last] = [last, first];
  const span = Math.max(1, Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86400000));

  // Drawn at the width it is shown at, so its text stays at its CSS size on a phone too.
  const W = Math.max(280, Math.min(720, Math.round(width))), left = 34, right = 34, top = 24, dailyH = 44, moodH = 36, bottom = 24;
  const plotH = Math.round(Math.max(130, Math.min(200, W * 0.34)));
  const plotW = W - left - right;
  const H = top + plotH + dailyH + moodH + bottom;
  const x = (key) => left + (Math.round((Date.parse(`${key}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86400000) / span) * plotW;
  const yScore = (score) => top + plotH - (Math.max(0, Math.min(27, score)) / 27) * plotH;
  const yUnit = (v) => top + plotH - Math.max(0, Math.min(1, v)) * plotH;
  const yGad = (score) => yUnit(score / 21);
  const dailyTop = top + plotH + 16;
  const yDaily = (mood) => dailyTop + 3 + ((5 - Math.max(1, Math.min(5, mood))) / 4) * 20;

  const phq9 = [], phq2 = [], gad7 = [], analyses = [], moods = [], daily = [];
  for (const day of days) {
    const key = dayKey(day.date);
    const dayMood = Number(day.daily?.mood);
    if (day.daily && Number.isInteger(dayMood) && dayMood >= 1 && dayMood <= 5) {
      daily.push({ key, mood: dayMood, sleep: sleepHours(day.daily) });
    }
    for (const q of day.questionnaires || []) {
      (q.kind === 'phq2' ? phq2 : q.kind === 'gad7' ? gad7 : phq9).push({ key, score: Number(q.score), severity: q.severity });
    }
    for (const a of day.analyses || []) {
      if (a.overall_score !== null && a.overall_score !== undefined) {
        analyses.push({ key, score: Number(a.overall_score), risk: a.risk_level, emotion: a.dominant_emotion, type: a.media_type });
      }
    }
    const counts = Object.entries(day.moods || {}).filter(([, n]) => Number(n) > 0);
    if (counts.length) moods.push({ key, counts });
  }

  const summaryParts = [];
  if (daily.length) {
    const latest = daily[daily.length - 1];
    const average = daily.reduce((n, d) => n + d.mood, 0) / daily.length;
    const slept = daily.filter((d) => d.sleep !== null);
    const sleepText = slept.length
      ? `, sleep averaging ${(slept.reduce((n, d) => n + d.sleep, 0) / slept.length).toFixed(1)} hours` : '';
    summaryParts.push(`${daily.length} daily log${daily.length > 1 ? 's' : ''}, mood averaging ${average.toFixed(1)} of 5` +
      `${sleepText}, latest ${latest.mood} of 5 (${DAILY_MOODS[latest.mood]}) on ${latest.key}`);
  }
  if (phq9.length) {
    const latest = phq9[phq9.length - 1];
    summaryParts.push(`${phq9.length} PHQ-9 result${phq9.length > 1 ? 's' : ''}, latest score ${latest.score} of 27 (${capitalize(latest.severity)}) on ${latest.key}`);
  }
  if (phq2.length) summaryParts.push(`${phq2.length} PHQ-2 result${phq2.length > 1 ? 's' : ''}, latest ${phq2[phq2.length - 1].score} of 6`);
  if (gad7.length) {
    const latest = gad7[gad7.length - 1];
    summaryParts.push(`${gad7.length} GAD-7 result${gad7.length > 1 ? 's' : ''}, latest score ${latest.score} of 21 (${capitalize(latest.severity)}) on ${latest.key}`);
  }
  if (analyses.length) summaryParts.push(`${analyses.length} photo or video check-in${analyses.length > 1 ? 's' : ''}, latest cue score ${analyses[analyses.length - 1].score.toFixed(2)}`);
  const moodTotals = {};
  for (const m of moods) for (const [name, n] of m.counts) moodTotals[name] = (moodTotals[name] || 0) + Number(n);
  const moodText = Object.entries(moodTotals).sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c}`).join(', ');
  if (moodText) summaryParts.push(`moods you shared: ${moodText}`);
  const summary = summaryParts.length
    ? `From ${first} to ${last}: ${summaryParts.join('; ')}.`
    : `Nothing recorded between ${first} and ${last} yet.`;

  const svg = s('svg', { class: 'chart timeline-chart', role: 'img', 'aria-label': summary, 'data-testid': 'timeline-svg',
                         viewBox: `0 0 ${W} ${H}`, width: '100%', preserveAspectRatio: 'xMidYMin meet' });
  // Severity bands behind the PHQ-9 line.
  const bands = [[0, 4, 'minimal'], [5, 9, 'mild'], [10, 14, 'moderate'], [15, 19, 'moderately-severe'], [20, 27, 'severe']];
  for (const [lo, hi, name] of bands) {
    const y1 = yScore(hi + (hi === 27 ? 0 : 1));
    svg.append(s('rect', { x: left, y: y1, width: plotW, height: yScore(lo) - y1, class: `band band-${name}` }));
  }
  for (const tick of [0, 5, 10, 15, 20, 27]) {
    svg.append(s('line', { x1: left, x2: left + plotW, y1: yScore(tick), y2: yScore(tick), class: 'grid' }),
               s('text', { x: left - 6, y: yScore(tick) + 4, class: 'axis-label', 'text-anchor': 'end' }, String(tick)));
  }
  for (const tick of [0, 0.5, 1]) {
    svg.append(s('text', { x: left + plotW + 6, y: yUnit(tick) + 4, class: 'axis-label axis-right' }, tick.toFixed(1)));
  }
  // Date ticks: first, middle, last.
  const mid = addDays(first, Math.round(span / 2));
  for (const key of [first, mid, last]) {
    const anchor = key === first ? 'start' : key === last ? 'end' : 'middle';
    svg.append(s('text', { x: x(key), y: H - 6, class: 'axis-label', 'text-anchor': anchor }, shortDate(key)));
  }
  svg.append(s('text', { x: 2, y: top - 12, class: 'axis-title' }, 'PHQ score'),
             s('text', { x: W - 2, y: top - 12, class: 'axis-title', 'text-anchor': 'end' }, 'photo cues'));

  if (phq9.length > 1) {
    svg.append(s('polyline', { class: 'line-phq9', fill: 'none',
      points: phq9.map((p) => `${x(p.key).toFixed(1)},${yScore(p.score).toFixed(1)}`).join(' ') }));
  }
  for (const p of phq9) {
    svg.append(s('circle', { cx: x(p.key), cy: yScore(p.score), r: 5, class: 'point-phq9',
                             'data-testid': 'timeline-phq9-point', 'data-date': p.key, 'data-score': p.score },
      s('title', {}, `${p.key}: PHQ-9 ${p.score} (${capitalize(p.severity)})`)));
  }
  for (const p of phq2) {
    svg.append(s('rect', { x: x(p.key) - 4, y: yScore(p.score) - 4, width: 8, height: 8, class: 'point-phq2',
                           'data-testid': 'timeline-phq2-point', 'data-date': p.key, 'data-score': p.score },
      s('title', {}, `${p.key}: PHQ-2 ${p.score} of 6`)));
  }
  if (gad7.length > 1) {
    svg.append(s('polyline', { class: 'line-gad7', fill: 'none',
      points: gad7.map((p) => `${x(p.key).toFixed(1)},${yGad(p.score).toFixed(1)}`).join(' ') }));
  }
  for (const p of gad7) {
    const cx = x(p.key), cy = yGad(p.score);
    svg.append(s('path', { d: `M${cx} ${cy - 6} L${cx + 6} ${cy + 4.5} L${cx - 6} ${cy + 4.5} Z`, class: 'point-gad7',
                           'data-testid': 'timeline-gad7-point', 'data-date': p.key, 'data-score': p.score },
      s('title', {}, `${p.key}: GAD-7 ${p.score} of 21 (${capitalize(p.severity)})`)));
  }
  for (const a of analyses) {
    const cx = x(a.key), cy = yUnit(a.score);
    svg.append(s('path', { d: `M${cx} ${cy - 6} L${cx + 6} ${cy} L${cx} ${cy + 6} L${cx - 6} ${cy} Z`, class: 'point-analysis',
                           'data-testid': 'timeline-analysis-point', 'data-date': a.key, 'data-score': a.score },
      s('title', {}, `${a.key}: ${a.type || 'check-in'} cue score ${a.score.toFixed(2)} (${a.risk || 'n/a'}), mostly ${a.emotion || 'unknown'}`)));
  }
  // Daily log row: the day's mood from 1 (bottom) to 5 (top).
  svg.append(s('rect', { x: left, y: dailyTop, width: plotW, height: 26, rx: 4, class: 'daily-track' }),
             s('text', { x: left - 6, y: dailyTop + 17, class: 'axis-label', 'text-anchor': 'end' }, 'day'),
             s('text', { x: left + plotW + 6, y: yDaily(5) + 4, class: 'axis-label axis-right' }, '5'),
             s('text', { x: left + plotW + 6, y: yDaily(1) + 4, class: 'axis-label axis-right' }, '1'));
  if (daily.length > 1) {
    svg.append(s('polyline', { class: 'line-daily', fill: 'none',
      points: daily.map((d) => `${x(d.key).toFixed(1)},${yDaily(d.mood).toFixed(1)}`).join(' ') }));
  }
  for (const d of daily) {
    svg.append(s('circle', { cx: x(d.key), cy: yDaily(d.mood), r: 4, class: `point-daily daily-${d.mood}`,
                             'data-testid': 'timeline-daily-point', 'data-date': d.key, 'data-mood': d.mood,
                             'data-sleep': d.sleep === null ? '' : d.sleep },
      s('title', {}, `${d.key}: ${dailyText(d)}`)));
  }
  // Mood strip: one small stacked column of dots per day.
  const moodTop = top + plotH + dailyH + 8;
  svg.append(s('text', { x: left - 6, y: moodTop + 12, class: 'axis-label', 'text-anchor': 'end' }, 'mood'));
  for (const m of moods) {
    let i = 0;
    const sorted = m.counts.slice().sort((a, b) => MOOD_ORDER.indexOf(a[0]) - MOOD_ORDER.indexOf(b[0]));
    for (const [name, n] of sorted) {
      const count = Number(n);
      svg.append(s('circle', { cx: x(m.key), cy: moodTop + 4 + (i % 4) * 7, r: 3, class: `mood-dot mood-${name}`,
                               'data-testid': 'timeline-mood', 'data-date': m.key, 'data-mood': name, 'data-count': count },
        s('title', {}, `${m.key}: ${name} ×${count}`)));
      i += 1;
    }
  }

  const table = h('table', { class: 'numbers' },
    h('caption', {}, 'Your records by day (UTC)'),
    h('thead', {}, h('tr', {}, ['Date', 'Daily log', 'Questionnaires', 'Photo/video cues', 'Moods shared'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, days.length ? days.map((day) => h('tr', {},
      h('th', { scope: 'row' }, dayKey(day.date)),
      h('td', {}, daily.filter((d) => d.key === dayKey(day.date)).map(dailyText).join('; ') || '–'),
      h('td', {}, (day.questionnaires || []).map((q) => `${KIND_NAMES[q.kind] || 'PHQ-9'} ${q.score} (${capitalize(q.severity)})`).join('; ') || '–'),
      h('td', {}, (day.analyses || []).map((a) => a.overall_score === null || a.overall_score === undefined
        ? 'not scored' : `${Number(a.overall_score).toFixed(2)} (${a.risk_level})`).join('; ') || '–'),
      h('td', {}, Object.entries(day.moods || {}).map(([n, c]) => `${n} ×${c}`).join(', ') || '–'),
    )) : h('tr', {}, h('td', { colspan: 5 }, 'Nothing recorded yet.'))));

  const legend = h('ul', { class: 'legend', 'aria-hidden': 'true' },
    h('li', {}, h('span', { class: 'key key-phq9' }), 'PHQ-9 (0–27)'),
    h('li', {}, h('span', { class: 'key key-phq2' }), 'PHQ-2 (0–6)'),
    h('li', {}, h('span', { class: 'key key-gad7' }), 'GAD-7 (0–21, 21 at the top)'),
    h('li', {}, h('span', { class: 'key key-analysis' }), 'photo/video cues (0–1)'),
    h('li', {}, h('span', { class: 'key key-daily' }), 'your day (1–5)'),
    h('li', {}, h('span', { class: 'key key-mood' }), 'moods shared'));
  return { svg, table, legend, summary, counts: { phq9: phq9.length, phq2: phq2.length, gad7: gad7.length, analyses: analyses.length, moods: moods.length, daily: daily.length } };
}

function sleepHours(daily) {
  const hours = Number(daily.sleep_hours);
  return daily.sleep_hours !== null && daily.sleep_hours !== undefined && Number.isFinite(hours) ? hours : null;
}

/** "mood 4 of 5 (good), 7.5 hours of sleep" */
function dailyText(d) {
  const sleep = d.sleep === null ? '' : `, ${d.sleep} hour${d.sleep === 1 ? '' : 's'} of sleep`;
  return `mood ${d.mood} of 5 (${DAILY_MOODS[d.mood]})${sleep}`;
}
