import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Loaded, PagedList } from './pagedList';

// A layout for happy-dom, which has none: every item is 50 px tall, a spacer as tall as it says,
// a hidden element 0; the list shows 500 px.
const ITEM = 50;
const heightOf = (el: HTMLElement): number =>
  el.hidden ? 0 : el.classList.contains('list-spacer') ? Number(el.dataset.height ?? 0) : ITEM;
const layout = {
  offsetHeight: {
    get(this: HTMLElement) {
      return heightOf(this);
    },
  },
  offsetTop: {
    get(this: HTMLElement) {
      let top = 0;
      for (let e = this.previousElementSibling; e; e = e.previousElementSibling) top += heightOf(e as HTMLElement);
      return top;
    },
  },
};
const saved = Object.fromEntries(
  Object.keys(layout).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]),
);

function listOf(): HTMLElement {
  const list = document.createElement('ol');
  let scrollTop = 0;
  Object.defineProperties(list, {
    clientHeight: { get: () => 500 },
    scrollHeight: {
      get: () => Array.from(list.children).reduce((sum, e) => sum + heightOf(e as HTMLElement), 0),
    },
    scrollTop: {
      get: () => scrollTop,
      set: (v: number) => {
        scrollTop = Math.max(0, Math.min(v, list.scrollHeight - 500));
      },
    },
  });
  document.body.append(list);
  return list;
}

/** A listing of `total` numbered items, served `size` at a time; records the offsets asked for. */
function source(total: number, size = 100) {
  const asked: number[] = [];
  const load = async (offset: number): Promise<Loaded> => {
    asked.push(offset);
    const n = Math.max(0, Math.min(size, total - offset));
    const items = Array.from({ length: n }, (_, i) => {
      const li = document.createElement('li');
      li.textContent = String(offset + i);
      return li;
    });
    return { items, total };
  };
  return { load, asked };
}

const shown = (list: HTMLElement) =>
  Array.from(list.querySelectorAll(':scope > :not(.list-spacer)'), (e) => Number(e.textContent));

/** Scrolls to `top` and lets the list load what it needs. */
async function scrollTo(list: HTMLElement, paged: PagedList, top: number) {
  list.scrollTop = top;
  await paged.scrolled();
  await vi.waitFor(async () => {
    const before = paged.loaded + paged.inDocument;
    await paged.scrolled();
    expect(paged.loaded + paged.inDocument).toBe(before);
  });
}

describe('a paged list', () => {
  beforeEach(() => {
    Object.defineProperties(HTMLElement.prototype, layout);
  });
  afterEach(() => {
    for (const [k, d] of Object.entries(saved)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
    document.body.replaceChildren();
  });

  it('holds at most three pages however far it is scrolled, each item exactly where it was', async () => {
    const list = listOf();
    const paged = new PagedList(list, 3);
    const { load } = source(100_000);
    await paged.start(load);
    expect(shown(list)).toHaveLength(100);
    // Scrolled to the end of 20,000 items, page by page as a user would.
    for (let top = 0; paged.loaded < 20_000; top += 2_500) await scrollTo(list, paged, top);
    expect(paged.total).toBe(100_000);
    expect(paged.inDocument).toBeLessThanOrEqual(300);
    // The items in the document sit where they would in a list of every item.
    for (const item of list.querySelectorAll<HTMLElement>(':scope > :not(.list-spacer)')) {
      expect(item.offsetTop).toBe(Number(item.textContent) * ITEM);
    }
    // And scrolled back to the start, the first page is there again, in place.
    for (let top = list.scrollTop; top > 0; top -= 2_500) await scrollTo(list, paged, top);
    await scrollTo(list, paged, 0);
    expect(shown(list).slice(0, 3)).toEqual([0, 1, 2]);
    expect(paged.inDocument).toBeLessThanOrEqual(300);
    expect(list.querySelector<HTMLElement>('.list-spacer')!.hidden).toBe(true);
  });

  it('loads each page it brings back by its offset, and drops pages of a listing started since', async () => {
    const list = listOf();
    const paged = new PagedList(list, 2);
    const first = source(1_000);
    await paged.start(first.load);
    for (let top = 0; paged.loaded < 500; top += 2_500) await scrollTo(list, paged, top);
    first.asked.length = 0;
    await scrollTo(list, paged, 0);
    expect(first.asked.filter((o) => o < 300)).toEqual([200, 100, 0]);

    // A new listing while a page of the old one is on its way: the old page is dropped.
    let release: () => void = () => {};
    const slow = async (offset: number) => {
      await new Promise<void>((r) => (release = r));
      return first.load(offset);
    };
    const startedSlow = paged.start(slow);
    const other = source(30, 10);
    expect(await paged.start(other.load)).toBe(true);
    release();
    expect(await startedSlow).toBe(false);
    expect(shown(list)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(paged.total).toBe(30);
  });

  it('shows more on demand, bringing back the pages below first so that the order holds', async () => {
    const list = listOf();
    const paged = new PagedList(list, 2);
    const { load } = source(450);
    await paged.start(load);
    await paged.more();
    await paged.more();
    expect(paged.loaded).toBe(300);
    const contiguous = (xs: number[]) => xs.every((x, i) => i === 0 || x === xs[i - 1]! + 1);
    expect(paged.inDocument).toBe(200);
    expect(contiguous(shown(list))).toBe(true);
    await paged.more();
    await paged.more();
    expect(paged.loaded).toBe(450);
    await paged.more();
    expect(paged.loaded).toBe(450);
    await scrollTo(list, paged, list.scrollHeight);
    expect(contiguous(shown(list))).toBe(true);
    const last = shown(list);
    expect(last[last.length - 1]).toBe(449);
  });
});
