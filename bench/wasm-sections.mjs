// Lists a wasm file's sections with their sizes: node bench/wasm-sections.mjs FILE [--json]
import { readFileSync } from "node:fs";

export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module");
  const NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];
  const out = [];
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** s;
      s += 7;
    } while (b & 0x80);
    return r;
  };
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const start = p;
    let name = NAMES[id] ?? `id${id}`;
    if (id === 0) {
      const n = leb();
      name = `custom:${buf.subarray(p, p + n).toString("utf8")}`;
    }
    out.push({ name, size });
    p = start + size;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = sections(readFileSync(process.argv[2]));
  if (process.argv.includes("--json")) console.log(JSON.stringify(s));
  else for (const x of s) console.log(`${x.name.padEnd(32)} ${String(x.size).padStart(9)}`);
}
