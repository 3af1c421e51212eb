// An incident's triage: its status badge, and the controls that change it (status, assignee and a
// note, PATCH /ml/incidents/{id}; a note alone, POST /ml/incidents/{id}/notes) for callers whose
// role has the triage access (GET /auth/me says so; the server's 403 stays the guard).

import {api, explain} from '../api.js';
import {h, message, replace} from '../dom.js';

export const STATUS_WORDS = {open: 'open', acknowledged: 'acknowledged', resolved: 'resolved', false_positive: 'false positive'};
const STATUS_BADGES = {open: 'bad', acknowledged: 'warn', resolved: 'ok', false_positive: 'info'};

export function statusBadge(status) {
  return h('span', {class: `badge ${STATUS_BADGES[status] || ''}`, 'data-status': status}, STATUS_WORDS[status] || status);
}

/** Whether the signed-in caller may triage incidents. */
export async function mayTriage(signal) {
  const me = await api.get('/auth/me', null, {signal});
  return (me.may || []).some(p => p.access === 'triage');
}

/**
 * The triage form of incident i: status, assignee and a note, sent together; or a note alone.
 * changed(view) is called with the server's answer ({incident, activity, events, labelled?}) or
 * after a note, to draw the page again.
 */
export function triageForm(i, changed) {
  const path = `/ml/incidents/${encodeURIComponent(i.id)}`;
  const notice = h('div', {'aria-live': 'polite'});
  const status = h('select', {id: 'triage-status', name: 'status'}, Object.entries(STATUS_WORDS).map(([value, text]) =>
    h('option', {value, selected: value === i.status}, text)));
  const assignee = h('input', {type: 'text', id: 'triage-assignee', name: 'assignee', value: i.assignee || '', autocomplete: 'off',
    placeholder: 'nobody'});
  const note = h('textarea', {id: 'triage-note', name: 'note', rows: '2', maxlength: '10000'});
  const save = h('button', {type: 'submit', class: 'primary'}, 'Save');
  const noteOnly = h('button', {type: 'button', class: 'quiet', onclick: addNote}, 'Add note only');

  async function submit(e) {
    e.preventDefault();
    const body = {};
    if (status.value !== i.status) body.status = status.value;
    if (assignee.value.trim() !== (i.assignee || '')) body.assignee = assignee.value.trim();
    if (!body.status && body.assignee === undefined) {
      if (note.value.trim()) return addNote();
      replace(notice, message('notice', 'Nothing to change: choose another status or assignee, or write a note.'));
      return undefined;
    }
    if (note.value.trim()) body.note = note.value.trim();
    return send(async () => {
      const view = await api.patch(path, body);
      const labelled = view.labelled != null ? ` ${view.labelled} verdict${view.labelled === 1 ? '' : 's'} went back as benign feedback.` : '';
      return [view, `Saved.${labelled}`];
    });
  }

  async function addNote() {
    if (!note.value.trim()) {
      replace(notice, message('error', 'Write the note first.'));
      note.focus();
      return undefined;
    }
    return send(async () => {
      await api.post(`${path}/notes`, {text: note.value.trim()});
      return [null, 'Note added.'];
    });
  }

  async function send(action) {
    save.disabled = true;
    noteOnly.disabled = true;
    try {
      const [view, said] = await action();
      note.value = '';
      await changed(view, said);
    } catch (err) {
      replace(notice, message('error', `Not saved. ${explain(err)}`));
    } finally {
      save.disabled = false;
      noteOnly.disabled = false;
    }
  }

  return {
    form: h('form', {class: 'triage card', 'aria-labelledby': 'triage-title', onsubmit: submit},
      h('h2', {id: 'triage-title'}, 'Triage'),
      h('div', {class: 'inline-fields'},
        h('div', {class: 'field'}, h('label', {for: 'triage-status'}, 'Status'), status),
        h('div', {class: 'field'}, h('label', {for: 'triage-assignee'}, 'Assignee'), assignee)),
      h('div', {class: 'field'}, h('label', {for: 'triage-note'}, 'Note ', h('span', {class: 'hint'}, '(why; kept in the activity)')), note),
      h('div', {class: 'actions'}, save, noteOnly),
      notice),
    notice,
  };
}
