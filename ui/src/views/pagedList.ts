// A list that loads its items a page at a time as it is scrolled, and keeps only the pages near
// the view in the document. A page scrolled far out of view is replaced by a spacer of its
// height, and loaded again (by its offset) when the list is scrolled back to it. However long
// the listing, 100,000 posts or more, the list holds at most `keep` pages of elements, so that
// scrolling, layout and memory cost the same at the end of it as at its start.

/** One page as loaded: its elements and the listing's total at the time. */
export interface Loaded {
  items: HTMLElement[];
  total: number;
}

/** Loads the page of the listing that starts at `offset`. */
export type LoadPage = (offset: number) => Promise<Loaded>;

interface Page {
  offset: number;
  count: number;
  /** Its height in pixels when last taken out of the document. */
  height: number;
  /** Its elements while in the document. */
  items: HTMLElement[] | null;
}

/** How near (pixels) the edge of the loaded pages the view must come to load the next one. */
const MARGIN = 600;

export class PagedList {
  private pages: Page[] = [];
  /** The pages in the document: `lo..=hi`. */
  private lo = 0;
  private hi = -1;
  private count = 0;
  private known = 0;
  private busy = false;
  private running: Promise<unknown> = Promise.resolve();
  /** Bumped by `start`, so that the pages of an earlier listing are dropped when they arrive. */
  private generation = 0;
  private load: LoadPage = async () => ({ items: [], total: 0 });
  private readonly above: HTMLElement;
  private readonly below: HTMLElement;

  constructor(
    private readonly list: HTMLElement,
    /** How many pages stay in the document. */
    private readonly keep = 3,
  ) {
    this.above = spacer();
    this.below = spacer();
  }

  /** How many items have been loaded (those scrolled away included). */
  get loaded(): number {
    return this.count;
  }

  /** The listing's total, as its latest page said. */
  get total(): number {
    return this.known;
  }

  /** How many items are in the document now. */
  get inDocument(): number {
    return this.list.querySelectorAll(':scope > :not(.list-spacer)').length;
  }

  /** Starts over on another listing with its first page. False when a newer start came first. */
  async start(load: LoadPage): Promise<boolean> {
    const generation = ++this.generation;
    this.load = load;
    const first = await load(0);
    if (generation !== this.generation) return false;
    this.pages = [];
    this.lo = 0;
    this.hi = -1;
    this.count = 0;
    this.setHeight(this.above, 0);
    this.setHeight(this.below, 0);
    this.list.replaceChildren(this.above, this.below);
    this.list.scrollTop = 0;
    this.add(first);
    return true;
  }

  /** Loads the next page not loaded yet (the "Show more" button), after any load under way. */
  more(): Promise<void> {
    return this.step(async () => {
      // Pages scrolled away below come back first, so that the list stays in order.
      while (this.hi + 1 < this.pages.length) if (!(await this.restore(this.hi + 1))) return;
      if (this.count < this.known) await this.append();
    }, true);
  }

  /** Loads or brings back the pages the view has come near; call it as the list scrolls. */
  scrolled(): Promise<void> {
    const { scrollTop, clientHeight } = this.list;
    // A list not laid out (a closed dialog) has no view to fill.
    if (this.busy || clientHeight === 0) return Promise.resolve();
    const start = this.height(this.above);
    const end = this.list.scrollHeight - this.height(this.below);
    const nearEnd = scrollTop + clientHeight >= end - MARGIN;
    const nearStart = scrollTop <= start + MARGIN;
    if (nearEnd && this.hi + 1 < this.pages.length) return this.step(() => this.restore(this.hi + 1));
    if (nearEnd && this.count < this.known) return this.step(() => this.append());
    if (nearStart && this.lo > 0) return this.step(() => this.restore(this.lo - 1));
    return Promise.resolve();
  }

  /** Runs one load at a time: a scroll while one is under way waits for the next scroll, "Show
   * more" (`queue`) for the load to end. Then the view is filled if it still needs pages. */
  private async step(work: () => Promise<unknown>, queue = false): Promise<void> {
    while (this.busy) {
      if (!queue) return;
      await this.running.catch(() => {});
    }
    this.busy = true;
    const generation = this.generation;
    this.running = work().finally(() => {
      this.busy = false;
    });
    await this.running;
    if (generation === this.generation) await this.scrolled();
  }

  /** The page at `offset`, or null when another listing was started while it loaded. */
  private async fetch(offset: number): Promise<Loaded | null> {
    const generation = this.generation;
    const page = await this.load(offset);
    return generation === this.generation ? page : null;
  }

  private async append(): Promise<void> {
    const page = await this.fetch(this.count);
    if (page) this.add(page);
  }

  /** A page never loaded before, at the end. */
  private add(page: Loaded): void {
    this.known = page.total;
    if (!page.items.length) return;
    this.pages.push({ offset: this.count, count: page.items.length, height: 0, items: page.items });
    this.count += page.items.length;
    this.below.before(...page.items);
    this.hi = this.pages.length - 1;
    if (this.hi - this.lo + 1 > this.keep) this.evict(this.lo);
  }

  /** Brings back page `index`, next to those in the document, by loading it again. False when
   * another listing was started meanwhile. */
  private async restore(index: number): Promise<boolean> {
    const page = this.pages[index];
    if (!page) return false;
    const again = await this.fetch(page.offset);
    if (!again) return false;
    const items = again.items.slice(0, page.count);
    page.items = items;
    if (index < this.lo) {
      this.above.after(...items);
      this.setHeight(this.above, this.height(this.above) - page.height);
      this.lo = index;
      if (this.hi - this.lo + 1 > this.keep) this.evict(this.hi);
    } else {
      this.below.before(...items);
      this.setHeight(this.below, this.height(this.below) - page.height);
      this.hi = index;
      if (this.hi - this.lo + 1 > this.keep) this.evict(this.lo);
    }
    return true;
  }

  /** Takes page `index` (the first or the last in the document) out, leaving its height. */
  private evict(index: number): void {
    const page = this.pages[index];
    if (!page?.items?.length) return;
    const first = page.items[0]!;
    const last = page.items[page.items.length - 1]!;
    page.height = Math.max(0, last.offsetTop + last.offsetHeight - first.offsetTop);
    for (const item of page.items) item.remove();
    page.items = null;
    if (index === this.lo) {
      this.setHeight(this.above, this.height(this.above) + page.height);
      this.lo += 1;
    } else {
      this.setHeight(this.below, this.height(this.below) + page.height);
      this.hi -= 1;
    }
  }

  private height(space: HTMLElement): number {
    return Number(space.dataset.height ?? 0);
  }

  private setHeight(space: HTMLElement, px: number): void {
    space.dataset.height = String(px);
    space.style.height = `${px}px`;
    space.hidden = px <= 0;
  }
}

function spacer(): HTMLElement {
  const li = document.createElement('li');
  li.className = 'list-spacer';
  li.setAttribute('aria-hidden', 'true');
  li.hidden = true;
  return li;
}
