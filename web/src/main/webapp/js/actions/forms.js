/*
 * The Actions tab: the journey form and the event type form.
 */
import { editorFrame, formField, renderActionEditor, showServerProblems, textInput } from './editor.js';
import { ensureDraft, ID_PATTERN, ID_RULE, liveItems, putInDraft, removeInDraft } from './strategy.js';
import { $, announce, confirmDialog, fill, h } from '../dom.js';
import { isNum, plural } from '../format.js';
import { state } from '../state.js';
import { vocabulary } from '../vocabulary.js';

// -------- The journey form

export function journeyEditor(item, { inBase, key }) {
  const j = item ? JSON.parse(JSON.stringify(item)) : { id: '', name: '', description: '', stages: [] };
  const f = {
    id: textInput(j.id, { maxlength: 100, readonly: inBase ? true : null }),
    name: textInput(j.name, { maxlength: 200, spellcheck: 'true' }),
    description: h('textarea', { rows: 2, maxlength: 2000 }),
  };
  f.description.value = j.description || '';
  let counter = 0;
  const rows = [];
  const list = h('ol', { class: 'stage-rows' });
  const add = h('button', { type: 'button', class: 'button small' }, '+ Add a stage');
  const used = new Set(liveItems('actions').filter((a) => a.journey === j.id).flatMap((a) => a.stages || []));
  const renumber = () => {
    rows.forEach((r, i) => {
      r.label.textContent = `Stage ${i + 1}`;
      r.up.disabled = i === 0;
      r.down.disabled = i === rows.length - 1;
      r.up.setAttribute('aria-label', `Move stage ${i + 1} up`);
      r.down.setAttribute('aria-label', `Move stage ${i + 1} down`);
      r.remove.setAttribute('aria-label', `Remove stage ${i + 1}`);
    });
    fill(list, rows.map((r) => r.el));
  };
  const stageRow = (code) => {
    const n = ++counter;
    const id = `je-s${n}`;
    const r = { n, input: textInput(code, { maxlength: 100, placeholder: 'e.g. keep-in-touch', 'aria-describedby': `${id}-error` }) };
    r.input.id = id;
    r.label = h('label', { for: id, class: 'stage-label' });
    r.up = h('button', { type: 'button', class: 'button ghost small', title: 'Move up' }, '\u2191');
    r.down = h('button', { type: 'button', class: 'button ghost small', title: 'Move down' }, '\u2193');
    r.remove = h('button', { type: 'button', class: 'button ghost small', title: 'Remove' }, '\u2715');
    const move = (by) => {
      const i = rows.indexOf(r);
      if (i + by < 0 || i + by >= rows.length) return;
      [rows[i], rows[i + by]] = [rows[i + by], rows[i]];
      renumber();
      r.input.focus();
      ed.dirty = true;
    };
    r.up.addEventListener('click', () => move(-1));
    r.down.addEventListener('click', () => move(1));
    r.remove.addEventListener('click', () => {
      const i = rows.indexOf(r);
      rows.splice(i, 1);
      renumber();
      const next = rows[Math.min(i, rows.length - 1)];
      (next ? next.input : add).focus();
      ed.dirty = true;
    });
    r.el = h('li', { class: 'stage-row' }, r.label, r.input, r.up, r.down, r.remove,
      code && used.has(code) ? h('span', { class: 'cell-sub' }, 'actions apply here') : null,
      h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
    return r;
  };
  (j.stages || []).forEach((st) => rows.push(stageRow(st)));
  add.addEventListener('click', () => {
    const r = stageRow('');
    rows.push(r);
    renumber();
    r.input.focus();
    ed.dirty = true;
  });
  renumber();
  const read = () => {
    const errors = [];
    const o = { id: f.id.value.trim(), name: f.name.value.trim() };
    if (!o.id) errors.push(['je-id', 'Give the journey an id.']);
    else if (!ID_PATTERN.test(o.id)) errors.push(['je-id', `The id must be ${ID_RULE}.`]);
    else if (o.id !== key && liveItems('journeys').some((x) => x.id === o.id)) errors.push(['je-id', `Another journey has the id ${o.id}.`]);
    if (!o.name) errors.push(['je-name', 'Give the journey a name.']);
    const description = f.description.value.trim();
    if (description) o.description = description;
    o.stages = [];
    const seen = new Set();
    rows.forEach((r, i) => {
      const v = r.input.value.trim();
      if (!v) errors.push([r.input.id, `Stage ${i + 1} needs a code.`]);
      else if (!ID_PATTERN.test(v)) errors.push([r.input.id, `Stage ${i + 1}: the code must be ${ID_RULE}.`]);
      else if (seen.has(v)) errors.push([r.input.id, `Stage ${i + 1}: the journey already has the stage ${v}.`]);
      seen.add(v);
      o.stages.push(v);
    });
    if (!rows.length) errors.push(['je-stages', 'A journey needs at least one stage.']);
    const dropped = (j.stages || []).filter((st) => used.has(st) && !o.stages.includes(st));
    if (dropped.length) errors.push(['je-stages', `Actions apply at ${dropped.join(', ')}: change them first, or keep the stage.`]);
    return { value: o, errors };
  };
  const ed = editorFrame({
    title: item ? `Edit the journey \u201c${j.name || j.id}\u201d` : 'New journey',
    intro: 'The stage rules (journey-stages.drl) place customers at these stages; actions name the stages where they apply.',
    body: [
      h('div', { class: 'form-grid' },
        formField('je-id', 'Id', f.id, { hint: inBase ? 'A journey keeps its id: actions and stage rules name it.' : ID_RULE }),
        formField('je-name', 'Name', f.name, { cls: 'span-3' }),
        formField('je-description', 'Description', f.description, { optional: true, cls: 'span-4' })),
      h('fieldset', { class: 'form-part', id: 'je-stages', 'aria-describedby': 'je-stages-hint je-stages-error' },
        h('legend', null, 'Stages, in their usual order'),
        h('p', { class: 'hint', id: 'je-stages-hint' }, `Codes in ${ID_RULE}. Customers skip, go back and stall: the order is for people reading it.`),
        h('p', { class: 'field-error', id: 'je-stages-error', hidden: true }),
        list, add),
    ],
    onKeep: (e) => {
      const { value, errors } = read();
      if (errors.length) { e.setErrors(errors); return; }
      if (key && key !== value.id) ensureDraft().journeys.put.delete(key);
      putInDraft('journeys', value);
      state.strategy.editing = null;
      renderActionEditor();
      announce(`The journey ${value.name} is in the draft.`);
    },
    onRemove: key ? async () => {
      const n = liveItems('actions').filter((a) => a.journey === key).length;
      if (n) {
        await confirmDialog({ title: 'The journey has actions', body: h('p', null, `${plural(n, 'action')} belong to it: move or remove them first.`), confirm: 'OK' });
        return;
      }
      const ok = await confirmDialog({ title: `Remove the journey ${j.name || j.id}?`, body: h('p', null, 'Stage rules that place customers in it must go too, or the version is refused.'), confirm: 'Remove from the draft', danger: true });
      if (!ok) return;
      removeInDraft('journeys', key);
      state.strategy.editing = null;
      renderActionEditor();
    } : null,
    removeLabel: 'Remove this journey\u2026',
  });
  ed.fieldId = (path) => {
    const m = /^stages\[(\d+)\]/.exec(path);
    if (m) return rows[Number(m[1])] ? rows[Number(m[1])].input.id : 'je-stages';
    return { id: 'je-id', name: 'je-name', description: 'je-description', stages: 'je-stages' }[path] || null;
  };
  ed.showProblems = (problems) => showServerProblems(ed, problems);
  ed.focus = () => $('strategy-form-title').focus();
  return ed;
}

// -------- The event type form: its declaration as JSON

const EVENT_TYPE_KEYS = ['name', 'description', 'attributes', 'updates', 'triggers'];

function eventTypeProblems(o, key) {
  const p = [];
  if (!o || typeof o !== 'object' || Array.isArray(o)) return ['The declaration must be one JSON object: { "name": \u2026, "description": \u2026, "attributes": {\u2026}, "updates": [\u2026] }.'];
  Object.keys(o).filter((k) => !EVENT_TYPE_KEYS.includes(k)).forEach((k) => p.push(`Unknown key \u201c${k}\u201d; an event type has ${EVENT_TYPE_KEYS.join(', ')}.`));
  if (typeof o.name !== 'string' || !o.name.trim()) p.push('\u201cname\u201d must be a text, such as payment.missed.');
  else if (key && o.name !== key) p.push(`The name stays ${key}: to rename the type, add a new one and remove this one.`);
  else if (!key && liveItems('eventTypes').some((t) => t.name === o.name)) p.push(`Another event type is named ${o.name}.`);
  if (typeof o.description !== 'string') p.push('\u201cdescription\u201d must be a text.');
  if (!o.attributes || typeof o.attributes !== 'object' || Array.isArray(o.attributes)) {
    p.push('\u201cattributes\u201d must be an object, {} when the events carry none.');
  } else {
    for (const [k, r] of Object.entries(o.attributes)) {
      if (!r || typeof r !== 'object') { p.push(`Attribute ${k} must be an object such as {"kind": "string", "required": true}.`); continue; }
      if (!vocabulary.attributeKinds.includes(r.kind)) p.push(`Attribute ${k}: "kind" must be one of ${vocabulary.attributeKinds.join(', ')}.`);
      if ('required' in r && typeof r.required !== 'boolean') p.push(`Attribute ${k}: "required" must be true or false.`);
      if ('allowed' in r && !(Array.isArray(r.allowed) && r.allowed.every((x) => typeof x === 'string'))) p.push(`Attribute ${k}: "allowed" must be a list of texts.`);
      for (const b of ['min', 'max']) if (b in r && !isNum(r[b])) p.push(`Attribute ${k}: "${b}" must be a number.`);
    }
  }
  if (!Array.isArray(o.updates)) {
    p.push('\u201cupdates\u201d must be a list, [] when the events change no profile field.');
  } else {
    o.updates.forEach((u, i) => {
      if (!u || typeof u !== 'object' || typeof u.field !== 'string' || typeof u.operation !== 'string') {
        p.push(`Update ${i + 1} must name its "field" and its "operation".`);
      } else if ('attribute' in u && typeof u.attribute !== 'string') {
        p.push(`Update ${i + 1}: "attribute" must be the name of an attribute.`);
      } else if (typeof u.attribute === 'string' && o.attributes && typeof o.attributes === 'object' && !(u.attribute in o.attributes)) {
        p.push(`Update ${i + 1} reads the attribute ${u.attribute}, which the type does not declare.`);
      }
    });
  }
  if ('triggers' in o) {
    if (!Array.isArray(o.triggers)) p.push('\u201ctriggers\u201d must be a list of channel codes.');
    else o.triggers.filter((c) => !vocabulary.channels.includes(c)).forEach((c) => p.push(`Trigger \u201c${c}\u201d is not a channel; the channels are ${vocabulary.channels.join(', ')}.`));
  }
  return p;
}

export function eventTypeEditor(item, { key }) {
  const start = item || {
    name: 'account.opened', description: 'What happened, in one sentence.',
    attributes: { product: { kind: 'string', required: true } },
    updates: [{ field: 'products', operation: 'add', attribute: 'product' }],
    triggers: ['app'],
  };
  const ta = h('textarea', { class: 'code-input json-input', rows: 16, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', wrap: 'off' });
  ta.value = JSON.stringify(start, null, 2);
  const ed = editorFrame({
    title: item ? `Edit the event type \u201c${item.name}\u201d` : 'New event type',
    intro: 'An event type says what a channel or a back office may report about a customer: its attributes, the profile fields its events change, and the channels on which an event triggers an outbound decision.',
    body: [
      formField('et-json', 'Declaration (JSON)', ta, {
        hint: 'Attributes: {"name": {"kind": "string" | "number" | "boolean", "required": true, "allowed": [\u2026], "min": 0, "max": 1}}. Updates: {"field": "missedPayments", "operation": "increment" | "set" | "add" | "remove", "value": 1} or {\u2026, "attribute": "name"}. Triggers: channel codes.',
      }),
    ],
    onKeep: (e) => {
      let o;
      try {
        o = JSON.parse(ta.value);
      } catch (err) {
        e.setErrors([['et-json', `The declaration is not valid JSON: ${err.message}.`]]);
        return;
      }
      const problems = eventTypeProblems(o, key);
      if (problems.length) { e.setErrors(problems.map((m) => ['et-json', m])); return; }
      if (Array.isArray(o.triggers) && !o.triggers.length) delete o.triggers;
      putInDraft('eventTypes', o);
      state.strategy.editing = null;
      renderActionEditor();
      announce(`The event type ${o.name} is in the draft.`);
    },
    onRemove: key ? async () => {
      const ok = await confirmDialog({
        title: `Remove the event type ${key}?`,
        body: h('p', null, 'Channels can no longer report it: events of this type are refused once the version is in force. Derived features that count it must go too.'),
        confirm: 'Remove from the draft', danger: true,
      });
      if (!ok) return;
      removeInDraft('eventTypes', key);
      state.strategy.editing = null;
      renderActionEditor();
    } : null,
    removeLabel: 'Remove this event type\u2026',
  });
  ed.fieldId = () => 'et-json';
  ed.showProblems = (problems) => showServerProblems(ed, problems);
  ed.focus = () => $('strategy-form-title').focus();
  return ed;
}
