/*
 * The Actions tab: the draft card, what will change and saving it as a new version.
 */
import { strategyDiffView } from './diff.js';
import { openEditor, problemText } from './editor.js';
import { draftChip, renderStrategy } from './library.js';
import {
  draftCount, editsBody, effectiveItems, keyOf, KIND_ORDER, KINDS, renderVersionSelect, shownStrategy, undoInDraft,
} from './strategy.js';
import { api, ApiError, enc, fieldErrorText, problemLine, problemView } from '../api.js';
import { $, announce, clearFieldError, confirmDialog, fill, h, setBusy, setFieldError } from '../dom.js';
import { int, plural, sentence } from '../format.js';
import { diffSummary } from '../rules/compare.js';
import { activeVersion, compilationList, versionWord } from '../rules/shared.js';
import { loadVersions } from '../rules/versions.js';
import { state } from '../state.js';
import { go } from '../tabs.js';

// -------- The draft card: what will change, and saving it as a new version

function itemLabel(kind, key) {
  const row = effectiveItems(kind).find((r) => keyOf(kind, r.item) === key);
  const name = row && row.item.name;
  return kind === 'eventTypes' || !name || name === key ? key : `${name} (${key})`;
}

export function renderDraftCard() {
  const s = state.strategy;
  const slot = $('strategy-draft');
  if (s.saved) { fill(slot, savedView(s.saved)); return; }
  const d = s.draft;
  if (!d) { fill(slot); return; }
  const problems = d.problems;
  const items = [];
  for (const kind of KIND_ORDER) {
    const base = shownStrategy()[kind] || [];
    const entries = [
      ...Array.from(d[kind].put.keys()).map((key) => [key, base.some((x) => keyOf(kind, x) === key) ? 'changed' : 'new']),
      ...Array.from(d[kind].remove).map((key) => [key, 'removed']),
    ];
    for (const [key, status] of entries) {
      const own = problems && problems.byItem.get(`${kind}\u0000${key}`);
      const label = itemLabel(kind, key);
      items.push(h('li', { class: 'draft-item' + (own ? ' has-problems' : '') },
        h('span', { class: 'chip' }, KINDS[kind].label), ' ', h('b', null, label), ' ', draftChip(status),
        h('span', { class: 'draft-item-actions' },
          status !== 'removed' ? h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Edit ${label} again`, onclick: () => openEditor(kind, key) }, 'Edit') : null,
          h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Undo the change to ${label}`, onclick: () => { undoInDraft(kind, key); announce(`The change to ${label} is undone.`); } }, 'Undo')),
        own ? h('ul', { class: 'draft-problems' }, own.map((p) => h('li', null, problemText(p)))) : null));
    }
  }
  const comment = h('textarea', { id: 'draft-comment', rows: 2, maxlength: 2000, placeholder: 'e.g. savings account worth more for the spring campaign', 'aria-describedby': 'draft-comment-hint draft-comment-error' });
  comment.value = d.comment || '';
  comment.addEventListener('input', () => { d.comment = comment.value; clearFieldError('draft-comment'); });
  const save = h('button', { type: 'button', class: 'button primary', id: 'draft-save' }, 'Save as a new version');
  save.addEventListener('click', () => saveDraft(save));
  const discard = h('button', { type: 'button', class: 'button ghost' }, 'Discard the draft');
  discard.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: 'Discard the draft?', body: h('p', null, `Its ${plural(draftCount(d), 'change')} are lost. Nothing was saved.`), confirm: 'Discard', danger: true });
    if (!ok) return;
    s.draft = null;
    s.editing = null;
    renderStrategy();
    announce('Draft discarded.');
    $('actions-filter').focus();
  });
  fill(slot, h('section', { class: 'card draft-card', 'aria-labelledby': 'draft-title' },
    h('div', { class: 'section-title' },
      h('h2', { id: 'draft-title' }, 'Draft changes'),
      h('span', { class: 'count' }, `${plural(draftCount(d), 'change')} to ${versionWord(d.base)}, not saved yet`)),
    h('ul', { class: 'draft-items' }, items),
    problems && problems.general ? problems.general : null,
    h('div', { class: 'field' },
      h('label', { for: 'draft-comment' }, 'Why these changes'),
      comment,
      h('p', { class: 'hint', id: 'draft-comment-hint' }, 'Kept with the new version and in the audit of rule changes; the approver reads it.'),
      h('p', { class: 'field-error', id: 'draft-comment-error', hidden: true })),
    h('div', { class: 'editor-actions' }, save, discard,
      h('p', { class: 'hint' }, `Saving makes a new version based on ${versionWord(d.base)}: a draft that waits for approval. Nothing goes live until an approver approves it and it is activated.`))));
}

