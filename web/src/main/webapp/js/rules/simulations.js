/*
 * The Rules tab: the impact preview of a version against the one in force, run as a simulation on a sample of customers.
 */
import { api, enc, fieldErrorText, problemLine, problemView } from '../api.js';
import { $, announce, append, clearFieldError, fill, h, setBusy, setFieldError } from '../dom.js';
import {
  actionCell, actionName, capitalise, channelName, DASH, fmt, int, isNum, number, pct, plural, sentence, timeElShort,
} from '../format.js';
import { activeVersion, compilationList, versionLabel, versionLink, versionWord } from './shared.js';
import { state } from '../state.js';
import { vocabulary } from '../vocabulary.js';

// -------- Impact preview: a version and the one in force side by side

const SIM_DEFAULT_SAMPLE = 10000;
const SIM_MAX_SAMPLE = 10000000;
const SIM_POLL_MS = 1000;
const SIM_CHART_ROWS = 10;
const SIM_PAGE = 50;
const SIM_STATES = {
  running: ['Running', 'primary'], done: ['Done', 'ok'], cancelled: ['Cancelled', 'warn'], failed: ['Failed', 'danger'],
};
const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element built like h(): attributes, then children. */
function svgNode(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined && v !== false) el.setAttribute(k, String(v));
  return append(el, children);
}

const signed = (x, format = number) => (isNum(x) ? (x > 0 ? '+' : x < 0 ? '\u2212' : '\u00b1') + format(Math.abs(x)) : DASH);

/**
 * The impact preview of a version: a form to start a simulation against the version in force, its
 * progress with a Cancel button, and its report once done; earlier simulations of the version kept by
 * this server can be read again (an approver reads the one its author ran).
 */
export function simulationCard(d) {
  const can = state.auth.can;
  const active = activeVersion();
  const sim = { version: d.version, runId: null, timer: null, seq: 0 };
  const status = h('div', { class: 'message-slot', 'aria-live': 'polite' });
  const progress = h('div', { class: 'sim-progress' });
  const report = h('div', { class: 'sim-report' });
  const earlier = h('div', { class: 'sim-earlier' });
  const card = h('section', { class: 'card sim-card', id: 'simulation-card', 'aria-labelledby': 'simulation-title' },
    h('div', { class: 'section-title' }, h('h2', { id: 'simulation-title' }, 'Impact preview'),
      h('span', { class: 'count' }, d.active
        ? 'this version is in force: a simulation compares it with itself'
        : `what ${versionWord(d.version)} would change against ${active ? versionWord(active) + ', in force' : 'the version in force'}`)));
  sim.card = card;
  sim.status = status;
  sim.progress = progress;
  sim.report = report;
  sim.earlier = earlier;
  if (can.simulate) card.append(simulationForm(sim));
  else card.append(h('p', { class: 'hint' }, 'Business users and approvers start simulations; you can read those this server keeps.'));
  append(card, [status, progress, report, earlier]);
  loadSimulations(sim, { attach: true });
  return card;
}

