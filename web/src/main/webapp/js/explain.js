/*
 * The Explain tab: a decision's audit record, its scores and the model features it saw, and the check of the audit chain.
 */
import { api, problemView } from './api.js';
import { exclusionsTable, leverView, stagesView } from './decide/decision.js';
import { profileFacts } from './decide/profile.js';
import { $, announce, clearFieldError, downloadJson, fill, h, setBusy, setFieldError } from './dom.js';
import {
  actionCell, actionName, capitalise, channelName, DASH, fixed3, fmt, int, isNum, number, pct, plural, sentence,
  timeEl, times,
} from './format.js';
import { modelHash } from './models/models.js';
import { state } from './state.js';
import { go } from './tabs.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function renderRecent() {
  const wrap = $('recent-wrap');
  wrap.hidden = !state.recent.length || !(state.auth && state.auth.can.explain);
  fill($('recent-list'), state.recent.map((d) => {
    const n = (d.actions || []).length;
    return h('li', null, h('button', {
      type: 'button', onclick: () => go('#explain/' + encodeURIComponent(d.decisionId)),
      'aria-label': `Explain decision ${d.decisionId} for ${d.customerId}`,
    },
    h('span', null, d.decidedAt ? fmt.time.format(new Date(d.decidedAt)) : ''),
    h('b', null, d.customerId),
    h('span', { class: 'chip' }, channelName(d.channel)),
    h('span', { class: d.doNothing || !n ? 'chip warn' : 'chip ok' }, d.doNothing || !n ? 'Do nothing' : plural(n, 'action')),
    h('span', { class: 'mono' }, d.decisionId)));
  }));
}

export function onExplainSubmit(event) {
  event.preventDefault();
  clearFieldError('explain-id');
  const id = $('explain-id').value.trim();
  if (!id) {
    setFieldError('explain-id', 'Enter the id of a decision.');
    $('explain-id').focus();
    return;
  }
  if (!UUID_PATTERN.test(id)) {
    setFieldError('explain-id', 'A decision id is a UUID, like 3f0c2a9e-6b1d-4c8e-9a57-2d1e0b7c4f13.');
    $('explain-id').focus();
    return;
  }
  state.explainShown = null;
  go('#explain/' + encodeURIComponent(id.toLowerCase()));
}

export async function explain(id) {
  const out = $('explain-output');
  const seq = ++state.explainSeq;
  state.explainShown = id;
  const button = $('explain-submit');
  setBusy(button, true);
  out.setAttribute('aria-busy', 'true');
  fill(out, h('div', { class: 'card loading' }, `Reading the audit record of ${id}\u2026`));
  try {
    const { data } = await api('decisions/' + encodeURIComponent(id));
    if (seq !== state.explainSeq) return;
    renderAudit(data);
    announce(`Audit record ${data.seq} of decision ${data.decisionId} shown.`);
  } catch (e) {
    if (seq !== state.explainSeq) return;
    state.explainShown = null;
    const title = e.status === 404 ? 'No such decision' : e.status === 400 ? 'That is not a decision id' : 'The audit record could not be read';
    fill(out, problemView(e, { title, retry: e.retryable ? () => explain(id) : null }));
  } finally {
    if (seq === state.explainSeq) {
      setBusy(button, false);
      out.removeAttribute('aria-busy');
    }
  }
}

function card(title, id, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), children);
}

function facts(pairs, cls) {
  return h('dl', { class: 'facts' + (cls ? ' ' + cls : '') },
    pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? DASH : v)]));
}

