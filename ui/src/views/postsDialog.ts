// The posts behind a number: the topic's posts in the period, narrowed and ranked as the user
// chooses, a page at a time, and all of them exported as CSV.

import type { Platform, PostFilter, PostKind, PostsListing, PostsPage, TopBy } from '../backend/bindings';
import { byId, h, replace } from '../dom';
import { formatExact, platforms, plural } from '../format';
import { PagedList } from './pagedList';
import { postItem } from './posts';

/** Each list's pager, kept across openings of the dialog. */
const pagedLists = new WeakMap<HTMLElement, PagedList>();

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

/** What the dialog's controls say: the order, the search and the filters. */
export interface Controls {
  sort: TopBy;
  search: string;
  platform: string;
  lang: string;
  tone: PostFilter;
  kind: string;
}

/** The listing the controls ask for, on top of what the dialog was opened on (a problem, a
 * theme, a tone); empty controls leave a filter out. */
export function listingOf(base: PostsListing, c: Controls, offset: number, limit: number | undefined): PostsListing {
  const listing: PostsListing = { ...base, sort: c.sort, filter: c.tone, offset };
  if (limit !== undefined) listing.limit = limit;
  const search = c.search.trim();
  if (search) listing.search = search;
  if (c.platform) listing.platform = c.platform as Platform;
  if (c.lang.trim()) listing.lang = c.lang.trim();
  if (c.kind) listing.kind = c.kind as PostKind;
  return listing;
}

/** Loads one page of a listing. */
export type PageLoader = (listing: PostsListing) => Promise<PostsPage>;

/** Writes every post of a listing (all pages) to a file. */
export type Exporter = (listing: PostsListing) => Promise<void>;

/**
 * Opens the dialog on `base` (the posts behind a number): a page of posts, the next ones as the
 * list is scrolled to its end (or "Show more" is pressed), searched, filtered and ordered as the
 * user asks, and all of them exported as CSV.
 */
export function openPostsDialog(
  title: string,
  base: PostsListing,
  load: PageLoader,
  timeZone: string,
  exportCsv?: Exporter,
): void {
  const dialog = byId<HTMLDialogElement>('posts-dialog');
  const sort = byId<HTMLSelectElement>('posts-sort');
  const search = byId<HTMLInputElement>('posts-search');
  const platform = byId<HTMLSelectElement>('posts-platform');
  const lang = byId<HTMLInputElement>('posts-lang');
  const tone = byId<HTMLSelectElement>('posts-tone');
  const kind = byId<HTMLSelectElement>('posts-kind');
  const more = byId<HTMLButtonElement>('posts-more');
  const exporter = byId<HTMLButtonElement>('posts-export');
  const caption = byId('posts-caption');
  const list = byId('posts-list');
  if (platform.options.length <= 1) {
    platform.append(...platforms().map(([value, label]) => h('option', { value }, label)));
  }
  byId('posts-title').textContent = title;
  search.value = lang.value = platform.value = kind.value = '';
  tone.value = base.filter;

  const controls = (): Controls => ({
    sort: sort.value as TopBy,
    search: search.value,
    platform: platform.value,
    lang: lang.value,
    tone: tone.value as PostFilter,
    kind: kind.value,
  });
  exporter.hidden = !exportCsv;
  exporter.onclick = async () => {
    if (!exportCsv) return;
    exporter.disabled = true;
    try {
      await exportCsv(listingOf(base, controls(), 0, undefined));
    } catch (e) {
      caption.textContent = `The posts could not be exported: ${(e as { message?: string }).message ?? String(e)}`;
    } finally {
      exporter.disabled = false;
    }
  };

  // The list keeps only the pages near the view in the document; the rest are loaded again
  // when scrolled back to.
  const paged = pagedLists.get(list) ?? new PagedList(list);
  pagedLists.set(list, paged);
  let c = controls();
  const page = async (offset: number) => {
    const posts = await load(listingOf(base, c, offset, LIMIT));
    return { items: posts.posts.map((p) => postItem(p, timeZone)), total: posts.total };
  };
  const settle = () => {
    caption.textContent = listCaption(paged.loaded, paged.total, c.sort, c.search.trim());
    more.hidden = paged.loaded >= paged.total;
    more.textContent = `Show ${formatExact(Math.min(LIMIT, paged.total - paged.loaded))} more`;
  };
  const failed = (e: unknown) => {
    caption.textContent = '';
    more.hidden = true;
    replace(list, h('li', { class: 'form-error' }, (e as { message?: string }).message ?? String(e)));
  };
  let seq = 0;
  const show = async () => {
    const mine = ++seq;
    c = controls();
    caption.textContent = 'Loading…';
    more.disabled = true;
    try {
      if (!(await paged.start(page)) || mine !== seq) return;
      settle();
      void paged.scrolled().then(() => mine === seq && settle());
    } catch (e) {
      if (mine === seq) failed(e);
    } finally {
      if (mine === seq) more.disabled = false;
    }
  };
  const next = (work: () => Promise<void>) => {
    const mine = seq;
    work().then(
      () => mine === seq && settle(),
      (e) => mine === seq && failed(e),
    );
  };
  let typing = 0;
  const later = () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => void show(), 300);
  };
  search.oninput = lang.oninput = later;
  sort.onchange = platform.onchange = tone.onchange = kind.onchange = () => void show();
  more.onclick = () => next(() => paged.more());
  // The next page comes as the list nears its end, so that scrolling alone goes through it all.
  list.onscroll = () => next(() => paged.scrolled());
  for (const b of dialog.querySelectorAll<HTMLButtonElement>('[data-close]')) b.onclick = () => dialog.close();
  if (!dialog.open) dialog.showModal();
  void show();
}
