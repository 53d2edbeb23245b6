// Which workspace the window shows: the welcome screen of a first start, File › New, Open, Open
// Recent and the sample. Each choice is one engine call; the window then reloads everything.
// The dashboard the user last looked at in each workspace (its topic and period) is remembered
// here, per workspace file, in the webview's own storage.

import * as backend from './backend';
import type { ErrorPayload, WorkspaceInfo } from './backend';
import { errorToast, toast } from './views/status';
import { renderWelcome } from './views/home';
import { MAX_HOURS } from './views/events';

/** The dashboard the user last looked at in a workspace: its topic and period (empty dates:
 * the default period). The window opens on the home view, which offers to go back to it. */
export interface Place {
  topic: string;
  from: string;
  to: string;
  /** A rolling window of this many hours instead of the dates ("Last 24 hours"). */
  hours?: number;
}

const KEY = 'townhall.place:';

/** The dashboard last shown in the workspace at `path`, if any. */
export function recall(path: string): Place | null {
  try {
    const raw = localStorage.getItem(KEY + path);
    const p = raw ? (JSON.parse(raw) as Partial<Place>) : null;
    if (!p || typeof p.topic !== 'string' || !p.topic) return null;
    return {
      topic: p.topic,
      from: typeof p.from === 'string' ? p.from : '',
      to: typeof p.to === 'string' ? p.to : '',
      hours: Number.isInteger(p.hours) && Number(p.hours) >= 1 && Number(p.hours) <= MAX_HOURS ? p.hours : undefined,
    };
  } catch {
    return null;
  }
}

/** Remembers the dashboard shown in the workspace at `path`. */
export function remember(path: string, place: Place): void {
  try {
    localStorage.setItem(KEY + path, JSON.stringify(place));
  } catch {
    // Storage full or refused: only a convenience is lost.
  }
}

export class Workspaces {
  constructor(
    private readonly status: HTMLElement,
    /** Reloads the window for the workspace now open. */
    private readonly opened: (info: WorkspaceInfo) => void,
  ) {}

  private async switchTo(work: () => Promise<WorkspaceInfo | null>, failure: string): Promise<void> {
    try {
      const info = await work();
      if (!info) return;
      this.opened(info);
      toast(this.status, info.sample ? 'Opened the sample workspace.' : `Opened ${info.name}.`, 'success');
    } catch (e) {
      errorToast(this.status, e as ErrorPayload, failure);
    }
  }

  sample(): Promise<void> {
    return this.switchTo(() => backend.openSample(), 'The sample workspace could not be opened');
  }

  startMine(): Promise<void> {
    return this.switchTo(() => backend.startMyWorkspace(), 'Your workspace could not be started');
  }

  newWorkspace(): Promise<void> {
    return this.switchTo(async () => {
      const path = await backend.pickNewWorkspace();
      return path ? backend.newWorkspace(path) : null;
    }, 'The new workspace could not be made');
  }

  open(): Promise<void> {
    return this.switchTo(async () => {
      const path = await backend.pickWorkspace();
      return path ? backend.openWorkspace(path) : null;
    }, 'The workspace could not be opened');
  }

  openPath(path: string): Promise<void> {
    return this.switchTo(() => backend.openWorkspace(path), 'The workspace could not be opened');
  }

  /** The first start (or a workspace that failed to open): the choices, with the recent list. */
  async welcome(container: HTMLElement): Promise<void> {
    const recent = await backend.recentWorkspaces().catch(() => []);
    renderWelcome(container, recent, {
      sample: () => void this.sample(),
      start: () => void this.startMine(),
      open: () => void this.open(),
      recent: (path) => void this.openPath(path),
    });
  }
}
