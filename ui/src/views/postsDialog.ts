// The posts behind a number: the topic's posts in the period, ranked as the user chooses.

import type { PostsPage, TopBy } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { formatExact, plural } from '../format';
import { postItem } from './posts';

/** How many posts the dialog loads at a time. */
export const LIMIT = 200;

/** The line above the list: how many of how many, in which order. */
export function listCaption(shown: number, total: number, sort: TopBy, search = ''): string {
  const order = { exposure: 'widest estimated reach first', engagement: 'most engagement first', time: 'oldest first' }[
    sort
  ];
  const matching = search ? ` matching “${search}”` : '';
  return shown < total
    ? `${formatExact(shown)} of ${plural(total, 'post')}${matching}, ${order}.`
    : `${plural(total, 'post')}${matching}, ${order}.`;
}

/** Loads one page of the posts: in `sort` order, matching `search` (empty: all), from `offset`. */
export type PageLoader = (sort: TopBy, search: string, offset: number) => Promise<PostsPage>;

/** Writes every post of the listing, in `sort` order and matching `search`, to a file. */
export type Exporter = (sort: TopBy, search: string) => Promise<void>;

/** Opens the dialog: a page of posts, more on demand, searched and ordered as the user asks,
 * and all of them exported as CSV. */
export function openPostsDialog(
  title: string,
  _total: number,
  load: PageLoader,
  timeZone: string,
  exportCsv?: Exporter,
): void {
  const dialog = byId<HTMLDialogElement>('posts-dialog');
  const sort = byId<HTMLSelectElement>('posts-sort');
  const search = byId<HTMLInputElement>('posts-search');
  const more = byId<HTMLButtonElement>('posts-more');
  const exporter = byId<HTMLButtonElement>('posts-export');
  exporter.hidden = !exportCsv;
  exporter.onclick = async () => {
    if (!exportCsv) return;
    exporter.disabled = true;
    try {
      await exportCsv(sort.value as TopBy, search.value.trim());
    } catch (e) {
      caption.textContent = `The posts could not be exported: ${(e as { message?: string }).message ?? String(e)}`;
    } finally {
      exporter.disabled = false;
    }
  };
  const caption = byId('posts-caption');
  const list = byId('posts-list');
  byId('posts-title').textContent = title;
  search.value = '';
  let seq = 0;
  let shown = 0;
  const show = async (append: boolean) => {
    const mine = ++seq;
    const by = sort.value as TopBy;
    const query = search.value.trim();
    if (!append) shown = 0;
    caption.textContent = 'Loading…';
    more.disabled = true;
    try {
      const page = await load(by, query, shown);
      if (mine !== seq) return;
      const items = page.posts.map((p) => postItem(p, timeZone));
      if (append) list.append(...items);
      else replace(list, ...items);
      shown += page.posts.length;
      caption.textContent = listCaption(shown, page.total, by, query);
      more.hidden = shown >= page.total;
      more.textContent = `Show ${formatExact(Math.min(LIMIT, page.total - shown))} more`;
    } catch (e) {
      if (mine !== seq) return;
      caption.textContent = '';
      more.hidden = true;
      replace(list, h('li', { class: 'form-error' }, (e as { message?: string }).message ?? String(e)));
    } finally {
      if (mine === seq) more.disabled = false;
    }
  };
  let typing = 0;
  search.oninput = () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => void show(false), 300);
  };
  sort.onchange = () => void show(false);
  more.onclick = () => void show(true);
  for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => dialog.close();
  if (!dialog.open) dialog.showModal();
  void show(false);
}
