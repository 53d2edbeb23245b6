// The most engaging posts of the period. Post text and author names are hostile input: they are
// only ever set as text. Links are shown, not followed (the app is offline): copy them instead.

import type { PostKind, StoredPost } from '../backend/bindings';
import { copyText } from '../clipboard';
import { h, replace } from '../dom';
import { formatDateTime, formatExact, platformLabel } from '../format';

const KIND_LABELS: Partial<Record<PostKind, string>> = {
  reply: 'Reply',
  repost: 'Repost',
  comment: 'Comment',
  quote: 'Quote',
};

/**
 * How the author is named: display name and @handle, whichever are known. A private person
 * comes pseudonymised ("Person 3"), which is no handle (no platform's handle has a space): it is
 * shown as the name, without an @.
 */
export function authorParts(post: StoredPost): { name: string; handle: string | null } {
  const rawHandle = post.author_handle?.trim().replace(/^@+/, '') ?? '';
  if (isPseudonym(rawHandle)) return { name: rawHandle, handle: null };
  const handle = rawHandle ? `@${rawHandle}` : null;
  const name = post.author_name?.trim() ?? '';
  if (name) return { name, handle };
  return { name: handle ?? 'Unknown author', handle: null };
}

/** Whether an author's handle is the pseudonym the engine gave a private person. */
export function isPseudonym(handle: string): boolean {
  return /\s/.test(handle);
}

function metrics(post: StoredPost): HTMLElement {
  const items: [number | null, string, string][] = [
    [post.likes, 'like', 'likes'],
    [post.shares, 'share', 'shares'],
    [post.replies, 'reply', 'replies'],
  ];
  return h(
    'ul',
    { class: 'post-metrics', 'aria-label': 'Engagement' },
    items
      .filter(([n]) => n !== null)
      .map(([n, one, many]) =>
        h(
          'li',
          { class: `metric metric--${many}` },
          h('strong', null, formatExact(n ?? 0)),
          ` ${n === 1 ? one : many}`,
        ),
      ),
  );
}

function urlRow(url: string): HTMLElement {
  const button = h('button', { type: 'button', class: 'button button--ghost button--small copy-url' }, 'Copy link');
  button.addEventListener('click', async (e) => {
    e.stopPropagation();
    const ok = await copyText(url);
    button.textContent = ok ? 'Copied' : 'Copy failed';
    window.setTimeout(() => (button.textContent = 'Copy link'), 1600);
  });
  return h('div', { class: 'post-url' }, h('span', { class: 'url', title: url }, url), button);
}

function text(post: StoredPost): HTMLElement[] {
  const body = h('p', { class: 'post-text', lang: post.lang ?? false }, post.text);
  const toggle = h(
    'button',
    { type: 'button', class: 'button button--link post-toggle', 'aria-expanded': 'false' },
    'Show more',
  );
  const flip = () => {
    const expanded = body.classList.toggle('is-expanded');
    toggle.setAttribute('aria-expanded', String(expanded));
    toggle.textContent = expanded ? 'Show less' : 'Show more';
  };
  body.addEventListener('click', () => {
    if (body.classList.contains('is-clamped')) flip();
  });
  toggle.addEventListener('click', flip);
  return [body, toggle];
}

export function postItem(post: StoredPost, timeZone?: string): HTMLLIElement {
  const author = authorParts(post);
  const kind = KIND_LABELS[post.kind];
  return h(
    'li',
    { class: 'post', 'data-platform': post.platform },
    h(
      'header',
      { class: 'post-head' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initial(author.name)),
      h(
        'span',
        { class: 'post-author' },
        h('span', { class: 'author-name', title: author.name }, author.name),
        author.handle ? h('span', { class: 'author-handle', title: author.handle }, author.handle) : null,
      ),
      h('span', { class: 'badge badge--platform' }, platformLabel(post.platform)),
      kind ? h('span', { class: 'badge' }, kind) : null,
      h('time', { class: 'post-time', datetime: post.created_at }, formatDateTime(post.created_at, timeZone)),
    ),
    text(post),
    h('footer', { class: 'post-foot' }, metrics(post), post.url ? urlRow(post.url) : null),
  );
}

function initial(name: string): string {
  const first = Array.from(name.replace(/^@/, ''))[0] ?? '?';
  return first.toUpperCase();
}

/** Renders the list; marks texts cut off by the line clamp so that they can expand. */
export function renderPosts(list: HTMLElement, posts: StoredPost[], timeZone?: string): void {
  replace(
    list,
    posts.map((p) => postItem(p, timeZone)),
  );
  window.requestAnimationFrame(() => markClamped(list));
}

export function markClamped(list: HTMLElement): void {
  for (const body of list.querySelectorAll<HTMLElement>('.post-text')) {
    if (body.classList.contains('is-expanded')) continue;
    body.classList.toggle('is-clamped', body.scrollHeight > body.clientHeight + 1);
  }
}
