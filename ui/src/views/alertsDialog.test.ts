import { describe, expect, it } from 'vitest';
import type { Alert, Status } from '../backend/bindings';
import { renderAlerts } from './alertsDialog';
import { renderTopicStatus } from './topicStatus';

function alert(id: number, acknowledged: boolean): Alert {
  return {
    id,
    topic_id: 1,
    topic: 'SchoolMax',
    kind: 'spike',
    grade: 'problem',
    title: `<img src=x onerror=alert(1)> Problem ${id}`,
    evidence: '52 people posted in the last hour, against 4 usually',
    started_at: 1_788_000_000,
    raised_at: 1_788_001_200,
    acknowledged_at: acknowledged ? 1_788_002_000 : null,
    top_post: null,
    time_zone: 'America/Chicago',
  };
}

describe('renderAlerts', () => {
  it('lists alerts as text, with acknowledge only on the new ones', () => {
    const list = document.createElement('ul');
    const acked: number[] = [];
    const shown: number[] = [];
    renderAlerts(
      list,
      [alert(2, false), alert(1, true)],
      (id) => acked.push(id),
      (a) => shown.push(a.id),
    );
    const items = list.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(list.querySelector('img')).toBeNull();
    expect(items[0]?.textContent).toContain('52 people posted in the last hour');
    expect(items[0]?.classList.contains('is-new')).toBe(true);
    expect(items[1]?.querySelector('[data-action="acknowledge"]')).toBeNull();
    expect(items[1]?.textContent).toContain('Acknowledged');
    (items[0]!.querySelector('[data-action="acknowledge"]') as HTMLButtonElement).click();
    expect(acked).toEqual([2]);
    (items[1]!.querySelector('[data-action="show"]') as HTMLButtonElement).click();
    expect(shown).toEqual([1]);
  });

  it('says when there are none', () => {
    const list = document.createElement('ul');
    renderAlerts(
      list,
      [],
      () => {},
      () => {},
    );
    expect(list.textContent).toMatch(/No alerts/);
  });
});

describe('renderTopicStatus', () => {
  const status: Status = {
    topic: 'SchoolMax',
    grade: 'possible_problem',
    label: 'Possible problem',
    evidence: '12 people posted in the last hour, above the usual 3 to 6',
    confidence: 'Based on 14 days of history',
    since: null,
    people_last_hour: 12,
    baseline_people: 4,
    upper_people: 6,
    platforms: ['bluesky'],
    history_days: 14,
    at: 1_788_001_200,
  };

  it('shows the engine’s words and the grade', () => {
    const el = document.createElement('p');
    renderTopicStatus(el, status);
    expect(el.hidden).toBe(false);
    expect(el.className).toContain('topic-status--possible_problem');
    expect(el.textContent).toBe(
      'Possible problem 12 people posted in the last hour, above the usual 3 to 6 Based on 14 days of history',
    );
  });

  it('hides when the topic has no status', () => {
    const el = document.createElement('p');
    renderTopicStatus(el, status);
    renderTopicStatus(el, undefined);
    expect(el.hidden).toBe(true);
    expect(el.textContent).toBe('');
  });
});
