/*
 * The Decide tab: what is known about the customer picked, their identities, and erasing them.
 */
import { api, problemView } from '../api.js';
import { loadCustomers } from './customers.js';
import { $, announce, confirmDialog, fill, h, setBusy } from '../dom.js';
import {
  capitalise, channelName, DASH, initials, int, isNum, money, number, pct, tenure, timeEl, when,
} from '../format.js';
import { loadCustomerJourneys } from '../journeys.js';
import { state } from '../state.js';
import { vocabulary } from '../vocabulary.js';

/** How the console labels and writes each field of a profile; the server says which fields there are, in order. */
const PROFILE_FIELDS = {
  customerId: ['Customer id', (v) => h('span', { class: 'mono' }, v)],
  name: ['Name'],
  age: ['Age', (v) => (isNum(v) ? `${int(v)} years` : DASH)],
  region: ['Region'],
  segment: ['Segment', (v) => h('span', { class: 'chip primary' }, v)],
  tenureMonths: ['Customer for', tenure],
  products: ['Products', (v) => chipList(v, (p) => p, 'None')],
  balance: ['Balance', money],
  monthlyIncome: ['Monthly income', money],
  churnRisk: ['Churn risk', (v) => (isNum(v) && v >= 0.6 ? h('span', { class: 'chip warn' }, pct(v)) : pct(v))],
  missedPayments: ['Missed payments (90 days)', (v) => (isNum(v) && v > 0 ? h('span', { class: 'chip warn' }, int(v)) : int(v))],
  openComplaint: ['Open complaint', (v) => (v ? h('span', { class: 'chip danger' }, 'Yes') : 'No')],
  travellingAbroad: ['Travelling abroad', (v) => (v ? h('span', { class: 'chip primary' }, 'Yes') : 'No')],
  consents: ['Consents', consentGrid],
  timeZone: ['Time zone'],
  updatedAt: ['Profile updated', timeEl],
};

export function chipList(values, label, none) {
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
  const channels = [...vocabulary.channels, ...pairs.map((p) => p[0]).filter((c) => !vocabulary.channels.includes(c))]
    .filter((c, i, all) => all.indexOf(c) === i);
  const purposes = [...vocabulary.purposes, ...pairs.map((p) => p[1]).filter((x) => !vocabulary.purposes.includes(x))]
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
export function profileFacts(profile, skip = []) {
  const dl = h('dl', { class: 'facts' });
  const seen = new Set(skip);
  for (const key of vocabulary.profileFields) {
    const [label, format] = PROFILE_FIELDS[key] || [key];
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

export async function loadProfile(id) {
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
