import { describe, expect, it } from 'vitest';
import type { ProblemCount, ProblemReport } from '../backend/bindings';
import { renderProblems, renderResponse } from './problems';
import { daysPeriod } from '../testing';

function count(problem: ProblemCount['problem'], label: string, mentions: number, previous: number): ProblemCount {
  return {
    problem,
    label,
    mentions,
    share: mentions / 200,
    previous,
    change: previous
      ? {
          trend: mentions >= previous ? 'up' : 'down',
          pct: ((mentions - previous) / previous) * 100,
          said: `${mentions >= previous ? '▲' : '▼'} ${Math.round((Math.abs(mentions - previous) / previous) * 100)}% vs the previous 7 days`,
          short: '',
        }
      : { trend: 'new', pct: null, said: 'new: none in the previous 7 days', short: 'new this period' },
    people: mentions - 1,
    query: 'login OR "can\'t sign in"',
    custom: false,
  };
}

const period = daysPeriod('2026-09-01', '2026-09-07', 7);

function report(problems: ProblemCount[]): ProblemReport {
  return {
    topic: { id: 1, name: 'SchoolMax', query: 'schoolmax' },
    period,
    previous_period: period,
    mentions: 200,
    categorised: 120,
    problems,
  };
}

describe('renderProblems', () => {
  it('ranks the reported problems as bars scaled to the largest, each opening its posts', () => {
    const list = document.createElement('ol');
    const caption = document.createElement('span');
    const opened: string[] = [];
    const shown = renderProblems(
      list,
      caption,
      report([count('outage', 'Outage', 100, 50), count('login', '<b>Login</b>', 50, 0), count('slow', 'Slow', 0, 3)]),
      (p) => opened.push(p.problem),
    );
    expect(shown).toBe(true);
    expect(caption.textContent).toBe('120 of 200 posts report one');
    const items = list.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('100 · 50% of mentions · 99 people');
    expect(items[0]?.textContent).toContain('▲ 100% vs the previous 7 days');
    expect(items[1]?.textContent).toContain('new: none in the previous 7 days');
    expect(list.querySelector('b')).toBeNull();
    const fills = [...list.querySelectorAll<HTMLElement>('.problem-fill')].map((f) => f.style.width);
    expect(fills).toEqual(['100%', '50%']);
    (items[1]!.querySelector('button') as HTMLButtonElement).click();
    expect(opened).toEqual(['login']);
  });

  it('says so when no post reports a known problem', () => {
    const list = document.createElement('ol');
    const caption = document.createElement('span');
    expect(renderProblems(list, caption, report([count('slow', 'Slow', 0, 0)]), () => {})).toBe(false);
    expect(list.textContent).toMatch(/No post in this period reports a known problem/);
  });
});

describe('renderResponse', () => {
  it('lists the engine’s sentences as text', () => {
    const list = document.createElement('ul');
    renderResponse(list, {
      topic: 'SchoolMax',
      accounts_set: true,
      official: 1,
      lines: ['Official accounts: @RiversideUSD.', '<img src=x onerror=alert(1)> a response lag of 2 h 10 min.'],
    });
    expect(list.querySelectorAll('li')).toHaveLength(2);
    expect(list.querySelector('img')).toBeNull();
    expect(list.textContent).toContain('a response lag of 2 h 10 min.');
  });
});
