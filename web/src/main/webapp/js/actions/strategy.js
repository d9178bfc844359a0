/*
 * The Actions tab: the strategy of a version (its actions with their treatments, its journeys, its event types) and,
 * for business users, the draft of changes to it. Edits are gathered in a draft and saved together as a new version
 * (POST /rulesets/{version}/edits), which waits for approval like an upload.
 */
import { parseWhen } from './editor.js';
import { dayOrInstant, renderStrategy } from './library.js';
import { api, ApiError, enc, problemView } from '../api.js';
import { $, confirmDialog, fill, h } from '../dom.js';
import { isNum, plural } from '../format.js';
import { activeVersion, versionLabel, versionWord } from '../rules/shared.js';
import { loadVersions } from '../rules/versions.js';
import { setActions, state } from '../state.js';
import { vocabulary } from '../vocabulary.js';

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const ID_RULE = 'lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit';
export const MAX_INT = 2147483647;
export const KINDS = {
  actions: { one: 'action', label: 'Action', key: 'id' },
  journeys: { one: 'journey', label: 'Journey', key: 'id' },
  eventTypes: { one: 'event type', label: 'Event type', key: 'name' },
};
export const KIND_ORDER = ['actions', 'journeys', 'eventTypes'];

export function orderedIssues(actions) {
  const present = new Set(actions.map((a) => a.issue));
  return [...vocabulary.issues.filter((i) => present.has(i)), ...Array.from(present).filter((i) => !vocabulary.issues.includes(i)).sort()];
}

// -------- The API's views, as the files write them

/** An action of the API (GET /actions, /rulesets/{v}/strategy) as actions.json writes it. */
function actionFromView(a) {
  const o = { id: a.actionId || a.id, name: a.name, issue: a.issue, group: a.group, journey: a.journey };
  if (Array.isArray(a.stages) && a.stages.length) o.stages = a.stages.slice();
  o.value = a.value;
  o.lever = isNum(a.lever) ? a.lever : 1;
  if (a.mandatory) o.mandatory = true;
  if (a.dailyLimit > 0) o.dailyLimit = a.dailyLimit;
  if (a.budget > 0) o.budget = a.budget;
  if (a.activeFrom) o.activeFrom = a.activeFrom;
  if (a.activeUntil) o.activeUntil = a.activeUntil;
  if (a.description) o.description = a.description;
  o.treatments = (Array.isArray(a.treatments) ? a.treatments : []).map((t) => {
    const x = { id: t.id, channel: t.channel, title: t.title };
    for (const k of ['text', 'template', 'link', 'eligibility']) if (t[k]) x[k] = t[k];
    return x;
  });
  return o;
}

function journeyFromView(j) {
  const o = { id: j.id || j.journeyId, name: j.name };
  if (j.description) o.description = j.description;
  o.stages = (Array.isArray(j.stages) ? j.stages : []).map((s) => (typeof s === 'string' ? s : s.stage));
  return o;
}

/** An event type of the API as event-types.json writes it: defaults and empty values left out. */
function eventTypeFromView(t) {
  const o = { name: t.name, description: t.description || '', attributes: {}, updates: [] };
  for (const [k, r] of Object.entries(t.attributes || {})) {
    const a = { kind: r.kind };
    if (r.required) a.required = true;
    if (Array.isArray(r.allowed) && r.allowed.length) a.allowed = r.allowed.slice();
    if (isNum(r.min)) a.min = r.min;
    if (isNum(r.max)) a.max = r.max;
    o.attributes[k] = a;
  }
  o.updates = (Array.isArray(t.updates) ? t.updates : []).map((u) => {
    const x = { field: u.field, operation: u.operation };
    if (u.attribute) x.attribute = u.attribute;
    else if (u.value !== null && u.value !== undefined) x.value = u.value;
    return x;
  });
  if (Array.isArray(t.triggers) && t.triggers.length) o.triggers = t.triggers.slice();
  return o;
}

export const channelsOf = (a) => Array.from(new Set((a.treatments || []).map((t) => t.channel)));
export const keyOf = (kind, item) => item[KINDS[kind].key];