function simulationForm(sim) {
  const v = sim.version;
  const channels = vocabulary.channels.map((code) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'sim-channel', value: code, checked: true }), ` ${channelName(code)}`));
  const sample = h('input', {
    id: 'sim-sample', type: 'number', min: 1, max: SIM_MAX_SAMPLE, step: 1, value: SIM_DEFAULT_SAMPLE, inputmode: 'numeric',
    'aria-describedby': 'sim-sample-hint sim-sample-error',
  });
  const all = h('input', { type: 'checkbox', id: 'sim-all' });
  all.addEventListener('change', () => { sample.disabled = all.checked; clearFieldError('sim-sample'); });
  const seed = h('input', { id: 'sim-seed', type: 'number', step: 1, placeholder: '1', inputmode: 'numeric', 'aria-describedby': 'sim-seed-hint sim-seed-error' });
  const submit = h('button', { type: 'submit', class: 'button primary', id: 'sim-start' }, 'Simulate impact');
  const form = h('form', { class: 'sim-form', novalidate: true },
    h('p', { class: 'hint sim-intro' },
      'Decides for a sample of stored customers twice, with this version and with the version in force, on each channel chosen, with the models\u2019 mean propensities. ',
      'Nothing is recorded and nobody is contacted: it shows which next best actions would change, and why, before the version goes live.'),
    h('div', { class: 'sim-fields' },
      h('fieldset', { class: 'field', id: 'sim-channels', 'aria-describedby': 'sim-channels-error' },
        h('legend', null, 'Channels'),
        h('div', { class: 'role-choices' }, channels),
        h('p', { class: 'field-error', id: 'sim-channels-error', hidden: true })),
      h('div', { class: 'field' },
        h('label', { for: 'sim-sample' }, 'Customers'),
        sample,
        h('label', { class: 'check sim-all' }, all, ' All stored customers'),
        h('p', { class: 'hint', id: 'sim-sample-hint' }, 'A random sample of the stored customers; 10,000 by default.'),
        h('p', { class: 'field-error', id: 'sim-sample-error', hidden: true })),
      h('div', { class: 'field' },
        h('label', { for: 'sim-seed' }, 'Seed ', h('span', { class: 'muted' }, '(optional)')),
        seed,
        h('p', { class: 'hint', id: 'sim-seed-hint' }, 'The same seed draws the same sample and scores.'),
        h('p', { class: 'field-error', id: 'sim-seed-error', hidden: true })),
      h('div', { class: 'sim-submit' }, submit)));
  form.addEventListener('change', (e) => { if (e.target.name === 'sim-channel') clearFieldError('sim-channels'); });
  sample.addEventListener('input', () => clearFieldError('sim-sample'));
  seed.addEventListener('input', () => clearFieldError('sim-seed'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    ['sim-channels', 'sim-sample', 'sim-seed'].forEach(clearFieldError);
    const body = {};
    const errors = [];
    const chosen = Array.from(form.querySelectorAll('input[name="sim-channel"]:checked')).map((x) => x.value);
    if (!chosen.length) errors.push(['sim-channels', 'Choose at least one channel.', form.querySelector('input[name="sim-channel"]')]);
    body.channels = chosen;
    if (all.checked) {
      body.sample = 'all';
    } else {
      const n = Number(sample.value.trim());
      if (sample.value.trim() === '' || !Number.isInteger(n) || n < 1 || n > SIM_MAX_SAMPLE) {
        errors.push(['sim-sample', `The sample must be a whole number of customers from 1 to ${int(SIM_MAX_SAMPLE)}, or all of them.`]);
      } else {
        body.sample = n;
      }
    }
    if (seed.value.trim() !== '') {
      const s = Number(seed.value.trim());
      if (!Number.isInteger(s) || s < -2147483648 || s > 2147483647) errors.push(['sim-seed', 'The seed must be a whole number from \u22122,147,483,648 to 2,147,483,647.']);
      else body.seed = s;
    }
    if (errors.length) {
      errors.forEach(([id, msg]) => setFieldError(id, msg));
      const [id, , el] = errors[0];
      (el || $(id)).focus();
      announce('The simulation was not started: ' + errors.map((x) => x[1]).join(' '));
      return;
    }
    setBusy(submit, true);
    fill(sim.status);
    try {
      const { data } = await api(`rulesets/${enc(v)}/simulation`, { method: 'POST', body });
      announce(`Simulating ${versionWord(v)} on ${plural(data.channels.length, 'channel')}.`);
      fill(sim.report);
      followSimulation(sim, data);
      loadSimulations(sim, { attach: false });
    } catch (err) {
      err.fieldErrors.forEach((fe) => {
        const id = { channels: 'sim-channels', sample: 'sim-sample', seed: 'sim-seed' }[fe.field];
        if (id) setFieldError(id, sentence(fieldErrorText(fe)));
      });
      fill(sim.status, err.compilation.length
        ? problemView(err, { title: `${versionLabel(v)} cannot be simulated: it does not compile`, kind: false, more: compilationList(err.compilation) })
        : problemView(err, { title: 'The simulation was not started' }));
      announce('The simulation was not started. ' + problemLine(err));
    } finally {
      setBusy(submit, false);
    }
  });
  return form;
}

/** Reads the simulations of the version; with `attach`, follows a running one or shows the latest report. */
async function loadSimulations(sim, { attach }) {
  try {
    const { data } = await api(`rulesets/${enc(sim.version)}/simulation`);
    if (!sim.card.isConnected) return;
    const runs = Array.isArray(data) ? data : [];
    if (attach && !sim.runId) {
      const running = runs.find((x) => x.state === 'running');
      const latest = runs.find((x) => x.state === 'done');
      if (running) followSimulation(sim, running);
      else if (latest) showSimulation(sim, latest.id);
    }
    renderEarlierSimulations(sim, runs);
  } catch (e) {
    if (sim.card.isConnected) fill(sim.earlier, problemView(e, { title: 'The simulations of this version could not be read' }));
  }
}

