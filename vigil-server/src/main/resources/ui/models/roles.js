// What a role may do on the model pages, from the shell's role lists (routes.js), as the server's
// auth/Permissions table says: a button the role lacks is not drawn (the server's 403 stays the guard).
import { PEOPLE, SCIENTISTS } from '../routes.js';

/** Whether the session may create, train, validate, deploy, roll back and retire models (change access). */
export function mayChange(session) {
  return Boolean(session && SCIENTISTS.includes(session.role));
}

/** Whether the session may list datasets, to train or validate on, or to fill a form from (data access). */
export function mayUseData(session) {
  return Boolean(session && SCIENTISTS.includes(session.role));
}

/** Whether the session may acknowledge and resolve alerts: every person who reads (read access). */
export function mayHandleAlerts(session) {
  return Boolean(session && PEOPLE.includes(session.role));
}
