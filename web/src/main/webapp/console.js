/*
 * Parcours console: sign in, decide, explain, browse the journeys and the action library.
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
  const OUTCOMES = [
    { code: 'accepted', label: 'Accepted' },
    { code: 'clicked', label: 'Clicked' },
    { code: 'rejected', label: 'Rejected' },
    { code: 'ignored', label: 'Ignored' },
  ];
  const FIELD_LABELS = {
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
  };

  // ------------------------------------------------------------------------------------------------
  // State

  const state = {
    auth: null, // { user, token, roles: [..], can: { decide, explain, verify, journeys, customerJourneys } }
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
    journeys: null, // the journeys, as answered by GET /journeys
    journeysLoading: null, // the request under way, shared by whoever needs the journeys
    journeysSeq: 0,
    customerJourneysSeq: 0,
  };

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
        journeys: any('channel', 'business', 'scientist', 'compliance', 'admin'),
        customerJourneys: any('channel', 'business', 'compliance', 'admin'),
      },
    };
    setActions(library.data);
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
    state.journeys = null;
    state.journeysLoading = null;
    state.journeysSeq += 1;
    state.customerJourneysSeq += 1;
    ['decide-submit', 'explain-submit', 'verify-button'].forEach((id) => setBusy($(id), false));
    ['customer-list', 'profile-body', 'explain-output'].forEach((id) => $(id).removeAttribute('aria-busy'));
    fill($('customer-list'));
    fill($('customer-range'));
    fill($('profile-body'), h('p', { class: 'empty' }, 'Pick a customer or type an id to see what is known about them.'));
    fill($('decision-output'));
    fill($('decide-error'));
    fill($('explain-output'));
    fill($('verify-result'));
    fill($('actions-output'));
    fill($('journeys-output'));
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
    $('tab-journeys').hidden = !a.can.journeys;
    $('tab-actions').hidden = false;
    $('verify-card').hidden = !a.can.verify;
    $('tabs').hidden = false;
    route({ focusPanel: true });
  }

  // ------------------------------------------------------------------------------------------------
  // Tabs and routing (#decide, #explain, #explain/<decision id>, #journeys, #actions)

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
    if (name === 'actions') {
      renderActions();
      // Journey names for the stages column; the table is drawn again once they are known.
      if (!state.journeys) loadJourneys().then(() => { if (state.activeTab === 'actions') renderActions(); }, () => {});
    }
    if (name === 'journeys') renderJourneysTab(true); // the customer counts move with every decision
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
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return;
    const buttons = Array.from($('customer-list').querySelectorAll('button[data-id]'));
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
   * sms:marketing; an older record may name channels only, shown then as chips.
   */
  function consentGrid(codes) {
    if (!Array.isArray(codes) || !codes.length) return h('span', { class: 'muted' }, 'None');
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
      profileFacts(p, ['customerId', 'name']),
      state.auth.can.customerJourneys
        ? h('div', { class: 'subsection profile-journeys', id: 'profile-journeys' }, h('h3', null, 'Journeys'), h('div', { id: 'customer-journeys' }))
        : null);
    if (state.auth.can.customerJourneys) loadCustomerJourneys(p.customerId);
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
            ? h('button', { type: 'button', class: 'button', onclick: () => go('#explain/' + encodeURIComponent(d.decisionId)) }, 'Explain this decision')
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
      h('div', { class: 'cell-sub mono' }, modelId || DASH),
      h('div', { class: 'cell-sub' }, `v${int(modelVersion)} \u00b7 ${plural(evidence, 'response')}`),
    ];
  }

  function rankedTable(d, actions) {
    const columns = [
      ['Rank'], ['Action'], ['Issue / group'], ['Journey'],
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
          h('td', null, actionCell(p.actionId, p.name)),
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
    const blob = new Blob([JSON.stringify(value, null, 2) + '\n'], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: filename, style: 'display:none' });
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    announce(`Downloading ${filename}.`);
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
    const req = r.request || {};
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
          ['Customer', h('span', { class: 'mono' }, req.customerId || DASH)],
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
        r.profile && typeof r.profile === 'object' ? profileFacts(r.profile) : h('p', { class: 'muted' }, 'Not recorded.')));

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
            h('td', null, actionCell(s.actionId)),
            h('td', null, h('span', { class: 'mono cell-sub' }, s.modelId || DASH)),
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
              : null))))
        : h('p', { class: 'muted' }, 'No change of stage recorded yet.'));
  }

  // ------------------------------------------------------------------------------------------------
  // Actions

  function setActions(list) {
    state.actions = Array.isArray(list) ? list : [];
    state.actionsById = new Map(state.actions.map((a) => [a.actionId, a]));
    const groups = Array.from(new Set(state.actions.map((a) => a.group).filter(Boolean))).sort();
    fill($('context-values-intent'), groups.map((g) => h('option', { value: g })));
    const issues = orderedIssues(state.actions);
    const select = $('actions-issue');
    const current = select.value;
    fill(select, h('option', { value: '' }, 'All issues'), issues.map((i) => h('option', { value: i }, capitalise(i))));
    select.value = issues.includes(current) ? current : '';
  }

  function orderedIssues(actions) {
    const present = new Set(actions.map((a) => a.issue));
    return [...ISSUE_ORDER.filter((i) => present.has(i)), ...Array.from(present).filter((i) => !ISSUE_ORDER.includes(i)).sort()];
  }

  async function reloadActions() {
    const out = $('actions-output');
    fill(out, h('div', { class: 'card loading' }, 'Loading the action library\u2026'));
    try {
      const { data } = await api('actions');
      setActions(data);
      renderActions();
    } catch (e) {
      fill(out, problemView(e, { title: 'The action library could not be loaded', retry: reloadActions }));
    }
  }

  function renderActions() {
    const out = $('actions-output');
    if (!state.actions) { reloadActions(); return; }
    const query = $('actions-filter').value.trim().toLowerCase();
    const channel = $('actions-channel').value;
    const issue = $('actions-issue').value;
    const shown = state.actions.filter((a) =>
      (!issue || a.issue === issue)
      && (!channel || (a.channels || []).includes(channel))
      && (!query || [a.actionId, a.name, a.group, a.journey, a.description, a.issue, ...(a.stages || [])]
        .some((x) => x && String(x).toLowerCase().includes(query))
        || (query === 'mandatory' && a.mandatory)));
    const issues = orderedIssues(shown);
    $('actions-count').textContent = `${plural(shown.length, 'action')} in ${plural(issues.length, 'issue')}` +
      (shown.length !== state.actions.length ? ` (of ${int(state.actions.length)})` : '');
    if (!shown.length) {
      fill(out, h('div', { class: 'card empty' }, state.actions.length ? 'No action matches these filters.' : 'The action library is empty.'));
      return;
    }
    fill(out, issues.map((iss) => {
      const ofIssue = shown.filter((a) => a.issue === iss);
      const groups = [];
      for (const a of ofIssue) {
        let g = groups.find((x) => x.name === a.group);
        if (!g) { g = { name: a.group, actions: [] }; groups.push(g); }
        g.actions.push(a);
      }
      const titleId = `issue-${iss}-title`;
      return h('section', { class: 'card issue-section', 'aria-labelledby': titleId },
        h('div', { class: 'section-title' }, h('h2', { id: titleId }, iss),
          h('span', { class: 'count' }, `${plural(ofIssue.length, 'action')} in ${plural(groups.length, 'group')}`)),
        h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Actions of issue ${iss}` },
          h('table', { class: 'library-table' },
            h('colgroup', null, ['c-action', 'c-journey', 'c-channels', 'c-limit', 'c-value', 'c-lever'].map((c) => h('col', { class: c }))),
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Journey and stages'), h('th', { scope: 'col' }, 'Channels'),
              h('th', { scope: 'col', class: 'num', title: 'Volume constraint: the most impressions a day across all customers' }, 'Daily limit'),
              h('th', { scope: 'col', class: 'num' }, 'Value'), h('th', { scope: 'col', class: 'num' }, 'Lever'))),
            groups.map((g) => h('tbody', null,
              h('tr', { class: 'group-row' }, h('th', { scope: 'colgroup', colspan: '6' }, 'Group ', h('span', { class: 'mono' }, g.name || DASH), h('span', { class: 'muted' }, ` \u00b7 ${plural(g.actions.length, 'action')}`))),
              g.actions.map((a) => h('tr', null,
                h('td', null,
                  h('div', { class: 'cell-title' }, a.name || a.actionId, a.mandatory ? [' ', mandatoryBadge()] : null),
                  h('div', { class: 'cell-sub mono' }, a.actionId),
                  a.description ? h('div', { class: 'cell-desc' }, a.description) : null),
                h('td', null, journeyStagesCell(a)),
                h('td', null, chipList(a.channels, channelName, 'None')),
                h('td', { class: 'num' }, dailyLimitView(a.dailyLimit)),
                h('td', { class: 'num' }, number(a.value)),
                h('td', { class: 'num' }, leverView(a.lever)))))))));
    }));
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
    const journey = state.journeys && state.journeys.find((j) => j.journeyId === a.journey);
    if (journey) {
      const order = (journey.stages || []).map((s) => s.stage);
      const rank = (st) => (order.includes(st) ? order.indexOf(st) : order.length);
      stages.sort((x, y) => rank(x) - rank(y));
    }
    return [
      h('div', null, journeyName(a.journey)),
      stages.length
        ? h('div', { class: 'chips stage-chips' }, stages.map((st) => h('span', { class: 'chip primary', title: `Stage ${st}` }, stageLabel(st))))
        : h('div', { class: 'cell-sub' }, 'Any stage'),
    ];
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

    // Journeys
    $('journeys-refresh').addEventListener('click', () => renderJourneysTab(true));

    // Actions
    $('actions-filter').addEventListener('input', renderActions);
    $('actions-channel').addEventListener('change', renderActions);
    $('actions-issue').addEventListener('change', renderActions);

    // Credentials live in memory only: every load starts signed out.
    for (const p of document.querySelectorAll('[role="tabpanel"]')) p.hidden = true;
    showSignIn('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
