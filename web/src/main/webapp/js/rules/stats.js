/*
 * The Rules tab: how often each rule fired, and the audit of rule changes.
 */
import { api, problemView } from '../api.js';
import { $, announce, fill, h, setBusy } from '../dom.js';
import { capitalise, DASH, int, isNum, plural, timeElShort, when } from '../format.js';
import { CHANGE_KINDS, CHANGES_PAGE, compilationList, versionLabel, versionLink } from './shared.js';
import { state } from '../state.js';

export async function loadStats() {
  const r = state.rules;
  const seq = ++r.statsSeq;
  const out = $('stats-output');
  if (!r.stats) fill(out, h('p', { class: 'loading' }, 'Loading the statistics\u2026'));
  out.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api('rulesets/active/statistics');
    if (seq !== r.statsSeq) return;
    r.stats = data;
    renderStats();
  } catch (e) {
    if (seq !== r.statsSeq) return;
    fill($('stats-summary'));
    fill(out, problemView(e, { title: 'The rule statistics could not be loaded', retry: loadStats }));
  } finally {
    if (seq === r.statsSeq) out.removeAttribute('aria-busy');
  }
}

export function renderStats() {
  const r = state.rules;
  const s = r.stats;
  if (!s) return;
  const rules = Array.isArray(s.rules) ? s.rules : [];
  const fired = rules.filter((x) => x.count > 0).length;
  fill($('stats-summary'),
    `${versionLabel(s.version)}, in force on this server since ${when(s.since)}: `,
    h('b', null, plural(s.evaluations, 'decision')), ' evaluated; ',
    h('b', null, `${int(fired)} of ${plural(rules.length, 'rule')}`), ' fired at least once.');
  const query = $('stats-filter').value.trim().toLowerCase();
  const shown = rules.filter((x) => !query || String(x.rule).toLowerCase().includes(query));
  const { key, dir } = r.statsSort;
  const sign = dir === 'asc' ? 1 : -1;
  const lastMs = (x) => (x.lastFired ? new Date(x.lastFired).getTime() : -Infinity);
  shown.sort((a, b) => {
    let c = 0;
    if (key === 'count') c = (a.count || 0) - (b.count || 0);
    else if (key === 'lastFired') c = lastMs(a) - lastMs(b);
    if (c === 0 && key !== 'rule') return String(a.rule).localeCompare(String(b.rule));
    if (c === 0) c = String(a.rule).localeCompare(String(b.rule));
    return c * sign;
  });
  const out = $('stats-output');
  if (!rules.length) { fill(out, h('p', { class: 'muted' }, 'The version in force has no rule.')); return; }
  fill(out,
    h('p', { class: 'hint stats-count', role: 'status' }, query ? `${plural(shown.length, 'rule')} of ${int(rules.length)} match \u201c${query}\u201d.` : ''),
    shown.length
      ? h('div', { class: 'table-wrap stats-wrap', tabindex: '0', role: 'region', 'aria-label': 'Rule statistics' },
        h('table', { class: 'compact stats-table' },
          h('thead', null, h('tr', null,
            sortHeader('rule', 'Rule'), sortHeader('count', 'Fired', 'num'), sortHeader('lastFired', 'Last fired'))),
          h('tbody', null, shown.map((x) => h('tr', { class: x.count ? null : 'is-muted' },
            h('td', null, h('span', { class: 'mono' }, x.rule)),
            h('td', { class: 'num' }, x.count ? int(x.count) : h('span', { class: 'muted' }, '0')),
            h('td', { class: 'nowrap' }, x.lastFired ? timeElShort(x.lastFired) : h('span', { class: 'muted' }, 'Never')))))))
      : h('p', { class: 'muted' }, `No rule matches \u201c${query}\u201d.`));
}

function sortHeader(key, label, cls) {
  const r = state.rules;
  const active = r.statsSort.key === key;
  const dir = r.statsSort.dir;
  return h('th', { scope: 'col', class: cls || null, 'aria-sort': active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none' },
    h('button', {
      type: 'button', class: 'sort-button', dataset: { sort: key },
      onclick: () => {
        r.statsSort = active ? { key, dir: dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'rule' ? 'asc' : 'desc' };
        renderStats();
        const again = $('stats-output').querySelector(`button[data-sort="${key}"]`);
        if (again) again.focus();
        announce(`Sorted by ${label.toLowerCase()}, ${r.statsSort.dir === 'asc' ? 'ascending' : 'descending'}.`);
      },
    }, label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (dir === 'asc' ? ' \u25b2' : ' \u25bc') : ' \u2195')));
}

