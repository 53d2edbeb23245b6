import { describe, expect, it, vi } from 'vitest';
import { livePreview, PREVIEW_DELAY_MS, readChoices } from './briefDialog';

describe('readChoices', () => {
  it('returns the checked sections in order and the names toggle', () => {
    const form = document.createElement('form');
    for (const [value, checked] of [
      ['summary', true],
      ['chart', false],
      ['method', true],
    ] as const) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'section';
      box.value = value;
      box.checked = checked;
      form.append(box);
    }
    const names = document.createElement('input');
    names.type = 'checkbox';
    names.name = 'names';
    names.checked = true;
    form.append(names);
    expect(readChoices(form)).toEqual({ sections: ['summary', 'method'], names: true, pdf_only: false });
    const companions = document.createElement('input');
    companions.type = 'checkbox';
    companions.name = 'companions';
    companions.checked = false;
    form.append(companions);
    expect(readChoices(form).pdf_only).toBe(true);
  });
});

describe('the live preview', () => {
  function setUp() {
    document.body.innerHTML = '';
    const form = document.createElement('form');
    for (const value of ['summary', 'posts']) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'section';
      box.value = value;
      box.checked = true;
      form.append(box);
    }
    const status = document.createElement('p');
    status.id = 'brief-preview-status';
    const pages = document.createElement('div');
    pages.id = 'brief-preview-pages';
    document.body.append(form, status, pages);
    return { form, status, pages };
  }
  const png = (n: number) => `data:image/png;base64,${btoa(`page${n}`)}`;

  it('shows the pages, follows changes, and keeps only the latest answer', async () => {
    vi.useFakeTimers();
    const { form, status, pages } = setUp();
    const answers: Array<(urls: string[]) => void> = [];
    const preview = vi.fn(() => new Promise<string[]>((resolve) => answers.push(resolve)));
    const stop = livePreview(form, preview);
    expect(preview).toHaveBeenLastCalledWith({ sections: ['summary', 'posts'], names: false, pdf_only: false });
    expect(status.textContent).toBe('Typesetting the preview…');

    // The user unticks a section before the first preview is back.
    form.querySelector<HTMLInputElement>('input[value="posts"]')!.checked = false;
    form.dispatchEvent(new Event('change'));
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(preview).toHaveBeenLastCalledWith({ sections: ['summary'], names: false, pdf_only: false });

    answers[1]!([png(1)]);
    await vi.runAllTimersAsync();
    answers[0]!([png(1), png(2), png(3)]); // stale: ignored
    await vi.runAllTimersAsync();
    const imgs = pages.querySelectorAll('img');
    expect(imgs).toHaveLength(1);
    expect(imgs[0]!.getAttribute('src')).toBe(png(1));
    expect(imgs[0]!.alt).toBe('Page 1 of 1');
    expect(status.textContent).toBe('1 page, as they will be saved.');
    expect(pages.classList.contains('is-stale')).toBe(false);

    // Nothing chosen: nothing to typeset.
    form.querySelector<HTMLInputElement>('input[value="summary"]')!.checked = false;
    form.dispatchEvent(new Event('change'));
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(preview).toHaveBeenCalledTimes(2);
    expect(pages.children).toHaveLength(0);

    // Once stopped, changes no longer typeset.
    stop();
    form.dispatchEvent(new Event('change'));
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS * 2);
    expect(preview).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });

  it('says when the preview fails', async () => {
    const { form, status } = setUp();
    livePreview(form, () => Promise.reject({ code: 'internal', message: 'typesetting the briefing: boom' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(status.textContent).toBe('The preview could not be made: typesetting the briefing: boom');
  });
});
