/*
 * The Rules tab: comparing two versions file by file.
 */
import { strategyDiffView } from '../actions/diff.js';
import { api, apiRaw, enc, problemLine, problemView } from '../api.js';
import { $, announce, append, downloadBlob, fill, h, setBusy } from '../dom.js';
import { capitalise, DASH, int, plural } from '../format.js';
import { activeVersion, isWorkbook, versionLabel, versionWord } from './shared.js';
import { state } from '../state.js';

// -------- Comparing versions

export function compareCard(d) {
  const others = (state.rules.versions || []).filter((v) => v.version !== d.version);
  const out = h('div', { class: 'diff-output', id: 'diff-output' });
  const card = h('section', { class: 'card', 'aria-labelledby': 'compare-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'compare-title' }, 'Compare with\u2026'),
      h('span', { class: 'count' }, 'what changed from another version to this one')));
  if (!others.length) {
    card.append(h('p', { class: 'muted' }, 'There is no other version to compare with.'));
    return card;
  }
  const active = activeVersion();
  const preferred = !d.active && active ? active
    : d.basedOn && others.some((v) => v.version === d.basedOn) ? d.basedOn : others[0].version;
  const select = h('select', { id: 'compare-with' }, others.map((v) =>
    h('option', { value: v.version, selected: v.version === preferred ? true : null }, versionLabel(v.version) + (v.active ? ' (in force)' : ''))));
  const button = h('button', { type: 'submit', class: 'button primary', id: 'compare-submit' }, 'Show changes');
  const form = h('form', { class: 'inline-form compare-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'compare-with' }, 'Compare with'), select),
    h('fieldset', { class: 'field segmented compact-seg' },
      h('legend', null, 'Show'),
      h('div', { class: 'segmented-options' },
        h('input', { type: 'radio', id: 'diff-per-file', name: 'diff-format', value: 'json', checked: true }),
        h('label', { for: 'diff-per-file' }, 'File by file'),
        h('input', { type: 'radio', id: 'diff-unified', name: 'diff-format', value: 'unified' }),
        h('label', { for: 'diff-unified' }, 'Unified diff'))),
    button);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const format = form.querySelector('input[name="diff-format"]:checked').value;
    compareVersions(d.version, select.value, format, out, button);
  });
  append(card, [form, out]);
  return card;
}

async function compareVersions(version, against, format, out, button) {
  setBusy(button, true);
  out.setAttribute('aria-busy', 'true');
  fill(out, h('p', { class: 'loading' }, `Comparing ${versionWord(against)} with ${versionWord(version)}\u2026`));
  const path = `rulesets/${enc(version)}/diff?against=${enc(against)}&format=`;
  const heading = h('p', { class: 'diff-heading' },
    'From ', h('b', null, versionWord(against)), ' to ', h('b', null, versionWord(version)), ': ',
    h('span', { class: 'diff-key del' }, '\u2212 removed'), ' ', h('span', { class: 'diff-key add' }, '+ added'),
    '. Workbooks are compared cell by cell.');
  const download = (text) => h('button', {
    type: 'button', class: 'button small',
    onclick: async (e) => {
      const b = e.currentTarget;
      try {
        setBusy(b, true);
        const body = text !== undefined ? text : await apiRaw(path + 'unified');
        downloadBlob(`rules-${against}-to-${version}.diff`, new Blob([body], { type: 'text/plain;charset=utf-8' }));
      } catch (err) {
        announce('The diff could not be downloaded. ' + problemLine(err));
      } finally {
        setBusy(b, false);
      }
    },
  }, 'Download as a .diff file');
  try {
    if (format === 'unified') {
      const text = await apiRaw(path + 'unified');
      fill(out, h('div', { class: 'diff-toolbar' }, heading, download(text)), unifiedView(text));
      announce(text ? 'The unified diff is shown.' : 'The two versions have the same files.');
    } else {
      const { data } = await api(path + 'json');
      const changed = (data.files || []).filter((f) => String(f.change).toLowerCase() !== 'unchanged');
      fill(out, h('div', { class: 'diff-toolbar' }, heading, download()),
        data.strategy
          ? h('section', { class: 'strategy-diff-block', 'aria-labelledby': 'strategy-diff-title' },
            h('h3', { id: 'strategy-diff-title' }, 'Actions, journeys and event types, field by field'),
            strategyDiffView(data.strategy))
          : null,
        h('h3', { class: 'files-diff-title' }, 'Files, line by line'),
        diffSummary(data), changed.map(diffFile));
      announce(changed.length ? `${plural(changed.length, 'file')} changed.` : 'The two versions have the same files.');
    }
  } catch (e) {
    fill(out, problemView(e, { title: 'The versions could not be compared' }));
  } finally {
    setBusy(button, false);
    out.removeAttribute('aria-busy');
  }
}

