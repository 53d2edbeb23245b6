// The posts behind a number: the topic's posts in the period, ranked as the user chooses.

import type { StoredPost, TopBy } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { formatExact, plural } from '../format';
import { postItem } from './posts';

/** How many posts the dialog lists at most. */
export const LIMIT = 200;

/** The line above the list: how many of how many, in which order. */
export function listCaption(shown: number, total: number, sort: TopBy): string {
  const order = { exposure: 'widest estimated reach first', engagement: 'most engagement first', time: 'oldest first' }[
    sort
  ];
  return shown < total
    ? `The ${formatExact(shown)} of ${plural(total, 'post')} with the ${order.replace(' first', '')}.`
    : `${plural(total, 'post')}, ${order}.`;
}

/** Opens the dialog; `load` fetches the ranked posts. */
export function openPostsDialog(
  title: string,
  total: number,
  load: (sort: TopBy) => Promise<StoredPost[]>,
  timeZone: string,
): void {
  const dialog = byId<HTMLDialogElement>('posts-dialog');
  const sort = byId<HTMLSelectElement>('posts-sort');
  const caption = byId('posts-caption');
  const list = byId('posts-list');
  byId('posts-title').textContent = title;
  let seq = 0;
  const show = async () => {
    const mine = ++seq;
    const by = sort.value as TopBy;
    caption.textContent = 'Loading…';
    try {
      const posts = await load(by);
      if (mine !== seq) return;
      caption.textContent = listCaption(posts.length, total, by);
      replace(list, ...posts.map((p) => postItem(p, timeZone)));
    } catch (e) {
      if (mine === seq)
        replace(list, h('li', { class: 'form-error' }, (e as { message?: string }).message ?? String(e)));
    }
  };
  sort.onchange = () => void show();
  for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => dialog.close();
  if (!dialog.open) dialog.showModal();
  void show();
}
