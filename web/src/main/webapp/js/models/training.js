/*
 * The Models tab: downloading training data and the command that retrains a model from it.
 */
import { API, ApiError, enc, failure, fieldErrorText, problemView, REQUEST_TIMEOUT_MS } from '../api.js';
import { $, announce, clearFieldError, downloadBlob, fill, h, setBusy, setFieldError } from '../dom.js';
import { plural, sentence, size } from '../format.js';
import { RETRAIN_COMMAND, TRAINING_DAYS } from './models.js';
import { state } from '../state.js';

// -------- Training data

export const isoDay = (date) => date.toISOString().slice(0, 10);

export function resetTrainingForm() {
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

export function updateTrainingHint() {
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

export async function downloadTrainingData(event) {
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

export function cancelTrainingDownload() {
  const d = state.models.download;
  if (!d) return;
  d.cancelled = true;
  d.controller.abort();
}
