// Timing shared by the node harness and the browser page: the same method as the native
// benchmark (examples/bench.rs): a warm-up of seconds/2, then 5 batches of at least `seconds`
// (and at least 3 rounds) each; the result is units per second of each batch, sorted.
export function throughput(seconds, perRound, round) {
  const now = () => performance.now();
  const warm = now();
  while (now() - warm < (seconds * 1000) / 2) round();
  const rates = [];
  for (let b = 0; b < 5; b++) {
    const t0 = now();
    let rounds = 0;
    while (rounds < 3 || now() - t0 < seconds * 1000) {
      round();
      rounds++;
    }
    rates.push((rounds * perRound) / ((now() - t0) / 1000));
  }
  return rates.sort((a, b) => a - b);
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN;
};

/** Runs every case of cases.json with one engine. `prepare(template)` parses once and returns
 *  `render(item) -> string` (throwing on an error). Returns {results, outputs}. */
export function runCases(doc, seconds, prepare, log = () => {}) {
  const results = [];
  const outputs = {};
  for (const c of doc.cases) {
    const items = [];
    outputs[c.id] = [];
    for (const it of c.items) {
      let render;
      try {
        render = prepare(it.template);
      } catch (e) {
        outputs[c.id].push({ name: it.name, error: `parse: ${String(e.message || e).split("\n")[0]}` });
        continue;
      }
      try {
        outputs[c.id].push({ name: it.name, output: render(it) });
        items.push({ it, render });
      } catch (e) {
        outputs[c.id].push({ name: it.name, error: String(e.message || e).split("\n")[0] });
      }
    }
    if (!items.length) {
      results.push({ id: c.id, items: 0, renders_per_s: null, error: "no item renders" });
      continue;
    }
    const rates = throughput(seconds, items.length, () => {
      for (const { it, render } of items) render(it);
    });
    const m = rates[Math.floor(rates.length / 2)];
    log(`${c.id.padEnd(16)} ${m.toFixed(0).padStart(12)} renders/s  ${(1e6 / m).toFixed(2).padStart(10)} µs/render`);
    results.push({ id: c.id, items: items.length, of: c.items.length, renders_per_s: m, us_per_render: 1e6 / m, min_renders_per_s: rates[0], max_renders_per_s: rates[rates.length - 1] });
  }
  return { results, outputs };
}
