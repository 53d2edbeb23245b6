// The topic's status at the head of the dashboard: the grade's label, its evidence and how sure
// it is, all in the engine's words.

import type { Status } from '../backend/bindings';
import { h, replace } from '../dom';

/** Shows `status` in `el`, or hides `el` when there is none. */
export function renderTopicStatus(el: HTMLElement, status: Status | undefined): void {
  el.hidden = !status;
  if (!status) {
    replace(el);
    return;
  }
  el.className = `topic-status topic-status--${status.grade}`;
  replace(
    el,
    h('strong', { class: 'topic-status-label' }, status.label),
    ' ',
    h('span', { class: 'topic-status-evidence' }, status.evidence),
    ' ',
    h('span', { class: 'topic-status-confidence' }, status.confidence),
  );
}
