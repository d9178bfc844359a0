/*
 * The Actions tab: the editor frame (one form at a time, kept in the draft) and the action form.
 */
import { DIFF_FIELDS } from './diff.js';
import { eventTypeEditor, journeyEditor } from './forms.js';
import { dayOrInstant, renderLibrary } from './library.js';
import {
  effectiveItems, ensureDraft, ID_PATTERN, ID_RULE, keyOf, liveItems, MAX_INT, putInDraft, removeInDraft,
  shownStrategy,
} from './strategy.js';
import { $, announce, clearFieldError, confirmDialog, fill, h, setFieldError } from '../dom.js';
import { capitalise, channelName, int, isNum, plural, sentence } from '../format.js';
import { stageLabel } from '../journeys.js';
import { state } from '../state.js';
import { vocabulary } from '../vocabulary.js';

// -------- Editing: one form at a time, kept in the draft

/** A labelled input with its hint and error slot; the ids follow setFieldError's convention. */
export function formField(id, label, input, { hint, optional, cls } = {}) {
  input.id = id;
  input.setAttribute('aria-describedby', [hint ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' '));
  return h('div', { class: 'field' + (cls ? ' ' + cls : '') },
    h('label', { for: id }, label, optional ? h('span', { class: 'muted' }, ' (optional)') : null),
    input,
    hint ? h('p', { class: 'hint', id: id + '-hint' }, hint) : null,
    h('p', { class: 'field-error', id: id + '-error', hidden: true }));
}

export const textInput = (value, props = {}) => h('input', { type: 'text', value: value === undefined || value === null ? '' : String(value), autocomplete: 'off', spellcheck: 'false', ...props });

/** Why an eligibility cannot stand inside Customer( … ), or null: the server's own test. */
function eligibilityProblem(text) {
  if (/[\r\n]/.test(text)) return 'must be one line';
  let depth = 0;
  let quoted = false;
  let words = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && (i === 0 || text[i - 1] !== '\\')) { quoted = !quoted; words += ' '; continue; }
    if (quoted) continue;
    words += c;
    if (c === '(') depth += 1;
    else if (c === ')' && --depth < 0) return 'closes a parenthesis it did not open';
    else if (c === ';') return 'may not contain \u201c;\u201d: it is one condition on the customer, such as age >= 25';
  }
  if (quoted) return 'has a quote that is not closed';
  if (depth !== 0) return 'leaves a parenthesis open';
  const word = words.split(/[^A-Za-z_]+/).find((w) => ['then', 'end', 'rule', 'when'].includes(w));
  if (word) return `may not use the word \u201c${word}\u201d: it is one condition on the customer, such as age >= 25`;
  return null;
}

/**
 * A day (2026-12-24) or an instant (2026-12-24T09:00:00Z, or with an offset), as the server reads them;
 * a day given as an end ends at the next midnight, UTC.
 */
export function parseWhen(text, end) {
  if (!text) return { value: null, at: null };
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = new Date(text + 'T00:00:00Z');
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) return { error: true };
    if (end) d.setUTCDate(d.getUTCDate() + 1);
    return { value: text, at: d.getTime() };
  }
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (m) {
    const day = new Date(m[1] + 'T00:00:00Z');
    const at = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== m[1] || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59 || Number.isNaN(at)) {
      return { error: true };
    }
    return { value: text, at };
  }
  return { error: true };
}

/** A number of a field; `fallback` when empty (undefined: required). */
function readNumber(input, fallback) {
  const t = input.value.trim().replace(',', '.');
  if (t === '') return fallback === undefined ? { missing: true } : { value: fallback };
  const n = Number(t);
  return Number.isFinite(n) ? { value: n } : { invalid: true };
}

function isHttpLink(text) {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !/\s/.test(text);
  } catch (e) {
    return false;
  }
}

/**
 * Opens the form of an item of `kind` (null `key`: a new one). An item of the version shown keeps its
 * id; one only in the draft may be renamed.
 */