// -------- Loading a version's strategy

/** The strategy shown: the version chosen (the one in force by default), as the files write it. */
export function shownStrategy() {
  const s = state.strategy;
  return s.version ? s.byVersion.get(s.version) || null : null;
}

/** Reads a version's strategy; the in-force library, journeys and event types for whoever cannot read versions. */
async function loadStrategy(version) {
  const s = state.strategy;
  if (s.byVersion.has(version)) return s.byVersion.get(version);
  let st;
  const inForce = async () => {
    const [actions, journeys, eventTypes] = await Promise.all([api('actions'), api('journeys'), api('event-types')]);
    setActions(actions.data);
    return {
      version, inForce: true,
      actions: (actions.data || []).map(actionFromView),
      journeys: (journeys.data || []).map(journeyFromView),
      eventTypes: (eventTypes.data || []).map(eventTypeFromView),
      derivedFeatures: null,
    };
  };
  if (!state.auth.can.rules) {
    st = await inForce();
  } else {
    try {
      const { data } = await api(`rulesets/${enc(version)}/strategy`);
      st = {
        version,
        actions: (data.actions || []).map(actionFromView),
        journeys: (data.journeys || []).map(journeyFromView),
        eventTypes: (data.eventTypes || []).map(eventTypeFromView),
        derivedFeatures: Array.isArray(data.derivedFeatures) ? data.derivedFeatures : null,
      };
    } catch (e) {
      // A server without the strategy of each version still says what is in force.
      if (!((e.status === 404 || e.status === 405) && version === activeVersion())) throw e;
      st = await inForce();
    }
  }
  s.byVersion.set(version, st);
  return st;
}

/** Shows the Actions tab for #actions (the version in force) or #actions/<version>. */
export async function showActions(arg) {
  const s = state.strategy;
  const out = $('actions-output');
  const can = state.auth.can;
  $('strategy-version-field').hidden = !can.rules;
  $('actions-new').hidden = !can.ruleWrite;
  if (can.rules && !state.rules.versions) {
    fill(out, h('div', { class: 'card loading' }, 'Loading the versions\u2026'));
    const ok = await loadVersions();
    if (!ok) {
      fill(out, problemView(new ApiError(0, null, 'The versions could not be loaded', 'Try again in a moment.'), { retry: () => showActions(arg) }));
      return;
    }
  }
  const active = can.rules ? activeVersion() : 'in-force';
  const wanted = !can.rules ? active : arg || (s.draft ? s.draft.base : null) || s.version || active;
  if (s.draft && wanted !== s.draft.base) {
    const ok = await confirmDialog({
      title: 'Discard the draft changes?',
      body: h('p', null, `Your draft holds ${plural(draftCount(s.draft), 'change')} to ${versionWord(s.draft.base)}, not saved yet. Showing another version discards them.`),
      confirm: 'Discard and show ' + versionWord(wanted),
      danger: true,
    });
    if (!ok) { history.replaceState(null, '', '#actions/' + enc(s.draft.base)); renderVersionSelect(); return; }
    s.draft = null;
    s.editing = null;
  }
  if (!wanted) {
    fill(out, h('div', { class: 'card empty' }, 'No version is stored yet.'));
    return;
  }
  if (s.version !== wanted) s.saved = null;
  s.version = wanted;
  renderVersionSelect();
  if (s.byVersion.has(wanted)) { renderStrategy(); return; }
  const seq = ++s.seq;
  fill(out, h('div', { class: 'card loading' }, can.rules ? `Loading the strategy of ${versionWord(wanted)}\u2026` : 'Loading the action library\u2026'));
  for (const id of ['journeys-editor-output', 'event-types-output']) fill($(id));
  try {
    await loadStrategy(wanted);
    if (seq !== s.seq || state.activeTab !== 'actions') return;
    renderStrategy();
  } catch (e) {
    if (seq !== s.seq) return;
    fill(out, problemView(e, {
      title: e.status === 404 ? `There is no ${versionWord(wanted)}` : 'The strategy could not be loaded',
      retry: e.retryable ? () => showActions(arg) : null,
    }));
  }
}