function renderEarlierSimulations(sim, runs) {
  if (!runs.length) {
    fill(sim.earlier, h('p', { class: 'muted' }, 'No simulation of this version is kept on this server.'));
    return;
  }
  fill(sim.earlier, h('details', { class: 'sim-runs', open: runs.length > 1 && !sim.runId ? true : null },
    h('summary', null, `Simulations of this version on this server (${int(runs.length)})`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
      h('caption', { class: 'sr-only' }, `Simulations of ${versionWord(sim.version)}, newest first`),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Started'), h('th', { scope: 'col' }, 'By'), h('th', { scope: 'col' }, 'Against'),
        h('th', { scope: 'col' }, 'Channels'), h('th', { scope: 'col', class: 'num' }, 'Customers'),
        h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Report')))),
      h('tbody', null, runs.map((x) => {
        const [label, cls] = SIM_STATES[x.state] || [capitalise(String(x.state)), ''];
        const shown = x.id === sim.runId;
        return h('tr', { class: shown ? 'is-current' : null },
          h('td', { class: 'nowrap' }, timeElShort(x.startedAt)),
          h('td', null, x.startedBy || DASH),
          h('td', null, x.against ? versionLink(x.against) : DASH),
          h('td', null, (x.channels || []).map(channelName).join(', ')),
          h('td', { class: 'num' }, x.customersTotal ? int(x.customersTotal) : x.sample >= 2147483647 ? 'all' : int(x.sample)),
          h('td', null, h('span', { class: 'chip ' + cls }, label)),
          h('td', null, shown
            ? h('span', { class: 'cell-sub' }, 'shown above')
            : x.state === 'done' || x.state === 'running'
              ? h('button', {
                type: 'button', class: 'button small',
                onclick: () => (x.state === 'running' ? followSimulation(sim, x) : showSimulation(sim, x.id, { focus: true })),
              }, x.state === 'running' ? 'Follow' : 'Show report')
              : null));
      }))))));
}

/** Polls a running simulation, showing its progress, until it is done, cancelled or failed. */
function followSimulation(sim, run) {
  const seq = ++sim.seq;
  sim.runId = run.id;
  window.clearTimeout(sim.timer);
  const tick = async () => {
    if (seq !== sim.seq || !sim.card.isConnected || !state.auth) return;
    try {
      const { data } = await api(`rulesets/${enc(sim.version)}/simulation/${enc(run.id)}`);
      if (seq !== sim.seq || !sim.card.isConnected) return;
      if (data.state === 'running') {
        if (!sim.cancelling) renderProgress(sim, data);
        sim.timer = window.setTimeout(tick, SIM_POLL_MS);
      } else {
        finished(sim, data);
      }
    } catch (e) {
      if (seq !== sim.seq || !sim.card.isConnected) return;
      fill(sim.progress, problemView(e, { title: 'The simulation\u2019s progress could not be read', retry: () => followSimulation(sim, run) }));
    }
  };
  renderProgress(sim, run);
  sim.timer = window.setTimeout(tick, SIM_POLL_MS / 2);
}

function renderProgress(sim, run) {
  const total = run.customersTotal || 0;
  const done = run.customersDone || 0;
  const cancel = h('button', { type: 'button', class: 'button', id: 'sim-cancel' }, 'Cancel');
  cancel.addEventListener('click', () => cancelSimulation(sim, run, cancel));
  const label = total ? `${int(done)} of ${int(total)} customers decided (${fmt.pct0.format(done / total)})` : 'Drawing the sample\u2026';
  const bar = h('progress', { id: 'sim-progress-bar', max: total || 1, 'aria-labelledby': 'sim-progress-label' });
  if (total) bar.value = done; // no value: indeterminate while the sample is drawn
  fill(sim.progress,
    h('div', { class: 'sim-running', role: 'group', 'aria-label': 'Simulation in progress' },
      h('div', { class: 'sim-running-head' },
        h('strong', null, `Simulating ${versionWord(run.version)} against ${versionWord(run.against)}`),
        h('span', { class: 'cell-sub' }, ` \u00b7 ${(run.channels || []).map(channelName).join(', ')} \u00b7 started by ${run.startedBy || DASH} at `, timeElShort(run.startedAt))),
      h('div', { class: 'sim-running-bar' }, bar, cancel),
      h('p', { class: 'hint', id: 'sim-progress-label' }, label)));
}

