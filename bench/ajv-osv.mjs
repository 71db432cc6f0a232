// The reference for OSV validation: Ajv 8 (draft 2020-12, ajv-formats), in
// its fastest setting (it stops at the first error; libssr reports them all).
// Ajv and ajv-formats are the ones tests/ajv pins (its package-lock.json).
//
//   node bench/ajv-osv.mjs records SCHEMA DIR [REPS]
//       JSON.parse + validate over every *.json under DIR, preloaded in
//       memory; prints "ajv.records_per_s <best rate>" (after five warm-up passes)
//   node bench/ajv-osv.mjs jsonl SCHEMA FILE
//       the same over each line of a JSON Lines file, read whole: the
//       whole-process reference for `ssr validate --kind osv FILE`
import { createRequire } from "node:module";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(new URL("../tests/ajv/package.json", import.meta.url));
const Ajv2020 = require("ajv/dist/2020.js").default;
const addFormats = require("ajv-formats").default;

const [mode, schemaPath, input, repsArg] = process.argv.slice(2);
if (!["records", "jsonl"].includes(mode) || !schemaPath || !input) {
  console.error("usage: ajv-osv.mjs records SCHEMA DIR [REPS] | jsonl SCHEMA FILE");
  process.exit(2);
}

const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".json")) out.push(readFileSync(path, "utf8"));
  }
  return out;
}

// One pass: each text parsed and validated; the number valid.
function pass(texts) {
  let valid = 0;
  for (const text of texts) if (validate(JSON.parse(text))) valid++;
  return valid;
}

if (mode === "records") {
  const texts = collect(input, []);
  const reps = Number(repsArg ?? 9);
  for (let i = 0; i < 5; i++) pass(texts); // warm: the JIT compiles the validator and JSON.parse paths
  const times = [];
  let valid = 0;
  for (let r = 0; r < reps; r++) {
    const start = process.hrtime.bigint();
    valid = pass(texts);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const best = Math.min(...times); // as ssr-bench keeps: noise only ever slows a run down
  console.error(`${texts.length} documents, ${valid} valid per pass`);
  console.log(`ajv.records_per_s\t${texts.length / best}`);
} else {
  const lines = readFileSync(input, "utf8").split("\n").filter((l) => l.trim() !== "");
  const valid = pass(lines);
  console.log(`${lines.length} documents, ${valid} valid`);
}
