/*
 * Helpers for building and updating the page without innerHTML, and the small dialogs and field errors every view uses.
 */
export const $ = (id) => document.getElementById(id);

export function h(tag, props, ...children) {
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

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function announce(message) {
  const a = $('announcer');
  a.textContent = '';
  window.setTimeout(() => { a.textContent = message; }, 50);
}

export function setBusy(button, busy) {
  if (!button) return;
  button.disabled = busy;
  if (busy) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
}

export function setFieldError(id, message) {
  const input = $(id);
  const slot = $(id + '-error');
  if (input && input.tagName !== 'FIELDSET') input.setAttribute('aria-invalid', 'true');
  if (slot) { slot.textContent = message; slot.hidden = false; }
}

export function clearFieldError(id) {
  const input = $(id);
  const slot = $(id + '-error');
  if (input) input.removeAttribute('aria-invalid');
  if (slot) { slot.textContent = ''; slot.hidden = true; }
}

export async function copyText(text, button) {
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

export function downloadJson(filename, value) {
  downloadBlob(filename, new Blob([JSON.stringify(value, null, 2) + '\n'], { type: 'application/json' }));
}

export function downloadBlob(filename, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, style: 'display:none' });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  announce(`Downloading ${filename}.`);
}

/** Moves focus up and down a list of buttons with the arrow, Home and End keys. */
export function arrowNav(event, buttons) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
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

/**
 * A modal dialog asking to confirm; with `comment`, it also asks why. Resolves to { comment } when
 * confirmed, null when cancelled (Cancel, Escape, or the dialog closed by signing out).
 */
export function confirmDialog({ title, body, confirm, danger, comment }) {
  const dialog = $('confirm-dialog');
  const form = $('confirm-form');
  const input = $('confirm-comment');
  const ok = $('confirm-ok');
  const cancel = $('confirm-cancel');
  const opener = document.activeElement;
  if (dialog.open) dialog.close();
  fill($('confirm-title'), title);
  fill($('confirm-body'), body);
  $('confirm-comment-field').hidden = !comment;
  input.value = '';
  clearFieldError('confirm-comment');
  if (comment) {
    $('confirm-comment-label').textContent = comment.label || 'Comment';
    input.placeholder = comment.placeholder || '';
  }
  ok.textContent = confirm || 'OK';
  ok.className = 'button ' + (danger ? 'danger' : 'primary');
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('close', onCancel);
      if (dialog.open) dialog.close();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(value);
    };
    const onSubmit = (e) => {
      e.preventDefault();
      if (!comment) { finish({}); return; }
      const text = input.value.trim();
      if (!text) {
        setFieldError('confirm-comment', comment.missing || 'Say why: the comment is kept in the audit of rule changes.');
        input.focus();
        return;
      }
      finish({ comment: text });
    };
    const onCancel = () => finish(null);
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('close', onCancel);
    dialog.showModal();
    (comment ? input : cancel).focus();
  });
}

export async function askComment({ label, placeholder, missing, ...rest }) {
  const answer = await confirmDialog({ ...rest, comment: { label: label || 'Why? (kept in the audit of rule changes)', placeholder, missing } });
  return answer ? answer.comment : null;
}
