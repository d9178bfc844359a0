/*
 * The Models tab: the adaptive models, one model's detail and its versions (champion, challengers, standby).
 */
import { api, enc, problemView } from '../api.js';
import { $, announce, askComment, fill, h, setBusy } from '../dom.js';
import { actionName, capitalise, channelName, DASH, fixed3, fmt, int, isNum, pct, plural, when } from '../format.js';
import { actionEvidenceCard, calibrationView, loadUplift, weightsCard } from './charts.js';
import { toBase64 } from '../rules/shared.js';
import { state } from '../state.js';

const MATURITY = {
  new: ['New', 'warn', 'Fewer than 100 responses learned: its draws still spread widely, so it explores a lot'],
  learning: ['Learning', 'primary', 'From 100 to 999 responses learned'],
  mature: ['Mature', 'ok', 'At least 1,000 responses learned'],
};
// A calibration row with fewer responses is too noisy to judge the model by.
export const CALIBRATION_MIN = 30;
// The ranges of the prediction that the calibration counts, as edges (ModelMonitor).
export const CALIBRATION_EDGES = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1];
export const TRAINING_DAYS = 30;
export const RETRAIN_COMMAND = 'mvn -q -pl models exec:java -Dexec.mainClass=io.parcours.models.cli.Retrain \\\n'
  + '    -Dexec.args="--data {data} --channel web --config builtin:logistic-regression --report report.html \\\n'
  + '      --model web.tribuo --upload {base} --user {user} --password-file password.txt --share 0.1"';

/**
 * probit:web is the channel's model and probit:web@2 its version 2; beta:travel-card:app one
 * action's model on a channel.
 */
export function parseModelId(id) {
  const [base, version] = String(id || '').split('@');
  const parts = base.split(':');
  if (parts.length < 2) return { family: null, channel: null, actionId: null, version: null, model: null };
  return {
    family: parts[0],
    channel: parts[parts.length - 1],
    actionId: parts.length > 2 ? parts.slice(1, -1).join(':') : null,
    version: version ? Number(version) : null,
    model: base,
  };
}

function modelTitle(id) {
  const m = parseModelId(id);
  if (!m.channel) return String(id || DASH);
  const channel = channelName(m.channel);
  if (m.actionId) return `${actionName(m.actionId) || m.actionId} on ${channel}`;
  return m.version ? `${channel}, version ${m.version}` : channel;
}

const ROLES = {
  champion: ['Champion', 'ok', 'The version in charge: it serves every decision no challenger takes'],
  challenger: ['Challenger', 'warn', 'A candidate serving a share of the decisions until it is promoted or dropped'],
  standby: ['Standby', '', 'The champion before the last promotion: serves nothing, keeps learning, so that a rollback brings it back up to date'],
  retired: ['Retired', 'muted', 'Dropped or replaced: no longer learning; its provenance and history are kept'],
};

function roleChip(role, share) {
  const [label, cls, title] = ROLES[role] || [capitalise(String(role || DASH)), '', null];
  return h('span', { class: `chip ${cls} badge`, title }, role === 'challenger' && isNum(share) ? `${label} \u00b7 ${pct(share)}` : label);
}

/** The console's address of a model: the colon stays readable. */
export const modelHash = (id) => '#models/' + enc(id).replace(/%3A/gi, ':');

function maturityChip(maturity) {
  const [label, cls, title] = MATURITY[maturity] || [capitalise(String(maturity || DASH)), '', null];
  return h('span', { class: `chip ${cls} badge`, title }, label);
}

export const pct1 = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const points1 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A range of the prediction: "5–10%". */
export function rangeLabel(row) {
  return `${fmt.upTo2.format(row.from * 100)}\u2013${pct1.format(row.to)}`;
}

/** A difference of two rates in percentage points, signed: "+4.2 pts". */
export function pointsLabel(gap) {
  if (!isNum(gap)) return DASH;
  const sign = gap > 0.00005 ? '+' : gap < -0.00005 ? '\u2212' : '\u00b1';
  return `${sign}${points1.format(Math.abs(gap) * 100)} pts`;
}

export const rate = (positives, responses) => (isNum(responses) && responses > 0 && isNum(positives) ? positives / responses : null);

