// Starts the app as the .deb installed it and sees its window: the welcome screen of a first
// start, from the UI embedded in the installed binary. Run:
// `xvfb-run -a node tests/e2e/installed.e2e.mjs /usr/bin/townhall-app`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import { isolatedHome, js, startDriver, waitFor } from './driver.mjs';

const app = process.argv[2];

async function main() {
  assert.ok(app && existsSync(app), `the installed app is missing: ${app}`);
  const { home, env } = isolatedHome('townhall-installed-');
  delete env.WEBKIT_DISABLE_COMPOSITING_MODE; // the app's own default is under test
  const driver = await startDriver(env);
  try {
    const s = await driver.launch(app);
    const look = () =>
      js(s, 'return { title: document.title, welcome: !!document.querySelector("#welcome:not([hidden]) #welcome-sample") };');
    const seen = await waitFor("the installed app's welcome screen", async () => {
      const w = await look();
      if (!w.welcome) throw new Error(JSON.stringify(w));
      return w;
    });
    assert.equal(seen.title, 'Townhall');
    assert.equal(await js(s, 'return typeof window.__TOWNHALL_E2E__;'), 'undefined', 'no test seam in the shipped UI');
    // The page is drawn without OpenGL compositing (src-tauri/src/main.rs): the app's web
    // process inherits the setting.
    const appPid = execFileSync('pgrep', ['-n', '-f', app]).toString().trim();
    const web = execFileSync('pgrep', ['-P', appPid, '-f', 'WebKitWebProcess']).toString().trim().split('\n')[0];
    const environ = readFileSync(`/proc/${web}/environ`, 'utf8').split('\0');
    assert.ok(environ.includes('WEBKIT_DISABLE_COMPOSITING_MODE=1'), 'the web process composites without OpenGL');
    console.log(`installed: ${app} started and showed its welcome screen, drawn without OpenGL compositing`);
  } finally {
    await driver.close();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`installed: FAILED: ${e.stack ?? e}`);
  process.exit(1);
});
