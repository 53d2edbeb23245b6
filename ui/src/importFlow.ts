// Running imports: start a job, follow its events in the progress banner, cancel it, and show
// the report when it finishes. The dashboard stays usable meanwhile.

import type { CsvMap, CsvPreview } from './backend/bindings';
import { askCsvMapping } from './views/csvMapping';
import * as backend from './backend';
import type { ErrorPayload, ImportEvent } from './backend';
import { byId } from './dom';
import { plural } from './format';
import {
  applyImportEvent,
  type ImportJob,
  newJob,
  renderProgress,
  renderReport,
  reportSummary,
} from './views/importPanel';
import { errorToast, toast } from './views/status';

export interface ImportFlowOptions {
  status: HTMLElement;
  /** Called once a job has finished, to reload topics, counts and the dashboard. */
  finished: () => void;
}

export class ImportFlow {
  private active: ImportJob | null = null;
  private readonly done = new Set<number>();
  private readonly panel = byId('import-progress');
  private readonly cancelButton = byId<HTMLButtonElement>('import-cancel');
  private readonly importButton = byId<HTMLButtonElement>('import-button');
  private readonly report = byId<HTMLDialogElement>('import-report');

  constructor(private readonly opts: ImportFlowOptions) {
    this.cancelButton.addEventListener('click', () => void this.cancel());
  }

  get running(): boolean {
    return this.active !== null;
  }

  /** Asks for files, then imports them. */
  async pickAndImport(what: 'files' | 'folder' = 'files'): Promise<void> {
    if (this.refuseWhileRunning()) return;
    try {
      const paths = what === 'folder' ? await backend.pickImportFolder() : await backend.pickImportFiles();
      if (paths && paths.length > 0) await this.importFiles(paths);
    } catch (e) {
      errorToast(this.opts.status, e as ErrorPayload, 'Could not open the file chooser');
    }
  }

  async importFiles(paths: string[]): Promise<void> {
    if (paths.length === 0 || this.refuseWhileRunning()) return;
    const maps = await this.confirmCsvColumns(paths);
    if (!maps) {
      toast(this.opts.status, 'Import cancelled; nothing was imported.');
      return;
    }
    this.active = newJob(-1, paths);
    this.render();
    try {
      const job = await backend.startImport(paths, maps);
      // Events may have arrived before the job id did.
      if (this.done.has(job)) return;
      if (!this.active || this.active.job !== job) this.active = { ...(this.active ?? newJob(job, paths)), job };
      this.render();
    } catch (e) {
      this.active = null;
      this.render();
      errorToast(this.opts.status, e as ErrorPayload, 'The import could not start');
    }
  }

  /** Asks the user to confirm the columns of each generic CSV file; null when they cancel. */
  private async confirmCsvColumns(paths: string[]): Promise<CsvMap[] | null> {
    const maps: CsvMap[] = [];
    for (const path of paths) {
      let preview: CsvPreview | null;
      try {
        preview = await backend.csvPreview(path);
      } catch {
        continue; // the import itself will report what is wrong with the file
      }
      if (!preview) continue;
      const map = await askCsvMapping(preview);
      if (!map) return null;
      maps.push({ path, map });
    }
    return maps;
  }

  private refuseWhileRunning(): boolean {
    if (!this.active) return false;
    toast(this.opts.status, 'An import is already running. Wait for it to finish, or cancel it first.');
    return true;
  }

  handle(event: ImportEvent): void {
    if (this.done.has(event.job)) return;
    if (!this.active || (this.active.job !== event.job && this.active.job !== -1)) {
      this.active = newJob(event.job); // a job started before this window knew of it
    }
    if (this.active.job === -1) this.active = { ...this.active, job: event.job };
    this.active = applyImportEvent(this.active, event);
    if (this.active.finished) this.finish(this.active);
    else this.render();
  }

  private async cancel(): Promise<void> {
    const job = this.active?.job;
    if (job === undefined || job === -1) return;
    this.cancelButton.disabled = true;
    this.cancelButton.textContent = 'Cancelling…';
    try {
      await backend.cancelImport(job);
    } catch (e) {
      errorToast(this.opts.status, e as ErrorPayload, 'Could not cancel the import');
      this.resetCancel();
    }
  }

  private resetCancel(): void {
    this.cancelButton.disabled = false;
    this.cancelButton.textContent = 'Cancel';
  }

  private finish(job: ImportJob): void {
    this.done.add(job.job);
    this.active = null;
    this.render();
    const status = this.opts.status;
    if (job.reports.length === 0 && job.failures.length === 0) {
      toast(status, job.cancelled ? 'Import cancelled. Nothing was imported.' : 'Nothing was imported.');
    } else {
      renderReport(this.report, job);
      if (!this.report.open) this.report.showModal();
      const imported = job.reports.reduce((n, r) => n + r.imported, 0);
      if (job.cancelled) toast(status, `Import cancelled · ${reportSummary(job)}`);
      else if (job.failures.length + job.unreadable.length > 0) {
        toast(status, `Import finished with problems · ${reportSummary(job)}`);
      } else toast(status, `Imported ${plural(imported, 'new post')}.`, 'success');
    }
    this.opts.finished();
  }

  private render(): void {
    const job = this.active;
    this.panel.hidden = job === null;
    document.body.classList.toggle('is-importing', job !== null);
    this.importButton.disabled = job !== null;
    if (job) renderProgress(this.panel, job);
    else this.resetCancel();
  }
}
