// Every JSON evidence file an e2e test has the extension export is checked
// against docs/evidence.schema.json (issue 9): the harness calls
// `checkExport` on each `evidence.export` reply in JSON. A file that does
// not validate fails the test that exported it, naming the entry and the
// field. TW_COLLECT_EXPORTS=<dir> also writes each file there.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const schema = JSON.parse(readFileSync(new URL("../../docs/evidence.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let collected = 0;

export function checkExport(text) {
  const dir = process.env.TW_COLLECT_EXPORTS;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${process.pid}-${++collected}.json`), text);
  }
  const doc = JSON.parse(text);
  if (!validate(doc)) {
    const where = (validate.errors || []).slice(0, 5).map((e) => {
      const m = /^\/journal\/entries\/(\d+)/.exec(e.instancePath);
      const entry = m ? doc.journal.entries[Number(m[1])] : null;
      return `${e.instancePath} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}${entry ? ` [${entry.type}]` : ""}`;
    });
    throw new Error(`the exported evidence does not match docs/evidence.schema.json: ${where.join("; ")}`);
  }
}
