/*
 * The Parcours console's entry: wires the page's controls to the views and starts signed out.
 * Plain ES2020 modules, no dependencies and no build step; talks to the REST API of the same origin (api/v1/...).
 * Credentials are kept in this page's memory only and sent as HTTP Basic with every request.
 */
import { openEditor } from './actions/editor.js';
import { renderLibrary } from './actions/library.js';
import { enc } from './api.js';
import { onSignInSubmit, showSignIn, signOut } from './auth.js';
import {
  loadCustomers, markSelectedCustomer, onCustomerListKeydown, pageTo, renderCustomerList,
} from './decide/customers.js';
import { loadProfile } from './decide/profile.js';
import { contextRow, onDecideSubmit, resetContextRows } from './decide/request.js';
import { $, arrowNav, clearFieldError, copyText } from './dom.js';
import { onExplainSubmit, verifyChain } from './explain.js';
import { renderJourneysTab } from './journeys.js';
import { refreshModels } from './models/models.js';
import {
  cancelTrainingDownload, downloadTrainingData, resetTrainingForm, updateTrainingHint,
} from './models/training.js';
import { draftDirty, startDraft } from './rules/editor.js';
import { loadChanges, loadStats, renderStats } from './rules/stats.js';
import { loadVersions, rollBack } from './rules/versions.js';
import { state } from './state.js';
import { go, onTabKeydown, route } from './tabs.js';
import { loadUserChanges, loadUsers, onUserCreate } from './users.js';

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
