// window.bench: what bench/chromium.mjs calls, one engine or measurement per call.
import init, { BenchTemplate, BenchScenario } from "./pkg/bench.js";
import { parse as vparse, Compile } from "./velocityjs/index.mjs";
import { JSONPath } from "./jsonpath-plus.mjs";
import { makeVtl } from "./vtl-env.mjs";
import { runCases, throughput, median } from "./harness.mjs";

const status = document.getElementById("status");
const fetchJson = async (u) => (await fetch(u)).json();

await init({ module_or_path: "./pkg/bench_bg.wasm" });
const doc = await fetchJson("./cases.json");
const vtl = makeVtl(JSONPath);

/** Our engine in wasm. Renders loop inside wasm (`render(body, params, n, warm)`), so the JS↔wasm
 *  string copies are paid once per batch of n, as in the page, where the body stays in wasm. */
function ours(seconds) {
  const results = [];
  const outputs = {};
  for (const c of doc.cases) {
    outputs[c.id] = [];
    const items = [];
    for (const it of c.items) {
      try {
        const t = new BenchTemplate(it.template);
        const params = JSON.stringify(it.params);
        const out = t.render(it.body, params, 1, false);
        if (out.startsWith("ERROR: ")) outputs[c.id].push({ name: it.name, error: out.slice(7) });
        else outputs[c.id].push({ name: it.name, output: out });
        items.push({ t, body: it.body, params });
      } catch (e) {
        outputs[c.id].push({ name: it.name, error: `parse: ${e}` });
      }
    }
    // n renders per call, so that one call takes about 5 ms and the copies of the body and the
    // output between JavaScript and wasm are paid once a batch; cold: each render parses its body
    // (as velocityjs's harness does; the ratios use this), warm: the body's parse is kept, as on
    // the page when a template is edited
    const measure = (warm) => {
      // a render's time without the call's own (the body copied into wasm, the output copied
      // out: about 0.3 ms for 128 KB, which a render with the body's parse kept can be shorter
      // than): calls of 1 and of 9, the difference over 8
      const call = (k) => {
        const t0 = performance.now();
        for (const x of items) x.t.render(x.body, x.params, k, warm);
        return (performance.now() - t0) / items.length;
      };
      call(1);
      const one = Math.max((call(9) - call(1)) / 8, 0.001);
      const n = Math.max(1, Math.min(100_000, Math.round(5 / one)));
      const rates = throughput(seconds, n * items.length, () => {
        for (const x of items) x.t.render(x.body, x.params, n, warm);
      });
      return { rates, n, m: rates[Math.floor(rates.length / 2)] };
    };
    const { rates, n, m } = measure(false);
    const warm = measure(true).m;
    results.push({ id: c.id, items: items.length, of: c.items.length, renders_per_s: m, us_per_render: 1e6 / m, min_renders_per_s: rates[0], max_renders_per_s: rates[rates.length - 1], per_call: n, warm_renders_per_s: warm, warm_us_per_render: 1e6 / warm });
    for (const x of items) x.t.free();
  }
  return { results, outputs };
}

function velocityjs(seconds) {
  const prepare = (template) => {
    const asts = vparse(template);
    return (it) => new Compile(asts, { customMethodHandlers: vtl.handlers }).render(vtl.context(it.body, it.params, doc.context), undefined, true);
  };
  return runCases(doc, seconds, prepare);
}

/** Per preset: the status sweep and the whole derive of an edit, in wasm (µs, median). */
async function pipeline(ids, seconds) {
  const rows = [];
  for (const id of ids) {
    const json = await (await fetch(`./presets/${id}.json`)).text();
    const s = new BenchScenario(json);
    const time = (f) => {
      // calls of 1 until `seconds` have passed (at least 20): the median call
      const ts = [];
      const end = performance.now() + seconds * 1000;
      while (ts.length < 20 || performance.now() < end) {
        const t = performance.now();
        f();
        ts.push(performance.now() - t);
        if (ts.length > 20000) break;
      }
      return { median: median(ts) * 1000, p99: [...ts].sort((a, b) => a - b)[Math.floor(ts.length * 0.99)] * 1000, n: ts.length };
    };
    // batch timing too: performance.now() is coarse (5 µs-100 µs in some profiles)
    const batch = (f, n) => {
      const t = performance.now();
      f(n);
      return ((performance.now() - t) * 1000) / n;
    };
    const sweep = time(() => s.sweep(1));
    const derive = time(() => s.derive(1));
    rows.push({ preset: id, keys: s.keys(), sweep_us: sweep.median, sweep_p99_us: sweep.p99, sweep_batch_us: batch((n) => s.sweep(n), 200), derive_us: derive.median, derive_p99_us: derive.p99, derive_batch_us: batch((n) => s.derive(n), 50) });
    s.free();
  }
  return rows;
}

window.bench = { ours, velocityjs, pipeline, ready: true, userAgent: navigator.userAgent };
status.textContent = "ready";
