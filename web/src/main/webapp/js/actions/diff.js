/*
 * The strategy's changes, field by field (in the Actions tab and in the Rules tab's comparison).
 */
import { dayOrInstant } from './library.js';
import { h } from '../dom.js';
import { actionName, int } from '../format.js';

// -------- The strategy's changes, field by field (also in the Rules tab's comparison)

const DIFF_KINDS = [
  ['actions', 'Actions', 'action'], ['journeys', 'Journeys', 'journey'],
  ['eventTypes', 'Event types', 'event type'], ['derivedFeatures', 'Derived features', 'derived feature'],
];
export const DIFF_FIELDS = {
  name: 'Name', issue: 'Issue', group: 'Group', journey: 'Journey', stages: 'Stages', value: 'Value', lever: 'Lever',
  mandatory: 'Mandatory', dailyLimit: 'Daily limit', budget: 'Budget', activeFrom: 'Active from', activeUntil: 'Active until',
  description: 'Description', treatments: 'Treatments, in order of preference', channel: 'channel', title: 'title', text: 'text',
  template: 'template', link: 'link', eligibility: 'eligibility', updates: 'Profile changes', triggers: 'Triggers',
  kind: 'Kind', events: 'Events', attribute: 'Attribute', days: 'Days',
};

function diffFieldLabel(field) {
  const t = /^treatments\.([^.]+)\.(\w+)$/.exec(field);
  if (t) return ['Treatment ', h('span', { class: 'mono' }, t[1]), `: ${DIFF_FIELDS[t[2]] || t[2]}`];
  const a = /^attributes\.(.+)$/.exec(field);
  if (a) return ['Attribute ', h('span', { class: 'mono' }, a[1])];
  return DIFF_FIELDS[field] || field;
}

function diffValue(v, cls) {
  return v === null || v === undefined || v === ''
    ? h('span', { class: 'muted' }, 'none')
    : h('span', { class: 'diff-value ' + cls }, String(v));
}

/** A bound of an active period as a person reads it: the last day included rather than the next midnight. */
function periodText(field, value) {
  if (!value || (field !== 'activeFrom' && field !== 'activeUntil')) return value;
  const end = field === 'activeUntil';
  const shown = dayOrInstant(value, end);
  return /^\d{4}-\d{2}-\d{2}$/.test(shown) && end ? `${shown}, included` : shown;
}

/** The strategy member of a diff: what was added, removed and changed, field by field. */
export function strategyDiffView(strategy, names) {
  const nameOf = (kind, id) => {
    const n = (names && names.get(`${kind}\u0000${id}`)) || (kind === 'actions' ? actionName(id) : null);
    return n && n !== id ? [n, ' ', h('span', { class: 'cell-sub mono' }, id)] : h('span', { class: 'mono' }, id);
  };
  const parts = DIFF_KINDS.map(([kind, title, one]) => {
    const x = strategy[kind];
    if (!x) return null;
    const added = x.added || [];
    const removed = x.removed || [];
    const changed = x.changed || [];
    if (!added.length && !removed.length && !changed.length) return null;
    const id = `sdiff-${kind}`;
    return h('section', { class: 'strategy-diff-kind', 'aria-labelledby': id },
      h('h4', { id }, title, h('span', { class: 'count' }, ' \u00b7 ',
        [added.length ? `${int(added.length)} added` : null, removed.length ? `${int(removed.length)} removed` : null, changed.length ? `${int(changed.length)} changed` : null].filter(Boolean).join(', '))),
      added.length || removed.length
        ? h('ul', { class: 'plain-list diff-items' },
          added.map((k) => h('li', null, h('span', { class: 'chip ok' }, 'Added'), ' ', nameOf(kind, k))),
          removed.map((k) => h('li', null, h('span', { class: 'chip danger' }, 'Removed'), ' ', nameOf(kind, k))))
        : null,
      changed.map((c) => h('div', { class: 'table-wrap diff-fields' }, h('table', { class: 'compact' },
        h('caption', null, h('span', { class: 'chip primary' }, 'Changed'), ' ', h('span', { class: 'sr-only' }, `${one} `), nameOf(kind, c.id)),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Before'), h('th', { scope: 'col' }, 'After'))),
        h('tbody', null, (c.fields || []).map((fc) => h('tr', null,
          h('th', { scope: 'row' }, diffFieldLabel(fc.field)),
          h('td', null, diffValue(periodText(fc.field, fc.before), 'del')),
          h('td', null, diffValue(periodText(fc.field, fc.after), 'add')))))))));
  }).filter(Boolean);
  if (!parts.length) {
    return h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'The strategy is the same'),
      h('p', null, 'No action, treatment, journey or event type differs; the changes, if any, are in the rule files.'));
  }
  return h('div', { class: 'strategy-diff' }, parts);
}
