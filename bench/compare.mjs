// Compares every engine's outputs with our native engine's, item by item.
//   node bench/compare.mjs OUT_DIR  -> OUT_DIR/compare.json, and one line per difference
// Verdicts: "same" (byte for byte), "same JSON" (equal once parsed; `\'` read as `'` and
// whitespace outside strings ignored), "same text modulo whitespace", or "differs" with the
// first differing place.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const load = (f) => JSON.parse(readFileSync(join(dir, f), "utf8"));
const ref = load("outputs-ours-native.json");
const engines = readdirSync(dir)
  .filter((f) => /^outputs-.*\.json$/.test(f) && f !== "outputs-ours-native.json")
  .map((f) => f.replace(/^outputs-|\.json$/g, ""))
  .sort();

const asJson = (s) => {
  try {
    return JSON.stringify(JSON.parse(s.replace(/\\'/g, "'")));
  } catch {
    return null;
  }
};
const squash = (s) => s.replace(/\s+/g, "");

function verdict(a, b) {
  if (a.error || b.error) return a.error && b.error ? { v: "both fail" } : { v: "differs", why: `error: ${(b.error || a.error).slice(0, 100)}${b.error ? "" : " (ours)"}` };
  if (a.output === b.output) return { v: "same" };
  const ja = asJson(a.output);
  if (ja !== null && ja === asJson(b.output)) return { v: "same JSON" };
  if (squash(a.output) === squash(b.output)) return { v: "same modulo whitespace" };
  const x = squash(a.output), y = squash(b.output);
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return { v: "differs", why: `ours …${x.slice(Math.max(0, i - 20), i + 40)}… theirs …${y.slice(Math.max(0, i - 20), i + 40)}…` };
}

const out = {};
for (const e of engines) {
  const theirs = load(`outputs-${e}.json`);
  out[e] = {};
  for (const [cid, items] of Object.entries(ref)) {
    const t = theirs[cid] || [];
    out[e][cid] = items.map((a) => {
      const b = t.find((x) => x.name === a.name) || { error: "missing" };
      return { name: a.name, ...verdict(a, b) };
    });
  }
}
writeFileSync(join(dir, "compare.json"), JSON.stringify(out, null, 1));
for (const [e, cases] of Object.entries(out))
  for (const [cid, items] of Object.entries(cases))
    for (const it of items) if (it.v === "differs") console.log(`compare: ${e} ${cid} ${it.name === cid ? "" : `[${it.name}] `}${it.why}`);