function renderAudit(v) {
  const r = v.record && typeof v.record === 'object' ? v.record : {};
  // Format 4 seals the customer id, the context and the profile; the API opens them into `personal`,
  // or says they were erased. Older records hold them in the request and the profile themselves.
  const sealed = r.sealed !== undefined;
  const personal = r.personal && typeof r.personal === 'object' ? r.personal : null;
  const erased = sealed && r.personalErased === true;
  const req = Object.assign({}, r.request || {}, personal ? { customerId: personal.customerId, context: personal.context } : {});
  const profileAtTheTime = personal ? personal.profile : r.profile;
  const result = Array.isArray(r.result) ? r.result : [];
  const scores = Array.isArray(r.scores) ? r.scores : [];
  const exclusions = Array.isArray(r.exclusions) ? r.exclusions : [];
  const rules = Array.isArray(r.rulesFired) ? r.rulesFired : [];
  const stages = r.journeyStages && typeof r.journeyStages === 'object' ? Object.entries(r.journeyStages) : [];
  const history = r.contactHistory || null;

  // Header: identity, result, raw JSON and download.
  const raw = h('pre', { class: 'raw', id: 'audit-raw', tabindex: '0', 'aria-label': 'The audit record as JSON', hidden: true },
    JSON.stringify(v, null, 2));
  const rawToggle = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', 'aria-controls': 'audit-raw' }, 'Show raw JSON');
  rawToggle.addEventListener('click', () => {
    const open = raw.hidden;
    raw.hidden = !open;
    rawToggle.setAttribute('aria-expanded', String(open));
    rawToggle.textContent = open ? 'Hide raw JSON' : 'Show raw JSON';
  });
  const download = h('button', { type: 'button', class: 'button', onclick: () => downloadJson(`parcours-decision-${v.decisionId}.json`, v) }, 'Download JSON');

  const resultView = result.length
    ? h('ol', { class: 'result-list' }, result.map((id) => h('li', null, actionName(id) ? [actionName(id), ' ', h('span', { class: 'cell-sub mono' }, id)] : h('span', { class: 'mono' }, id))))
    : h('div', null, h('span', { class: 'chip warn' }, 'Do nothing'), ' ', sentence(r.doNothingReason) || 'No action passed the rules and the threshold.');

  const header = h('section', { class: 'card span-2', 'aria-labelledby': 'audit-title' },
    h('div', { class: 'decision-head' },
      h('div', null,
        h('h2', { id: 'audit-title' }, 'Audit record ', h('span', { class: 'decision-id' }, v.decisionId)),
        h('div', { class: 'decision-meta' },
          h('span', null, 'Record ', h('b', null, '#' + int(v.seq))),
          h('span', null, 'Decided ', h('b', null, timeEl(r.decidedAt))),
          h('span', null, 'Recorded ', h('b', null, timeEl(v.recordedAt))),
          h('span', null, 'Rule set ', h('b', { class: 'mono' }, r.ruleSetVersion || DASH)),
          r.policy ? h('span', null, 'Policy ', policyBadge(r.policy)) : null,
          r.format !== undefined ? h('span', null, 'Format ', h('b', null, r.format)) : null)),
      h('div', { class: 'head-actions' }, rawToggle, download)),
    h('div', { class: 'subsection' },
      h('h3', null, 'Result'),
      resultView,
      h('p', { class: 'hint', style: 'margin-top:6px' }, `Threshold: an action needs a priority of at least ${fixed3(r.threshold)} to be shown.`)),
    raw);

  // Inputs: request, contact history, profile.
  const context = req.context && typeof req.context === 'object' ? Object.entries(req.context) : [];
  const inputs = card('Inputs', 'audit-inputs-title',
    h('div', { class: 'subsection' },
      h('h3', null, 'Request'),
      facts([
        ['Customer', erased
          ? h('span', { class: 'chip warn' }, 'Erased')
          : h('span', { class: 'mono' }, req.customerId || DASH)],
        ['Channel', channelName(req.channel)],
        ['Direction', capitalise(req.direction || '') || DASH],
        ['Limit', int(req.limit)],
        ['Context', context.length
          ? h('span', { class: 'chips' }, context.map(([k, val]) => h('span', { class: 'chip' }, h('span', { class: 'mono' }, `${k} = ${val}`))))
          : h('span', { class: 'muted' }, 'None')],
      ])),
    history ? h('div', { class: 'subsection' },
      h('h3', null, 'Contact history seen by the policies'),
      facts([['Impressions', int(history.impressions)], ['Responses', int(history.responses)]])) : null,
    h('div', { class: 'subsection' },
      h('h3', null, 'Customer profile at the time'),
      erased
        ? h('p', { class: 'muted' }, 'The customer was erased: the personal inputs of this record were sealed with a key that no longer exists. The rules, scores and result below still explain the decision.')
        : profileAtTheTime && typeof profileAtTheTime === 'object' ? profileFacts(profileAtTheTime) : h('p', { class: 'muted' }, 'Not recorded.')),
    h('div', { class: 'subsection' },
      h('h3', null, 'Features the models saw'),
      modelFeaturesView(r.modelFeatures)));

  // Rules.
  const rulesCard = card('Rules', 'audit-rules-title',
    facts([['Rule-set version', h('span', { class: 'mono' }, r.ruleSetVersion || DASH)]]),
    h('div', { class: 'subsection' },
      h('h3', null, `Rules fired, in order (${int(rules.length)})`),
      rules.length ? h('ol', { class: 'rules-fired' }, rules.map((name) => h('li', null, name))) : h('p', { class: 'muted' }, 'No rule fired.')),
    h('div', { class: 'subsection' },
      h('h3', null, 'Journey stages'),
      stagesView(stages)));

  const exclusionsCard = h('section', { class: 'card span-2', 'aria-labelledby': 'audit-excl-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'audit-excl-title' }, 'Exclusions'), h('span', { class: 'count' }, plural(exclusions.length, 'action'))),
    exclusionsTable(exclusions));

  const scoresCard = h('section', { class: 'card span-2', 'aria-labelledby': 'audit-scores-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'audit-scores-title' }, 'Scores'), h('span', { class: 'count' }, `${plural(scores.length, 'action')} scored \u00b7 threshold ${fixed3(r.threshold)}`)),
    r.policy === 'control'
      ? h('div', { class: 'alert info control-note', role: 'note' },
        h('strong', null, 'Control group: ranked on random propensities'),
        h('p', null, 'This decision belonged to the random control group: the Sampled column holds random propensities, not the models\u2019 draws. The rules and contact policies applied as always, and the responses still teach the models; comparing the control group\u2019s response rate with the others measures what the models add.'))
      : null,
    scoresTable(scores, r.threshold));

  const chain = h('section', { class: 'card span-2', 'aria-labelledby': 'audit-chain-title' },
    h('h2', { id: 'audit-chain-title' }, 'Place in the audit chain'),
    facts([
      ['Sequence', '#' + int(v.seq)],
      ['Previous hash', h('span', { class: 'hash' }, v.previousHash || DASH)],
      ['Hash', h('span', { class: 'hash' }, v.hash || DASH)],
    ]),
    h('p', { class: 'hint', style: 'margin-top:10px' },
      'hash = SHA-256(previous hash \u2016 record). Changing, inserting or removing any record breaks every later hash',
      state.auth.can.verify ? ': use \u201cVerify audit chain\u201d above to check the whole chain.' : '.'));

  fill($('explain-output'), h('div', { class: 'audit-grid' }, header, inputs, rulesCard, exclusionsCard, scoresCard, chain));
}

function scoresTable(scores, threshold) {
  if (!scores.length) return h('p', { class: 'muted' }, 'No action was scored: the rules left none eligible.');
  const sorted = scores.slice().sort((a, b) => {
    const ra = a.rank > 0 ? a.rank : Infinity;
    const rb = b.rank > 0 ? b.rank : Infinity;
    return ra !== rb ? ra - rb : (b.priority || 0) - (a.priority || 0);
  });
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Scores' },
    h('table', null,
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Rank'), h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Model'),
        h('th', { scope: 'col', class: 'num' }, 'Version'), h('th', { scope: 'col', class: 'num' }, 'Evidence'),
        h('th', { scope: 'col', class: 'num' }, 'Propensity'), h('th', { scope: 'col', class: 'num' }, 'Sampled'),
        h('th', { scope: 'col', class: 'num' }, 'Context weight'), h('th', { scope: 'col', class: 'num' }, 'Value'),
        h('th', { scope: 'col', class: 'num' }, 'Lever'), h('th', { scope: 'col', class: 'num' }, 'Priority'))),
      h('tbody', null, sorted.map((s) => {
        const shown = s.rank > 0;
        return h('tr', { class: shown ? null : 'is-muted' },
          h('td', null, shown
            ? h('span', { class: 'rank', 'aria-label': `Rank ${s.rank}` }, s.rank)
            : isNum(threshold) && isNum(s.priority) && s.priority >= threshold
              ? h('span', { class: 'rank below', title: 'Scored but not shown' }, 'not shown')
              : h('span', { class: 'rank below', title: isNum(threshold) ? `Priority below ${fixed3(threshold)}` : null }, 'below threshold')),
          h('td', null, actionCell(s.actionId),
            s.treatment ? h('div', { class: 'cell-sub', title: 'The treatment the channel was given' }, 'Treatment ', h('span', { class: 'mono' }, s.treatment)) : null),
          h('td', null, modelLink(s.modelId)),
          h('td', { class: 'num' }, 'v' + int(s.modelVersion)),
          h('td', { class: 'num' }, int(s.evidence)),
          h('td', { class: 'num' }, pct(s.propensity)),
          h('td', { class: 'num' }, pct(s.sampledPropensity)),
          h('td', { class: 'num' }, times(s.contextWeight)),
          h('td', { class: 'num' }, number(s.value)),
          h('td', { class: 'num' }, leverView(s.lever)),
          h('td', { class: 'num priority' }, fixed3(s.priority)));
      }))));
}