/** The row where the mean prediction and the observed rate differ most, among the well-filled rows. */
function calibrationGap(rows) {
  let worst = null;
  for (const r of Array.isArray(rows) ? rows : []) {
    if (!(r.responses >= CALIBRATION_MIN) || !isNum(r.meanPredicted) || !isNum(r.observedRate)) continue;
    const gap = r.meanPredicted - r.observedRate;
    if (!worst || Math.abs(gap) > Math.abs(worst.gap)) worst = { gap, row: r };
  }
  return worst;
}

function gapWords(gap) {
  if (Math.abs(gap) < 0.0005) return 'predicted as observed';
  return gap > 0 ? 'predicts too high' : 'predicts too low';
}

function calibrationCell(rows) {
  const worst = calibrationGap(rows);
  if (!worst) {
    const n = (Array.isArray(rows) ? rows : []).reduce((sum, r) => sum + (r.responses || 0), 0);
    return h('span', { class: 'muted', title: `No range of the prediction has ${CALIBRATION_MIN} responses yet` },
      n ? 'Too few responses yet' : 'No response yet');
  }
  const r = worst.row;
  return [
    h('div', {
      class: 'cell-title',
      title: `In ${rangeLabel(r)}: mean predicted ${pct(r.meanPredicted)}, observed ${pct(r.observedRate)} over ${plural(r.responses, 'response')}`,
    }, pointsLabel(worst.gap)),
    h('div', { class: 'cell-sub' }, `${gapWords(worst.gap)} in ${rangeLabel(r)}`),
  ];
}

function aucView(auc) {
  return isNum(auc)
    ? fixed3(auc)
    : h('span', { class: 'muted', title: 'Needs a positive and a negative response' }, 'Not yet');
}

// -------- The list

/** Shows the models tab for #models (the model shown last, if any) or #models/<model id>. */
export function showModels(arg) {
  const m = state.models;
  const id = arg || m.shown;
  if (!id) {
    fill($('model-detail'), h('div', { class: 'card empty' }, 'Select a model to see its calibration, its largest weights and its evidence per action.'));
    markSelectedModel();
    return;
  }
  if (!m.stale && m.shown === id && m.detail && m.detail.status && m.detail.status.modelId === id) {
    markSelectedModel();
    return;
  }
  m.stale = false;
  loadModel(id);
}

export async function loadModels() {
  const m = state.models;
  const seq = ++m.listSeq;
  const out = $('models-output');
  if (!m.list) fill(out, h('p', { class: 'loading' }, 'Loading the models\u2026'));
  out.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api('models');
    if (seq !== m.listSeq || state.models !== m) return;
    m.list = Array.isArray(data) ? data : [];
    renderModels();
    loadUplift(m);
    $('models-read-at').textContent = `Read at ${fmt.time.format(new Date())}`;
  } catch (e) {
    if (seq !== m.listSeq || state.models !== m) return;
    fill($('models-summary'));
    fill(out, problemView(e, { title: 'The models could not be loaded', retry: loadModels }));
  } finally {
    if (seq === m.listSeq && state.models === m) out.removeAttribute('aria-busy');
  }
}

export async function refreshModels() {
  const button = $('models-refresh');
  const m = state.models;
  setBusy(button, true);
  try {
    await Promise.all([loadModels(), m.shown ? loadModel(m.shown) : null]);
    announce('The models are read again.');
  } finally {
    setBusy(button, false);
  }
}

