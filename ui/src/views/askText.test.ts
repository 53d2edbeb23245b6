import { describe, expect, it } from 'vitest';
import { askText } from './askText';

HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.removeAttribute('open');
  this.dispatchEvent(new Event('close'));
};

describe('asking for a name', () => {
  it('resolves with the trimmed text, and refuses an empty one', async () => {
    const answer = askText({ title: 'Rename the topic', label: 'Name', value: 'Portal', action: 'Rename' });
    const dialog = document.getElementById('ask-text-dialog') as HTMLDialogElement;
    const input = dialog.querySelector('input')!;
    const form = dialog.querySelector('form')!;
    input.value = '   ';
    form.requestSubmit();
    expect(document.getElementById('ask-text-dialog')).not.toBeNull();
    input.value = '  Student portal ';
    form.requestSubmit();
    expect(await answer).toBe('Student portal');
    expect(document.getElementById('ask-text-dialog')).toBeNull();
  });

  it('resolves with null when cancelled', async () => {
    const answer = askText({ title: 'Rename', label: 'Name', value: 'x', action: 'Rename' });
    document.querySelector<HTMLButtonElement>('#ask-text-dialog .button--ghost')!.click();
    expect(await answer).toBeNull();
  });
});
