/*
 * The Journeys tab, and the journeys of one customer in the Decide tab.
 */
import { mandatoryBadge } from './actions/library.js';
import { api, problemView } from './api.js';
import { $, fill, h } from './dom.js';
import { capitalise, DASH, int, isNum, plural, timeEl, timeElShort } from './format.js';
import { setActions, state } from './state.js';

/** The journeys, loaded once and shared; `force` reads them again (the customer counts move). */
function loadJourneys(force) {
  if (state.journeysLoading && !force) return state.journeysLoading;
  if (state.journeys && !force) return Promise.resolve(state.journeys);
  const seq = ++state.journeysSeq;
  const p = api('journeys').then(({ data }) => {
    if (seq === state.journeysSeq) {
      state.journeys = Array.isArray(data) ? data : [];
      state.journeysLoading = null;
    }
    return state.journeys;
  }, (e) => {
    if (seq === state.journeysSeq) state.journeysLoading = null;
    throw e;
  });
  state.journeysLoading = p;
  return p;
}

export function journeyName(id) {
  const j = state.journeys && state.journeys.find((x) => x.journeyId === id);
  return j ? j.name : id;
}

/** A stage code as words: keep-in-touch reads "Keep in touch". */
export function stageLabel(code) {
  return code ? capitalise(String(code).replace(/[-_]+/g, ' ')) : DASH;
}

/**
 * A journey's stages in their usual order as a horizontal stepper. `current` highlights the stage a
 * customer stands at; `below(stage)` gives what to show under a stage (the actions that apply there).
 */
export function stepper(journey, { current, below, counts, compact, label } = {}) {
  const stages = (journey.stages || []).map((s) => (typeof s === 'string' ? { stage: s } : s));
  return h('ol', { class: 'stepper' + (compact ? ' compact' : ''), 'aria-label': label || `Stages of the journey ${journey.name}` },
    stages.map((s, i) => {
      const here = current && s.stage === current;
      return h('li', { class: 'step' + (here ? ' current' : ''), 'aria-current': here ? 'step' : null },
        h('div', { class: 'step-head' },
          h('span', { class: 'step-marker', 'aria-hidden': 'true' }, here ? '\u25cf' : String(i + 1)),
          h('span', { class: 'step-text' },
            h('span', { class: 'step-name' }, stageLabel(s.stage)),
            here ? h('span', { class: 'sr-only' }, ' (current stage)') : null,
            !compact && stageLabel(s.stage).toLowerCase() !== s.stage ? h('span', { class: 'step-code mono' }, s.stage) : null,
            counts && isNum(s.customers)
              ? h('span', { class: 'step-count', title: 'Customers the rules last placed at this stage' }, plural(s.customers, 'customer'))
              : null)),
        below ? below(s.stage) : null);
    }));
}

export function actionChip(a) {
  return h('li', { class: 'action-chip' + (a.mandatory ? ' mandatory' : '') },
    h('span', { class: 'action-chip-name' }, a.name || a.actionId),
    h('span', { class: 'cell-sub mono' }, a.actionId),
    a.mandatory || a.dailyLimit > 0
      ? h('span', { class: 'chips' }, a.mandatory ? mandatoryBadge() : null, a.dailyLimit > 0 ? h('span', { class: 'chip' }, `${int(a.dailyLimit)} a day`) : null)
      : null);
}

export async function renderJourneysTab(force) {
  const out = $('journeys-output');
  if (!state.journeys || !out.childNodes.length) fill(out, h('div', { class: 'card loading' }, 'Loading the journeys\u2026'));
  out.setAttribute('aria-busy', 'true');
  try {
    await loadJourneys(force);
    if (!state.actions) {
      const { data } = await api('actions');
      setActions(data);
    }
    renderJourneys();
  } catch (e) {
    fill(out, problemView(e, { title: 'The journeys could not be loaded', retry: () => renderJourneysTab(true) }));
  } finally {
    out.removeAttribute('aria-busy');
  }
}

function renderJourneys() {
  const out = $('journeys-output');
  const journeys = state.journeys || [];
  const actions = state.actions || [];
  const known = new Set(journeys.map((j) => j.journeyId));
  const cards = journeys.map((j) => {
    const ofJourney = actions.filter((a) => a.journey === j.journeyId);
    const stageCodes = new Set((j.stages || []).map((s) => s.stage));
    const anyStage = ofJourney.filter((a) => !(a.stages || []).length);
    const elsewhere = ofJourney.filter((a) => (a.stages || []).length && !a.stages.some((st) => stageCodes.has(st)));
    const customers = (j.stages || []).reduce((n, s) => n + (isNum(s.customers) ? s.customers : 0), 0);
    const titleId = `journey-${j.journeyId}-title`;
    return h('section', { class: 'card journey-card', 'aria-labelledby': titleId },
      h('div', { class: 'section-title' },
        h('h2', { id: titleId }, j.name || j.journeyId),
        h('span', { class: 'mono cell-sub' }, j.journeyId),
        h('span', { class: 'count' }, `${plural((j.stages || []).length, 'stage')} \u00b7 ${plural(ofJourney.length, 'action')} \u00b7 ${plural(customers, 'customer')} in it now`)),
      j.description ? h('p', { class: 'journey-description' }, j.description) : null,
      h('div', { class: 'stepper-wrap', tabindex: '0', role: 'region', 'aria-label': `Stages of ${j.name} and the actions that apply at each` },
        stepper(j, {
          counts: true,
          below: (stage) => {
            const here = ofJourney.filter((a) => (a.stages || []).includes(stage));
            return here.length
              ? h('ul', { class: 'step-actions', 'aria-label': `Actions only at stage ${stageLabel(stage)}` }, here.map(actionChip))
              : h('p', { class: 'step-none' }, 'No action of its own');
          },
        })),
      h('div', { class: 'any-stage' },
        h('h3', null, 'Any stage ', h('span', { class: 'muted' }, `\u00b7 ${plural(anyStage.length, 'action')} that apply at every stage of this journey`)),
        anyStage.length ? h('ul', { class: 'action-chips' }, anyStage.map(actionChip)) : h('p', { class: 'muted' }, 'None: every action of this journey names its stages.')),
      elsewhere.length
        ? h('div', { class: 'any-stage' },
          h('h3', null, 'In stages this journey does not have'),
          h('ul', { class: 'action-chips' }, elsewhere.map((a) => [actionChip(a)])),
          h('p', { class: 'hint' }, 'These actions name stages that are not among the journey\u2019s stages, so the rule ActionOnlyInItsStages keeps them out.'))
        : null);
  });
  const orphans = actions.filter((a) => !a.journey || !known.has(a.journey));
  if (orphans.length) {
    cards.push(h('section', { class: 'card journey-card', 'aria-labelledby': 'journey-none-title' },
      h('div', { class: 'section-title' }, h('h2', { id: 'journey-none-title' }, 'In no journey'), h('span', { class: 'count' }, plural(orphans.length, 'action'))),
      h('ul', { class: 'action-chips' }, orphans.map(actionChip))));
  }
  $('journeys-count').textContent = `${plural(journeys.length, 'journey')} \u00b7 ${plural(actions.length, 'action')}`;
  fill(out, cards.length ? cards : h('div', { class: 'card empty' }, 'There is no journey.'));
}

