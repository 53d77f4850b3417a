// Optional size pass over the wasm with binaryen's wasm-opt from npm, when
// that package is installed. Debian's wasm-opt 108 is deliberately not used:
// its output fails at run time with current wasm-bindgen.
import { existsSync, statSync, renameSync } from "node:fs";
import { execFileSync } from "node:child_process";

const file = process.argv[2];
const bin = "node_modules/.bin/wasm-opt";
if (!existsSync(bin)) {
  console.log(`wasm-opt pass skipped (npm binaryen not installed): ${statSync(file).size} bytes`);
} else {
  const before = statSync(file).size;
  execFileSync(bin, ["-Os", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types", "-o", file + ".opt", file]);
  renameSync(file + ".opt", file);
  console.log(`wasm-opt: ${before} -> ${statSync(file).size} bytes`);
}
