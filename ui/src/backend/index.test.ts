import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@tauri-apps/api/core')>()),
  invoke: vi.fn(),
}));

import { invoke } from '@tauri-apps/api/core';
import * as backend from './index';

const invokeMock = vi.mocked(invoke);

describe('backend error normalisation', () => {
  beforeEach(() => invokeMock.mockReset());

  it('passes an ErrorPayload through unchanged', async () => {
    const payload = { code: 'invalid_input', message: 'query column 12: a closing parenthesis is missing here' };
    invokeMock.mockRejectedValueOnce(payload);
    await expect(backend.addTopic('X', 'a (b')).rejects.toEqual(payload);
  });

  it('turns a string rejection into an internal error', async () => {
    invokeMock.mockRejectedValueOnce('Command dashboard not found');
    await expect(backend.dashboard({ topic: 'X', from: null, to: null })).rejects.toEqual({
      code: 'internal',
      message: 'Command dashboard not found',
    });
  });

  it('turns unknown codes and shapes into internal errors', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'exploded', message: 'boom' });
    await expect(backend.workspaceInfo()).rejects.toEqual({ code: 'internal', message: 'boom' });

    invokeMock.mockRejectedValueOnce(new TypeError('window.__TAURI_INTERNALS__ is undefined'));
    await expect(backend.workspaceInfo()).rejects.toEqual({
      code: 'internal',
      message: 'window.__TAURI_INTERNALS__ is undefined',
    });

    invokeMock.mockRejectedValueOnce({ weird: 1 });
    const e = await backend.workspaceInfo().catch((x: unknown) => x);
    expect(e).toEqual({ code: 'internal', message: 'unexpected error: {"weird":1}' });

    invokeMock.mockRejectedValueOnce(undefined);
    await expect(backend.workspaceInfo()).rejects.toMatchObject({ code: 'internal' });
  });

  it('normalises without calling the backend', () => {
    expect(backend.toErrorPayload({ code: 'io', message: 'x: denied', extra: true })).toEqual({
      code: 'io',
      message: 'x: denied',
    });
    expect(backend.toErrorPayload(null)).toEqual({ code: 'internal', message: 'unexpected error: null' });
    expect(backend.isErrorPayload({ code: 'io' })).toBe(false);
  });
});

describe('backend commands', () => {
  beforeEach(() => invokeMock.mockReset());

  it('invokes commands with camelCase argument names', async () => {
    invokeMock.mockResolvedValue(7);
    const request = { topic: 'SchoolMax', from: '2026-09-01', to: null };
    await backend.dashboard(request);
    await backend.addTopic('Wi-Fi', 'wifi OR eduroam');
    const choices = { sections: ['summary'], names: false, pdf_only: false };
    await backend.exportBrief(request, choices, '/tmp/a.pdf');
    expect(await backend.startImport(['/tmp/a.jsonl'])).toBe(7);
    await backend.cancelImport(7);
    await backend.workspaceInfo();
    await backend.periodPosts(request, {
      filter: 'negative',
      sort: 'time',
      offset: 0,
      limit: 10,
      copies: false,
      official: false,
    });
    expect(invokeMock.mock.calls).toEqual([
      ['dashboard', { request }],
      ['add_topic', { name: 'Wi-Fi', query: 'wifi OR eduroam' }],
      ['export_brief', { request, choices, path: '/tmp/a.pdf' }],
      ['start_import', { paths: ['/tmp/a.jsonl'], maps: [] }],
      ['cancel_import', { job: 7 }],
      ['workspace_info', undefined],
      [
        'period_posts',
        {
          request,
          listing: { filter: 'negative', sort: 'time', offset: 0, limit: 10, copies: false, official: false },
        },
      ],
    ]);
  });

  it('accepts only PNG data as preview pages', async () => {
    invokeMock.mockResolvedValueOnce([
      'data:image/png;base64,AAAA',
      'javascript:alert(1)',
      'https://x.example/p.png',
      7,
    ]);
    const request = { topic: 'SchoolMax', from: null, to: null };
    const pages = await backend.previewBrief(request, { sections: ['summary'], names: false, pdf_only: false });
    expect(pages).toEqual(['data:image/png;base64,AAAA']);
    expect(invokeMock).toHaveBeenCalledWith('preview_brief', {
      request,
      choices: { sections: ['summary'], names: false, pdf_only: false },
    });
  });
});