export async function openEditor(kind, key) {
  const s = state.strategy;
  if (s.editing && s.editing.dirty) {
    const ok = await confirmDialog({
      title: 'Leave the form?',
      body: h('p', null, 'The changes in the open form are not in the draft yet. Leaving the form drops them.'),
      confirm: 'Drop them',
      danger: true,
    });
    if (!ok) { s.editing.focus(); return; }
  }
  const row = key ? effectiveItems(kind).find((r) => keyOf(kind, r.item) === key) : null;
  const item = row ? row.item : null;
  const inBase = !!key && (shownStrategy()[kind] || []).some((x) => keyOf(kind, x) === key);
  const builders = { actions: actionEditor, journeys: journeyEditor, eventTypes: eventTypeEditor };
  s.editing = builders[kind](item, { inBase, key });
  s.editing.kind = kind;
  s.editing.key = key;
  renderActionEditor();
  renderLibrary();
  const problems = s.draft && s.draft.problems && key ? s.draft.problems.byItem.get(`${kind}\u0000${key}`) : null;
  if (problems) s.editing.showProblems(problems);
  $('strategy-editor').scrollIntoView({ block: 'start', behavior: 'smooth' });
  s.editing.focus();
}

function closeEditor({ focusKey } = {}) {
  const s = state.strategy;
  const kind = s.editing ? s.editing.kind : null;
  s.editing = null;
  renderActionEditor();
  renderLibrary();
  if (focusKey && kind) {
    const label = kind === 'actions' ? 'Edit ' : kind === 'journeys' ? 'Edit journey ' : 'Edit event type ';
    const b = Array.from(document.querySelectorAll('#panel-actions button')).find((x) => (x.getAttribute('aria-label') || '').startsWith(label) && x.closest('tr, li') && x.closest('tr, li').textContent.includes(focusKey));
    if (b) b.focus();
  }
}

export function renderActionEditor() {
  const s = state.strategy;
  const slot = $('strategy-editor');
  if (!s.editing) { fill(slot); return; }
  if (slot.firstChild !== s.editing.el) fill(slot, s.editing.el);
}

/** The frame shared by the three forms: heading, general problems, fields, buttons. */
export function editorFrame({ title, intro, body, keep, onKeep, onRemove, removeLabel }) {
  const general = h('div', { class: 'message-slot', 'aria-live': 'polite' });
  const keepButton = h('button', { type: 'submit', class: 'button primary' }, keep || 'Keep in the draft');
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const remove = onRemove ? h('button', { type: 'button', class: 'button danger remove-item' }, removeLabel) : null;
  const form = h('form', { novalidate: true }, general, body,
    h('div', { class: 'editor-actions' }, keepButton, cancel, remove,
      h('p', { class: 'hint' }, 'Kept changes gather in the draft above; nothing is saved until you save the draft as a new version.')));
  const el = h('section', { class: 'card strategy-form', 'aria-labelledby': 'strategy-form-title' },
    h('h2', { id: 'strategy-form-title', tabindex: '-1' }, title), intro ? h('p', { class: 'hint form-intro' }, intro) : null, form);
  const ed = { el, general, dirty: false, errorIds: [] };
  form.addEventListener('input', (e) => {
    ed.dirty = true;
    // A field's error goes once the field is changed.
    const id = e.target.id || (e.target.closest('fieldset') && e.target.closest('fieldset').id);
    if (id && ed.errorIds.includes(id)) clearFieldError(id);
  });
  form.addEventListener('change', () => { ed.dirty = true; });
  form.addEventListener('submit', (e) => { e.preventDefault(); onKeep(ed); });
  cancel.addEventListener('click', async () => {
    if (ed.dirty) {
      const ok = await confirmDialog({ title: 'Drop the changes in the form?', body: h('p', null, 'They are not in the draft.'), confirm: 'Drop them', danger: true });
      if (!ok) return;
    }
    closeEditor({ focusKey: state.strategy.editing && state.strategy.editing.key });
  });
  if (remove) remove.addEventListener('click', () => onRemove(ed));
  ed.clearErrors = () => { ed.errorIds.forEach(clearFieldError); ed.errorIds = []; fill(general); };
  ed.setErrors = (errors, title) => {
    ed.clearErrors();
    errors.forEach(([id, msg]) => { if (id) { setFieldError(id, msg); ed.errorIds.push(id); } });
    fill(general, h('div', { class: 'alert error', role: 'alert' },
      h('strong', null, title || (errors.length === 1 ? 'The problem below must be put right first' : `The ${int(errors.length)} problems below must be put right first`)),
      h('ul', null, errors.map(([id, msg]) => h('li', null, id
        ? h('button', { type: 'button', class: 'link-button', onclick: () => focusField(id) }, msg)
        : msg)))));
    const first = errors.find(([id]) => id);
    if (first) focusField(first[0]);
    else general.querySelector('.alert').focus && $('strategy-form-title').focus();
  };
  return ed;
}

