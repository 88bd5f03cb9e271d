// Prints every figure of a scripts/bench run as aligned tables, and writes them to
// OUT_DIR/report.md (markdown, the same tables) for BENCHMARKS.md.
//   node bench/report.mjs OUT_DIR
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { crateOf } from "./crates.mjs";

const dir = process.argv[2] || "bench/out";
const has = (f) => existsSync(join(dir, f));
const load = (f) => (has(f) ? JSON.parse(readFileSync(join(dir, f), "utf8")) : null);
const md = [];
const print = (s = "") => {
  console.log(s);
  md.push(s);
};

// ---- formatting
const num = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? "–" : x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }));
const sig = (x) => (x === null || x === undefined || Number.isNaN(x) ? "–" : x >= 100 ? num(x, 0) : x >= 10 ? num(x, 1) : x >= 1 ? num(x, 2) : num(x, 3));
const kb = (b) => (b === null || b === undefined ? "–" : num(b / 1024, 1));
const met = (ok) => (ok === null || ok === undefined ? "n/a" : ok ? "**met**" : "**NOT met**");
const median = (xs) => {
  const s = xs.filter((x) => typeof x === "number" && !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};

/** A pipe table, padded so it reads aligned in a terminal and renders as markdown. `align`: a
 *  string of l/r per column. */
function table(head, rows, align = "") {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c ?? "–")));
  const w = head.map((_, i) => Math.max(3, ...cells.map((r) => [...(r[i] ?? "")].length)));
  const pad = (s, i) => {
    const n = w[i] - [...s].length;
    return (align[i] || (i ? "r" : "l")) === "r" ? " ".repeat(n) + s : s + " ".repeat(n);
  };
  const line = (r) => `| ${r.map((c, i) => pad(c, i)).join(" | ")} |`;
  print(line(cells[0]));
  print(`|${w.map((x, i) => ((align[i] || (i ? "r" : "l")) === "r" ? "-".repeat(x + 1) + ":" : ":" + "-".repeat(x + 1))).join("|")}|`);
  for (const r of cells.slice(1)) print(line(r));
  print();
}

const targets = [];
const target = (what, figure, ok) => targets.push([what, figure, met(ok)]);

// ---- machine
const m = load("machine.json") || {};
print("# Benchmark run");
print();
table(["", ""], [
  ["date", m.date], ["machine", m.uname], ["CPU", `${m.cpu} (${m.cores} cores)`], ["rustc", m.rustc],
  ["node / Python / Chromium", `${m.node} / ${m.python} / ${m.chromium}`],
  ["load average (1/5/15 min)", `${m.load_before} before, ${m.load_after ?? "?"} after${m.waited_s ? ` (waited ${m.waited_s} s for a quieter machine)` : ""}`],
  ["timing", `${m.quick ? "QUICK run: " : ""}5 batches of ≥ ${m.seconds_per_batch} s after a warm-up; medians`],
  ["run time", m.duration_s ? `${m.duration_s} s` : "–"],
], "ll");

// ---- 1. render throughput
const ENGINES = [
  ["ours-native", "ours, native"],
  ["velocityjs-node", "velocityjs, node"],
  ["airspeed", "airspeed-ext, CPython"],
  ["ours-wasm", "ours, wasm (Chromium)"],
  ["velocityjs-chromium", "velocityjs, Chromium"],
];
const OTHERS = ["velocityjs-node", "airspeed", "velocityjs-chromium"];
const runs = Object.fromEntries(ENGINES.map(([id]) => [id, load(`render-${id}.json`)]));
const cases = load("cases.json")?.cases || [];
const rate = (e, c) => runs[e]?.results?.find((r) => r.id === c)?.renders_per_s ?? null;

