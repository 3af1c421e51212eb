// The dashboard's one door to Vigil: the public REST API, with the access token of POST /auth/login
// as a bearer token. The session lives in sessionStorage (this tab only; no cookie, so no CSRF
// surface) and is refreshed with /auth/refresh before the token expires.

const STORAGE_KEY = 'vigil.session';
// refresh once this share of the token's life has passed (a 15-minute token: after about 11 minutes)
const REFRESH_AT = 0.75;

/** An answer that is not a success: its HTTP status and the server's RFC 7807 problem document. */
export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem || {};
    super(p.detail || p.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = p;
  }

  /** The invalid fields the server named, as {field: message}. */
  get fieldErrors() {
    const out = {};
    for (const e of this.problem.errors || []) out[e.field] = e.message;
    return out;
  }
}

/** What went wrong, in words for the person at the screen: a refusal says it is about the role. */
export function explain(e) {
  if (e instanceof ApiError) {
    if (e.status === 403) return `Your role may not do this: ${e.message}`;
    if (e.status === 404) return `Not found: ${e.message}`;
    if (e.status === 0) return e.message;
    return e.problem.requestId && e.status >= 500 ? `${e.message} (request ${e.problem.requestId})` : e.message;
  }
  return e && e.message ? e.message : String(e);
}

let session = readStored();
let refreshTimer = null;
let refreshing = null;
const endListeners = new Set();

function readStored() {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
    return s && s.token && s.refreshToken ? s : null;
  } catch {
    return null;
  }
}

function store(answer) {
  const now = Date.now();
  // the token's lifetime by the server's own clock (iat to exp), so a skewed local clock changes nothing
  const claims = tokenClaims(answer.token);
  const lifetimeMs = claims && claims.exp && claims.iat ? (claims.exp - claims.iat) * 1000
    : Math.max(30_000, Date.parse(answer.expiresAt) - now);
  session = {
    token: answer.token,
    refreshToken: answer.refreshToken,
    username: answer.username,
    role: answer.role,
    receivedAt: now,
    lifetimeMs,
  };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  scheduleRefresh();
}

function tokenClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part));
  } catch {
    return null;
  }
}

function refreshDueAt() {
  return session.receivedAt + session.lifetimeMs * REFRESH_AT;
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!session) return;
  refreshTimer = setTimeout(() => refresh().catch(() => {}), Math.max(0, refreshDueAt() - Date.now()));
}

