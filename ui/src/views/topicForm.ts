// The "New topic" dialog: name and query; backend errors are shown inline under the fields.

import type { ErrorPayload, QueryCheck, Topic } from '../backend/bindings';
import { byId } from '../dom';
import { sentence } from '../format';

export interface TopicFormOptions {
  create: (name: string, query: string) => Promise<Topic>;
  /** Live preview: how many posts the query matches. */
  check?: (query: string) => Promise<QueryCheck>;
  created: (topic: Topic) => void;
}

/** The 1-based query column an error points at ("query column 12: …"), if any. */
export function errorColumn(message: string): number | null {
  const m = /\bquery column (\d+)\b/.exec(message);
  return m ? Number(m[1]) : null;
}

/** What the live preview says about a checked query. */
export function previewText(check: QueryCheck): string {
  if (check.status === 'invalid') return `Column ${check.column}: ${check.message}`;
  const n = check.count;
  return n === 1 ? '1 post matches' : `${n.toLocaleString('en-US')} posts match`;
}

export function setupTopicForm(opts: TopicFormOptions): { open: () => void } {
  const dialog = byId<HTMLDialogElement>('topic-dialog');
  const form = byId<HTMLFormElement>('topic-form');
  const name = byId<HTMLInputElement>('topic-name-input');
  const query = byId<HTMLTextAreaElement>('topic-query-input');
  const error = byId('topic-form-error');
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');

  const showError = (message: string) => {
    error.textContent = message;
    error.hidden = !message;
    query.setAttribute('aria-invalid', String(Boolean(message)));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const n = name.value.trim();
    const q = query.value.trim();
    if (!n) return fail('Give the topic a name.', name);
    if (!q) return fail('Write the query that finds its posts, for example: outage OR "portal down".', query);
    if (submit) submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const topic = await opts.create(n, q);
      dialog.close();
      opts.created(topic);
    } catch (e) {
      const err = e as ErrorPayload;
      showError(sentence(err.message ?? String(e)));
      const column = errorColumn(err.message ?? '');
      if (column !== null) {
        query.focus();
        const lead = query.value.length - query.value.trimStart().length;
        const at = Math.max(0, Math.min(lead + column - 1, query.value.length));
        query.setSelectionRange(at, Math.min(at + 1, query.value.length));
      } else if (/\btopic\b|\bname\b/i.test(err.message ?? '')) {
        name.focus();
      }
    } finally {
      if (submit) submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  function fail(message: string, field: HTMLElement): void {
    showError(message);
    field.focus();
  }

  for (const b of form.querySelectorAll('[data-close]')) b.addEventListener('click', () => dialog.close());
  // A query is one line: Enter creates the topic (Shift+Enter still breaks the line).
  query.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit?.click();
    }
  });
  query.addEventListener('input', () => {
    showError('');
    schedulePreview();
  });

  // The match count follows the typing, debounced; a slower, older answer never overwrites a
  // newer one.
  const preview = byId('topic-query-count');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  function schedulePreview(): void {
    clearTimeout(timer);
    const text = query.value.trim();
    if (!opts.check || !text) {
      preview.textContent = '';
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const result = await opts.check!(text);
        if (mine === seq) preview.textContent = previewText(result);
      } catch {
        if (mine === seq) preview.textContent = '';
      }
    }, 150);
  }
  name.addEventListener('input', () => showError(''));

  return {
    open() {
      form.reset();
      showError('');
      preview.textContent = '';
      dialog.showModal();
      name.focus();
    },
  };
}