print("## 1. Render throughput (renders per second, higher is better)");
print();
print("One render = one template rendered against its payload with a fresh environment (the body is parsed once per render, lazily, by every engine); templates are parsed once. `presets` renders each of the presets' response templates in turn.");
print();
const ratioRows = [];
table(
  ["case", ...ENGINES.map(([, n]) => n), "native ÷ fastest other", "wasm ÷ fastest other", "wasm ÷ velocityjs, same Chromium"],
  cases.map((c) => {
    const best = Math.max(...OTHERS.map((e) => rate(e, c.id) ?? 0));
    const bestName = OTHERS.find((e) => rate(e, c.id) === best);
    const rn = rate("ours-native", c.id), rw = rate("ours-wasm", c.id), rv = rate("velocityjs-chromium", c.id);
    ratioRows.push({ id: c.id, native: rn / best, wasm: rw / best, bestName });
    return [c.id, ...ENGINES.map(([e]) => sig(rate(e, c.id))), best ? `${sig(rn / best)}× (${bestName})` : "–", best ? `${sig(rw / best)}×` : "–", rv ? `${sig(rw / rv)}×` : "–"];
  }),
);
print("`wasm ÷ fastest other` compares our wasm in Chromium with the fastest other engine anywhere (velocityjs in node included); `wasm ÷ velocityjs, same Chromium` with velocityjs in the same browser, the issue's wording.");
print();
print("Microseconds per render (lower is better):");
print();
table(["case", ...ENGINES.map(([, n]) => n)], cases.map((c) => [c.id, ...ENGINES.map(([e]) => sig(rate(e, c.id) ? 1e6 / rate(e, c.id) : null))]));
const warmUs = (e, c) => runs[e]?.results?.find((r) => r.id === c)?.warm_us_per_render ?? null;
print("Ours with the body's parse kept (microseconds per render): the page keeps the parse of a body it has rendered (`engine/vtl/body.rs`), so an edit of a template, or another render over the same payload, does not parse it again. The ratios above do not use these figures: the other engines' harnesses parse the body on every render.");
print();
table(
  ["case", "ours, native: parse each render", "ours, native: parse kept", "ours, wasm: parse each render", "ours, wasm: parse kept"],
  cases.map((c) => [c.id, sig(rate("ours-native", c.id) ? 1e6 / rate("ours-native", c.id) : null), sig(warmUs("ours-native", c.id)), sig(rate("ours-wasm", c.id) ? 1e6 / rate("ours-wasm", c.id) : null), sig(warmUs("ours-wasm", c.id))]),
);
const versions = ENGINES.map(([e, n]) => `${n}: ${runs[e]?.version ?? (e.startsWith("ours") ? (e === "ours-native" ? "this crate, release profile (opt-level 3, LTO)" : "this crate, wasm-release profile (opt-level z, LTO), as the page") : "–")}`);
print(`Engines: ${versions.join("; ")}.`);
print();

const cmp = load("compare.json") || {};
print("Same output? (each engine against ours natively; `same JSON` = equal once parsed with `\\'` read as `'`, i.e. only whitespace differs)");
print();
table(
  ["case", ...ENGINES.slice(1).map(([, n]) => n)],
  cases.map((c) => [c.id, ...ENGINES.slice(1).map(([e]) => {
    const items = cmp[e]?.[c.id];
    if (!items) return "–";
    const counts = {};
    for (const it of items) counts[it.v] = (counts[it.v] || 0) + 1;
    return Object.entries(counts).map(([v, n]) => (items.length > 1 ? `${n} ${v}` : v)).join(", ");
  })]),
);
const diffs = [];
for (const [e, cs] of Object.entries(cmp)) for (const [c, items] of Object.entries(cs)) for (const it of items) if (it.v === "differs") diffs.push(`- ${e}, ${c} \`${it.name}\`: ${it.why}`);
if (diffs.length) {
  print("Differences:");
  print();
  for (const d of diffs) print(d);
  print();
}

