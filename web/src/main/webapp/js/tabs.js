/*
 * The tabs and the address: which view the hash names, and what a tab loads when it is first shown.
 * Addresses: #decide, #decide/<customer id>, #explain, #explain/<decision id>, #models, #models/<model id>, #rules,
 * #rules/<version>, #rules/new, #journeys, #actions, #actions/<version>, #users.
 */
import { showActions } from './actions/strategy.js';
import { loadCustomers, selectCustomer } from './decide/customers.js';
import { $ } from './dom.js';
import { explain } from './explain.js';
import { capitalise } from './format.js';
import { renderJourneysTab } from './journeys.js';
import { loadModels, showModels } from './models/models.js';
import { loadChanges, loadStats } from './rules/stats.js';
import { showRules } from './rules/versions.js';
import { state } from './state.js';
import { loadUserChanges, loadUsers } from './users.js';

function visibleTabs() {
  return Array.from(document.querySelectorAll('#tabs [role="tab"]')).filter((t) => !t.hidden);
}

export function route({ focusPanel } = {}) {
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

export function go(hash) {
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

export function onTabKeydown(event) {
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
