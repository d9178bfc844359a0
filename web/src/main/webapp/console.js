/*
 * Parcours console: sign in, decide, explain, watch the adaptive models, review, simulate and activate strategy
 * versions, browse the journeys, read and edit the strategy (actions, treatments, journeys, event types),
 * manage the users.
 * Plain ES2020, no dependencies; talks to the REST API of the same origin (api/v1/...).
 * Credentials are kept in this page's memory only and sent as HTTP Basic with every request.
 */
'use strict';

(() => {
  // ------------------------------------------------------------------------------------------------
  // Constants

  const API = 'api/v1/';
  const REQUEST_TIMEOUT_MS = 30000;
  const MAX_RECENT = 25;
  const MAX_CONTEXT = 50;
  const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  const CHANNEL_NAMES = { web: 'Web', app: 'App', email: 'E-mail', sms: 'SMS', 'call-centre': 'Call centre' };
  const ISSUE_ORDER = ['sales', 'service', 'retention', 'resilience', 'nurture'];
  const PURPOSES = ['service', 'marketing', 'profiling'];
  const USER_ROLES = ['channel', 'business', 'scientist', 'compliance', 'approver', 'admin'];
  const USER_CHANGE_KINDS = {
    created: 'Created', disabled: 'Disabled', enabled: 'Enabled', 'roles-changed': 'Roles changed', 'password-reset': 'Password reset',
  };
  const OUTCOMES = [
    { code: 'accepted', label: 'Accepted' },
    { code: 'clicked', label: 'Clicked' },
    { code: 'rejected', label: 'Rejected' },
    { code: 'ignored', label: 'Ignored' },
  ];
  const FIELD_LABELS = {
    trafficShare: 'The share of the decisions',
    priorVariance: 'The prior variance',
    modelBase64: 'The model file',
    customerId: 'Customer id',
    channel: 'Channel',
    direction: 'Direction',
    limit: 'Limit',
    context: 'Context',
    decisionId: 'Decision id',
    actionId: 'Action id',
    outcome: 'Outcome',
    offset: 'Offset',
    body: 'Request body',
    'Idempotency-Key': 'Idempotency-Key',
    comment: 'Comment',
    files: 'Files',
    from: 'From',
    to: 'To',
    username: 'User name',
    displayName: 'Name',
    roles: 'Roles',
    password: 'Password',
  };

  // ------------------------------------------------------------------------------------------------
  // State

  const state = {
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
  function newStrategyState() {
    return {
      byVersion: new Map(), // GET /rulesets/{v}/strategy, by version
      version: null, // the version shown
      seq: 0,
    };
  }

  function newRulesState() {
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

  // ------------------------------------------------------------------------------------------------
  // DOM helpers

  const $ = (id) => document.getElementById(id);

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'class') el.className = value;
        else if (key === 'text') el.textContent = value;
        else if (key === 'dataset') Object.assign(el.dataset, value);
        else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
        else if (value === true) el.setAttribute(key, '');
        else el.setAttribute(key, String(value));
      }
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of [children].flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }

  function fill(el, ...children) {
    el.replaceChildren();
    return append(el, children);
  }

  function announce(message) {
    const a = $('announcer');
    a.textContent = '';
    window.setTimeout(() => { a.textContent = message; }, 50);
  }

  function setBusy(button, busy) {
    if (!button) return;
    button.disabled = busy;
    if (busy) button.setAttribute('aria-busy', 'true');
    else button.removeAttribute('aria-busy');
  }

  // ------------------------------------------------------------------------------------------------
  // Formatting

  const fmt = {
    pct: new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    pct0: new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 }),
    fixed3: new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
    fixed2: new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    upTo2: new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }),
    int: new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }),
    money: new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
    dateTime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
    time: new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }),
    dateShortTime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
  };

  const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
  const DASH = '\u2014';

  function pct(x) {
    if (!isNum(x)) return DASH;
    if (x > 0 && x < 0.001) return '< ' + fmt.pct.format(0.001);
    return fmt.pct.format(x);
  }
  const fixed3 = (x) => (isNum(x) ? fmt.fixed3.format(x) : DASH);
  const times = (x) => (isNum(x) ? '\u00d7' + fmt.fixed2.format(x) : DASH);
  const number = (x) => (isNum(x) ? fmt.upTo2.format(x) : DASH);
  const int = (x) => (isNum(x) ? fmt.int.format(x) : DASH);
  const money = (x) => (isNum(x) ? fmt.money.format(x) : DASH);

  function when(iso) {
    if (!iso) return DASH;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : fmt.dateTime.format(d);
  }

  function timeEl(iso) {
    return h('time', { datetime: iso || null, title: iso || null }, when(iso));
  }

  /** For tight places: the time alone when it is today, else the date and the time to the minute. */
  function whenShort(iso) {
    if (!iso) return DASH;
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return d.toDateString() === new Date().toDateString() ? fmt.time.format(d) : fmt.dateShortTime.format(d);
  }

  function timeElShort(iso) {
    return h('time', { datetime: iso || null, title: iso ? when(iso) : null }, whenShort(iso));
  }

  function tenure(months) {
    if (!isNum(months)) return DASH;
    const years = Math.floor(months / 12);
    const rest = months % 12;
    const parts = [];
    if (years) parts.push(`${years} ${years === 1 ? 'year' : 'years'}`);
    if (rest || !years) parts.push(`${rest} ${rest === 1 ? 'month' : 'months'}`);
    return parts.join(' ');
  }

  function channelName(code) {
    if (code === null || code === undefined) return DASH;
    const key = String(code).toLowerCase().replace(/_/g, '-');
    return CHANNEL_NAMES[key] || String(code);
  }

  const capitalise = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

  /** A server detail ("the customer ... ") as a sentence: capital first letter, final stop. */
  function sentence(s) {
    if (!s) return '';
    const t = capitalise(String(s).trim());
    return /[.!?)]$/.test(t) ? t : t + '.';
  }

  function plural(n, one, many) {
    return `${int(n)} ${n === 1 ? one : many || one + 's'}`;
  }

  function initials(name, fallback) {
    const words = String(name || fallback || '?').trim().split(/\s+/).filter(Boolean);
    return (words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] || '?').slice(0, 2)).toUpperCase();
  }

  function actionName(id) {
    const a = state.actionsById.get(id);
    return a ? a.name : null;
  }

  /** Action name with its id beneath; the id alone when the library does not know it. */
  function actionCell(id, name) {
    const n = name || actionName(id);
    return n
      ? [h('div', { class: 'cell-title' }, n), h('div', { class: 'cell-sub mono' }, id)]
      : [h('div', { class: 'cell-title mono' }, id)];
  }

  // ------------------------------------------------------------------------------------------------
  // API access

  class ApiError extends Error {
    constructor(status, problem, fallbackTitle, fallbackDetail) {
      const p = problem && typeof problem === 'object' && (problem.title || problem.detail) ? problem : null;
      super((p && (p.detail || p.title)) || fallbackDetail || fallbackTitle);
      this.name = 'ApiError';
      this.status = status;
      this.problem = p;
      this.title = (p && p.title) || fallbackTitle;
      this.detail = p ? p.detail || '' : fallbackDetail || '';
      this.fieldErrors = p && Array.isArray(p.errors) ? p.errors.filter((e) => e && e.field) : [];
      // A rule set that does not compile, or whose scenarios fail; the stored version a conflict names.
      this.compilation = p && Array.isArray(p.compilation) ? p.compilation.filter(Boolean) : [];
      this.scenarios = p && Array.isArray(p.scenarios) ? p.scenarios.filter(Boolean) : [];
      this.version = p && p.version ? String(p.version) : null;
    }

    get retryable() {
      return this.status === 0 || this.status >= 500;
    }
  }

  function fallbackFor(status) {
    switch (status) {
      case 401: return ['Not signed in', 'The user name or password was not accepted.'];
      case 403: return ['Not allowed', 'Your role does not allow this request.'];
      case 404: return ['Not found', 'There is nothing at this address.'];
      case 502: case 503: case 504:
        return ['Parcours is unavailable', `The server did not answer (HTTP ${status}). Try again in a moment.`];
      default:
        if (status >= 500) return ['Server error', `The server failed to answer (HTTP ${status}). Try again, and report it if it lasts.`];
        return ['Request not accepted', `The server answered HTTP ${status}.`];
    }
  }

  /**
   * Sends one request with the signed-in user's credentials and a timeout. Resolves to the response and
   * its body as read by `read`; rejects with an ApiError when the server could not be reached in time.
   */
  async function send(path, { method = 'GET', headers = {}, body, auth, read = (r) => r.text() }) {
    const h2 = { ...headers };
    if (auth) h2.Authorization = 'Basic ' + auth;
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      // credentials 'omit': the Authorization header is ours; no cookie, and no browser login prompt.
      const res = await fetch(API + path, {
        method, headers: h2, body, credentials: 'omit', cache: 'no-store', signal: controller.signal,
      });
      return { res, payload: res.ok ? await read(res) : await res.text() };
    } catch (e) {
      const timedOut = e && e.name === 'AbortError';
      throw new ApiError(0, null,
        timedOut ? 'No answer in time' : 'Parcours could not be reached',
        timedOut
          ? `The server did not answer within ${REQUEST_TIMEOUT_MS / 1000} seconds. Try again in a moment.`
          : 'The request did not reach the server. Check that Parcours is running and that your network works, then try again.');
    } finally {
      window.clearTimeout(timer);
    }
  }

  function parseJson(res, text) {
    const type = res.headers.get('Content-Type') || '';
    if (!text || !/json/i.test(type)) return { parsed: false, data: null };
    try { return { parsed: true, data: JSON.parse(text) }; } catch (e) { return { parsed: false, data: null }; }
  }

  /** The error for a non-2xx answer, from its problem document when there is one. */
  function failure(res, text, auth) {
    const { parsed, data } = parseJson(res, text);
    const [title, detail] = fallbackFor(res.status);
    const err = new ApiError(res.status, parsed ? data : null, title, detail);
    if (res.status === 401 && state.auth && auth === state.auth.token) signedOutByServer(err);
    return err;
  }

  /**
   * Calls the API. Resolves to { status, data } for a 2xx answer; rejects with an ApiError that says in
   * plain words what went wrong otherwise (from the problem document when there is one).
   */
  async function api(path, { method = 'GET', body, headers = {}, token } = {}) {
    const auth = token !== undefined ? token : state.auth && state.auth.token;
    const h2 = { Accept: 'application/json, application/problem+json', ...headers };
    let payload;
    if (body !== undefined) {
      h2['Content-Type'] = 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const { res, payload: text } = await send(path, { method, headers: h2, body: payload, auth });
    if (!res.ok) throw failure(res, text, auth);
    const { parsed, data } = parseJson(res, text);
    if (text && !parsed) {
      throw new ApiError(res.status, null, 'Unexpected answer',
        'The server answered with something other than JSON. Check that this page is served by Parcours.');
    }
    return { status: res.status, data };
  }

  /** Reads a resource that is not JSON (a rule file, a unified diff): as text, or as bytes. */
  async function apiRaw(path, { bytes = false } = {}) {
    const auth = state.auth && state.auth.token;
    const accept = bytes ? 'application/octet-stream, text/plain' : 'text/plain';
    const { res, payload } = await send(path, {
      headers: { Accept: `${accept}, application/problem+json;q=0.9` },
      auth,
      read: bytes ? async (r) => new Uint8Array(await r.arrayBuffer()) : (r) => r.text(),
    });
    if (!res.ok) throw failure(res, payload, auth);
    return payload;
  }

  function fieldLabel(field) {
    if (FIELD_LABELS[field]) return FIELD_LABELS[field];
    const m = /^context\.(.+)$/.exec(field);
    if (m) return `Context \u201c${m[1]}\u201d`;
    const f = /^files\[(\d+)\]\.?(.*)$/.exec(field);
    if (f) {
      // A file of the last upload: named by its file name when the console knows it.
      const name = state.rules.uploadNames[Number(f[1])];
      return name ? `File \u201c${name}\u201d` : `File ${Number(f[1]) + 1}`;
    }
    return field;
  }

  function fieldErrorText(e) {
    const label = fieldLabel(e.field);
    const msg = String(e.message || '');
    return /^(is|must|was|has) /.test(msg) ? `${label} ${msg}` : `${label}: ${msg}`;
  }

  function detailRepeatsErrors(err) {
    if (!err.fieldErrors.length || !err.detail) return false;
    const summary = err.fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return err.detail === summary || err.fieldErrors.some((e) => e.message === err.detail);
  }

  /** An error as a readable alert: title, detail in a sentence, the invalid fields. Never a trace. */
  function problemView(err, { title, retry, more, kind = true } = {}) {
    const e = err instanceof ApiError ? err : new ApiError(-1, null, 'Something went wrong', 'The console met an unexpected error. Reload the page and try again.');
    const box = h('div', { class: 'alert error', role: 'alert' });
    box.append(h('strong', null, title || e.title));
    // The kind of problem under a custom title, unless it is only the HTTP status (said below anyway).
    if (kind && title && e.title && e.title !== title && e.problem && !/\/http-\d+$/.test(e.problem.type || '')) {
      box.append(h('span', null, e.title));
    }
    if (e.detail && !detailRepeatsErrors(e)) box.append(h('p', null, sentence(e.detail)));
    if (e.fieldErrors.length) box.append(h('ul', null, e.fieldErrors.map((fe) => h('li', null, sentence(fieldErrorText(fe))))));
    if (more) append(box, more);
    if (e.status > 0) box.append(h('span', { class: 'status' }, `HTTP ${e.status}`));
    if (retry) {
      box.append(h('div', { class: 'alert-actions' }, h('button', { type: 'button', class: 'button small', onclick: retry }, 'Try again')));
    }
    if (!(err instanceof ApiError) && window.console) window.console.error(err);
    return box;
  }

  /** One line for tight places (a table row): "Title: detail". */
  function problemLine(err) {
    const e = err instanceof ApiError ? err : null;
    if (!e) return 'The console met an unexpected error.';
    const parts = [e.title];
    if (e.detail && !detailRepeatsErrors(e)) parts.push(sentence(e.detail));
    e.fieldErrors.forEach((fe) => parts.push(sentence(fieldErrorText(fe))));
    return parts.join(' \u2014 ') + (e.status > 0 ? ` (HTTP ${e.status})` : '');
  }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    // Pages served over plain HTTP (not localhost) have no randomUUID: build a version 4 UUID.
    const b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function basicToken(user, password) {
    const bytes = new TextEncoder().encode(`${user}:${password}`);
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return window.btoa(binary);
  }

  // ------------------------------------------------------------------------------------------------
  // Sign in and out

  /** Signs in: the API says who the user is and which roles it has (GET /api/v1/me). */
  async function signIn(user, token) {
    const [me, library] = await Promise.all([api('me', { token }), api('actions', { token })]);
    const roles = me.data.roles;
    const any = (...wanted) => roles.some((r) => wanted.includes(r));
    state.auth = {
      user: me.data.user,
      token,
      roles,
      // Mirrors the @RolesAllowed of the resources each section calls.
      can: {
        decide: any('channel', 'admin'),
        explain: any('channel', 'compliance', 'admin'),
        verify: any('compliance', 'admin'),
        rules: any('business', 'compliance', 'scientist', 'approver', 'admin'),
        ruleWrite: any('business', 'admin'),
        ruleReview: any('approver'),
        simulate: any('business', 'approver', 'admin'),
        ruleChanges: any('business', 'compliance', 'approver', 'admin'),
        journeys: any('channel', 'business', 'scientist', 'compliance', 'approver', 'admin'),
        customerJourneys: any('channel', 'business', 'compliance', 'admin'),
        identities: any('channel', 'compliance', 'admin'),
        erase: any('admin'),
        models: any('scientist', 'admin'),
        users: any('admin'),
      },
    };
    setActions(library.data);
    state.auth.approvalsRequired = 1;
    if (state.auth.can.rules) {
      const policy = await api('rulesets/approval-policy', { token });
      state.auth.approvalsRequired = policy.data.approvalsRequired;
    }
  }

  function signedOutByServer(err) {
    signOut({ message: err, keepHash: true });
  }

  function signOut({ message, keepHash } = {}) {
    const user = state.auth ? state.auth.user : '';
    state.auth = null;
    resetData();
    $('tabs').hidden = true;
    $('user-chip').hidden = true;
    for (const p of document.querySelectorAll('[role="tabpanel"]')) p.hidden = true;
    if (!keepHash && location.hash) history.replaceState(null, '', location.pathname + location.search);
    showSignIn(user, message);
  }

  function resetData() {
    state.actions = null;
    state.actionsById = new Map();
    state.customers = { limit: Number($('customer-page-size').value) || 50, offset: 0, total: 0, rows: [], loaded: false, seq: state.customers.seq + 1 };
    state.customerNames = new Map();
    state.selectedCustomer = null;
    state.profile = null;
    state.profileSeq += 1;
    state.recent = [];
    state.explainSeq += 1;
    state.explainShown = null;
    state.activeTab = null;
    state.rules = newRulesState();
    if (state.models.download) {
      state.models.download.cancelled = true;
      state.models.download.controller.abort();
    }
    state.models = newModelsState();
    state.journeys = null;
    state.journeysLoading = null;
    state.journeysSeq += 1;
    state.customerJourneysSeq += 1;
    state.users = { rows: null, seq: state.users.seq + 1, changesSeq: state.users.changesSeq + 1 };
    state.strategy = newStrategyState();
    fill($('users-output'));
    fill($('users-message'));
    fill($('user-changes-output'));
    resetUserForm();
    const dialog = $('confirm-dialog');
    if (dialog.open) dialog.close();
    ['decide-submit', 'explain-submit', 'verify-button', 'rules-rollback', 'models-refresh', 'training-download'].forEach((id) => setBusy($(id), false));
    ['customer-list', 'profile-body', 'explain-output'].forEach((id) => $(id).removeAttribute('aria-busy'));
    fill($('customer-list'));
    fill($('customer-range'));
    fill($('profile-body'), h('p', { class: 'empty' }, 'Pick a customer or type an id to see what is known about them.'));
    fill($('decision-output'));
    fill($('decide-error'));
    fill($('explain-output'));
    fill($('verify-result'));
    fill($('actions-output'));
    ['strategy-draft', 'strategy-editor', 'journeys-editor-output', 'event-types-output', 'strategy-note', 'strategy-version'].forEach((id) => fill($(id)));
    $('strategy-sections').hidden = true;
    ['rules-message', 'versions-output', 'rules-main', 'stats-output', 'stats-summary', 'changes-output', 'journeys-output',
      'models-output', 'models-summary', 'models-read-at', 'model-detail', 'uplift-output'].forEach((id) => fill($(id)));
    resetTrainingForm();
    $('stats-filter').value = '';
    fill($('recent-list'));
    $('recent-wrap').hidden = true;
    $('decide-customer').value = '';
    $('explain-id').value = '';
    $('customer-filter').value = '';
    resetContextRows();
  }

  function showSignIn(user, message) {
    $('signin-view').hidden = false;
    $('signin-user').value = user || $('signin-user').value;
    $('signin-password').value = '';
    fill($('signin-error'), message ? problemView(message, { title: message.status === 401 ? 'Please sign in again' : undefined }) : null);
    window.setTimeout(() => ($('signin-user').value ? $('signin-password') : $('signin-user')).focus(), 0);
  }

  async function onSignInSubmit(event) {
    event.preventDefault();
    const user = $('signin-user').value.trim();
    const password = $('signin-password').value;
    const missing = [];
    $('signin-user').setAttribute('aria-invalid', String(!user));
    $('signin-password').setAttribute('aria-invalid', String(!password));
    if (!user) missing.push('your user name');
    if (!password) missing.push('your password');
    if (missing.length) {
      fill($('signin-error'), h('div', { class: 'alert error', role: 'alert' }, h('strong', null, `Enter ${missing.join(' and ')}.`)));
      (user ? $('signin-password') : $('signin-user')).focus();
      return;
    }
    const button = $('signin-submit');
    setBusy(button, true);
    fill($('signin-error'));
    try {
      await signIn(user, basicToken(user, password));
      $('signin-password').value = '';
      $('signin-view').hidden = true;
      showConsole();
    } catch (e) {
      const title = e.status === 401 ? 'The user name or password was not accepted'
        : e.status === 403 ? 'This user may not use Parcours' : undefined;
      fill($('signin-error'), problemView(e, { title }));
      $('signin-password').select();
      $('signin-password').focus();
    } finally {
      setBusy(button, false);
    }
  }

  function showConsole() {
    const a = state.auth;
    $('user-name').textContent = a.user;
    $('user-avatar').textContent = initials(a.user);
    const role = $('user-role');
    role.textContent = (a.roles.length > 1 ? 'Roles: ' : 'Role: ') + a.roles.join(', ');
    $('user-chip').hidden = false;
    $('tab-decide').hidden = !a.can.decide;
    $('tab-explain').hidden = !a.can.explain;
    $('tab-models').hidden = !a.can.models;
    $('tab-rules').hidden = !a.can.rules;
    $('tab-journeys').hidden = !a.can.journeys;
    $('tab-actions').hidden = false;
    $('tab-users').hidden = !a.can.users;
    $('verify-card').hidden = !a.can.verify;
    $('rules-write-actions').hidden = !a.can.ruleWrite;
    $('rules-sandbox').hidden = a.approvalsRequired !== 0;
    $('changes-card').hidden = !a.can.ruleChanges;
    $('tabs').hidden = false;
    route({ focusPanel: true });
  }

  // ------------------------------------------------------------------------------------------------
  // Users (admin): one user per person and per channel system; every change is recorded with who made it

  function resetUserForm() {
    $('user-form').reset();
    ['user-username', 'user-roles', 'user-password'].forEach(clearFieldError);
    fill($('user-form-message'));
  }

  async function loadUsers() {
    const u = state.users;
    const seq = ++u.seq;
    const out = $('users-output');
    if (!u.rows) fill(out, h('p', { class: 'loading' }, 'Loading the users\u2026'));
    out.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api('users');
      if (seq !== u.seq) return;
      u.rows = Array.isArray(data) ? data : [];
      renderUsers();
    } catch (e) {
      if (seq !== u.seq) return;
      fill(out, problemView(e, { title: 'The users could not be loaded', retry: loadUsers }));
    } finally {
      if (seq === u.seq) out.removeAttribute('aria-busy');
    }
  }

  function renderUsers() {
    const rows = state.users.rows || [];
    if (!rows.length) { fill($('users-output'), h('p', { class: 'muted' }, 'No user yet.')); return; }
    fill($('users-output'),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Users' },
        h('table', { class: 'compact users-table' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, 'User'), h('th', { scope: 'col' }, 'Roles'), h('th', { scope: 'col' }, 'State'),
            h('th', { scope: 'col' }, 'Actions'))),
          h('tbody', null, rows.map(userRow)))));
  }

  function userRow(user) {
    const self = state.auth && user.username === state.auth.user;
    const roles = h('div', { class: 'role-choices', role: 'group', 'aria-label': `Roles of ${user.username}` },
      USER_ROLES.map((role) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', value: role, checked: (user.roles || []).includes(role) }), ` ${role}`)));
    const saveRoles = h('button', { type: 'button', class: 'button small' }, 'Save roles');
    saveRoles.addEventListener('click', () => {
      const chosen = Array.from(roles.querySelectorAll('input:checked'), (i) => i.value);
      changeUser(saveRoles, user, `users/${encodeURIComponent(user.username)}/roles`, 'PUT', { roles: chosen },
        `The roles of ${user.username} are now ${chosen.join(', ') || 'none'}.`);
    });
    const toggle = h('button', { type: 'button', class: 'button small' + (user.enabled ? ' danger' : '') },
      user.enabled ? 'Disable' : 'Enable');
    toggle.addEventListener('click', async () => {
      if (user.enabled) {
        const ok = await confirmDialog({
          title: `Disable ${user.username}?`,
          body: h('p', null, self
            ? 'You are disabling yourself: your next request will be refused.'
            : `${user.username} cannot sign in from the next request on. The user and every record naming them stay; you can enable them again.`),
          confirm: 'Disable', danger: true,
        });
        if (!ok) return;
      }
      changeUser(toggle, user, `users/${encodeURIComponent(user.username)}/${user.enabled ? 'disable' : 'enable'}`, 'POST',
        undefined, `${user.username} is ${user.enabled ? 'disabled' : 'enabled again'}.`);
    });
    const reset = h('button', { type: 'button', class: 'button small' }, 'New password');
    reset.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `A new password for ${user.username}?`,
        body: h('p', null, 'Parcours chooses one and shows it here once; the old one stops working at once.'),
        confirm: 'Choose a new password',
      });
      if (!ok) return;
      changeUser(reset, user, `users/${encodeURIComponent(user.username)}/password`, 'POST', undefined,
        `${user.username} has a new password.`);
    });
    return h('tr', null,
      h('th', { scope: 'row' }, h('span', { class: 'user-cell' }, user.username,
        user.displayName ? h('span', { class: 'muted' }, user.displayName) : null)),
      h('td', null, roles),
      h('td', null, h('span', { class: 'chip ' + (user.enabled ? 'ok' : 'danger') }, user.enabled ? 'Enabled' : 'Disabled')),
      h('td', { class: 'user-actions' }, saveRoles, toggle, reset));
  }

  /** One change of a user; a password Parcours chose is shown once, in the message, and kept nowhere. */
  async function changeUser(button, user, path, method, body, done) {
    setBusy(button, true);
    fill($('users-message'));
    try {
      const { data } = await api(path, { method, body });
      fill($('users-message'), passwordNotice(done, data && data.password, user.username));
      loadUsers();
      loadUserChanges();
    } catch (e) {
      fill($('users-message'), problemView(e, { title: `${user.username} was not changed` }));
    } finally {
      setBusy(button, false);
    }
  }

  function passwordNotice(message, password, username) {
    const box = h('div', { class: 'alert ok', role: 'status' }, h('strong', null, message));
    if (password) {
      const copy = h('button', { type: 'button', class: 'button small' }, 'Copy the password');
      copy.addEventListener('click', (e) => copyText(password, e.currentTarget));
      box.append(
        h('p', null, `The password of ${username}, shown this once: `, h('code', { class: 'secret' }, password)),
        h('div', { class: 'alert-actions' }, copy));
    }
    return box;
  }

  async function onUserCreate(event) {
    event.preventDefault();
    ['user-username', 'user-roles', 'user-password'].forEach(clearFieldError);
    fill($('user-form-message'));
    const username = $('user-username').value.trim();
    const displayName = $('user-display-name').value.trim();
    const password = $('user-password').value;
    const roles = Array.from($('user-role-choices').querySelectorAll('input:checked'), (i) => i.value);
    let first = null;
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(username)) {
      setFieldError('user-username', 'Use lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.');
      first = first || $('user-username');
    }
    if (!roles.length) {
      setFieldError('user-roles', 'Choose at least one role.');
      first = first || $('user-role-choices').querySelector('input');
    }
    if (password && password.length < 12) {
      setFieldError('user-password', 'Use 12 characters or more, or leave it empty and Parcours chooses one.');
      first = first || $('user-password');
    }
    if (first) { first.focus(); return; }
    const body = { username, roles };
    if (displayName) body.displayName = displayName;
    if (password) body.password = password;
    const button = $('user-create');
    setBusy(button, true);
    try {
      const { data } = await api('users', { method: 'POST', body });
      $('user-form').reset();
      fill($('user-form-message'), passwordNotice(`${username} can sign in now.`, data && data.password, username));
      loadUsers();
      loadUserChanges();
    } catch (e) {
      for (const fe of e.fieldErrors || []) {
        const id = fe.field === 'username' ? 'user-username' : fe.field.startsWith('roles') ? 'user-roles'
          : fe.field === 'password' ? 'user-password' : null;
        if (id) setFieldError(id, sentence(fieldErrorText(fe)));
      }
      fill($('user-form-message'), problemView(e, { title: 'The user was not created' }));
    } finally {
      setBusy(button, false);
    }
  }

  async function loadUserChanges() {
    const u = state.users;
    const seq = ++u.changesSeq;
    const out = $('user-changes-output');
    out.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api('user-changes?limit=100');
      if (seq !== u.changesSeq) return;
      const rows = Array.isArray(data) ? data : [];
      if (!rows.length) { fill(out, h('p', { class: 'muted' }, 'No change to users yet.')); return; }
      fill(out,
        h('div', { class: 'table-wrap changes-wrap', tabindex: '0', role: 'region', 'aria-label': 'Changes to users, newest first' },
          h('table', { class: 'compact changes-table' },
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'What'),
              h('th', { scope: 'col' }, 'User'), h('th', { scope: 'col' }, 'Details'))),
            h('tbody', null, rows.map((c) => h('tr', null,
              h('td', { class: 'nowrap' }, timeElShort(c.changedAt)),
              h('td', null, c.changedBy || DASH),
              h('td', null, h('span', { class: 'chip' }, USER_CHANGE_KINDS[c.kind] || c.kind)),
              h('td', null, c.username),
              h('td', null, userChangeDetails(c))))))));
    } catch (e) {
      if (seq !== u.changesSeq) return;
      fill(out, problemView(e, { title: 'The changes to users could not be loaded', retry: loadUserChanges }));
    } finally {
      if (seq === u.changesSeq) out.removeAttribute('aria-busy');
    }
  }

  function userChangeDetails(c) {
    let d = null;
    try { d = c.details ? JSON.parse(c.details) : null; } catch (e) { d = null; }
    if (!d) return DASH;
    if (Array.isArray(d.from) && Array.isArray(d.to)) return `${d.from.join(', ') || 'none'} \u2192 ${d.to.join(', ') || 'none'}`;
    if (Array.isArray(d.roles)) return `roles ${d.roles.join(', ')}`;
    return DASH;
  }

  // ------------------------------------------------------------------------------------------------
  // Tabs and routing (#decide, #decide/<customer id>, #explain, #explain/<decision id>, #models, #models/<model id>, #rules,
  // #rules/<version>, #rules/new, #journeys, #actions, #actions/<version>, #users)

  function visibleTabs() {
    return Array.from(document.querySelectorAll('#tabs [role="tab"]')).filter((t) => !t.hidden);
  }

  function route({ focusPanel } = {}) {
    if (!state.auth) return;
    const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
    const arg = rest.length ? decodeURIComponent(rest.join('/')) : '';
    const names = visibleTabs().map((t) => t.dataset.tab);
    const tab = names.includes(name) ? name : names[0];
    activateTab(tab, { focusPanel });
    if (tab === 'explain' && arg && arg !== state.explainShown) {
      $('explain-id').value = arg;
      explain(arg);
    }
    if (tab === 'decide' && arg && arg !== state.selectedCustomer) selectCustomer(arg, { focusForm: true });
    if (tab === 'models') showModels(arg);
    if (tab === 'rules') showRules(arg);
    if (tab === 'actions') showActions(arg);
  }

  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  function activateTab(name, { focusTab, focusPanel } = {}) {
    for (const tab of document.querySelectorAll('#tabs [role="tab"]')) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $(tab.getAttribute('aria-controls')).hidden = !selected;
      if (selected && focusTab) tab.focus();
    }
    const first = state.activeTab !== name;
    state.activeTab = name;
    document.title = `${capitalise(name)} \u00b7 Parcours console`;
    if (focusPanel) $(`panel-${name}`).focus({ preventScroll: true });
    if (first) onTabShown(name);
  }

  function onTabShown(name) {
    if (name === 'decide' && !state.customers.loaded) loadCustomers();
    if (name === 'rules' && !state.rules.loaded) {
      state.rules.loaded = true;
      loadStats();
      if (state.auth.can.ruleChanges) loadChanges();
    }
    if (name === 'journeys') renderJourneysTab(true); // the customer counts move with every decision
    if (name === 'users') {
      loadUsers();
      loadUserChanges();
    }
    if (name === 'models') {
      // The models learn from every response: read them again whenever the tab is shown.
      loadModels();
      state.models.stale = true;
    }
  }

  function onTabKeydown(event) {
    const tabs = visibleTabs();
    const i = tabs.indexOf(event.target);
    if (i < 0) return;
    let next = null;
    if (event.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
    else if (event.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (event.key === 'Home') next = tabs[0];
    else if (event.key === 'End') next = tabs[tabs.length - 1];
    if (!next) return;
    event.preventDefault();
    next.focus();
    go('#' + next.dataset.tab);
  }

  // ------------------------------------------------------------------------------------------------
  // Decide: customers

  async function loadCustomers() {
    const c = state.customers;
    const seq = ++c.seq;
    const slot = $('customer-list');
    slot.setAttribute('aria-busy', 'true');
    if (!c.rows.length) fill(slot, h('li', { class: 'loading' }, 'Loading customers\u2026'));
    updatePager(true);
    try {
      const { data } = await api(`customers?limit=${c.limit}&offset=${c.offset}`);
      if (seq !== c.seq) return;
      c.total = data.total;
      c.rows = data.customers || [];
      c.loaded = true;
      c.rows.forEach((r) => state.customerNames.set(r.customerId, r.name));
      renderCustomerList();
    } catch (e) {
      if (seq !== c.seq) return;
      c.rows = [];
      fill(slot, h('li', null, problemView(e, { title: 'The customers could not be loaded', retry: loadCustomers })));
    } finally {
      if (seq === c.seq) {
        slot.removeAttribute('aria-busy');
        updatePager(false);
      }
    }
  }

  function renderCustomerList() {
    const c = state.customers;
    const list = $('customer-list');
    const query = $('customer-filter').value.trim().toLowerCase();
    const rows = query
      ? c.rows.filter((r) => [r.customerId, r.name, r.segment].some((v) => v && String(v).toLowerCase().includes(query)))
      : c.rows;
    if (!rows.length) {
      const typed = $('customer-filter').value.trim();
      fill(list, h('li', { class: 'empty' },
        c.rows.length ? `No customer on this page matches \u201c${typed}\u201d.` : 'There are no customers yet.',
        typed && !/\s/.test(typed)
          ? h('div', null, h('button', {
            type: 'button', class: 'button small', style: 'display:inline-flex;width:auto;margin-top:8px',
            onclick: () => selectCustomer(typed, { focusForm: true }),
          }, `Use \u201c${typed}\u201d as customer id`))
          : null));
      return;
    }
    fill(list, rows.map((r) => h('li', null,
      h('button', {
        type: 'button',
        'aria-pressed': String(r.customerId === state.selectedCustomer),
        dataset: { id: r.customerId },
        onclick: () => selectCustomer(r.customerId),
      },
      h('span', { class: 'c-name' }, r.name || r.customerId),
      h('span', { class: 'chip' }, r.segment || DASH),
      h('span', { class: 'c-id' }, r.customerId)))));
  }

  function updatePager(loading) {
    const c = state.customers;
    const lastOffset = c.total > 0 ? Math.floor((c.total - 1) / c.limit) * c.limit : 0;
    $('customer-first').disabled = loading || c.offset <= 0;
    $('customer-prev').disabled = loading || c.offset <= 0;
    $('customer-next').disabled = loading || c.offset >= lastOffset;
    $('customer-last').disabled = loading || c.offset >= lastOffset;
    const range = $('customer-range');
    if (!c.loaded) { range.textContent = loading ? 'Loading\u2026' : ''; return; }
    range.textContent = c.total === 0
      ? 'No customers'
      : `${int(c.offset + 1)}\u2013${int(Math.min(c.offset + c.limit, c.total))} of ${int(c.total)}`;
  }

  function pageTo(offset) {
    const c = state.customers;
    const lastOffset = c.total > 0 ? Math.floor((c.total - 1) / c.limit) * c.limit : 0;
    c.offset = Math.max(0, Math.min(offset, lastOffset));
    loadCustomers();
  }

  function onCustomerListKeydown(event) {
    arrowNav(event, Array.from($('customer-list').querySelectorAll('button[data-id]')));
  }

  function markSelectedCustomer() {
    for (const b of $('customer-list').querySelectorAll('button[data-id]')) {
      b.setAttribute('aria-pressed', String(b.dataset.id === state.selectedCustomer));
    }
  }

  function selectCustomer(id, { focusForm } = {}) {
    const input = $('decide-customer');
    input.value = id;
    clearFieldError('decide-customer');
    state.selectedCustomer = id;
    markSelectedCustomer();
    loadProfile(id);
    if (focusForm) input.focus();
  }

  // ------------------------------------------------------------------------------------------------
  // Decide: profile

  const PROFILE_FIELDS = [
    ['customerId', 'Customer id', (v) => h('span', { class: 'mono' }, v)],
    ['name', 'Name'],
    ['age', 'Age', (v) => (isNum(v) ? `${int(v)} years` : DASH)],
    ['region', 'Region'],
    ['segment', 'Segment', (v) => h('span', { class: 'chip primary' }, v)],
    ['tenureMonths', 'Customer for', tenure],
    ['products', 'Products', (v) => chipList(v, (p) => p, 'None')],
    ['balance', 'Balance', money],
    ['monthlyIncome', 'Monthly income', money],
    ['churnRisk', 'Churn risk', (v) => (isNum(v) && v >= 0.6 ? h('span', { class: 'chip warn' }, pct(v)) : pct(v))],
    ['missedPayments', 'Missed payments (90 days)', (v) => (isNum(v) && v > 0 ? h('span', { class: 'chip warn' }, int(v)) : int(v))],
    ['openComplaint', 'Open complaint', (v) => (v ? h('span', { class: 'chip danger' }, 'Yes') : 'No')],
    ['travellingAbroad', 'Travelling abroad', (v) => (v ? h('span', { class: 'chip primary' }, 'Yes') : 'No')],
    ['consents', 'Consents', consentGrid],
    ['timeZone', 'Time zone'],
    ['updatedAt', 'Profile updated', timeEl],
  ];

  function chipList(values, label, none) {
    if (!Array.isArray(values) || !values.length) return h('span', { class: 'muted' }, none);
    return h('span', { class: 'chips' }, values.map((v) => h('span', { class: 'chip' }, label(v))));
  }

  /**
   * Consents as a channel \u00d7 purpose grid of ticks. The profile gives them as codes such as
   * sms:marketing, the audit record as { channel: 'SMS', purpose: 'MARKETING' }; an older record may
   * name channels only, shown then as chips.
   */
  function consentGrid(list) {
    if (!Array.isArray(list) || !list.length) return h('span', { class: 'muted' }, 'None');
    const codes = list.map((c) => (c && typeof c === 'object' && c.channel && c.purpose
      ? `${String(c.channel).toLowerCase().replace(/_/g, '-')}:${String(c.purpose).toLowerCase()}`
      : c));
    const pairs = codes.map((c) => String(c).split(':'));
    if (pairs.some((p) => p.length !== 2)) return chipList(codes, (c) => (String(c).includes(':') ? c : channelName(c)), 'None');
    const given = new Set(codes.map((c) => String(c).toLowerCase()));
    const channels = [...Object.keys(CHANNEL_NAMES), ...pairs.map((p) => p[0]).filter((c) => !(c in CHANNEL_NAMES))]
      .filter((c, i, all) => all.indexOf(c) === i);
    const purposes = [...PURPOSES, ...pairs.map((p) => p[1]).filter((x) => !PURPOSES.includes(x))]
      .filter((x, i, all) => all.indexOf(x) === i);
    return h('table', { class: 'consent-grid' },
      h('caption', { class: 'sr-only' }, 'Consents: may the customer be contacted on this channel for this purpose'),
      h('thead', null, h('tr', null, h('td', null), purposes.map((x) => h('th', { scope: 'col' }, capitalise(x))))),
      h('tbody', null, channels.map((c) => h('tr', null,
        h('th', { scope: 'row' }, channelName(c)),
        purposes.map((x) => (given.has(`${c}:${x}`)
          ? h('td', { class: 'yes' }, h('span', { 'aria-hidden': 'true' }, '\u2713'), h('span', { class: 'sr-only' }, 'Yes'))
          : h('td', { class: 'no' }, h('span', { 'aria-hidden': 'true' }, '\u00b7'), h('span', { class: 'sr-only' }, 'No'))))))));
  }

  function plainValue(v) {
    if (v === null || v === undefined || v === '') return DASH;
    if (typeof v === 'boolean') return v ? 'Yes' : 'No';
    if (typeof v === 'number') return number(v);
    if (Array.isArray(v)) return chipList(v, String, 'None');
    if (typeof v === 'object') return h('span', { class: 'mono' }, JSON.stringify(v));
    return String(v);
  }

  /** A profile as a definition list; known fields formatted, unknown ones shown plainly. */
  function profileFacts(profile, skip = []) {
    const dl = h('dl', { class: 'facts' });
    const seen = new Set(skip);
    for (const [key, label, format] of PROFILE_FIELDS) {
      if (seen.has(key) || !(key in profile)) { seen.add(key); continue; }
      seen.add(key);
      const v = profile[key];
      // The consent grid takes the card's whole width, under its label.
      const wide = key === 'consents' && Array.isArray(v) && v.length > 0;
      dl.append(h('dt', { class: wide ? 'full' : null }, label),
        h('dd', { class: wide ? 'full' : null }, v === null || v === undefined ? DASH : format ? format(v) : plainValue(v)));
    }
    for (const [key, v] of Object.entries(profile)) {
      if (seen.has(key)) continue;
      dl.append(h('dt', null, key), h('dd', null, plainValue(v)));
    }
    return dl;
  }

  /** A subsection listing name → value pairs (derived features, custom attributes) by name. */
  function namedValues(title, values, none) {
    const entries = values && typeof values === 'object' ? Object.entries(values) : [];
    return h('div', { class: 'subsection' }, h('h3', null, title),
      entries.length
        ? h('dl', { class: 'facts' }, entries.flatMap(([k, v]) => [h('dt', { class: 'mono' }, k), h('dd', null, plainValue(v))]))
        : h('p', { class: 'muted' }, none));
  }

  async function loadProfile(id) {
    const body = $('profile-body');
    const seq = ++state.profileSeq;
    body.setAttribute('aria-busy', 'true');
    fill(body, h('p', { class: 'loading' }, `Loading the profile of ${id}\u2026`));
    try {
      const { data } = await api('customers/' + encodeURIComponent(id));
      if (seq !== state.profileSeq) return;
      state.profile = data;
      state.customerNames.set(data.customerId, data.name);
      renderProfile(data);
    } catch (e) {
      if (seq !== state.profileSeq) return;
      state.profile = null;
      fill(body, problemView(e, { title: e.status === 404 ? `No customer ${id}` : 'The profile could not be loaded' }));
    } finally {
      if (seq === state.profileSeq) body.removeAttribute('aria-busy');
    }
  }

  function renderProfile(p) {
    fill($('profile-body'),
      h('div', { class: 'profile-head' },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(p.name, p.customerId)),
        h('div', null,
          h('div', { class: 'profile-name' }, p.name || p.customerId),
          h('div', { class: 'cell-sub' }, h('span', { class: 'mono' }, p.customerId), p.segment ? ` \u00b7 ${p.segment}` : ''))),
      profileFacts(p, ['customerId', 'name', 'derivedFeatures', 'attributes']),
      namedValues('Derived features, now', p.derivedFeatures, 'No derived feature is declared.'),
      namedValues('Attributes', p.attributes, 'No custom attribute.'),
      state.auth.can.customerJourneys
        ? h('div', { class: 'subsection profile-journeys', id: 'profile-journeys' }, h('h3', null, 'Journeys'), h('div', { id: 'customer-journeys' }))
        : null,
      state.auth.can.identities
        ? h('div', { class: 'subsection', id: 'profile-identities' }, h('h3', null, 'Identities'), h('div', { id: 'customer-identities' }))
        : null,
      state.auth.can.erase
        ? h('div', { class: 'subsection' }, h('h3', null, 'Right to erasure'),
          h('p', { class: 'hint' }, 'Erasing deletes the profile, its identifiers and the keys of its audit records’ personal inputs; the history stays under a pseudonym and the audit records still explain the decisions.'),
          h('div', { class: 'message-slot', id: 'erase-message', 'aria-live': 'polite' }),
          h('button', { type: 'button', class: 'button danger', id: 'erase-customer', onclick: () => eraseCustomer(p) }, 'Erase this customer…'))
        : null);
    if (state.auth.can.customerJourneys) loadCustomerJourneys(p.customerId);
    if (state.auth.can.identities) loadIdentities(p.customerId);
  }

  /** The identifiers of a profile, whether it is anonymous, and the profiles merged into it. */
  async function loadIdentities(id) {
    const slot = $('customer-identities');
    if (!slot) return;
    fill(slot, h('p', { class: 'loading' }, 'Loading the identities\u2026'));
    try {
      const { data } = await api('customers/' + encodeURIComponent(id) + '/identities');
      if (!$('customer-identities') || !state.profile || state.profile.customerId !== id) return;
      fill(slot,
        data.anonymous ? h('p', null, h('span', { class: 'chip warn' }, 'Anonymous'), ' known by the identifiers below only') : null,
        data.identities.length
          ? h('ul', { class: 'plain-list' }, data.identities.map((i) => h('li', null,
            h('span', { class: 'chip' }, i.type), ' ', h('span', { class: 'mono' }, i.value),
            h('span', { class: 'cell-sub' }, ` \u00b7 linked ${when(i.linkedAt)} from ${i.source}`))))
          : h('p', { class: 'muted' }, 'No identifier besides the customer number.'),
        data.merges.length
          ? h('div', null, h('h4', null, 'Profiles merged into this one'),
            h('ul', { class: 'plain-list' }, data.merges.map((m) => h('li', null,
              h('span', { class: 'mono' }, m.absorbedId), h('span', { class: 'cell-sub' }, ` \u00b7 ${when(m.mergedAt)} \u00b7 ${m.cause}`)))))
          : null);
    } catch (e) {
      fill(slot, problemView(e, { title: 'The identities could not be loaded' }));
    }
  }

  /** Erases a customer after asking why (DELETE /api/v1/customers/{id}?reason=…). */
  async function eraseCustomer(p) {
    const answer = await confirmDialog({
      title: `Erase ${p.name || p.customerId}?`,
      body: h('p', null, `The profile of ${p.customerId}, its identifiers and the keys of its audit records go now and cannot be brought back. The history stays, pseudonymised; the audit chain stays intact.`),
      comment: { label: 'Why? (kept with the erasure)', placeholder: 'e.g. customer request 2026-118', missing: 'Say why: the reason is kept in the record of erasures.' },
      confirm: 'Erase',
      danger: true,
    });
    if (answer === null) return;
    const slot = $('erase-message');
    const button = $('erase-customer');
    setBusy(button, true);
    try {
      const { data } = await api('customers/' + encodeURIComponent(p.customerId) + '?reason=' + encodeURIComponent(answer.comment), { method: 'DELETE' });
      const rows = Object.entries(data.rows || {}).filter(([, n]) => n > 0);
      state.profile = null;
      state.selectedCustomer = null;
      fill($('profile-body'), h('div', { class: 'alert ok', role: 'status' },
        h('strong', null, `${p.customerId} was erased`),
        h('p', null, `Erasure #${data.erasureId} on ${when(data.erasedAt)}. The history now carries the pseudonym `, h('span', { class: 'mono' }, data.pseudonym), '.'),
        rows.length ? h('ul', { class: 'plain-list' }, rows.map(([t, n]) => h('li', null, h('span', { class: 'mono' }, t), `: ${int(n)}`))) : null));
      announce(`${p.customerId} was erased.`);
      loadCustomers();
    } catch (e) {
      if (slot) fill(slot, problemView(e, { title: 'The customer was not erased' }));
    } finally {
      if (button && button.isConnected) setBusy(button, false);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Decide: request form

  function contextRow(key = '', value = '') {
    const n = $('context-rows').children.length + 1;
    const keyInput = h('input', { type: 'text', class: 'context-key', list: 'context-keys', value: key, placeholder: 'name, e.g. intent', 'aria-label': `Context name ${n}`, autocomplete: 'off', spellcheck: 'false', maxlength: 100 });
    const valueInput = h('input', { type: 'text', class: 'context-value', value, placeholder: 'value, e.g. travel', 'aria-label': `Context value ${n}`, autocomplete: 'off', spellcheck: 'false', maxlength: 500 });
    const suggest = () => {
      const k = keyInput.value.trim();
      const list = k === 'intent' ? 'context-values-intent' : k === 'step' ? 'context-values-step' : null;
      if (list) valueInput.setAttribute('list', list);
      else valueInput.removeAttribute('list');
    };
    keyInput.addEventListener('input', suggest);
    suggest();
    const row = h('div', { class: 'context-row' }, keyInput, valueInput,
      h('button', {
        type: 'button', class: 'button ghost small', 'aria-label': `Remove context value ${n}`, title: 'Remove',
        onclick: () => {
          row.remove();
          if (!$('context-rows').children.length) $('context-rows').append(contextRow());
          renumberContextRows();
          const last = $('context-rows').lastElementChild;
          if (last) last.querySelector('input').focus();
        },
      }, '\u2715'));
    return row;
  }

  function renumberContextRows() {
    Array.from($('context-rows').children).forEach((row, i) => {
      const [k, v] = row.querySelectorAll('input');
      k.setAttribute('aria-label', `Context name ${i + 1}`);
      v.setAttribute('aria-label', `Context value ${i + 1}`);
      row.querySelector('button').setAttribute('aria-label', `Remove context value ${i + 1}`);
    });
  }

  function resetContextRows() {
    fill($('context-rows'), contextRow());
  }

  function setFieldError(id, message) {
    const input = $(id);
    const slot = $(id + '-error');
    if (input && input.tagName !== 'FIELDSET') input.setAttribute('aria-invalid', 'true');
    if (slot) { slot.textContent = message; slot.hidden = false; }
  }

  function clearFieldError(id) {
    const input = $(id);
    const slot = $(id + '-error');
    if (input) input.removeAttribute('aria-invalid');
    if (slot) { slot.textContent = ''; slot.hidden = true; }
  }

  function clearDecideErrors() {
    ['decide-customer', 'decide-channel', 'decide-limit', 'decide-direction', 'decide-context'].forEach(clearFieldError);
    for (const i of $('context-rows').querySelectorAll('input')) i.removeAttribute('aria-invalid');
    fill($('decide-error'));
  }

  /** Reads the form; returns { body } or { errors: [[fieldId, message, element]] }. */
  function readDecideForm() {
    const errors = [];
    const customerId = $('decide-customer').value.trim();
    if (!customerId) errors.push(['decide-customer', 'Enter a customer id, or pick a customer from the list.']);
    const limitText = $('decide-limit').value.trim();
    let limit = 3;
    if (limitText !== '') {
      limit = Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 20) {
        errors.push(['decide-limit', 'The limit must be a whole number from 1 to 20.']);
      }
    }
    const context = {};
    let contextError = null;
    let count = 0;
    for (const row of $('context-rows').children) {
      const [k, v] = row.querySelectorAll('input');
      const key = k.value.trim();
      const value = v.value;
      if (!key && !value.trim()) continue;
      if (!key) { contextError = contextError || ['decide-context', 'Give every context value a name.', k]; k.setAttribute('aria-invalid', 'true'); continue; }
      if (Object.prototype.hasOwnProperty.call(context, key)) {
        contextError = contextError || ['decide-context', `The context name \u201c${key}\u201d is used twice.`, k];
        k.setAttribute('aria-invalid', 'true');
        continue;
      }
      context[key] = value;
      count += 1;
    }
    if (count > MAX_CONTEXT) contextError = contextError || ['decide-context', `At most ${MAX_CONTEXT} context values.`];
    if (contextError) errors.push(contextError);
    if (errors.length) return { errors };
    const direction = document.querySelector('input[name="direction"]:checked');
    const body = {
      customerId,
      channel: $('decide-channel').value,
      direction: direction ? direction.value : 'inbound',
      limit,
    };
    if (count) body.context = context;
    return { body };
  }

  function fieldIdFor(field) {
    if (field === 'customerId') return 'decide-customer';
    if (field === 'channel') return 'decide-channel';
    if (field === 'direction') return 'decide-direction';
    if (field === 'limit') return 'decide-limit';
    if (field === 'context' || /^context\./.test(field)) return 'decide-context';
    return null;
  }

  async function onDecideSubmit(event) {
    event.preventDefault();
    clearDecideErrors();
    const { body, errors } = readDecideForm();
    if (errors) {
      errors.forEach(([id, msg]) => setFieldError(id, msg));
      const [id, , el] = errors[0];
      (el || $(id === 'decide-context' ? 'context-add' : id)).focus();
      announce('The decision request has ' + plural(errors.length, 'problem'));
      return;
    }
    const button = $('decide-submit');
    setBusy(button, true);
    fill($('decision-output'));
    try {
      const { data } = await api('decisions', { method: 'POST', body });
      renderDecision(data);
      rememberDecision(data);
      if (state.selectedCustomer !== data.customerId || !state.profile || state.profile.customerId !== data.customerId) {
        state.selectedCustomer = data.customerId;
        markSelectedCustomer();
        loadProfile(data.customerId);
      } else if (state.auth.can.customerJourneys) {
        // The decision may have moved the customer to another stage.
        loadCustomerJourneys(data.customerId);
      }
      const n = (data.actions || []).length;
      announce(data.doNothing || !n ? 'Decision made: do nothing.' : `Decision made: ${plural(n, 'action')} ranked.`);
      $('decision-output').scrollIntoView({ behavior: 'smooth', block: 'start' });
    } catch (e) {
      e.fieldErrors.forEach((fe) => {
        const id = fieldIdFor(fe.field);
        if (id) setFieldError(id, sentence(fieldErrorText(fe)));
      });
      if (e.status === 404 && /customer/i.test(e.title + ' ' + e.detail)) setFieldError('decide-customer', sentence(e.detail || e.title));
      fill($('decide-error'), problemView(e, { title: 'No decision' }));
    } finally {
      setBusy(button, false);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Decide: the decision

  function rememberDecision(d) {
    state.recent = [d, ...state.recent.filter((r) => r.decisionId !== d.decisionId)].slice(0, MAX_RECENT);
    renderRecent();
  }

  function renderDecision(d) {
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

  function stagesView(stages) {
    if (!stages.length) return h('p', { class: 'muted' }, 'The customer is in no journey now.');
    return h('div', { class: 'stages' }, stages.map(([journey, stage]) =>
      h('div', { class: 'stage' }, h('div', { class: 'journey' }, journey), h('div', { class: 'stage-name' }, stage))));
  }

  function exclusionsTable(excluded) {
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
      const buttons = OUTCOMES.map((o) => h('button', {
        type: 'button', class: 'button small outcome',
        'aria-label': `${o.label}: record that the customer ${o.code === 'ignored' ? 'ignored' : o.code} ${p.name || p.actionId}`,
      }, o.label));
      const ctx = { decisionId: d.decisionId, actionId: p.actionId, name: p.name, status, buttons };
      buttons.forEach((b, i) => b.addEventListener('click', () => sendResponse(ctx, OUTCOMES[i].code)));
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
  function treatmentView(t) {
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

  function leverView(lever) {
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

  async function copyText(text, button) {
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        ok = true;
      }
    } catch (e) { ok = false; }
    if (!ok) {
      const area = h('textarea', { 'aria-hidden': 'true', style: 'position:fixed;opacity:0;top:0;left:0' });
      area.value = text;
      document.body.append(area);
      area.select();
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      area.remove();
    }
    const original = button.textContent;
    button.textContent = ok ? 'Copied' : 'Copy failed';
    announce(ok ? 'Copied to the clipboard.' : 'The browser did not allow copying.');
    window.setTimeout(() => { button.textContent = original; }, 1600);
  }

  // ------------------------------------------------------------------------------------------------
  // Explain

  function renderRecent() {
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

  function onExplainSubmit(event) {
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

  async function explain(id) {
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

  function downloadJson(filename, value) {
    downloadBlob(filename, new Blob([JSON.stringify(value, null, 2) + '\n'], { type: 'application/json' }));
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
  function modelLink(modelId) {
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

  async function verifyChain() {
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

  // ------------------------------------------------------------------------------------------------
  // Rules: shared pieces

  const ACCEPTED_TYPES = ['.drl', '.xlsx', '.xls', '.csv', '.scenarios'];
  const MAX_FILE_BYTES = 5 * 1024 * 1024;
  const CHANGES_PAGE = 25;
  // What each file of the rule set shipped with Parcours decides (docs/rule-authoring.md).
  const FILE_PURPOSES = {
    'journey-stages.drl': 'The customer\u2019s stage in each journey',
    'eligibility.drl': 'May the action be offered at all',
    'applicability.drl': 'Does it apply now',
    'suitability.drl': 'Is it good for this customer',
    'context-weights.drl': 'How relevant an allowed action is now',
    'contact-policy.xlsx': 'Caps, suppression and pauses',
    'quiet-hours.csv': 'When no outbound contact is made',
    'demo-brand.scenarios': 'Business scenarios the rule set must pass',
  };
  const CHANGE_KINDS = {
    uploaded: ['Uploaded', 'primary'],
    refused: ['Refused', 'danger'],
    activated: ['Activated', 'ok'],
    'rolled-back': ['Rolled back', 'warn'],
    approved: ['Approved', 'ok'],
    rejected: ['Rejected', 'danger'],
  };

  const enc = encodeURIComponent;

  function extension(name) {
    const m = /\.[^.]+$/.exec(String(name).toLowerCase());
    return m ? m[0] : '';
  }

  const isWorkbook = (name) => ['.xlsx', '.xls'].includes(extension(name));

  function fileType(name) {
    switch (extension(name)) {
      case '.drl': return 'Rules (DRL)';
      case '.xlsx': case '.xls': return 'Decision table (Excel)';
      case '.csv': return 'Decision table (CSV)';
      case '.scenarios': return 'Scenarios';
      default: return 'Not a rule file';
    }
  }

  function size(bytes) {
    if (!isNum(bytes)) return DASH;
    if (bytes < 1024) return plural(bytes, 'byte');
    if (bytes < 1024 * 1024) return `${fmt.upTo2.format(bytes / 1024)} KB`;
    return `${fmt.upTo2.format(bytes / (1024 * 1024))} MB`;
  }

  /** "Version 7"; a version that is not a number is quoted. */
  function versionLabel(v) {
    if (v === null || v === undefined || v === '') return 'Version ' + DASH;
    return /^\d+$/.test(String(v)) ? `Version ${v}` : `Version \u201c${v}\u201d`;
  }

  const versionWord = (v) => versionLabel(v).replace(/^V/, 'v');

  function versionLink(v) {
    return h('a', { href: '#rules/' + enc(v), class: 'mono' }, v);
  }

  function activeVersion() {
    const a = (state.rules.versions || []).find((v) => v.active);
    return a ? a.version : null;
  }

  function toBase64(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return window.btoa(binary);
  }

  function fromBase64(text) {
    const binary = window.atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  const utf8 = new TextDecoder('utf-8');
  const utf8Length = (text) => new TextEncoder().encode(text).length;
  const sameLines = (a, b) => a !== null && b !== null && a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');

  function downloadBlob(filename, blob) {
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: filename, style: 'display:none' });
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    announce(`Downloading ${filename}.`);
  }

  function mimeOf(name) {
    return isWorkbook(name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/plain;charset=utf-8';
  }

  /** Moves focus up and down a list of buttons with the arrow, Home and End keys. */
  function arrowNav(event, buttons) {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
    const i = buttons.indexOf(document.activeElement);
    if (i < 0 || !buttons.length) return;
    event.preventDefault();
    let j = i;
    if (event.key === 'ArrowDown') j = Math.min(i + 1, buttons.length - 1);
    if (event.key === 'ArrowUp') j = Math.max(i - 1, 0);
    if (event.key === 'Home') j = 0;
    if (event.key === 'End') j = buttons.length - 1;
    buttons[j].focus();
  }

  /**
   * A modal dialog asking to confirm; with `comment`, it also asks why. Resolves to { comment } when
   * confirmed, null when cancelled (Cancel, Escape, or the dialog closed by signing out).
   */
  function confirmDialog({ title, body, confirm, danger, comment }) {
    const dialog = $('confirm-dialog');
    const form = $('confirm-form');
    const input = $('confirm-comment');
    const ok = $('confirm-ok');
    const cancel = $('confirm-cancel');
    const opener = document.activeElement;
    if (dialog.open) dialog.close();
    fill($('confirm-title'), title);
    fill($('confirm-body'), body);
    $('confirm-comment-field').hidden = !comment;
    input.value = '';
    clearFieldError('confirm-comment');
    if (comment) {
      $('confirm-comment-label').textContent = comment.label || 'Comment';
      input.placeholder = comment.placeholder || '';
    }
    ok.textContent = confirm || 'OK';
    ok.className = 'button ' + (danger ? 'danger' : 'primary');
    return new Promise((resolve) => {
      let done = false;
      const finish = (value) => {
        if (done) return;
        done = true;
        form.removeEventListener('submit', onSubmit);
        cancel.removeEventListener('click', onCancel);
        dialog.removeEventListener('close', onCancel);
        if (dialog.open) dialog.close();
        if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
        resolve(value);
      };
      const onSubmit = (e) => {
        e.preventDefault();
        if (!comment) { finish({}); return; }
        const text = input.value.trim();
        if (!text) {
          setFieldError('confirm-comment', comment.missing || 'Say why: the comment is kept in the audit of rule changes.');
          input.focus();
          return;
        }
        finish({ comment: text });
      };
      const onCancel = () => finish(null);
      form.addEventListener('submit', onSubmit);
      cancel.addEventListener('click', onCancel);
      dialog.addEventListener('close', onCancel);
      dialog.showModal();
      (comment ? input : cancel).focus();
    });
  }

  async function askComment({ label, placeholder, missing, ...rest }) {
    const answer = await confirmDialog({ ...rest, comment: { label: label || 'Why? (kept in the audit of rule changes)', placeholder, missing } });
    return answer ? answer.comment : null;
  }

  function scenariosChip(s) {
    const passed = s && isNum(s.passed) ? s.passed : 0;
    const failed = s && isNum(s.failed) ? s.failed : 0;
    const total = passed + failed;
    if (!total) return h('span', { class: 'chip', title: 'No scenario results are stored for this version' }, 'No scenario run');
    if (failed) return h('span', { class: 'chip danger' }, `${int(failed)} of ${plural(total, 'scenario')} fail`);
    return h('span', { class: 'chip ok' }, total === 1 ? 'The scenario passes' : `All ${int(total)} scenarios pass`);
  }

  function scenarioItem(x) {
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
  function scenarioResults(s) {
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
  function compilationList(problems, jump) {
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

  // ------------------------------------------------------------------------------------------------
  // Rules: versions and their detail

  /** Shows the rules tab for #rules (the version shown last, or the one in force), #rules/<version> or #rules/new. */
  async function showRules(arg) {
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
  function loadVersions() {
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

  function markSelectedVersion() {
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
  function simulationCard(d) {
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
    const channels = Object.entries(CHANNEL_NAMES).map(([code, label]) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'sim-channel', value: code, checked: true }), ` ${label}`));
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

  async function activateVersion(version, button, slot) {
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

  async function rollBack() {
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

  // -------- Comparing versions

  function compareCard(d) {
    const others = (state.rules.versions || []).filter((v) => v.version !== d.version);
    const out = h('div', { class: 'diff-output', id: 'diff-output' });
    const card = h('section', { class: 'card', 'aria-labelledby': 'compare-title' },
      h('div', { class: 'section-title' }, h('h2', { id: 'compare-title' }, 'Compare with\u2026'),
        h('span', { class: 'count' }, 'what changed from another version to this one')));
    if (!others.length) {
      card.append(h('p', { class: 'muted' }, 'There is no other version to compare with.'));
      return card;
    }
    const active = activeVersion();
    const preferred = !d.active && active ? active
      : d.basedOn && others.some((v) => v.version === d.basedOn) ? d.basedOn : others[0].version;
    const select = h('select', { id: 'compare-with' }, others.map((v) =>
      h('option', { value: v.version, selected: v.version === preferred ? true : null }, versionLabel(v.version) + (v.active ? ' (in force)' : ''))));
    const button = h('button', { type: 'submit', class: 'button primary', id: 'compare-submit' }, 'Show changes');
    const form = h('form', { class: 'inline-form compare-form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'compare-with' }, 'Compare with'), select),
      h('fieldset', { class: 'field segmented compact-seg' },
        h('legend', null, 'Show'),
        h('div', { class: 'segmented-options' },
          h('input', { type: 'radio', id: 'diff-per-file', name: 'diff-format', value: 'json', checked: true }),
          h('label', { for: 'diff-per-file' }, 'File by file'),
          h('input', { type: 'radio', id: 'diff-unified', name: 'diff-format', value: 'unified' }),
          h('label', { for: 'diff-unified' }, 'Unified diff'))),
      button);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const format = form.querySelector('input[name="diff-format"]:checked').value;
      compareVersions(d.version, select.value, format, out, button);
    });
    append(card, [form, out]);
    return card;
  }

  async function compareVersions(version, against, format, out, button) {
    setBusy(button, true);
    out.setAttribute('aria-busy', 'true');
    fill(out, h('p', { class: 'loading' }, `Comparing ${versionWord(against)} with ${versionWord(version)}\u2026`));
    const path = `rulesets/${enc(version)}/diff?against=${enc(against)}&format=`;
    const heading = h('p', { class: 'diff-heading' },
      'From ', h('b', null, versionWord(against)), ' to ', h('b', null, versionWord(version)), ': ',
      h('span', { class: 'diff-key del' }, '\u2212 removed'), ' ', h('span', { class: 'diff-key add' }, '+ added'),
      '. Workbooks are compared cell by cell.');
    const download = (text) => h('button', {
      type: 'button', class: 'button small',
      onclick: async (e) => {
        const b = e.currentTarget;
        try {
          setBusy(b, true);
          const body = text !== undefined ? text : await apiRaw(path + 'unified');
          downloadBlob(`rules-${against}-to-${version}.diff`, new Blob([body], { type: 'text/plain;charset=utf-8' }));
        } catch (err) {
          announce('The diff could not be downloaded. ' + problemLine(err));
        } finally {
          setBusy(b, false);
        }
      },
    }, 'Download as a .diff file');
    try {
      if (format === 'unified') {
        const text = await apiRaw(path + 'unified');
        fill(out, h('div', { class: 'diff-toolbar' }, heading, download(text)), unifiedView(text));
        announce(text ? 'The unified diff is shown.' : 'The two versions have the same files.');
      } else {
        const { data } = await api(path + 'json');
        const changed = (data.files || []).filter((f) => String(f.change).toLowerCase() !== 'unchanged');
        fill(out, h('div', { class: 'diff-toolbar' }, heading, download()),
          data.strategy
            ? h('section', { class: 'strategy-diff-block', 'aria-labelledby': 'strategy-diff-title' },
              h('h3', { id: 'strategy-diff-title' }, 'Actions, journeys and event types, field by field'),
              strategyDiffView(data.strategy))
            : null,
          h('h3', { class: 'files-diff-title' }, 'Files, line by line'),
          diffSummary(data), changed.map(diffFile));
        announce(changed.length ? `${plural(changed.length, 'file')} changed.` : 'The two versions have the same files.');
      }
    } catch (e) {
      fill(out, problemView(e, { title: 'The versions could not be compared' }));
    } finally {
      setBusy(button, false);
      out.removeAttribute('aria-busy');
    }
  }

  function lineCounts(f) {
    let added = 0;
    let removed = 0;
    for (const hunk of f.hunks || []) {
      for (const l of hunk.lines || []) {
        const k = String(l.kind).toLowerCase();
        if (k === 'added') added += 1;
        if (k === 'removed') removed += 1;
      }
    }
    return { added, removed };
  }

  function changeChip(change) {
    const c = String(change || '').toLowerCase();
    const cls = { added: 'ok', removed: 'danger', changed: 'primary' }[c] || '';
    return h('span', { class: 'chip ' + cls }, capitalise(c) || DASH);
  }

  function diffSummary(data) {
    const files = Array.isArray(data.files) ? data.files : [];
    const changed = files.filter((f) => String(f.change).toLowerCase() !== 'unchanged');
    const unchanged = files.filter((f) => String(f.change).toLowerCase() === 'unchanged');
    if (!changed.length) return h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'No difference'), h('p', null, 'The two versions have the same files, byte for byte.'));
    return h('div', { class: 'diff-summary' },
      h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
        h('caption', { class: 'sr-only' }, 'Files that changed'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Change'),
          h('th', { scope: 'col', class: 'num' }, 'Lines added'), h('th', { scope: 'col', class: 'num' }, 'Lines removed'))),
        h('tbody', null, changed.map((f) => {
          const n = lineCounts(f);
          return h('tr', null,
            h('th', { scope: 'row' }, h('button', {
              type: 'button', class: 'link-button mono',
              onclick: () => { const el = $(`diff-file-${f.name}`); if (el) { el.scrollIntoView({ block: 'start', behavior: 'smooth' }); el.focus({ preventScroll: true }); } },
            }, f.name)),
            h('td', null, changeChip(f.change)),
            h('td', { class: 'num add-count' }, '+' + int(n.added)),
            h('td', { class: 'num del-count' }, '\u2212' + int(n.removed)));
        })))),
      unchanged.length ? h('p', { class: 'hint' }, `Unchanged: ${unchanged.map((f) => f.name).join(', ')}.`) : null);
  }

  function diffFile(f) {
    const rows = [];
    for (const hunk of f.hunks || []) {
      rows.push(h('tr', { class: 'hunk' }, h('td', { colspan: '3' },
        `Lines ${int(hunk.oldStart)}\u2013${int(hunk.oldStart + Math.max(hunk.oldLines, 1) - 1)} before, ${int(hunk.newStart)}\u2013${int(hunk.newStart + Math.max(hunk.newLines, 1) - 1)} after`)));
      for (const l of hunk.lines || []) {
        const k = String(l.kind).toLowerCase();
        const cls = k === 'added' ? 'add' : k === 'removed' ? 'del' : 'ctx';
        rows.push(h('tr', { class: cls },
          h('td', { class: 'ln' }, l.oldNumber ? String(l.oldNumber) : ''),
          h('td', { class: 'ln' }, l.newNumber ? String(l.newNumber) : ''),
          h('td', { class: 'code' },
            h('span', { class: 'sign', 'aria-hidden': 'true' }, cls === 'add' ? '+' : cls === 'del' ? '\u2212' : ' '),
            cls !== 'ctx' ? h('span', { class: 'sr-only' }, cls === 'add' ? 'Added: ' : 'Removed: ') : null,
            l.text)));
      }
    }
    const titleId = `diff-file-title-${f.name}`;
    return h('section', { class: 'diff-file', id: `diff-file-${f.name}`, tabindex: '-1', 'aria-labelledby': titleId },
      h('h3', { id: titleId }, h('span', { class: 'mono' }, f.name), ' ', changeChip(f.change),
        isWorkbook(f.name) ? h('span', { class: 'muted' }, ' \u00b7 cell by cell (Sheet!Cell: value)') : null),
      rows.length
        ? h('div', { class: 'table-wrap diff-wrap', tabindex: '0', role: 'region', 'aria-label': `Changes to ${f.name}` },
          h('table', { class: 'diff' },
            h('thead', { class: 'sr-only' }, h('tr', null, h('th', { scope: 'col' }, 'Line before'), h('th', { scope: 'col' }, 'Line after'), h('th', { scope: 'col' }, 'Text'))),
            h('tbody', null, rows)))
        : h('p', { class: 'muted' }, 'No line differs.'));
  }

  function unifiedView(text) {
    if (!text) return h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'No difference'), h('p', null, 'The two versions have the same files, byte for byte.'));
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return h('div', { class: 'code-view diff-unified', tabindex: '0', role: 'region', 'aria-label': 'Unified diff' },
      h('pre', null, lines.map((l) => {
        const cls = /^(\+\+\+|---) /.test(l) ? 'file' : l.startsWith('@@') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : 'ctx';
        return h('span', { class: 'u-line ' + cls }, l, '\n');
      })));
  }

  // ------------------------------------------------------------------------------------------------
  // Rules: statistics and the audit of rule changes

  async function loadStats() {
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

  function renderStats() {
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

  async function loadChanges(more) {
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

  // ------------------------------------------------------------------------------------------------
  // Rules: the editor of a new version

  /*
   * A draft holds every file of the new version. Each file keeps the bytes it was read with (from the
   * base version or from disk) and, for a text file, its current text: a file left as it was is uploaded
   * byte for byte, an edited one as UTF-8 text.
   */

  function fileStatus(f) {
    if (f.baseRaw === null) return 'added';
    const sameBytes = f.raw === f.baseRaw;
    if (sameBytes && (f.text === null || f.text === f.rawText)) return 'unchanged';
    return f.fromDisk ? 'replaced' : 'edited';
  }

  function statusChip(status) {
    switch (status) {
      case 'edited': return h('span', { class: 'chip primary' }, 'Edited');
      case 'replaced': return h('span', { class: 'chip primary' }, 'Replaced');
      case 'added': return h('span', { class: 'chip ok' }, 'New');
      default: return null;
    }
  }

  function draftChanged(ed) {
    return ed.removed.length > 0 || ed.files.some((f) => fileStatus(f) !== 'unchanged');
  }

  function draftDirty(ed) {
    return !!ed && (draftChanged(ed) || ed.comment.value.trim() !== '');
  }

  function updateNewButton() {
    const b = $('rules-new');
    const r = state.rules;
    b.textContent = r.editor ? 'Back to the draft' : 'New version';
    b.setAttribute('aria-current', r.view === 'editor' ? 'page' : 'false');
  }

  async function startDraft(base) {
    const r = state.rules;
    if (r.editor && draftDirty(r.editor)) {
      const ok = await confirmDialog({
        title: 'Discard the draft?',
        body: h('p', null, `A new version based on ${versionWord(r.editor.base)} is in progress. Starting another discards its changes.`),
        confirm: 'Discard and start again',
        danger: true,
      });
      if (!ok) { go('#rules/new'); return; }
    }
    r.editor = newDraft(base || activeVersion());
    go('#rules/new');
  }

  async function discardDraft() {
    const r = state.rules;
    if (r.editor && draftDirty(r.editor)) {
      const ok = await confirmDialog({
        title: 'Discard the draft?',
        body: h('p', null, 'Your changes to the files and the comment are lost. Nothing was uploaded.'),
        confirm: 'Discard',
        danger: true,
      });
      if (!ok) return;
    }
    r.editor = null;
    r.view = null;
    updateNewButton();
    go(r.shown ? '#rules/' + enc(r.shown) : '#rules');
  }

  function showEditor() {
    const r = state.rules;
    if (!r.editor) r.editor = newDraft(activeVersion());
    r.view = 'editor';
    r.detailSeq += 1;
    markSelectedVersion();
    updateNewButton();
    fill($('rules-main'), r.editor.el);
    if (!r.editor.loaded && !r.editor.loading) loadDraftFiles(r.editor);
  }

  function newDraft(base) {
    const ed = { base, files: [], removed: [], selected: null, loaded: false, loading: false, errors: [], seq: 0, ta: null, gutter: null, gutterKey: '' };
    ed.status = h('div', { class: 'message-slot', 'aria-live': 'polite' });
    ed.fileList = h('ul', { class: 'editor-file-list', 'aria-labelledby': 'editor-files-title' });
    ed.removedSlot = h('div', { class: 'editor-removed' });
    ed.fileInput = h('input', { type: 'file', id: 'editor-upload', class: 'file-input', multiple: true, accept: ACCEPTED_TYPES.join(','), 'aria-describedby': 'editor-upload-hint' });
    ed.pane = h('div', { class: 'editor-pane' });
    ed.comment = h('textarea', {
      id: 'editor-comment', rows: '2', maxlength: '2000', required: true,
      placeholder: 'e.g. SMS cap lowered to 2 a week after complaints',
      'aria-describedby': 'editor-comment-hint editor-comment-error',
    });
    ed.result = h('div', { class: 'message-slot', id: 'editor-result' });
    ed.submit = h('button', { type: 'submit', class: 'button primary', id: 'editor-submit' }, 'Upload and test');
    const form = h('form', { novalidate: true },
      h('div', { class: 'editor-grid' },
        h('div', { class: 'editor-files' },
          h('h3', { class: 'small-title', id: 'editor-files-title' }, 'Files'),
          ed.fileList,
          h('div', { class: 'editor-add' },
            ed.fileInput,
            h('label', { for: 'editor-upload', class: 'button small' }, 'Add or replace files\u2026'),
            h('p', { class: 'hint', id: 'editor-upload-hint' }, `From your computer: ${ACCEPTED_TYPES.join(', ')}. A file with the name of one above replaces it.`)),
          ed.removedSlot),
        ed.pane),
      h('div', { class: 'field' },
        h('label', { for: 'editor-comment' }, 'Comment'),
        ed.comment,
        h('p', { class: 'hint', id: 'editor-comment-hint' }, 'Why this version: kept with it and in the audit of rule changes.'),
        h('p', { class: 'field-error', id: 'editor-comment-error', hidden: true })),
      ed.result,
      h('div', { class: 'editor-submit-row' }, ed.submit,
        h('p', { class: 'hint' }, 'Parcours compiles every file and runs the scenarios. A file that does not compile refuses the whole version: nothing is stored. Nothing is in force until you activate it.')));
    form.addEventListener('submit', (e) => { e.preventDefault(); uploadDraft(ed); });
    ed.comment.addEventListener('input', () => clearFieldError('editor-comment'));
    ed.fileInput.addEventListener('change', () => addDiskFiles(ed, ed.fileInput.files));
    ed.fileList.addEventListener('keydown', (e) => arrowNav(e, Array.from(ed.fileList.querySelectorAll('button.editor-file'))));
    ed.el = h('section', { class: 'card editor-card', 'aria-labelledby': 'editor-title' },
      h('div', { class: 'decision-head' },
        h('div', null,
          h('h2', { id: 'editor-title' }, 'New version'),
          h('p', { class: 'muted editor-base' }, base
            ? `Starting from the files of ${versionWord(base)}${base === activeVersion() ? ', the version in force' : ''}. A version is complete: every file listed here is uploaded.`
            : 'No version is stored yet: add the files of the rule set.')),
        h('div', { class: 'head-actions' }, h('button', { type: 'button', class: 'button', onclick: discardDraft }, 'Discard draft'))),
      ed.status,
      form);
    return ed;
  }

  async function loadDraftFiles(ed) {
    const seq = ++ed.seq;
    ed.loading = true;
    if (!ed.base) {
      ed.loaded = true;
      ed.loading = false;
      renderDraftFiles(ed);
      selectDraftFile(ed, null);
      return;
    }
    fill(ed.status, h('p', { class: 'loading' }, `Reading the files of ${versionWord(ed.base)}\u2026`));
    try {
      const { data } = await api('rulesets/' + enc(ed.base));
      const infos = Array.isArray(data.files) ? data.files : [];
      const files = await Promise.all(infos.map(async (info) => {
        const bytes = await apiRaw(`rulesets/${enc(ed.base)}/files/${enc(info.name)}`, { bytes: true });
        const raw = toBase64(bytes);
        const rawText = isWorkbook(info.name) ? null : utf8.decode(bytes);
        return { name: info.name, raw, rawText, text: rawText, bytes: bytes.length, baseRaw: raw, fromDisk: false };
      }));
      if (seq !== ed.seq || state.rules.editor !== ed) return;
      ed.files = files;
      ed.loaded = true;
      fill(ed.status);
      const first = files.find((f) => extension(f.name) === '.drl') || files[0];
      renderDraftFiles(ed);
      selectDraftFile(ed, first ? first.name : null);
    } catch (e) {
      if (seq !== ed.seq) return;
      fill(ed.status, problemView(e, { title: `The files of ${versionWord(ed.base)} could not be read`, retry: () => loadDraftFiles(ed) }));
    } finally {
      if (seq === ed.seq) ed.loading = false;
    }
  }

  function renderDraftFiles(ed) {
    const problems = new Map();
    ed.errors.forEach((p) => problems.set(p.file, (problems.get(p.file) || 0) + 1));
    fill(ed.fileList, ed.files.length
      ? ed.files.map((f) => {
        const selected = f.name === ed.selected;
        const n = problems.get(f.name) || 0;
        return h('li', { class: selected ? 'selected' : null },
          h('button', {
            type: 'button', class: 'editor-file', 'aria-pressed': String(selected), dataset: { name: f.name },
            onclick: () => selectDraftFile(ed, f.name, { focus: true }),
          },
          h('span', { class: 'ef-name mono' }, f.name),
          h('span', { class: 'ef-meta' }, fileType(f.name), ' \u00b7 ', size(f.bytes)),
          h('span', { class: 'chips' }, statusChip(fileStatus(f)), n ? h('span', { class: 'chip danger' }, plural(n, 'problem')) : null)),
          h('button', {
            type: 'button', class: 'button ghost small remove-file', title: 'Remove from the new version',
            'aria-label': `Remove ${f.name} from the new version`, onclick: () => removeDraftFile(ed, f.name),
          }, '\u2715'));
      })
      : h('li', { class: 'empty' }, 'No file: add at least one.'));
    fill(ed.removedSlot, ed.removed.length
      ? [h('h3', { class: 'small-title' }, 'Removed'),
        h('ul', { class: 'removed-list' }, ed.removed.map((f) => h('li', null,
          h('span', { class: 'mono' }, f.name),
          h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Put ${f.name} back`, onclick: () => restoreDraftFile(ed, f.name) }, 'Put back'))))]
      : null);
  }

  function removeDraftFile(ed, name) {
    const i = ed.files.findIndex((f) => f.name === name);
    if (i < 0) return;
    const [f] = ed.files.splice(i, 1);
    if (f.baseRaw !== null) ed.removed.push(f);
    if (ed.selected === name) {
      const next = ed.files[Math.min(i, ed.files.length - 1)];
      ed.selected = next ? next.name : null;
    }
    renderDraftFiles(ed);
    selectDraftFile(ed, ed.selected);
    const focus = ed.fileList.querySelector('button.editor-file[aria-pressed="true"]') || ed.fileInput;
    focus.focus();
    announce(`${name} removed from the new version.`);
  }

  function restoreDraftFile(ed, name) {
    const i = ed.removed.findIndex((f) => f.name === name);
    if (i < 0) return;
    const [f] = ed.removed.splice(i, 1);
    ed.files.push(f);
    renderDraftFiles(ed);
    selectDraftFile(ed, name, { focus: true });
    announce(`${name} is back in the new version.`);
  }

  async function addDiskFiles(ed, list) {
    const problems = [];
    const done = [];
    for (const file of Array.from(list || [])) {
      const name = file.name;
      if (!ACCEPTED_TYPES.includes(extension(name))) {
        problems.push(`${name} is not a rule file: a rule set accepts ${ACCEPTED_TYPES.join(', ')}.`);
        continue;
      }
      if (file.size > MAX_FILE_BYTES) { problems.push(`${name} is larger than 5 MB, the most a rule file may be.`); continue; }
      if (name.length > 200) { problems.push(`${name.slice(0, 40)}\u2026 has a name longer than 200 characters.`); continue; }
      let bytes;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        problems.push(`${name} could not be read.`);
        continue;
      }
      const raw = toBase64(bytes);
      const rawText = isWorkbook(name) ? null : utf8.decode(bytes);
      let f = ed.files.find((x) => x.name === name);
      if (!f) {
        const i = ed.removed.findIndex((x) => x.name === name);
        if (i >= 0) [f] = ed.removed.splice(i, 1);
        else f = { name, baseRaw: null };
        ed.files.push(f);
      }
      Object.assign(f, { raw, rawText, text: rawText, bytes: bytes.length, fromDisk: true });
      done.push(name);
    }
    ed.fileInput.value = '';
    renderDraftFiles(ed);
    if (done.length) selectDraftFile(ed, done[done.length - 1]);
    fill(ed.status, problems.length
      ? h('div', { class: 'alert error', role: 'alert' },
        h('strong', null, problems.length === 1 ? 'A file was not added' : `${int(problems.length)} files were not added`),
        h('ul', null, problems.map((p) => h('li', null, p))))
      : null);
    if (done.length) announce(`${done.join(', ')} ${done.length === 1 ? 'is' : 'are'} in the new version.`);
  }

  /** Shows one file of the draft: a text file in the editor (at `line` when given), a workbook as a note. */
  function selectDraftFile(ed, name, { focus, line, column } = {}) {
    ed.selected = name;
    for (const b of ed.fileList.querySelectorAll('button.editor-file')) {
      const on = b.dataset.name === name;
      b.setAttribute('aria-pressed', String(on));
      b.parentElement.classList.toggle('selected', on);
    }
    ed.ta = null;
    ed.gutter = null;
    ed.gutterKey = '';
    const f = ed.files.find((x) => x.name === name);
    if (!f) {
      fill(ed.pane, h('p', { class: 'empty' }, ed.files.length ? 'Pick a file to see it.' : 'Add the files of the new version.'));
      return;
    }
    const problems = ed.errors.filter((p) => p.file === f.name);
    const problemNote = problems.length
      ? h('div', { class: 'alert error pane-problems' },
        h('strong', null, `${plural(problems.length, 'problem')} in ${f.name} at the last upload`),
        compilationList(problems, f.text !== null ? (p) => () => jumpToLine(ed, p.line, p.column) : null))
      : null;
    const head = h('div', { class: 'pane-head' },
      h('h3', { id: 'editor-pane-title' }, h('span', { class: 'mono' }, f.name)),
      statusChip(fileStatus(f)));
    if (f.text === null) {
      fill(ed.pane, head,
        h('div', { class: 'workbook-note' },
          h('p', null, h('b', null, f.name), ' is an Excel workbook. Edit it in a spreadsheet program, then choose \u201cAdd or replace files\u201d to put your copy in its place.'),
          h('p', { class: 'hint' }, 'Each row is one rule, named in its first column; a row keeps an action out when all its filled cells hold. Do not edit the rows that tell Parcours how to read the table.'),
          h('button', { type: 'button', class: 'button small', onclick: () => downloadBlob(f.name, new Blob([fromBase64(f.raw)], { type: mimeOf(f.name) })) }, `Download ${f.name}`)),
        problemNote);
      return;
    }
    const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
    const ta = h('textarea', {
      class: 'code-input', id: 'editor-text', spellcheck: 'false', wrap: 'off', autocomplete: 'off', autocapitalize: 'off',
      'aria-labelledby': 'editor-pane-title', 'aria-describedby': 'editor-cursor',
    });
    ta.value = f.text;
    ta.setSelectionRange(0, 0);
    const cursor = h('span', { class: 'cursor-pos', id: 'editor-cursor' });
    const revert = h('button', { type: 'button', class: 'button small ghost', hidden: fileStatus(f) === 'unchanged' || f.baseRaw === null ? true : null }, 'Undo my changes to this file');
    revert.addEventListener('click', () => {
      Object.assign(f, { raw: f.baseRaw, rawText: utf8.decode(fromBase64(f.baseRaw)), fromDisk: false });
      f.text = f.rawText;
      f.bytes = fromBase64(f.raw).length;
      renderDraftFiles(ed);
      selectDraftFile(ed, f.name, { focus: true });
      announce(`${f.name} is back as it is in ${versionWord(ed.base)}.`);
    });
    head.append(cursor, revert);
    fill(ed.pane, head, h('div', { class: 'code-editor' }, gutter, ta), problemNote);
    ed.ta = ta;
    ed.gutter = gutter;
    updateGutter(ed);
    let lastStatus = fileStatus(f);
    ta.addEventListener('input', () => {
      f.text = sameLines(ta.value, f.rawText) ? f.rawText : ta.value;
      f.bytes = utf8Length(f.text);
      updateGutter(ed);
      const now = fileStatus(f);
      if (now !== lastStatus) {
        lastStatus = now;
        renderDraftFiles(ed);
        const chip = head.querySelector('.chip');
        if (chip) chip.remove();
        const fresh = statusChip(now);
        if (fresh) head.querySelector('h3').after(fresh);
        revert.hidden = now === 'unchanged' || f.baseRaw === null;
      }
    });
    ta.addEventListener('scroll', () => { gutter.scrollTop = ta.scrollTop; });
    for (const type of ['keyup', 'click', 'select', 'input', 'focus']) ta.addEventListener(type, () => updateCursor(ed, cursor));
    updateCursor(ed, cursor);
    if (line) jumpToLine(ed, line, column);
    else if (focus) ta.focus();
  }

  /** Line numbers beside the text; lines with a compilation problem are marked. */
  function updateGutter(ed) {
    const ta = ed.ta;
    if (!ta) return;
    let lines = 1;
    for (let i = ta.value.indexOf('\n'); i >= 0; i = ta.value.indexOf('\n', i + 1)) lines += 1;
    const marked = new Map();
    ed.errors.filter((p) => p.file === ed.selected).forEach((p) => marked.set(p.line, p.message));
    const key = `${lines}|${Array.from(marked.keys()).join(',')}`;
    if (key === ed.gutterKey) return;
    ed.gutterKey = key;
    const numbers = [];
    for (let n = 1; n <= lines; n++) numbers.push(h('div', { class: marked.has(n) ? 'err' : null }, String(n)));
    fill(ed.gutter, numbers);
    ed.gutter.scrollTop = ta.scrollTop;
  }

  function updateCursor(ed, slot) {
    const ta = ed.ta;
    if (!ta) return;
    const before = ta.value.slice(0, ta.selectionStart);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    slot.textContent = `Line ${int(line)}, column ${int(column)}`;
  }

  /** Selects line `line` of the text being edited and scrolls it into view. */
  function jumpToLine(ed, line, column) {
    const ta = ed.ta;
    if (!ta) return;
    const lines = ta.value.split('\n');
    const l = Math.min(Math.max(1, line || 1), lines.length);
    let start = 0;
    for (let i = 0; i < l - 1; i++) start += lines[i].length + 1;
    const end = start + lines[l - 1].length;
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(start, end);
    const lineHeight = parseFloat(window.getComputedStyle(ta).lineHeight) || 20;
    ta.scrollTop = Math.max(0, (l - 1) * lineHeight - ta.clientHeight / 3);
    ta.scrollLeft = 0;
    if (ed.gutter) ed.gutter.scrollTop = ta.scrollTop;
    ta.closest('.code-editor').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    ta.dispatchEvent(new Event('select'));
    announce(`${ed.selected}, line ${l}${column ? `, column ${column}` : ''}.`);
  }

  async function uploadDraft(ed) {
    if (!ed.loaded) return;
    clearFieldError('editor-comment');
    fill(ed.result);
    const comment = ed.comment.value.trim();
    if (!ed.files.length) {
      fill(ed.result, h('div', { class: 'alert error', role: 'alert' }, h('strong', null, 'A version needs at least one file.')));
      ed.fileInput.focus();
      return;
    }
    if (!comment) {
      setFieldError('editor-comment', 'Say why you make this version: the comment is kept in the audit of rule changes.');
      ed.comment.focus();
      return;
    }
    if (!draftChanged(ed)) {
      fill(ed.result, h('div', { class: 'alert warn', role: 'alert' },
        h('strong', null, 'Nothing has changed yet'),
        h('p', null, `These are the files of ${versionWord(ed.base)}. Edit, add, replace or remove a file first.`)));
      return;
    }
    const files = ed.files.map((f) => (f.text !== null && f.text !== f.rawText
      ? { name: f.name, content: f.text }
      : { name: f.name, contentBase64: f.raw }));
    state.rules.uploadNames = ed.files.map((f) => f.name);
    setBusy(ed.submit, true);
    fill(ed.result, h('p', { class: 'loading' }, 'Compiling the rules and running the scenarios\u2026'));
    try {
      const { data } = await api('rulesets', { method: 'POST', body: { comment, files } });
      const r = state.rules;
      if (r.editor === ed) r.editor = null;
      r.flash = { version: data.version, node: uploadedNote(data) };
      announce(data.activatable
        ? `Stored as ${versionWord(data.version)}. Every scenario passes.`
        : `Stored as ${versionWord(data.version)}, but a scenario fails: it cannot be activated.`);
      await loadVersions();
      go('#rules/' + enc(data.version));
      if (state.auth.can.ruleChanges) loadChanges();
    } catch (e) {
      if (e.compilation && e.compilation.length) {
        ed.errors = e.compilation;
        renderDraftFiles(ed);
        selectDraftFile(ed, ed.selected);
        fill(ed.result, problemView(e, {
          more: [
            h('p', null, 'Select a problem to go to its line in the editor.'),
            compilationList(e.compilation, (p) => {
              const f = ed.files.find((x) => x.name === p.file);
              return f && f.text !== null ? () => selectDraftFile(ed, p.file, { line: p.line, column: p.column }) : null;
            }),
          ],
        }));
        const first = ed.result.querySelector('.compile-errors button');
        if (first) first.focus();
        announce(`The rule set does not compile: ${plural(e.compilation.length, 'problem')}. Nothing was stored.`);
      } else if (e.status === 409 && e.version) {
        fill(ed.result, problemView(e, {
          title: 'These files are already stored',
          more: h('div', { class: 'alert-actions' },
            h('button', { type: 'button', class: 'button small', onclick: () => go('#rules/' + enc(e.version)) }, `Show ${versionWord(e.version)}`)),
        }));
        announce('Not stored: ' + problemLine(e));
      } else {
        fill(ed.result, problemView(e, { title: 'The version was not uploaded' }));
        announce('Not stored: ' + problemLine(e));
      }
      // A refused upload is kept in the audit of rule changes too.
      if (state.auth && state.auth.can.ruleChanges) loadChanges();
    } finally {
      setBusy(ed.submit, false);
    }
  }

  function uploadedNote(data) {
    const s = data.scenarios || {};
    const total = (s.passed || 0) + (s.failed || 0);
    const v = versionWord(data.version);
    const activate = data.activatable && state.auth.can.ruleWrite
      ? h('button', { type: 'button', class: 'button small primary' }, `Activate ${v}\u2026`)
      : null;
    if (activate) activate.addEventListener('click', () => activateVersion(data.version, activate, $('detail-message')));
    return h('div', { class: data.activatable ? 'alert ok' : 'alert warn', role: 'status' },
      h('strong', null, data.activatable ? `\u2713 Uploaded and stored as ${v}` : `Stored as ${v}, but it cannot be activated`),
      h('p', null,
        `${plural(data.rules, 'rule')} compiled; `,
        total ? (s.failed ? `${int(s.failed)} of ${plural(total, 'scenario')} fail.` : `all ${plural(total, 'scenario')} pass.`) : 'no scenario was run.',
        data.activatable
          ? ' Nothing is in force until you activate it.'
          : ' A failing scenario blocks the activation: fix the rules or the scenarios in a new version.'),
      activate ? h('div', { class: 'alert-actions' }, activate) : null);
  }

  // ------------------------------------------------------------------------------------------------
  // Models

  const MATURITY = {
    new: ['New', 'warn', 'Fewer than 100 responses learned: its draws still spread widely, so it explores a lot'],
    learning: ['Learning', 'primary', 'From 100 to 999 responses learned'],
    mature: ['Mature', 'ok', 'At least 1,000 responses learned'],
  };
  // A calibration row with fewer responses is too noisy to judge the model by.
  const CALIBRATION_MIN = 30;
  // The ranges of the prediction that the calibration counts, as edges (ModelMonitor).
  const CALIBRATION_EDGES = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1];
  const TRAINING_DAYS = 30;
  const RETRAIN_COMMAND = 'mvn -q -pl models exec:java -Dexec.mainClass=io.parcours.models.cli.Retrain \\\n'
    + '    -Dexec.args="--data {data} --channel web --config builtin:logistic-regression --report report.html \\\n'
    + '      --model web.tribuo --upload {base} --user {user} --password-file password.txt --share 0.1"';

  function newModelsState() {
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

  /**
   * probit:web is the channel's model and probit:web@2 its version 2; beta:travel-card:app one
   * action's model on a channel.
   */
  function parseModelId(id) {
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
  const modelHash = (id) => '#models/' + enc(id).replace(/%3A/gi, ':');

  function maturityChip(maturity) {
    const [label, cls, title] = MATURITY[maturity] || [capitalise(String(maturity || DASH)), '', null];
    return h('span', { class: `chip ${cls} badge`, title }, label);
  }

  const pct1 = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
  const points1 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  /** A range of the prediction: "5–10%". */
  function rangeLabel(row) {
    return `${fmt.upTo2.format(row.from * 100)}\u2013${pct1.format(row.to)}`;
  }

  /** A difference of two rates in percentage points, signed: "+4.2 pts". */
  function pointsLabel(gap) {
    if (!isNum(gap)) return DASH;
    const sign = gap > 0.00005 ? '+' : gap < -0.00005 ? '\u2212' : '\u00b1';
    return `${sign}${points1.format(Math.abs(gap) * 100)} pts`;
  }

  const rate = (positives, responses) => (isNum(responses) && responses > 0 && isNum(positives) ? positives / responses : null);

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
  function showModels(arg) {
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

  async function loadModels() {
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

  async function refreshModels() {
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

  function calibrationView(s) {
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

  function weightsCard(d) {
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

  function actionEvidenceCard(d) {
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

  async function loadUplift(m) {
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

  // -------- Training data

  const isoDay = (date) => date.toISOString().slice(0, 10);

  function resetTrainingForm() {
    const to = new Date(Date.now() + 24 * 3600 * 1000);
    const from = new Date(to.getTime() - TRAINING_DAYS * 24 * 3600 * 1000);
    $('training-from').value = isoDay(from);
    $('training-to').value = isoDay(to);
    ['training-from', 'training-to'].forEach(clearFieldError);
    fill($('training-status'));
    $('training-cancel').hidden = true;
    state.models.dataFile = null;
    updateTrainingHint();
    updateRetrainCommand();
  }

  function updateTrainingHint() {
    const from = $('training-from').value;
    const to = $('training-to').value;
    const a = from ? new Date(from + 'T00:00:00Z') : null;
    const b = to ? new Date(to + 'T00:00:00Z') : null;
    const days = a && b ? Math.round((b - a) / (24 * 3600 * 1000)) : null;
    const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
    $('training-range-hint').textContent = days > 0
      ? `Decisions made from ${dayFormat.format(a)} up to ${dayFormat.format(new Date(b - 1))} included: ${plural(days, 'day')}, each from midnight UTC.`
      : 'Days start at midnight UTC; the first day is included, the last one is not.';
  }

  function updateRetrainCommand() {
    $('retrain-command').textContent = RETRAIN_COMMAND.replace('{data}', state.models.dataFile || 'export.csv')
      .replace('{base}', window.location.origin).replace('{user}', (state.auth && state.auth.user) || 'scientist');
  }

  /** The file name the server proposes (Content-Disposition), if any. */
  function attachmentName(res) {
    const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') || '');
    return m ? decodeURIComponent(m[1]) : null;
  }

  async function downloadTrainingData(event) {
    event.preventDefault();
    const m = state.models;
    if (m.download) return;
    ['training-from', 'training-to'].forEach(clearFieldError);
    const from = $('training-from').value;
    const to = $('training-to').value;
    const missing = [];
    if (!from) missing.push(['training-from', 'Choose the first day of the range.']);
    if (!to) missing.push(['training-to', 'Choose the day after the last one of the range.']);
    if (missing.length) {
      missing.forEach(([id, msg]) => setFieldError(id, msg));
      $(missing[0][0]).focus();
      return;
    }
    const status = $('training-status');
    const button = $('training-download');
    const cancel = $('training-cancel');
    const auth = state.auth.token;
    const download = { controller: new AbortController(), cancelled: false, timedOut: false };
    m.download = download;
    setBusy(button, true);
    cancel.hidden = false;
    const progressText = h('span', null, 'Asking for the export\u2026');
    fill(status, h('div', { class: 'download-progress', 'aria-live': 'off' }, h('progress', { 'aria-label': 'Export under way' }), progressText));
    announce('Exporting the training data.');
    // The timeout covers the wait for the answer only: a long export then streams as long as it needs.
    const timer = window.setTimeout(() => { download.timedOut = true; download.controller.abort(); }, REQUEST_TIMEOUT_MS);
    try {
      const res = await fetch(`${API}models/training-data?from=${enc(from)}&to=${enc(to)}`, {
        headers: { Accept: 'text/csv, application/problem+json;q=0.9', Authorization: 'Basic ' + auth },
        credentials: 'omit', cache: 'no-store', signal: download.controller.signal,
      });
      window.clearTimeout(timer);
      if (!res.ok) throw failure(res, await res.text(), auth);
      const name = attachmentName(res) || `parcours-training-${from}-${to}.csv`;
      const chunks = [];
      let bytes = 0;
      let lines = 0;
      let shownAt = 0;
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines += 1;
        if (performance.now() - shownAt > 200) {
          shownAt = performance.now();
          progressText.textContent = `Receiving\u2026 ${size(bytes)}, ${plural(Math.max(0, lines - 1), 'row')} so far`;
        }
      }
      const rows = Math.max(0, lines - 1); // the first line is the header
      downloadBlob(name, new Blob(chunks, { type: 'text/csv;charset=utf-8' }));
      m.dataFile = name;
      updateRetrainCommand();
      fill(status, h('div', { class: rows ? 'alert ok' : 'alert warn', role: 'status' },
        h('strong', null, rows ? `\u2713 Saved ${plural(rows, 'row')}, ${size(bytes)}` : 'Saved, but the file is empty'),
        h('p', null, h('span', { class: 'mono file-name' }, name)),
        h('p', null, rows
          ? 'One row per impression. The retrain command below now names this file.'
          : 'No impression in this range: the file holds the header row only.')));
    } catch (e) {
      window.clearTimeout(timer);
      if (state.models !== m) return; // signed out meanwhile
      if (download.cancelled) {
        fill(status, h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'Download cancelled'), h('p', null, 'Nothing was saved.')));
      } else if (e instanceof ApiError) {
        e.fieldErrors.forEach((fe) => {
          if (fe.field === 'from' || fe.field === 'to') setFieldError('training-' + fe.field, sentence(fieldErrorText(fe)));
        });
        fill(status, problemView(e, { title: 'The training data was not exported' }));
        const invalid = $('training-form').querySelector('[aria-invalid="true"]');
        if (invalid) invalid.focus();
      } else {
        const timedOut = download.timedOut;
        fill(status, problemView(new ApiError(0, null,
          timedOut ? 'No answer in time' : 'The export stopped',
          timedOut
            ? `The server did not start the export within ${REQUEST_TIMEOUT_MS / 1000} seconds. Try again in a moment.`
            : 'The connection broke before the whole file arrived; nothing was saved. Try again, or a shorter range.'),
        { title: 'The training data was not exported' }));
      }
    } finally {
      if (m.download === download) m.download = null;
      if (state.models === m) {
        setBusy(button, false);
        cancel.hidden = true;
        // The cancel button had the focus: give it back to the download button.
        if (download.cancelled) button.focus();
      }
    }
  }

  function cancelTrainingDownload() {
    const d = state.models.download;
    if (!d) return;
    d.cancelled = true;
    d.controller.abort();
  }

  // ------------------------------------------------------------------------------------------------
  // Journeys

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

  function journeyName(id) {
    const j = state.journeys && state.journeys.find((x) => x.journeyId === id);
    return j ? j.name : id;
  }

  /** A stage code as words: keep-in-touch reads "Keep in touch". */
  function stageLabel(code) {
    return code ? capitalise(String(code).replace(/[-_]+/g, ' ')) : DASH;
  }

  /**
   * A journey's stages in their usual order as a horizontal stepper. `current` highlights the stage a
   * customer stands at; `below(stage)` gives what to show under a stage (the actions that apply there).
   */
  function stepper(journey, { current, below, counts, compact, label } = {}) {
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

  function actionChip(a) {
    return h('li', { class: 'action-chip' + (a.mandatory ? ' mandatory' : '') },
      h('span', { class: 'action-chip-name' }, a.name || a.actionId),
      h('span', { class: 'cell-sub mono' }, a.actionId),
      a.mandatory || a.dailyLimit > 0
        ? h('span', { class: 'chips' }, a.mandatory ? mandatoryBadge() : null, a.dailyLimit > 0 ? h('span', { class: 'chip' }, `${int(a.dailyLimit)} a day`) : null)
        : null);
  }

  async function renderJourneysTab(force) {
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

  // ------------------------------------------------------------------------------------------------
  // Decide: the customer's journeys

  async function loadCustomerJourneys(id) {
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

  // ------------------------------------------------------------------------------------------------
  // Actions: the strategy of a version (its actions with their treatments, its journeys, its event
  // types) and, for business users, its editor. Edits are gathered in a draft and saved together as a
  // new version (POST /rulesets/{version}/edits), which waits for approval like an upload.

  const ISSUE_CODES = ['sales', 'service', 'retention', 'resilience', 'nurture'];
  const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
  const ID_RULE = 'lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit';
  const MAX_INT = 2147483647;
  const KINDS = {
    actions: { one: 'action', label: 'Action', key: 'id' },
    journeys: { one: 'journey', label: 'Journey', key: 'id' },
    eventTypes: { one: 'event type', label: 'Event type', key: 'name' },
  };
  const KIND_ORDER = ['actions', 'journeys', 'eventTypes'];
  const ATTRIBUTE_KINDS = ['string', 'number', 'boolean'];

  function setActions(list) {
    state.actions = Array.isArray(list) ? list : [];
    state.actionsById = new Map(state.actions.map((a) => [a.actionId, a]));
    const groups = Array.from(new Set(state.actions.map((a) => a.group).filter(Boolean))).sort();
    fill($('context-values-intent'), groups.map((g) => h('option', { value: g })));
  }

  function orderedIssues(actions) {
    const present = new Set(actions.map((a) => a.issue));
    return [...ISSUE_ORDER.filter((i) => present.has(i)), ...Array.from(present).filter((i) => !ISSUE_ORDER.includes(i)).sort()];
  }

  // -------- The API's views, as the files write them

  /** An action of the API (GET /actions, /rulesets/{v}/strategy) as actions.json writes it. */
  function actionFromView(a) {
    const o = { id: a.actionId || a.id, name: a.name, issue: a.issue, group: a.group, journey: a.journey };
    if (Array.isArray(a.stages) && a.stages.length) o.stages = a.stages.slice();
    o.value = a.value;
    o.lever = isNum(a.lever) ? a.lever : 1;
    if (a.mandatory) o.mandatory = true;
    if (a.dailyLimit > 0) o.dailyLimit = a.dailyLimit;
    if (a.budget > 0) o.budget = a.budget;
    if (a.activeFrom) o.activeFrom = a.activeFrom;
    if (a.activeUntil) o.activeUntil = a.activeUntil;
    if (a.description) o.description = a.description;
    o.treatments = (Array.isArray(a.treatments) ? a.treatments : []).map((t) => {
      const x = { id: t.id, channel: t.channel, title: t.title };
      for (const k of ['text', 'template', 'link', 'eligibility']) if (t[k]) x[k] = t[k];
      return x;
    });
    return o;
  }

  function journeyFromView(j) {
    const o = { id: j.id || j.journeyId, name: j.name };
    if (j.description) o.description = j.description;
    o.stages = (Array.isArray(j.stages) ? j.stages : []).map((s) => (typeof s === 'string' ? s : s.stage));
    return o;
  }

  /** An event type of the API as event-types.json writes it: defaults and empty values left out. */
  function eventTypeFromView(t) {
    const o = { name: t.name, description: t.description || '', attributes: {}, updates: [] };
    for (const [k, r] of Object.entries(t.attributes || {})) {
      const a = { kind: r.kind };
      if (r.required) a.required = true;
      if (Array.isArray(r.allowed) && r.allowed.length) a.allowed = r.allowed.slice();
      if (isNum(r.min)) a.min = r.min;
      if (isNum(r.max)) a.max = r.max;
      o.attributes[k] = a;
    }
    o.updates = (Array.isArray(t.updates) ? t.updates : []).map((u) => {
      const x = { field: u.field, operation: u.operation };
      if (u.attribute) x.attribute = u.attribute;
      else if (u.value !== null && u.value !== undefined) x.value = u.value;
      return x;
    });
    if (Array.isArray(t.triggers) && t.triggers.length) o.triggers = t.triggers.slice();
    return o;
  }

  const channelsOf = (a) => Array.from(new Set((a.treatments || []).map((t) => t.channel)));
  const keyOf = (kind, item) => item[KINDS[kind].key];

  // -------- Loading a version's strategy

  /** The strategy shown: the version chosen (the one in force by default), as the files write it. */
  function shownStrategy() {
    const s = state.strategy;
    return s.version ? s.byVersion.get(s.version) || null : null;
  }

  /** Reads a version's strategy; the in-force library, journeys and event types for whoever cannot read versions. */
  async function loadStrategy(version) {
    const s = state.strategy;
    if (s.byVersion.has(version)) return s.byVersion.get(version);
    let st;
    const inForce = async () => {
      const [actions, journeys, eventTypes] = await Promise.all([api('actions'), api('journeys'), api('event-types')]);
      setActions(actions.data);
      return {
        version, inForce: true,
        actions: (actions.data || []).map(actionFromView),
        journeys: (journeys.data || []).map(journeyFromView),
        eventTypes: (eventTypes.data || []).map(eventTypeFromView),
        derivedFeatures: null,
      };
    };
    if (!state.auth.can.rules) {
      st = await inForce();
    } else {
      try {
        const { data } = await api(`rulesets/${enc(version)}/strategy`);
        st = {
          version,
          actions: (data.actions || []).map(actionFromView),
          journeys: (data.journeys || []).map(journeyFromView),
          eventTypes: (data.eventTypes || []).map(eventTypeFromView),
          derivedFeatures: Array.isArray(data.derivedFeatures) ? data.derivedFeatures : null,
        };
      } catch (e) {
        // A server without the strategy of each version still says what is in force.
        if (!((e.status === 404 || e.status === 405) && version === activeVersion())) throw e;
        st = await inForce();
      }
    }
    s.byVersion.set(version, st);
    return st;
  }

  /** Shows the Actions tab for #actions (the version in force) or #actions/<version>. */
  async function showActions(arg) {
    const s = state.strategy;
    const out = $('actions-output');
    const can = state.auth.can;
    $('strategy-version-field').hidden = !can.rules;
    $('actions-new').hidden = !can.ruleWrite;
    if (can.rules && !state.rules.versions) {
      fill(out, h('div', { class: 'card loading' }, 'Loading the versions\u2026'));
      const ok = await loadVersions();
      if (!ok) {
        fill(out, problemView(new ApiError(0, null, 'The versions could not be loaded', 'Try again in a moment.'), { retry: () => showActions(arg) }));
        return;
      }
    }
    const active = can.rules ? activeVersion() : 'in-force';
    const wanted = !can.rules ? active : arg || (s.draft ? s.draft.base : null) || s.version || active;
    if (s.draft && wanted !== s.draft.base) {
      const ok = await confirmDialog({
        title: 'Discard the draft changes?',
        body: h('p', null, `Your draft holds ${plural(draftCount(s.draft), 'change')} to ${versionWord(s.draft.base)}, not saved yet. Showing another version discards them.`),
        confirm: 'Discard and show ' + versionWord(wanted),
        danger: true,
      });
      if (!ok) { history.replaceState(null, '', '#actions/' + enc(s.draft.base)); renderVersionSelect(); return; }
      s.draft = null;
      s.editing = null;
    }
    if (!wanted) {
      fill(out, h('div', { class: 'card empty' }, 'No version is stored yet.'));
      return;
    }
    if (s.version !== wanted) s.saved = null;
    s.version = wanted;
    renderVersionSelect();
    if (s.byVersion.has(wanted)) { renderStrategy(); return; }
    const seq = ++s.seq;
    fill(out, h('div', { class: 'card loading' }, can.rules ? `Loading the strategy of ${versionWord(wanted)}\u2026` : 'Loading the action library\u2026'));
    for (const id of ['journeys-editor-output', 'event-types-output']) fill($(id));
    try {
      await loadStrategy(wanted);
      if (seq !== s.seq || state.activeTab !== 'actions') return;
      renderStrategy();
    } catch (e) {
      if (seq !== s.seq) return;
      fill(out, problemView(e, {
        title: e.status === 404 ? `There is no ${versionWord(wanted)}` : 'The strategy could not be loaded',
        retry: e.retryable ? () => showActions(arg) : null,
      }));
    }
  }

  function renderVersionSelect() {
    const s = state.strategy;
    const select = $('strategy-version');
    const versions = state.rules.versions || [];
    fill(select, versions.map((v) => h('option', { value: v.version, selected: v.version === s.version ? true : null },
      versionLabel(v.version) + (v.active ? ' (in force)' : ''))));
    select.value = s.version || '';
  }

  // -------- The draft: changes to the version shown, saved together

  function newStrategyDraft(base) {
    const kinds = {};
    for (const k of KIND_ORDER) kinds[k] = { put: new Map(), remove: new Set() };
    return { base, ...kinds, problems: null, sent: null };
  }

  function draftCount(d) {
    return d ? KIND_ORDER.reduce((n, k) => n + d[k].put.size + d[k].remove.size, 0) : 0;
  }

  function ensureDraft() {
    const s = state.strategy;
    if (!s.draft) s.draft = newStrategyDraft(s.version);
    return s.draft;
  }

  /** The items of a kind as the draft would make them, each with what the draft does to it. */
  function effectiveItems(kind) {
    const st = shownStrategy();
    const d = state.strategy.draft;
    const base = st ? st[kind] || [] : [];
    const rows = base.map((item) => {
      const key = keyOf(kind, item);
      if (d && d[kind].remove.has(key)) return { item, status: 'removed' };
      if (d && d[kind].put.has(key)) return { item: d[kind].put.get(key), status: 'changed', before: item };
      return { item, status: null };
    });
    if (d) {
      const known = new Set(base.map((x) => keyOf(kind, x)));
      for (const [key, item] of d[kind].put) if (!known.has(key)) rows.push({ item, status: 'new' });
    }
    return rows;
  }

  const liveItems = (kind) => effectiveItems(kind).filter((r) => r.status !== 'removed').map((r) => r.item);

  function putInDraft(kind, item) {
    const d = ensureDraft();
    const key = keyOf(kind, item);
    d[kind].remove.delete(key);
    const base = (shownStrategy()[kind] || []).find((x) => keyOf(kind, x) === key);
    if (base && sameItem(base, item)) d[kind].put.delete(key);
    else d[kind].put.set(key, item);
    d.problems = null;
    afterDraftChange();
  }

  /**
   * Whether a form gave back the item as it was: the same fields, stages in any order, a period as the
   * same instants whether written as days or instants.
   */
  function sameItem(a, b) {
    const canonical = (x) => {
      const c = { ...x };
      if (Array.isArray(c.stages)) c.stages = c.stages.slice().sort();
      for (const [k, end] of [['activeFrom', false], ['activeUntil', true]]) {
        if (c[k]) { const w = parseWhen(dayOrInstant(c[k], end), end); c[k] = w.error ? c[k] : w.at; }
      }
      const sorted = {};
      for (const k of Object.keys(c).sort()) sorted[k] = c[k];
      return JSON.stringify(sorted);
    };
    return canonical(a) === canonical(b);
  }

  function removeInDraft(kind, key) {
    const d = ensureDraft();
    d[kind].put.delete(key);
    if ((shownStrategy()[kind] || []).some((x) => keyOf(kind, x) === key)) d[kind].remove.add(key);
    d.problems = null;
    afterDraftChange();
  }

  function undoInDraft(kind, key) {
    const d = state.strategy.draft;
    if (!d) return;
    d[kind].put.delete(key);
    d[kind].remove.delete(key);
    d.problems = null;
    afterDraftChange();
  }

  function afterDraftChange() {
    const s = state.strategy;
    if (s.draft && !draftCount(s.draft)) s.draft = null;
    s.saved = null;
    renderStrategy();
  }

  /** The request body of POST /rulesets/{version}/edits; `sent` remembers which item each index names. */
  function editsBody(d, comment) {
    const body = { comment };
    const sent = {};
    for (const k of KIND_ORDER) {
      const put = Array.from(d[k].put.values());
      const remove = Array.from(d[k].remove);
      sent[k] = { put: put.map((x) => keyOf(k, x)), remove };
      if (put.length || remove.length) body[k] = { put, remove };
    }
    return { body, sent };
  }

  // -------- Rendering the strategy

  function renderStrategy() {
    const st = shownStrategy();
    if (!st) return;
    const can = state.auth.can;
    const active = activeVersion();
    const issues = orderedIssues(liveItems('actions'));
    const select = $('actions-issue');
    const current = select.value;
    fill(select, h('option', { value: '' }, 'All issues'), issues.map((i) => h('option', { value: i }, capitalise(i))));
    select.value = issues.includes(current) ? current : '';
    fill($('strategy-note'), st.inForce
      ? 'The actions, journeys and event types in force.'
      : [versionLabel(st.version), st.version === active ? ', in force' : ', not in force',
        can.ruleWrite ? ': your changes make a new version based on it, which waits for approval.' : '.']);
    renderDraftCard();
    renderActionEditor();
    renderLibrary();
    renderJourneysEditor();
    renderEventTypes();
    $('actions-new').hidden = !can.ruleWrite;
    $('journey-new').hidden = !can.ruleWrite;
    $('event-type-new').hidden = !can.ruleWrite;
    $('strategy-sections').hidden = false;
  }

  function draftChip(status) {
    switch (status) {
      case 'new': return h('span', { class: 'chip ok' }, 'New in the draft');
      case 'changed': return h('span', { class: 'chip primary' }, 'Changed in the draft');
      case 'removed': return h('span', { class: 'chip danger' }, 'Removed in the draft');
      default: return null;
    }
  }

  /** A period of an instant or a day, as the reader expects it: the last day included. */
  function periodView(a) {
    const from = a.activeFrom ? dayOrInstant(a.activeFrom, false) : null;
    const until = a.activeUntil ? dayOrInstant(a.activeUntil, true) : null;
    if (!from && !until) return h('span', { class: 'muted', title: 'Always active' }, 'Always');
    return h('span', { class: 'period' },
      from ? ['from ', h('span', { class: 'nowrap' }, from)] : null,
      from && until ? h('br') : null,
      until ? ['until ', h('span', { class: 'nowrap' }, until)] : null);
  }

  /**
   * A day (2026-12-24) when the text is one or an instant at midnight UTC; for an end, the day before
   * the midnight it names, since the end is exclusive and a day is written inclusive.
   */
  function dayOrInstant(text, end) {
    const t = String(text);
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
    const d = new Date(t);
    if (Number.isNaN(d.getTime())) return t;
    if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0) {
      if (end) d.setUTCDate(d.getUTCDate() - 1);
      return d.toISOString().slice(0, 10);
    }
    return d.toISOString().replace('.000Z', 'Z');
  }

  function treatmentsCell(a) {
    const list = a.treatments || [];
    if (!list.length) return h('span', { class: 'muted' }, 'None');
    return h('details', { class: 'treatments-cell' },
      h('summary', null,
        h('span', { class: 'sr-only' }, `${plural(list.length, 'treatment')}: `),
        h('span', { class: 'chips' }, list.map((t) => h('span', { class: 'chip' + (t.eligibility ? ' warn' : ''), title: t.eligibility ? `Only for customers with ${t.eligibility}` : null },
          channelName(t.channel), t.eligibility ? ' *' : null)))),
      list.map((t) => treatmentView(t)));
  }

  function renderLibrary() {
    const out = $('actions-output');
    const can = state.auth.can;
    const query = $('actions-filter').value.trim().toLowerCase();
    const channel = $('actions-channel').value;
    const issue = $('actions-issue').value;
    const rows = effectiveItems('actions');
    const shown = rows.filter(({ item: a }) =>
      (!issue || a.issue === issue)
      && (!channel || channelsOf(a).includes(channel))
      && (!query || [a.id, a.name, a.group, a.journey, a.description, a.issue, ...(a.stages || []), ...(a.treatments || []).map((t) => t.title)]
        .some((x) => x && String(x).toLowerCase().includes(query))
        || (query === 'mandatory' && a.mandatory)));
    const live = rows.filter((r) => r.status !== 'removed').length;
    const issues = orderedIssues(shown.map((r) => r.item));
    $('actions-count').textContent = `${plural(shown.length, 'action')} in ${plural(issues.length, 'issue')}` +
      (shown.length !== rows.length ? ` (of ${int(live)})` : '');
    if (!shown.length) {
      fill(out, h('div', { class: 'card empty' }, rows.length ? 'No action matches these filters.' : 'The action library is empty.'));
      return;
    }
    const editing = state.strategy.editing;
    fill(out, issues.map((iss) => {
      const ofIssue = shown.filter((r) => r.item.issue === iss);
      const groups = [];
      for (const r of ofIssue) {
        let g = groups.find((x) => x.name === r.item.group);
        if (!g) { g = { name: r.item.group, rows: [] }; groups.push(g); }
        g.rows.push(r);
      }
      const titleId = `issue-${iss}-title`;
      return h('section', { class: 'card issue-section', 'aria-labelledby': titleId },
        h('div', { class: 'section-title' }, h('h2', { id: titleId }, iss),
          h('span', { class: 'count' }, `${plural(ofIssue.length, 'action')} in ${plural(groups.length, 'group')}`)),
        h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Actions of issue ${iss}` },
          h('table', { class: 'library-table' },
            h('colgroup', null, ['c-action', 'c-journey', 'c-treatments', 'c-limit', 'c-period', 'c-value', 'c-lever', 'c-edit'].map((c) => h('col', { class: c }))),
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Journey and stages'),
              h('th', { scope: 'col', title: 'What each channel shows; * only for some customers' }, 'Treatments'),
              h('th', { scope: 'col', class: 'num', title: 'Volume constraints: the most impressions a day, and in the action\u2019s whole life, across all customers' }, 'Limits'),
              h('th', { scope: 'col' }, 'Active'),
              h('th', { scope: 'col', class: 'num' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Lever'),
              h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, can.ruleWrite ? 'Edit' : 'Status')))),
            groups.map((g) => h('tbody', null,
              h('tr', { class: 'group-row' }, h('th', { scope: 'colgroup', colspan: '8' }, 'Group ', h('span', { class: 'mono' }, g.name || DASH), h('span', { class: 'muted' }, ` \u00b7 ${plural(g.rows.length, 'action')}`))),
              g.rows.map(({ item: a, status }) => h('tr', { class: (status === 'removed' ? 'is-removed' : '') + (editing && editing.kind === 'actions' && editing.key === a.id ? ' is-current' : '') || null },
                h('td', null,
                  h('div', { class: 'cell-title' }, a.name || a.id, a.mandatory ? [' ', mandatoryBadge()] : null),
                  h('div', { class: 'cell-sub mono' }, a.id),
                  a.description ? h('div', { class: 'cell-desc' }, a.description) : null,
                  status ? h('div', { class: 'chips draft-chips' }, draftChip(status)) : null),
                h('td', null, journeyStagesCell(a)),
                h('td', null, treatmentsCell(a)),
                h('td', { class: 'num' }, dailyLimitView(a.dailyLimit), h('div', { class: 'cell-sub' }, budgetView(a.budget))),
                h('td', null, periodView(a)),
                h('td', { class: 'num' }, number(a.value)),
                h('td', { class: 'num' }, leverView(a.lever)),
                h('td', { class: 'num' }, can.ruleWrite ? editButtons('actions', a.id, a.name || a.id, status) : null))))))));
    }));
  }

  function budgetView(budget) {
    return isNum(budget) && budget > 0
      ? h('span', { title: `At most ${int(budget)} impressions in the action\u2019s whole life, across all customers` }, `${int(budget)} in all`)
      : null;
  }

  function editButtons(kind, key, label, status) {
    if (status === 'removed') {
      return h('button', { type: 'button', class: 'button small', 'aria-label': `Keep ${label}: undo its removal`, onclick: () => { undoInDraft(kind, key); announce(`${label} is kept.`); } }, 'Undo');
    }
    return h('button', { type: 'button', class: 'button small', 'aria-label': `Edit ${label}`, onclick: () => openEditor(kind, key) }, 'Edit');
  }

  function mandatoryBadge() {
    return h('span', {
      class: 'chip warn badge',
      title: 'A regulatory notice: shown whenever it is eligible, before any other action, whatever the contact policy',
    }, 'Mandatory');
  }

  function dailyLimitView(limit) {
    return isNum(limit) && limit > 0
      ? h('span', { title: `At most ${int(limit)} impressions a day across all customers (a volume constraint)` }, `${int(limit)} a day`)
      : h('span', { class: 'muted', title: 'No volume constraint' }, DASH);
  }

  /** The journey of an action, and the stages in which it applies (any stage when it names none). */
  function journeyStagesCell(a) {
    if (!a.journey) return DASH;
    const stages = Array.isArray(a.stages) ? a.stages.slice() : [];
    const st = shownStrategy();
    const journey = (st ? liveItems('journeys') : []).find((j) => j.id === a.journey);
    if (journey) {
      const order = journey.stages || [];
      const rank = (x) => (order.includes(x) ? order.indexOf(x) : order.length);
      stages.sort((x, y) => rank(x) - rank(y));
    }
    return [
      h('div', null, journey ? journey.name : journeyName(a.journey)),
      stages.length
        ? h('div', { class: 'chips stage-chips' }, stages.map((x) => h('span', { class: 'chip primary', title: `Stage ${x}` }, stageLabel(x))))
        : h('div', { class: 'cell-sub' }, 'Any stage'),
    ];
  }

  function renderJourneysEditor() {
    const out = $('journeys-editor-output');
    const can = state.auth.can;
    const rows = effectiveItems('journeys');
    const actions = liveItems('actions');
    if (!rows.length) { fill(out, h('p', { class: 'muted' }, 'No journey is declared.')); return; }
    fill(out, h('ul', { class: 'journey-defs' }, rows.map(({ item: j, status }) => {
      const n = actions.filter((a) => a.journey === j.id).length;
      return h('li', { class: 'journey-def' + (status === 'removed' ? ' is-removed' : '') },
        h('div', { class: 'journey-def-head' },
          h('h3', null, j.name || j.id), h('span', { class: 'cell-sub mono' }, j.id),
          h('span', { class: 'cell-sub' }, `${plural((j.stages || []).length, 'stage')} \u00b7 ${plural(n, 'action')}`),
          draftChip(status),
          can.ruleWrite ? h('span', { class: 'journey-def-edit' }, editButtons('journeys', j.id, `journey ${j.name || j.id}`, status)) : null),
        j.description ? h('p', { class: 'cell-desc' }, j.description) : null,
        h('div', { class: 'stepper-wrap' }, stepper({ name: j.name, stages: (j.stages || []).map((x) => ({ stage: x })) }, { compact: true })));
    })));
  }

  function attributeText(r) {
    const parts = [r.kind || '?', r.required ? 'required' : 'optional'];
    if (Array.isArray(r.allowed) && r.allowed.length) parts.push('one of ' + r.allowed.join(', '));
    if (isNum(r.min) || isNum(r.max)) parts.push(`${isNum(r.min) ? number(r.min) : '\u2212\u221e'} to ${isNum(r.max) ? number(r.max) : '\u221e'}`);
    return parts.join(', ');
  }

  function updateText(u) {
    const from = u.attribute ? `attribute ${u.attribute}` : u.value === undefined ? '' : JSON.stringify(u.value);
    return `${u.field} ${u.operation}${from ? ' ' + from : ''}`;
  }

  function renderEventTypes() {
    const out = $('event-types-output');
    const can = state.auth.can;
    const rows = effectiveItems('eventTypes');
    const st = shownStrategy();
    const features = st && Array.isArray(st.derivedFeatures) ? st.derivedFeatures : [];
    fill(out,
      rows.length
        ? h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Event types' },
          h('table', { class: 'compact event-types-table' },
            h('caption', { class: 'sr-only' }, 'Event types: their attributes, the profile changes their events make, and the channels they trigger a decision on'),
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, 'Event type'), h('th', { scope: 'col' }, 'Attributes'),
              h('th', { scope: 'col' }, 'Profile changes'), h('th', { scope: 'col', title: 'The channels on which an event of this type asks for an outbound decision' }, 'Triggers'),
              h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, can.ruleWrite ? 'Edit' : 'Status')))),
            h('tbody', null, rows.map(({ item: t, status }) => h('tr', { class: status === 'removed' ? 'is-removed' : null },
              h('th', { scope: 'row' }, h('div', { class: 'mono cell-title' }, t.name), t.description ? h('div', { class: 'cell-desc' }, t.description) : null,
                status ? h('div', { class: 'chips draft-chips' }, draftChip(status)) : null),
              h('td', null, Object.keys(t.attributes || {}).length
                ? h('ul', { class: 'plain-list' }, Object.entries(t.attributes).map(([k, r]) => h('li', null, h('span', { class: 'mono' }, k), h('span', { class: 'cell-sub' }, ` ${attributeText(r)}`))))
                : h('span', { class: 'muted' }, 'None')),
              h('td', null, (t.updates || []).length
                ? h('ul', { class: 'plain-list mono small-mono' }, t.updates.map((u) => h('li', null, updateText(u))))
                : h('span', { class: 'muted' }, 'Recorded only')),
              h('td', null, (t.triggers || []).length ? chipList(t.triggers, channelName, 'None') : h('span', { class: 'muted' }, 'None')),
              h('td', { class: 'num' }, can.ruleWrite ? editButtons('eventTypes', t.name, `event type ${t.name}`, status) : null))))))
        : h('p', { class: 'muted' }, 'No event type is declared.'),
      features.length
        ? h('details', { class: 'features-list' },
          h('summary', null, `Derived features (${int(features.length)})`),
          h('p', { class: 'hint' }, 'Computed from each customer\u2019s events over a window of days; rules read them as feature("name"). They are declared in event-types.json beside the event types.'),
          h('div', { class: 'table-wrap' }, h('table', { class: 'compact' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Feature'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Events'), h('th', { scope: 'col', class: 'num' }, 'Days'))),
            h('tbody', null, features.map((f) => h('tr', null,
              h('th', { scope: 'row' }, h('span', { class: 'mono' }, f.name), f.description ? h('div', { class: 'cell-desc' }, f.description) : null),
              h('td', null, f.kind, f.attribute ? h('span', { class: 'cell-sub' }, ` of ${f.attribute}`) : null),
              h('td', { class: 'mono' }, (f.events || []).join(', ')),
              h('td', { class: 'num' }, int(f.days))))))))
        : null);
  }

  // -------- Editing: one form at a time, kept in the draft

  /** A labelled input with its hint and error slot; the ids follow setFieldError's convention. */
  function formField(id, label, input, { hint, optional, cls } = {}) {
    input.id = id;
    input.setAttribute('aria-describedby', [hint ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' '));
    return h('div', { class: 'field' + (cls ? ' ' + cls : '') },
      h('label', { for: id }, label, optional ? h('span', { class: 'muted' }, ' (optional)') : null),
      input,
      hint ? h('p', { class: 'hint', id: id + '-hint' }, hint) : null,
      h('p', { class: 'field-error', id: id + '-error', hidden: true }));
  }

  const textInput = (value, props = {}) => h('input', { type: 'text', value: value === undefined || value === null ? '' : String(value), autocomplete: 'off', spellcheck: 'false', ...props });

  /** Why an eligibility cannot stand inside Customer( … ), or null: the server's own test. */
  function eligibilityProblem(text) {
    if (/[\r\n]/.test(text)) return 'must be one line';
    let depth = 0;
    let quoted = false;
    let words = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"' && (i === 0 || text[i - 1] !== '\\')) { quoted = !quoted; words += ' '; continue; }
      if (quoted) continue;
      words += c;
      if (c === '(') depth += 1;
      else if (c === ')' && --depth < 0) return 'closes a parenthesis it did not open';
      else if (c === ';') return 'may not contain \u201c;\u201d: it is one condition on the customer, such as age >= 25';
    }
    if (quoted) return 'has a quote that is not closed';
    if (depth !== 0) return 'leaves a parenthesis open';
    const word = words.split(/[^A-Za-z_]+/).find((w) => ['then', 'end', 'rule', 'when'].includes(w));
    if (word) return `may not use the word \u201c${word}\u201d: it is one condition on the customer, such as age >= 25`;
    return null;
  }

  /**
   * A day (2026-12-24) or an instant (2026-12-24T09:00:00Z, or with an offset), as the server reads them;
   * a day given as an end ends at the next midnight, UTC.
   */
  function parseWhen(text, end) {
    if (!text) return { value: null, at: null };
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      const d = new Date(text + 'T00:00:00Z');
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) return { error: true };
      if (end) d.setUTCDate(d.getUTCDate() + 1);
      return { value: text, at: d.getTime() };
    }
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(text);
    if (m) {
      const day = new Date(m[1] + 'T00:00:00Z');
      const at = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
      if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== m[1] || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59 || Number.isNaN(at)) {
        return { error: true };
      }
      return { value: text, at };
    }
    return { error: true };
  }

  /** A number of a field; `fallback` when empty (undefined: required). */
  function readNumber(input, fallback) {
    const t = input.value.trim().replace(',', '.');
    if (t === '') return fallback === undefined ? { missing: true } : { value: fallback };
    const n = Number(t);
    return Number.isFinite(n) ? { value: n } : { invalid: true };
  }

  function isHttpLink(text) {
    try {
      const u = new URL(text);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !/\s/.test(text);
    } catch (e) {
      return false;
    }
  }

  /**
   * Opens the form of an item of `kind` (null `key`: a new one). An item of the version shown keeps its
   * id; one only in the draft may be renamed.
   */
  async function openEditor(kind, key) {
    const s = state.strategy;
    if (s.editing && s.editing.dirty) {
      const ok = await confirmDialog({
        title: 'Leave the form?',
        body: h('p', null, 'The changes in the open form are not in the draft yet. Leaving the form drops them.'),
        confirm: 'Drop them',
        danger: true,
      });
      if (!ok) { s.editing.focus(); return; }
    }
    const row = key ? effectiveItems(kind).find((r) => keyOf(kind, r.item) === key) : null;
    const item = row ? row.item : null;
    const inBase = !!key && (shownStrategy()[kind] || []).some((x) => keyOf(kind, x) === key);
    const builders = { actions: actionEditor, journeys: journeyEditor, eventTypes: eventTypeEditor };
    s.editing = builders[kind](item, { inBase, key });
    s.editing.kind = kind;
    s.editing.key = key;
    renderActionEditor();
    renderLibrary();
    const problems = s.draft && s.draft.problems && key ? s.draft.problems.byItem.get(`${kind}\u0000${key}`) : null;
    if (problems) s.editing.showProblems(problems);
    $('strategy-editor').scrollIntoView({ block: 'start', behavior: 'smooth' });
    s.editing.focus();
  }

  function closeEditor({ focusKey } = {}) {
    const s = state.strategy;
    const kind = s.editing ? s.editing.kind : null;
    s.editing = null;
    renderActionEditor();
    renderLibrary();
    if (focusKey && kind) {
      const label = kind === 'actions' ? 'Edit ' : kind === 'journeys' ? 'Edit journey ' : 'Edit event type ';
      const b = Array.from(document.querySelectorAll('#panel-actions button')).find((x) => (x.getAttribute('aria-label') || '').startsWith(label) && x.closest('tr, li') && x.closest('tr, li').textContent.includes(focusKey));
      if (b) b.focus();
    }
  }

  function renderActionEditor() {
    const s = state.strategy;
    const slot = $('strategy-editor');
    if (!s.editing) { fill(slot); return; }
    if (slot.firstChild !== s.editing.el) fill(slot, s.editing.el);
  }

  /** The frame shared by the three forms: heading, general problems, fields, buttons. */
  function editorFrame({ title, intro, body, keep, onKeep, onRemove, removeLabel }) {
    const general = h('div', { class: 'message-slot', 'aria-live': 'polite' });
    const keepButton = h('button', { type: 'submit', class: 'button primary' }, keep || 'Keep in the draft');
    const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
    const remove = onRemove ? h('button', { type: 'button', class: 'button danger remove-item' }, removeLabel) : null;
    const form = h('form', { novalidate: true }, general, body,
      h('div', { class: 'editor-actions' }, keepButton, cancel, remove,
        h('p', { class: 'hint' }, 'Kept changes gather in the draft above; nothing is saved until you save the draft as a new version.')));
    const el = h('section', { class: 'card strategy-form', 'aria-labelledby': 'strategy-form-title' },
      h('h2', { id: 'strategy-form-title', tabindex: '-1' }, title), intro ? h('p', { class: 'hint form-intro' }, intro) : null, form);
    const ed = { el, general, dirty: false, errorIds: [] };
    form.addEventListener('input', (e) => {
      ed.dirty = true;
      // A field's error goes once the field is changed.
      const id = e.target.id || (e.target.closest('fieldset') && e.target.closest('fieldset').id);
      if (id && ed.errorIds.includes(id)) clearFieldError(id);
    });
    form.addEventListener('change', () => { ed.dirty = true; });
    form.addEventListener('submit', (e) => { e.preventDefault(); onKeep(ed); });
    cancel.addEventListener('click', async () => {
      if (ed.dirty) {
        const ok = await confirmDialog({ title: 'Drop the changes in the form?', body: h('p', null, 'They are not in the draft.'), confirm: 'Drop them', danger: true });
        if (!ok) return;
      }
      closeEditor({ focusKey: state.strategy.editing && state.strategy.editing.key });
    });
    if (remove) remove.addEventListener('click', () => onRemove(ed));
    ed.clearErrors = () => { ed.errorIds.forEach(clearFieldError); ed.errorIds = []; fill(general); };
    ed.setErrors = (errors, title) => {
      ed.clearErrors();
      errors.forEach(([id, msg]) => { if (id) { setFieldError(id, msg); ed.errorIds.push(id); } });
      fill(general, h('div', { class: 'alert error', role: 'alert' },
        h('strong', null, title || (errors.length === 1 ? 'The problem below must be put right first' : `The ${int(errors.length)} problems below must be put right first`)),
        h('ul', null, errors.map(([id, msg]) => h('li', null, id
          ? h('button', { type: 'button', class: 'link-button', onclick: () => focusField(id) }, msg)
          : msg)))));
      const first = errors.find(([id]) => id);
      if (first) focusField(first[0]);
      else general.querySelector('.alert').focus && $('strategy-form-title').focus();
    };
    return ed;
  }

  /** Focuses a field by id; a fieldset by its first control. */
  function focusField(id) {
    const x = $(id);
    if (!x) return;
    (x.tagName === 'FIELDSET' ? x.querySelector('input, select, textarea, button') || x : x).focus();
  }

  // -------- The action form

  function actionEditor(item, { inBase, key }) {
    const a = item ? JSON.parse(JSON.stringify(item)) : { id: '', name: '', issue: '', group: '', journey: '', value: '', lever: 1, treatments: [] };
    const journeys = liveItems('journeys');
    const groups = Array.from(new Set(liveItems('actions').map((x) => x.group).filter(Boolean))).sort();
    const f = {
      id: textInput(a.id, { maxlength: 100, readonly: inBase ? true : null, required: true }),
      name: textInput(a.name, { maxlength: 200, required: true, spellcheck: 'true' }),
      issue: h('select', { required: true }, h('option', { value: '' }, 'Choose\u2026'),
        ISSUE_CODES.map((c) => h('option', { value: c, selected: a.issue === c ? true : null }, capitalise(c)))),
      group: textInput(a.group, { maxlength: 100, list: 'ae-groups', required: true }),
      journey: h('select', { required: true }, h('option', { value: '' }, 'Choose\u2026'),
        journeys.map((j) => h('option', { value: j.id, selected: a.journey === j.id ? true : null }, `${j.name} (${j.id})`))),
      value: h('input', { type: 'number', min: 0, step: 'any', value: isNum(a.value) ? a.value : '', inputmode: 'decimal', required: true }),
      lever: h('input', { type: 'number', min: 0, step: 'any', value: isNum(a.lever) ? a.lever : 1, inputmode: 'decimal' }),
      mandatory: h('input', { type: 'checkbox', id: 'ae-mandatory', checked: a.mandatory ? true : null }),
      dailyLimit: h('input', { type: 'number', min: 0, step: 1, value: a.dailyLimit || 0, inputmode: 'numeric' }),
      budget: h('input', { type: 'number', min: 0, step: 1, value: a.budget || 0, inputmode: 'numeric' }),
      activeFrom: textInput(a.activeFrom ? dayOrInstant(a.activeFrom, false) : '', { placeholder: '2026-12-01', maxlength: 40 }),
      activeUntil: textInput(a.activeUntil ? dayOrInstant(a.activeUntil, true) : '', { placeholder: '2026-12-31', maxlength: 40 }),
      description: h('textarea', { rows: 2, maxlength: 2000 }),
    };
    f.description.value = a.description || '';
    const stagesBox = h('div', { class: 'role-choices stage-choices' });
    const stagesField = h('fieldset', { class: 'field', id: 'ae-stages', 'aria-describedby': 'ae-stages-hint ae-stages-error' },
      h('legend', null, 'Stages'), stagesBox,
      h('p', { class: 'hint', id: 'ae-stages-hint' }, 'The stages of its journey where the action applies; none ticked: every stage.'),
      h('p', { class: 'field-error', id: 'ae-stages-error', hidden: true }));
    let ticked = new Set(a.stages || []);
    const drawStages = () => {
      const j = journeys.find((x) => x.id === f.journey.value);
      Array.from(stagesBox.querySelectorAll('input:checked')).forEach((x) => ticked.add(x.value));
      Array.from(stagesBox.querySelectorAll('input:not(:checked)')).forEach((x) => ticked.delete(x.value));
      fill(stagesBox, j
        ? (j.stages || []).map((st) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'ae-stage', value: st, checked: ticked.has(st) ? true : null }), ` ${stageLabel(st)}`))
        : h('span', { class: 'muted' }, 'Choose a journey first.'));
    };
    f.journey.addEventListener('change', drawStages);
    drawStages();

    // Treatments: rows in order of preference.
    let counter = 0;
    const rows = [];
    const list = h('div', { class: 'treatment-rows' });
    const addButton = h('button', { type: 'button', class: 'button small' }, '+ Add a treatment');
    const renumber = () => {
      rows.forEach((r, i) => {
        r.legend.textContent = `Treatment ${i + 1}`;
        r.up.disabled = i === 0;
        r.down.disabled = i === rows.length - 1;
        r.up.setAttribute('aria-label', `Move treatment ${i + 1} up: preferred before the one above`);
        r.down.setAttribute('aria-label', `Move treatment ${i + 1} down`);
        r.remove.setAttribute('aria-label', `Remove treatment ${i + 1}`);
      });
      fill(list, rows.length ? rows.map((r) => r.el) : h('p', { class: 'muted' }, 'No treatment yet: the action is offered on the channels it has a treatment for.'));
    };
    const treatmentRow = (t) => {
      const n = ++counter;
      const p = `ae-t${n}`;
      const r = {
        n,
        inputs: {
          id: textInput(t.id, { maxlength: 100, placeholder: 'e.g. web-banner' }),
          channel: h('select', null, h('option', { value: '' }, 'Choose\u2026'),
            Object.entries(CHANNEL_NAMES).map(([code, label]) => h('option', { value: code, selected: t.channel === code ? true : null }, label))),
          title: textInput(t.title, { maxlength: 300, spellcheck: 'true' }),
          text: h('textarea', { rows: 2, maxlength: 4000, spellcheck: 'true' }),
          template: textInput(t.template, { maxlength: 300, placeholder: 'e.g. cms:savings-hero' }),
          link: textInput(t.link, { maxlength: 2000, placeholder: 'https://\u2026', type: 'url' }),
          eligibility: textInput(t.eligibility, { maxlength: 1000, placeholder: 'e.g. balance >= 20000', class: 'mono-input' }),
        },
      };
      r.inputs.text.value = t.text || '';
      r.legend = h('legend');
      r.up = h('button', { type: 'button', class: 'button ghost small', title: 'Move up' }, '\u2191');
      r.down = h('button', { type: 'button', class: 'button ghost small', title: 'Move down' }, '\u2193');
      r.remove = h('button', { type: 'button', class: 'button ghost small', title: 'Remove' }, '\u2715');
      const move = (by) => {
        const i = rows.indexOf(r);
        const j = i + by;
        if (j < 0 || j >= rows.length) return;
        [rows[i], rows[j]] = [rows[j], rows[i]];
        renumber();
        (by < 0 ? r.up : r.down).disabled ? r.inputs.id.focus() : (by < 0 ? r.up : r.down).focus();
        announce(`Treatment moved to place ${j + 1}.`);
        ed.dirty = true;
      };
      r.up.addEventListener('click', () => move(-1));
      r.down.addEventListener('click', () => move(1));
      r.remove.addEventListener('click', () => {
        const i = rows.indexOf(r);
        rows.splice(i, 1);
        renumber();
        const next = rows[Math.min(i, rows.length - 1)];
        (next ? next.inputs.id : addButton).focus();
        announce(`Treatment ${i + 1} removed.`);
        ed.dirty = true;
      });
      r.el = h('fieldset', { class: 'treatment-row', id: `${p}` },
        r.legend,
        h('div', { class: 'treatment-tools' }, r.up, r.down, r.remove),
        h('div', { class: 'treatment-grid' },
          formField(`${p}-id`, 'Id', r.inputs.id),
          formField(`${p}-channel`, 'Channel', r.inputs.channel),
          formField(`${p}-title`, 'Title', r.inputs.title, { cls: 'span-2' }),
          formField(`${p}-text`, 'Text', r.inputs.text, { optional: true, cls: 'span-2' }),
          formField(`${p}-template`, 'Template', r.inputs.template, { optional: true }),
          formField(`${p}-link`, 'Link', r.inputs.link, { optional: true }),
          formField(`${p}-eligibility`, 'Eligibility', r.inputs.eligibility, { optional: true, cls: 'span-4' })));
      return r;
    };
    (a.treatments || []).forEach((t) => rows.push(treatmentRow(t)));
    addButton.addEventListener('click', () => {
      const r = treatmentRow({});
      rows.push(r);
      renumber();
      r.inputs.id.focus();
      ed.dirty = true;
    });
    renumber();

    const onKeep = (e) => {
      const { value, errors } = read();
      if (errors.length) { e.setErrors(errors); announce(`The action has ${plural(errors.length, 'problem')}.`); return; }
      e.clearErrors();
      if (key && key !== value.id) ensureDraft().actions.put.delete(key);
      putInDraft('actions', value);
      state.strategy.editing = null;
      renderActionEditor();
      renderLibrary();
      announce(`${value.name} is in the draft.`);
      const card = $('strategy-draft');
      if (card) { card.scrollIntoView({ block: 'nearest', behavior: 'smooth' }); const c = $('draft-comment'); if (c) c.focus({ preventScroll: true }); }
    };
    const onRemove = async () => {
      const ok = await confirmDialog({
        title: `Remove ${a.name || a.id}?`,
        body: h('p', null, 'The action leaves the library in the new version: it is offered no more once the version is approved and activated. Rules, scenarios and contact policies that name it must not need it.'),
        confirm: 'Remove from the draft',
        danger: true,
      });
      if (!ok) return;
      removeInDraft('actions', key);
      state.strategy.editing = null;
      renderActionEditor();
      renderLibrary();
      announce(`${a.name || a.id} is removed in the draft.`);
    };
    const body = [
      h('datalist', { id: 'ae-groups' }, groups.map((g) => h('option', { value: g }))),
      h('fieldset', { class: 'form-part' }, h('legend', null, 'What it is'),
        h('div', { class: 'form-grid' },
          formField('ae-id', 'Id', f.id, { hint: inBase ? 'An action keeps its id: rules, models and the decision history name it.' : `Used in rules, models and the API: ${ID_RULE}.` }),
          formField('ae-name', 'Name', f.name, { cls: 'span-2' }),
          formField('ae-issue', 'Issue', f.issue, { hint: 'The business purpose' }),
          formField('ae-group', 'Group', f.group, { hint: 'A product line or theme' }),
          formField('ae-journey', 'Journey', f.journey),
          h('div', { class: 'span-2' }, stagesField),
          formField('ae-description', 'Description', f.description, { optional: true, cls: 'span-4' }))),
      h('fieldset', { class: 'form-part' }, h('legend', null, 'Arbitration and volume'),
        h('div', { class: 'form-grid' },
          formField('ae-value', 'Value', f.value, { hint: 'What a positive response is worth, \u2265 0' }),
          formField('ae-lever', 'Lever', f.lever, { hint: 'A boost (> 1) or a brake (< 1); 1 is neutral' }),
          formField('ae-daily-limit', 'Daily limit', f.dailyLimit, { hint: 'Most impressions a day across all customers; 0: none' }),
          formField('ae-budget', 'Budget', f.budget, { hint: 'Most impressions in the action\u2019s whole life; 0: none' }),
          h('div', { class: 'field check span-4' }, f.mandatory,
            h('label', { for: 'ae-mandatory' }, h('b', null, 'Mandatory'), ' \u2014 a regulatory notice: shown whenever it is eligible, before any other action, whatever the contact policy')))),
      h('fieldset', { class: 'form-part' }, h('legend', null, 'Active period'),
        h('div', { class: 'form-grid' },
          formField('ae-active-from', 'From', f.activeFrom, { optional: true, hint: 'A day (2026-12-01) or an instant in UTC (2026-12-01T09:00:00Z); empty: since ever' }),
          formField('ae-active-until', 'Until', f.activeUntil, { optional: true, hint: 'A day, included (2026-12-31), or the instant it stops; empty: for ever' }))),
      h('fieldset', { class: 'form-part', id: 'ae-treatments', 'aria-describedby': 'ae-treatments-hint ae-treatments-error' },
        h('legend', null, 'Treatments'),
        h('p', { class: 'hint', id: 'ae-treatments-hint' }, 'What each channel shows, in order of preference: a decision answers with the first treatment of the channel asked that the customer may get. The action is offered on the channels it has a treatment for. ',
          'Template: the channel\u2019s template, image or CMS key. Link: an http or https address. ',
          'Eligibility: only customers who meet it get the treatment, written as a constraint of the Customer fact, such as ', h('code', null, 'balance >= 20000'), ' or ', h('code', null, 'age >= 25 && holds("current-account")'), '; empty: every customer who may get the action.'),
        h('p', { class: 'field-error', id: 'ae-treatments-error', hidden: true }),
        list, addButton),
    ];
    const ed = editorFrame({
      title: item ? `Edit the action \u201c${a.name || a.id}\u201d` : 'New action',
      intro: item ? null : 'The action joins the library of the new version.',
      body,
      onKeep,
      onRemove: key ? onRemove : null,
      removeLabel: 'Remove this action\u2026',
    });

    function read() {
      const errors = [];
      const err = (id, msg) => errors.push([id, msg]);
      const o = {};
      o.id = f.id.value.trim();
      if (!o.id) err('ae-id', 'Give the action an id.');
      else if (!ID_PATTERN.test(o.id)) err('ae-id', `The id must be ${ID_RULE}.`);
      else if (o.id !== key && liveItems('actions').some((x) => x.id === o.id)) err('ae-id', `Another action has the id ${o.id}.`);
      o.name = f.name.value.trim();
      if (!o.name) err('ae-name', 'Give the action a name.');
      o.issue = f.issue.value;
      if (!ISSUE_CODES.includes(o.issue)) err('ae-issue', 'Choose the issue.');
      o.group = f.group.value.trim();
      if (!o.group) err('ae-group', 'Give the action a group.');
      o.journey = f.journey.value;
      if (!o.journey) err('ae-journey', 'Choose the journey.');
      const stages = Array.from(stagesBox.querySelectorAll('input:checked')).map((x) => x.value);
      if (stages.length) o.stages = stages;
      const value = readNumber(f.value);
      if (value.missing) err('ae-value', 'Give the value of a positive response (0 or more).');
      else if (value.invalid || value.value < 0) err('ae-value', 'The value must be a number, 0 or more.');
      else o.value = value.value;
      const lever = readNumber(f.lever, 1);
      if (lever.invalid || lever.value < 0) err('ae-lever', 'The lever must be a number, 0 or more (1 is neutral).');
      else o.lever = lever.value;
      if (f.mandatory.checked) o.mandatory = true;
      const daily = readNumber(f.dailyLimit, 0);
      if (daily.invalid || !Number.isInteger(daily.value) || daily.value < 0 || daily.value > MAX_INT) err('ae-daily-limit', 'The daily limit must be a whole number, 0 or more (0: no limit).');
      else if (daily.value > 0) o.dailyLimit = daily.value;
      const budget = readNumber(f.budget, 0);
      if (budget.invalid || !Number.isInteger(budget.value) || budget.value < 0) err('ae-budget', 'The budget must be a whole number of impressions, 0 or more (0: no limit).');
      else if (budget.value > 0) o.budget = budget.value;
      const from = parseWhen(f.activeFrom.value.trim(), false);
      const until = parseWhen(f.activeUntil.value.trim(), true);
      if (from.error) err('ae-active-from', 'The start must be a day (2026-12-01) or an instant in UTC (2026-12-01T09:00:00Z).');
      else if (from.value) o.activeFrom = from.value;
      if (until.error) err('ae-active-until', 'The end must be a day (2026-12-31) or an instant in UTC (2026-12-31T18:00:00Z).');
      else if (until.value) o.activeUntil = until.value;
      if (from.at !== null && until.at !== null && from.at !== undefined && until.at !== undefined && from.at >= until.at) {
        err('ae-active-until', 'The end must come after the start.');
      }
      const description = f.description.value.trim();
      if (description) o.description = description;
      o.treatments = [];
      if (!rows.length) err('ae-treatments', 'Give the action at least one treatment: it is offered on the channels it has a treatment for.');
      const seen = new Set();
      rows.forEach((r, i) => {
        const p = `ae-t${r.n}`;
        const where = `Treatment ${i + 1}`;
        const t = {};
        t.id = r.inputs.id.value.trim();
        if (!t.id) err(`${p}-id`, `${where} needs an id.`);
        else if (!ID_PATTERN.test(t.id)) err(`${p}-id`, `${where}: the id must be ${ID_RULE}.`);
        else if (seen.has(t.id)) err(`${p}-id`, `${where}: another treatment of the action has the id ${t.id}.`);
        seen.add(t.id);
        t.channel = r.inputs.channel.value;
        if (!CHANNEL_NAMES[t.channel]) err(`${p}-channel`, `${where}: choose its channel.`);
        t.title = r.inputs.title.value.trim();
        if (!t.title) err(`${p}-title`, `${where} needs a title.`);
        const text = r.inputs.text.value.trim();
        if (text) t.text = text;
        const template = r.inputs.template.value.trim();
        if (template) t.template = template;
        const link = r.inputs.link.value.trim();
        if (link && !isHttpLink(link)) err(`${p}-link`, `${where}: the link must be an http or https address.`);
        else if (link) t.link = link;
        const eligibility = r.inputs.eligibility.value.trim();
        const problem = eligibility ? eligibilityProblem(eligibility) : null;
        if (problem) err(`${p}-eligibility`, `${where}: the eligibility ${problem}.`);
        else if (eligibility) t.eligibility = eligibility;
        o.treatments.push(t);
      });
      return { value: o, errors };
    }

    const simple = {
      id: 'ae-id', name: 'ae-name', issue: 'ae-issue', group: 'ae-group', journey: 'ae-journey', stages: 'ae-stages',
      value: 'ae-value', lever: 'ae-lever', mandatory: 'ae-mandatory', dailyLimit: 'ae-daily-limit', budget: 'ae-budget',
      activeFrom: 'ae-active-from', activeUntil: 'ae-active-until', description: 'ae-description', treatments: 'ae-treatments',
    };
    ed.fieldId = (path) => {
      const m = /^treatments\[(\d+)\]\.?(\w*)/.exec(path);
      if (m) {
        const r = rows[Number(m[1])];
        if (!r) return 'ae-treatments';
        return m[2] && r.inputs[m[2]] ? `ae-t${r.n}-${m[2]}` : `ae-t${r.n}-id`;
      }
      return simple[path.split(/[.[]/)[0]] || null;
    };
    ed.showProblems = (problems) => showServerProblems(ed, problems);
    ed.focus = () => $('strategy-form-title').focus();
    return ed;
  }

  /** A field of an item as the server names it (treatments[1].title), in words: "Treatment 2, title". */
  function pathLabel(path) {
    if (!path) return '';
    return path.split('.').map((part) => {
      const m = /^(\w+)\[(\d+)\]$/.exec(part);
      if (m) return `${capitalise(m[1].replace(/s$/, ''))} ${Number(m[2]) + 1}`;
      return DIFF_FIELDS[part] || part;
    }).join(', ');
  }

  const problemText = (p) => sentence(p.path ? `${pathLabel(p.path)}: ${p.message}` : p.message);

  /** The server's field errors on the form: each on its field when the form has it, else above the fields. */
  function showServerProblems(ed, problems) {
    const placed = problems.map((p) => {
      const id = ed.fieldId(p.path);
      return [id && $(id) ? id : null, problemText(p)];
    });
    ed.setErrors(placed, 'The server did not accept this');
  }

  // -------- The journey form

  function journeyEditor(item, { inBase, key }) {
    const j = item ? JSON.parse(JSON.stringify(item)) : { id: '', name: '', description: '', stages: [] };
    const f = {
      id: textInput(j.id, { maxlength: 100, readonly: inBase ? true : null }),
      name: textInput(j.name, { maxlength: 200, spellcheck: 'true' }),
      description: h('textarea', { rows: 2, maxlength: 2000 }),
    };
    f.description.value = j.description || '';
    let counter = 0;
    const rows = [];
    const list = h('ol', { class: 'stage-rows' });
    const add = h('button', { type: 'button', class: 'button small' }, '+ Add a stage');
    const used = new Set(liveItems('actions').filter((a) => a.journey === j.id).flatMap((a) => a.stages || []));
    const renumber = () => {
      rows.forEach((r, i) => {
        r.label.textContent = `Stage ${i + 1}`;
        r.up.disabled = i === 0;
        r.down.disabled = i === rows.length - 1;
        r.up.setAttribute('aria-label', `Move stage ${i + 1} up`);
        r.down.setAttribute('aria-label', `Move stage ${i + 1} down`);
        r.remove.setAttribute('aria-label', `Remove stage ${i + 1}`);
      });
      fill(list, rows.map((r) => r.el));
    };
    const stageRow = (code) => {
      const n = ++counter;
      const id = `je-s${n}`;
      const r = { n, input: textInput(code, { maxlength: 100, placeholder: 'e.g. keep-in-touch', 'aria-describedby': `${id}-error` }) };
      r.input.id = id;
      r.label = h('label', { for: id, class: 'stage-label' });
      r.up = h('button', { type: 'button', class: 'button ghost small', title: 'Move up' }, '\u2191');
      r.down = h('button', { type: 'button', class: 'button ghost small', title: 'Move down' }, '\u2193');
      r.remove = h('button', { type: 'button', class: 'button ghost small', title: 'Remove' }, '\u2715');
      const move = (by) => {
        const i = rows.indexOf(r);
        if (i + by < 0 || i + by >= rows.length) return;
        [rows[i], rows[i + by]] = [rows[i + by], rows[i]];
        renumber();
        r.input.focus();
        ed.dirty = true;
      };
      r.up.addEventListener('click', () => move(-1));
      r.down.addEventListener('click', () => move(1));
      r.remove.addEventListener('click', () => {
        const i = rows.indexOf(r);
        rows.splice(i, 1);
        renumber();
        const next = rows[Math.min(i, rows.length - 1)];
        (next ? next.input : add).focus();
        ed.dirty = true;
      });
      r.el = h('li', { class: 'stage-row' }, r.label, r.input, r.up, r.down, r.remove,
        code && used.has(code) ? h('span', { class: 'cell-sub' }, 'actions apply here') : null,
        h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
      return r;
    };
    (j.stages || []).forEach((st) => rows.push(stageRow(st)));
    add.addEventListener('click', () => {
      const r = stageRow('');
      rows.push(r);
      renumber();
      r.input.focus();
      ed.dirty = true;
    });
    renumber();
    const read = () => {
      const errors = [];
      const o = { id: f.id.value.trim(), name: f.name.value.trim() };
      if (!o.id) errors.push(['je-id', 'Give the journey an id.']);
      else if (!ID_PATTERN.test(o.id)) errors.push(['je-id', `The id must be ${ID_RULE}.`]);
      else if (o.id !== key && liveItems('journeys').some((x) => x.id === o.id)) errors.push(['je-id', `Another journey has the id ${o.id}.`]);
      if (!o.name) errors.push(['je-name', 'Give the journey a name.']);
      const description = f.description.value.trim();
      if (description) o.description = description;
      o.stages = [];
      const seen = new Set();
      rows.forEach((r, i) => {
        const v = r.input.value.trim();
        if (!v) errors.push([r.input.id, `Stage ${i + 1} needs a code.`]);
        else if (!ID_PATTERN.test(v)) errors.push([r.input.id, `Stage ${i + 1}: the code must be ${ID_RULE}.`]);
        else if (seen.has(v)) errors.push([r.input.id, `Stage ${i + 1}: the journey already has the stage ${v}.`]);
        seen.add(v);
        o.stages.push(v);
      });
      if (!rows.length) errors.push(['je-stages', 'A journey needs at least one stage.']);
      const dropped = (j.stages || []).filter((st) => used.has(st) && !o.stages.includes(st));
      if (dropped.length) errors.push(['je-stages', `Actions apply at ${dropped.join(', ')}: change them first, or keep the stage.`]);
      return { value: o, errors };
    };
    const ed = editorFrame({
      title: item ? `Edit the journey \u201c${j.name || j.id}\u201d` : 'New journey',
      intro: 'The stage rules (journey-stages.drl) place customers at these stages; actions name the stages where they apply.',
      body: [
        h('div', { class: 'form-grid' },
          formField('je-id', 'Id', f.id, { hint: inBase ? 'A journey keeps its id: actions and stage rules name it.' : ID_RULE }),
          formField('je-name', 'Name', f.name, { cls: 'span-3' }),
          formField('je-description', 'Description', f.description, { optional: true, cls: 'span-4' })),
        h('fieldset', { class: 'form-part', id: 'je-stages', 'aria-describedby': 'je-stages-hint je-stages-error' },
          h('legend', null, 'Stages, in their usual order'),
          h('p', { class: 'hint', id: 'je-stages-hint' }, `Codes in ${ID_RULE}. Customers skip, go back and stall: the order is for people reading it.`),
          h('p', { class: 'field-error', id: 'je-stages-error', hidden: true }),
          list, add),
      ],
      onKeep: (e) => {
        const { value, errors } = read();
        if (errors.length) { e.setErrors(errors); return; }
        if (key && key !== value.id) ensureDraft().journeys.put.delete(key);
        putInDraft('journeys', value);
        state.strategy.editing = null;
        renderActionEditor();
        announce(`The journey ${value.name} is in the draft.`);
      },
      onRemove: key ? async () => {
        const n = liveItems('actions').filter((a) => a.journey === key).length;
        if (n) {
          await confirmDialog({ title: 'The journey has actions', body: h('p', null, `${plural(n, 'action')} belong to it: move or remove them first.`), confirm: 'OK' });
          return;
        }
        const ok = await confirmDialog({ title: `Remove the journey ${j.name || j.id}?`, body: h('p', null, 'Stage rules that place customers in it must go too, or the version is refused.'), confirm: 'Remove from the draft', danger: true });
        if (!ok) return;
        removeInDraft('journeys', key);
        state.strategy.editing = null;
        renderActionEditor();
      } : null,
      removeLabel: 'Remove this journey\u2026',
    });
    ed.fieldId = (path) => {
      const m = /^stages\[(\d+)\]/.exec(path);
      if (m) return rows[Number(m[1])] ? rows[Number(m[1])].input.id : 'je-stages';
      return { id: 'je-id', name: 'je-name', description: 'je-description', stages: 'je-stages' }[path] || null;
    };
    ed.showProblems = (problems) => showServerProblems(ed, problems);
    ed.focus = () => $('strategy-form-title').focus();
    return ed;
  }

  // -------- The event type form: its declaration as JSON

  const EVENT_TYPE_KEYS = ['name', 'description', 'attributes', 'updates', 'triggers'];

  function eventTypeProblems(o, key) {
    const p = [];
    if (!o || typeof o !== 'object' || Array.isArray(o)) return ['The declaration must be one JSON object: { "name": \u2026, "description": \u2026, "attributes": {\u2026}, "updates": [\u2026] }.'];
    Object.keys(o).filter((k) => !EVENT_TYPE_KEYS.includes(k)).forEach((k) => p.push(`Unknown key \u201c${k}\u201d; an event type has ${EVENT_TYPE_KEYS.join(', ')}.`));
    if (typeof o.name !== 'string' || !o.name.trim()) p.push('\u201cname\u201d must be a text, such as payment.missed.');
    else if (key && o.name !== key) p.push(`The name stays ${key}: to rename the type, add a new one and remove this one.`);
    else if (!key && liveItems('eventTypes').some((t) => t.name === o.name)) p.push(`Another event type is named ${o.name}.`);
    if (typeof o.description !== 'string') p.push('\u201cdescription\u201d must be a text.');
    if (!o.attributes || typeof o.attributes !== 'object' || Array.isArray(o.attributes)) {
      p.push('\u201cattributes\u201d must be an object, {} when the events carry none.');
    } else {
      for (const [k, r] of Object.entries(o.attributes)) {
        if (!r || typeof r !== 'object') { p.push(`Attribute ${k} must be an object such as {"kind": "string", "required": true}.`); continue; }
        if (!ATTRIBUTE_KINDS.includes(r.kind)) p.push(`Attribute ${k}: "kind" must be one of ${ATTRIBUTE_KINDS.join(', ')}.`);
        if ('required' in r && typeof r.required !== 'boolean') p.push(`Attribute ${k}: "required" must be true or false.`);
        if ('allowed' in r && !(Array.isArray(r.allowed) && r.allowed.every((x) => typeof x === 'string'))) p.push(`Attribute ${k}: "allowed" must be a list of texts.`);
        for (const b of ['min', 'max']) if (b in r && !isNum(r[b])) p.push(`Attribute ${k}: "${b}" must be a number.`);
      }
    }
    if (!Array.isArray(o.updates)) {
      p.push('\u201cupdates\u201d must be a list, [] when the events change no profile field.');
    } else {
      o.updates.forEach((u, i) => {
        if (!u || typeof u !== 'object' || typeof u.field !== 'string' || typeof u.operation !== 'string') {
          p.push(`Update ${i + 1} must name its "field" and its "operation".`);
        } else if ('attribute' in u && typeof u.attribute !== 'string') {
          p.push(`Update ${i + 1}: "attribute" must be the name of an attribute.`);
        } else if (typeof u.attribute === 'string' && o.attributes && typeof o.attributes === 'object' && !(u.attribute in o.attributes)) {
          p.push(`Update ${i + 1} reads the attribute ${u.attribute}, which the type does not declare.`);
        }
      });
    }
    if ('triggers' in o) {
      if (!Array.isArray(o.triggers)) p.push('\u201ctriggers\u201d must be a list of channel codes.');
      else o.triggers.filter((c) => !CHANNEL_NAMES[c]).forEach((c) => p.push(`Trigger \u201c${c}\u201d is not a channel; the channels are ${Object.keys(CHANNEL_NAMES).join(', ')}.`));
    }
    return p;
  }

  function eventTypeEditor(item, { key }) {
    const start = item || {
      name: 'account.opened', description: 'What happened, in one sentence.',
      attributes: { product: { kind: 'string', required: true } },
      updates: [{ field: 'products', operation: 'add', attribute: 'product' }],
      triggers: ['app'],
    };
    const ta = h('textarea', { class: 'code-input json-input', rows: 16, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', wrap: 'off' });
    ta.value = JSON.stringify(start, null, 2);
    const ed = editorFrame({
      title: item ? `Edit the event type \u201c${item.name}\u201d` : 'New event type',
      intro: 'An event type says what a channel or a back office may report about a customer: its attributes, the profile fields its events change, and the channels on which an event triggers an outbound decision.',
      body: [
        formField('et-json', 'Declaration (JSON)', ta, {
          hint: 'Attributes: {"name": {"kind": "string" | "number" | "boolean", "required": true, "allowed": [\u2026], "min": 0, "max": 1}}. Updates: {"field": "missedPayments", "operation": "increment" | "set" | "add" | "remove", "value": 1} or {\u2026, "attribute": "name"}. Triggers: channel codes.',
        }),
      ],
      onKeep: (e) => {
        let o;
        try {
          o = JSON.parse(ta.value);
        } catch (err) {
          e.setErrors([['et-json', `The declaration is not valid JSON: ${err.message}.`]]);
          return;
        }
        const problems = eventTypeProblems(o, key);
        if (problems.length) { e.setErrors(problems.map((m) => ['et-json', m])); return; }
        if (Array.isArray(o.triggers) && !o.triggers.length) delete o.triggers;
        putInDraft('eventTypes', o);
        state.strategy.editing = null;
        renderActionEditor();
        announce(`The event type ${o.name} is in the draft.`);
      },
      onRemove: key ? async () => {
        const ok = await confirmDialog({
          title: `Remove the event type ${key}?`,
          body: h('p', null, 'Channels can no longer report it: events of this type are refused once the version is in force. Derived features that count it must go too.'),
          confirm: 'Remove from the draft', danger: true,
        });
        if (!ok) return;
        removeInDraft('eventTypes', key);
        state.strategy.editing = null;
        renderActionEditor();
      } : null,
      removeLabel: 'Remove this event type\u2026',
    });
    ed.fieldId = () => 'et-json';
    ed.showProblems = (problems) => showServerProblems(ed, problems);
    ed.focus = () => $('strategy-form-title').focus();
    return ed;
  }

  // -------- The draft card: what will change, and saving it as a new version

  function itemLabel(kind, key) {
    const row = effectiveItems(kind).find((r) => keyOf(kind, r.item) === key);
    const name = row && row.item.name;
    return kind === 'eventTypes' || !name || name === key ? key : `${name} (${key})`;
  }

  function renderDraftCard() {
    const s = state.strategy;
    const slot = $('strategy-draft');
    if (s.saved) { fill(slot, savedView(s.saved)); return; }
    const d = s.draft;
    if (!d) { fill(slot); return; }
    const problems = d.problems;
    const items = [];
    for (const kind of KIND_ORDER) {
      const base = shownStrategy()[kind] || [];
      const entries = [
        ...Array.from(d[kind].put.keys()).map((key) => [key, base.some((x) => keyOf(kind, x) === key) ? 'changed' : 'new']),
        ...Array.from(d[kind].remove).map((key) => [key, 'removed']),
      ];
      for (const [key, status] of entries) {
        const own = problems && problems.byItem.get(`${kind}\u0000${key}`);
        const label = itemLabel(kind, key);
        items.push(h('li', { class: 'draft-item' + (own ? ' has-problems' : '') },
          h('span', { class: 'chip' }, KINDS[kind].label), ' ', h('b', null, label), ' ', draftChip(status),
          h('span', { class: 'draft-item-actions' },
            status !== 'removed' ? h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Edit ${label} again`, onclick: () => openEditor(kind, key) }, 'Edit') : null,
            h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Undo the change to ${label}`, onclick: () => { undoInDraft(kind, key); announce(`The change to ${label} is undone.`); } }, 'Undo')),
          own ? h('ul', { class: 'draft-problems' }, own.map((p) => h('li', null, problemText(p)))) : null));
      }
    }
    const comment = h('textarea', { id: 'draft-comment', rows: 2, maxlength: 2000, placeholder: 'e.g. savings account worth more for the spring campaign', 'aria-describedby': 'draft-comment-hint draft-comment-error' });
    comment.value = d.comment || '';
    comment.addEventListener('input', () => { d.comment = comment.value; clearFieldError('draft-comment'); });
    const save = h('button', { type: 'button', class: 'button primary', id: 'draft-save' }, 'Save as a new version');
    save.addEventListener('click', () => saveDraft(save));
    const discard = h('button', { type: 'button', class: 'button ghost' }, 'Discard the draft');
    discard.addEventListener('click', async () => {
      const ok = await confirmDialog({ title: 'Discard the draft?', body: h('p', null, `Its ${plural(draftCount(d), 'change')} are lost. Nothing was saved.`), confirm: 'Discard', danger: true });
      if (!ok) return;
      s.draft = null;
      s.editing = null;
      renderStrategy();
      announce('Draft discarded.');
      $('actions-filter').focus();
    });
    fill(slot, h('section', { class: 'card draft-card', 'aria-labelledby': 'draft-title' },
      h('div', { class: 'section-title' },
        h('h2', { id: 'draft-title' }, 'Draft changes'),
        h('span', { class: 'count' }, `${plural(draftCount(d), 'change')} to ${versionWord(d.base)}, not saved yet`)),
      h('ul', { class: 'draft-items' }, items),
      problems && problems.general ? problems.general : null,
      h('div', { class: 'field' },
        h('label', { for: 'draft-comment' }, 'Why these changes'),
        comment,
        h('p', { class: 'hint', id: 'draft-comment-hint' }, 'Kept with the new version and in the audit of rule changes; the approver reads it.'),
        h('p', { class: 'field-error', id: 'draft-comment-error', hidden: true })),
      h('div', { class: 'editor-actions' }, save, discard,
        h('p', { class: 'hint' }, `Saving makes a new version based on ${versionWord(d.base)}: a draft that waits for approval. Nothing goes live until an approver approves it and it is activated.`))));
  }

  /** Sorts the server's field errors (actions.put[0].value) by the item of the draft they name. */
  function placeEditProblems(err, sent) {
    const byItem = new Map();
    const rest = [];
    for (const fe of err.fieldErrors) {
      const m = /^(actions|journeys|eventTypes)\.(put|remove)\[(\d+)\]\.?(.*)$/.exec(fe.field);
      const key = m && sent[m[1]] && sent[m[1]][m[2]][Number(m[3])];
      if (key === undefined || key === null) { rest.push(fe); continue; }
      const id = `${m[1]}\u0000${key}`;
      if (!byItem.has(id)) byItem.set(id, []);
      byItem.get(id).push({ path: m[4], message: fe.message });
    }
    return { byItem, rest };
  }

  /**
   * Places a compilation problem on the action of the draft it names ("the eligibility of treatment
   * email-savers of action savings-account: …"), on the treatment's field when it names one.
   */
  function placeCompilationProblems(problems, d, byItem) {
    for (const p of problems) {
      const m = /(?:treatment ([a-z0-9._-]+) of )?action ([a-z0-9._-]+)/.exec(p.message || '');
      const item = m && d.actions.put.get(m[2]);
      if (!item) continue;
      let path = '';
      if (m[1]) {
        const i = (item.treatments || []).findIndex((t) => t.id === m[1]);
        if (i >= 0) path = `treatments[${i}]` + (/eligibility/.test(p.message) ? '.eligibility' : '');
      }
      const id = `actions\u0000${m[2]}`;
      if (!byItem.has(id)) byItem.set(id, []);
      byItem.get(id).push({ path, message: p.message.replace(/^[^:]*: (rule "[^"]*": )?/, '') });
    }
  }

  async function saveDraft(button) {
    const s = state.strategy;
    const d = s.draft;
    if (!d) return;
    clearFieldError('draft-comment');
    if (s.editing && s.editing.dirty) {
      s.editing.setErrors([[null, 'Keep these changes in the draft, or cancel them, before saving the draft.']], 'The form is still open');
      $('strategy-form-title').focus();
      return;
    }
    const comment = (d.comment || '').trim();
    if (!comment) {
      setFieldError('draft-comment', 'Say why: the comment is kept with the version and the approver reads it.');
      $('draft-comment').focus();
      return;
    }
    const { body, sent } = editsBody(d, comment);
    setBusy(button, true);
    try {
      const { data } = await api(`rulesets/${enc(d.base)}/edits`, { method: 'POST', body });
      s.saved = { version: String(data.version), base: d.base, upload: data, diff: null, names: draftNames(d) };
      s.draft = null;
      s.editing = null;
      announce(`Saved as ${versionWord(data.version)}, a draft waiting for approval.`);
      state.rules.versions = null; // the Rules tab reads them again
      await loadVersions();
      renderVersionSelect();
      renderStrategy();
      loadSavedDiff(s.saved);
      const card = $('strategy-draft');
      if (card) { card.scrollIntoView({ block: 'start', behavior: 'smooth' }); const t = $('saved-title'); if (t) t.focus({ preventScroll: true }); }
    } catch (e) {
      const { byItem, rest } = placeEditProblems(e, sent);
      placeCompilationProblems(e.compilation, d, byItem);
      const commentError = rest.find((fe) => fe.field === 'comment');
      if (commentError) setFieldError('draft-comment', sentence(fieldErrorText(commentError)));
      const general = e.compilation.length
        ? problemView(e, {
          title: 'The new version was not saved: it does not compile',
          kind: false,
          more: [h('p', null, 'Each problem names the file of the version that the draft would write, and its line.'), compilationList(e.compilation)],
        })
        : problemView(Object.assign(Object.create(ApiError.prototype), e, { fieldErrors: rest, detail: byItem.size && !rest.length ? '' : e.detail }), {
          title: 'The new version was not saved',
          more: byItem.size ? h('p', null, 'Each problem is shown with the change it concerns, above, and on its field when the form is open.') : null,
        });
      d.problems = { byItem, general };
      renderDraftCard();
      const first = byItem.keys().next();
      if (!first.done) {
        const [kind, key] = first.value.split('\u0000');
        const open = s.editing && s.editing.kind === kind && s.editing.key === key;
        if (open) s.editing.showProblems(byItem.get(first.value));
        else if (!d[kind].remove.has(key)) await openEditor(kind, key);
      } else {
        const box = $('strategy-draft').querySelector('.alert');
        if (box) { box.setAttribute('tabindex', '-1'); box.focus(); }
      }
      announce('The new version was not saved. ' + problemLine(e));
    } finally {
      setBusy(button, false);
    }
  }

  /** The names of what the draft touched, to name removed or new items in the diff. */
  function draftNames(d) {
    const names = new Map();
    for (const kind of ['actions', 'journeys']) {
      for (const item of d[kind].put.values()) names.set(`${kind}\u0000${item.id}`, item.name);
      for (const key of d[kind].remove) {
        const row = effectiveItems(kind).find((r) => keyOf(kind, r.item) === key);
        if (row) names.set(`${kind}\u0000${key}`, row.item.name);
      }
    }
    return names;
  }

  async function loadSavedDiff(saved) {
    const against = activeVersion() || saved.base;
    saved.against = against;
    try {
      const { data } = await api(`rulesets/${enc(saved.version)}/diff?against=${enc(against)}&format=json`);
      saved.diff = data;
    } catch (e) {
      saved.diff = { error: e };
    }
    if (state.strategy.saved === saved) renderDraftCard();
  }

  function savedView(saved) {
    const s = saved.upload || {};
    const sc = s.scenarios || {};
    const total = (sc.passed || 0) + (sc.failed || 0);
    const v = versionWord(saved.version);
    const dismiss = h('button', { type: 'button', class: 'button small ghost' }, 'Dismiss');
    dismiss.addEventListener('click', () => { state.strategy.saved = null; renderDraftCard(); $('actions-filter').focus(); });
    let diff;
    if (!saved.diff) diff = h('p', { class: 'loading' }, `Comparing ${v} with ${versionWord(saved.against || saved.base)}\u2026`);
    else if (saved.diff.error) diff = problemView(saved.diff.error, { title: 'The changes could not be compared' });
    else if (saved.diff.strategy) diff = strategyDiffView(saved.diff.strategy, saved.names);
    else diff = diffSummary(saved.diff);
    return h('section', { class: 'card draft-card saved', 'aria-labelledby': 'saved-title' },
      h('div', { class: sc.failed ? 'alert warn' : 'alert ok', role: 'status' },
        h('strong', { id: 'saved-title', tabindex: '-1' }, `\u2713 Saved as ${v}, a draft waiting for approval`),
        h('p', null, `Based on ${versionWord(saved.base)}. Nothing goes live until an approver other than you approves it and it is activated. `,
          total ? (sc.failed ? `${int(sc.failed)} of ${plural(total, 'scenario')} fail: it cannot be activated until they pass.` : `All ${plural(total, 'scenario')} pass.`) : ''),
        h('div', { class: 'alert-actions' },
          h('button', { type: 'button', class: 'button small primary', onclick: () => go('#rules/' + enc(saved.version)) }, `Review ${v} and simulate its impact`),
          h('button', { type: 'button', class: 'button small', onclick: () => { state.strategy.saved = null; go('#actions/' + enc(saved.version)); } }, `Show ${v} here`),
          dismiss)),
      h('h3', { class: 'saved-diff-title' }, `What changes against ${versionWord(saved.against || saved.base)}${(saved.against || saved.base) === activeVersion() ? ', in force' : ''}`),
      diff);
  }

  // -------- The strategy's changes, field by field (also in the Rules tab's comparison)

  const DIFF_KINDS = [
    ['actions', 'Actions', 'action'], ['journeys', 'Journeys', 'journey'],
    ['eventTypes', 'Event types', 'event type'], ['derivedFeatures', 'Derived features', 'derived feature'],
  ];
  const DIFF_FIELDS = {
    name: 'Name', issue: 'Issue', group: 'Group', journey: 'Journey', stages: 'Stages', value: 'Value', lever: 'Lever',
    mandatory: 'Mandatory', dailyLimit: 'Daily limit', budget: 'Budget', activeFrom: 'Active from', activeUntil: 'Active until',
    description: 'Description', treatments: 'Treatments, in order of preference', channel: 'channel', title: 'title', text: 'text',
    template: 'template', link: 'link', eligibility: 'eligibility', updates: 'Profile changes', triggers: 'Triggers',
    kind: 'Kind', events: 'Events', attribute: 'Attribute', days: 'Days',
  };

  function diffFieldLabel(field) {
    const t = /^treatments\.([^.]+)\.(\w+)$/.exec(field);
    if (t) return ['Treatment ', h('span', { class: 'mono' }, t[1]), `: ${DIFF_FIELDS[t[2]] || t[2]}`];
    const a = /^attributes\.(.+)$/.exec(field);
    if (a) return ['Attribute ', h('span', { class: 'mono' }, a[1])];
    return DIFF_FIELDS[field] || field;
  }

  function diffValue(v, cls) {
    return v === null || v === undefined || v === ''
      ? h('span', { class: 'muted' }, 'none')
      : h('span', { class: 'diff-value ' + cls }, String(v));
  }

  /** A bound of an active period as a person reads it: the last day included rather than the next midnight. */
  function periodText(field, value) {
    if (!value || (field !== 'activeFrom' && field !== 'activeUntil')) return value;
    const end = field === 'activeUntil';
    const shown = dayOrInstant(value, end);
    return /^\d{4}-\d{2}-\d{2}$/.test(shown) && end ? `${shown}, included` : shown;
  }

  /** The strategy member of a diff: what was added, removed and changed, field by field. */
  function strategyDiffView(strategy, names) {
    const nameOf = (kind, id) => {
      const n = (names && names.get(`${kind}\u0000${id}`)) || (kind === 'actions' ? actionName(id) : null);
      return n && n !== id ? [n, ' ', h('span', { class: 'cell-sub mono' }, id)] : h('span', { class: 'mono' }, id);
    };
    const parts = DIFF_KINDS.map(([kind, title, one]) => {
      const x = strategy[kind];
      if (!x) return null;
      const added = x.added || [];
      const removed = x.removed || [];
      const changed = x.changed || [];
      if (!added.length && !removed.length && !changed.length) return null;
      const id = `sdiff-${kind}`;
      return h('section', { class: 'strategy-diff-kind', 'aria-labelledby': id },
        h('h4', { id }, title, h('span', { class: 'count' }, ' \u00b7 ',
          [added.length ? `${int(added.length)} added` : null, removed.length ? `${int(removed.length)} removed` : null, changed.length ? `${int(changed.length)} changed` : null].filter(Boolean).join(', '))),
        added.length || removed.length
          ? h('ul', { class: 'plain-list diff-items' },
            added.map((k) => h('li', null, h('span', { class: 'chip ok' }, 'Added'), ' ', nameOf(kind, k))),
            removed.map((k) => h('li', null, h('span', { class: 'chip danger' }, 'Removed'), ' ', nameOf(kind, k))))
          : null,
        changed.map((c) => h('div', { class: 'table-wrap diff-fields' }, h('table', { class: 'compact' },
          h('caption', null, h('span', { class: 'chip primary' }, 'Changed'), ' ', h('span', { class: 'sr-only' }, `${one} `), nameOf(kind, c.id)),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Before'), h('th', { scope: 'col' }, 'After'))),
          h('tbody', null, (c.fields || []).map((fc) => h('tr', null,
            h('th', { scope: 'row' }, diffFieldLabel(fc.field)),
            h('td', null, diffValue(periodText(fc.field, fc.before), 'del')),
            h('td', null, diffValue(periodText(fc.field, fc.after), 'add')))))))));
    }).filter(Boolean);
    if (!parts.length) {
      return h('div', { class: 'alert info', role: 'status' }, h('strong', null, 'The strategy is the same'),
        h('p', null, 'No action, treatment, journey or event type differs; the changes, if any, are in the rule files.'));
    }
    return h('div', { class: 'strategy-diff' }, parts);
  }

  // ------------------------------------------------------------------------------------------------
  // Wiring

  function init() {
    $('signin-form').addEventListener('submit', onSignInSubmit);
    $('sign-out').addEventListener('click', () => signOut());
    $('tabs').addEventListener('keydown', onTabKeydown);
    for (const tab of document.querySelectorAll('#tabs [role="tab"]')) {
      tab.addEventListener('click', () => go('#' + tab.dataset.tab));
    }
    window.addEventListener('hashchange', () => route());

    // Decide
    $('customer-filter').addEventListener('input', renderCustomerList);
    $('customer-filter').addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        const first = $('customer-list').querySelector('button[data-id]');
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    $('customer-list').addEventListener('keydown', onCustomerListKeydown);
    $('customer-page-size').addEventListener('change', (e) => {
      state.customers.limit = Number(e.target.value) || 50;
      state.customers.offset = Math.floor(state.customers.offset / state.customers.limit) * state.customers.limit;
      loadCustomers();
    });
    $('customer-first').addEventListener('click', () => pageTo(0));
    $('customer-prev').addEventListener('click', () => pageTo(state.customers.offset - state.customers.limit));
    $('customer-next').addEventListener('click', () => pageTo(state.customers.offset + state.customers.limit));
    $('customer-last').addEventListener('click', () => pageTo(Number.MAX_SAFE_INTEGER));
    $('decide-customer').addEventListener('change', (e) => {
      const id = e.target.value.trim();
      clearFieldError('decide-customer');
      if (id && id !== state.selectedCustomer) {
        state.selectedCustomer = id;
        markSelectedCustomer();
        loadProfile(id);
      }
    });
    $('decide-limit').addEventListener('input', () => clearFieldError('decide-limit'));
    $('context-add').addEventListener('click', () => {
      const row = contextRow();
      $('context-rows').append(row);
      row.querySelector('input').focus();
    });
    $('decide-form').addEventListener('submit', onDecideSubmit);
    resetContextRows();

    // Explain
    $('explain-form').addEventListener('submit', onExplainSubmit);
    $('explain-id').addEventListener('input', () => clearFieldError('explain-id'));
    $('verify-button').addEventListener('click', verifyChain);

    // Rules
    $('rules-new').addEventListener('click', () => (state.rules.editor ? go('#rules/new') : startDraft(null)));
    $('rules-rollback').addEventListener('click', rollBack);
    $('versions-refresh').addEventListener('click', () => loadVersions());
    $('versions-output').addEventListener('keydown', (e) => arrowNav(e, Array.from($('versions-output').querySelectorAll('button[data-version]'))));
    $('stats-refresh').addEventListener('click', loadStats);
    $('stats-filter').addEventListener('input', renderStats);
    $('changes-refresh').addEventListener('click', () => loadChanges());
    window.addEventListener('beforeunload', (e) => {
      if (state.auth && (draftDirty(state.rules.editor) || state.strategy.draft || (state.strategy.editing && state.strategy.editing.dirty))) {
        e.preventDefault();
        e.returnValue = '';
      }
    });

    // Models
    $('models-refresh').addEventListener('click', refreshModels);
    $('training-form').addEventListener('submit', downloadTrainingData);
    $('training-cancel').addEventListener('click', cancelTrainingDownload);
    for (const id of ['training-from', 'training-to']) {
      $(id).addEventListener('input', () => { clearFieldError(id); updateTrainingHint(); });
    }
    $('retrain-copy').addEventListener('click', (e) => copyText($('retrain-command').textContent, e.currentTarget));
    resetTrainingForm();

    // Journeys
    $('journeys-refresh').addEventListener('click', () => renderJourneysTab(true));

    // Actions
    $('actions-filter').addEventListener('input', renderLibrary);
    $('actions-channel').addEventListener('change', renderLibrary);
    $('actions-issue').addEventListener('change', renderLibrary);
    $('strategy-version').addEventListener('change', (e) => go('#actions/' + enc(e.target.value)));
    $('actions-new').addEventListener('click', () => openEditor('actions', null));
    $('journey-new').addEventListener('click', () => openEditor('journeys', null));
    $('event-type-new').addEventListener('click', () => openEditor('eventTypes', null));

    // Users
    fill($('user-role-choices'), USER_ROLES.map((role) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'roles', value: role }), ` ${role}`)));
    $('user-form').addEventListener('submit', onUserCreate);
    $('user-username').addEventListener('input', () => clearFieldError('user-username'));
    $('user-password').addEventListener('input', () => clearFieldError('user-password'));
    $('user-role-choices').addEventListener('change', () => clearFieldError('user-roles'));
    $('users-refresh').addEventListener('click', loadUsers);
    $('user-changes-refresh').addEventListener('click', loadUserChanges);

    // Credentials live in memory only: every load starts signed out.
    for (const p of document.querySelectorAll('[role="tabpanel"]')) p.hidden = true;
    showSignIn('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