// ---- 2. interaction
const page = load("page.json");
print("## 2. Interaction in the release page (headless Chromium)");
print();
if (page?.edits) {
  print("Each preset loaded through its gallery button; then edits of the first response template (the backend body for `lambda-proxy`, which has none), each a new text dispatched as an `input` event, timed in the page from the event to the edit's text appearing in what the client receives (MutationObserver), and to the style/layout that follows.");
  print();
  const rows = page.edits.map((e) => [e.preset, e.field ?? "–", e.observed ?? "–", e.n ?? "–", sig(e.median), sig(e.p99), sig(e.max), sig(e.layoutMedian), sig(e.layoutP99), e.error ? e.error : met(e.p99 < 16)]);
  table(["preset", "edited field", "observed in", "edits", "median ms", "p99 ms", "max ms", "+layout median", "+layout p99", "p99 < 16 ms"], rows, "llllrrrrrl");
  const worst = Math.max(...page.edits.filter((e) => e.p99).map((e) => e.p99));
  target("edit → result p99 < 16 ms, every preset", `worst preset p99 ${sig(worst)} ms`, worst < 16);
}
const pn = load("pipeline-native.json"), pw = load("pipeline-wasm.json");
if (pn) {
  print("The status sweep (`Prepared::sweep`: codes 100–599 against every integration response key) and everything the page derives on an edit (`state::derive`: prepare + run + sweep + test table), per preset, natively and in wasm (Chromium; wasm figures are batch means, since the page's timer has 5 µs resolution):");
  print();
  const rows = pn.presets.map((r) => {
    const w = pw?.presets?.find((x) => x.preset === r.preset);
    return [r.preset, r.keys, sig(r.sweep_us), sig(w?.sweep_batch_us), sig(r.prepare_us), sig(r.run_us), sig(r.derive_us), sig(w?.derive_batch_us)];
  });
  table(["preset", "keys", "sweep native µs", "sweep wasm µs", "prepare native µs", "run native µs", "derive native µs", "derive wasm µs"], rows);
  const worstN = Math.max(...pn.presets.map((r) => r.sweep_us));
  const worstW = pw ? Math.max(...pw.presets.map((r) => r.sweep_batch_us)) : null;
  target("status sweep < 2 ms (native)", `worst ${sig(worstN)} µs`, worstN < 2000);
  target("status sweep < 2 ms (wasm)", worstW === null ? "not measured" : `worst ${sig(worstW)} µs`, worstW === null ? null : worstW < 2000);
}

// ---- 3. size and load
print("## 3. Size and load");
print();
const distFiles = existsSync("dist") ? readdirSync("dist").filter((f) => /\.(html|js|wasm|css)$/.test(f)).sort() : [];
const sizeOf = (f) => {
  const p = join("dist", f);
  const raw = readFileSync(p).length;
  const gz = execFileSync("gzip", ["-9", "-c", p], { maxBuffer: 1 << 28 }).length;
  let br = null;
  try {
    br = execFileSync("brotli", ["-q", "11", "-c", p], { maxBuffer: 1 << 28 }).length;
  } catch {}
  return { f, raw, gz, br };
};
const sizes = distFiles.map(sizeOf);
// the import/export worker (src/bin/iac-worker.rs) and the live console (src/bin/console-module.rs)
// are fetched when first used, not with the page
const worker = (s) => /^iac-worker/.test(s.f);
const consoleModule = (s) => /^console-(module|boot)/.test(s.f);
const onDemand = (s) => worker(s) || consoleModule(s);
const sum = (list) => list.reduce((a, s) => ({ raw: a.raw + s.raw, gz: a.gz + s.gz, br: a.br + (s.br ?? 0) }), { raw: 0, gz: 0, br: 0 });
const total = sum(sizes.filter((s) => !onDemand(s)));
const later = sum(sizes.filter(worker));
const laterConsole = sum(sizes.filter(consoleModule));
table(["dist/ file", "raw KB", "gzip -9 KB", "brotli -q 11 KB"], [
  ...sizes.filter((s) => !onDemand(s)).map((s) => [s.f, kb(s.raw), kb(s.gz), kb(s.br)]),
  ["**total: the page as it loads**", kb(total.raw), kb(total.gz), kb(total.br)],
  ...sizes.filter(worker).map((s) => [s.f, kb(s.raw), kb(s.gz), kb(s.br)]),
  ["**total: loaded when import, export or the probe stack is first used**", kb(later.raw), kb(later.gz), kb(later.br)],
  ...sizes.filter(consoleModule).map((s) => [s.f, kb(s.raw), kb(s.gz), kb(s.br)]),
  ["**total: loaded when the live console is first opened**", kb(laterConsole.raw), kb(laterConsole.gz), kb(laterConsole.br)],
]);
print("(KB = 1,024 bytes; each file compressed on its own, as a server sends it.)");
print();
if (sizes.length) target("whole page < 350 KB gzipped", `${kb(total.gz)} KB gzip (${kb(total.br)} KB brotli) as it loads; import/export worker ${kb(later.gz)} KB and live console ${kb(laterConsole.gz)} KB more on first use`, total.gz < 350 * 1024);

