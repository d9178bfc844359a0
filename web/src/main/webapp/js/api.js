/*
 * Access to the REST API: requests with the signed-in user's credentials and a timeout, and the errors
 * the server answers (application/problem+json) as readable alerts.
 */
import { signedOutByServer } from './auth.js';
import { append, h } from './dom.js';
import { sentence } from './format.js';
import { state } from './state.js';

export const API = 'api/v1/';
export const REQUEST_TIMEOUT_MS = 30000;
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

// API access

export class ApiError extends Error {
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
export function failure(res, text, auth) {
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
export async function api(path, { method = 'GET', body, headers = {}, token } = {}) {
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
export async function apiRaw(path, { bytes = false } = {}) {
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

export function fieldErrorText(e) {
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
export function problemView(err, { title, retry, more, kind = true } = {}) {
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
export function problemLine(err) {
  const e = err instanceof ApiError ? err : null;
  if (!e) return 'The console met an unexpected error.';
  const parts = [e.title];
  if (e.detail && !detailRepeatsErrors(e)) parts.push(sentence(e.detail));
  e.fieldErrors.forEach((fe) => parts.push(sentence(fieldErrorText(fe))));
  return parts.join(' \u2014 ') + (e.status > 0 ? ` (HTTP ${e.status})` : '');
}

export function newKey() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  // Pages served over plain HTTP (not localhost) have no randomUUID: build a version 4 UUID.
  const b = window.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function basicToken(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return window.btoa(binary);
}

export const enc = encodeURIComponent;
