/*
 * The Rules tab: the editor of a new version, from files on disk or an earlier version, and its upload.
 */
import { api, apiRaw, enc, problemLine, problemView } from '../api.js';
import {
  $, announce, arrowNav, clearFieldError, confirmDialog, downloadBlob, fill, h, setBusy, setFieldError,
} from '../dom.js';
import { int, plural, size } from '../format.js';
import {
  activeVersion, compilationList, extension, fileType, fromBase64, isWorkbook, MAX_FILE_BYTES, mimeOf, sameLines,
  toBase64, utf8, utf8Length, versionWord,
} from './shared.js';
import { loadChanges } from './stats.js';
import { activateVersion, loadVersions, markSelectedVersion } from './versions.js';
import { state } from '../state.js';
import { go } from '../tabs.js';
import { vocabulary } from '../vocabulary.js';

/*
 * A draft holds every file of the new version. Each file keeps the bytes it was read with (from the
 * base version or from disk) and, for a text file, its current text: a file left as it was is uploaded
 * byte for byte, an edited one as UTF-8 text.
 */

function fileStatus(f) {
  if (f.baseRaw === null) return 'added';
  const sameBytes = f.raw === f.baseRaw;
  if (sameBytes && (f.text === null || f.text === f.rawText)) return 'unchanged';
  return f.fromDisk ? 'replaced' : 'edited';
}

function statusChip(status) {
  switch (status) {
    case 'edited': return h('span', { class: 'chip primary' }, 'Edited');
    case 'replaced': return h('span', { class: 'chip primary' }, 'Replaced');
    case 'added': return h('span', { class: 'chip ok' }, 'New');
    default: return null;
  }
}

function draftChanged(ed) {
  return ed.removed.length > 0 || ed.files.some((f) => fileStatus(f) !== 'unchanged');
}

export function draftDirty(ed) {
  return !!ed && (draftChanged(ed) || ed.comment.value.trim() !== '');
}

export function updateNewButton() {
  const b = $('rules-new');
  const r = state.rules;
  b.textContent = r.editor ? 'Back to the draft' : 'New version';
  b.setAttribute('aria-current', r.view === 'editor' ? 'page' : 'false');
}

export async function startDraft(base) {
  const r = state.rules;
  if (r.editor && draftDirty(r.editor)) {
    const ok = await confirmDialog({
      title: 'Discard the draft?',
      body: h('p', null, `A new version based on ${versionWord(r.editor.base)} is in progress. Starting another discards its changes.`),
      confirm: 'Discard and start again',
      danger: true,
    });
    if (!ok) { go('#rules/new'); return; }
  }
  r.editor = newDraft(base || activeVersion());
  go('#rules/new');
}

async function discardDraft() {
  const r = state.rules;
  if (r.editor && draftDirty(r.editor)) {
    const ok = await confirmDialog({
      title: 'Discard the draft?',
      body: h('p', null, 'Your changes to the files and the comment are lost. Nothing was uploaded.'),
      confirm: 'Discard',
      danger: true,
    });
    if (!ok) return;
  }
  r.editor = null;
  r.view = null;
  updateNewButton();
  go(r.shown ? '#rules/' + enc(r.shown) : '#rules');
}

export function showEditor() {
  const r = state.rules;
  if (!r.editor) r.editor = newDraft(activeVersion());
  r.view = 'editor';
  r.detailSeq += 1;
  markSelectedVersion();
  updateNewButton();
  fill($('rules-main'), r.editor.el);
  if (!r.editor.loaded && !r.editor.loading) loadDraftFiles(r.editor);
}

