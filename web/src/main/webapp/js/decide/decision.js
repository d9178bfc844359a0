/*
 * The Decide tab: the decision answered, its ranked actions and exclusions, and recording the customer's response.
 */
import { api, newKey, problemLine } from '../api.js';
import { $, announce, copyText, fill, h } from '../dom.js';
import { modelLink, renderRecent } from '../explain.js';
import {
  actionCell, capitalise, channelName, DASH, fixed3, fmt, int, isNum, number, pct, plural, sentence, timeEl, times,
} from '../format.js';
import { state } from '../state.js';
import { go } from '../tabs.js';
import { vocabulary } from '../vocabulary.js';

const MAX_RECENT = 25;

export function rememberDecision(d) {
  state.recent = [d, ...state.recent.filter((r) => r.decisionId !== d.decisionId)].slice(0, MAX_RECENT);
  renderRecent();
}

export function renderDecision(d) {
  const actions = Array.isArray(d.actions) ? d.actions : [];
  const excluded = Array.isArray(d.excluded) ? d.excluded : [];
  const name = state.customerNames.get(d.customerId);
  const copyButton = h('button', { type: 'button', class: 'button small' }, 'Copy id');
  copyButton.addEventListener('click', () => copyText(d.decisionId, copyButton));

  const head = h('section', { class: 'card', 'aria-labelledby': 'decision-title' },
    h('div', { class: 'decision-head' },
      h('div', null,
        h('h2', { id: 'decision-title' }, 'Decision ', h('span', { class: 'decision-id' }, d.decisionId)),
        h('div', { class: 'decision-meta' },
          h('span', null, 'Customer ', h('b', null, name ? `${name} (${d.customerId})` : d.customerId)),
          h('span', null, 'Channel ', h('b', null, channelName(d.channel))),
          h('span', null, 'Direction ', h('b', null, capitalise(d.direction || ''))),
          h('span', null, 'Decided ', h('b', null, timeEl(d.decidedAt))),
          h('span', null, 'Rule set ', h('b', { class: 'mono' }, d.ruleSetVersion || DASH)))),
      h('div', { class: 'head-actions' },
        state.auth.can.explain
          ? h('button', { type: 'button', class: 'button', id: 'decision-explain', onclick: () => go('#explain/' + encodeURIComponent(d.decisionId)) }, 'Explain this decision')
          : null,
        copyButton)));

  let result;
  if (d.doNothing || !actions.length) {
    result = h('section', { class: 'card do-nothing', 'aria-labelledby': 'do-nothing-title' },
      h('span', { class: 'symbol', 'aria-hidden': 'true' }, '\u2205'),
      h('div', null,
        h('h3', { id: 'do-nothing-title' }, 'Do nothing'),
        h('p', null, sentence(d.doNothingReason) || 'No action passed the engagement and contact policies and the threshold.'),
        h('p', { class: 'hint' }, 'Showing nothing is a valid answer: it is recorded and measured like any other outcome.')));
  } else {
    result = h('section', { class: 'card', 'aria-labelledby': 'ranked-title' },
      h('div', { class: 'section-title' },
        h('h2', { id: 'ranked-title' }, 'Ranked actions'),
        h('span', { class: 'count' }, `${plural(actions.length, 'action')} \u00b7 priority = propensity \u00d7 context weight \u00d7 value \u00d7 lever`)),
      rankedTable(d, actions));
  }

  const stages = d.journeyStages && typeof d.journeyStages === 'object' ? Object.entries(d.journeyStages) : [];
  const journeys = h('section', { class: 'card', 'aria-labelledby': 'stages-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'stages-title' }, 'Journey stages'),
      h('span', { class: 'count' }, 'where the customer stands now, found from the profile and the context')),
    stagesView(stages));

  const exclusions = h('section', { class: 'card', 'aria-labelledby': 'excluded-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'excluded-title' }, 'Excluded actions'),
      h('span', { class: 'count' }, plural(excluded.length, 'action'))),
    exclusionsTable(excluded));

  fill($('decision-output'), head, result, journeys, exclusions);
}

export function stagesView(stages) {
  if (!stages.length) return h('p', { class: 'muted' }, 'The customer is in no journey now.');
  return h('div', { class: 'stages' }, stages.map(([journey, stage]) =>
    h('div', { class: 'stage' }, h('div', { class: 'journey' }, journey), h('div', { class: 'stage-name' }, stage))));
}

export function exclusionsTable(excluded) {
  if (!excluded.length) return h('p', { class: 'muted' }, 'No action was excluded: every candidate on this channel passed the rules.');
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Excluded actions' },
    h('table', null,
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'Reason'))),
      h('tbody', null, excluded.map((x) => h('tr', null,
        h('td', null, actionCell(x.actionId)),
        h('td', null, h('span', { class: 'mono' }, x.rule || DASH)),
        h('td', null, sentence(x.reason) || DASH))))));
}

function evidenceCell(modelId, modelVersion, evidence) {
  return [
    h('div', null, modelLink(modelId)),
    h('div', { class: 'cell-sub', title: 'Responses the model version had learned in all, and about this action' },
      `${int(modelVersion)} learned \u00b7 ${plural(evidence, 'response')} on this action`),
  ];
}

