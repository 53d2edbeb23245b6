// The dashboard's cards that load after its headline figures — the most reported problems, the
// themes and the organisation's response — and the posts dialog every number opens.

import * as backend from './backend';
import type { DashboardRequest, ErrorPayload, Overview, PostsListing } from './backend';
import { byId } from './dom';
import { fileName, plural } from './format';
import { renderProblems, renderResponse } from './views/problems';
import { openPostsDialog } from './views/postsDialog';
import { errorToast, toast } from './views/status';
import { renderThemes } from './views/themes';

export class DashboardCards {
  /** `isLatest(seq)` says whether load `seq` is still the dashboard on screen. */
  constructor(
    private readonly status: HTMLElement,
    private readonly isLatest: (seq: number) => boolean,
  ) {}

  /** The posts dialog for a listing: pages, search, filters, and the export of all of it as CSV. */
  posts(title: string, req: DashboardRequest, tz: string, base: Partial<PostsListing> = {}): void {
    openPostsDialog(
      title,
      { filter: 'all', sort: 'exposure', offset: 0, copies: false, official: false, ...base },
      (listing) => backend.periodPosts(req, listing),
      tz,
      async (listing) => {
        const path = await backend.pickCsvPath(`${req.topic} posts`);
        if (!path) return;
        const n = await backend.exportPosts(req, listing, path);
        toast(this.status, `${plural(n, 'post')} saved as ${fileName(path)}.`, 'success');
      },
    );
  }

  /** Loads every card for the dashboard of load `seq`, each on its own. */
  load(req: DashboardRequest, overview: Overview, seq: number): Promise<unknown> {
    return Promise.all([this.problems(req, seq), this.themes(req, seq), this.response(req, overview, seq)]);
  }

  /** "Most reported problems", loaded after the rest (it matches every category's query over
   * the period's posts). */
  private async problems(req: DashboardRequest, seq: number): Promise<void> {
    const card = byId('problems');
    try {
      const report = await backend.topicProblems(req);
      if (!this.isLatest(seq)) return;
      card.hidden = report.mentions === 0;
      renderProblems(byId('problems-list'), byId('problems-caption'), report, (p) =>
        this.posts(`The posts that report “${p.label}”`, req, report.period.tz, { problem: p.problem }),
      );
    } catch (e) {
      if (this.isLatest(seq)) card.hidden = true;
      errorToast(this.status, e as ErrorPayload, 'Could not count the reported problems');
    }
  }

  /** "Themes", with the copies; each theme opens its posts. */
  private async themes(req: DashboardRequest, seq: number): Promise<void> {
    const card = byId('themes');
    try {
      const report = await backend.topicThemes(req);
      if (!this.isLatest(seq)) return;
      card.hidden = report.mentions === 0;
      renderThemes(byId('themes-list'), byId('themes-caption'), byId('themes-copies'), report, (t) =>
        this.posts(`The posts of the theme “${t.label}”`, req, report.period.tz, { theme: t.number }),
      );
    } catch (e) {
      if (this.isLatest(seq)) card.hidden = true;
      errorToast(this.status, e as ErrorPayload, 'Could not find the themes');
    }
  }

  /** "Has the organisation responded?", with its official posts. */
  private async response(req: DashboardRequest, overview: Overview, seq: number): Promise<void> {
    const card = byId('response');
    try {
      const summary = await backend.topicResponse(req);
      if (!this.isLatest(seq)) return;
      renderResponse(byId('response-lines'), summary);
      const posts = byId<HTMLButtonElement>('response-posts');
      posts.hidden = summary.official === 0;
      posts.textContent = `Show the ${plural(summary.official, 'official post')} and replies`;
      posts.onclick = () => this.posts('The official posts and replies', req, overview.period.tz, { official: true });
      card.hidden = overview.totals.mentions === 0;
    } catch (e) {
      if (this.isLatest(seq)) card.hidden = true;
      errorToast(this.status, e as ErrorPayload, "Could not read the organisation's response");
    }
  }
}
