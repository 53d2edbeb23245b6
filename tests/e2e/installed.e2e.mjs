// Starts the app as the .deb installed it and sees its window: the welcome screen of a first
// start, from the UI embedded in the installed binary. Run:
// `xvfb-run -a node tests/e2e/installed.e2e.mjs /usr/bin/townhall-app`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';

const root = resolve(import.meta.dirname, '../..');
const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, 'target');
const app = process.argv[2];
const driverBin = join(target, 'tools/bin/tauri-driver');
const port = 4444;
const base = `http://127.0.0.1:${port}`;
const home = mkdtempSync(join(tmpdir(), 'townhall-installed-'));
const env = {
  ...process.env,
  HOME: home,
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_CACHE_HOME: join(home, 'cache'),
  WEBKIT_DISABLE_DMABUF_RENDERER: '1',
};
delete env.TOWNHALL_DB;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function wd(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

async function main() {
  assert.ok(app && existsSync(app), `the installed app is missing: ${app}`);
  const driver = spawn(driverBin, ['--port', String(port)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  let session;
  try {
    await sleep(1500);
    const created = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
    });
    session = created.sessionId;
    const js = (script) => wd('POST', `/session/${session}/execute/sync`, { script, args: [] });
    const end = Date.now() + 30000;
    let seen;
    while (Date.now() < end) {
      seen = await js('return { title: document.title, welcome: !!document.querySelector("#welcome:not([hidden]) #welcome-sample") };').catch((e) => ({ error: String(e) }));
      if (seen.welcome) break;
      await sleep(250);
    }
    assert.ok(seen?.welcome, `the installed app's window: ${JSON.stringify(seen)}`);
    assert.equal(seen.title, 'Townhall');
    assert.equal(await js('return typeof window.__TOWNHALL_E2E__;'), 'undefined', 'no test seam in the shipped UI');
    console.log(`installed: ${app} started and showed its welcome screen`);
  } finally {
    if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
    driver.kill('SIGTERM');
    await sleep(500);
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`installed: FAILED: ${e.stack ?? e}`);
  process.exit(1);
});