export async function loadChanges(more) {
  const r = state.rules;
  const seq = ++r.changesSeq;
  const out = $('changes-output');
  const offset = more ? r.changes.length : 0;
  if (!r.changes.length) fill(out, h('p', { class: 'loading' }, 'Loading the changes\u2026'));
  out.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api(`rulesets/changes?limit=${CHANGES_PAGE}&offset=${offset}`);
    if (seq !== r.changesSeq) return;
    const rows = Array.isArray(data) ? data : [];
    r.changes = more ? r.changes.concat(rows) : rows;
    r.changesMore = rows.length === CHANGES_PAGE;
    renderChanges();
  } catch (e) {
    if (seq !== r.changesSeq) return;
    fill(out, problemView(e, { title: 'The changes to the rules could not be loaded', retry: () => loadChanges(more) }));
  } finally {
    if (seq === r.changesSeq) out.removeAttribute('aria-busy');
  }
}

function renderChanges() {
  const r = state.rules;
  const out = $('changes-output');
  if (!r.changes.length) { fill(out, h('p', { class: 'muted' }, 'No change to the rules yet.')); return; }
  const more = h('button', { type: 'button', class: 'button small' }, 'Show older changes');
  more.addEventListener('click', async () => {
    setBusy(more, true);
    await loadChanges(true);
  });
  fill(out,
    h('div', { class: 'table-wrap changes-wrap', tabindex: '0', role: 'region', 'aria-label': 'Changes to the rules, newest first' },
      h('table', { class: 'compact changes-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'What'),
          h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Why'), h('th', { scope: 'col' }, 'Details'))),
        h('tbody', null, r.changes.map((c) => {
          const [label, cls] = CHANGE_KINDS[c.kind] || [capitalise(String(c.kind || DASH)), ''];
          return h('tr', null,
            h('td', { class: 'nowrap' }, timeElShort(c.at)),
            h('td', null, c.actor || DASH),
            h('td', null, h('span', { class: 'chip ' + cls }, label)),
            h('td', { class: 'nowrap' }, changeVersionCell(c)),
            h('td', { class: 'change-comment' }, c.comment || DASH),
            h('td', null, changeDetails(c)));
        })))),
    r.changesMore ? h('div', { class: 'more-row' }, more) : null);
}

function changeVersionCell(c) {
  const prev = c.previousVersion;
  if (c.kind === 'refused') return [h('span', { class: 'muted' }, 'not stored'), prev ? h('div', { class: 'cell-sub' }, 'from ', versionLink(prev)) : null];
  if (c.kind === 'activated' || c.kind === 'rolled-back') {
    return [c.version ? versionLink(c.version) : DASH, prev && prev !== c.version ? h('div', { class: 'cell-sub' }, 'in place of ', versionLink(prev)) : null];
  }
  return [c.version ? versionLink(c.version) : DASH, prev ? h('div', { class: 'cell-sub' }, 'from ', versionLink(prev)) : null];
}

function changeDetails(c) {
  const d = c.details && typeof c.details === 'object' ? c.details : {};
  const parts = [];
  if (Array.isArray(d.changes)) {
    parts.push(d.changes.length
      ? ['Files: ', d.changes.map((x, i) => [i ? ', ' : '', h('span', { class: 'mono' }, x.name), ` (${x.change})`])]
      : 'No file changed');
  }
  if (isNum(d.scenariosPassed)) {
    const total = d.scenariosPassed + (isNum(d.scenariosFailed) ? d.scenariosFailed : 0);
    parts.push(d.scenariosFailed ? h('span', { class: 'fail-text' }, `${int(d.scenariosFailed)} of ${plural(total, 'scenario')} fail`) : `${plural(total, 'scenario')} pass`);
  }
  if (Array.isArray(d.problems) && d.problems.length) {
    parts.push(h('details', null, h('summary', null, plural(d.problems.length, 'compilation problem')), compilationList(d.problems)));
  }
  return parts.length ? parts.map((p) => h('div', { class: 'cell-sub' }, p)) : h('span', { class: 'muted' }, DASH);
}