function renderModels() {
  const list = state.models.list || [];
  const out = $('models-output');
  const responses = list.reduce((n, s) => n + (s.evidence || 0), 0);
  const positives = list.reduce((n, s) => n + (s.positives || 0), 0);
  $('models-summary').textContent = list.length
    ? `${plural(list.length, 'model')} \u00b7 ${plural(responses, 'response')} learned, ${int(positives)} positive`
    : '';
  if (!list.length) {
    fill(out, h('p', { class: 'empty' }, 'The engine runs no model.'));
    return;
  }
  fill(out, h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Every model' },
    h('table', { class: 'models-table', 'aria-describedby': 'models-prequential-hint' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Model'),
        h('th', { scope: 'col', title: 'Champion, challenger (with its share of the decisions) or standby' }, 'Role'),
        h('th', { scope: 'col', title: 'New under 100 responses learned, learning under 1,000, then mature' }, 'Maturity'),
        h('th', { scope: 'col', class: 'num', title: 'Evidence: the responses the model has learned from' }, 'Evidence'),
        h('th', { scope: 'col', class: 'num', title: 'Responses accepted or clicked' }, 'Positives'),
        h('th', { scope: 'col', class: 'num', title: 'Positives among the responses learned' }, 'Positive rate'),
        h('th', { scope: 'col', class: 'num', title: 'Features with a weight' }, 'Features'),
        h('th', { scope: 'col', class: 'num', title: 'Each response predicted before it was learned: 0.5 is guessing, 1 is perfect. Over every response the model learned.' }, 'Prequential AUC'),
        h('th', { scope: 'col', title: `Predicted minus observed, in percentage points, where it differs most among the ranges with at least ${CALIBRATION_MIN} responses` }, 'Calibration'))),
      h('tbody', null, list.map((s) => h('tr', { dataset: { model: s.modelId } },
        h('td', null,
          h('a', { href: modelHash(s.modelId), class: 'cell-title model-link' }, modelTitle(s.modelId)),
          h('div', { class: 'cell-sub mono' }, s.modelId)),
        h('td', null, roleChip(s.role, s.trafficShare)),
        h('td', null, maturityChip(s.maturity)),
        h('td', { class: 'num' }, int(s.evidence)),
        h('td', { class: 'num' }, int(s.positives)),
        h('td', { class: 'num' }, pct(rate(s.positives, s.evidence))),
        h('td', { class: 'num' }, int(s.features)),
        h('td', { class: 'num' }, aucView(s.prequentialAuc)),
        h('td', { class: 'calibration-cell' }, calibrationCell(s.calibration))))))));
  markSelectedModel();
}

function markSelectedModel() {
  const shown = state.models.shown;
  for (const row of $('models-output').querySelectorAll('tr[data-model]')) {
    const here = row.dataset.model === shown;
    row.classList.toggle('is-selected', here);
    const link = row.querySelector('a');
    if (here) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
  }
}

// -------- One model

async function loadModel(id) {
  const m = state.models;
  const seq = ++m.detailSeq;
  m.shown = id;
  markSelectedModel();
  const out = $('model-detail');
  out.setAttribute('aria-busy', 'true');
  if (!m.detail || !m.detail.status || m.detail.status.modelId !== id) fill(out, h('div', { class: 'card loading' }, `Loading the model ${id}\u2026`));
  try {
    const { data } = await api('models/' + enc(id));
    if (seq !== m.detailSeq || state.models !== m) return;
    m.detail = data;
    renderModel(data);
  } catch (e) {
    if (seq !== m.detailSeq || state.models !== m) return;
    m.detail = null;
    fill(out, problemView(e, {
      title: e.status === 404 ? `There is no model ${id}` : `The model ${id} could not be loaded`,
      retry: e.retryable ? () => loadModel(id) : null,
    }));
  } finally {
    if (seq === m.detailSeq && state.models === m) out.removeAttribute('aria-busy');
  }
}

function stat(label, value, sub, title) {
  return h('div', { class: 'stat', title: title || null },
    h('dt', null, label),
    h('dd', null, h('span', { class: 'stat-value' }, value), sub ? h('span', { class: 'stat-sub' }, sub) : null));
}

