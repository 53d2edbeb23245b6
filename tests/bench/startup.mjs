// Startup benchmark of the desktop app: launch to painted home view, first start (the sample is
// written and imported) and later starts, and the resident memory of the app with its WebKit
// processes once the window is up. Prints the machine, the build and the medians.
//
// Run under a display (`xvfb-run -a node tests/bench/startup.mjs [RUNS]`) after
// `cargo build -p townhall-app [--release]`; TOWNHALL_APP names another binary. The clock starts
// before the WebDriver session is asked for, so the figures include tauri-driver's and
// WebKitWebDriver's own start: an upper bound on what a user sees.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { isolatedHome, js, sleep, startDriver, target } from '../e2e/driver.mjs';

const app = process.env.TOWNHALL_APP ?? [join(target, 'release/townhall-app'), join(target, 'debug/townhall-app')].find(existsSync);
const runs = Number(process.argv[2] ?? 5);
// Memory is read this long after the home view is painted: WebKit's web process keeps growing
// for several seconds after the first paint.
const settleMs = Number(process.env.TOWNHALL_STARTUP_SETTLE_MS ?? 10000);

/** Resident memory (kB) of `pid` and every process below it: RSS (what a task manager adds
 * up, shared libraries counted in each process) and PSS (shared pages divided among them). */
function treeRss(pid) {
  const children = new Map();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(p)]);
    } catch {}
  }
  const total = { rss: 0, pss: 0 };
  const visit = (p) => {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      total.rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      total.pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {}
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

/** One start in `env`: ms to the painted home view, and kB resident once it is up. */
async function start(env, args) {
  const driver = await startDriver(env, { stdio: 'ignore', settleMs: 0 });
  try {
    const t0 = performance.now();
    const s = await driver.launch(app, args);
    while (!(await js(s, 'return document.querySelectorAll("#home-cards .home-card").length > 0;'))) await sleep(10);
    const ms = performance.now() - t0;
    await sleep(settleMs); // settle, then measure
    const appPid = Number(execFileSync('pgrep', ['-n', '-f', app]).toString().trim());
    return { ms, rss: treeRss(appPid) };
  } finally {
    await driver.close();
  }
}

/** kB resident of `program` and its children, `waitMs` after it was launched as a user would:
 * no WebDriver session, and none of the WebKit settings the sessions are given. */
async function launched(program, args, env, waitMs) {
  const asUser = { ...env };
  delete asUser.WEBKIT_DISABLE_DMABUF_RENDERER; // set for the WebDriver sessions only
  const child = spawn(program, args, { env: asUser, stdio: 'ignore' });
  try {
    await sleep(waitMs);
    return treeRss(child.pid);
  } finally {
    try {
      execFileSync('pkill', ['-P', String(child.pid)]);
    } catch {}
    child.kill();
    await sleep(500);
  }
}

/** The reference: a blank WebKitGTK window (`blank_webview.py`), started with the app's own
 * WebKit setting. Null when PyGObject and WebKitGTK's introspection data are not installed. */
async function blankWebView(env, waitMs) {
  const python = process.env.TOWNHALL_BENCH_GI_PYTHON ?? '/usr/bin/python3';
  const script = join(import.meta.dirname, 'blank_webview.py');
  try {
    execFileSync(python, ['-c', "import gi; gi.require_version('WebKit2', '4.1')"], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return launched(python, [script], { ...env, WEBKIT_DISABLE_COMPOSITING_MODE: '1' }, waitMs);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!app || !existsSync(app)) throw new Error('build the app first: cargo build -p townhall-app');
  const first = [];
  const later = [];
  const rss = [];
  const pss = [];
  for (let i = 0; i < runs; i++) {
    const { home, env } = isolatedHome('townhall-startup-');
    try {
      const a = await start(env, ['--sample']); // writes and imports the sample
      const b = await start(env, []); // reopens it
      first.push(a.ms);
      later.push(b.ms);
      rss.push(b.rss.rss);
      pss.push(b.rss.pss);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  const direct = [];
  for (let i = 0; i < runs; i++) {
    const { home, env } = isolatedHome('townhall-startup-');
    try {
      direct.push(await launched(app, ['--sample'], env, settleMs + 5000));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  const blank = [];
  for (let i = 0; i < runs; i++) {
    const { home, env } = isolatedHome('townhall-startup-');
    try {
      const m = await blankWebView(env, settleMs + 5000);
      if (m) blank.push(m);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  const build = app.includes('/release/') ? 'release' : 'debug';
  console.log(`machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`app: ${app} (${build} build), ${runs} runs each`);
  console.log(`first start (sample written and imported) to painted home view: median ${Math.round(median(first))} ms (${first.map(Math.round).join(', ')})`);
  console.log(`later start to painted home view: median ${Math.round(median(later))} ms (${later.map(Math.round).join(', ')})`);
  console.log(
    `memory of the app and its WebKit processes ${settleMs / 1000} s after the home view: RSS median ${Math.round(median(rss) / 1024)} MB, PSS median ${Math.round(median(pss) / 1024)} MB`,
  );
  console.log(
    `memory, launched directly with the sample, ${(settleMs + 5000) / 1000} s after launch: RSS median ${Math.round(median(direct.map((d) => d.rss)) / 1024)} MB, PSS median ${Math.round(median(direct.map((d) => d.pss)) / 1024)} MB`,
  );
  console.log(
    blank.length
      ? `reference, a blank WebKitGTK window (blank_webview.py), the same wait: RSS median ${Math.round(median(blank.map((d) => d.rss)) / 1024)} MB, PSS median ${Math.round(median(blank.map((d) => d.pss)) / 1024)} MB`
      : 'reference, a blank WebKitGTK window: not measured (install python3-gi and gir1.2-webkit2-4.1)',
  );
}

main().catch((e) => {
  console.error(`startup bench: ${e.stack ?? e}`);
  process.exit(1);
});
