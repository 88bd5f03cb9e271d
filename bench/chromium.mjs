// The in-browser measurements, in Debian's headless Chromium driven by playwright-core (from
// tools/node_modules, as tests/e2e/e2e.mjs does). Every timing is taken inside the page with
// performance.now(), so the driver's overhead is not in the figures.
//
//   node bench/chromium.mjs engines BENCH_URL OUT_DIR [--seconds S]
//       bench/browser/ (staged and served by scripts/bench): render throughput of our engine in
//       wasm and of velocityjs, and the status sweep / derive per preset in wasm
//   node bench/chromium.mjs page DIST_URL OUT_DIR [--edits N] [--loads N]
//       the release page (dist/): edit latency per preset, cold loads, a 1 MB body
//   node bench/chromium.mjs profile NAMED_DIST_URL OUT_DIR
//       the same page with a wasm that keeps its function names: CPU profiles (self time per
//       function) of 100 edits and of pasting the 1 MB body, for the hot spots
import { createRequire } from "node:module";
import { readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { groupOf } from "./crates.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../tools/package.json"));
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// tests/e2e/e2e.mjs's flags (quiet network, root-safe)
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

const [mode, url, outDir] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const log = (s) => console.error(`bench: chromium ${s}`);
const presets = readdirSync(join(here, "..", "www", "presets")).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const version = browser.version();
const errors = [];

async function open(address) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));
  page.setDefaultTimeout(120_000);
  return { context, page };
}

try {
  if (mode === "engines") await engines();
  else if (mode === "page") await pageBench();
  else if (mode === "profile") await profileBench();
  else throw new Error("usage: node bench/chromium.mjs engines|page|profile URL OUT_DIR [...]");
} finally {
  await browser.close();
}
if (errors.length) {
  log(`errors: ${errors.slice(0, 5).join(" | ")}`);
  process.exitCode = 1;
}

async function engines() {
  const seconds = opt("--seconds", 0.4);
  const { page } = await open(url);
  await page.goto(url);
  await page.waitForFunction(() => window.bench?.ready, null, { timeout: 30_000 });
  const ua = await page.evaluate(() => navigator.userAgent);
  for (const [name, fn] of [["ours-wasm", "ours"], ["velocityjs-chromium", "velocityjs"]]) {
    const r = await page.evaluate(([fn, s]) => window.bench[fn](s), [fn, seconds]);
    for (const x of r.results) log(`${name.padEnd(20)} ${x.id.padEnd(16)} ${(x.renders_per_s ?? 0).toFixed(0).padStart(10)} renders/s`);
    writeFileSync(join(outDir, `render-${name}.json`), JSON.stringify({ engine: name, version: `Chromium ${version}`, userAgent: ua, results: r.results }, null, 1));
    writeFileSync(join(outDir, `outputs-${name}.json`), JSON.stringify(r.outputs));
  }
  const rows = await page.evaluate(([ids, s]) => window.bench.pipeline(ids, s), [presets, Math.max(0.1, seconds / 2)]);
  for (const r of rows) log(`wasm pipeline ${r.preset.padEnd(28)} sweep ${r.sweep_us.toFixed(1)} µs  derive ${r.derive_us.toFixed(1)} µs`);
  writeFileSync(join(outDir, "pipeline-wasm.json"), JSON.stringify({ engine: "ours-wasm", version: `Chromium ${version}`, presets: rows }, null, 1));
}

// ---------------------------------------------------------------------------------------------
// The release page.

/** Records, from the start of navigation, when the wasm app started and when the first result
 *  appeared, and every long task. */
function loadProbe() {
  window.__bench = { longtasks: [] };
  addEventListener("TrunkApplicationStarted", () => (window.__bench.started = performance.now()));
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-testid="client-receives"]')) {
      window.__bench.firstResult = performance.now();
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    window.__bench.noLongtask = true;
  }
}

