// Sign in: a person's username and password (POST /auth/login). A wrong password shows the server's
// own message; the service role is refused (api.login): the dashboard is for people.

import {api, ApiError} from '../api.js';
import {h, message, replace} from '../dom.js';
import {homeOf} from '../routes.js';

export async function render(root, ctx) {
  const username = h('input', {id: 'username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false'});
  const password = h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Sign in');
  const feedback = h('div', {class: 'feedback'}, ctx.notice ? message('notice', ctx.notice) : null);
  const form = h('form', {class: 'login', novalidate: true, 'aria-labelledby': 'login-title', onsubmit: async e => {
    e.preventDefault();
    if (!username.value.trim() || !password.value) {
      replace(feedback, message('error', 'Enter your username and password.'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    replace(feedback);
    try {
      const user = await api.login(username.value.trim(), password.value);
      ctx.navigate(safeNext(ctx.query.next) || homeOf(user.role), {replace: true});
    } catch (err) {
      password.value = '';
      const text = err instanceof ApiError ? err.message : `Vigil cannot be reached: ${err.message}`;
      replace(feedback, message('error', text));
      password.focus();
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  }},
  h('h1', {id: 'login-title', tabindex: '-1'}, 'Sign in to Vigil'),
  feedback,
  h('div', {class: 'field'}, h('label', {for: 'username'}, 'Username'), username),
  h('div', {class: 'field'}, h('label', {for: 'password'}, 'Password'), password),
  submit,
  h('p', {class: 'hint'}, 'Programs use an API key instead: see ', h('a', {href: '/docs'}, 'the API'), '.'));
  replace(root, h('div', {class: 'login-page'}, form));
  username.focus();
}

/** Only a page of the app is a place to go after signing in: never another site. */
function safeNext(next) {
  return typeof next === 'string' && /^\/ui\/[^/\\]/.test(next) && !next.startsWith('/ui/login') ? next : null;
}
