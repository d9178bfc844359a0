/*
 * The Rules tab: the strategy versions, one version's detail and files, its approval, activation and rollback.
 */
import { api, apiRaw, enc, problemLine, problemView } from '../api.js';
import { $, announce, askComment, downloadBlob, fill, h, setBusy } from '../dom.js';
import { DASH, int, plural, size, timeEl, timeElShort, when } from '../format.js';
import { compareCard } from './compare.js';
import { showEditor, startDraft, updateNewButton } from './editor.js';
import {
  activeVersion, compilationList, FILE_PURPOSES, fileType, isWorkbook, mimeOf, scenarioItem, scenarioResults,
  scenariosChip, utf8, versionLabel, versionLink, versionWord,
} from './shared.js';
import { simulationCard } from './simulations.js';
import { loadChanges, loadStats } from './stats.js';
import { state } from '../state.js';
import { go, route } from '../tabs.js';

/** Shows the rules tab for #rules (the version shown last, or the one in force), #rules/<version> or #rules/new. */
export async function showRules(arg) {
  const r = state.rules;
  updateNewButton();
  if (!r.versions) {
    const ok = await loadVersions();
    if (!ok || state.activeTab !== 'rules' || !state.auth) return;
  }
  if (arg === 'new') {
    if (state.auth.can.ruleWrite) { showEditor(); return; }
    history.replaceState(null, '', '#rules');
  }
  const version = arg && arg !== 'new' ? arg : r.shown || activeVersion();
  if (!version) {
    r.view = 'detail';
    fill($('rules-main'), h('div', { class: 'card empty' }, 'No rule set is stored yet.'));
    return;
  }
  if (r.view === 'detail' && r.shown === version && r.detail && r.detail.version === version) {
    markSelectedVersion();
    return;
  }
  loadDetail(version);
}

/** Reads the versions; resolves to true once they are shown (to the latest request's answer when several overlap). */
export function loadVersions() {
  const r = state.rules;
  const seq = ++r.versionsSeq;
  const out = $('versions-output');
  if (!r.versions) fill(out, h('p', { class: 'loading' }, 'Loading the versions\u2026'));
  out.setAttribute('aria-busy', 'true');
  const p = api('rulesets').then(({ data }) => {
    if (seq !== r.versionsSeq) return r.versionsLoading;
    r.versions = Array.isArray(data) ? data : [];
    renderVersions();
    return true;
  }, (e) => {
    if (seq !== r.versionsSeq) return r.versionsLoading;
    fill(out, problemView(e, { title: 'The versions could not be loaded', retry: () => loadVersions().then((ok) => ok && route()) }));
    if (!r.versions) fill($('rules-main'));
    return false;
  }).finally(() => {
    if (seq === r.versionsSeq) out.removeAttribute('aria-busy');
  });
  r.versionsLoading = p;
  return p;
}

function renderVersions() {
  const r = state.rules;
  const list = r.versions || [];
  $('versions-count').textContent = plural(list.length, 'version');
  if (!list.length) {
    fill($('versions-output'), h('p', { class: 'empty' }, 'No rule set is stored yet.'));
    return;
  }
  fill($('versions-output'), h('ul', { class: 'version-list', 'aria-label': 'Rule-set versions, newest first' }, list.map((v) => h('li', null,
    h('button', {
      type: 'button',
      'aria-pressed': String(r.view === 'detail' && v.version === r.shown),
      dataset: { version: v.version },
      onclick: () => go('#rules/' + enc(v.version)),
    },
    h('span', { class: 'v-head' },
      h('b', null, versionLabel(v.version)),
      v.active ? h('span', { class: 'chip active' }, 'In force') : null,
      scenariosChip(v.scenarios)),
    h('span', { class: 'v-meta' }, timeElShort(v.createdAt), ' \u00b7 ', v.author || DASH, ' \u00b7 ', plural(v.files, 'file')),
    v.comment ? h('span', { class: 'v-comment' }, v.comment) : null)))));
}

export function markSelectedVersion() {
  const r = state.rules;
  for (const b of $('versions-output').querySelectorAll('button[data-version]')) {
    b.setAttribute('aria-pressed', String(r.view === 'detail' && b.dataset.version === r.shown));
  }
}

