/*
 * The Actions tab: the action library, the journeys and the event types of the version shown.
 */
import { renderDraftCard } from './draft.js';
import { openEditor, renderActionEditor } from './editor.js';
import { channelsOf, effectiveItems, liveItems, orderedIssues, shownStrategy, undoInDraft } from './strategy.js';
import { leverView, treatmentView } from '../decide/decision.js';
import { chipList } from '../decide/profile.js';
import { $, announce, fill, h } from '../dom.js';
import { capitalise, channelName, DASH, int, isNum, number, plural } from '../format.js';
import { journeyName, stageLabel, stepper } from '../journeys.js';
import { activeVersion, versionLabel } from '../rules/shared.js';
import { state } from '../state.js';

// -------- Rendering the strategy

export function renderStrategy() {
  const st = shownStrategy();
  if (!st) return;
  const can = state.auth.can;
  const active = activeVersion();
  const issues = orderedIssues(liveItems('actions'));
  const select = $('actions-issue');
  const current = select.value;
  fill(select, h('option', { value: '' }, 'All issues'), issues.map((i) => h('option', { value: i }, capitalise(i))));
  select.value = issues.includes(current) ? current : '';
  fill($('strategy-note'), st.inForce
    ? 'The actions, journeys and event types in force.'
    : [versionLabel(st.version), st.version === active ? ', in force' : ', not in force',
      can.ruleWrite ? ': your changes make a new version based on it, which waits for approval.' : '.']);
  renderDraftCard();
  renderActionEditor();
  renderLibrary();
  renderJourneysEditor();
  renderEventTypes();
  $('actions-new').hidden = !can.ruleWrite;
  $('journey-new').hidden = !can.ruleWrite;
  $('event-type-new').hidden = !can.ruleWrite;
  $('strategy-sections').hidden = false;
}

export function draftChip(status) {
  switch (status) {
    case 'new': return h('span', { class: 'chip ok' }, 'New in the draft');
    case 'changed': return h('span', { class: 'chip primary' }, 'Changed in the draft');
    case 'removed': return h('span', { class: 'chip danger' }, 'Removed in the draft');
    default: return null;
  }
}

/** A period of an instant or a day, as the reader expects it: the last day included. */
function periodView(a) {
  const from = a.activeFrom ? dayOrInstant(a.activeFrom, false) : null;
  const until = a.activeUntil ? dayOrInstant(a.activeUntil, true) : null;
  if (!from && !until) return h('span', { class: 'muted', title: 'Always active' }, 'Always');
  return h('span', { class: 'period' },
    from ? ['from ', h('span', { class: 'nowrap' }, from)] : null,
    from && until ? h('br') : null,
    until ? ['until ', h('span', { class: 'nowrap' }, until)] : null);
}

/**
 * A day (2026-12-24) when the text is one or an instant at midnight UTC; for an end, the day before
 * the midnight it names, since the end is exclusive and a day is written inclusive.
 */
export function dayOrInstant(text, end) {
  const t = String(text);
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0) {
    if (end) d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }
  return d.toISOString().replace('.000Z', 'Z');
}

function treatmentsCell(a) {
  const list = a.treatments || [];
  if (!list.length) return h('span', { class: 'muted' }, 'None');
  return h('details', { class: 'treatments-cell' },
    h('summary', null,
      h('span', { class: 'sr-only' }, `${plural(list.length, 'treatment')}: `),
      h('span', { class: 'chips' }, list.map((t) => h('span', { class: 'chip' + (t.eligibility ? ' warn' : ''), title: t.eligibility ? `Only for customers with ${t.eligibility}` : null },
        channelName(t.channel), t.eligibility ? ' *' : null)))),
    list.map((t) => treatmentView(t)));
}

