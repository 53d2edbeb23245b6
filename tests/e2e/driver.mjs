// What the window tests and the start-up bench share: where the built app and tauri-driver are,
// a HOME of their own (the app never touches the user's folders), and a WebDriver session on
// the app through tauri-driver and WebKitWebDriver.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
// Cargo's own variable, when the build went elsewhere.
export const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, 'target');
export const driverBin = join(target, 'tools/bin/tauri-driver');
const port = 4444; // not 4445: that is WebKitWebDriver's own port behind tauri-driver
const base = `http://127.0.0.1:${port}`;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fresh HOME under the temporary folder, and the environment that keeps the app inside it:
 * no TOWNHALL_DB, so the app starts as on a new computer. */
export function isolatedHome(prefix) {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    WEBKIT_DISABLE_DMABUF_RENDERER: '1',
  };
  delete env.TOWNHALL_DB;
  return { home, env };
}

/** One WebDriver command; resolves with its value, rejects with the driver's message. */
export async function wd(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

/** Polls `fn` every `everyMs` until it returns something truthy, which it resolves with. */
export async function waitFor(what, fn, timeoutMs = 30000, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

/**
 * Starts tauri-driver in `env` and waits until it answers; `settleMs` first lets WebKitWebDriver
 * start before the first status request. `close()` ends the session (if one was made) and the
 * driver.
 */
export async function startDriver(env, { stdio = ['ignore', 'inherit', 'inherit'], settleMs = 1500 } = {}) {
  const driver = spawn(driverBin, ['--port', String(port)], { env, stdio });
  await sleep(settleMs);
  await waitFor('tauri-driver', async () => (await fetch(`${base}/status`)).ok, 20000, 50);
  let session = null;
  return {
    /** Launches `app` with `args` in a new session; resolves with the session's path. */
    async launch(app, args = []) {
      const created = await wd('POST', '/session', {
        capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app, args } } },
      });
      session = `/session/${created.sessionId}`;
      return session;
    },
    async close() {
      if (session) await wd('DELETE', session).catch(() => {});
      driver.kill('SIGTERM');
      await sleep(500);
    },
  };
}

/** Runs `script` in the window of session `s` with `args`; resolves with what it returns. */
export function js(s, script, ...args) {
  return wd('POST', `${s}/execute/sync`, { script, args });
}
