/*
 * The Decide tab: the list of customers, paged and filtered.
 */
import { api, problemView } from '../api.js';
import { loadProfile } from './profile.js';
import { $, arrowNav, clearFieldError, fill, h } from '../dom.js';
import { DASH, int } from '../format.js';
import { state } from '../state.js';

export async function loadCustomers() {
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

export function renderCustomerList() {
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

export function pageTo(offset) {
  const c = state.customers;
  const lastOffset = c.total > 0 ? Math.floor((c.total - 1) / c.limit) * c.limit : 0;
  c.offset = Math.max(0, Math.min(offset, lastOffset));
  loadCustomers();
}

export function onCustomerListKeydown(event) {
  arrowNav(event, Array.from($('customer-list').querySelectorAll('button[data-id]')));
}

export function markSelectedCustomer() {
  for (const b of $('customer-list').querySelectorAll('button[data-id]')) {
    b.setAttribute('aria-pressed', String(b.dataset.id === state.selectedCustomer));
  }
}

export function selectCustomer(id, { focusForm } = {}) {
  const input = $('decide-customer');
  input.value = id;
  clearFieldError('decide-customer');
  state.selectedCustomer = id;
  markSelectedCustomer();
  loadProfile(id);
  if (focusForm) input.focus();
}