function renderModel(d) {
  const s = d.status || {};
  const id = s.modelId;
  const worst = calibrationGap(s.calibration);
  const positiveRate = rate(s.positives, s.evidence);
  const header = h('section', { class: 'card', 'aria-labelledby': 'model-title' },
    h('div', { class: 'decision-head' },
      h('div', null,
        h('h2', { id: 'model-title' }, parseModelId(id).actionId ? modelTitle(id) : `${modelTitle(id)} model`, ' ', roleChip(s.role, s.trafficShare), ' ', maturityChip(s.maturity)),
        h('div', { class: 'decision-meta' },
          h('span', null, 'Model ', h('b', { class: 'mono' }, id || DASH)),
          h('span', null, 'Family ', h('b', null, d.family || DASH)),
          h('span', { title: 'The version of the channel\u2019s model; every decision\u2019s audit record names the version that scored it' }, 'Version ', h('b', null, int(s.version))),
          h('span', null, 'Last response learned ', h('b', null, s.lastResponseId ? '#' + int(s.lastResponseId) : 'none')))),
      h('div', { class: 'head-actions' },
        h('a', { class: 'button', href: '#models' }, 'All models'))),
    h('dl', { class: 'stats' },
      stat('Evidence', int(s.evidence), 'responses learned'),
      stat('Positives', int(s.positives), isNum(positiveRate) ? `${pct(positiveRate)} of the responses` : null),
      stat('Features', int(s.features), 'with a weight'),
      stat('Prequential AUC', aucView(s.prequentialAuc), '0.5 guessing \u00b7 1 perfect',
        'Every response is first predicted with what the model knew just before it, then learned: an out-of-sample measure with no hold-out, over every response the model learned.'),
      stat('Largest calibration gap', worst ? pointsLabel(worst.gap) : h('span', { class: 'muted' }, 'Not yet'),
        worst ? `${gapWords(worst.gap)} in ${rangeLabel(worst.row)}`
          : (s.calibration || []).length ? `no range has ${CALIBRATION_MIN} responses yet` : 'no response yet')));

  const calibrationCard = h('section', { class: 'card', 'aria-labelledby': 'calibration-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'calibration-title' }, 'Calibration'),
      h('span', { class: 'count' }, 'mean predicted propensity against observed positive rate, by range of the prediction, over every response the model learned')),
    calibrationView(s));

  const lower = h('div', { class: 'model-lower' }, weightsCard(d), actionEvidenceCard(d));
  const refocus = document.activeElement && document.activeElement.id === 'weights-filter';
  const versioned = d.family === 'probit' && parseModelId(id).model;
  const versions = versioned ? h('div', { id: 'model-versions' }) : null;
  fill($('model-detail'), header, versions, calibrationCard, lower);
  if (versioned) loadModelVersions(parseModelId(id).model);
  if (refocus) $('weights-filter').focus();
  announce(`Model ${id} shown.`);
}

// -------- Versions: champion, challengers, standby

async function loadModelVersions(model) {
  const out = $('model-versions');
  if (!out) return;
  fill(out, h('section', { class: 'card loading' }, `Loading the versions of ${model}\u2026`));
  try {
    const { data } = await api(`models/${enc(model)}/versions`);
    if ($('model-versions') !== out) return;
    fill(out, versionsCard(data));
  } catch (e) {
    fill(out, h('section', { class: 'card' }, problemView(e, { title: 'The versions could not be read', retry: () => loadModelVersions(model) })));
  }
}

function provenanceLine(text) {
  let p = {};
  try { p = JSON.parse(text || '{}'); } catch (e) { return h('span', { class: 'muted' }, DASH); }
  if (p.source === 'online') return h('span', null, 'Learned online from the default prior');
  const trainer = String(p.trainer || p.modelClass || '').split('.').pop();
  return h('span', { title: p.tribuoProvenance || null },
    `${trainer || 'Offline model'}${isNum(p.examples) ? `, ${int(p.examples)} examples` : ''}`,
    p.warmStart ? `, ${int(p.warmStart.weights)} weights as prior (variance ${p.warmStart.priorVariance})` : '',
    p.dataSource ? h('div', { class: 'cell-sub' }, String(p.dataSource).slice(0, 240)) : null,
    p.sha256 ? h('div', { class: 'cell-sub mono' }, `sha-256 ${p.sha256.slice(0, 16)}\u2026`) : null);
}

