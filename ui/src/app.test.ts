// The window end to end over a mocked backend: boot, topic switching, stale responses.

import { beforeAll, describe, expect, it, vi } from 'vitest';
import html from '../index.html?raw';
import type { Dashboard, Status, TopicCard, WorkspaceInfo } from './backend/bindings';
import { daysPeriod } from './testing';

const status: Status = {
  topic: 'SchoolMax',
  grade: 'problem',
  label: 'Problem',
  evidence: '52 people posted in the last hour',
  confidence: 'Based on 14 days of history',
  since: null,
  people_last_hour: 52,
  baseline_people: 4,
  upper_people: 8,
  platforms: [],
  history_days: 14,
  at: 0,
};

const pending = new Map<string, (d: Dashboard) => void>();

vi.mock('./backend', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./backend')>()),
  workspaceInfo: vi.fn(
    async (): Promise<WorkspaceInfo> => ({
      name: 'ws',
      sample: false,
      path: '/home/cio/ws.sqlite',
      posts: 4321,
      topics: [
        { id: 1, name: 'SchoolMax', query: 'schoolmax' },
        { id: 2, name: '<img src=x onerror=alert(1)>', query: 'wifi' },
      ],
      imports: [],
      timezone: 'UTC',
    }),
  ),
  dashboard: vi.fn((req: { topic: string }) => new Promise<Dashboard>((resolve) => pending.set(req.topic, resolve))),
  onImportEvent: vi.fn(async () => () => {}),
  onLiveEvent: vi.fn(async () => () => {}),
  topicStatuses: vi.fn(async () => [status]),
  unacknowledgedAlerts: vi.fn(async () => 2),
  onFileDrop: vi.fn(async () => () => {}),
  onMenu: vi.fn(async () => () => {}),
  home: vi.fn(async () => [
    card('SchoolMax', 'problem', 'Problem'),
    card('<img src=x onerror=alert(1)>', 'normal', 'Normal'),
  ]),
}));

function card(topic: string, grade: Status['grade'], label: string): TopicCard {
  return {
    topic,
    query: 'q',
    status: { ...status, topic, grade, label },
    from: '2026-09-02',
    to: '2026-10-01',
    sparkline: [0, 3, 40, 2],
    mentions: 45,
    latest_spike: null,
    newest: '2026-10-01',
  };
}

