import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '../backend/bindings';
import { fillSourceForm, renderSources, sourceRequest } from './sourcesDialog';

function form(values: Record<string, string>): HTMLFormElement {
  const f = document.createElement('form');
  for (const [name, value] of Object.entries(values)) {
    const input = document.createElement('input');
    input.name = name;
    input.value = value;
    f.append(input);
  }
  return f;
}

function status(name: string, paused: boolean, words: string): SourceStatus {
  return {
    source: {
      id: 1,
      name,
      kind: 'feed',
      url: 'https://status.example.org/feed',
      query: null,
      target: null,
      interval_secs: 300,
      has_credential: false,
      paused,
      created_at: 0,
      last_attempt: null,
      last_success: null,
      last_outcome: null,
      last_error: null,
      last_note: null,
      last_new: 0,
      failures: 0,
      runs: 0,
      new_posts: 0,
      duplicates: 0,
      next_attempt: 0,
      cursor: null,
    },
    health: paused ? 'paused' : 'new',
    status: words,
  };
}

describe('sourceRequest', () => {
  it('builds the request, minutes as seconds and the login with its secret', () => {
    const f = form({
      name: ' Status ',
      kind: 'bluesky',
      url: '',
      query: 'schoolmax',
      target: '',
      interval: '5',
      login: 'me.bsky.social',
      secret: 'app-pass',
    });
    expect(sourceRequest(f)).toEqual({
      name: 'Status',
      kind: 'bluesky',
      url: null,
      query: 'schoolmax',
      target: null,
      interval_secs: 300,
      credential: { id: 'me.bsky.social', secret: 'app-pass' },
    });
  });

  it('sends no credential and the default interval when left empty', () => {
    const request = sourceRequest(form({ name: 'Feed', kind: 'feed', url: 'http://x/rss', interval: '', secret: '' }));
    expect(request).toMatchObject({ interval_secs: null, credential: null, url: 'http://x/rss' });
  });

  it('says what is missing or wrong', () => {
    expect(sourceRequest(form({ name: '', kind: 'feed' }))).toMatch(/name/);
    expect(sourceRequest(form({ name: 'a', kind: 'myspace' }))).toMatch(/kind/);
    expect(sourceRequest(form({ name: 'a', kind: 'feed', interval: '0' }))).toMatch(/at least 1/);
    expect(sourceRequest(form({ name: 'a', kind: 'feed', interval: '2.5' }))).toMatch(/whole number/);
    expect(sourceRequest(form({ name: 'a', kind: 'reddit', login: 'id', secret: '' }))).toMatch(/password or token/);
  });
});

describe('fillSourceForm', () => {
  it('puts a source back in the form to change it, keeping its secret where it is', () => {
    const f = form({ name: '', kind: '', url: '', query: '', target: '', interval: '', login: '', secret: 'old' });
    const s = { ...status('Feed', false, 'ok').source, has_credential: true, interval_secs: 600 };
    fillSourceForm(f, s);
    const read = (name: string) => (f.elements.namedItem(name) as HTMLInputElement).value;
    expect([read('name'), read('kind'), read('url'), read('interval'), read('secret')]).toEqual([
      'Feed',
      'feed',
      'https://status.example.org/feed',
      '10',
      '',
    ]);
    expect((f.elements.namedItem('secret') as HTMLInputElement).placeholder).toMatch(/Saved/);
    expect(sourceRequest(f)).toMatchObject({ name: 'Feed', kind: 'feed', interval_secs: 600, credential: null });
  });
});

describe('renderSources', () => {
  it('shows each status sentence as text and wires the buttons', () => {
    const list = document.createElement('ul');
    const done: string[] = [];
    renderSources(
      list,
      [status('<b>Feed</b>', false, 'collected 3 min ago, 41 new posts'), status('Paused', true, 'paused')],
      {
        edit: (source) => done.push(`edit ${source.name}`),
        pause: (name, paused) => done.push(`pause ${name} ${paused}`),
        remove: (name) => done.push(`remove ${name}`),
        collect: (name) => done.push(`collect ${name}`),
      },
    );
    const items = list.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(list.querySelector('b')).toBeNull();
    expect(items[0]?.textContent).toContain('<b>Feed</b>');
    expect(items[0]?.textContent).toContain('collected 3 min ago, 41 new posts');
    for (const action of ['collect', 'edit', 'pause', 'remove']) {
      (items[0]!.querySelector(`[data-action="${action}"]`) as HTMLButtonElement).click();
    }
    const resume = items[1]?.querySelector('[data-action="pause"]') as HTMLButtonElement;
    expect(resume.textContent).toBe('Resume');
    resume.click();
    expect((items[1]!.querySelector('[data-action="collect"]') as HTMLButtonElement).disabled).toBe(true);
    expect(done).toEqual([
      'collect <b>Feed</b>',
      'edit <b>Feed</b>',
      'pause <b>Feed</b> true',
      'remove <b>Feed</b>',
      'pause Paused false',
    ]);
  });

  it('says when there are none', () => {
    const list = document.createElement('ul');
    renderSources(list, [], { edit: () => {}, pause: () => {}, remove: () => {}, collect: () => {} });
    expect(list.textContent).toMatch(/No sources yet/);
  });
});
