import { beforeEach, describe, expect, it } from 'vitest';
import type { StoredPost } from '../backend/bindings';
import { authorParts, postItem, renderPosts } from './posts';

const HOSTILE = ['<img src=x onerror=alert(1)>', '#panic("x")', '*bold*', '<script>alert(1)</script>'];

function post(over: Partial<StoredPost> = {}): StoredPost {
  return {
    id: 1,
    platform: 'twitter',
    native_id: '1',
    author_handle: 'parent_pat',
    author_name: 'Pat Parent',
    author_followers: 120,
    created_at: '2026-09-03T14:05:00Z',
    text: 'SchoolMax is down again',
    lang: 'en',
    url: 'https://twitter.com/parent_pat/status/1',
    kind: 'post',
    parent: null,
    likes: 1234,
    shares: 56,
    replies: 1,
    quotes: null,
    views: null,
    followers_at_post: 120,
    engagement: 1291,
    sentiment: null,
    exposure: null,
    author_verified: null,
    ...over,
  };
}

describe('top posts', () => {
  let list: HTMLOListElement;
  beforeEach(() => {
    document.body.replaceChildren();
    list = document.createElement('ol');
    document.body.appendChild(list);
  });

  it('renders hostile post text and author names as text only', () => {
    const posts = HOSTILE.map((text, i) =>
      post({ id: i, text, author_name: text, author_handle: `<b>h${i}</b>`, url: `javascript:${text}` }),
    );
    renderPosts(list, posts, 'UTC');
    const items = list.querySelectorAll('li.post');
    expect(items).toHaveLength(HOSTILE.length);
    items.forEach((li, i) => {
      expect(li.querySelector('.post-text')?.textContent).toBe(HOSTILE[i]);
      expect(li.querySelector('.author-name')?.textContent).toBe(HOSTILE[i]);
      expect(li.querySelector('.author-handle')?.textContent).toBe(`@<b>h${i}</b>`);
    });
    expect(list.querySelector('img')).toBeNull();
    expect(list.querySelector('script')).toBeNull();
    expect(list.querySelector('b')).toBeNull();
    expect(list.querySelector('a')).toBeNull(); // links are never clickable
    expect(list.querySelector('[onerror]')).toBeNull();
  });

  it('shows author, platform, time, engagement and the url as text', () => {
    const li = postItem(post(), 'America/Chicago');
    expect(li.querySelector('.author-name')?.textContent).toBe('Pat Parent');
    expect(li.querySelector('.author-handle')?.textContent).toBe('@parent_pat');
    expect(li.querySelector('.badge--platform')?.textContent).toBe('X (Twitter)');
    expect(li.querySelector('time')?.textContent).toBe('Sep 3, 2026, 9:05 AM');
    const metrics = [...li.querySelectorAll('.post-metrics li')].map((m) => m.textContent);
    expect(metrics).toEqual(['1,234 likes', '56 shares', '1 reply']);
    expect(li.querySelector('.url')?.textContent).toBe('https://twitter.com/parent_pat/status/1');
    expect(li.querySelector('button.copy-url')).not.toBeNull();
  });

  it('names the author by handle or name', () => {
    expect(authorParts(post({ author_name: null }))).toEqual({ name: '@parent_pat', handle: null });
    expect(authorParts(post({ author_handle: '@@x' })).handle).toBe('@x');
    // A private person, pseudonymised by the engine, is named without an @.
    expect(authorParts(post({ author_handle: 'Person 3', author_name: null }))).toEqual({
      name: 'Person 3',
      handle: null,
    });
    expect(authorParts(post({ author_name: ' ', author_handle: null })).name).toBe('Unknown author');
  });

  it('leaves out unknown counts and missing urls', () => {
    const li = postItem(post({ likes: null, shares: null, url: null }));
    expect([...li.querySelectorAll('.post-metrics li')].map((m) => m.textContent)).toEqual(['1 reply']);
    expect(li.querySelector('.post-url')).toBeNull();
  });

  it('expands a clamped text on click', () => {
    const li = postItem(post());
    const body = li.querySelector<HTMLElement>('.post-text')!;
    const toggle = li.querySelector<HTMLButtonElement>('.post-toggle')!;
    toggle.click();
    expect(body.classList.contains('is-expanded')).toBe(true);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    toggle.click();
    expect(body.classList.contains('is-expanded')).toBe(false);
  });
});