async function loadDetail(version) {
  const r = state.rules;
  const seq = ++r.detailSeq;
  r.view = 'detail';
  r.shown = version;
  markSelectedVersion();
  updateNewButton();
  const main = $('rules-main');
  main.setAttribute('aria-busy', 'true');
  if (!r.detail || r.detail.version !== version) fill(main, h('div', { class: 'card loading' }, `Loading ${versionWord(version)}\u2026`));
  try {
    const { data } = await api('rulesets/' + enc(version));
    if (seq !== r.detailSeq || r.view !== 'detail') return;
    r.detail = data;
    renderDetail(data);
  } catch (e) {
    if (seq !== r.detailSeq || r.view !== 'detail') return;
    r.detail = null;
    fill(main, problemView(e, {
      title: e.status === 404 ? `There is no ${versionWord(version)}` : 'The version could not be loaded',
      retry: e.retryable ? () => loadDetail(version) : null,
    }));
  } finally {
    if (seq === r.detailSeq) main.removeAttribute('aria-busy');
  }
}

function renderDetail(d) {
  const r = state.rules;
  const can = state.auth.can;
  const files = Array.isArray(d.files) ? d.files : [];
  const message = h('div', { class: 'message-slot', id: 'detail-message', 'aria-live': 'polite' });
  const approval = d.approval || { required: 0, approvals: 0, approved: true, reviews: [] };
  const activate = can.ruleWrite && !d.active && approval.approved
    ? h('button', { type: 'button', class: 'button primary', id: 'activate-button' }, 'Activate\u2026')
    : null;
  if (activate) activate.addEventListener('click', () => activateVersion(d.version, activate, message));

  const flash = r.flash && r.flash.version === d.version ? r.flash.node : null;
  if (!flash) r.flash = null;

  const header = h('section', { class: 'card', 'aria-labelledby': 'version-title' },
    h('div', { class: 'decision-head' },
      h('div', null,
        h('h2', { id: 'version-title' }, versionLabel(d.version), ' ', d.active ? h('span', { class: 'chip active' }, 'In force') : null),
        h('div', { class: 'decision-meta' },
          h('span', null, 'Uploaded ', h('b', null, timeEl(d.createdAt))),
          h('span', null, 'By ', h('b', null, d.author || DASH)),
          d.basedOn ? h('span', null, 'Based on ', h('b', null, versionLink(d.basedOn))) : null,
          h('span', { title: d.checksum ? `SHA-256 of the files: ${d.checksum}` : null }, 'Checksum ', h('b', { class: 'mono' }, d.checksum ? d.checksum.slice(0, 12) + '\u2026' : DASH)))),
      h('div', { class: 'head-actions' },
        activate,
        can.ruleWrite ? h('button', { type: 'button', class: 'button', onclick: () => startDraft(d.version) }, 'New version from this one') : null)),
    d.comment ? h('blockquote', { class: 'version-comment' }, d.comment) : null,
    d.active
      ? h('p', { class: 'hint' }, 'This version is in force: every new decision uses it.')
      : h('p', { class: 'hint' }, !approval.approved
        ? 'Not in force. It can be activated once an approver other than its author approves it, and while nobody has rejected it.'
        : can.ruleWrite
          ? 'Activating runs its scenarios again, against its own actions, and refuses the version while one fails. Decisions under way finish on the version they started with.'
          : 'Not in force. Business users activate versions.'),
    message);

  const viewer = h('div', { class: 'file-viewer', id: 'file-viewer' });
  const filesCard = h('section', { class: 'card', 'aria-labelledby': 'files-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'files-title' }, 'Files'), h('span', { class: 'count' }, plural(files.length, 'file'))),
    files.length
      ? h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Files of the version' },
        h('table', null,
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col', class: 'num' }, 'Size'),
            h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Open')))),
          h('tbody', null, files.map((f) => {
            const open = h('button', { type: 'button', class: 'button small', 'aria-label': `${isWorkbook(f.name) ? 'Download' : 'View'} ${f.name}` }, isWorkbook(f.name) ? 'Download' : 'View');
            open.addEventListener('click', () => (isWorkbook(f.name)
              ? downloadRuleFile(d.version, f.name, open, viewer)
              : viewRuleFile(d.version, f.name, open, viewer)));
            return h('tr', null,
              h('td', null, h('div', { class: 'cell-title mono' }, f.name), FILE_PURPOSES[f.name] ? h('div', { class: 'cell-sub' }, FILE_PURPOSES[f.name]) : null),
              h('td', null, fileType(f.name)),
              h('td', { class: 'num' }, size(f.bytes)),
              h('td', { class: 'num' }, open));
          }))))
      : h('p', { class: 'muted' }, 'This version has no file.'),
    viewer);

  const scenariosCard = h('section', { class: 'card', 'aria-labelledby': 'scenarios-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'scenarios-title' }, 'Scenarios'),
      h('span', { class: 'count' }, 'as run when the version was uploaded')),
    scenarioResults(d.scenarios));

  fill($('rules-main'), flash, header, reviewCard(d, approval), can.rules ? simulationCard(d) : null, filesCard, scenariosCard, compareCard(d));
}