function versionsCard(v) {
  const versions = Array.isArray(v.versions) ? v.versions : [];
  const served = new Map((v.served || []).map((x) => [x.modelId, x]));
  const write = state.auth && state.auth.can.models;
  const standby = versions.find((x) => x.role === 'standby');
  const slot = h('div', { class: 'versions-message', 'aria-live': 'polite' });
  const rateText = (r) => (r && isNum(r.rate) ? `${pct(r.rate)} (${pct(r.low)} \u2013 ${pct(r.high)})` : DASH);
  const buttons = (x) => {
    if (!write) return null;
    const b = [];
    if (x.role === 'challenger') {
      b.push(h('button', { type: 'button', class: 'button small', onclick: (ev) => changeVersion(v.modelId, x, 'promote', ev.currentTarget, slot) }, 'Promote'));
      b.push(h('button', { type: 'button', class: 'button small ghost', onclick: (ev) => changeShare(v.modelId, x, ev.currentTarget, slot) }, 'Share\u2026'));
    }
    if (x.role === 'challenger' || x.role === 'standby') {
      b.push(h('button', { type: 'button', class: 'button small ghost danger', onclick: (ev) => changeVersion(v.modelId, x, 'drop', ev.currentTarget, slot) }, 'Drop'));
    }
    return b.length ? h('div', { class: 'row-actions' }, b) : null;
  };
  return h('section', { class: 'card', 'aria-labelledby': 'versions-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'versions-title' }, 'Versions'),
      h('span', { class: 'count' }, `every live version learns every response on the channel; served: impressions ranked since ${when(v.servedFrom)}`),
      write && standby
        ? h('button', { type: 'button', class: 'button small danger', onclick: (ev) => changeVersion(v.modelId, standby, 'rollback', ev.currentTarget, slot) }, `Roll back to version ${standby.version}`)
        : null),
    slot,
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Versions of the model' },
      h('table', { class: 'compact versions-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Version'),
          h('th', { scope: 'col' }, 'Role'),
          h('th', { scope: 'col' }, 'What it is'),
          h('th', { scope: 'col' }, 'How it was made'),
          h('th', { scope: 'col' }, 'Created'),
          h('th', { scope: 'col', class: 'num', title: 'Impressions this version ranked first or lower' }, 'Served'),
          h('th', { scope: 'col', class: 'num', title: 'Accepted or clicked, with a 95 % Wilson interval' }, 'Positive rate'),
          write ? h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Changes')) : null)),
        h('tbody', null, versions.slice().reverse().map((x) => {
          const s = served.get(x.versionId);
          return h('tr', null,
            h('td', null, x.role === 'retired' ? h('span', { class: 'mono' }, x.versionId)
              : h('a', { href: modelHash(x.versionId), class: 'mono' }, x.versionId)),
            h('td', null, roleChip(x.role, x.trafficShare)),
            h('td', null, x.description || DASH),
            h('td', null, provenanceLine(x.provenance)),
            h('td', null, h('div', null, x.createdBy || DASH), h('div', { class: 'cell-sub' }, when(x.createdAt))),
            h('td', { class: 'num' }, s ? int(s.impressions) : '0'),
            h('td', { class: 'num' }, s ? rateText(s.positiveRate) : DASH),
            write ? h('td', null, buttons(x)) : null);
        })))),
    write ? challengerForm(v.modelId, slot) : null,
    changesView(v.changes));
}

function changesView(changes) {
  const rows = Array.isArray(changes) ? changes.slice().reverse() : [];
  if (!rows.length) return null;
  const words = { created: 'created', challenger: 'became a challenger', promote: 'promoted', rollback: 'roll back', drop: 'dropped', 'traffic-share': 'share changed' };
  return h('details', { class: 'version-changes' },
    h('summary', null, `History: ${plural(rows.length, 'role change')}`),
    h('table', { class: 'compact' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'Change'),
        h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Role after'),
        h('th', { scope: 'col', class: 'num', title: 'The last response the models had learned when the change took effect' }, 'After response'),
        h('th', { scope: 'col' }, 'Why'))),
      h('tbody', null, rows.map((c) => h('tr', null,
        h('td', null, when(c.changedAt)), h('td', null, c.changedBy || DASH), h('td', null, words[c.action] || c.action),
        h('td', { class: 'num' }, int(c.version)), h('td', null, roleChip(c.role, c.trafficShare)),
        h('td', { class: 'num' }, '#' + int(c.atResponseId)), h('td', null, c.reason || DASH))))));
}

