import { describe, expect, it, vi } from 'vitest';
import type { PostsPage, StoredPost } from '../backend/bindings';
import { listCaption, openPostsDialog } from './postsDialog';

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

describe('the posts dialog', () => {
  it('pages past the first load and searches within', async () => {
    document.body.innerHTML = `<dialog id="posts-dialog"><h2 id="posts-title"></h2><p id="posts-caption"></p>
      <input id="posts-search" /><select id="posts-sort"><option value="time" selected>t</option></select>
      <ol id="posts-list"></ol><button id="posts-more" hidden></button><button id="posts-export" hidden></button><button data-close></button></dialog>`;
    const dialog = document.getElementById('posts-dialog') as HTMLDialogElement;
    dialog.showModal = () => dialog.setAttribute('open', '');
    const all = Array.from({ length: 250 }, (_, i) => post(i + 1));
    const load = vi.fn(async (_sort: string, search: string, offset: number): Promise<PostsPage> => {
      const hits = search ? all.filter((p) => p.text.endsWith(search)) : all;
      return { posts: hits.slice(offset, offset + 200), total: hits.length };
    });
    openPostsDialog('Posts', 250, load, 'UTC');
    await vi.waitFor(() => expect(document.querySelectorAll('#posts-list > li')).toHaveLength(200));
    const more = document.getElementById('posts-more') as HTMLButtonElement;
    expect(more.hidden).toBe(false);
    expect(more.textContent).toBe('Show 50 more');
    more.click();
    await vi.waitFor(() => expect(document.querySelectorAll('#posts-list > li')).toHaveLength(250));
    expect(more.hidden).toBe(true);
    expect(document.getElementById('posts-caption')?.textContent).toBe('250 posts, oldest first.');

    const search = document.getElementById('posts-search') as HTMLInputElement;
    search.value = '7';
    search.dispatchEvent(new Event('input'));
    await vi.waitFor(() => expect(load).toHaveBeenLastCalledWith('time', '7', 0));
    await vi.waitFor(() => expect(document.getElementById('posts-caption')?.textContent).toContain('matching “7”'));
    expect(document.querySelectorAll('#posts-list > li').length).toBe(25);
  });
});