/** Which policy ranked a decision: the models' Thompson draws, or random propensities (the control group). */
function policyBadge(policy) {
  if (policy === 'control') {
    return h('span', {
      class: 'chip warn',
      title: 'A small random share of decisions is ranked on random propensities instead of the models\u2019 draws, to measure what the models add',
    }, 'Control group: random propensities');
  }
  if (policy === 'models') {
    return h('span', { class: 'chip primary', title: 'Ranked on Thompson draws from the adaptive models' }, 'Models\u2019 Thompson draws');
  }
  return h('span', { class: 'chip' }, String(policy));
}

/** A model id; a link to the model for those who may read the models. */
export function modelLink(modelId) {
  if (!modelId) return h('span', { class: 'cell-sub' }, DASH);
  return state.auth && state.auth.can.models
    ? h('a', { href: modelHash(modelId), class: 'mono cell-sub', title: `Show the model ${modelId}` }, modelId)
    : h('span', { class: 'mono cell-sub' }, modelId);
}

/** The kind of a context feature (docs/models.md): the situation, the customer, or the journeys. */
function featureKind(feature) {
  const f = String(feature);
  if (f === 'bias' || /^(direction|hour|day)=/.test(f) || f.startsWith('ctx:')) return 'situation';
  if (f.startsWith('stage:')) return 'journeys';
  return 'customer';
}

