import { describe, expect, it, vi } from 'vitest';
import type { Overview, Totals } from '../backend/bindings';
import { renderTone, signed, toneFacts } from './tone';

const totals = (t: Partial<Totals>): Totals => ({
  mentions: 0,
  unique_authors: 0,
  engagement: 0,
  engagement_unknown_share: 0,
  potential_reach: 0,
  reach_unknown_share: 0,
  exposure: 0,
  exposure_unknown_share: 0,
  negative: 0,
  negative_share: 0,
  net_sentiment: null,
  ...t,
});

// The engine words the negative share's change (`Change::of_share`); the strip shows its words.
const overview = (now: Partial<Totals>, before: Partial<Totals>, voice: number | null, days = 30, moved = '') =>
  ({
    totals: totals(now),
    previous: totals(before),
    negative_change: { trend: 'up', pct: null, said: moved, short: '' },
    share_of_voice: voice,
    period: { before: days === 1 ? 'the day before' : `the previous ${days} days` },
  }) as unknown as Overview;

describe('tone and share of voice', () => {
  it('states the negative share against the previous period in points', () => {
    const o = overview(
      { mentions: 200, negative_share: 0.456, net_sentiment: -0.4249 },
      { mentions: 50, negative_share: 0.3, net_sentiment: 0.1 },
      0.68,
      30,
      '▲ 16 points on the previous 30 days',
    );
    expect(toneFacts(o)).toEqual([
      {
        key: 'negative',
        label: 'Negative in tone',
        value: '46%',
        detail: 'of the posts; ▲ 16 points on the previous 30 days',
      },
      { key: 'net', label: 'Net sentiment', value: '−0.42', detail: '+0.10 in the previous 30 days' },
      { key: 'voice', label: 'Share of voice', value: '68%', detail: 'of the posts on all your topics' },
    ]);
    expect(signed(0.004)).toBe('0.00');
  });

  it('says so when there is nothing to compare or to show', () => {
    const facts = toneFacts(overview({}, {}, null, 1));
    expect(facts.map((f) => f.value)).toEqual(['—', '—', '—']);
    expect(facts[0]!.detail).toBe('no posts');
  });

  it('opens the negative posts by mouse and keyboard, and only when there are posts', () => {
    const el = document.createElement('section');
    const open = vi.fn();
    renderTone(
      el,
      overview({ mentions: 3, negative_share: 1 / 3 }, { mentions: 0 }, 1, 7, 'none in the previous 7 days'),
      open,
    );
    const negative = el.querySelector<HTMLElement>('[data-key="negative"]')!;
    expect(negative.textContent).toContain('none in the previous 7 days');
    negative.click();
    negative.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(open).toHaveBeenCalledTimes(2);
    el.querySelector<HTMLElement>('[data-key="net"]')!.click();
    expect(open).toHaveBeenCalledTimes(2);

    renderTone(el, overview({}, {}, null, 7), open);
    expect(el.querySelector('[role="button"]')).toBeNull();
  });
});
