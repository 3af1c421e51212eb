// The model pages' stylesheet (models.css), linked once, by the first of them shown: the shell's
// style.css stays small for the pages that do not need it. Same content-hashed path, so cached.
import { h } from '../dom.js';

const HREF = new URL('../models.css', import.meta.url).href;
let loaded = null;

/** Resolves once models.css applies (or failed to load: the page is still usable without it). */
export function modelStyles() {
  if (!loaded) {
    loaded = new Promise((resolve) => {
      const link = h('link', { rel: 'stylesheet', href: HREF });
      link.addEventListener('load', resolve);
      link.addEventListener('error', resolve);
      document.head.append(link);
    });
  }
  return loaded;
}
