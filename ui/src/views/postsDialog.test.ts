import { describe, expect, it } from 'vitest';
import { listCaption } from './postsDialog';

describe('listCaption', () => {
  it('says how many of how many and in which order', () => {
    expect(listCaption(3, 3, 'time')).toBe('3 posts, oldest first.');
    expect(listCaption(200, 2817, 'exposure')).toBe('The 200 of 2,817 posts with the widest estimated reach.');
  });
});