function dashboardOf(name: string, mentions: number): Dashboard {
  const totals = {
    mentions,
    unique_authors: 1,
    engagement: 2,
    engagement_unknown_share: 0,
    potential_reach: 3,
    reach_unknown_share: 0,
    exposure: 0,
    exposure_unknown_share: 0,
    negative: 0,
    negative_share: 0,
    net_sentiment: null,
  };
  return {
    chart_svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    chart_plot: { width: 960, height: 360, left: 60, right: 940, top: 28, bottom: 320, x_first: 0, x_last: 29 },
    overlays: { band: [], spikes: [], incidents: [], official: [] },
    unlinked_incidents: 0,
    overview: {
      topic: { id: 1, name, query: `${name} query` },
      period: daysPeriod('2026-09-02', '2026-10-01', 30, 1788307200, 1790899200),
      period_note: 'the latest 30 days with data',
      previous_period: daysPeriod('2026-08-03', '2026-09-01', 30, 1785715200, 1788307200),
      bucket: 'day',
      totals,
      previous: totals,
      negative_change: { trend: 'flat', pct: null, said: 'as in the previous 30 days', short: 'no change vs previous' },
      kpis: [
        {
          key: 'mentions',
          label: 'Mentions',
          value: mentions,
          previous: 1,
          change: { trend: 'up', pct: 100, said: '▲ 100% vs the previous 30 days', short: '+100% vs previous' },
          note: null,
          unknown: false,
        },
      ],
      series: [],
      peak: null,
      top_posts: [],
      top_posts_by_exposure: [],
      top_voices: [],
      platforms: [],
      languages: [],
      copies: { read: mentions, copies: 0, texts: 0 },
      share_of_voice: null,
      exposure_rates: [],
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the window', () => {
  // One window for the file: each test goes on from where the one before left it.
  beforeAll(() => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    document.body.replaceWith(document.adoptNode(doc.body));
  });

  it('opens on the home view, then a topic, and ignores a stale dashboard', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:chart');
    URL.revokeObjectURL = vi.fn();
    const { boot } = await import('./app');
    await Promise.race([boot(), flush()]);
    await flush();

    // Home first: a card per topic, the hostile name as text.
    expect(document.getElementById('home')?.hidden).toBe(false);
    expect(document.getElementById('dashboard')?.hidden).toBe(true);
    const cards = [...document.querySelectorAll('#home-cards .home-card-title')].map((c) => c.textContent);
    expect(cards).toEqual(['SchoolMax', '<img src=x onerror=alert(1)>']);
    expect(document.querySelector('#home-cards img')).toBeNull();
    expect(document.title).toBe('ws — Townhall');
    document.querySelector<HTMLButtonElement>('#home-cards [data-topic="SchoolMax"] .home-card-open')!.click();
    await flush();
    expect(document.getElementById('home')?.hidden).toBe(true);

    const select = document.getElementById('topic-select') as HTMLSelectElement;
    // The home view has marked the topic in trouble with its grade.
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'SchoolMax — Problem',
      '<img src=x onerror=alert(1)>',
    ]);
    expect(select.querySelector('img')).toBeNull();
    expect(document.getElementById('workspace-posts')?.textContent).toBe('4,321 posts');
    expect(document.getElementById('dashboard')?.classList.contains('is-loading')).toBe(true);

    // Switch topics before the first answer arrives; the late answer must not win.
    select.value = '<img src=x onerror=alert(1)>';
    select.dispatchEvent(new Event('change'));
    pending.get('<img src=x onerror=alert(1)>')!(dashboardOf('<img src=x onerror=alert(1)>', 5));
    await flush();
    pending.get('SchoolMax')!(dashboardOf('SchoolMax', 9));
    await flush();

    expect(document.getElementById('topic-title')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(document.querySelector('#kpis [data-key="mentions"] .kpi-value')?.textContent).toBe('5');
    expect(document.querySelector('main img')?.getAttribute('src')).toBe('blob:chart');
    expect(document.querySelectorAll('main img')).toHaveLength(1);
    expect(document.getElementById('dashboard')?.classList.contains('is-loading')).toBe(false);
    expect((document.getElementById('export-button') as HTMLButtonElement).disabled).toBe(false);
    // That topic has no status yet; the unacknowledged alerts are counted on the button.
    expect(document.getElementById('topic-status')?.hidden).toBe(true);
    expect(document.getElementById('alerts-count')?.textContent).toBe('2');
    // The topic list marks a topic in trouble with its grade.
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'SchoolMax — Problem',
      '<img src=x onerror=alert(1)>',
    ]);

    select.value = 'SchoolMax';
    select.dispatchEvent(new Event('change'));
    pending.get('SchoolMax')!(dashboardOf('SchoolMax', 9));
    await flush();
    await flush();
    expect(document.getElementById('topic-status')?.textContent).toContain('Problem 52 people posted in the last hour');
  });

  it('shows the last 24 hours from the period menu, and days again once a date is picked', async () => {
    // The window booted by the test above, on SchoolMax.
    const backend = await import('./backend');
    const asked = vi.mocked(backend.dashboard);
    const preset = document.getElementById('period-preset') as HTMLSelectElement;
    preset.value = '24h';
    preset.dispatchEvent(new Event('change'));
    expect(asked.mock.lastCall?.[0]).toEqual({ topic: 'SchoolMax', from: null, to: null, hours: 24 });
    const rolling = dashboardOf('SchoolMax', 12);
    rolling.overview.bucket = 'hour';
    rolling.overview.period = {
      ...rolling.overview.period,
      from: '2026-09-01',
      to: '2026-09-02',
      start: 1788285600,
      end: 1788372000,
      days: 2,
      hours: 24,
      length: '24 hours',
      before: 'the previous 24 hours',
    };
    // The engine words the change against the period it compared with.
    rolling.overview.kpis[0]!.change.said = '▲ 100% vs the previous 24 hours';
    pending.get('SchoolMax')!(rolling);
    await flush();
    expect(document.getElementById('period-line')?.textContent).toContain('24 hours');
    expect(document.querySelector('#kpis [data-key="mentions"] .kpi-change')?.textContent).toBe(
      '▲ 100% vs the previous 24 hours',
    );
    expect(JSON.parse(localStorage.getItem('townhall.place:/home/cio/ws.sqlite') ?? '{}')).toMatchObject({
      topic: 'SchoolMax',
      hours: 24,
    });
    expect((document.getElementById('period-reset') as HTMLButtonElement).hidden).toBe(false);

    const from = document.getElementById('period-from') as HTMLInputElement;
    from.value = '2026-09-01';
    from.dispatchEvent(new Event('change'));
    expect(asked.mock.lastCall?.[0]).toEqual({ topic: 'SchoolMax', from: '2026-09-01', to: null });
  });
});