/** Focuses a field by id; a fieldset by its first control. */
function focusField(id) {
  const x = $(id);
  if (!x) return;
  (x.tagName === 'FIELDSET' ? x.querySelector('input, select, textarea, button') || x : x).focus();
}

// -------- The action form

function actionEditor(item, { inBase, key }) {
  const a = item ? JSON.parse(JSON.stringify(item)) : { id: '', name: '', issue: '', group: '', journey: '', value: '', lever: 1, treatments: [] };
  const journeys = liveItems('journeys');
  const groups = Array.from(new Set(liveItems('actions').map((x) => x.group).filter(Boolean))).sort();
  const f = {
    id: textInput(a.id, { maxlength: 100, readonly: inBase ? true : null, required: true }),
    name: textInput(a.name, { maxlength: 200, required: true, spellcheck: 'true' }),
    issue: h('select', { required: true }, h('option', { value: '' }, 'Choose\u2026'),
      vocabulary.issues.map((c) => h('option', { value: c, selected: a.issue === c ? true : null }, capitalise(c)))),
    group: textInput(a.group, { maxlength: 100, list: 'ae-groups', required: true }),
    journey: h('select', { required: true }, h('option', { value: '' }, 'Choose\u2026'),
      journeys.map((j) => h('option', { value: j.id, selected: a.journey === j.id ? true : null }, `${j.name} (${j.id})`))),
    value: h('input', { type: 'number', min: 0, step: 'any', value: isNum(a.value) ? a.value : '', inputmode: 'decimal', required: true }),
    lever: h('input', { type: 'number', min: 0, step: 'any', value: isNum(a.lever) ? a.lever : 1, inputmode: 'decimal' }),
    mandatory: h('input', { type: 'checkbox', id: 'ae-mandatory', checked: a.mandatory ? true : null }),
    dailyLimit: h('input', { type: 'number', min: 0, step: 1, value: a.dailyLimit || 0, inputmode: 'numeric' }),
    budget: h('input', { type: 'number', min: 0, step: 1, value: a.budget || 0, inputmode: 'numeric' }),
    activeFrom: textInput(a.activeFrom ? dayOrInstant(a.activeFrom, false) : '', { placeholder: '2026-12-01', maxlength: 40 }),
    activeUntil: textInput(a.activeUntil ? dayOrInstant(a.activeUntil, true) : '', { placeholder: '2026-12-31', maxlength: 40 }),
    description: h('textarea', { rows: 2, maxlength: 2000 }),
  };
  f.description.value = a.description || '';
  const stagesBox = h('div', { class: 'role-choices stage-choices' });
  const stagesField = h('fieldset', { class: 'field', id: 'ae-stages', 'aria-describedby': 'ae-stages-hint ae-stages-error' },
    h('legend', null, 'Stages'), stagesBox,
    h('p', { class: 'hint', id: 'ae-stages-hint' }, 'The stages of its journey where the action applies; none ticked: every stage.'),
    h('p', { class: 'field-error', id: 'ae-stages-error', hidden: true }));
  let ticked = new Set(a.stages || []);
  const drawStages = () => {
    const j = journeys.find((x) => x.id === f.journey.value);
    Array.from(stagesBox.querySelectorAll('input:checked')).forEach((x) => ticked.add(x.value));
    Array.from(stagesBox.querySelectorAll('input:not(:checked)')).forEach((x) => ticked.delete(x.value));
    fill(stagesBox, j
      ? (j.stages || []).map((st) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'ae-stage', value: st, checked: ticked.has(st) ? true : null }), ` ${stageLabel(st)}`))
      : h('span', { class: 'muted' }, 'Choose a journey first.'));
  };
  f.journey.addEventListener('change', drawStages);
  drawStages();

  // Treatments: rows in order of preference.
  let counter = 0;
  const rows = [];
  const list = h('div', { class: 'treatment-rows' });
  const addButton = h('button', { type: 'button', class: 'button small' }, '+ Add a treatment');
  const renumber = () => {
    rows.forEach((r, i) => {
      r.legend.textContent = `Treatment ${i + 1}`;
      r.up.disabled = i === 0;
      r.down.disabled = i === rows.length - 1;
      r.up.setAttribute('aria-label', `Move treatment ${i + 1} up: preferred before the one above`);
      r.down.setAttribute('aria-label', `Move treatment ${i + 1} down`);
      r.remove.setAttribute('aria-label', `Remove treatment ${i + 1}`);
    });
    fill(list, rows.length ? rows.map((r) => r.el) : h('p', { class: 'muted' }, 'No treatment yet: the action is offered on the channels it has a treatment for.'));
  };
  const treatmentRow = (t) => {
    const n = ++counter;
    const p = `ae-t${n}`;
    const r = {
      n,
      inputs: {
        id: textInput(t.id, { maxlength: 100, placeholder: 'e.g. web-banner' }),
        channel: h('select', null, h('option', { value: '' }, 'Choose\u2026'),
          vocabulary.channels.map((code) => h('option', { value: code, selected: t.channel === code ? true : null }, channelName(code)))),
        title: textInput(t.title, { maxlength: 300, spellcheck: 'true' }),
        text: h('textarea', { rows: 2, maxlength: 4000, spellcheck: 'true' }),
        template: textInput(t.template, { maxlength: 300, placeholder: 'e.g. cms:savings-hero' }),
        link: textInput(t.link, { maxlength: 2000, placeholder: 'https://\u2026', type: 'url' }),
        eligibility: textInput(t.eligibility, { maxlength: 1000, placeholder: 'e.g. balance >= 20000', class: 'mono-input' }),
      },
    };
    r.inputs.text.value = t.text || '';
    r.legend = h('legend');
    r.up = h('button', { type: 'button', class: 'button ghost small', title: 'Move up' }, '\u2191');
    r.down = h('button', { type: 'button', class: 'button ghost small', title: 'Move down' }, '\u2193');
    r.remove = h('button', { type: 'button', class: 'button ghost small', title: 'Remove' }, '\u2715');
    const move = (by) => {
      const i = rows.indexOf(r);
      const j = i + by;
      if (j < 0 || j >= rows.length) return;
      [rows[i], rows[j]] = [rows[j], rows[i]];
      renumber();
      (by < 0 ? r.up : r.down).disabled ? r.inputs.id.focus() : (by < 0 ? r.up : r.down).focus();
      announce(`Treatment moved to place ${j + 1}.`);
      ed.dirty = true;
    };
    r.up.addEventListener('click', () => move(-1));
    r.down.addEventListener('click', () => move(1));
    r.remove.addEventListener('click', () => {
      const i = rows.indexOf(r);
      rows.splice(i, 1);
      renumber();
      const next = rows[Math.min(i, rows.length - 1)];
      (next ? next.inputs.id : addButton).focus();
      announce(`Treatment ${i + 1} removed.`);
      ed.dirty = true;
    });
    r.el = h('fieldset', { class: 'treatment-row', id: `${p}` },
      r.legend,
      h('div', { class: 'treatment-tools' }, r.up, r.down, r.remove),
      h('div', { class: 'treatment-grid' },
        formField(`${p}-id`, 'Id', r.inputs.id),
        formField(`${p}-channel`, 'Channel', r.inputs.channel),
        formField(`${p}-title`, 'Title', r.inputs.title, { cls: 'span-2' }),
        formField(`${p}-text`, 'Text', r.inputs.text, { optional: true, cls: 'span-2' }),
        formField(`${p}-template`, 'Template', r.inputs.template, { optional: true }),
        formField(`${p}-link`, 'Link', r.inputs.link, { optional: true }),
        formField(`${p}-eligibility`, 'Eligibility', r.inputs.eligibility, { optional: true, cls: 'span-4' })));
    return r;
  };
  (a.treatments || []).forEach((t) => rows.push(treatmentRow(t)));
  addButton.addEventListener('click', () => {
    const r = treatmentRow({});
    rows.push(r);
    renumber();
    r.inputs.id.focus();
    ed.dirty = true;
  });
  renumber();

  const onKeep = (e) => {
    const { value, errors } = read();
    if (errors.length) { e.setErrors(errors); announce(`The action has ${plural(errors.length, 'problem')}.`); return; }
    e.clearErrors();
    if (key && key !== value.id) ensureDraft().actions.put.delete(key);
    putInDraft('actions', value);
    state.strategy.editing = null;
    renderActionEditor();
    renderLibrary();
    announce(`${value.name} is in the draft.`);
    const card = $('strategy-draft');
    if (card) { card.scrollIntoView({ block: 'nearest', behavior: 'smooth' }); const c = $('draft-comment'); if (c) c.focus({ preventScroll: true }); }
  };
  const onRemove = async () => {
    const ok = await confirmDialog({
      title: `Remove ${a.name || a.id}?`,
      body: h('p', null, 'The action leaves the library in the new version: it is offered no more once the version is approved and activated. Rules, scenarios and contact policies that name it must not need it.'),
      confirm: 'Remove from the draft',
      danger: true,
    });
    if (!ok) return;
    removeInDraft('actions', key);
    state.strategy.editing = null;
    renderActionEditor();
    renderLibrary();
    announce(`${a.name || a.id} is removed in the draft.`);
  };
  const body = [
    h('datalist', { id: 'ae-groups' }, groups.map((g) => h('option', { value: g }))),
    h('fieldset', { class: 'form-part' }, h('legend', null, 'What it is'),
      h('div', { class: 'form-grid' },
        formField('ae-id', 'Id', f.id, { hint: inBase ? 'An action keeps its id: rules, models and the decision history name it.' : `Used in rules, models and the API: ${ID_RULE}.` }),
        formField('ae-name', 'Name', f.name, { cls: 'span-2' }),
        formField('ae-issue', 'Issue', f.issue, { hint: 'The business purpose' }),
        formField('ae-group', 'Group', f.group, { hint: 'A product line or theme' }),
        formField('ae-journey', 'Journey', f.journey),
        h('div', { class: 'span-2' }, stagesField),
        formField('ae-description', 'Description', f.description, { optional: true, cls: 'span-4' }))),
    h('fieldset', { class: 'form-part' }, h('legend', null, 'Arbitration and volume'),
      h('div', { class: 'form-grid' },
        formField('ae-value', 'Value', f.value, { hint: 'What a positive response is worth, \u2265 0' }),
        formField('ae-lever', 'Lever', f.lever, { hint: 'A boost (> 1) or a brake (< 1); 1 is neutral' }),
        formField('ae-daily-limit', 'Daily limit', f.dailyLimit, { hint: 'Most impressions a day across all customers; 0: none' }),
        formField('ae-budget', 'Budget', f.budget, { hint: 'Most impressions in the action\u2019s whole life; 0: none' }),
        h('div', { class: 'field check span-4' }, f.mandatory,
          h('label', { for: 'ae-mandatory' }, h('b', null, 'Mandatory'), ' \u2014 a regulatory notice: shown whenever it is eligible, before any other action, whatever the contact policy')))),
    h('fieldset', { class: 'form-part' }, h('legend', null, 'Active period'),
      h('div', { class: 'form-grid' },
        formField('ae-active-from', 'From', f.activeFrom, { optional: true, hint: 'A day (2026-12-01) or an instant in UTC (2026-12-01T09:00:00Z); empty: since ever' }),
        formField('ae-active-until', 'Until', f.activeUntil, { optional: true, hint: 'A day, included (2026-12-31), or the instant it stops; empty: for ever' }))),
    h('fieldset', { class: 'form-part', id: 'ae-treatments', 'aria-describedby': 'ae-treatments-hint ae-treatments-error' },
      h('legend', null, 'Treatments'),
      h('p', { class: 'hint', id: 'ae-treatments-hint' }, 'What each channel shows, in order of preference: a decision answers with the first treatment of the channel asked that the customer may get. The action is offered on the channels it has a treatment for. ',
        'Template: the channel\u2019s template, image or CMS key. Link: an http or https address. ',
        'Eligibility: only customers who meet it get the treatment, written as a constraint of the Customer fact, such as ', h('code', null, 'balance >= 20000'), ' or ', h('code', null, 'age >= 25 && holds("current-account")'), '; empty: every customer who may get the action.'),
      h('p', { class: 'field-error', id: 'ae-treatments-error', hidden: true }),
      list, addButton),
  ];
  const ed = editorFrame({
    title: item ? `Edit the action \u201c${a.name || a.id}\u201d` : 'New action',
    intro: item ? null : 'The action joins the library of the new version.',
    body,
    onKeep,
    onRemove: key ? onRemove : null,
    removeLabel: 'Remove this action\u2026',
  });

  function read() {
    const errors = [];
    const err = (id, msg) => errors.push([id, msg]);
    const o = {};
    o.id = f.id.value.trim();
    if (!o.id) err('ae-id', 'Give the action an id.');
    else if (!ID_PATTERN.test(o.id)) err('ae-id', `The id must be ${ID_RULE}.`);
    else if (o.id !== key && liveItems('actions').some((x) => x.id === o.id)) err('ae-id', `Another action has the id ${o.id}.`);
    o.name = f.name.value.trim();
    if (!o.name) err('ae-name', 'Give the action a name.');
    o.issue = f.issue.value;
    if (!vocabulary.issues.includes(o.issue)) err('ae-issue', 'Choose the issue.');
    o.group = f.group.value.trim();
    if (!o.group) err('ae-group', 'Give the action a group.');
    o.journey = f.journey.value;
    if (!o.journey) err('ae-journey', 'Choose the journey.');
    const stages = Array.from(stagesBox.querySelectorAll('input:checked')).map((x) => x.value);
    if (stages.length) o.stages = stages;
    const value = readNumber(f.value);
    if (value.missing) err('ae-value', 'Give the value of a positive response (0 or more).');
    else if (value.invalid || value.value < 0) err('ae-value', 'The value must be a number, 0 or more.');
    else o.value = value.value;
    const lever = readNumber(f.lever, 1);
    if (lever.invalid || lever.value < 0) err('ae-lever', 'The lever must be a number, 0 or more (1 is neutral).');
    else o.lever = lever.value;
    if (f.mandatory.checked) o.mandatory = true;
    const daily = readNumber(f.dailyLimit, 0);
    if (daily.invalid || !Number.isInteger(daily.value) || daily.value < 0 || daily.value > MAX_INT) err('ae-daily-limit', 'The daily limit must be a whole number, 0 or more (0: no limit).');
    else if (daily.value > 0) o.dailyLimit = daily.value;
    const budget = readNumber(f.budget, 0);
    if (budget.invalid || !Number.isInteger(budget.value) || budget.value < 0) err('ae-budget', 'The budget must be a whole number of impressions, 0 or more (0: no limit).');
    else if (budget.value > 0) o.budget = budget.value;
    const from = parseWhen(f.activeFrom.value.trim(), false);
    const until = parseWhen(f.activeUntil.value.trim(), true);
    if (from.error) err('ae-active-from', 'The start must be a day (2026-12-01) or an instant in UTC (2026-12-01T09:00:00Z).');
    else if (from.value) o.activeFrom = from.value;
    if (until.error) err('ae-active-until', 'The end must be a day (2026-12-31) or an instant in UTC (2026-12-31T18:00:00Z).');
    else if (until.value) o.activeUntil = until.value;
    if (from.at !== null && until.at !== null && from.at !== undefined && until.at !== undefined && from.at >= until.at) {
      err('ae-active-until', 'The end must come after the start.');
    }
    const description = f.description.value.trim();
    if (description) o.description = description;
    o.treatments = [];
    if (!rows.length) err('ae-treatments', 'Give the action at least one treatment: it is offered on the channels it has a treatment for.');
    const seen = new Set();
    rows.forEach((r, i) => {
      const p = `ae-t${r.n}`;
      const where = `Treatment ${i + 1}`;
      const t = {};
      t.id = r.inputs.id.value.trim();
      if (!t.id) err(`${p}-id`, `${where} needs an id.`);
      else if (!ID_PATTERN.test(t.id)) err(`${p}-id`, `${where}: the id must be ${ID_RULE}.`);
      else if (seen.has(t.id)) err(`${p}-id`, `${where}: another treatment of the action has the id ${t.id}.`);
      seen.add(t.id);
      t.channel = r.inputs.channel.value;
      if (!vocabulary.channels.includes(t.channel)) err(`${p}-channel`, `${where}: choose its channel.`);
      t.title = r.inputs.title.value.trim();
      if (!t.title) err(`${p}-title`, `${where} needs a title.`);
      const text = r.inputs.text.value.trim();
      if (text) t.text = text;
      const template = r.inputs.template.value.trim();
      if (template) t.template = template;
      const link = r.inputs.link.value.trim();
      if (link && !isHttpLink(link)) err(`${p}-link`, `${where}: the link must be an http or https address.`);
      else if (link) t.link = link;
      const eligibility = r.inputs.eligibility.value.trim();
      const problem = eligibility ? eligibilityProblem(eligibility) : null;
      if (problem) err(`${p}-eligibility`, `${where}: the eligibility ${problem}.`);
      else if (eligibility) t.eligibility = eligibility;
      o.treatments.push(t);
    });
    return { value: o, errors };
  }

  const simple = {
    id: 'ae-id', name: 'ae-name', issue: 'ae-issue', group: 'ae-group', journey: 'ae-journey', stages: 'ae-stages',
    value: 'ae-value', lever: 'ae-lever', mandatory: 'ae-mandatory', dailyLimit: 'ae-daily-limit', budget: 'ae-budget',
    activeFrom: 'ae-active-from', activeUntil: 'ae-active-until', description: 'ae-description', treatments: 'ae-treatments',
  };
  ed.fieldId = (path) => {
    const m = /^treatments\[(\d+)\]\.?(\w*)/.exec(path);
    if (m) {
      const r = rows[Number(m[1])];
      if (!r) return 'ae-treatments';
      return m[2] && r.inputs[m[2]] ? `ae-t${r.n}-${m[2]}` : `ae-t${r.n}-id`;
    }
    return simple[path.split(/[.[]/)[0]] || null;
  };
  ed.showProblems = (problems) => showServerProblems(ed, problems);
  ed.focus = () => $('strategy-form-title').focus();
  return ed;
}

/** A field of an item as the server names it (treatments[1].title), in words: "Treatment 2, title". */
function pathLabel(path) {
  if (!path) return '';
  return path.split('.').map((part) => {
    const m = /^(\w+)\[(\d+)\]$/.exec(part);
    if (m) return `${capitalise(m[1].replace(/s$/, ''))} ${Number(m[2]) + 1}`;
    return DIFF_FIELDS[part] || part;
  }).join(', ');
}

export const problemText = (p) => sentence(p.path ? `${pathLabel(p.path)}: ${p.message}` : p.message);

/** The server's field errors on the form: each on its field when the form has it, else above the fields. */
export function showServerProblems(ed, problems) {
  const placed = problems.map((p) => {
    const id = ed.fieldId(p.path);
    return [id && $(id) ? id : null, problemText(p)];
  });
  ed.setErrors(placed, 'The server did not accept this');
}