async function cancelSimulation(sim, run, button) {
  setBusy(button, true);
  try {
    const { data } = await api(`rulesets/${enc(sim.version)}/simulation/${enc(run.id)}`, { method: 'DELETE' });
    if (data.state === 'running') {
      // It stops after the customers being decided: the polling under way sees it stop.
      sim.cancelling = true;
      setBusy(button, false);
      button.disabled = true;
      button.textContent = 'Cancelling\u2026';
      announce('Cancelling the simulation.');
      return;
    }
    sim.seq += 1;
    window.clearTimeout(sim.timer);
    finished(sim, data);
  } catch (e) {
    fill(sim.status, problemView(e, { title: 'The simulation was not cancelled' }));
    setBusy(button, false);
  }
}

function finished(sim, run) {
  sim.cancelling = false;
  fill(sim.progress);
  if (run.state === 'done' && run.report) {
    renderSimulationReport(sim, run);
    announce(`Simulation done: ${plural(run.report.changes, 'decision')} of ${int(run.report.decisions)} would change.`);
  } else if (run.state === 'cancelled') {
    fill(sim.report, h('div', { class: 'alert warn', role: 'status' },
      h('strong', null, 'Simulation cancelled'),
      h('p', null, `Stopped after ${int(run.customersDone)} of ${int(run.customersTotal)} customers; a cancelled simulation has no report.`)));
    announce('Simulation cancelled.');
  } else if (run.state === 'failed') {
    fill(sim.report, h('div', { class: 'alert error', role: 'alert' },
      h('strong', null, 'The simulation failed'), h('p', null, sentence(run.failure) || 'The server gave no reason.')));
    announce('The simulation failed.');
  }
  loadSimulations(sim, { attach: false });
}

async function showSimulation(sim, id, { focus } = {}) {
  const seq = ++sim.seq;
  window.clearTimeout(sim.timer);
  sim.runId = id;
  fill(sim.progress);
  fill(sim.report, h('p', { class: 'loading' }, 'Reading the report\u2026'));
  try {
    const { data } = await api(`rulesets/${enc(sim.version)}/simulation/${enc(id)}`);
    if (seq !== sim.seq || !sim.card.isConnected) return;
    if (data.state === 'running') followSimulation(sim, data);
    else finished(sim, data);
    if (focus) {
      const title = $('sim-report-title');
      if (title) { title.focus({ preventScroll: true }); title.scrollIntoView({ block: 'start', behavior: 'smooth' }); }
    }
  } catch (e) {
    if (seq !== sim.seq) return;
    fill(sim.report, problemView(e, { title: 'The report could not be read' }));
  }
}

/** The name of an action of the report: the library in force, else the strategy of the version simulated. */
function reportActionCell(id, treatment, version) {
  if (!id) return h('span', { class: 'muted' }, 'Do nothing');
  const s = state.strategy && state.strategy.byVersion.get(version);
  const other = s && (s.actions || []).find((a) => a.id === id);
  return [actionCell(id, actionName(id) || (other && other.name)),
    treatment ? h('div', { class: 'cell-sub' }, 'Treatment ', h('span', { class: 'mono' }, treatment)) : null];
}

