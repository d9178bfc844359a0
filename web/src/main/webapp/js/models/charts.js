/*
 * The Models tab: a model's calibration, weights, evidence per action and uplift over the control group.
 */
import { api, problemView } from '../api.js';
import { $, append, fill, h } from '../dom.js';
import { actionCell, actionName, channelName, DASH, fixed3, fmt, int, isNum, pct, plural, times } from '../format.js';
import { actionChip } from '../journeys.js';
import { CALIBRATION_EDGES, CALIBRATION_MIN, parseModelId, pct1, pointsLabel, rangeLabel, rate } from './models.js';
import { isoDay } from './training.js';
import { state } from '../state.js';

// -------- Calibration

/** The chart's scale: square roots, so that the low ranges, where most predictions fall, are readable. */
function calibrationChart(rows, id) {
  const W = 380;
  const H = 320;
  const M = { left: 52, right: 16, top: 14, bottom: 44 };
  const width = W - M.left - M.right;
  const height = H - M.top - M.bottom;
  const top = Math.max(0, ...rows.map((r) => Math.max(r.meanPredicted || 0, r.observedRate || 0)));
  const max = CALIBRATION_EDGES.find((e) => e >= 0.05 && e >= top * 1.02) || 1;
  const unit = (v) => Math.sqrt(Math.min(Math.max(v, 0), max) / max);
  const x = (v) => M.left + unit(v) * width;
  const y = (v) => M.top + height - unit(v) * height;
  const most = Math.max(1, ...rows.map((r) => r.responses || 0));
  const radius = (n) => 3 + 11 * Math.sqrt((n || 0) / most);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs, ...children) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
    append(el, children);
    return el;
  };
  const ticks = CALIBRATION_EDGES.filter((e) => e <= max + 1e-9);
  const grid = [];
  let lastX = -Infinity;
  let lastY = Infinity;
  for (const t of ticks) {
    grid.push(svg('line', { class: 'cal-grid', x1: x(t), x2: x(t), y1: M.top, y2: M.top + height }));
    grid.push(svg('line', { class: 'cal-grid', x1: M.left, x2: M.left + width, y1: y(t), y2: y(t) }));
    // Labels only where they do not run into the previous one.
    if (x(t) - lastX >= 26) {
      grid.push(svg('text', { class: 'cal-tick', x: x(t), y: M.top + height + 16, 'text-anchor': 'middle' }, pct1.format(t)));
      lastX = x(t);
    }
    if (lastY - y(t) >= 14) {
      grid.push(svg('text', { class: 'cal-tick', x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, pct1.format(t)));
      lastY = y(t);
    }
  }
  const points = rows.slice().sort((a, b) => (b.responses || 0) - (a.responses || 0)).map((r) => {
    const thin = !(r.responses >= CALIBRATION_MIN);
    return svg('g', { class: 'cal-point' + (thin ? ' thin' : '') },
      svg('circle', { cx: x(r.meanPredicted), cy: y(r.observedRate), r: radius(r.responses) }),
      svg('title', null, `${rangeLabel(r)}: ${plural(r.responses, 'response')}, mean predicted ${pct(r.meanPredicted)}, observed ${pct(r.observedRate)}${thin ? ' (too few responses to judge)' : ''}`));
  });
  const labels = rows.map((r) => svg('text', {
    class: 'cal-label', x: x(r.meanPredicted) + radius(r.responses) + 3, y: y(r.observedRate) - radius(r.responses) * 0.4,
  }, int(r.responses)));
  const titleId = `cal-chart-title-${id}`;
  return svg('svg', {
    class: 'cal-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, focusable: 'false',
  },
  svg('title', { id: titleId }, `Calibration of ${id}: mean predicted propensity across, observed positive rate up, one point per range of the prediction; the table gives the same figures.`),
  svg('rect', { class: 'cal-frame', x: M.left, y: M.top, width, height }),
  grid,
  svg('line', { class: 'cal-diagonal', x1: x(0), y1: y(0), x2: x(max), y2: y(max) }),
  svg('text', { class: 'cal-diagonal-label', x: x(max * 0.72) - 6, y: y(max * 0.72) - 4, 'text-anchor': 'end' }, 'calibrated'),
  points,
  labels,
  svg('text', { class: 'cal-axis', x: M.left + width / 2, y: H - 6, 'text-anchor': 'middle' }, 'Mean predicted propensity'),
  svg('text', { class: 'cal-axis', x: 14, y: M.top + height / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${M.top + height / 2})` }, 'Observed positive rate'));
}

export function calibrationView(s) {
  const rows = (Array.isArray(s.calibration) ? s.calibration : []).filter((r) => r && isNum(r.from) && isNum(r.to));
  if (!rows.length) {
    return h('p', { class: 'muted' }, 'No response learned yet: nothing to compare.');
  }
  const table = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Calibration as a table' },
    h('table', { class: 'compact calibration-table' },
      h('caption', { class: 'sr-only' }, `Calibration of ${s.modelId}, by range of the prediction`),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Predicted'),
        h('th', { scope: 'col', class: 'num' }, 'Responses'),
        h('th', { scope: 'col', class: 'num' }, 'Mean predicted'),
        h('th', { scope: 'col', class: 'num' }, 'Observed'),
        h('th', { scope: 'col', class: 'num', title: 'Mean predicted minus observed rate, in percentage points: positive when the model is over-optimistic' }, 'Gap'))),
      h('tbody', null, rows.map((r) => {
        const thin = !(r.responses >= CALIBRATION_MIN);
        return h('tr', { class: thin ? 'is-muted' : null },
          h('th', { scope: 'row' }, rangeLabel(r), thin ? h('span', { class: 'cell-sub' }, ' \u00b7 too few') : null),
          h('td', { class: 'num' }, int(r.responses)),
          h('td', { class: 'num' }, pct(r.meanPredicted)),
          h('td', { class: 'num' }, pct(r.observedRate)),
          h('td', { class: 'num' }, pointsLabel(r.meanPredicted - r.observedRate)));
      }))));
  return h('div', { class: 'calibration-grid' },
    h('figure', { class: 'cal-figure' },
      calibrationChart(rows, s.modelId),
      h('figcaption', { class: 'hint' },
        'One point per range of the prediction; its area grows with the responses in it (the number beside it). ',
        'Below the diagonal the model predicts more than is observed (over-optimistic: a drift, or a new population); above it, less. ',
        `Hollow points have fewer than ${CALIBRATION_MIN} responses, too few to judge. Both axes on a square-root scale.`)),
    table);
}

// -------- Weights

function featureText(feature) {
  // Crosses may break after their "&".
  const parts = String(feature).split('&');
  return parts.map((p, i) => (i < parts.length - 1 ? [p, '&', h('wbr')] : p));
}

function featureActions(feature) {
  const names = [];
  for (const m of String(feature).matchAll(/(?:^|&)action=([^&]+)/g)) {
    const n = actionName(m[1]);
    if (n) names.push(n);
  }
  return names;
}

function weightBar(w, scale) {
  const ns = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };
  const W = 220;
  const mid = W / 2;
  const half = W / 2 - 6;
  const at = (v) => mid + (Math.max(-scale, Math.min(scale, v)) / scale) * half;
  const mean = isNum(w.mean) ? w.mean : 0;
  const dev = isNum(w.deviation) ? w.deviation : 0;
  const svg = el('svg', { class: 'weight-bar', viewBox: `0 0 ${W} 18`, width: W, height: 18, 'aria-hidden': 'true', focusable: 'false' });
  svg.append(
    el('line', { class: 'wb-axis', x1: mid, x2: mid, y1: 0, y2: 18 }),
    el('rect', { class: mean >= 0 ? 'wb-pos' : 'wb-neg', x: Math.min(mid, at(mean)), y: 4, width: Math.max(1, Math.abs(at(mean) - mid)), height: 10, rx: 2 }),
    el('line', { class: 'wb-dev', x1: at(mean - dev), x2: at(mean + dev), y1: 9, y2: 9 }),
    el('line', { class: 'wb-dev', x1: at(mean - dev), x2: at(mean - dev), y1: 5, y2: 13 }),
    el('line', { class: 'wb-dev', x1: at(mean + dev), x2: at(mean + dev), y1: 5, y2: 13 }));
  return svg;
}

export function weightsCard(d) {
  const weights = Array.isArray(d.topWeights) ? d.topWeights : [];
  const section = h('section', { class: 'card', 'aria-labelledby': 'weights-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'weights-title' }, 'Largest weights'),
      h('span', { class: 'count' }, weights.length ? `the ${int(weights.length)} largest by their mean, as posterior mean \u00b1 standard deviation` : '')));
  if (!weights.length) {
    section.append(h('p', { class: 'muted' }, d.family && d.family !== 'probit'
      ? `A ${d.family} model has no feature weights: it keeps one posterior per action and channel.`
      : 'The model has no weight yet.'));
    return section;
  }
  const scale = Math.max(1e-9, ...weights.map((w) => Math.abs(w.mean || 0) + (w.deviation || 0)));
  const input = h('input', {
    type: 'search', id: 'weights-filter', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'e.g. segment=, stage: or an action id', 'aria-controls': 'weights-body',
  });
  const count = h('p', { class: 'hint stats-count', role: 'status' });
  const body = h('tbody', { id: 'weights-body' });
  const render = () => {
    const q = input.value.trim().toLowerCase();
    const shown = weights.filter((w) => !q || String(w.feature).toLowerCase().includes(q)
      || featureActions(w.feature).some((n) => n.toLowerCase().includes(q)));
    count.textContent = q ? `${plural(shown.length, 'weight')} of ${int(weights.length)} match \u201c${input.value.trim()}\u201d.` : '';
    fill(body, shown.length
      ? shown.map((w) => {
        const names = featureActions(w.feature);
        const crossesZero = isNum(w.mean) && isNum(w.deviation) && Math.abs(w.mean) < w.deviation;
        return h('tr', null,
          h('td', { class: 'feature-cell' },
            h('div', { class: 'mono' }, featureText(w.feature)),
            names.length ? h('div', { class: 'cell-sub' }, names.join(' \u00b7 ')) : null),
          h('td', { class: 'num ' + (w.mean >= 0 ? 'weight-pos' : 'weight-neg') }, signed3(w.mean)),
          h('td', { class: 'num' }, '\u00b1' + fixed3(w.deviation)),
          h('td', { class: 'bar-cell', title: crossesZero ? 'Still uncertain: mean \u00b1 one deviation includes 0' : null },
            weightBar(w, scale), crossesZero ? h('span', { class: 'sr-only' }, 'Still uncertain.') : null));
      })
      : h('tr', null, h('td', { colspan: '4', class: 'muted' }, `No weight among the ${int(weights.length)} largest matches \u201c${input.value.trim()}\u201d.`)));
  };
  input.value = state.models.weightsFilter;
  input.addEventListener('input', () => {
    state.models.weightsFilter = input.value;
    render();
  });
  render();
  append(section, [
    h('div', { class: 'field weights-filter' }, h('label', { for: 'weights-filter' }, 'Filter features'), input),
    count,
    h('div', { class: 'table-wrap weights-wrap', tabindex: '0', role: 'region', 'aria-label': 'Largest weights' },
      h('table', { class: 'compact weights-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Feature'),
          h('th', { scope: 'col', class: 'num' }, 'Mean'),
          h('th', { scope: 'col', class: 'num' }, 'Deviation'),
          h('th', { scope: 'col', class: 'bar-head' }, h('span', { 'aria-hidden': 'true' }, '\u2212 lowers \u00b7 raises +'), h('span', { class: 'sr-only' }, 'Mean and deviation as a bar')))),
        body)),
    h('p', { class: 'hint weights-legend' },
      h('span', { class: 'swatch pos', 'aria-hidden': 'true' }), ' a positive mean raises the propensity, ',
      h('span', { class: 'swatch neg', 'aria-hidden': 'true' }), ' a negative one lowers it; the whisker spans \u00b1 one standard deviation. ',
      'A weight with a large deviation is still uncertain; crosses (', h('code', null, 'action=\u2026&\u2026'), ') with a large positive mean say who responds to the action.'),
  ]);
  return section;
}

function signed3(x) {
  if (!isNum(x)) return DASH;
  return (x > 0 ? '+' : x < 0 ? '\u2212' : '') + fmt.fixed3.format(Math.abs(x));
}

// -------- Evidence per action

export function actionEvidenceCard(d) {
  const rows = Array.isArray(d.actions) ? d.actions : [];
  const channel = parseModelId(d.status && d.status.modelId).channel;
  const seen = new Set(rows.map((r) => r.actionId));
  const unseen = channel && !parseModelId(d.status.modelId).actionId
    ? (state.actions || []).filter((a) => (a.channels || []).includes(channel) && !seen.has(a.actionId))
    : [];
  const most = Math.max(1, ...rows.map((r) => r.responses || 0));
  return h('section', { class: 'card', 'aria-labelledby': 'evidence-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'evidence-title' }, 'Evidence per action'),
      h('span', { class: 'count' }, rows.length ? `responses learned, ${plural(rows.length, 'action')}, most first` : '')),
    rows.length
      ? h('div', { class: 'table-wrap evidence-wrap', tabindex: '0', role: 'region', 'aria-label': 'Evidence per action' },
        h('table', { class: 'compact evidence-table' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, 'Action'),
            h('th', { scope: 'col', class: 'num' }, 'Responses'),
            h('th', { scope: 'col', class: 'num' }, 'Positives'),
            h('th', { scope: 'col', class: 'num' }, 'Positive rate'))),
          h('tbody', null, rows.map((r) => h('tr', null,
            h('td', null, actionCell(r.actionId)),
            h('td', { class: 'num' },
              h('div', null, int(r.responses)),
              h('div', { class: 'share', 'aria-hidden': 'true' }, h('span', { style: `width:${Math.round((100 * (r.responses || 0)) / most)}%` }))),
            h('td', { class: 'num' }, int(r.positives)),
            h('td', { class: 'num' }, pct(rate(r.positives, r.responses))))))))
      : h('p', { class: 'muted' }, 'No response learned yet.'),
    unseen.length
      ? h('details', { class: 'unseen-actions' },
        h('summary', null, `${plural(unseen.length, 'action')} offered on ${channelName(channel)} with no response learned yet`),
        h('p', { class: 'hint' }, 'Their own weights are still at the prior: their draws spread widely, so they are sometimes ranked first and get shown.'),
        h('ul', { class: 'action-chips' }, unseen.map(actionChip)))
      : null);
}

// -------- Uplift over the random control group

const POLICY_NAMES = { models: "Models' Thompson draws", control: 'Control group: random propensities' };

export async function loadUplift(m) {
  const out = $('uplift-output');
  const to = new Date(Date.now() + 24 * 3600 * 1000);
  const from = new Date(to.getTime() - 31 * 24 * 3600 * 1000);
  try {
    const { data } = await api(`models/uplift?from=${isoDay(from)}&to=${isoDay(to)}`);
    if (state.models !== m) return;
    fill(out, upliftView(data));
  } catch (e) {
    if (state.models !== m) return;
    fill(out, problemView(e, { title: 'The uplift could not be read', retry: () => loadUplift(m) }));
  }
}

function upliftView(u) {
  const policies = Array.isArray(u.policies) ? u.policies : [];
  if (!policies.length) return h('p', { class: 'muted' }, 'No decision in the last 30 days.');
  const rate = (r) => (r && isNum(r.rate) ? `${pct(r.rate)} (${pct(r.low)} \u2013 ${pct(r.high)})` : DASH);
  const u2 = u.uplift;
  return h('div', null,
    h('table', { class: 'compact' },
      h('caption', { class: 'sr-only' }, 'Positive-response rate per policy'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Policy'),
        h('th', { scope: 'col', class: 'num' }, 'Decisions'),
        h('th', { scope: 'col', class: 'num' }, 'Impressions'),
        h('th', { scope: 'col', class: 'num' }, 'Accepted or clicked'),
        h('th', { scope: 'col', class: 'num' }, 'Rate (95\u00a0% interval)'))),
      h('tbody', null, policies.map((p) => h('tr', null,
        h('th', { scope: 'row' }, POLICY_NAMES[p.policy] || p.policy),
        h('td', { class: 'num' }, int(p.decisions)),
        h('td', { class: 'num' }, int(p.positiveRate && p.positiveRate.impressions)),
        h('td', { class: 'num' }, int(p.positiveRate && p.positiveRate.positives)),
        h('td', { class: 'num' }, rate(p.positiveRate)))))),
    u2 && isNum(u2.ratio)
      ? h('p', null, h('strong', null, `Uplift ${times(u2.ratio)}`),
        ` (95\u00a0% interval ${times(u2.low)} \u2013 ${times(u2.high)}): the models' rate divided by the control group's.`)
      : h('p', { class: 'muted' }, 'No uplift yet: both groups need an accepted or clicked impression.'));
}
