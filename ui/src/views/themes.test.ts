import { describe, expect, it } from 'vitest';
import type { ThemeView, ThemesReport } from '../backend/bindings';
import { copiesLine, renderThemes } from './themes';
import { daysPeriod } from '../testing';

const period = daysPeriod('2026-09-01', '2026-09-07', 7);

function theme(number: number, label: string, posts: number): ThemeView {
  return {
    number,
    label,
    terms: ['schedule', 'paper'],
    posts,
    texts: 4,
    people: posts - 1,
    negative_share: 0.5,
    examples: [
      {
        id: 1,
        platform: 'twitter',
        author: 'Person 1',
        text: '<img src=x onerror=alert(1)> no schedule',
        created_at: '',
      },
      { id: 2, platform: 'reddit', author: '@RiversideUSD', text: 'paper schedules at the office', created_at: '' },
    ],
  };
}

function report(themes: ThemeView[], copies = 30): ThemesReport {
  return {
    topic: 'SchoolMax',
    period,
    mentions: 200,
    read: 200,
    reposts: 20,
    copies,
    copied_texts: 3,
    copy_share: copies / 180,
    copied: [],
    themes,
    unthemed: 10,
    copies_said: copies
      ? `${copies} of 180 posts (17%) copy an earlier post's text: 3 texts copied; 20 reposts left aside.`
      : "No post copies another's text (180 posts read; 20 reposts left aside).",
  };
}

function elements() {
  return [document.createElement('ol'), document.createElement('span'), document.createElement('p')] as const;
}

describe('renderThemes', () => {
  it('lists each theme with its figures and examples, and opens its posts', () => {
    const [list, caption, copies] = elements();
    const opened: number[] = [];
    const shown = renderThemes(
      list,
      caption,
      copies,
      report([theme(1, 'Can’t see my schedule', 120), theme(2, 'Bus routes', 50)]),
      (t) => opened.push(t.number),
    );
    expect(shown).toBe(true);
    expect(caption.textContent).toBe('in 200 posts');
    // The copies in the engine's words, reposts said.
    expect(copies.textContent).toBe(
      "30 of 180 posts (17%) copy an earlier post's text: 3 texts copied; 20 reposts left aside.",
    );
    const items = list.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('Can’t see my schedule');
    expect(items[0]?.textContent).toContain('120 posts · 119 people · 50% negative · schedule, paper');
    expect(items[0]?.textContent).toContain('Person 1: <img src=x onerror=alert(1)> no schedule');
    // Hostile post text stays text.
    expect(list.querySelector('img')).toBeNull();
    list.querySelectorAll('button')[1]?.click();
    expect(opened).toEqual([2]);
  });

  it('says so when there are too few distinct texts, and when nothing is copied', () => {
    const [list, caption, copies] = elements();
    expect(renderThemes(list, caption, copies, report([], 0), () => {})).toBe(false);
    expect(list.textContent).toContain('Too few distinct texts');
    expect(caption.textContent).toBe('');
    expect(copiesLine(report([], 0))).toBe("No post copies another's text (180 posts read; 20 reposts left aside).");
  });
});