// -------- Four eyes: approvals

const VERDICTS = { approved: ['Approved', 'ok'], rejected: ['Rejected', 'danger'] };

/** Where the version's review stands, every review, and the approver's buttons when it is theirs to review. */
function reviewCard(d, approval) {
  const reviews = Array.isArray(approval.reviews) ? approval.reviews : [];
  const me = state.auth.user;
  const mayReview = state.auth.can.ruleReview && d.author !== me && !reviews.some((x) => x.reviewer === me);
  const slot = h('div', { class: 'message-slot', 'aria-live': 'polite' });
  const buttons = mayReview
    ? [['approved', 'Approve\u2026', 'button primary'], ['rejected', 'Reject\u2026', 'button danger']].map(([verdict, label, cls]) => {
      const b = h('button', { type: 'button', class: cls }, label);
      b.addEventListener('click', () => reviewVersion(d.version, verdict, b, slot));
      return b;
    })
    : [];
  const status = approval.required === 0
    ? h('span', { class: 'chip warn' }, 'Sandbox: no approval needed')
    : approval.approved
      ? h('span', { class: 'chip ok' }, `Approved (${int(approval.approvals)} of ${int(approval.required)})`)
      : reviews.some((x) => x.verdict === 'rejected')
        ? h('span', { class: 'chip danger' }, 'Rejected')
        : d.active
          ? h('span', { class: 'chip warn' }, `In force without approval (${int(approval.approvals)} of ${int(approval.required)})`)
          : h('span', { class: 'chip' }, `Waiting for approval (${int(approval.approvals)} of ${int(approval.required)})`);
  return h('section', { class: 'card', 'aria-labelledby': 'review-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'review-title' }, 'Review'), status),
    reviews.length
      ? h('ul', { class: 'review-list' }, reviews.map((x) => {
        const [label, cls] = VERDICTS[x.verdict] || [x.verdict, ''];
        return h('li', null,
          h('span', { class: `chip ${cls}` }, label), ' by ', h('b', null, x.reviewer), ' on ', timeEl(x.at),
          x.comment ? h('blockquote', { class: 'version-comment' }, x.comment) : null);
      }))
      : h('p', { class: 'muted' }, 'Nobody has reviewed this version yet.'),
    approval.required > 0 && !approval.approved && d.active
      ? h('p', { class: 'hint' }, 'This version was put in force without the approvals now required: it shipped with Parcours, or it was activated while no approval was needed. A review recorded now is kept with it; the next version needs its approvals before it is put in force.')
      : null,
    state.auth.can.ruleReview && d.author === me
      ? h('p', { class: 'hint' }, 'You uploaded this version: another approver reviews it.')
      : null,
    buttons.length ? h('div', { class: 'review-actions' }, buttons) : null,
    slot);
}

async function reviewVersion(version, verdict, button, slot) {
  const approving = verdict === 'approved';
  const comment = await askComment({
    title: `${approving ? 'Approve' : 'Reject'} ${versionWord(version)}?`,
    body: h('p', null, approving
      ? 'Your approval lets business users put this version in force. It is kept with your name, and cannot be changed afterwards.'
      : 'A rejection keeps this version out of force for good: its author uploads a corrected version. It is kept with your name.'),
    label: 'Why? (kept with your review and in the audit of rule changes)',
    placeholder: approving ? 'e.g. checked the new caps with the campaign team' : 'e.g. the notice is a legal duty: it must stay',
    confirm: approving ? 'Approve' : 'Reject',
    danger: !approving,
  });
  if (comment === null) return;
  setBusy(button, true);
  try {
    await api(`rulesets/${enc(version)}/reviews`, { method: 'POST', body: { verdict, comment } });
    announce(`${versionLabel(version)} ${approving ? 'approved' : 'rejected'}.`);
    await refreshRules();
  } catch (e) {
    fill(slot, problemView(e, { title: `${versionLabel(version)} was not ${approving ? 'approved' : 'rejected'}` }));
    announce(problemLine(e));
  } finally {
    setBusy(button, false);
  }
}

// -------- Viewing and downloading files

async function viewRuleFile(version, name, button, viewer) {
  setBusy(button, true);
  fill(viewer, h('p', { class: 'loading' }, `Reading ${name}\u2026`));
  try {
    const bytes = await apiRaw(`rulesets/${enc(version)}/files/${enc(name)}`, { bytes: true });
    const lines = utf8.decode(bytes).split(/\r\n|\r|\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const titleId = 'file-viewer-title';
    const close = h('button', { type: 'button', class: 'button small ghost' }, 'Close');
    close.addEventListener('click', () => { fill(viewer); button.focus(); });
    const code = h('div', { class: 'code-view', tabindex: '0', role: 'region', 'aria-labelledby': titleId },
      h('pre', null, lines.map((l, i) => h('span', { class: 'code-line', dataset: { n: i + 1 } }, l, '\n'))));
    fill(viewer,
      h('div', { class: 'viewer-head' },
        h('h3', { id: titleId }, h('span', { class: 'mono' }, name), h('span', { class: 'muted' }, ` \u00b7 ${plural(lines.length, 'line')} \u00b7 ${versionWord(version)}`)),
        h('div', { class: 'head-actions' },
          h('button', { type: 'button', class: 'button small', onclick: () => downloadBlob(name, new Blob([bytes], { type: mimeOf(name) })) }, 'Download'),
          close)),
      code);
    code.focus({ preventScroll: true });
    viewer.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  } catch (e) {
    fill(viewer, problemView(e, { title: `${name} could not be read` }));
  } finally {
    setBusy(button, false);
  }
}

async function downloadRuleFile(version, name, button, slot) {
  setBusy(button, true);
  try {
    const bytes = await apiRaw(`rulesets/${enc(version)}/files/${enc(name)}`, { bytes: true });
    downloadBlob(name, new Blob([bytes], { type: mimeOf(name) }));
    fill(slot, h('p', { class: 'hint' }, `${name} is an Excel workbook: it is downloaded to open in a spreadsheet program. Compare versions to see its changes cell by cell.`));
  } catch (e) {
    fill(slot, problemView(e, { title: `${name} could not be downloaded` }));
  } finally {
    setBusy(button, false);
  }
}

// -------- Activating and rolling back

export async function activateVersion(version, button, slot) {
  const current = activeVersion();
  const comment = await askComment({
    title: `Put ${versionWord(version)} in force?`,
    body: h('p', null,
      `${versionLabel(version)} will decide every new decision${current ? `, in place of ${versionWord(current)}` : ''}. `,
      'Its scenarios run again first, against its own actions: if one fails, nothing changes. Decisions under way finish on the version they started with.'),
    placeholder: 'e.g. campaign starts today',
    confirm: 'Activate',
  });
  if (comment === null) return;
  setBusy(button, true);
  fill(slot, h('p', { class: 'loading' }, `Compiling ${versionWord(version)} and running its scenarios\u2026`));
  try {
    const { data } = await api(`rulesets/${enc(version)}/activate`, { method: 'POST', body: { comment } });
    const note = h('div', { class: 'alert ok', role: 'status' },
      h('strong', null, `\u2713 ${versionLabel(data.version)} is in force`),
      h('p', null, `Activated by ${data.by || DASH} on ${when(data.at)}${current && current !== data.version ? `, in place of ${versionWord(current)}` : ''}.`,
        data.comment ? ` \u201c${data.comment}\u201d` : ''));
    state.rules.flash = { version: data.version, node: note };
    fill($('rules-message'));
    announce(`${versionLabel(data.version)} is in force.`);
    await refreshRules();
  } catch (e) {
    fill(slot, activationProblem(e, version));
    announce(`${versionLabel(version)} was not put in force. ${problemLine(e)}`);
  } finally {
    setBusy(button, false);
  }
}

function activationProblem(e, version) {
  const v = versionLabel(version);
  if (e.scenarios && e.scenarios.length) {
    return problemView(e, {
      title: `${v} was not put in force: ${e.scenarios.length === 1 ? 'a scenario fails' : `${int(e.scenarios.length)} scenarios fail`}`,
      kind: false,
      more: [
        h('p', null, 'Nothing changed: the version in force stays. Fix the rules or the scenarios in a new version.'),
        h('ul', { class: 'scenario-list in-alert' }, e.scenarios.map(scenarioItem)),
      ],
    });
  }
  if (e.compilation && e.compilation.length) {
    return problemView(e, { title: `${v} was not put in force: it does not compile`, kind: false, more: compilationList(e.compilation) });
  }
  return problemView(e, { title: `${v} was not put in force` });
}

export async function rollBack() {
  const current = activeVersion();
  const button = $('rules-rollback');
  const comment = await askComment({
    title: 'Roll back the rules?',
    body: h('p', null,
      current ? `${versionLabel(current)} is in force. ` : '',
      'Rolling back puts the version that was in force before it back in force, in one step. Its scenarios run and are reported but do not block a rollback: it is the way back when a version misbehaves. Decisions under way finish on the version they started with.'),
    placeholder: 'e.g. back while we check the new caps',
    confirm: 'Roll back',
    danger: true,
  });
  if (comment === null) return;
  const slot = $('rules-message');
  setBusy(button, true);
  fill(slot, h('p', { class: 'loading' }, 'Rolling back\u2026'));
  try {
    const { data } = await api('rulesets/active/rollback', { method: 'POST', body: { comment } });
    fill(slot, h('div', { class: 'alert ok', role: 'status' },
      h('strong', null, `\u21ba Rolled back: ${versionWord(data.version)} is in force again`),
      h('p', null, current ? `It replaces ${versionWord(current)}. ` : '', `Rolled back by ${data.by || DASH} on ${when(data.at)}.`),
      h('div', { class: 'alert-actions' },
        h('button', { type: 'button', class: 'button small', onclick: () => go('#rules/' + enc(data.version)) }, `Show ${versionWord(data.version)}`),
        h('button', { type: 'button', class: 'button small ghost', onclick: () => { fill(slot); button.focus(); } }, 'Dismiss'))));
    announce(`Rolled back: ${versionLabel(data.version)} is in force again.`);
    await refreshRules();
  } catch (e) {
    fill(slot, problemView(e, {
      title: e.status === 409 ? 'Nothing to roll back to' : 'The rules were not rolled back',
      more: h('div', { class: 'alert-actions' }, h('button', { type: 'button', class: 'button small ghost', onclick: () => { fill(slot); button.focus(); } }, 'Dismiss')),
    }));
    announce('The rules were not rolled back. ' + problemLine(e));
  } finally {
    setBusy(button, false);
  }
}

/** After a change to the rules: the versions, the detail shown, the statistics and the changes. */
async function refreshRules() {
  const r = state.rules;
  await loadVersions();
  const tasks = [loadStats()];
  if (state.auth && state.auth.can.ruleChanges) tasks.push(loadChanges());
  if (r.view === 'detail' && r.shown) tasks.push(loadDetail(r.shown));
  await Promise.all(tasks);
}