export function renderVersionSelect() {
  const s = state.strategy;
  const select = $('strategy-version');
  const versions = state.rules.versions || [];
  fill(select, versions.map((v) => h('option', { value: v.version, selected: v.version === s.version ? true : null },
    versionLabel(v.version) + (v.active ? ' (in force)' : ''))));
  select.value = s.version || '';
}

// -------- The draft: changes to the version shown, saved together

function newStrategyDraft(base) {
  const kinds = {};
  for (const k of KIND_ORDER) kinds[k] = { put: new Map(), remove: new Set() };
  return { base, ...kinds, problems: null, sent: null };
}

export function draftCount(d) {
  return d ? KIND_ORDER.reduce((n, k) => n + d[k].put.size + d[k].remove.size, 0) : 0;
}

export function ensureDraft() {
  const s = state.strategy;
  if (!s.draft) s.draft = newStrategyDraft(s.version);
  return s.draft;
}

/** The items of a kind as the draft would make them, each with what the draft does to it. */
export function effectiveItems(kind) {
  const st = shownStrategy();
  const d = state.strategy.draft;
  const base = st ? st[kind] || [] : [];
  const rows = base.map((item) => {
    const key = keyOf(kind, item);
    if (d && d[kind].remove.has(key)) return { item, status: 'removed' };
    if (d && d[kind].put.has(key)) return { item: d[kind].put.get(key), status: 'changed', before: item };
    return { item, status: null };
  });
  if (d) {
    const known = new Set(base.map((x) => keyOf(kind, x)));
    for (const [key, item] of d[kind].put) if (!known.has(key)) rows.push({ item, status: 'new' });
  }
  return rows;
}

export const liveItems = (kind) => effectiveItems(kind).filter((r) => r.status !== 'removed').map((r) => r.item);

export function putInDraft(kind, item) {
  const d = ensureDraft();
  const key = keyOf(kind, item);
  d[kind].remove.delete(key);
  const base = (shownStrategy()[kind] || []).find((x) => keyOf(kind, x) === key);
  if (base && sameItem(base, item)) d[kind].put.delete(key);
  else d[kind].put.set(key, item);
  d.problems = null;
  afterDraftChange();
}

/**
 * Whether a form gave back the item as it was: the same fields, stages in any order, a period as the
 * same instants whether written as days or instants.
 */
function sameItem(a, b) {
  const canonical = (x) => {
    const c = { ...x };
    if (Array.isArray(c.stages)) c.stages = c.stages.slice().sort();
    for (const [k, end] of [['activeFrom', false], ['activeUntil', true]]) {
      if (c[k]) { const w = parseWhen(dayOrInstant(c[k], end), end); c[k] = w.error ? c[k] : w.at; }
    }
    const sorted = {};
    for (const k of Object.keys(c).sort()) sorted[k] = c[k];
    return JSON.stringify(sorted);
  };
  return canonical(a) === canonical(b);
}

export function removeInDraft(kind, key) {
  const d = ensureDraft();
  d[kind].put.delete(key);
  if ((shownStrategy()[kind] || []).some((x) => keyOf(kind, x) === key)) d[kind].remove.add(key);
  d.problems = null;
  afterDraftChange();
}

export function undoInDraft(kind, key) {
  const d = state.strategy.draft;
  if (!d) return;
  d[kind].put.delete(key);
  d[kind].remove.delete(key);
  d.problems = null;
  afterDraftChange();
}

function afterDraftChange() {
  const s = state.strategy;
  if (s.draft && !draftCount(s.draft)) s.draft = null;
  s.saved = null;
  renderStrategy();
}

/** The request body of POST /rulesets/{version}/edits; `sent` remembers which item each index names. */
export function editsBody(d, comment) {
  const body = { comment };
  const sent = {};
  for (const k of KIND_ORDER) {
    const put = Array.from(d[k].put.values());
    const remove = Array.from(d[k].remove);
    sent[k] = { put: put.map((x) => keyOf(k, x)), remove };
    if (put.length || remove.length) body[k] = { put, remove };
  }
  return { body, sent };
}