const FEATURE_KINDS = [
  ['situation', 'Situation', 'The bias, the direction, the customer\u2019s time of day and day, and the context the channel sent.'],
  ['customer', 'Customer', 'Only with the customer\u2019s consent to profiling: without it, the customer is scored on the situation alone.'],
  ['journeys', 'Journeys', 'The stages the rules found in this decision.'],
];

/** The context features the models saw in a decision, grouped by kind, in a collapsible list. */
function modelFeaturesView(features) {
  if (!Array.isArray(features)) {
    return h('p', { class: 'muted' }, 'Not recorded: the record predates the model features.');
  }
  if (!features.length) return h('p', { class: 'muted' }, 'None.');
  const groups = FEATURE_KINDS.map(([kind, label, hint]) => ({ label, hint, list: features.filter((f) => featureKind(f) === kind) }));
  return h('details', { class: 'model-features' },
    h('summary', null, plural(features.length, 'context feature')),
    groups.map((g) => h('div', { class: 'feature-group' },
      h('h4', { class: 'small-title' }, `${g.label} (${int(g.list.length)})`),
      g.list.length
        ? h('ul', { class: 'chips feature-list', 'aria-label': `${g.label} features` }, g.list.map((f) => h('li', { class: 'chip mono' }, f)))
        : h('p', { class: 'muted' }, 'None.'),
      h('p', { class: 'hint' }, g.hint))),
    h('p', { class: 'hint feature-note' }, 'Each scored action adds its own features (',
      h('code', null, 'action='), ', ', h('code', null, 'group='), ', ', h('code', null, 'issue='),
      ') and their crosses with each of these.'));
}

export async function verifyChain() {
  const button = $('verify-button');
  const out = $('verify-result');
  setBusy(button, true);
  fill(out, h('p', { class: 'muted' }, 'Recomputing every hash from the first record\u2026'));
  try {
    const { data } = await api('audit/verification');
    const checked = `Checked at ${fmt.time.format(new Date())}.`;
    if (data.intact) {
      fill(out, h('div', { class: 'alert ok', role: 'status' },
        h('strong', null, '\u2713 The audit chain is intact'),
        h('p', null, data.verified === 0 ? 'There is no audit record yet.' : `All ${plural(data.verified, 'record')} verified: every hash and link holds.`),
        h('span', { class: 'status' }, checked)));
      announce('The audit chain is intact.');
    } else {
      fill(out, h('div', { class: 'alert error', role: 'alert' },
        h('strong', null, `\u2717 The audit chain is broken at record #${int(data.firstBrokenSeq)}`),
        data.problem ? h('p', null, sentence(data.problem)) : null,
        h('p', null, `${plural(data.verified, 'record')} before it verified. Every record from #${int(data.firstBrokenSeq)} on can no longer be trusted as written.`),
        h('span', { class: 'status' }, checked)));
      announce(`The audit chain is broken at record ${data.firstBrokenSeq}.`);
    }
  } catch (e) {
    fill(out, problemView(e, { title: 'The audit chain could not be verified' }));
  } finally {
    setBusy(button, false);
  }
}
