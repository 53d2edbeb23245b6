import { describe, expect, it } from 'vitest';
import { askChoice, askText } from './askText';

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

describe('asking for a choice', () => {
  it('offers the choices as text, the given one first selected, and resolves with the one chosen', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const answer = askChoice({
      title: 'Which topic?',
      text: 'Incidents are linked to a topic.',
      label: 'Topic',
      choices: ['SchoolMax', hostile, 'Wi-Fi'],
      value: 'Wi-Fi',
      action: 'Import',
    });
    const dialog = document.getElementById('ask-choice-dialog') as HTMLDialogElement;
    const select = dialog.querySelector('select')!;
    expect(select.value).toBe('Wi-Fi');
    expect(Array.from(select.options, (o) => o.textContent)).toEqual(['SchoolMax', hostile, 'Wi-Fi']);
    expect(dialog.querySelector('img')).toBeNull();
    expect(dialog.querySelector('.dialog-lead')?.textContent).toBe('Incidents are linked to a topic.');
    select.value = hostile;
    dialog.querySelector('form')!.requestSubmit();
    expect(await answer).toBe(hostile);
    expect(document.getElementById('ask-choice-dialog')).toBeNull();
  });

  it('resolves with null when cancelled', async () => {
    const answer = askChoice({
      title: 'Which?',
      text: 'Why.',
      label: 'Topic',
      choices: ['A'],
      value: 'A',
      action: 'Go',
    });
    document.querySelector<HTMLButtonElement>('#ask-choice-dialog .button--ghost')!.click();
    expect(await answer).toBeNull();
  });
});
