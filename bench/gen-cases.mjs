// Writes the render-throughput cases every engine runs: bench/out/cases.json.
//
//   node bench/gen-cases.mjs [OUT]
//
// Each case is a list of items {name, template, body, params}; one render is one item. The
// payloads are generated from a fixed seed, so every run (and every engine) sees the same bytes.
// The templates live in bench/templates/; the presets' response templates come from
// www/presets/, the grocery example from tests/data/vtl-vectors.json.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = process.argv[2] || join(here, "out", "cases.json");

// mulberry32: a small deterministic PRNG
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20251125);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (xs) => xs[int(0, xs.length - 1)];
// Prices with a non-zero last cent digit print the same in Java, JavaScript and Python
// (no "12.0" vs "12" question).
const price = () => {
  let c = int(101, 99999);
  if (c % 10 === 0) c += 3;
  return c / 100;
};

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
  "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra"];
const NAMES = ["Widget", "Gadget", "Sprocket", "Gizmo", "Doohickey", "Thingamajig"];
const COLORS = ["red", "green", "blue", "black", "white"];
const SIZES = ["XS", "S", "M", "L", "XL"];
const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
const pad4 = (i) => String(i).padStart(5, "0");

// UTF-8 bytes of a value's JSON (the limits are in bytes, not UTF-16 units).
const size = (v) => Buffer.byteLength(JSON.stringify(v));

const tpl = (name) => readFileSync(join(here, "templates", name), "utf8");

// The default $context the engine gives (src/engine/vtl/builtins.rs default_context), for the
// other engines' harnesses; the templates read a few of its fields.
const context = {
  apiId: "a1b2c3d4e5",
  connectedAt: 1764072000000,
  connectionId: "Qyi07eCbtjMCJKw=",
  domainName: "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
  eventType: "MESSAGE",
  extendedRequestId: "Qyi3UG41tjMFlUg=",
  messageDirection: "IN",
  messageId: "Qyi3UfW0tjMCF3w=",
  requestId: "Qyi3UG41tjMFlUg=",
  requestTime: "25/Nov/2025:12:00:00 +0000",
  requestTimeEpoch: 1764072000123,
  routeKey: "$default",
  stage: "production",
  identity: { sourceIp: "203.0.113.7" },
  authorizer: {},
  error: {},
};
const noParams = { path: {}, querystring: {}, header: {} };
const params = {
  path: {},
  querystring: { lang: "en-GB" },
  header: { Host: "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", "X-Trace-Id": "Root=1-5f84c7a9-1e3b" },
};

// 1. The presets' response templates, each with its preset's sample backend body.
function presetItems() {
  const dir = join(root, "www", "presets");
  const items = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const s = JSON.parse(readFileSync(join(dir, f), "utf8"));
    const body = s.sample?.backend?.body ?? "";
    for (const g of s.integrations || []) {
      for (const r of g.IntegrationResponses || []) {
        for (const [k, t] of Object.entries(r.ResponseTemplates || {})) {
          items.push({ name: `${f.replace(/\.json$/, "")} ${r.IntegrationResponseKey} ${k}`, template: t, body, params: noParams });
        }
      }
    }
  }
  return items;
}

// 2. #foreach over 1,000 items (API Gateway's cap is exactly 1,000 iterations).
function itemsBody(n) {
  const items = [];
  for (let i = 1; i <= n; i++) {
    items.push({
      id: `it-${pad4(i)}`,
      name: `${pick(NAMES)} "${pick(WORDS)}" no. ${i}`,
      qty: int(1, 20),
      price: price(),
      tags: [pick(WORDS), pick(WORDS)],
    });
  }
  return JSON.stringify({ count: n, items });
}

// 3. A body of just under 128 KB (API Gateway's message limit is 128 KiB = 131,072 bytes).
function records128k(limit = 128 * 1024 - 512) {
  const doc = { source: "bench", generated: "2025-11-25T12:00:00Z", records: [] };
  for (let i = 1; ; i++) {
    const rec = {
      id: i,
      key: `rec-${pad4(i)}`,
      title: `${words(3)} — “${pick(WORDS)}”`,
      score: price(),
      active: i % 3 !== 0,
      tags: [pick(WORDS), pick(WORDS), pick(WORDS)],
      owner: { name: `${pick(NAMES)} ${pick(WORDS)}`, email: `${pick(WORDS)}@example.com` },
      note: i % 7 === 0 ? null : `line one\nline "two"\ttabbed`,
    };
    if (size(doc) + size(rec) + 1 > limit) return JSON.stringify(doc);
    doc.records.push(rec);
  }
}

