import { describe, expect, it } from 'vitest';
import type { ImportEvent } from '../backend/bindings';
import { applyImportEvent, newJob, progressText, renderProgress, renderReport, reportSummary } from './importPanel';

const events: ImportEvent[] = [
  { kind: 'started', job: 3, files: ['/data/a.jsonl', '/data/b.zip'] },
  {
    kind: 'progress',
    job: 3,
    file: '/data/a.jsonl',
    index: 0,
    progress: { bytes_read: 450, bytes_total: 1000, posts_read: 12_300 },
    pace: {
      elapsed_secs: 1.2,
      posts_per_sec: 10_250,
      remaining_secs: 1.5,
      words: '10,250 posts/s · 1 s elapsed · about 2 s left',
    },
  },
];

function run(list: ImportEvent[]) {
  return list.reduce(applyImportEvent, newJob(3));
}

describe('import progress', () => {
  it('describes the file being read', () => {
    const job = run(events);
    expect(progressText(job)).toBe(
      'Importing a.jsonl — 45% · 12,300 posts · 10,250 posts/s · 1 s elapsed · about 2 s left',
    );
    const panel = document.createElement('section');
    panel.append(document.createElement('progress'));
    const text = document.createElement('span');
    text.className = 'import-progress-text';
    const files = document.createElement('span');
    files.className = 'import-progress-files';
    panel.append(text, files);
    renderProgress(panel, job);
    expect(panel.querySelector('progress')!.value).toBe(45);
    expect(text.textContent).toBe(
      'Importing a.jsonl — 45% · 12,300 posts · 10,250 posts/s · 1 s elapsed · about 2 s left',
    );
    expect(files.textContent).toBe('File 1 of 2');
  });

  it('ignores events of other jobs', () => {
    const job = run(events);
    const other = applyImportEvent(job, { kind: 'finished', job: 4, cancelled: false });
    expect(other).toBe(job);
  });

  it('leaves the percentage out when the size is unknown', () => {
    const job = run([
      {
        kind: 'progress',
        job: 3,
        file: 'x.gz',
        index: 0,
        progress: { bytes_read: 5, bytes_total: 0, posts_read: 1 },
        pace: { elapsed_secs: 0.1, posts_per_sec: 10, remaining_secs: null, words: '' },
      },
    ]);
    expect(progressText(job)).toBe('Importing x.gz · 1 post');
  });
});

describe('import report', () => {
  const done = run([
    ...events,
    {
      kind: 'file_done',
      job: 3,
      report: {
        path: '/data/a.jsonl',
        format: 'twarc2',
        read: 12_305,
        imported: 12_000,
        duplicates: 300,
        skipped: 5,
        private: 75,
        expired: 0,
        profiles: 4_100,
        errors: [
          { line: 3, reason: 'invalid JSON: expected value' },
          { line: 9, reason: '<img src=x onerror=alert(1)>' },
        ],
      },
      unreadable: false,
    },
    {
      kind: 'file_failed',
      job: 3,
      file: '/data/b.zip',
      error: {
        code: 'unsupported_file',
        message: '/data/b.zip: is a zip archive; unpack it and import the files inside',
      },
    },
    { kind: 'finished', job: 3, cancelled: false },
  ]);

  /** The report dialog as the page holds it: a title and a body. */
  const reportDialog = (): HTMLDialogElement => {
    const dialog = document.createElement('dialog');
    dialog.append(
      Object.assign(document.createElement('h2'), { className: 'report-title' }),
      Object.assign(document.createElement('div'), { className: 'report-body' }),
    );
    return dialog;
  };

  it('lists each file with counts, first errors and failures', () => {
    expect(done.finished).toBe(true);
    const dialog = reportDialog();
    renderReport(dialog, done);
    expect(dialog.querySelector('.report-title')?.textContent).toBe('Import finished');
    const files = dialog.querySelectorAll('.report-file');
    expect(files).toHaveLength(2);
    expect(files[0]!.querySelector('.report-file-name')?.textContent).toBe('a.jsonl');
    expect(files[0]!.querySelector('.badge')?.textContent).toBe('twarc2');
    const counts = [...files[0]!.querySelectorAll('.report-counts li')].map((li) => li.textContent);
    expect(counts).toEqual(['12,000 imported', '300 duplicates', '5 skipped', '75 left out as not public']);
    const errors = [...files[0]!.querySelectorAll('.report-errors li')].map((li) => li.textContent);
    expect(errors).toEqual([
      'line 3: invalid JSON: expected value',
      'line 9: <img src=x onerror=alert(1)>',
      '…and 3 more skipped records',
    ]);
    expect(dialog.querySelector('img')).toBeNull();
    expect(files[1]!.getAttribute('data-status')).toBe('failed');
    expect(files[1]!.querySelector('.report-failure')?.textContent).toBe(
      'This file can’t be imported. It is a zip archive; unpack it and import the files inside.',
    );
  });

  it('says what a file of profiles brought', () => {
    const job = run([
      { kind: 'started', job: 3, files: ['/data/users.jsonl'] },
      {
        kind: 'file_done',
        job: 3,
        report: {
          path: '/data/users.jsonl',
          format: 'twarc2',
          read: 0,
          imported: 0,
          duplicates: 0,
          skipped: 0,
          private: 0,
          expired: 0,
          profiles: 91,
          errors: [],
        },
        unreadable: false,
      },
      { kind: 'finished', job: 3, cancelled: false },
    ]);
    const dialog = reportDialog();
    renderReport(dialog, job);
    const counts = [...dialog.querySelectorAll('.report-counts li')].map((li) => li.textContent);
    expect(counts).toEqual(['91 profiles updated', 'no posts']);
  });

  it('sums the job up', () => {
    expect(reportSummary(done)).toBe('12,000 new posts · 300 duplicates · 5 skipped · 1 file failed');
  });

  it('shows a file none of whose records could be read as not imported', () => {
    const report = {
      path: '/data/broken.csv',
      format: 'csv' as const,
      read: 0,
      imported: 0,
      duplicates: 0,
      skipped: 2,
      private: 0,
      expired: 0,
      profiles: 0,
      errors: [
        { line: 2, reason: 'unreadable date "not a date"' },
        { line: 3, reason: 'unreadable date "nor this"' },
      ],
    };
    const job = run([
      { kind: 'started', job: 3, files: ['/data/broken.csv'] },
      { kind: 'file_done', job: 3, report, unreadable: true },
      { kind: 'finished', job: 3, cancelled: false },
    ]);
    const dialog = reportDialog();
    renderReport(dialog, job);
    const file = dialog.querySelector('.report-file')!;
    expect(file.getAttribute('data-status')).toBe('failed');
    expect(file.querySelector('.badge--danger')?.textContent).toBe('Not imported');
    expect(file.querySelector('.report-failure')?.textContent).toBe('None of its 2 records could be read.');
    const errors = [...file.querySelectorAll('.report-errors li')].map((li) => li.textContent);
    expect(errors).toEqual(['line 2: unreadable date "not a date"', 'line 3: unreadable date "nor this"']);
    expect(reportSummary(job)).toBe('0 new posts · 2 skipped · 1 file failed');
  });
});
