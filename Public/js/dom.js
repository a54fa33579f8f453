// Small DOM helpers. Text always goes in through textContent / text nodes, never innerHTML,
// so nothing a person or the model writes can become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  return el;
}

/** An HTML element: h('p', {class: 'x'}, 'text', child). */
export function h(tag, attrs, ...children) {
  return append(setAttrs(document.createElement(tag), attrs), children);
}

/** An SVG element: s('rect', {x: 0, width: 10}). */
export function s(tag, attrs, ...children) {
  return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

/** Shows a status line: kind is '', 'error' or 'ok'. Empty text hides it. */
export function setStatus(el, text, kind = '') {
  el.textContent = text || '';
  el.dataset.kind = kind;
  el.hidden = !text;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function capitalize(word) {
  const w = String(word ?? '');
  return w.charAt(0).toUpperCase() + w.slice(1).replaceAll('_', ' ');
}

export function percent(fraction, digits = 0) {
  return `${(Number(fraction) * 100).toFixed(digits)}%`;
}

/** Today's date in UTC as YYYY-MM-DD (the timeline's calendar days are UTC). */
export function utcDay(date = new Date()) {
  return date.toISOString().slice(0, 10);
}
