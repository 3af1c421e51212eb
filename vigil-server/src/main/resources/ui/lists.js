// What the list pages share: one page of a list loaded at a time, the pager, and the list's place
// (search, filter, page) kept in the address, so that reloading or sharing it shows the same list.

import {h} from './dom.js';
import {count} from './format.js';

/**
 * Loads a page of a list into box, one load at a time: a new load aborts the one under way, and
 * box is aria-busy meanwhile. fetch(signal) answers the page, show(page) draws it, fail(error)
 * draws a failure (an aborted load draws nothing). Returns {load(), stop()}.
 */
export function pageLoader(box, {fetch, show, fail}) {
  let current = null;
  async function load() {
    if (current) current.abort();
    const controller = new AbortController();
    current = controller;
    box.setAttribute('aria-busy', 'true');
    try {
      const page = await fetch(controller.signal);
      if (current === controller) await show(page);
    } catch (e) {
      if (e.name !== 'AbortError' && current === controller) fail(e);
    } finally {
      if (current === controller) {
        current = null;
        box.removeAttribute('aria-busy');
      }
    }
  }
  return {load, stop: () => current && current.abort()};
}

/** Buttons to the page before and after, and where the reader is; null when there is one page. label names the list. */
export function pager(page, go, label) {
  if (page.pages <= 1) return null;
  return h('nav', {class: 'pager', 'aria-label': label},
    h('button', {type: 'button', disabled: page.page <= 1, onclick: () => go(page.page - 1)}, '← Previous'),
    h('span', null, `Page ${count(page.page)} of ${count(page.pages)}`),
    h('button', {type: 'button', disabled: page.page >= page.pages, onclick: () => go(page.page + 1)}, 'Next →'));
}

/** Sets query parameters of the address (an empty value removes one) without a new history entry. */
export function keepInAddress(values) {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') params.delete(name);
    else params.set(name, String(value));
  }
  const search = params.toString();
  history.replaceState(null, '', location.pathname + (search ? `?${search}` : ''));
}