if (page?.loads?.length) {
  const L = page.loads;
  const col = (f) => L.map(f);
  const row = (name, xs) => [name, sig(median(xs)), sig(Math.min(...xs.filter((x) => x != null))), sig(Math.max(...xs.filter((x) => x != null)))];
  print(`Cold loads from a loopback server (python http.server), each in a fresh browser context (empty cache); ms from the start of navigation, over ${L.length} loads:`);
  print();
  table(["", "median ms", "min", "max"], [
    row("first paint", col((l) => l.paint?.["first-paint"])),
    row("first contentful paint", col((l) => l.paint?.["first-contentful-paint"])),
    row("DOMContentLoaded", col((l) => l.dcl)),
    row("wasm app started (TrunkApplicationStarted)", col((l) => l.started)),
    row("first result (client-receives shown)", col((l) => l.firstResult)),
    row("longest task during load", col((l) => l.longest)),
  ]);
}

// twiggy: per crate
const tw = load("twiggy-all.json");
const secNamed = load("sections-named.json"), secDist = load("sections-dist.json");
if (tw) {
  const items = tw.items || tw;
  const groups = new Map();
  let shipped = 0;
  for (const it of items) {
    const c = crateOf(it.name);
    if (c === null) continue;
    shipped += it.shallow_size;
    const g = groups.get(c) || { bytes: 0, n: 0 };
    g.bytes += it.shallow_size;
    g.n += 1;
    groups.set(c, g);
  }
  const named = secNamed?.reduce((a, s) => a + (s.name === "custom:name" ? 0 : s.size), 0);
  const distW = secDist?.reduce((a, s) => a + s.size, 0);
  print(`Where the wasm's bytes go: \`twiggy\` on the release wasm re-optimised with names kept (wasm-bindgen, then \`wasm-opt -Oz -g\`: ${kb(named)} KB without the name section vs ${kb(distW)} KB for dist's wasm), functions grouped by the crate that defines them (generic code is counted where it is defined: \`hashbrown::…<T>\` instantiated for our types counts as hashbrown). Shallow sizes, uncompressed:`);
  print();
  const sorted = [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
  table(["crate", "KB", "% of code+data", "items"], sorted.slice(0, 25).map(([c, g]) => [c, kb(g.bytes), num((100 * g.bytes) / shipped, 1), g.n]));
  const ours = items.filter((it) => /^(<)?apigw_playground::/.test(it.name));
  const mods = new Map();
  for (const it of ours) {
    const mm = it.name.replace(/^</, "").match(/^apigw_playground::([a-z_]+)(?:::([a-z_]+)::)?/);
    const key = mm ? `apigw_playground::${mm[1]}${mm[2] ? "::" + mm[2] : ""}` : "apigw_playground";
    mods.set(key, (mods.get(key) || 0) + it.shallow_size);
  }
  print("Our own crate by module:");
  print();
  table(["module", "KB"], [...mods.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => [k, kb(v)]));
  if (has("twiggy-top.txt")) {
    print("`twiggy top -n 40` (biggest single items):");
    print();
    print("```");
    for (const l of readFileSync(join(dir, "twiggy-top.txt"), "utf8").trimEnd().split("\n")) print(l.length > 150 ? l.slice(0, 147) + "…" : l);
    print("```");
    print();
  }
  const garbage = load("twiggy-garbage.json");
  if (garbage) {
    const g = garbage.items || garbage;
    const sum = g.find((x) => /^Σ/.test(x.name));
    const fp = g.find((x) => /false-positive data segments/.test(x.name));
    const real = g.filter((x) => !/^Σ|^\.\.\. and|false-positive|^custom section/.test(x.name));
    print(`\`twiggy garbage\`: ${sum ? `${sum.bytes} bytes in ${sum.name.replace(/^Σ \[|\]$/g, "")}` : "?"} unreachable (biggest: ${real.slice(0, 3).map((x) => `${x.name} ${x.bytes} B`).join("; ") || "none"}), i.e. nothing worth removing${fp ? `; it also lists ${fp.name} (${kb(fp.bytes)} KB) that it cannot trace, not garbage` : ""}.`);
    print();
  }
}

// hot spots
const prof = load("profile.json");
if (prof) {
  for (const [k, title] of [["edits", "100 edits of the default preset's template"], ["paste", "pasting the 1 MB body (then 5 edits with it)"]]) {
    const p = prof[k];
    if (!p) continue;
    print(`CPU profile of the page (wasm with names), ${title}: ${num(p.total, 0)} ms of samples (idle excluded), by group and by function (self time):`);
    print();
    if (p.groups) table(["group", "self ms", "%"], p.groups.slice(0, 12).map((g) => [g.name, num(g.ms, 1), num(g.pct, 1)]), "lrr");
    table(["function", "kind", "self ms", "%"], p.top.slice(0, 15).map((t) => [t.name.length > 90 ? t.name.slice(0, 87) + "…" : t.name, t.kind, num(t.ms, 1), num(t.pct, 1)]), "llrr");
  }
}
const perfFiles = has(".") ? readdirSync(dir).filter((f) => /^perf-.*\.txt$/.test(f)).sort() : [];
const PERF_GROUPS = [
  ["allocator (glibc malloc/free)", /^(_int_malloc|_int_free|_int_realloc|malloc|cfree|free|realloc|malloc_consolidate|unlink_chunk|__libc_|__rustc::__rust_(alloc|dealloc|realloc)|.*GlobalAlloc|alloc::alloc::|tcache|sysmalloc)/],
  ["hashing (SipHash: std's DefaultHasher)", /sip::Hasher|DefaultHasher|hash::random/],
  ["hash tables (hashbrown, indexmap)", /^(hashbrown|<?indexmap|indexmap)/],
  ["JSON parse (engine::json)", /engine::json::/],
  ["JSON write / escaping (engine::value)", /engine::value::(push_json|Value::write_json|push_java|java_double)/],
  ["VTL evaluation (engine::vtl)", /engine::vtl::/],
  ["Rc / drop / clone", /drop_in_place|Rc<|::clone|drop_slow/],
  ["memcpy / string pushes", /memmove|memcpy|String>::push|Vec<u8>>::reserve|append_elements|encode_utf8/],
];
for (const f of perfFiles) {
  const all = readFileSync(join(dir, f), "utf8").trim().split("\n").filter(Boolean).map((l) => {
    const mm = l.trim().match(/^([\d.]+)%\s+\[\.\]\s+(.*?)\s*(-\s+-\s*)?$/);
    return mm ? { pct: Number(mm[1]), name: mm[2] } : null;
  }).filter(Boolean);
  if (!all.length) continue;
  const sums = PERF_GROUPS.map(([g, re]) => [g, all.filter((x) => re.test(x.name)).reduce((a, x) => a + x.pct, 0)]);
  print(`Native profile (perf, self time), render case \`${f.replace(/^perf-|\.txt$/g, "")}\`: by kind of work, then the top functions:`);
  print();
  table(["kind of work", "%"], sums.sort((a, b) => b[1] - a[1]).map(([g, p]) => [g, num(p, 1)]), "lr");
  table(["function", "%"], all.slice(0, 10).map((x) => [x.name.length > 100 ? x.name.slice(0, 97) + "…" : x.name, num(x.pct, 2)]), "lr");
}

// ---- 4. scale
const sc = load("scale-native.json");
print("## 4. Scale");
print();
if (sc) {
  const dl = sc.default_limits || {};
  const lim = dl.foreachIterations ? `the page's defaults stop \`#foreach\` at ${num(dl.foreachIterations)} iterations and the output at ${num(dl.outputBytes / 1048576, 0)} MB` : "the page's defaults";
  print(`Natively, with the budgets lifted (${lim}: last column). Payload \`{"items": [{id, name, qty, price, tags}, …]}\`. Templates: json = \`${sc.templates.json}\`; foreach = \`$input.path('$.items')\` + \`#foreach\` printing three fields per item. Above 128 KB the payload is beyond API Gateway's message limit (the page flags it).`);
  print();
  const rows = sc.rows.map((r) => [r.template, kb(r.body_bytes), sig(r.us / 1000), sig(r.us / (r.body_bytes / 1024)), sig(r.json_parse_us / 1000), kb(r.out_bytes), kb(r.peak_heap_bytes), sig(r.peak_heap_bytes / r.body_bytes), r.peak_rss_kb == null ? "–" : num(r.peak_rss_kb / 1024, 1), (r.error ? `error: ${r.error}` : r.default_limits).slice(0, 70)]);
  table(["template", "body KB", "ms", "µs per KB", "of which JSON parse ms", "output KB", "peak heap KB", "heap ÷ body", "peak RSS MB", "with the page's default limits"], rows, "lrrrrrrrrl");
  // growth: least-squares slope of log(time) and log(heap) against log(size), 16 KB and up
  const slope = (pts) => {
    const n = pts.length, mx = pts.reduce((a, p) => a + p[0], 0) / n, my = pts.reduce((a, p) => a + p[1], 0) / n;
    return pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  };
  for (const t of ["json", "foreach"]) {
    const rs = sc.rows.filter((r) => r.template === t && r.body_bytes >= 16 << 10);
    if (rs.length < 3) continue;
    const kt = slope(rs.map((r) => [Math.log(r.body_bytes), Math.log(r.us)]));
    const kh = slope(rs.map((r) => [Math.log(r.body_bytes), Math.log(r.peak_heap_bytes)]));
    const per = rs.map((r) => r.us / (r.body_bytes / 1024));
    print(`- ${t}: time grows as size^${num(kt, 2)} and peak heap as size^${num(kh, 2)} from 16 KB to 10 MB (1.00 = linear): ${kt < 1.1 ? "linear" : kt < 1.25 ? "near-linear" : "worse than linear"}; ${sig(Math.min(...per))}–${sig(Math.max(...per))} µs per KB; heap ≈ ${sig(rs[rs.length - 1].peak_heap_bytes / rs[rs.length - 1].body_bytes)}× the body.`);
  }
  print();
}
if (page?.big) {
  const b = page.big;
  print(`In the page: a ${kb(b.paste?.bodyBytes)} KB backend body pasted into the default preset's body editor, then 5 edits of its response template with the body in place. Long tasks from a PerformanceObserver('longtask'):`);
  print();
  table(["action", "longest task ms", "long tasks", "input → next frame ms"], [
    ["paste 1 MB body", sig(b.paste?.longest), b.paste?.longTasks, sig(b.paste?.nextFrame)],
    ...(b.edits || []).map((e, i) => [`template edit ${i + 1}`, sig(e.longest), e.longTasks, sig(e.nextFrame)]),
  ]);
  print(`Shown after the paste: ${JSON.stringify(b.paste?.shown ?? "")}; elements in the page: ${num(b.paste?.elementsBefore)} before, ${num(b.paste?.elementsAfter)} after.`);
  print();
  target("no freeze over 100 ms with a 1 MB body (paste)", `longest task ${sig(b.paste?.longest)} ms`, b.paste?.longest <= 100);
  const we = Math.max(...(b.edits || []).map((e) => e.longest));
  target("no freeze over 100 ms with a 1 MB body (edits)", `longest task ${sig(we)} ms`, we <= 100);
}

// ---- targets
print("## Targets");
print();
table(["target", "figure", "met?"], targets, "lll");

writeFileSync(join(dir, "report.md"), md.join("\n") + "\n");
