// velocityjs in node over the render cases: node bench/node-velocity.mjs CASES.json OUT_RESULTS OUT_OUTPUTS [--seconds S]
// velocityjs gets API Gateway's variables from bench/vtl-env.mjs (jsonpath-plus for paths).
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeVtl } from "./vtl-env.mjs";
import { runCases } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../tools/package.json"));
const velocity = require("velocityjs");
const { JSONPath } = require("jsonpath-plus");

const [casesFile, outResults, outOutputs] = process.argv.slice(2);
const si = process.argv.indexOf("--seconds");
const seconds = si > 0 ? Number(process.argv[si + 1]) : 0.4;
const doc = JSON.parse(readFileSync(casesFile, "utf8"));
const vtl = makeVtl(JSONPath);

const prepare = (template) => {
  const asts = velocity.parse(template);
  return (it) => {
    // silence = true: null references print nothing, as in API Gateway (velocityjs would
    // otherwise print the reference's text)
    const compile = new velocity.Compile(asts, { customMethodHandlers: vtl.handlers });
    return compile.render(vtl.context(it.body, it.params, doc.context), undefined, true);
  };
};

const { results, outputs } = runCases(doc, seconds, prepare, (l) => console.error(`bench: velocityjs-node ${l}`));
const version = JSON.parse(readFileSync(join(here, "../tools/node_modules/velocityjs/package.json"), "utf8")).version;
writeFileSync(outResults, JSON.stringify({ engine: "velocityjs-node", version: `velocityjs ${version}, node ${process.version}`, results }, null, 1));
writeFileSync(outOutputs, JSON.stringify(outputs));
