/*
 * Pieces the Rules tab's views share: file types, version labels, scenario results and compilation problems.
 */
import { enc } from '../api.js';
import { h } from '../dom.js';
import { DASH, int, isNum, plural } from '../format.js';
import { state } from '../state.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const CHANGES_PAGE = 25;
// What each file of the rule set shipped with Parcours decides (docs/rule-authoring.md).
export const FILE_PURPOSES = {
  'journey-stages.drl': 'The customer\u2019s stage in each journey',
  'eligibility.drl': 'May the action be offered at all',
  'applicability.drl': 'Does it apply now',
  'suitability.drl': 'Is it good for this customer',
  'context-weights.drl': 'How relevant an allowed action is now',
  'contact-policy.xlsx': 'Caps, suppression and pauses',
  'quiet-hours.csv': 'When no outbound contact is made',
  'demo-brand.scenarios': 'Business scenarios the rule set must pass',
};
export const CHANGE_KINDS = {
  uploaded: ['Uploaded', 'primary'],
  refused: ['Refused', 'danger'],
  activated: ['Activated', 'ok'],
  'rolled-back': ['Rolled back', 'warn'],
  approved: ['Approved', 'ok'],
  rejected: ['Rejected', 'danger'],
};

export function extension(name) {
  const m = /\.[^.]+$/.exec(String(name).toLowerCase());
  return m ? m[0] : '';
}

export const isWorkbook = (name) => ['.xlsx', '.xls'].includes(extension(name));

export function fileType(name) {
  switch (extension(name)) {
    case '.drl': return 'Rules (DRL)';
    case '.xlsx': case '.xls': return 'Decision table (Excel)';
    case '.csv': return 'Decision table (CSV)';
    case '.scenarios': return 'Scenarios';
    default: return 'Not a rule file';
  }
}

/** "Version 7"; a version that is not a number is quoted. */
export function versionLabel(v) {
  if (v === null || v === undefined || v === '') return 'Version ' + DASH;
  return /^\d+$/.test(String(v)) ? `Version ${v}` : `Version \u201c${v}\u201d`;
}

export const versionWord = (v) => versionLabel(v).replace(/^V/, 'v');

export function versionLink(v) {
  return h('a', { href: '#rules/' + enc(v), class: 'mono' }, v);
}

export function activeVersion() {
  const a = (state.rules.versions || []).find((v) => v.active);
  return a ? a.version : null;
}

export function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return window.btoa(binary);
}

export function fromBase64(text) {
  const binary = window.atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const utf8 = new TextDecoder('utf-8');
export const utf8Length = (text) => new TextEncoder().encode(text).length;
export const sameLines = (a, b) => a !== null && b !== null && a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');

export function mimeOf(name) {
  return isWorkbook(name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/plain;charset=utf-8';
}

export function scenariosChip(s) {
  const passed = s && isNum(s.passed) ? s.passed : 0;
  const failed = s && isNum(s.failed) ? s.failed : 0;
  const total = passed + failed;
  if (!total) return h('span', { class: 'chip', title: 'No scenario results are stored for this version' }, 'No scenario run');
  if (failed) return h('span', { class: 'chip danger' }, `${int(failed)} of ${plural(total, 'scenario')} fail`);
  return h('span', { class: 'chip ok' }, total === 1 ? 'The scenario passes' : `All ${int(total)} scenarios pass`);
}

export function scenarioItem(x) {
  const failures = Array.isArray(x.failures) ? x.failures : [];
  const ok = !failures.length;
  return h('li', { class: ok ? 'pass' : 'fail' },
    h('span', { class: 'scenario-mark', 'aria-hidden': 'true' }, ok ? '\u2713' : '\u2717'),
    h('div', null,
      h('div', { class: 'scenario-name' }, h('span', { class: 'sr-only' }, ok ? 'Passed: ' : 'Failed: '), x.name || DASH),
      h('div', { class: 'cell-sub' }, `${x.file || DASH}, line ${int(x.line)}`),
      ok ? null : h('ul', { class: 'scenario-failures' }, failures.map((f) => h('li', null, f)))));
}

/** Scenario results: the failing ones first and open, the passing ones folded when some fail. */
export function scenarioResults(s) {
  const results = s && Array.isArray(s.results) ? s.results : [];
  if (!results.length) return h('p', { class: 'muted' }, 'No scenario results are stored for this version.');
  const failed = results.filter((x) => (x.failures || []).length);
  const passed = results.filter((x) => !(x.failures || []).length);
  return h('div', { class: 'scenarios' },
    h('p', { class: 'scenario-summary' }, scenariosChip({ passed: passed.length, failed: failed.length }),
      failed.length ? ` ${int(passed.length)} pass and ${int(failed.length)} fail: a failing scenario blocks the activation.` : null),
    failed.length ? h('ul', { class: 'scenario-list' }, failed.map(scenarioItem)) : null,
    passed.length
      ? h('details', { class: 'scenario-passed' },
        h('summary', null, failed.length ? `${plural(passed.length, 'scenario')} passed` : `Show the ${plural(passed.length, 'scenario')}`),
        h('ul', { class: 'scenario-list' }, passed.map(scenarioItem)))
      : null);
}

/** Compilation problems as file:line:column and message; `jump` makes each a button to the line. */
export function compilationList(problems, jump) {
  return h('ol', { class: 'compile-errors' }, problems.map((p) => {
    const where = `${p.file || '?'}:${int(p.line)}:${int(p.column)}`;
    const target = jump ? jump(p) : null;
    return h('li', null,
      target
        ? h('button', { type: 'button', class: 'link-button mono', onclick: target, 'aria-label': `Go to ${p.file}, line ${p.line}, column ${p.column}: ${p.message}` }, where)
        : h('span', { class: 'mono' }, where),
      ' ', h('span', { class: 'compile-message' }, p.message || ''));
  }));
}
