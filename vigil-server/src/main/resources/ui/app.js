// The app: the router (by location.pathname, with the History API), the layout and its navigation,
// the theme, and what happens when the session ends. Each page is a module with
// `export async function render(root, ctx)`, loaded the first time it is shown.

import {api, ApiError, explain} from './api.js';
import {h, link, message, replace} from './dom.js';
import {homeOf, match, ROLE_NAMES, routes} from './routes.js';

const root = document.getElementById('app');
let cleanup = null;
let shown = 0; // each navigation's number: a page that finishes loading after the next navigation is dropped
let notice = null; // why the last session ended, shown once on the login page

/** Goes to a path of the app without reloading. */
export function navigate(path, {replace: replacing = false} = {}) {
  history[replacing ? 'replaceState' : 'pushState'](null, '', path);
  show();
}

function loginPath(next) {
  return next && next.startsWith('/ui/') && next !== '/ui/login' ? `/ui/login?next=${encodeURIComponent(next)}` : '/ui/login';
}

function session() {
  const user = api.user();
  return user && {...user, allowed: roles => roles.includes(user.role)};
}

async function show() {
  const number = ++shown;
  runCleanup();
  const {pathname, search} = location;
  const user = session();
  if (pathname === '/' || pathname === '/ui' || pathname === '/ui/') {
    navigate(user ? homeOf(user.role) : '/ui/login', {replace: true});
    return;
  }
  const found = match(pathname);
  if (found && !found.route.open && !user) {
    navigate(loginPath(pathname + search), {replace: true});
    return;
  }
  if (found && found.route.open && user) { // signed in already: the login page has nothing to do
    navigate(homeOf(user.role), {replace: true});
    return;
  }
  const main = layout(user, pathname);
  if (!found) {
    document.title = 'Not found · Vigil';
    replace(main, h('h1', {tabindex: '-1'}, 'Page not found'),
      message('notice', 'There is no page at this address. ', user ? link(homeOf(user.role), 'Go to your first page') : link('/ui/login', 'Sign in')));
    focusHeading(main);
    return;
  }
  const {route, params} = found;
  document.title = `${route.title} · Vigil`;
  if (!route.open && !route.roles.includes(user.role)) {
    replace(main, h('h1', {tabindex: '-1'}, route.title),
      message('error', `This page is not for your role (${ROLE_NAMES[user.role] || user.role}). `, link(homeOf(user.role), 'Go to your first page')));
    focusHeading(main);
    return;
  }
  const ctx = {
    params,
    query: Object.fromEntries(new URLSearchParams(search)),
    session: user,
    navigate,
    notice: takeNotice(),
  };
  try {
    const page = await import(route.module);
    if (number !== shown) return;
    const result = await page.render(main, ctx);
    if (number !== shown) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
    // when the page was first whole: a figure for measurements (performance.getEntriesByName('vigil:page-shown'))
    performance.mark('vigil:page-shown', {detail: pathname});
    focusHeading(main);
  } catch (e) {
    if (number !== shown) return;
    showError(main, e);
  }
}

function takeNotice() {
  const n = notice;
  notice = null;
  return n;
}

function runCleanup() {
  const c = cleanup;
  cleanup = null;
  if (c) {
    try { c(); } catch (e) { console.error('a page failed to clean up', e); }
  }
}

/** A page's failure as the user should read it. */
export function showError(main, e) {
  if (e instanceof ApiError && e.status === 401) return; // the session has ended: the login page follows
  if (e instanceof TypeError && /module|import/i.test(e.message)) {
    // a page of an older version of Vigil: the server was updated since this tab loaded
    replace(main, message('error', 'Vigil was updated since this page was loaded. ',
      h('button', {type: 'button', onclick: () => location.reload()}, 'Reload')));
    return;
  }
  if (!(e instanceof ApiError)) console.error(e);
  const text = e instanceof ApiError ? explain(e) : `Something went wrong: ${explain(e)}`;
  if (!main.querySelector('h1')) main.prepend(h('h1', {tabindex: '-1'}, document.title.replace(/ · Vigil$/, '')));
  main.append(message('error', text));
}

/** The page frame: the top bar (navigation for the role, who is signed in, sign out) and the main area. */
function layout(user, pathname) {
  const main = h('main', {id: 'main', tabindex: '-1'});
  if (!user) {
    replace(root, h('header', {class: 'top'}, h('span', {class: 'brand'}, 'Vigil')), main);
    return main;
  }
  const items = routes.filter(r => r.nav && r.roles.includes(user.role)).map(r => {
    const current = pathname === r.path || pathname.startsWith(r.path + '/');
    return h('li', null, h('a', {href: r.path, 'data-link': true, 'aria-current': current ? 'page' : null}, r.nav));
  });
  const signOut = h('button', {type: 'button', class: 'quiet', onclick: async () => {
    signOut.disabled = true;
    await api.logout();
    navigate('/ui/login', {replace: true});
  }}, 'Sign out');
  replace(root,
    h('a', {class: 'skip', href: '#main'}, 'Skip to content'),
    h('header', {class: 'top'},
      link(homeOf(user.role), h('span', {class: 'brand'}, 'Vigil')),
      h('nav', {'aria-label': 'Main'}, h('ul', null, items)),
      h('div', {class: 'who'},
        h('a', {href: '/ui/account', 'data-link': true, class: 'user', 'aria-current': pathname === '/ui/account' ? 'page' : null},
          h('span', {class: 'username'}, user.username), ' ', h('span', {class: 'role'}, ROLE_NAMES[user.role] || user.role)),
        signOut)),
    main);
  return main;
}

let firstPage = true;
function focusHeading(main) {
  if (firstPage) { // the first page keeps the browser's own focus; later ones move it, as a page load would
    firstPage = false;
    return;
  }
  const heading = main.querySelector('h1');
  (heading || main).focus({preventScroll: false});
}

function followTheme() {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    document.documentElement.dataset.theme = dark.matches ? 'dark' : 'light';
    window.dispatchEvent(new CustomEvent('vigil:theme'));
  };
  dark.addEventListener('change', apply);
  apply();
}

document.addEventListener('click', e => {
  const a = e.target.closest && e.target.closest('a[data-link]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  if (a.getAttribute('href') !== location.pathname + location.search) navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', show);
api.onSessionEnd(reason => {
  notice = reason;
  navigate(loginPath(location.pathname + location.search), {replace: true});
});
followTheme();
show();
