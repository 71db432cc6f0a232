// Every test vector of a native kind, and every example document, judged by
// Ajv against the kind's published JSON Schema (schema/KIND.schema.json).
// libssr's verdict is the vector's .expected file (which the C suite checks
// against libssr). The two must agree, except where every error libssr
// reports is a rule the specification lists as beyond JSON Schema.
//
//   node differential.mjs SSR_EXE SOURCE_ROOT
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [ssr, root] = process.argv.slice(2);
const kinds = ["release", "trusted-publisher", "repository-profile"];
let agree = 0, beyond = 0, failures = 0;

for (const kind of kinds) {
  const schema = JSON.parse(readFileSync(join(root, "schema", `${kind}.schema.json`), "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const beyondCodes = new Set(
    execFileSync(ssr, ["schema", "--codes", kind], { encoding: "utf8" })
      .split("\n").filter((l) => l.endsWith("\tbeyond")).map((l) => l.split("\t")[0]));

  const cases = [];
  const dir = join(root, "tests", "vectors", kind);
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".input")).sort()) {
    const base = name.slice(0, -".input".length);
    const errors = readFileSync(join(dir, base + ".expected"), "utf8").split("\n")
      .filter((l) => l.startsWith("error\t")).map((l) => l.split("\t")[1]);
    cases.push({ name: `${kind}/${base}`, text: readFileSync(join(dir, name), "utf8"), errors });
  }
  const examples = join(root, "examples", "documents");
  for (const name of readdirSync(examples).filter((n) => n.startsWith(kind + "-")).sort())
    cases.push({ name: `examples/${name}`, text: readFileSync(join(examples, name), "utf8"), errors: [] });

  for (const c of cases) {
    const ajvValid = validate(JSON.parse(c.text));
    const ssrValid = c.errors.length === 0;
    if (ajvValid === ssrValid) {
      agree++;
    } else if (!ssrValid && c.errors.every((code) => beyondCodes.has(code))) {
      beyond++;
    } else {
      failures++;
      console.log(`DISAGREE ${c.name}: libssr ${ssrValid ? "valid" : "invalid " + c.errors.join(",")}, ` +
                  `Ajv ${ajvValid ? "valid" : "invalid " + ajv.errorsText(validate.errors)}`);
    }
  }
}
console.log(`Ajv agrees on ${agree} documents; ${beyond} differ only by rules beyond JSON Schema`);
console.log(`${agree + beyond} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