function renderSimulationReport(sim, run) {
  const r = run.report;
  const share = (n, of) => (of > 0 ? n / of : null);
  const evChange = r.expectedValueChange;
  const tile = (label, value, sub, cls) => h('div', { class: 'sim-tile' + (cls ? ' ' + cls : '') },
    h('div', { class: 'sim-tile-label' }, label), h('div', { class: 'sim-tile-value' }, value), sub ? h('div', { class: 'cell-sub' }, sub) : null);
  const summary = h('div', { class: 'sim-tiles' },
    tile('Customers', int(r.customers), `${plural(r.decisions, 'decision')} compared`),
    tile('Next best action changes', int(r.changes), `${pct(share(r.changes, r.decisions))} of the decisions`, r.changes ? 'changed' : null),
    tile('Expected value', signed(evChange), `${number(r.expectedValueBefore)} \u2192 ${number(r.expectedValueAfter)}`, evChange > 0 ? 'up' : evChange < 0 ? 'down' : null),
    r.failures ? tile('Failed decisions', int(r.failures), 'their rules went past the evaluation limit', 'down') : null);
  const channels = (r.channels || []).map((c) => channelReport(c, r));
  const rules = Object.entries(r.rules || {});
  const rulesSection = h('section', { class: 'sim-section', 'aria-labelledby': 'sim-rules-title' },
    h('h3', { id: 'sim-rules-title' }, 'The rules that made the difference'),
    rules.length
      ? [h('p', { class: 'hint' }, 'Each rule whose verdict differs between the two versions, with in how many changed decisions; a decision may owe its change to several rules.'),
        h('div', { class: 'table-wrap sim-rules-wrap' }, h('table', { class: 'compact' },
          h('caption', { class: 'sr-only' }, 'Rules that made the difference, most changed decisions first'),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col', class: 'num' }, 'Changed decisions'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Share')))),
          h('tbody', null, rules.map(([rule, n]) => h('tr', null,
            h('th', { scope: 'row' }, h('span', { class: 'mono' }, rule)),
            h('td', { class: 'num' }, int(n)),
            h('td', { class: 'sim-share' }, h('span', { class: 'sim-meter', 'aria-hidden': 'true' },
              h('span', { style: `width:${Math.max(2, Math.round(100 * n / Math.max(1, r.changes)))}%` })),
              h('span', { class: 'cell-sub' }, ` ${pct(share(n, r.changes))} of the changes`)))))))]
      : h('p', { class: 'muted' }, r.changes ? 'The changes owe nothing to a rule: the action library changed (values, levers, treatments, periods).' : 'No decision changes, so no rule made a difference.'));
  fill(sim.report,
    h('div', { class: 'sim-report-head' },
      h('h3', { id: 'sim-report-title', tabindex: '-1' }, `Report: ${versionWord(r.version)} against ${versionWord(r.against)}`),
      h('span', { class: 'cell-sub' }, `Simulated by ${run.startedBy || DASH}, finished `, timeElShort(run.finishedAt), ` \u00b7 seed ${run.seed}`)),
    summary,
    r.against !== activeVersion() && activeVersion()
      ? h('div', { class: 'alert warn', role: 'note' }, h('strong', null, `${versionLabel(activeVersion())} has been put in force since`),
        h('p', null, `This report compares with ${versionWord(r.against)}. Simulate again to compare with the version in force now.`))
      : null,
    h('div', { class: 'sim-channels' }, channels),
    rulesSection,
    changedCustomersSection(r));
}

function channelReport(c, r) {
  const name = channelName(c.channel);
  const id = `sim-ch-${c.channel}`;
  const evChange = c.expectedValueAfter - c.expectedValueBefore;
  return h('section', { class: 'sim-channel', 'aria-labelledby': id + '-title' },
    h('h3', { id: id + '-title' }, name),
    h('dl', { class: 'facts sim-facts' },
      h('dt', null, 'Changed'), h('dd', null, `${int(c.changes)} of ${plural(c.decisions, 'decision')} (${pct(c.decisions ? c.changes / c.decisions : null)})`),
      h('dt', null, 'Do nothing'), h('dd', null, pct(c.doNothingRateBefore), ' \u2192 ', h('b', null, pct(c.doNothingRateAfter)),
        h('span', { class: 'cell-sub' }, ` (${int(c.doNothingBefore)} \u2192 ${int(c.doNothingAfter)})`)),
      h('dt', null, 'Expected value'), h('dd', null, number(c.expectedValueBefore), ' \u2192 ', h('b', null, number(c.expectedValueAfter)),
        h('span', { class: evChange > 0 ? 'sim-up' : evChange < 0 ? 'sim-down' : 'muted' }, ` ${signed(evChange)}`))),
    distributionChart(c, r, id));
}

