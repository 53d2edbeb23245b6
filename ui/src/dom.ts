// A tiny DOM builder. Data (post text, author and topic names) is hostile: it only ever becomes
// text (text nodes / textContent) or attribute values, never markup. There is deliberately no way
// to set innerHTML, inline styles or string event handlers through it.

export type Child = Node | string | number | null | undefined | false | Child[];
// biome-ignore lint/suspicious/noExplicitAny: handlers of every event type are set through one attribute map.
type Listener = (event: any) => void;
export type AttrValue = string | number | boolean | null | undefined | Listener;
export type Attrs = Record<string, AttrValue>;

const FORBIDDEN = new Set(['innerhtml', 'outerhtml', 'srcdoc', 'style']);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) setAttr(el, name, value);
  append(el, children);
  return el;
}

function setAttr(el: HTMLElement, name: string, value: AttrValue): void {
  const lower = name.toLowerCase();
  if (FORBIDDEN.has(lower)) throw new Error(`h(): refusing to set ${name}`);
  if (lower.startsWith('on')) {
    if (typeof value !== 'function') throw new Error(`h(): ${name} must be a function`);
    el.addEventListener(lower.slice(2), value);
    return;
  }
  if (typeof value === 'function') throw new Error(`h(): ${name} cannot be a function`);
  if (value === false || value === null || value === undefined) return;
  if (name === 'class') el.className = String(value);
  else el.setAttribute(name, value === true ? '' : String(value));
}

/** Appends children; strings and numbers become text nodes, never parsed. */
export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces all children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** Sets the text of `el` (textContent: never parsed as markup). */
export function setText(el: Element, text: string): void {
  el.textContent = text;
}

/** The element with `id`, or an exception naming the missing id. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id} in index.html`);
  return el as T;
}