function lineCounts(f) {
  let added = 0;
  let removed = 0;
  for (const hunk of f.hunks || []) {
    for (const l of hunk.lines || []) {
      const k = String(l.kind).toLowerCase();
      if (k === 'added') added += 1;
      if (k === 'removed') removed += 1;
    }
  }
  return { added, removed };
}

function changeChip(change) {
  const c = String(change || '').toLowerCase();
  const cls = { added: 'ok', removed: 'danger', changed: 'primary' }[c] || '';
  return h('span', { class: 'chip ' + cls }, capitalise(c) || DASH);
}

export function diffSummary(data) {
  const files = Array.isArray(data.files) ? data.files : [];
  const changed = files.filter((f) => String(f.change).toLowerCase() !== 'unchanged');
  const unchanged = files.filter((f) => String(f.change).toLowerCase() === 'unchanged');
  if (!changed.length) return h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'No difference'), h('p', null, 'The two versions have the same files, byte for byte.'));
  return h('div', { class: 'diff-summary' },
    h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
      h('caption', { class: 'sr-only' }, 'Files that changed'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Change'),
        h('th', { scope: 'col', class: 'num' }, 'Lines added'), h('th', { scope: 'col', class: 'num' }, 'Lines removed'))),
      h('tbody', null, changed.map((f) => {
        const n = lineCounts(f);
        return h('tr', null,
          h('th', { scope: 'row' }, h('button', {
            type: 'button', class: 'link-button mono',
            onclick: () => { const el = $(`diff-file-${f.name}`); if (el) { el.scrollIntoView({ block: 'start', behavior: 'smooth' }); el.focus({ preventScroll: true }); } },
          }, f.name)),
          h('td', null, changeChip(f.change)),
          h('td', { class: 'num add-count' }, '+' + int(n.added)),
          h('td', { class: 'num del-count' }, '\u2212' + int(n.removed)));
      })))),
    unchanged.length ? h('p', { class: 'hint' }, `Unchanged: ${unchanged.map((f) => f.name).join(', ')}.`) : null);
}

function diffFile(f) {
  const rows = [];
  for (const hunk of f.hunks || []) {
    rows.push(h('tr', { class: 'hunk' }, h('td', { colspan: '3' },
      `Lines ${int(hunk.oldStart)}\u2013${int(hunk.oldStart + Math.max(hunk.oldLines, 1) - 1)} before, ${int(hunk.newStart)}\u2013${int(hunk.newStart + Math.max(hunk.newLines, 1) - 1)} after`)));
    for (const l of hunk.lines || []) {
      const k = String(l.kind).toLowerCase();
      const cls = k === 'added' ? 'add' : k === 'removed' ? 'del' : 'ctx';
      rows.push(h('tr', { class: cls },
        h('td', { class: 'ln' }, l.oldNumber ? String(l.oldNumber) : ''),
        h('td', { class: 'ln' }, l.newNumber ? String(l.newNumber) : ''),
        h('td', { class: 'code' },
          h('span', { class: 'sign', 'aria-hidden': 'true' }, cls === 'add' ? '+' : cls === 'del' ? '\u2212' : ' '),
          cls !== 'ctx' ? h('span', { class: 'sr-only' }, cls === 'add' ? 'Added: ' : 'Removed: ') : null,
          l.text)));
    }
  }
  const titleId = `diff-file-title-${f.name}`;
  return h('section', { class: 'diff-file', id: `diff-file-${f.name}`, tabindex: '-1', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, h('span', { class: 'mono' }, f.name), ' ', changeChip(f.change),
      isWorkbook(f.name) ? h('span', { class: 'muted' }, ' \u00b7 cell by cell (Sheet!Cell: value)') : null),
    rows.length
      ? h('div', { class: 'table-wrap diff-wrap', tabindex: '0', role: 'region', 'aria-label': `Changes to ${f.name}` },
        h('table', { class: 'diff' },
          h('thead', { class: 'sr-only' }, h('tr', null, h('th', { scope: 'col' }, 'Line before'), h('th', { scope: 'col' }, 'Line after'), h('th', { scope: 'col' }, 'Text'))),
          h('tbody', null, rows)))
      : h('p', { class: 'muted' }, 'No line differs.'));
}

function unifiedView(text) {
  if (!text) return h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'No difference'), h('p', null, 'The two versions have the same files, byte for byte.'));
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return h('div', { class: 'code-view diff-unified', tabindex: '0', role: 'region', 'aria-label': 'Unified diff' },
    h('pre', null, lines.map((l) => {
      const cls = /^(\+\+\+|---) /.test(l) ? 'file' : l.startsWith('@@') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : 'ctx';
      return h('span', { class: 'u-line ' + cls }, l, '\n');
    })));
}