function newDraft(base) {
  const ed = { base, files: [], removed: [], selected: null, loaded: false, loading: false, errors: [], seq: 0, ta: null, gutter: null, gutterKey: '' };
  ed.status = h('div', { class: 'message-slot', 'aria-live': 'polite' });
  ed.fileList = h('ul', { class: 'editor-file-list', 'aria-labelledby': 'editor-files-title' });
  ed.removedSlot = h('div', { class: 'editor-removed' });
  ed.fileInput = h('input', { type: 'file', id: 'editor-upload', class: 'file-input', multiple: true, accept: vocabulary.ruleFileTypes.join(','), 'aria-describedby': 'editor-upload-hint' });
  ed.pane = h('div', { class: 'editor-pane' });
  ed.comment = h('textarea', {
    id: 'editor-comment', rows: '2', maxlength: '2000', required: true,
    placeholder: 'e.g. SMS cap lowered to 2 a week after complaints',
    'aria-describedby': 'editor-comment-hint editor-comment-error',
  });
  ed.result = h('div', { class: 'message-slot', id: 'editor-result' });
  ed.submit = h('button', { type: 'submit', class: 'button primary', id: 'editor-submit' }, 'Upload and test');
  const form = h('form', { novalidate: true },
    h('div', { class: 'editor-grid' },
      h('div', { class: 'editor-files' },
        h('h3', { class: 'small-title', id: 'editor-files-title' }, 'Files'),
        ed.fileList,
        h('div', { class: 'editor-add' },
          ed.fileInput,
          h('label', { for: 'editor-upload', class: 'button small' }, 'Add or replace files\u2026'),
          h('p', { class: 'hint', id: 'editor-upload-hint' }, `From your computer: ${vocabulary.ruleFileTypes.join(', ')}. A file with the name of one above replaces it.`)),
        ed.removedSlot),
      ed.pane),
    h('div', { class: 'field' },
      h('label', { for: 'editor-comment' }, 'Comment'),
      ed.comment,
      h('p', { class: 'hint', id: 'editor-comment-hint' }, 'Why this version: kept with it and in the audit of rule changes.'),
      h('p', { class: 'field-error', id: 'editor-comment-error', hidden: true })),
    ed.result,
    h('div', { class: 'editor-submit-row' }, ed.submit,
      h('p', { class: 'hint' }, 'Parcours compiles every file and runs the scenarios. A file that does not compile refuses the whole version: nothing is stored. Nothing is in force until you activate it.')));
  form.addEventListener('submit', (e) => { e.preventDefault(); uploadDraft(ed); });
  ed.comment.addEventListener('input', () => clearFieldError('editor-comment'));
  ed.fileInput.addEventListener('change', () => addDiskFiles(ed, ed.fileInput.files));
  ed.fileList.addEventListener('keydown', (e) => arrowNav(e, Array.from(ed.fileList.querySelectorAll('button.editor-file'))));
  ed.el = h('section', { class: 'card editor-card', 'aria-labelledby': 'editor-title' },
    h('div', { class: 'decision-head' },
      h('div', null,
        h('h2', { id: 'editor-title' }, 'New version'),
        h('p', { class: 'muted editor-base' }, base
          ? `Starting from the files of ${versionWord(base)}${base === activeVersion() ? ', the version in force' : ''}. A version is complete: every file listed here is uploaded.`
          : 'No version is stored yet: add the files of the rule set.')),
      h('div', { class: 'head-actions' }, h('button', { type: 'button', class: 'button', onclick: discardDraft }, 'Discard draft'))),
    ed.status,
    form);
  return ed;
}

async function loadDraftFiles(ed) {
  const seq = ++ed.seq;
  ed.loading = true;
  if (!ed.base) {
    ed.loaded = true;
    ed.loading = false;
    renderDraftFiles(ed);
    selectDraftFile(ed, null);
    return;
  }
  fill(ed.status, h('p', { class: 'loading' }, `Reading the files of ${versionWord(ed.base)}\u2026`));
  try {
    const { data } = await api('rulesets/' + enc(ed.base));
    const infos = Array.isArray(data.files) ? data.files : [];
    const files = await Promise.all(infos.map(async (info) => {
      const bytes = await apiRaw(`rulesets/${enc(ed.base)}/files/${enc(info.name)}`, { bytes: true });
      const raw = toBase64(bytes);
      const rawText = isWorkbook(info.name) ? null : utf8.decode(bytes);
      return { name: info.name, raw, rawText, text: rawText, bytes: bytes.length, baseRaw: raw, fromDisk: false };
    }));
    if (seq !== ed.seq || state.rules.editor !== ed) return;
    ed.files = files;
    ed.loaded = true;
    fill(ed.status);
    const first = files.find((f) => extension(f.name) === '.drl') || files[0];
    renderDraftFiles(ed);
    selectDraftFile(ed, first ? first.name : null);
  } catch (e) {
    if (seq !== ed.seq) return;
    fill(ed.status, problemView(e, { title: `The files of ${versionWord(ed.base)} could not be read`, retry: () => loadDraftFiles(ed) }));
  } finally {
    if (seq === ed.seq) ed.loading = false;
  }
}

