/*
 * Numbers, dates, durations and names as the console writes them.
 */
import { h } from './dom.js';
import { state } from './state.js';
import { CHANNEL_LABELS } from './vocabulary.js';

export const fmt = {
  pct: new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  pct0: new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 }),
  fixed3: new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
  fixed2: new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  upTo2: new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }),
  int: new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }),
  money: new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
  dateTime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
  time: new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }),
  dateShortTime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
};

export const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
export const DASH = '\u2014';

export function pct(x) {
  if (!isNum(x)) return DASH;
  if (x > 0 && x < 0.001) return '< ' + fmt.pct.format(0.001);
  return fmt.pct.format(x);
}
export const fixed3 = (x) => (isNum(x) ? fmt.fixed3.format(x) : DASH);
export const times = (x) => (isNum(x) ? '\u00d7' + fmt.fixed2.format(x) : DASH);
export const number = (x) => (isNum(x) ? fmt.upTo2.format(x) : DASH);
export const int = (x) => (isNum(x) ? fmt.int.format(x) : DASH);
export const money = (x) => (isNum(x) ? fmt.money.format(x) : DASH);

export function when(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : fmt.dateTime.format(d);
}

export function timeEl(iso) {
  return h('time', { datetime: iso || null, title: iso || null }, when(iso));
}

/** For tight places: the time alone when it is today, else the date and the time to the minute. */
function whenShort(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toDateString() === new Date().toDateString() ? fmt.time.format(d) : fmt.dateShortTime.format(d);
}

export function timeElShort(iso) {
  return h('time', { datetime: iso || null, title: iso ? when(iso) : null }, whenShort(iso));
}

export function tenure(months) {
  if (!isNum(months)) return DASH;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts = [];
  if (years) parts.push(`${years} ${years === 1 ? 'year' : 'years'}`);
  if (rest || !years) parts.push(`${rest} ${rest === 1 ? 'month' : 'months'}`);
  return parts.join(' ');
}

export function channelName(code) {
  if (code === null || code === undefined) return DASH;
  const key = String(code).toLowerCase().replace(/_/g, '-');
  return CHANNEL_LABELS[key] || String(code);
}

export const capitalise = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** A server detail ("the customer ... ") as a sentence: capital first letter, final stop. */
export function sentence(s) {
  if (!s) return '';
  const t = capitalise(String(s).trim());
  return /[.!?)]$/.test(t) ? t : t + '.';
}

export function plural(n, one, many) {
  return `${int(n)} ${n === 1 ? one : many || one + 's'}`;
}

export function initials(name, fallback) {
  const words = String(name || fallback || '?').trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] || '?').slice(0, 2)).toUpperCase();
}

export function actionName(id) {
  const a = state.actionsById.get(id);
  return a ? a.name : null;
}

/** Action name with its id beneath; the id alone when the library does not know it. */
export function actionCell(id, name) {
  const n = name || actionName(id);
  return n
    ? [h('div', { class: 'cell-title' }, n), h('div', { class: 'cell-sub mono' }, id)]
    : [h('div', { class: 'cell-title mono' }, id)];
}

export function size(bytes) {
  if (!isNum(bytes)) return DASH;
  if (bytes < 1024) return plural(bytes, 'byte');
  if (bytes < 1024 * 1024) return `${fmt.upTo2.format(bytes / 1024)} KB`;
  return `${fmt.upTo2.format(bytes / (1024 * 1024))} MB`;
}