function rankedTable(d, actions) {
  const columns = [
    ['Rank'], ['Action and treatment', null, 'The action, and what the channel shows for it: its treatment on this channel'], ['Issue / group'], ['Journey'],
    ['Propensity', 'num'], ['Sampled', 'num', 'Sampled propensity: the Thompson draw the ranking used'],
    ['Context weight', 'num'], ['Value', 'num'], ['Lever', 'num'], ['Priority', 'num'], ['Model evidence'],
  ];
  const table = h('table', null,
    h('caption', { class: 'sr-only' }, 'Ranked actions, with a row of response buttons under each'),
    h('thead', null, h('tr', null, columns.map(([label, cls, title]) =>
      h('th', { scope: 'col', class: cls || null, title: title || null }, label)))));
  for (const p of actions) {
    const status = h('span', { class: 'response-status', role: 'status' });
    const buttons = vocabulary.outcomes.map((o) => h('button', {
      type: 'button', class: 'button small outcome',
      'aria-label': `${capitalise(o.code)}: record that the customer ${o.code} ${p.name || p.actionId}`,
    }, capitalise(o.code)));
    const ctx = { decisionId: d.decisionId, actionId: p.actionId, name: p.name, status, buttons };
    buttons.forEach((b, i) => b.addEventListener('click', () => sendResponse(ctx, vocabulary.outcomes[i].code)));
    table.append(h('tbody', null,
      h('tr', null,
        h('td', null, h('span', { class: 'rank', 'aria-label': `Rank ${p.rank}` }, p.rank)),
        h('td', null, actionCell(p.actionId, p.name), treatmentView(p.treatment)),
        h('td', null, h('span', { class: 'chip' }, p.issue || DASH), h('div', { class: 'cell-sub' }, p.group || '')),
        h('td', null, p.journey || DASH),
        h('td', { class: 'num' }, pct(p.propensity)),
        h('td', { class: 'num' }, pct(p.sampledPropensity)),
        h('td', { class: 'num' }, times(p.contextWeight)),
        h('td', { class: 'num' }, number(p.value)),
        h('td', { class: 'num' }, leverView(p.lever)),
        h('td', { class: 'num priority' }, fixed3(p.priority)),
        h('td', null, evidenceCell(p.modelId, p.modelVersion, p.evidence))),
      h('tr', { class: 'response-row' },
        h('td', { colspan: columns.length },
          h('div', { class: 'response-bar', role: 'group', 'aria-label': `Customer's response to ${p.name || p.actionId}` },
            h('span', { class: 'label' }, 'Customer\u2019s response:'), buttons, status)))));
  }
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Ranked actions' }, table);
}

/** An address the console may link to: http or https only, as the server accepts for a treatment. */
function safeLink(link) {
  return typeof link === 'string' && /^https?:\/\/\S+$/i.test(link.trim()) ? link.trim() : null;
}

/** What the channel shows for a proposal: its treatment's title, text and link. */
export function treatmentView(t) {
  if (!t || typeof t !== 'object') {
    return h('div', { class: 'treatment none' }, h('span', { class: 'cell-sub' }, 'No treatment on this channel'));
  }
  const link = safeLink(t.link);
  return h('div', { class: 'treatment', role: 'group', 'aria-label': `Treatment ${t.id || ''}: what the channel shows` },
    h('div', { class: 'treatment-title' }, t.title || DASH),
    t.text ? h('p', { class: 'treatment-text' }, t.text) : null,
    link ? h('a', { class: 'treatment-link', href: link, target: '_blank', rel: 'noopener noreferrer' }, link) : null,
    h('div', { class: 'cell-sub' },
      h('span', { class: 'mono' }, t.id || DASH),
      t.template ? [' \u00b7 template ', h('span', { class: 'mono' }, t.template)] : null,
      t.eligibility ? [' \u00b7 for ', h('span', { class: 'mono' }, t.eligibility)] : null));
}

export function leverView(lever) {
  if (!isNum(lever)) return DASH;
  if (lever > 1) return h('span', { class: 'lever-up', title: 'A business boost' }, times(lever) + ' \u2191');
  if (lever < 1) return h('span', { class: 'lever-down', title: 'A business brake' }, times(lever) + ' \u2193');
  return times(lever);
}

async function sendResponse(ctx, outcome, key = newKey()) {
  const { status, buttons } = ctx;
  buttons.forEach((b) => { b.disabled = true; });
  status.className = 'response-status';
  fill(status, `Sending \u201c${outcome}\u201d\u2026`);
  try {
    const res = await api('responses', {
      method: 'POST',
      headers: { 'Idempotency-Key': key },
      body: { decisionId: ctx.decisionId, actionId: ctx.actionId, outcome },
    });
    const r = res.data || {};
    const at = r.receivedAt ? ` at ${fmt.time.format(new Date(r.receivedAt))}` : '';
    if (res.status === 201 && !r.replayed) {
      status.className = 'response-status ok';
      fill(status, `\u2713 Stored: ${r.outcome || outcome} \u00b7 response #${r.responseId}${at} (201 Created).`);
    } else {
      status.className = 'response-status info';
      fill(status, `\u21ba Already stored, nothing changed: ${r.outcome || outcome} \u00b7 response #${r.responseId}${at} (${res.status}, replayed).`);
    }
    announce(status.textContent);
  } catch (e) {
    status.className = 'response-status error';
    fill(status, problemLine(e),
      e.retryable
        ? h('button', { type: 'button', class: 'button small', onclick: () => sendResponse(ctx, outcome, key) }, 'Retry with the same key')
        : null);
    announce('Response not stored. ' + problemLine(e));
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}
