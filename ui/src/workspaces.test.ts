import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceInfo } from './backend/bindings';

const opened: WorkspaceInfo = {
  name: 'Sample workspace',
  sample: true,
  path: '/d/sample.sqlite',
  posts: 10,
  topics: [],
  imports: [],
  timezone: 'UTC',
};

vi.mock('./backend', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./backend')>()),
  openSample: vi.fn(async () => opened),
  pickWorkspace: vi.fn(async () => null),
  openWorkspace: vi.fn(async () => {
    throw { code: 'unsupported_file', message: '/d/notes.sqlite is not a Townhall workspace' };
  }),
}));

import * as backend from './backend';
import { recall, remember, Workspaces } from './workspaces';

describe('switching workspaces', () => {
  beforeEach(() => {
    localStorage.clear();
    document.body.replaceChildren();
  });

  it('reloads the window on the workspace opened', async () => {
    const status = document.createElement('div');
    const reload = vi.fn();
    await new Workspaces(status, reload).sample();
    expect(reload).toHaveBeenCalledWith(opened);
    expect(status.textContent).toContain('Opened the sample workspace');
  });

  it('does nothing when the file dialog is cancelled, and says why a file is refused', async () => {
    const status = document.createElement('div');
    const reload = vi.fn();
    const ws = new Workspaces(status, reload);
    await ws.open();
    expect(backend.openWorkspace).not.toHaveBeenCalled();
    await ws.openPath('/d/notes.sqlite');
    expect(reload).not.toHaveBeenCalled();
    expect(status.textContent).toContain('not a Townhall workspace');
  });

  it('remembers the last dashboard of each workspace, and ignores damaged entries', () => {
    remember('/a.sqlite', { topic: 'SchoolMax', from: '2026-09-01', to: '' });
    expect(recall('/a.sqlite')).toEqual({ topic: 'SchoolMax', from: '2026-09-01', to: '' });
    localStorage.setItem('townhall.place:/e.sqlite', '{"topic": 7}');
    expect(recall('/e.sqlite')).toBeNull();
    expect(recall('/b.sqlite')).toBeNull();
    localStorage.setItem('townhall.place:/c.sqlite', '{ damaged');
    expect(recall('/c.sqlite')).toBeNull();
  });
});
