// Files the dashboard fetches with the session's token (an <a href> could not send it), handed to
// the browser as a download.

import {h} from './dom.js';

/** Saves the body of res (a fetch Response) as a file named filename. */
export async function saveAs(res, filename) {
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', {href: url, download: filename, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
