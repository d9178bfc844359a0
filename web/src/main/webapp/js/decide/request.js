/*
 * The Decide tab: the form of a decision request and its field errors.
 */
import { api, fieldErrorText, problemView } from '../api.js';
import { markSelectedCustomer } from './customers.js';
import { rememberDecision, renderDecision } from './decision.js';
import { loadProfile } from './profile.js';
import { $, announce, clearFieldError, fill, h, setBusy, setFieldError } from '../dom.js';
import { plural, sentence } from '../format.js';
import { loadCustomerJourneys } from '../journeys.js';
import { state } from '../state.js';

const MAX_CONTEXT = 50;

export function contextRow(key = '', value = '') {
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

export function resetContextRows() {
  fill($('context-rows'), contextRow());
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

export async function onDecideSubmit(event) {
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
