// Previous / next over the pages of a list answer ({page, pages}, as every list route of the API gives).

import {h} from './dom.js';
import {count} from './format.js';

/** Buttons to the page before and after, and where the reader is; null when there is one page. label names the list. */
export function pager(page, go, label) {
  if (page.pages <= 1) return null;
  return h('nav', {class: 'pager', 'aria-label': label},
    h('button', {type: 'button', disabled: page.page <= 1, onclick: () => go(page.page - 1)}, '← Previous'),
    h('span', null, `Page ${count(page.page)} of ${count(page.pages)}`),
    h('button', {type: 'button', disabled: page.page >= page.pages, onclick: () => go(page.page + 1)}, 'Next →'));
}