export function renderLibrary() {
  const out = $('actions-output');
  const can = state.auth.can;
  const query = $('actions-filter').value.trim().toLowerCase();
  const channel = $('actions-channel').value;
  const issue = $('actions-issue').value;
  const rows = effectiveItems('actions');
  const shown = rows.filter(({ item: a }) =>
    (!issue || a.issue === issue)
    && (!channel || channelsOf(a).includes(channel))
    && (!query || [a.id, a.name, a.group, a.journey, a.description, a.issue, ...(a.stages || []), ...(a.treatments || []).map((t) => t.title)]
      .some((x) => x && String(x).toLowerCase().includes(query))
      || (query === 'mandatory' && a.mandatory)));
  const live = rows.filter((r) => r.status !== 'removed').length;
  const issues = orderedIssues(shown.map((r) => r.item));
  $('actions-count').textContent = `${plural(shown.length, 'action')} in ${plural(issues.length, 'issue')}` +
    (shown.length !== rows.length ? ` (of ${int(live)})` : '');
  if (!shown.length) {
    fill(out, h('div', { class: 'card empty' }, rows.length ? 'No action matches these filters.' : 'The action library is empty.'));
    return;
  }
  const editing = state.strategy.editing;
  fill(out, issues.map((iss) => {
    const ofIssue = shown.filter((r) => r.item.issue === iss);
    const groups = [];
    for (const r of ofIssue) {
      let g = groups.find((x) => x.name === r.item.group);
      if (!g) { g = { name: r.item.group, rows: [] }; groups.push(g); }
      g.rows.push(r);
    }
    const titleId = `issue-${iss}-title`;
    return h('section', { class: 'card issue-section', 'aria-labelledby': titleId },
      h('div', { class: 'section-title' }, h('h2', { id: titleId }, iss),
        h('span', { class: 'count' }, `${plural(ofIssue.length, 'action')} in ${plural(groups.length, 'group')}`)),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Actions of issue ${iss}` },
        h('table', { class: 'library-table' },
          h('colgroup', null, ['c-action', 'c-journey', 'c-treatments', 'c-limit', 'c-period', 'c-value', 'c-lever', 'c-edit'].map((c) => h('col', { class: c }))),
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Journey and stages'),
            h('th', { scope: 'col', title: 'What each channel shows; * only for some customers' }, 'Treatments'),
            h('th', { scope: 'col', class: 'num', title: 'Volume constraints: the most impressions a day, and in the action\u2019s whole life, across all customers' }, 'Limits'),
            h('th', { scope: 'col' }, 'Active'),
            h('th', { scope: 'col', class: 'num' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Lever'),
            h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, can.ruleWrite ? 'Edit' : 'Status')))),
          groups.map((g) => h('tbody', null,
            h('tr', { class: 'group-row' }, h('th', { scope: 'colgroup', colspan: '8' }, 'Group ', h('span', { class: 'mono' }, g.name || DASH), h('span', { class: 'muted' }, ` \u00b7 ${plural(g.rows.length, 'action')}`))),
            g.rows.map(({ item: a, status }) => h('tr', { class: (status === 'removed' ? 'is-removed' : '') + (editing && editing.kind === 'actions' && editing.key === a.id ? ' is-current' : '') || null },
              h('td', null,
                h('div', { class: 'cell-title' }, a.name || a.id, a.mandatory ? [' ', mandatoryBadge()] : null),
                h('div', { class: 'cell-sub mono' }, a.id),
                a.description ? h('div', { class: 'cell-desc' }, a.description) : null,
                status ? h('div', { class: 'chips draft-chips' }, draftChip(status)) : null),
              h('td', null, journeyStagesCell(a)),
              h('td', null, treatmentsCell(a)),
              h('td', { class: 'num' }, dailyLimitView(a.dailyLimit), h('div', { class: 'cell-sub' }, budgetView(a.budget))),
              h('td', null, periodView(a)),
              h('td', { class: 'num' }, number(a.value)),
              h('td', { class: 'num' }, leverView(a.lever)),
              h('td', { class: 'num' }, can.ruleWrite ? editButtons('actions', a.id, a.name || a.id, status) : null))))))));
  }));
}

function budgetView(budget) {
  return isNum(budget) && budget > 0
    ? h('span', { title: `At most ${int(budget)} impressions in the action\u2019s whole life, across all customers` }, `${int(budget)} in all`)
    : null;
}

function editButtons(kind, key, label, status) {
  if (status === 'removed') {
    return h('button', { type: 'button', class: 'button small', 'aria-label': `Keep ${label}: undo its removal`, onclick: () => { undoInDraft(kind, key); announce(`${label} is kept.`); } }, 'Undo');
  }
  return h('button', { type: 'button', class: 'button small', 'aria-label': `Edit ${label}`, onclick: () => openEditor(kind, key) }, 'Edit');
}

export function mandatoryBadge() {
  return h('span', {
    class: 'chip warn badge',
    title: 'A regulatory notice: shown whenever it is eligible, before any other action, whatever the contact policy',
  }, 'Mandatory');
}

function dailyLimitView(limit) {
  return isNum(limit) && limit > 0
    ? h('span', { title: `At most ${int(limit)} impressions a day across all customers (a volume constraint)` }, `${int(limit)} a day`)
    : h('span', { class: 'muted', title: 'No volume constraint' }, DASH);
}

/** The journey of an action, and the stages in which it applies (any stage when it names none). */
function journeyStagesCell(a) {
  if (!a.journey) return DASH;
  const stages = Array.isArray(a.stages) ? a.stages.slice() : [];
  const st = shownStrategy();
  const journey = (st ? liveItems('journeys') : []).find((j) => j.id === a.journey);
  if (journey) {
    const order = journey.stages || [];
    const rank = (x) => (order.includes(x) ? order.indexOf(x) : order.length);
    stages.sort((x, y) => rank(x) - rank(y));
  }
  return [
    h('div', null, journey ? journey.name : journeyName(a.journey)),
    stages.length
      ? h('div', { class: 'chips stage-chips' }, stages.map((x) => h('span', { class: 'chip primary', title: `Stage ${x}` }, stageLabel(x))))
      : h('div', { class: 'cell-sub' }, 'Any stage'),
  ];
}

function renderJourneysEditor() {
  const out = $('journeys-editor-output');
  const can = state.auth.can;
  const rows = effectiveItems('journeys');
  const actions = liveItems('actions');
  if (!rows.length) { fill(out, h('p', { class: 'muted' }, 'No journey is declared.')); return; }
  fill(out, h('ul', { class: 'journey-defs' }, rows.map(({ item: j, status }) => {
    const n = actions.filter((a) => a.journey === j.id).length;
    return h('li', { class: 'journey-def' + (status === 'removed' ? ' is-removed' : '') },
      h('div', { class: 'journey-def-head' },
        h('h3', null, j.name || j.id), h('span', { class: 'cell-sub mono' }, j.id),
        h('span', { class: 'cell-sub' }, `${plural((j.stages || []).length, 'stage')} \u00b7 ${plural(n, 'action')}`),
        draftChip(status),
        can.ruleWrite ? h('span', { class: 'journey-def-edit' }, editButtons('journeys', j.id, `journey ${j.name || j.id}`, status)) : null),
      j.description ? h('p', { class: 'cell-desc' }, j.description) : null,
      h('div', { class: 'stepper-wrap' }, stepper({ name: j.name, stages: (j.stages || []).map((x) => ({ stage: x })) }, { compact: true })));
  })));
}

function attributeText(r) {
  const parts = [r.kind || '?', r.required ? 'required' : 'optional'];
  if (Array.isArray(r.allowed) && r.allowed.length) parts.push('one of ' + r.allowed.join(', '));
  if (isNum(r.min) || isNum(r.max)) parts.push(`${isNum(r.min) ? number(r.min) : '\u2212\u221e'} to ${isNum(r.max) ? number(r.max) : '\u221e'}`);
  return parts.join(', ');
}

function updateText(u) {
  const from = u.attribute ? `attribute ${u.attribute}` : u.value === undefined ? '' : JSON.stringify(u.value);
  return `${u.field} ${u.operation}${from ? ' ' + from : ''}`;
}

function renderEventTypes() {
  const out = $('event-types-output');
  const can = state.auth.can;
  const rows = effectiveItems('eventTypes');
  const st = shownStrategy();
  const features = st && Array.isArray(st.derivedFeatures) ? st.derivedFeatures : [];
  fill(out,
    rows.length
      ? h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Event types' },
        h('table', { class: 'compact event-types-table' },
          h('caption', { class: 'sr-only' }, 'Event types: their attributes, the profile changes their events make, and the channels they trigger a decision on'),
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, 'Event type'), h('th', { scope: 'col' }, 'Attributes'),
            h('th', { scope: 'col' }, 'Profile changes'), h('th', { scope: 'col', title: 'The channels on which an event of this type asks for an outbound decision' }, 'Triggers'),
            h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, can.ruleWrite ? 'Edit' : 'Status')))),
          h('tbody', null, rows.map(({ item: t, status }) => h('tr', { class: status === 'removed' ? 'is-removed' : null },
            h('th', { scope: 'row' }, h('div', { class: 'mono cell-title' }, t.name), t.description ? h('div', { class: 'cell-desc' }, t.description) : null,
              status ? h('div', { class: 'chips draft-chips' }, draftChip(status)) : null),
            h('td', null, Object.keys(t.attributes || {}).length
              ? h('ul', { class: 'plain-list' }, Object.entries(t.attributes).map(([k, r]) => h('li', null, h('span', { class: 'mono' }, k), h('span', { class: 'cell-sub' }, ` ${attributeText(r)}`))))
              : h('span', { class: 'muted' }, 'None')),
            h('td', null, (t.updates || []).length
              ? h('ul', { class: 'plain-list mono small-mono' }, t.updates.map((u) => h('li', null, updateText(u))))
              : h('span', { class: 'muted' }, 'Recorded only')),
            h('td', null, (t.triggers || []).length ? chipList(t.triggers, channelName, 'None') : h('span', { class: 'muted' }, 'None')),
            h('td', { class: 'num' }, can.ruleWrite ? editButtons('eventTypes', t.name, `event type ${t.name}`, status) : null))))))
      : h('p', { class: 'muted' }, 'No event type is declared.'),
    features.length
      ? h('details', { class: 'features-list' },
        h('summary', null, `Derived features (${int(features.length)})`),
        h('p', { class: 'hint' }, 'Computed from each customer\u2019s events over a window of days; rules read them as feature("name"). They are declared in event-types.json beside the event types.'),
        h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Feature'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Events'), h('th', { scope: 'col', class: 'num' }, 'Days'))),
          h('tbody', null, features.map((f) => h('tr', null,
            h('th', { scope: 'row' }, h('span', { class: 'mono' }, f.name), f.description ? h('div', { class: 'cell-desc' }, f.description) : null),
            h('td', null, f.kind, f.attribute ? h('span', { class: 'cell-sub' }, ` of ${f.attribute}`) : null),
            h('td', { class: 'mono' }, (f.events || []).join(', ')),
            h('td', { class: 'num' }, int(f.days))))))))
      : null);
}