/** The rows of a channel's distribution: its most frequent actions, the others together, and doing nothing. */
function distributionRows(c, version) {
  const actions = Array.isArray(c.actions) ? c.actions : [];
  const rows = actions.slice(0, SIM_CHART_ROWS).map((a) => {
    const s = state.strategy && state.strategy.byVersion.get(version);
    const other = s && (s.actions || []).find((x) => x.id === a.actionId);
    return { label: actionName(a.actionId) || (other && other.name) || a.actionId, id: a.actionId, before: a.before, after: a.after };
  });
  const rest = actions.slice(SIM_CHART_ROWS);
  if (rest.length) {
    rows.push({
      label: `${plural(rest.length, 'other action')}`, id: null, other: true,
      before: rest.reduce((n, a) => n + a.before, 0), after: rest.reduce((n, a) => n + a.after, 0),
    });
  }
  rows.push({ label: 'Do nothing', id: null, nothing: true, before: c.doNothingBefore, after: c.doNothingAfter });
  return rows;
}

/** Horizontal bars: how often each action is the next best action on the channel, before and after. */
function distributionChart(c, r, id) {
  const rows = distributionRows(c, r.version);
  const W = 640;
  const LABEL = 210;
  const NUM = 64;
  const BAR = 11;
  const ROW = BAR * 2 + 12;
  const TOP = 26;
  const H = TOP + rows.length * ROW + 4;
  const most = Math.max(1, ...rows.map((x) => Math.max(x.before, x.after)));
  const span = W - LABEL - NUM - 8;
  const len = (n) => Math.max(n > 0 ? 1.5 : 0, (n / most) * span);
  const clip = (s) => (s.length > 30 ? s.slice(0, 29) + '\u2026' : s);
  const titleId = `${id}-chart-title`;
  const descId = `${id}-chart-desc`;
  const changes = rows.filter((x) => x.before !== x.after && !x.other)
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before)).slice(0, 3)
    .map((x) => `${x.label} ${int(x.before)} to ${int(x.after)}`);
  const svg = svgNode('svg', {
    class: 'sim-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, focusable: 'false',
  },
  svgNode('title', { id: titleId }, `${channelName(c.channel)}: how often each action is the next best action, with ${versionWord(r.against)} (before) and ${versionWord(r.version)} (after), out of ${int(c.decisions)} decisions.`),
  svgNode('desc', { id: descId }, changes.length ? `Largest changes: ${changes.join('; ')}.` : 'No action changes.'),
  svgNode('rect', { class: 'sim-key before', x: LABEL, y: 6, width: 12, height: 10, rx: 2 }),
  svgNode('text', { class: 'sim-key-text', x: LABEL + 17, y: 15 }, `Before (${versionWord(r.against)})`),
  svgNode('rect', { class: 'sim-key after', x: LABEL + 170, y: 6, width: 12, height: 10, rx: 2 }),
  svgNode('text', { class: 'sim-key-text', x: LABEL + 187, y: 15 }, `After (${versionWord(r.version)})`),
  rows.map((x, i) => {
    const y = TOP + i * ROW;
    const cls = x.nothing ? ' nothing' : x.other ? ' other' : '';
    return svgNode('g', { class: 'sim-row' + cls },
      svgNode('title', null, `${x.label}${x.id ? ` (${x.id})` : ''}: ${int(x.before)} before, ${int(x.after)} after (${pct(c.decisions ? x.before / c.decisions : null)} \u2192 ${pct(c.decisions ? x.after / c.decisions : null)})`),
      svgNode('text', { class: 'sim-label', x: LABEL - 8, y: y + BAR + 4, 'text-anchor': 'end' }, clip(x.label)),
      svgNode('rect', { class: 'sim-bar before', x: LABEL, y, width: len(x.before), height: BAR, rx: 2 }),
      svgNode('rect', { class: 'sim-bar after', x: LABEL, y: y + BAR + 1, width: len(x.after), height: BAR, rx: 2 }),
      svgNode('text', { class: 'sim-num', x: LABEL + len(x.before) + 5, y: y + BAR - 2 }, int(x.before)),
      svgNode('text', { class: 'sim-num after', x: LABEL + len(x.after) + 5, y: y + 2 * BAR - 1 }, int(x.after)));
  }));
  const table = h('details', { class: 'sim-figures' },
    h('summary', null, 'The figures as a table'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
      h('caption', { class: 'sr-only' }, `${channelName(c.channel)}: next best actions before and after`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Next best action'), h('th', { scope: 'col', class: 'num' }, 'Before'),
        h('th', { scope: 'col', class: 'num' }, 'After'), h('th', { scope: 'col', class: 'num' }, 'Change'))),
      h('tbody', null, [...(c.actions || []).map((a) => ({ label: null, id: a.actionId, before: a.before, after: a.after })),
        { label: 'Do nothing', before: c.doNothingBefore, after: c.doNothingAfter }].map((x) => h('tr', null,
        h('th', { scope: 'row' }, x.label ? h('span', { class: 'muted' }, x.label) : reportActionCell(x.id, null, r.version)),
        h('td', { class: 'num' }, int(x.before)), h('td', { class: 'num' }, int(x.after)),
        h('td', { class: 'num ' + (x.after > x.before ? 'sim-up' : x.after < x.before ? 'sim-down' : 'muted') }, signed(x.after - x.before, int))))))));
  return h('figure', { class: 'sim-figure' }, svg, table);
}

