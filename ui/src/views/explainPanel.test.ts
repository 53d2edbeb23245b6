import { describe, expect, it } from 'vitest';
import type { WindowReport } from '../backend/bindings';
import { renderReport, spanText } from './explainPanel';

const span = (mentions: number, negative_share: number) => ({ mentions, negative_share, net_sentiment: null });

describe('explain panel', () => {
  it('describes sentiment spans', () => {
    expect(spanText(span(0, 0))).toBe('no posts');
    expect(spanText(span(2306, 0.488))).toBe('49% negative (2,306 posts)');
  });

  it('renders terms and hostile text as text only', () => {
    const report = {
      start: 0,
      end: 86400,
      mentions: 3,
      unique_authors: 2,
      top_posts: [],
      voices: [
        {
          platform: 'twitter',
          handle: '<b>x</b>',
          name: null,
          verified: null,
          followers: null,
          mentions: 1,
          engagement: 0,
          exposure: 0,
        },
      ],
      terms: [{ term: '<img src=x onerror=alert(1)>', window: 3, baseline: 0, workspace: 0, g2: 12 }],
      copies: { read: 3, reposts: 1, copies: 1, texts: 1, groups: [] },
      copies_said: "1 of 2 posts (50%) copies an earlier post's text: 1 text copied; 1 repost left aside.",
      incidents: ['INC7 “<i>Portal</i> down”: Mentions surged 1 h 40 min before the incident was opened.'],
      platforms: [],
      languages: [],
      before: span(0, 0),
      during: span(3, 0.5),
      after: span(1, 0),
    } as unknown as WindowReport;
    const body = document.createElement('div');
    renderReport(body, report, 'UTC');
    expect(body.querySelector('img')).toBeNull();
    expect(body.querySelector('b')).toBeNull();
    expect(body.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(body.textContent).toContain('During: 50% negative (3 posts)');
    expect(body.querySelector('.explain-incidents')?.textContent).toContain('Mentions surged 1 h 40 min before');
    expect(body.querySelector('i')).toBeNull();
    // The copies in the engine's words.
    expect(body.textContent).toContain(
      "1 of 2 posts (50%) copies an earlier post's text: 1 text copied; 1 repost left aside.",
    );
  });
});
