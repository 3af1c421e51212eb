// Your account: who is signed in, the role, and what the role may do, as the server says (GET /auth/me).

import {api} from '../api.js';
import {h, replace} from '../dom.js';
import {ROLE_NAMES} from '../routes.js';

export async function render(root) {
  const me = await api.get('/auth/me');
  replace(root,
    h('h1', {tabindex: '-1'}, 'Your account'),
    h('dl', {class: 'facts'},
      h('dt', null, 'Username'), h('dd', null, me.name),
      h('dt', null, 'Role'), h('dd', null, ROLE_NAMES[me.role] || me.role)),
    h('h2', null, 'What your role may do'),
    h('ul', {class: 'permissions'}, me.may.map(p => h('li', null, p.meaning))));
}