// 4. Text full of quotes, backslashes, slashes, newlines, tabs and non-ASCII (incl. astral).
function escapeBody() {
  const bits = [`it's`, `"quoted"`, `O'Brien`, `C:\\path\\to`, `</script>`, `a/b/c`, `line\nbreak`,
    `tab\there`, `café`, `naïve`, `Ελληνικά`, `中文字符`, `emoji 😀`, `€100`, `\r\n`, `—`, `\u0001ctl`];
  const text = Array.from({ length: 1200 }, () => pick(bits)).join(" ");
  const lines = Array.from({ length: 100 }, () => Array.from({ length: 8 }, () => pick(bits)).join(" "));
  return JSON.stringify({ text, lines });
}

// 6. The order document of the 100-line template, grown to just under 128 KB.
function orderBody(limit = 128 * 1024 - 512) {
  const doc = {
    orderId: "ord-000123",
    createdAt: "2025-11-25T12:00:00Z",
    status: "PAID",
    customer: {
      id: "c-42",
      name: "Ada «Lovelace» O'Hara",
      email: "ada@example.com",
      tier: "gold",
      address: { line1: "12 Analytical St, Flat \"B\"", city: "London", zip: "NW1 6XE", country: "GB" },
      notes: "Prefers \"fast\" delivery; it's fine to leave it at the door/porch.\nRing twice.",
    },
    payment: { method: "card", last4: "4242", amount: 1234.56, currency: "EUR" },
    shipping: { warehouse: "DUB-2", express: "yes", carrier: "DHL", eta: "2025-11-27", weightKg: 3.25 },
    meta: { source: "web", raw: JSON.stringify({ campaign: "black-friday", ab: [1, 2, 3], source: "newsletter" }) },
    history: Array.from({ length: 40 }, (_, i) => ({ at: `2025-11-25T12:${String(i).padStart(2, "0")}:00Z`, event: pick(["created", "paid", "picked", "packed", "noted"]), by: pick(["system", "ada", "ops"]) })),
    items: [],
  };
  for (let i = 1; ; i++) {
    const item = {
      sku: `SKU-${pad4(i)}`,
      name: `${pick(NAMES)} "${pick(WORDS)}" ${pick(["café", "naïve", "plain", "it's"])}`,
      qty: int(1, 9),
      price: price(),
      tags: Array.from({ length: int(0, 3) }, () => pick(WORDS)),
      attrs: { color: pick(COLORS), size: pick(SIZES) },
      description: words(8),
    };
    if (size(doc) + size(item) + 1 > limit) return JSON.stringify(doc);
    doc.items.push(item);
  }
}

const vectors = JSON.parse(readFileSync(join(root, "tests", "data", "vtl-vectors.json"), "utf8"));
const grocery = vectors.find((v) => v.id === "7.6-grocery");
if (!grocery) throw new Error("tests/data/vtl-vectors.json has no 7.6-grocery vector");

const cases = [
  { id: "presets", title: "presets' response templates (small JSON reshaping)", items: presetItems() },
  { id: "foreach-1000", title: "#foreach over a 1,000-item array", items: [{ name: "foreach-1000", template: tpl("foreach-1000.vtl"), body: itemsBody(1000), params: noParams }] },
  { id: "json-128k", title: "$input.json('$') over a 128 KB body", items: [{ name: "json-128k", template: tpl("json-128k.vtl"), body: records128k(), params: noParams }] },
  { id: "escape-heavy", title: "escapeJavaScript of quotes/newlines/non-ASCII", items: [{ name: "escape-heavy", template: tpl("escape-heavy.vtl"), body: escapeBody(), params: noParams }] },
  { id: "grocery", title: "the grocery example (corpus 7.6)", items: [{ name: "grocery", template: grocery.template, body: grocery.body, params: noParams }] },
  { id: "order-100-lines", title: "100-line template over a 128 KB payload", items: [{ name: "order-100-lines", template: tpl("order-100-lines.vtl"), body: orderBody(), params }] },
];

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ context, cases }, null, 1));
const summary = cases.map((c) => `${c.id} (${c.items.length} item${c.items.length > 1 ? "s" : ""}, body ${c.items.reduce((n, i) => n + Buffer.byteLength(i.body), 0)} B)`);
console.log(`gen-cases: ${out}: ${summary.join(", ")}`);