function renderDraftFiles(ed) {
  const problems = new Map();
  ed.errors.forEach((p) => problems.set(p.file, (problems.get(p.file) || 0) + 1));
  fill(ed.fileList, ed.files.length
    ? ed.files.map((f) => {
      const selected = f.name === ed.selected;
      const n = problems.get(f.name) || 0;
      return h('li', { class: selected ? 'selected' : null },
        h('button', {
          type: 'button', class: 'editor-file', 'aria-pressed': String(selected), dataset: { name: f.name },
          onclick: () => selectDraftFile(ed, f.name, { focus: true }),
        },
        h('span', { class: 'ef-name mono' }, f.name),
        h('span', { class: 'ef-meta' }, fileType(f.name), ' \u00b7 ', size(f.bytes)),
        h('span', { class: 'chips' }, statusChip(fileStatus(f)), n ? h('span', { class: 'chip danger' }, plural(n, 'problem')) : null)),
        h('button', {
          type: 'button', class: 'button ghost small remove-file', title: 'Remove from the new version',
          'aria-label': `Remove ${f.name} from the new version`, onclick: () => removeDraftFile(ed, f.name),
        }, '\u2715'));
    })
    : h('li', { class: 'empty' }, 'No file: add at least one.'));
  fill(ed.removedSlot, ed.removed.length
    ? [h('h3', { class: 'small-title' }, 'Removed'),
      h('ul', { class: 'removed-list' }, ed.removed.map((f) => h('li', null,
        h('span', { class: 'mono' }, f.name),
        h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Put ${f.name} back`, onclick: () => restoreDraftFile(ed, f.name) }, 'Put back'))))]
    : null);
}

function removeDraftFile(ed, name) {
  const i = ed.files.findIndex((f) => f.name === name);
  if (i < 0) return;
  const [f] = ed.files.splice(i, 1);
  if (f.baseRaw !== null) ed.removed.push(f);
  if (ed.selected === name) {
    const next = ed.files[Math.min(i, ed.files.length - 1)];
    ed.selected = next ? next.name : null;
  }
  renderDraftFiles(ed);
  selectDraftFile(ed, ed.selected);
  const focus = ed.fileList.querySelector('button.editor-file[aria-pressed="true"]') || ed.fileInput;
  focus.focus();
  announce(`${name} removed from the new version.`);
}

function restoreDraftFile(ed, name) {
  const i = ed.removed.findIndex((f) => f.name === name);
  if (i < 0) return;
  const [f] = ed.removed.splice(i, 1);
  ed.files.push(f);
  renderDraftFiles(ed);
  selectDraftFile(ed, name, { focus: true });
  announce(`${name} is back in the new version.`);
}

async function addDiskFiles(ed, list) {
  const problems = [];
  const done = [];
  for (const file of Array.from(list || [])) {
    const name = file.name;
    if (!vocabulary.ruleFileTypes.includes(extension(name))) {
      problems.push(`${name} is not a rule file: a rule set accepts ${vocabulary.ruleFileTypes.join(', ')}.`);
      continue;
    }
    if (file.size > MAX_FILE_BYTES) { problems.push(`${name} is larger than 5 MB, the most a rule file may be.`); continue; }
    if (name.length > 200) { problems.push(`${name.slice(0, 40)}\u2026 has a name longer than 200 characters.`); continue; }
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      problems.push(`${name} could not be read.`);
      continue;
    }
    const raw = toBase64(bytes);
    const rawText = isWorkbook(name) ? null : utf8.decode(bytes);
    let f = ed.files.find((x) => x.name === name);
    if (!f) {
      const i = ed.removed.findIndex((x) => x.name === name);
      if (i >= 0) [f] = ed.removed.splice(i, 1);
      else f = { name, baseRaw: null };
      ed.files.push(f);
    }
    Object.assign(f, { raw, rawText, text: rawText, bytes: bytes.length, fromDisk: true });
    done.push(name);
  }
  ed.fileInput.value = '';
  renderDraftFiles(ed);
  if (done.length) selectDraftFile(ed, done[done.length - 1]);
  fill(ed.status, problems.length
    ? h('div', { class: 'alert error', role: 'alert' },
      h('strong', null, problems.length === 1 ? 'A file was not added' : `${int(problems.length)} files were not added`),
      h('ul', null, problems.map((p) => h('li', null, p))))
    : null);
  if (done.length) announce(`${done.join(', ')} ${done.length === 1 ? 'is' : 'are'} in the new version.`);
}

/** Shows one file of the draft: a text file in the editor (at `line` when given), a workbook as a note. */
function selectDraftFile(ed, name, { focus, line, column } = {}) {
  ed.selected = name;
  for (const b of ed.fileList.querySelectorAll('button.editor-file')) {
    const on = b.dataset.name === name;
    b.setAttribute('aria-pressed', String(on));
    b.parentElement.classList.toggle('selected', on);
  }
  ed.ta = null;
  ed.gutter = null;
  ed.gutterKey = '';
  const f = ed.files.find((x) => x.name === name);
  if (!f) {
    fill(ed.pane, h('p', { class: 'empty' }, ed.files.length ? 'Pick a file to see it.' : 'Add the files of the new version.'));
    return;
  }
  const problems = ed.errors.filter((p) => p.file === f.name);
  const problemNote = problems.length
    ? h('div', { class: 'alert error pane-problems' },
      h('strong', null, `${plural(problems.length, 'problem')} in ${f.name} at the last upload`),
      compilationList(problems, f.text !== null ? (p) => () => jumpToLine(ed, p.line, p.column) : null))
    : null;
  const head = h('div', { class: 'pane-head' },
    h('h3', { id: 'editor-pane-title' }, h('span', { class: 'mono' }, f.name)),
    statusChip(fileStatus(f)));
  if (f.text === null) {
    fill(ed.pane, head,
      h('div', { class: 'workbook-note' },
        h('p', null, h('b', null, f.name), ' is an Excel workbook. Edit it in a spreadsheet program, then choose \u201cAdd or replace files\u201d to put your copy in its place.'),
        h('p', { class: 'hint' }, 'Each row is one rule, named in its first column; a row keeps an action out when all its filled cells hold. Do not edit the rows that tell Parcours how to read the table.'),
        h('button', { type: 'button', class: 'button small', onclick: () => downloadBlob(f.name, new Blob([fromBase64(f.raw)], { type: mimeOf(f.name) })) }, `Download ${f.name}`)),
      problemNote);
    return;
  }
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  const ta = h('textarea', {
    class: 'code-input', id: 'editor-text', spellcheck: 'false', wrap: 'off', autocomplete: 'off', autocapitalize: 'off',
    'aria-labelledby': 'editor-pane-title', 'aria-describedby': 'editor-cursor',
  });
  ta.value = f.text;
  ta.setSelectionRange(0, 0);
  const cursor = h('span', { class: 'cursor-pos', id: 'editor-cursor' });
  const revert = h('button', { type: 'button', class: 'button small ghost', hidden: fileStatus(f) === 'unchanged' || f.baseRaw === null ? true : null }, 'Undo my changes to this file');
  revert.addEventListener('click', () => {
    Object.assign(f, { raw: f.baseRaw, rawText: utf8.decode(fromBase64(f.baseRaw)), fromDisk: false });
    f.text = f.rawText;
    f.bytes = fromBase64(f.raw).length;
    renderDraftFiles(ed);
    selectDraftFile(ed, f.name, { focus: true });
    announce(`${f.name} is back as it is in ${versionWord(ed.base)}.`);
  });
  head.append(cursor, revert);
  fill(ed.pane, head, h('div', { class: 'code-editor' }, gutter, ta), problemNote);
  ed.ta = ta;
  ed.gutter = gutter;
  updateGutter(ed);
  let lastStatus = fileStatus(f);
  ta.addEventListener('input', () => {
    f.text = sameLines(ta.value, f.rawText) ? f.rawText : ta.value;
    f.bytes = utf8Length(f.text);
    updateGutter(ed);
    const now = fileStatus(f);
    if (now !== lastStatus) {
      lastStatus = now;
      renderDraftFiles(ed);
      const chip = head.querySelector('.chip');
      if (chip) chip.remove();
      const fresh = statusChip(now);
      if (fresh) head.querySelector('h3').after(fresh);
      revert.hidden = now === 'unchanged' || f.baseRaw === null;
    }
  });
  ta.addEventListener('scroll', () => { gutter.scrollTop = ta.scrollTop; });
  for (const type of ['keyup', 'click', 'select', 'input', 'focus']) ta.addEventListener(type, () => updateCursor(ed, cursor));
  updateCursor(ed, cursor);
  if (line) jumpToLine(ed, line, column);
  else if (focus) ta.focus();
}

/** Line numbers beside the text; lines with a compilation problem are marked. */
function updateGutter(ed) {
  const ta = ed.ta;
  if (!ta) return;
  let lines = 1;
  for (let i = ta.value.indexOf('\n'); i >= 0; i = ta.value.indexOf('\n', i + 1)) lines += 1;
  const marked = new Map();
  ed.errors.filter((p) => p.file === ed.selected).forEach((p) => marked.set(p.line, p.message));
  const key = `${lines}|${Array.from(marked.keys()).join(',')}`;
  if (key === ed.gutterKey) return;
  ed.gutterKey = key;
  const numbers = [];
  for (let n = 1; n <= lines; n++) numbers.push(h('div', { class: marked.has(n) ? 'err' : null }, String(n)));
  fill(ed.gutter, numbers);
  ed.gutter.scrollTop = ta.scrollTop;
}

function updateCursor(ed, slot) {
  const ta = ed.ta;
  if (!ta) return;
  const before = ta.value.slice(0, ta.selectionStart);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  slot.textContent = `Line ${int(line)}, column ${int(column)}`;
}

/** Selects line `line` of the text being edited and scrolls it into view. */
function jumpToLine(ed, line, column) {
  const ta = ed.ta;
  if (!ta) return;
  const lines = ta.value.split('\n');
  const l = Math.min(Math.max(1, line || 1), lines.length);
  let start = 0;
  for (let i = 0; i < l - 1; i++) start += lines[i].length + 1;
  const end = start + lines[l - 1].length;
  ta.focus({ preventScroll: true });
  ta.setSelectionRange(start, end);
  const lineHeight = parseFloat(window.getComputedStyle(ta).lineHeight) || 20;
  ta.scrollTop = Math.max(0, (l - 1) * lineHeight - ta.clientHeight / 3);
  ta.scrollLeft = 0;
  if (ed.gutter) ed.gutter.scrollTop = ta.scrollTop;
  ta.closest('.code-editor').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  ta.dispatchEvent(new Event('select'));
  announce(`${ed.selected}, line ${l}${column ? `, column ${column}` : ''}.`);
}

async function uploadDraft(ed) {
  if (!ed.loaded) return;
  clearFieldError('editor-comment');
  fill(ed.result);
  const comment = ed.comment.value.trim();
  if (!ed.files.length) {
    fill(ed.result, h('div', { class: 'alert error', role: 'alert' }, h('strong', null, 'A version needs at least one file.')));
    ed.fileInput.focus();
    return;
  }
  if (!comment) {
    setFieldError('editor-comment', 'Say why you make this version: the comment is kept in the audit of rule changes.');
    ed.comment.focus();
    return;
  }
  if (!draftChanged(ed)) {
    fill(ed.result, h('div', { class: 'alert warn', role: 'alert' },
      h('strong', null, 'Nothing has changed yet'),
      h('p', null, `These are the files of ${versionWord(ed.base)}. Edit, add, replace or remove a file first.`)));
    return;
  }
  const files = ed.files.map((f) => (f.text !== null && f.text !== f.rawText
    ? { name: f.name, content: f.text }
    : { name: f.name, contentBase64: f.raw }));
  state.rules.uploadNames = ed.files.map((f) => f.name);
  setBusy(ed.submit, true);
  fill(ed.result, h('p', { class: 'loading' }, 'Compiling the rules and running the scenarios\u2026'));
  try {
    const { data } = await api('rulesets', { method: 'POST', body: { comment, files } });
    const r = state.rules;
    if (r.editor === ed) r.editor = null;
    r.flash = { version: data.version, node: uploadedNote(data) };
    announce(data.activatable
      ? `Stored as ${versionWord(data.version)}. Every scenario passes.`
      : `Stored as ${versionWord(data.version)}, but a scenario fails: it cannot be activated.`);
    await loadVersions();
    go('#rules/' + enc(data.version));
    if (state.auth.can.ruleChanges) loadChanges();
  } catch (e) {
    if (e.compilation && e.compilation.length) {
      ed.errors = e.compilation;
      renderDraftFiles(ed);
      selectDraftFile(ed, ed.selected);
      fill(ed.result, problemView(e, {
        more: [
          h('p', null, 'Select a problem to go to its line in the editor.'),
          compilationList(e.compilation, (p) => {
            const f = ed.files.find((x) => x.name === p.file);
            return f && f.text !== null ? () => selectDraftFile(ed, p.file, { line: p.line, column: p.column }) : null;
          }),
        ],
      }));
      const first = ed.result.querySelector('.compile-errors button');
      if (first) first.focus();
      announce(`The rule set does not compile: ${plural(e.compilation.length, 'problem')}. Nothing was stored.`);
    } else if (e.status === 409 && e.version) {
      fill(ed.result, problemView(e, {
        title: 'These files are already stored',
        more: h('div', { class: 'alert-actions' },
          h('button', { type: 'button', class: 'button small', onclick: () => go('#rules/' + enc(e.version)) }, `Show ${versionWord(e.version)}`)),
      }));
      announce('Not stored: ' + problemLine(e));
    } else {
      fill(ed.result, problemView(e, { title: 'The version was not uploaded' }));
      announce('Not stored: ' + problemLine(e));
    }
    // A refused upload is kept in the audit of rule changes too.
    if (state.auth && state.auth.can.ruleChanges) loadChanges();
  } finally {
    setBusy(ed.submit, false);
  }
}

function uploadedNote(data) {
  const s = data.scenarios || {};
  const total = (s.passed || 0) + (s.failed || 0);
  const v = versionWord(data.version);
  const activate = data.activatable && state.auth.can.ruleWrite
    ? h('button', { type: 'button', class: 'button small primary' }, `Activate ${v}\u2026`)
    : null;
  if (activate) activate.addEventListener('click', () => activateVersion(data.version, activate, $('detail-message')));
  return h('div', { class: data.activatable ? 'alert ok' : 'alert warn', role: 'status' },
    h('strong', null, data.activatable ? `\u2713 Uploaded and stored as ${v}` : `Stored as ${v}, but it cannot be activated`),
    h('p', null,
      `${plural(data.rules, 'rule')} compiled; `,
      total ? (s.failed ? `${int(s.failed)} of ${plural(total, 'scenario')} fail.` : `all ${plural(total, 'scenario')} pass.`) : 'no scenario was run.',
      data.activatable
        ? ' Nothing is in force until you activate it.'
        : ' A failing scenario blocks the activation: fix the rules or the scenarios in a new version.'),
    activate ? h('div', { class: 'alert-actions' }, activate) : null);
}