function clear() {
  clearTimeout(refreshTimer);
  session = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Ends the session here and tells the app why (it shows the login page with the reason). */
function end(reason) {
  const had = session !== null;
  clear();
  if (had) for (const listener of endListeners) listener(reason);
}

/** A new token for the refresh token; one refresh at a time, whoever asks. False when the session is over. */
function refresh() {
  if (!session) return Promise.resolve(false);
  if (!refreshing) {
    const refreshToken = session.refreshToken;
    refreshing = send('POST', '/auth/refresh', {body: {refreshToken}, token: null})
      .then(async res => {
        if (res.ok) {
          store(await res.json());
          return true;
        }
        if (res.status >= 400 && res.status < 500) { // spent, revoked or expired: this session is over
          end('Your session has ended. Sign in again.');
          return false;
        }
        throw new ApiError(res.status, await problemOf(res));
      })
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function freshToken() {
  if (session && Date.now() >= refreshDueAt()) await refresh();
  return session ? session.token : null;
}

function url(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  }
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

function send(method, path, {query, body, token, accept = 'application/json', signal} = {}) {
  const headers = {Accept: accept};
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return fetch(url(path, query), {method, headers, body: payload, signal, cache: 'no-store', credentials: 'omit'});
}

async function problemOf(res) {
  try {
    return await res.json();
  } catch {
    return {title: res.statusText || `HTTP ${res.status}`, status: res.status};
  }
}

/**
 * A request with the session's token. A 401 gets one refresh and one retry (the token may have
 * expired while the laptop slept); a second 401 ends the session. Answers the parsed JSON, the text,
 * or null for no content; throws ApiError for any other status.
 */
async function call(method, path, options = {}) {
  const token = await freshToken();
  let res = await send(method, path, {...options, token});
  if (res.status === 401 && token && session) {
    if (await refresh()) res = await send(method, path, {...options, token: session.token});
    if (res.status === 401) end('Your session has ended. Sign in again.');
  }
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  if (options.raw) return res;
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** Sends a form (a file upload) with upload progress, which fetch cannot report; cancel with signal. */
async function upload(path, formData, {onProgress, signal} = {}) {
  const token = await freshToken();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = e => onProgress && onProgress(e.loaded, e.lengthComputable ? e.total : null);
    xhr.onload = () => {
      let parsed = null;
      try { parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { parsed = null; }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(parsed);
        return;
      }
      if (xhr.status === 401) end('Your session has ended. Sign in again.');
      reject(new ApiError(xhr.status, parsed || {title: xhr.statusText}));
    };
    xhr.onerror = () => reject(new ApiError(0, {title: 'Network error', detail: 'The upload did not reach Vigil: check the connection and try again.'}));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (signal) {
      if (signal.aborted) { reject(new DOMException('The upload was cancelled.', 'AbortError')); return; }
      signal.addEventListener('abort', () => xhr.abort(), {once: true});
    }
    xhr.send(formData);
  });
}

/**
 * Reads a Server-Sent Events stream with fetch (an EventSource cannot send the bearer token):
 * onEvent({type, data}) for each event, data parsed as JSON; onOpen() once the server accepted it.
 * Resolves when the server ends the stream; rejects on an error status; stop it with signal.
 */
async function stream(path, query, {onEvent, onOpen, signal} = {}) {
  const res = await call('GET', path, {query, accept: 'text/event-stream', signal, raw: true});
  if (onOpen) onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let type = 'message';
  let data = [];
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
      if (line === '') {
        if (data.length) {
          const text = data.join('\n');
          let parsed;
          try { parsed = JSON.parse(text); } catch { parsed = text; }
          onEvent({type, data: parsed});
        }
        type = 'message';
        data = [];
      } else if (line.startsWith('event:')) {
        type = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      } // ':' comments (heartbeats) and other fields are ignored
    }
  }
}

/** Signs in a person; a user with the service role is refused here: that role is for programs. */
async function login(username, password) {
  const res = await send('POST', '/auth/login', {body: {username, password}});
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  const answer = await res.json();
  if (answer.role === 'service') {
    // end the session the server just opened: it would only wait to expire
    await send('POST', '/auth/logout', {body: {refreshToken: answer.refreshToken}}).catch(() => {});
    throw new ApiError(403, {
      title: 'Not for the dashboard',
      detail: 'The service role is for programs that call the API with a key; the dashboard is for admins, data scientists and analysts.',
    });
  }
  store(answer);
  return user();
}

/** Ends the session on the server (its refresh token stops working) and here. */
async function logout() {
  const refreshToken = session && session.refreshToken;
  clear();
  if (refreshToken) await send('POST', '/auth/logout', {body: {refreshToken}}).catch(() => {});
}

/** Who is signed in: {username, role}, or null. */
function user() {
  return session ? {username: session.username, role: session.role} : null;
}

/** Calls listener(reason) when the session ends without a sign-out (refused, expired, revoked). */
function onSessionEnd(listener) {
  endListeners.add(listener);
  return () => endListeners.delete(listener);
}

if (session) scheduleRefresh();

export const api = {
  get: (path, query, options) => call('GET', path, {...options, query}),
  post: (path, body, options) => call('POST', path, {...options, body}),
  put: (path, body, options) => call('PUT', path, {...options, body}),
  patch: (path, body, options) => call('PATCH', path, {...options, body}),
  del: (path, options) => call('DELETE', path, options),
  /** The raw Response of a GET (a download), after the same session handling. */
  fetch: (path, query, options) => call('GET', path, {...options, query, raw: true, accept: '*/*'}),
  upload,
  stream,
  login,
  logout,
  user,
  onSessionEnd,
  /** Forces a refresh now (for tests and after a long sleep); false when the session is over. */
  refresh,
};