// Decide: the customer's journeys

export async function loadCustomerJourneys(id) {
  const seq = ++state.customerJourneysSeq;
  const slot = () => $('customer-journeys');
  if (!slot()) return;
  slot().setAttribute('aria-busy', 'true');
  if (!slot().childNodes.length) fill(slot(), h('p', { class: 'muted' }, 'Loading where the customer stands\u2026'));
  try {
    const [journeys, { data }] = await Promise.all([
      loadJourneys(),
      api(`customers/${encodeURIComponent(id)}/journeys?changes=10`),
    ]);
    if (seq !== state.customerJourneysSeq || !slot()) return;
    renderCustomerJourneys(journeys, data || {});
  } catch (e) {
    if (seq !== state.customerJourneysSeq || !slot()) return;
    fill(slot(), problemView(e, { title: 'The customer\u2019s journeys could not be loaded', retry: () => loadCustomerJourneys(id) }));
  } finally {
    if (seq === state.customerJourneysSeq && slot()) slot().removeAttribute('aria-busy');
  }
}

function renderCustomerJourneys(journeys, data) {
  const current = data.current && typeof data.current === 'object' ? data.current : {};
  const changes = Array.isArray(data.changes) ? data.changes : [];
  const inJourneys = journeys.filter((j) => current[j.journeyId]);
  const notIn = journeys.filter((j) => !current[j.journeyId]);
  // A stage the journey no longer lists (or an unknown journey) is still shown, on its own.
  const unknown = Object.values(current).filter((c) => !journeys.some((j) => j.journeyId === c.journey));
  const now = inJourneys.map((j) => {
    const c = current[j.journeyId];
    const listed = (j.stages || []).some((s) => s.stage === c.stage);
    return h('div', { class: 'customer-journey' },
      h('div', { class: 'cj-head' },
        h('b', null, j.name),
        h('span', { class: 'cell-sub' }, ' at ', h('b', null, stageLabel(c.stage)), ' since ', timeEl(c.since), ' \u00b7 placed by ', h('span', { class: 'mono' }, c.rule || DASH))),
      stepper(listed ? j : { ...j, stages: [...(j.stages || []), { stage: c.stage }] },
        { current: c.stage, compact: true, label: `${j.name}: the customer is at stage ${stageLabel(c.stage)}` }));
  });
  unknown.forEach((c) => now.push(h('div', { class: 'customer-journey' },
    h('b', null, c.journey), ' at ', h('b', null, stageLabel(c.stage)), h('span', { class: 'cell-sub' }, ' \u00b7 placed by ', h('span', { class: 'mono' }, c.rule || DASH)))));
  fill($('customer-journeys'),
    now.length ? now : h('p', { class: 'muted' }, 'In no journey now. The rules find each customer\u2019s stage at every decision.'),
    now.length && notIn.length ? h('p', { class: 'hint' }, `Not in: ${notIn.map((j) => j.name).join(', ')}.`) : null,
    h('h4', { class: 'small-title', style: 'margin-top:14px' }, 'Recent stage changes'),
    changes.length
      ? h('ol', { class: 'stage-changes' }, changes.map((c) => h('li', null,
        h('span', { class: 'sc-when' }, timeElShort(c.changedAt)),
        h('span', { class: 'sc-what' },
          h('b', null, journeyName(c.journey)), ': ',
          c.fromStage && c.toStage ? [stageLabel(c.fromStage), ' \u2192 ', h('b', null, stageLabel(c.toStage))]
            : c.toStage ? ['entered at ', h('b', null, stageLabel(c.toStage))]
              : ['left (was ', stageLabel(c.fromStage), ')']),
        h('span', { class: 'sc-rule' },
          c.rule ? ['by ', h('span', { class: 'mono' }, c.rule)] : 'no stage rule of the journey matched any more',
          c.decisionId && state.auth.can.explain
            ? [' \u00b7 ', h('a', { href: '#explain/' + encodeURIComponent(c.decisionId), title: `Explain decision ${c.decisionId}` }, 'decision')]
            : c.eventId ? [' \u00b7 ', h('span', { class: 'muted' }, `after event #${c.eventId}`)] : null))))
      : h('p', { class: 'muted' }, 'No change of stage recorded yet.'));
}
