/*
 * The Users tab (admin): one user per person and per channel system; every change is recorded with who made it.
 */
import { api, fieldErrorText, problemView } from './api.js';
import { $, clearFieldError, confirmDialog, copyText, fill, h, setBusy, setFieldError } from './dom.js';
import { DASH, sentence, timeElShort } from './format.js';
import { state } from './state.js';
import { vocabulary } from './vocabulary.js';

const USER_CHANGE_KINDS = {
  created: 'Created', disabled: 'Disabled', enabled: 'Enabled', 'roles-changed': 'Roles changed', 'password-reset': 'Password reset',
};

/** The roles a new user may be given, as the server names them. */
export function renderRoleChoices() {
  fill($('user-role-choices'), vocabulary.roles.map((role) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'roles', value: role }), ` ${role}`)));
}

export function resetUserForm() {
  $('user-form').reset();
  ['user-username', 'user-roles', 'user-password'].forEach(clearFieldError);
  fill($('user-form-message'));
}

export async function loadUsers() {
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
    vocabulary.roles.map((role) => h('label', { class: 'check' },
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

export async function onUserCreate(event) {
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

export async function loadUserChanges() {
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
