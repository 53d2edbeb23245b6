// The Sources dialog: the live sources with their status in words, pause/resume, remove and
// "Collect now", and a form to add one (or change the one of that name).

import type { ErrorPayload, NewSourceRequest, RunReport, Source, SourceKind, SourceStatus } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { sentence } from '../format';

export const SOURCE_KINDS: readonly { kind: SourceKind; label: string }[] = [
  { kind: 'feed', label: 'News or status feed (RSS, Atom)' },
  { kind: 'bluesky', label: 'Bluesky search' },
  { kind: 'mastodon', label: 'Mastodon hashtag or search' },
  { kind: 'reddit', label: 'Reddit search or subreddit' },
  { kind: 'x', label: 'X search' },
  { kind: 'folder', label: 'Watched folder' },
];

const SECONDS_PER_MINUTE = 60;

/** The request the form describes, or the reason it is not complete. */
export function sourceRequest(form: HTMLFormElement): NewSourceRequest | string {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
  const name = value('name');
  if (!name) return 'Give the source a name, for example “SchoolMax status page”.';
  const kind = value('kind') as SourceKind;
  if (!SOURCE_KINDS.some((k) => k.kind === kind)) return 'Choose what kind of source this is.';
  const minutes = value('interval');
  let interval_secs: number | null = null;
  if (minutes) {
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 1) return 'The interval is a whole number of minutes, at least 1.';
    interval_secs = n * SECONDS_PER_MINUTE;
  }
  const login = value('login');
  const secret = (form.elements.namedItem('secret') as HTMLInputElement | null)?.value ?? '';
  if (login && !secret) return 'Enter the password or token that goes with the login.';
  return {
    name,
    kind,
    url: value('url') || null,
    query: value('query') || null,
    target: value('target') || null,
    interval_secs,
    credential: secret ? { id: login || null, secret } : null,
  };
}

export interface SourceActions {
  edit: (source: Source) => void;
  pause: (name: string, paused: boolean) => void;
  remove: (name: string) => void;
  collect: (name: string) => void;
}

/** Fills the form with a source's settings to change them; its secret stays where it is kept. */
export function fillSourceForm(form: HTMLFormElement, source: Source): void {
  const set = (name: string, value: string) => {
    (form.elements.namedItem(name) as HTMLInputElement).value = value;
  };
  set('name', source.name);
  set('kind', source.kind);
  set('url', source.url);
  set('query', source.query ?? '');
  set('target', source.target ?? '');
  set('interval', String(Math.round(source.interval_secs / SECONDS_PER_MINUTE)));
  set('login', '');
  set('secret', '');
  (form.elements.namedItem('secret') as HTMLInputElement).placeholder = source.has_credential
    ? 'Saved (leave empty to keep it)'
    : '';
}

/** The list of sources: name, kind, status sentence and their buttons. */
export function renderSources(list: HTMLElement, sources: SourceStatus[], actions: SourceActions): void {
  if (!sources.length) {
    replace(list, h('li', { class: 'empty-note' }, 'No sources yet: add one below.'));
    return;
  }
  replace(
    list,
    sources.map(({ source, health, status }) => {
      const paused = source.paused;
      return h(
        'li',
        { class: `source source--${health}`, 'data-source': source.name },
        h(
          'div',
          { class: 'source-info' },
          h('strong', { class: 'source-name' }, source.name),
          ' ',
          h('span', { class: 'source-kind' }, SOURCE_KINDS.find((k) => k.kind === source.kind)?.label ?? source.kind),
          h('p', { class: 'source-status' }, status),
        ),
        h(
          'div',
          { class: 'source-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'button button--small',
              'data-action': 'collect',
              disabled: paused,
              onclick: () => actions.collect(source.name),
            },
            'Collect now',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button button--small button--ghost',
              'data-action': 'edit',
              onclick: () => actions.edit(source),
            },
            'Edit',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button button--small button--ghost',
              'data-action': 'pause',
              onclick: () => actions.pause(source.name, !paused),
            },
            paused ? 'Resume' : 'Pause',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button button--small button--ghost',
              'data-action': 'remove',
              onclick: () => actions.remove(source.name),
            },
            'Remove',
          ),
        ),
      );
    }),
  );
}

export interface SourcesBackend {
  list: () => Promise<SourceStatus[]>;
  add: (source: NewSourceRequest) => Promise<SourceStatus>;
  remove: (name: string) => Promise<void>;
  pause: (name: string, paused: boolean) => Promise<SourceStatus>;
  collect: (name: string) => Promise<RunReport>;
  confirm: (message: string) => Promise<boolean>;
}

/** Opens the dialog; `collected` follows a "Collect now" that brought posts. */
export async function openSources(backend: SourcesBackend, collected: (report: RunReport) => void): Promise<void> {
  const dialog = byId<HTMLDialogElement>('sources-dialog');
  const list = byId('sources-list');
  const form = byId<HTMLFormElement>('source-form');
  const error = byId('source-form-error');
  const note = byId('sources-note');
  const show = (el: HTMLElement, message: string) => {
    el.textContent = message;
    el.hidden = !message;
  };
  const kind = form.elements.namedItem('kind') as HTMLSelectElement;
  if (!kind.options.length) for (const k of SOURCE_KINDS) kind.append(h('option', { value: k.kind }, k.label));
  const failed = (e: unknown) => show(note, sentence((e as ErrorPayload).message ?? String(e)));
  const reload = async () => {
    try {
      renderSources(list, await backend.list(), actions);
    } catch (e) {
      failed(e);
    }
  };
  const actions: SourceActions = {
    edit: (source) => {
      fillSourceForm(form, source);
      show(error, '');
      (form.elements.namedItem('name') as HTMLInputElement).focus();
    },
    pause: (name, paused) => void backend.pause(name, paused).then(reload, failed),
    remove: async (name) => {
      if (!(await backend.confirm(`Remove the source “${name}”? The posts it collected stay.`))) return;
      await backend.remove(name).then(reload, failed);
    },
    collect: async (name) => {
      show(note, `Collecting ${name}…`);
      try {
        const report = await backend.collect(name);
        // The source's status sentence says what the run brought; only its errors are news here.
        show(note, report.errors.join(' '));
        if (report.new_posts > 0) collected(report);
      } catch (e) {
        failed(e);
      }
      await reload();
    },
  };
  form.reset();
  show(error, '');
  show(note, '');
  form.onsubmit = async (event) => {
    event.preventDefault();
    const request = sourceRequest(form);
    if (typeof request === 'string') return show(error, request);
    try {
      await backend.add(request);
      form.reset();
      show(error, '');
      await reload();
    } catch (e) {
      show(error, sentence((e as ErrorPayload).message ?? String(e)));
    }
  };
  for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => dialog.close();
  await reload();
  dialog.showModal();
}