async function pageBench() {
  const edits = opt("--edits", 200);
  const loads = opt("--loads", 10);
  const result = { version: `Chromium ${version}`, url };

  // 1. Cold loads: a fresh context (empty cache) each time; one more first, not counted, so
  //    that starting the browser's processes is not in the figures.
  result.loads = [];
  for (let i = -1; i < loads; i++) {
    const { context, page } = await open(url);
    await page.addInitScript(loadProbe);
    await page.goto(url, { waitUntil: "domcontentloaded" });
    await page.locator('[data-testid="client-receives"]').waitFor({ state: "attached", timeout: 30_000 });
    await page.waitForTimeout(200);
    const r = await page.evaluate(() => {
      const paint = Object.fromEntries(performance.getEntriesByType("paint").map((e) => [e.name, e.startTime]));
      const nav = performance.getEntriesByType("navigation")[0];
      const res = performance.getEntriesByType("resource").map((e) => ({ name: e.name.split("/").pop(), bytes: e.transferSize, end: e.responseEnd }));
      return { paint, dcl: nav?.domContentLoadedEventEnd, started: window.__bench.started, firstResult: window.__bench.firstResult, longest: Math.max(0, ...window.__bench.longtasks.map((t) => t.duration)), res };
    });
    if (i >= 0) result.loads.push(r);
    await context.close();
  }
  log(`loads: first paint ${result.loads.map((l) => l.paint["first-paint"]?.toFixed(0)).join(" ")} ms; first result ${result.loads.map((l) => l.firstResult?.toFixed(0)).join(" ")} ms`);

  // 2. Edits per preset, one page.
  const { page } = await open(url);
  await page.goto(url);
  await page.locator('[data-testid="client-receives"]').waitFor({ state: "attached", timeout: 30_000 });
  result.edits = [];
  for (const id of presets) {
    const button = page.locator(`[data-testid="preset-${id}"]`);
    if (!(await button.count())) {
      result.edits.push({ preset: id, error: "no gallery button" });
      continue;
    }
    await button.click();
    await page.waitForTimeout(300);
    const r = await page.evaluate(timeEdits, edits);
    r.preset = id;
    result.edits.push(r);
    log(`edits ${id.padEnd(28)} ${r.field ?? ""} ${r.error ?? `median ${r.median?.toFixed(2)} ms  p99 ${r.p99?.toFixed(2)} ms  (${r.observed})`}`);
  }

  // 3. A 1 MB backend body pasted into the default scenario, then edits with it in place.
  await page.locator('[data-testid="preset-http-status-mapping"]').click();
  await page.waitForTimeout(300);
  result.big = await page.evaluate(bigBody, 1 << 20);
  log(`1 MB body: paste ${JSON.stringify(result.big.paste)}; edits ${JSON.stringify(result.big.edits)}`);

  writeFileSync(join(outDir, "page.json"), JSON.stringify(result, null, 1));
}

/** In the page: `n` edits of the first response template (or, for a preset without one, the
 *  backend body), each timed from dispatching the input event to the edit's text appearing in
 *  what the client receives (MutationObserver), and to the layout after it. */
async function timeEdits(n) {
  const q = (id) => document.querySelector(`[data-testid="${id}"]`);
  let field = "response-template-0-0";
  let ta = q(field);
  if (!ta) {
    field = "backend-body";
    ta = q(field);
  }
  if (!ta) return { error: "no editable template or body" };
  const original = ta.value;
  const vary = (i) => {
    if (original.includes('{\\"')) return { text: original.replace('{\\"', `{\\"edit\\": ${i}, \\"`), marker: `"edit": ${i},` };
    if (original.includes('{"')) return { text: original.replace('{"', `{"edit": ${i}, "`), marker: `"edit": ${i},` };
    return { text: `edit ${i}!\n${original}`, marker: `edit ${i}!` };
  };
  const root = q("app") || document.body;
  const read = () => {
    const f = q("client-receives");
    if (f) return ["client-receives", f.textContent];
    const o = q("output");
    if (o) return ["output", o.textContent];
    return ["results pane", (document.querySelector(".results-pane") || document.body).textContent];
  };
  const times = [];
  let observed = "";
  let timeouts = 0;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  for (let i = 0; i < n; i++) {
    const { text, marker } = vary(i);
    let t0 = 0;
    let dispatched = 0;
    const done = new Promise((resolve) => {
      const check = () => {
        const [where, t] = read();
        if (t && t.includes(marker)) {
          observed = where;
          return true;
        }
        return false;
      };
      const obs = new MutationObserver(() => {
        if (check()) {
          const t1 = performance.now();
          obs.disconnect();
          document.body.getBoundingClientRect(); // style + layout of the change
          resolve([t1, performance.now()]);
        }
      });
      obs.observe(root, { subtree: true, childList: true, characterData: true });
      setTimeout(() => {
        obs.disconnect();
        resolve(null);
      }, 2000);
    });
    ta.value = text;
    t0 = performance.now();
    ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: "x" }));
    dispatched = performance.now();
    const r = await done;
    if (r) times.push({ dom: r[0] - t0, layout: r[1] - t0, handler: dispatched - t0 });
    else timeouts++;
    await frame();
  }
  ta.value = original;
  ta.dispatchEvent(new InputEvent("input", { bubbles: true }));
  const sorted = (k) => times.map((t) => t[k]).sort((a, b) => a - b);
  const pick = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  const dom = sorted("dom"), layout = sorted("layout"), handler = sorted("handler");
  return { field, observed, n: times.length, timeouts, median: pick(dom, 0.5), p99: pick(dom, 0.99), max: dom[dom.length - 1], layoutMedian: pick(layout, 0.5), layoutP99: pick(layout, 0.99), handlerMedian: pick(handler, 0.5) };
}