function changedCustomersSection(r) {
  const all = Array.isArray(r.changedCustomers) ? r.changedCustomers : [];
  const section = h('section', { class: 'sim-section', 'aria-labelledby': 'sim-changed-title' },
    h('h3', { id: 'sim-changed-title' }, 'Customers whose next best action changes'));
  if (!all.length) {
    section.append(h('p', { class: 'muted' }, 'None: every customer of the sample would get the same next best action.'));
    return section;
  }
  const can = state.auth.can;
  const filter = h('select', { id: 'sim-changed-channel' },
    h('option', { value: '' }, 'All channels'),
    Array.from(new Set(all.map((x) => x.channel))).map((ch) => h('option', { value: ch }, channelName(ch))));
  const count = h('span', { class: 'muted toolbar-count', 'aria-live': 'polite' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'button small' }, 'Show more');
  let shown = SIM_PAGE;
  const draw = () => {
    const rows = all.filter((x) => !filter.value || x.channel === filter.value);
    fill(body, rows.slice(0, shown).map((x) => h('tr', null,
      h('th', { scope: 'row' }, can.decide
        ? h('a', { href: '#decide/' + enc(x.customerId), class: 'mono', title: `Decide for ${x.customerId} now, with the version in force` }, x.customerId)
        : h('span', { class: 'mono' }, x.customerId)),
      h('td', null, channelName(x.channel)),
      h('td', { class: 'sim-action' }, reportActionCell(x.before, x.beforeTreatment, r.version)),
      h('td', { class: 'sim-arrow', 'aria-hidden': 'true' }, '\u2192'),
      h('td', { class: 'sim-action' }, reportActionCell(x.after, x.afterTreatment, r.version)),
      h('td', { class: 'sim-reason' },
        (x.rules || []).length ? h('ul', { class: 'plain-list sim-rule-list', 'aria-label': 'Rules' }, x.rules.map((rule) => h('li', { class: 'mono' }, rule))) : null,
        sentence(x.reason) || DASH))));
    count.textContent = `${int(Math.min(shown, rows.length))} of ${int(rows.length)} shown` +
      (r.changes > all.length ? ` \u00b7 the report lists the first ${int(all.length)} of ${int(r.changes)} changed decisions` : '');
    more.hidden = rows.length <= shown;
  };
  filter.addEventListener('change', () => { shown = SIM_PAGE; draw(); });
  more.addEventListener('click', () => { shown += SIM_PAGE * 4; draw(); });
  append(section, [
    h('p', { class: 'hint' }, 'Simulated decisions are not recorded, so they have no audit record to explain.',
      can.decide ? ' A customer id opens the Decide tab for that customer, to see what the version in force decides now.' : ''),
    h('div', { class: 'sim-table-tools' },
      h('label', { class: 'inline-select' }, h('span', null, 'Channel'), filter), count),
    h('div', { class: 'table-wrap sim-changed-wrap', tabindex: '0', role: 'region', 'aria-label': 'Changed decisions' },
      h('table', { class: 'compact' },
        h('caption', { class: 'sr-only' }, 'Customers whose next best action changes: before, after, and why: the rules that made the difference and the reason'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Customer'), h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col' }, 'Before'),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'becomes')), h('th', { scope: 'col' }, 'After'),
          h('th', { scope: 'col', title: 'The rules that made the difference, and the reason' }, 'Why'))),
        body)),
    h('div', { class: 'more-row' }, more)]);
  draw();
  return section;
}
