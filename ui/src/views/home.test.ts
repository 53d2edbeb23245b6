import { describe, expect, it, vi } from 'vitest';
import type { RecentWorkspace, Status, TopicCard } from '../backend/bindings';
import { renderHome, renderWelcome, sparkline } from './home';

const status = (grade: Status['grade'], label: string): Status => ({
  topic: 't',
  grade,
  label,
  evidence: '40 people posted in the last hour, where an hour usually has 3',
  confidence: 'Based on 28 days of history',
  since: null,
  people_last_hour: 40,
  baseline_people: 3,
  upper_people: 9,
  platforms: [],
  history_days: 28,
  at: 0,
});

const card = (over: Partial<TopicCard>): TopicCard => ({
  topic: 'SchoolMax',
  query: 'schoolmax',
  status: status('critical', 'Critical'),
  from: '2026-08-10',
  to: '2026-09-08',
  sparkline: [1, 2, 90, 4],
  mentions: 97,
  latest_spike: {
    start: '2026-09-01',
    peak: '2026-09-01',
    end: '2026-09-02',
    severity: 'critical',
    peak_mentions: 90,
    times_normal: 45,
  },
  newest: '2026-09-08',
  ...over,
});

describe('the home view', () => {
  it('shows each topic with its grade, sparkline, latest spike and newest day', () => {
    const list = document.createElement('ol');
    const open = vi.fn();
    const openSpike = vi.fn();
    renderHome(
      list,
      [
        card({}),
        card({
          topic: '<b>Wi-Fi</b>',
          status: status('normal', 'Normal'),
          latest_spike: null,
          newest: null,
          mentions: 0,
        }),
      ],
      {
        open,
        openSpike,
        newTopic: vi.fn(),
      },
    );
    const items = list.querySelectorAll('li.home-card');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Critical');
    expect(items[0]!.textContent).toContain('Critical spike Sep 1, 2026: 90 mentions, 45× normal');
    expect(items[0]!.textContent).toContain('Newest post Sep 8, 2026');
    expect(items[0]!.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(4);
    expect(items[1]!.textContent).toContain('No spike in this period');
    expect(items[1]!.textContent).toContain('No posts yet');
    expect(list.querySelector('b')).toBeNull();
    items[1]!.querySelector<HTMLButtonElement>('.home-card-open')!.click();
    expect(open).toHaveBeenCalledWith('<b>Wi-Fi</b>');
    items[0]!.querySelector<HTMLButtonElement>('.home-card-spike')!.click();
    expect(openSpike).toHaveBeenCalledWith(expect.objectContaining({ topic: 'SchoolMax' }));
  });

  it('invites a first topic when there is none', () => {
    const list = document.createElement('ol');
    const newTopic = vi.fn();
    renderHome(list, [], { open: vi.fn(), openSpike: vi.fn(), newTopic });
    list.querySelector('button')!.click();
    expect(newTopic).toHaveBeenCalled();
  });

  it('draws a flat sparkline for a topic without posts', () => {
    const svg = sparkline([0, 0, 0], 100, 20);
    const ys = svg
      .querySelector('polyline')!
      .getAttribute('points')!
      .split(' ')
      .map((p) => Number(p.split(',')[1]));
    expect(new Set(ys).size).toBe(1);
  });
});

describe('the welcome screen', () => {
  it('offers the sample, a workspace of ones own, a file and the recent ones that still exist', () => {
    const el = document.createElement('section');
    const actions = { sample: vi.fn(), start: vi.fn(), open: vi.fn(), recent: vi.fn() };
    const recent: RecentWorkspace[] = [
      { path: '/w/Ops.sqlite', name: 'Ops', exists: true },
      { path: '/w/gone.sqlite', name: 'gone', exists: false },
    ];
    renderWelcome(el, recent, actions);
    el.querySelector<HTMLButtonElement>('#welcome-sample')!.click();
    el.querySelector<HTMLButtonElement>('#welcome-start')!.click();
    el.querySelector<HTMLButtonElement>('#welcome-open')!.click();
    expect(actions.sample).toHaveBeenCalledOnce();
    expect(actions.start).toHaveBeenCalledOnce();
    expect(actions.open).toHaveBeenCalledOnce();
    expect(el.textContent).toContain('Ops');
    expect(el.textContent).not.toContain('gone');
    el.querySelector<HTMLButtonElement>('.welcome-recent button')!.click();
    expect(actions.recent).toHaveBeenCalledWith('/w/Ops.sqlite');
  });
});
