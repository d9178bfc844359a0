/*
 * Signing in and out: who the user is, what their roles let them do, and emptying every view on sign-out.
 */
import { api, basicToken, problemView } from './api.js';
import { resetContextRows } from './decide/request.js';
import { $, fill, h, setBusy } from './dom.js';
import { initials } from './format.js';
import { resetTrainingForm } from './models/training.js';
import { newModelsState, newRulesState, newStrategyState, setActions, state } from './state.js';
import { route } from './tabs.js';
import { renderRoleChoices, resetUserForm } from './users.js';
import { setVocabulary } from './vocabulary.js';

/**
 * Signs in: the API says who the user is and which roles it has (GET /api/v1/me), and the codes it
 * speaks in (GET /api/v1/vocabulary).
 */
async function signIn(user, token) {
  const [me, library, vocabulary] = await Promise.all(
    [api('me', { token }), api('actions', { token }), api('vocabulary', { token })]);
  setVocabulary(vocabulary.data);
  renderRoleChoices();
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

export function signedOutByServer(err) {
  signOut({ message: err, keepHash: true });
}

export function signOut({ message, keepHash } = {}) {
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

export function showSignIn(user, message) {
  $('signin-view').hidden = false;
  $('signin-user').value = user || $('signin-user').value;
  $('signin-password').value = '';
  fill($('signin-error'), message ? problemView(message, { title: message.status === 401 ? 'Please sign in again' : undefined }) : null);
  window.setTimeout(() => ($('signin-user').value ? $('signin-password') : $('signin-user')).focus(), 0);
}

export async function onSignInSubmit(event) {
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
