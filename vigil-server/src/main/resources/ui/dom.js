// A tiny element builder. Text goes in through text nodes only: no string is ever parsed as HTML,
// so data from the server (dataset names, column values, error messages) cannot become markup.

/**
 * h('button', {class: 'primary', onclick: save, disabled: busy}, 'Save')
 * attrs: 'class', 'text', 'dataset' (an object), 'style' is refused (the CSP forbids inline styles:
 * use a class), on<event> functions become listeners, true/false/null set or drop an attribute.
 * children: nodes, strings and numbers (as text), arrays (flattened), null/undefined/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = tag.startsWith('svg:') ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'style') throw new Error('inline styles are refused by the Content-Security-Policy: use a class');
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'text') {
      el.textContent = String(value);
    } else if (name === 'value' && 'value' in el) {
      el.value = String(value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children as h() takes them. */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces an element's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, ...children);
}

/** A link inside the app: the router takes the click (app.js), so it changes the page without a reload. */
export function link(href, ...children) {
  return h('a', {href, 'data-link': true}, ...children);
}

/** A message box: kind is 'error', 'notice' or 'success'; errors are announced to screen readers at once. */
export function message(kind, ...children) {
  return h('div', {class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, ...children);
}
