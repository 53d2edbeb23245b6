// Fixtures shared by the UI's unit tests.

import type { Period } from './backend/bindings';

/** A period of whole days as the engine sends it, in UTC. */
export function daysPeriod(from: string, to: string, days: number, start = 0, end = 0): Period {
  return {
    from,
    to,
    tz: 'UTC',
    start,
    end,
    days,
    hours: null,
    length: days === 1 ? '1 day' : `${days} days`,
    before: days === 1 ? 'the day before' : `the previous ${days} days`,
  };
}
