// A modal question (the native <dialog>: focus is kept inside, Escape cancels).

import {h} from './dom.js';

/**
 * Asks a yes/no question; resolves true when confirmed. options: {title, confirm (the button's
 * words, naming the action), danger (a destructive action)}.
 */
export function confirmDialog(text, {title = 'Are you sure?', confirm = 'Confirm', danger = false} = {}) {
  return new Promise(resolve => {
    const cancelButton = h('button', {type: 'button', value: 'cancel', onclick: () => dialog.close('cancel')}, 'Cancel');
    const confirmButton = h('button', {type: 'button', class: danger ? 'danger primary' : 'primary', onclick: () => dialog.close('confirm')}, confirm);
    const dialog = h('dialog', {'aria-labelledby': 'dialog-title', 'aria-describedby': 'dialog-text'},
      h('h2', {id: 'dialog-title'}, title),
      h('p', {id: 'dialog-text'}, text),
      h('div', {class: 'actions'}, cancelButton, confirmButton));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
    cancelButton.focus(); // the safe answer first: Enter does not delete by accident
  });
}
