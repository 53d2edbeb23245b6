import { describe, expect, it, vi } from 'vitest';
import type { PostsListing, PostsPage, StoredPost } from '../backend/bindings';
import { listCaption, listingOf, openPostsDialog } from './postsDialog';

describe('listCaption', () => {
  it('says how many of how many, matching what, and in which order', () => {
    expect(listCaption(3, 3, 'time')).toBe('3 posts, oldest first.');
    expect(listCaption(200, 2817, 'exposure')).toBe('200 of 2,817 posts, widest estimated reach first.');
    expect(listCaption(2, 2, 'time', 'login')).toBe('2 posts matching “login”, oldest first.');
  });
});

function post(id: number): StoredPost {
  return {
    id,
    platform: 'twitter',
    native_id: String(id),
    author_handle: 'a',
    author_name: 'A',
    author_followers: 1,
    created_at: '2026-09-01T10:00:00Z',
    text: `post ${id}`,
    lang: 'en',
    url: null,
    kind: 'post',
    parent: null,
    likes: 0,
    shares: 0,
    replies: 0,
    quotes: 0,
    views: null,
    followers_at_post: 1,
    engagement: 0,
    sentiment: 0,
    exposure: null,
    author_verified: null,
  } as StoredPost;
}

describe('listingOf', () => {
  const controls = { sort: 'time', search: '', platform: '', lang: '', tone: 'all', kind: '' } as const;
  it('leaves out what the controls leave empty, and keeps what the dialog was opened on', () => {
    const base: PostsListing = {
      filter: 'negative',
      sort: 'exposure',
      offset: 0,
      problem: 'login',
      copies: false,
      official: false,
    };
    expect(listingOf(base, { ...controls, tone: 'negative' }, 200, 200)).toEqual({
      filter: 'negative',
      sort: 'time',
      offset: 200,
      limit: 200,
      problem: 'login',
      copies: false,
      official: false,
    });
  });
  it('adds each filter the user sets', () => {
    const base: PostsListing = { filter: 'all', sort: 'time', offset: 0, copies: false, official: false };
    const all = {
      sort: 'engagement',
      search: ' login ',
      platform: 'reddit',
      lang: ' es ',
      tone: 'positive',
      kind: 'reply',
    };
    expect(listingOf(base, all as never, 0, undefined)).toEqual({
      filter: 'positive',
      sort: 'engagement',
      offset: 0,
      copies: false,
      official: false,
      search: 'login',
      platform: 'reddit',
      lang: 'es',
      kind: 'reply',
    });
  });
});

const FILTERS = `<select id="posts-platform"><option value="">All</option></select><input id="posts-lang" />
  <select id="posts-tone"><option value="all">All</option><option value="negative">N</option></select>
  <select id="posts-kind"><option value="">All</option><option value="reply">R</option></select>`;

describe('the posts dialog', () => {
  it('pages past the first load and searches within', async () => {
    document.body.innerHTML = `<dialog id="posts-dialog"><h2 id="posts-title"></h2><p id="posts-caption"></p>
      <input id="posts-search" /><select id="posts-sort"><option value="time" selected>t</option></select>${FILTERS}
      <ol id="posts-list"></ol><button id="posts-more" hidden></button><button id="posts-export" hidden></button><button data-close></button></dialog>`;
    const dialog = document.getElementById('posts-dialog') as HTMLDialogElement;
    dialog.showModal = () => dialog.setAttribute('open', '');
    const all = Array.from({ length: 250 }, (_, i) => post(i + 1));
    const load = vi.fn(async (l: PostsListing): Promise<PostsPage> => {
      const hits = all
        .filter((p) => !l.search || p.text.endsWith(l.search))
        .filter((p) => !l.kind || p.kind === l.kind);
      return { posts: hits.slice(l.offset, l.offset + 200), total: hits.length };
    });
    openPostsDialog(
      'Posts',
      { filter: 'negative', sort: 'time', offset: 0, copies: false, official: false },
      load,
      'UTC',
    );
    // The dialog opens on the tone it was asked for, with the platforms to choose from.
    expect((document.getElementById('posts-tone') as HTMLSelectElement).value).toBe('negative');
    expect(document.querySelectorAll('#posts-platform option').length).toBeGreaterThan(5);
    await vi.waitFor(() => expect(document.querySelectorAll('#posts-list > li.post')).toHaveLength(200));
    const more = document.getElementById('posts-more') as HTMLButtonElement;
    expect(more.hidden).toBe(false);
    expect(more.textContent).toBe('Show 50 more');
    more.click();
    await vi.waitFor(() => expect(document.querySelectorAll('#posts-list > li.post')).toHaveLength(250));
    expect(more.hidden).toBe(true);
    expect(document.getElementById('posts-caption')?.textContent).toBe('250 posts, oldest first.');

    const search = document.getElementById('posts-search') as HTMLInputElement;
    search.value = '7';
    search.dispatchEvent(new Event('input'));
    await vi.waitFor(() =>
      expect(load).toHaveBeenLastCalledWith({
        filter: 'negative',
        sort: 'time',
        offset: 0,
        limit: 200,
        search: '7',
        copies: false,
        official: false,
      }),
    );
    await vi.waitFor(() => expect(document.getElementById('posts-caption')?.textContent).toContain('matching “7”'));
    expect(document.querySelectorAll('#posts-list > li.post').length).toBe(25);

    // A filter starts the list again, narrowed.
    const kind = document.getElementById('posts-kind') as HTMLSelectElement;
    kind.value = 'reply';
    kind.dispatchEvent(new Event('change'));
    await vi.waitFor(() =>
      expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'reply', offset: 0 })),
    );
    await vi.waitFor(() => expect(document.querySelectorAll('#posts-list > li.post')).toHaveLength(0));
  });
});