async function changeVersion(model, x, action, button, slot) {
  const what = {
    promote: [`Promote version ${x.version}?`, `Version ${x.version} will serve every decision no challenger takes. The champion stands by and keeps learning, so it can be brought back by a rollback.`, 'Promote', false],
    drop: [`Drop version ${x.version}?`, 'It stops serving and learning at once. Its provenance and history are kept.', 'Drop', true],
    rollback: [`Roll back to version ${x.version}?`, `Version ${x.version} becomes the champion again; the champion stands by in its place.`, 'Roll back', true],
  }[action];
  const reason = await askComment({ title: what[0], body: h('p', null, what[1]), confirm: what[2], danger: what[3],
    label: 'Why? (kept in the model\u2019s history)', placeholder: 'e.g. converts better over three weeks', missing: 'Say why: the reason is kept in the model\u2019s history.' });
  if (reason === null) return;
  setBusy(button, true);
  try {
    const path = action === 'rollback' ? `models/${enc(model)}/rollback` : `models/${enc(x.versionId)}/${action}`;
    const { data } = await api(path, { method: 'POST', body: { reason } });
    fill($('model-versions'), versionsCard(data));
    announce(`${what[2]}: done.`);
    state.models.stale = true;
    loadModels();
  } catch (e) {
    fill(slot, problemView(e, { title: `${what[2]} was not done` }));
    setBusy(button, false);
  }
}

async function changeShare(model, x, button, slot) {
  const answer = window.prompt(`Share of the ${channelName(parseModelId(model).channel)} decisions for version ${x.version} (above 0, at most 0.5)`, String(x.trafficShare));
  if (answer === null) return;
  setBusy(button, true);
  try {
    const { data } = await api(`models/${enc(x.versionId)}/traffic-share`, { method: 'PUT', body: { trafficShare: Number(answer), reason: 'share changed in the console' } });
    fill($('model-versions'), versionsCard(data));
    loadModels();
  } catch (e) {
    fill(slot, problemView(e, { title: 'The share was not changed' }));
    setBusy(button, false);
  }
}

function challengerForm(model, slot) {
  const file = h('input', { type: 'file', id: 'challenger-file', accept: '.tribuo,.model,.pb,application/octet-stream', required: true });
  const share = h('input', { type: 'number', id: 'challenger-share', min: '0.01', max: '0.5', step: '0.01', value: '0.1', required: true });
  const variance = h('input', { type: 'number', id: 'challenger-variance', min: '0.0001', step: '0.001', value: '0.01' });
  const description = h('input', { type: 'text', id: 'challenger-description', maxlength: '500', required: true, placeholder: 'e.g. logistic regression on October\u2019s history' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Upload as challenger');
  const form = h('form', { class: 'challenger-form', novalidate: true },
    h('p', { class: 'hint' }, 'A model the retrain command wrote (--model). Its weights become the new version\u2019s prior, and it then learns every response online.'),
    h('div', { class: 'form-row' },
      h('label', { for: 'challenger-file' }, 'Model file'), file),
    h('div', { class: 'form-row' },
      h('label', { for: 'challenger-share' }, 'Share of the decisions'), share,
      h('label', { for: 'challenger-variance' }, 'Prior variance'), variance),
    h('div', { class: 'form-row' },
      h('label', { for: 'challenger-description' }, 'What it is'), description),
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = file.files && file.files[0];
    if (!f) { fill(slot, h('div', { class: 'alert error', role: 'alert' }, 'Choose the model file first.')); file.focus(); return; }
    if (f.size > 48 * 1024 * 1024) { fill(slot, h('div', { class: 'alert error', role: 'alert' }, 'The file is larger than 48 MB.')); return; }
    setBusy(submit, true);
    try {
      const bytes = new Uint8Array(await f.arrayBuffer());
      const body = { modelBase64: toBase64(bytes), trafficShare: Number(share.value), priorVariance: Number(variance.value),
        description: description.value.trim(), reason: `uploaded in the console from ${f.name}` };
      const { data } = await api(`models/${enc(model)}/challengers`, { method: 'POST', body });
      fill($('model-versions'), versionsCard(data));
      announce('The challenger is uploaded.');
      loadModels();
    } catch (e) {
      fill(slot, problemView(e, { title: 'The challenger was not uploaded' }));
      setBusy(submit, false);
    }
  });
  return h('details', { class: 'challenger-upload' }, h('summary', null, 'Upload a challenger'), form);
}
