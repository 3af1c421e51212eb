// What a role may do on the model pages, as the server's auth/Permissions table says: a button the
// role lacks is not drawn (the server's 403 stays the guard).

const CHANGE = new Set(['admin', 'data_scientist']); // models, training, validation, deployment
const DATA = new Set(['admin', 'data_scientist']); // datasets: training and validation data

/** Whether the session may create, train, validate, deploy, roll back and retire models. */
export function mayChange(session) {
  return Boolean(session && CHANGE.has(session.role));
}

/** Whether the session may list datasets (to train or validate on). */
export function mayUseData(session) {
  return Boolean(session && DATA.has(session.role));
}
