import { describe, expect, it, vi } from 'vitest';
import { h, replace } from './dom';

describe('h()', () => {
  it('sets text, never markup', () => {
    const el = h('p', { class: 'x', title: '"><img src=x>' }, '<img src=x onerror=alert(1)>', 3, null, false, [
      ' a',
      ' b',
    ]);
    expect(el.textContent).toBe('<img src=x onerror=alert(1)>3 a b');
    expect(el.querySelector('img')).toBeNull();
    expect(el.className).toBe('x');
    expect(el.getAttribute('title')).toBe('"><img src=x>');
  });

  it('skips false and null attributes and sets true ones empty', () => {
    const el = h('button', { disabled: true, hidden: false, 'aria-label': null });
    expect(el.hasAttribute('disabled')).toBe(true);
    expect(el.hasAttribute('hidden')).toBe(false);
    expect(el.hasAttribute('aria-label')).toBe(false);
  });

  it('refuses markup, inline styles and string handlers', () => {
    expect(() => h('div', { innerHTML: '<b>x</b>' })).toThrow();
    expect(() => h('div', { style: 'color:red' })).toThrow();
    expect(() => h('div', { onclick: 'alert(1)' })).toThrow();
  });

  it('attaches function handlers as listeners', () => {
    const click = vi.fn();
    const el = h('button', { onClick: click }, 'Go');
    el.click();
    expect(click).toHaveBeenCalledOnce();
    expect(el.hasAttribute('onclick')).toBe(false);
  });

  it('replaces children', () => {
    const el = h('ul', null, h('li', null, 'a'));
    replace(el, h('li', null, 'b'), h('li', null, 'c'));
    expect([...el.children].map((c) => c.textContent)).toEqual(['b', 'c']);
  });
});