/** Sorts the server's field errors (actions.put[0].value) by the item of the draft they name. */
function placeEditProblems(err, sent) {
  const byItem = new Map();
  const rest = [];
  for (const fe of err.fieldErrors) {
    const m = /^(actions|journeys|eventTypes)\.(put|remove)\[(\d+)\]\.?(.*)$/.exec(fe.field);
    const key = m && sent[m[1]] && sent[m[1]][m[2]][Number(m[3])];
    if (key === undefined || key === null) { rest.push(fe); continue; }
    const id = `${m[1]}\u0000${key}`;
    if (!byItem.has(id)) byItem.set(id, []);
    byItem.get(id).push({ path: m[4], message: fe.message });
  }
  return { byItem, rest };
}

/**
 * Places a compilation problem on the action of the draft it names ("the eligibility of treatment
 * email-savers of action savings-account: …"), on the treatment's field when it names one.
 */
function placeCompilationProblems(problems, d, byItem) {
  for (const p of problems) {
    const m = /(?:treatment ([a-z0-9._-]+) of )?action ([a-z0-9._-]+)/.exec(p.message || '');
    const item = m && d.actions.put.get(m[2]);
    if (!item) continue;
    let path = '';
    if (m[1]) {
      const i = (item.treatments || []).findIndex((t) => t.id === m[1]);
      if (i >= 0) path = `treatments[${i}]` + (/eligibility/.test(p.message) ? '.eligibility' : '');
    }
    const id = `actions\u0000${m[2]}`;
    if (!byItem.has(id)) byItem.set(id, []);
    byItem.get(id).push({ path, message: p.message.replace(/^[^:]*: (rule "[^"]*": )?/, '') });
  }
}

async function saveDraft(button) {
  const s = state.strategy;
  const d = s.draft;
  if (!d) return;
  clearFieldError('draft-comment');
  if (s.editing && s.editing.dirty) {
    s.editing.setErrors([[null, 'Keep these changes in the draft, or cancel them, before saving the draft.']], 'The form is still open');
    $('strategy-form-title').focus();
    return;
  }
  const comment = (d.comment || '').trim();
  if (!comment) {
    setFieldError('draft-comment', 'Say why: the comment is kept with the version and the approver reads it.');
    $('draft-comment').focus();
    return;
  }
  const { body, sent } = editsBody(d, comment);
  setBusy(button, true);
  try {
    const { data } = await api(`rulesets/${enc(d.base)}/edits`, { method: 'POST', body });
    s.saved = { version: String(data.version), base: d.base, upload: data, diff: null, names: draftNames(d) };
    s.draft = null;
    s.editing = null;
    announce(`Saved as ${versionWord(data.version)}, a draft waiting for approval.`);
    state.rules.versions = null; // the Rules tab reads them again
    await loadVersions();
    renderVersionSelect();
    renderStrategy();
    loadSavedDiff(s.saved);
    const card = $('strategy-draft');
    if (card) { card.scrollIntoView({ block: 'start', behavior: 'smooth' }); const t = $('saved-title'); if (t) t.focus({ preventScroll: true }); }
  } catch (e) {
    const { byItem, rest } = placeEditProblems(e, sent);
    placeCompilationProblems(e.compilation, d, byItem);
    const commentError = rest.find((fe) => fe.field === 'comment');
    if (commentError) setFieldError('draft-comment', sentence(fieldErrorText(commentError)));
    const general = e.compilation.length
      ? problemView(e, {
        title: 'The new version was not saved: it does not compile',
        kind: false,
        more: [h('p', null, 'Each problem names the file of the version that the draft would write, and its line.'), compilationList(e.compilation)],
      })
      : problemView(Object.assign(Object.create(ApiError.prototype), e, { fieldErrors: rest, detail: byItem.size && !rest.length ? '' : e.detail }), {
        title: 'The new version was not saved',
        more: byItem.size ? h('p', null, 'Each problem is shown with the change it concerns, above, and on its field when the form is open.') : null,
      });
    d.problems = { byItem, general };
    renderDraftCard();
    const first = byItem.keys().next();
    if (!first.done) {
      const [kind, key] = first.value.split('\u0000');
      const open = s.editing && s.editing.kind === kind && s.editing.key === key;
      if (open) s.editing.showProblems(byItem.get(first.value));
      else if (!d[kind].remove.has(key)) await openEditor(kind, key);
    } else {
      const box = $('strategy-draft').querySelector('.alert');
      if (box) { box.setAttribute('tabindex', '-1'); box.focus(); }
    }
    announce('The new version was not saved. ' + problemLine(e));
  } finally {
    setBusy(button, false);
  }
}

/** The names of what the draft touched, to name removed or new items in the diff. */
function draftNames(d) {
  const names = new Map();
  for (const kind of ['actions', 'journeys']) {
    for (const item of d[kind].put.values()) names.set(`${kind}\u0000${item.id}`, item.name);
    for (const key of d[kind].remove) {
      const row = effectiveItems(kind).find((r) => keyOf(kind, r.item) === key);
      if (row) names.set(`${kind}\u0000${key}`, row.item.name);
    }
  }
  return names;
}

async function loadSavedDiff(saved) {
  const against = activeVersion() || saved.base;
  saved.against = against;
  try {
    const { data } = await api(`rulesets/${enc(saved.version)}/diff?against=${enc(against)}&format=json`);
    saved.diff = data;
  } catch (e) {
    saved.diff = { error: e };
  }
  if (state.strategy.saved === saved) renderDraftCard();
}

function savedView(saved) {
  const s = saved.upload || {};
  const sc = s.scenarios || {};
  const total = (sc.passed || 0) + (sc.failed || 0);
  const v = versionWord(saved.version);
  const dismiss = h('button', { type: 'button', class: 'button small ghost' }, 'Dismiss');
  dismiss.addEventListener('click', () => { state.strategy.saved = null; renderDraftCard(); $('actions-filter').focus(); });
  let diff;
  if (!saved.diff) diff = h('p', { class: 'loading' }, `Comparing ${v} with ${versionWord(saved.against || saved.base)}\u2026`);
  else if (saved.diff.error) diff = problemView(saved.diff.error, { title: 'The changes could not be compared' });
  else if (saved.diff.strategy) diff = strategyDiffView(saved.diff.strategy, saved.names);
  else diff = diffSummary(saved.diff);
  return h('section', { class: 'card draft-card saved', 'aria-labelledby': 'saved-title' },
    h('div', { class: sc.failed ? 'alert warn' : 'alert ok', role: 'status' },
      h('strong', { id: 'saved-title', tabindex: '-1' }, `\u2713 Saved as ${v}, a draft waiting for approval`),
      h('p', null, `Based on ${versionWord(saved.base)}. Nothing goes live until an approver other than you approves it and it is activated. `,
        total ? (sc.failed ? `${int(sc.failed)} of ${plural(total, 'scenario')} fail: it cannot be activated until they pass.` : `All ${plural(total, 'scenario')} pass.`) : ''),
      h('div', { class: 'alert-actions' },
        h('button', { type: 'button', class: 'button small primary', onclick: () => go('#rules/' + enc(saved.version)) }, `Review ${v} and simulate its impact`),
        h('button', { type: 'button', class: 'button small', onclick: () => { state.strategy.saved = null; go('#actions/' + enc(saved.version)); } }, `Show ${v} here`),
        dismiss)),
    h('h3', { class: 'saved-diff-title' }, `What changes against ${versionWord(saved.against || saved.base)}${(saved.against || saved.base) === activeVersion() ? ', in force' : ''}`),
    diff);
}