/** In the page: paste a body of about `bytes` bytes into the backend-body editor, then edit the
 *  response template 5 times; long tasks (PerformanceObserver) and input-to-next-frame for each. */
async function bigBody(bytes) {
  const q = (id) => document.querySelector(`[data-testid="${id}"]`);
  const items = [];
  let size = 60;
  for (let i = 0; size < bytes; i++) {
    const it = { id: `it-${i}`, name: `item ${i} "quoted"`, qty: i % 20, price: 1.25 + (i % 100), tags: ["a", "b"] };
    size += JSON.stringify(it).length + 2;
    items.push(it);
  }
  const body = JSON.stringify({ id: "m-42", text: "hello", items });
  const tasks = [];
  let po;
  try {
    po = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    });
    po.observe({ type: "longtask" });
  } catch {
    return { error: "no longtask observer" };
  }
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  const idle = () => new Promise((r) => setTimeout(r, 300));
  async function measure(el, value) {
    const from = tasks.length;
    el.value = value;
    const t0 = performance.now();
    el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    const handler = performance.now() - t0;
    const nextFrame = (await frame()) - t0;
    await idle();
    await idle();
    const mine = tasks.slice(from);
    return { handler, nextFrame, longest: Math.max(0, ...mine.map((t) => t.duration)), longTasks: mine.length, tasks: mine.map((t) => [Math.round(t.start - t0), Math.round(t.duration)]) };
  }
  const nodesBefore = document.getElementsByTagName("*").length;
  // building the body took a task of its own: let it end before measuring
  await idle();
  const paste = await measure(q("backend-body"), body);
  paste.bodyBytes = body.length;
  paste.elementsBefore = nodesBefore;
  paste.elementsAfter = document.getElementsByTagName("*").length;
  paste.shown = (q("client-receives") || q("client-receives-nothing") || q("receives-headline"))?.textContent?.slice(0, 120);
  const ta = q("response-template-0-0");
  const edits = [];
  for (let i = 0; i < 5; i++) edits.push(await measure(ta, ta.value.replace('{"', `{"big": ${i}, "`)));
  po.disconnect();
  return { paste, edits, worst: Math.max(paste.longest, ...edits.map((e) => e.longest)) };
}

// ---------------------------------------------------------------------------------------------
// CPU profiles (Chrome DevTools Protocol) of the page with function names.

/** Self time per function of a CDP profile, biggest first. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const f = n.callFrame;
    let name = f.functionName || `(anonymous ${f.url.split("/").pop()}:${f.lineNumber})`;
    name = name.replace(/::h[0-9a-f]{16}$/, "").replace(/^\$/, "");
    const kind = f.url.endsWith(".wasm") || /^wasm-function|::/.test(name) || f.url.startsWith("wasm://") ? "wasm" : f.url ? "js" : "native";
    const key = `${kind}\t${name}`;
    self.set(key, (self.get(key) || 0) + dt);
  }
  const entries = [...self.entries()].map(([k, ms]) => ({ kind: k.split("\t")[0], name: k.split("\t")[1], ms })).filter((e) => e.name !== "(idle)");
  const total = entries.reduce((a, e) => a + e.ms, 0);
  const groups = new Map();
  for (const e of entries) {
    const g = groupOf(e.kind, e.name);
    if (g) groups.set(g, (groups.get(g) || 0) + e.ms);
  }
  const pct = (ms) => (100 * ms) / total;
  return {
    total,
    groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, pct: pct(ms) })),
    top: entries.sort((a, b) => b.ms - a.ms).slice(0, 40).map((e) => ({ ...e, pct: pct(e.ms) })),
  };
}

async function profileBench() {
  const { page } = await open(url);
  await page.goto(url);
  await page.locator('[data-testid="client-receives"]').waitFor({ state: "attached", timeout: 30_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  const out = {};
  await page.locator('[data-testid="preset-http-status-mapping"]').click();
  await page.waitForTimeout(300);
  await cdp.send("Profiler.start");
  await page.evaluate(timeEdits, 100);
  out.edits = selfTimes((await cdp.send("Profiler.stop")).profile);
  await cdp.send("Profiler.start");
  await page.evaluate(bigBody, 1 << 20);
  out.paste = selfTimes((await cdp.send("Profiler.stop")).profile);
  for (const [k, v] of Object.entries(out)) log(`profile ${k}: ${v.top.slice(0, 5).map((t) => `${t.name.slice(0, 60)} ${t.pct.toFixed(1)}%`).join("; ")}`);
  writeFileSync(join(outDir, "profile.json"), JSON.stringify(out, null, 1));
}
