/*
 * What the console holds in memory while a user is signed in; emptied on sign-out.
 */
import { $, fill, h } from './dom.js';

export const state = {
  auth: null, // { user, token, roles: [..], can: { decide, explain, verify, rules, ruleWrite, ... } }
  actions: null, // the action library, as answered by GET /actions
  actionsById: new Map(),
  customers: { limit: 50, offset: 0, total: 0, rows: [], loaded: false, seq: 0 },
  customerNames: new Map(),
  selectedCustomer: null,
  profileSeq: 0,
  profile: null,
  recent: [],
  explainSeq: 0,
  explainShown: null,
  activeTab: null,
  rules: newRulesState(),
  models: newModelsState(),
  journeys: null, // the journeys, as answered by GET /journeys
  journeysLoading: null, // the request under way, shared by whoever needs the journeys
  journeysSeq: 0,
  customerJourneysSeq: 0,
  users: { rows: null, seq: 0, changesSeq: 0 },
  strategy: newStrategyState(),
};

/** The Actions tab: the strategy of a version (its actions, journeys and event types) and the changes drafted to it. */
export function newStrategyState() {
  return {
    byVersion: new Map(), // GET /rulesets/{v}/strategy, by version
    version: null, // the version shown
    seq: 0,
  };
}

export function newRulesState() {
  return {
    versions: null, // GET /rulesets, newest first
    versionsSeq: 0,
    view: null, // 'detail' or 'editor'
    shown: null, // the version shown in detail
    detail: null,
    detailSeq: 0,
    flash: null, // { version, node }: what an upload said, shown above the version it stored
    editor: null, // the draft of a new version
    uploadNames: [], // the file names of the last upload, to name files in field errors
    stats: null,
    statsSeq: 0,
    statsSort: { key: 'count', dir: 'desc' },
    changes: [],
    changesSeq: 0,
    changesMore: false,
    loaded: false,
  };
}

export function newModelsState() {
  return {
    list: null, // GET /models
    listSeq: 0,
    shown: null, // the id of the model shown in detail
    detail: null,
    detailSeq: 0,
    stale: false, // the detail shown is read again when the tab is shown again
    download: null, // the training-data download under way: { controller, cancelled }
    dataFile: null, // the name of the last training data saved, for the retrain command
    weightsFilter: '', // kept from one model to the next
  };
}

export function setActions(list) {
  state.actions = Array.isArray(list) ? list : [];
  state.actionsById = new Map(state.actions.map((a) => [a.actionId, a]));
  const groups = Array.from(new Set(state.actions.map((a) => a.group).filter(Boolean))).sort();
  fill($('context-values-intent'), groups.map((g) => h('option', { value: g })));
}
