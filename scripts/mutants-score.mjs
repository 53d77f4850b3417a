// Reads cargo-mutants' result lists (caught.txt, missed.txt, timeout.txt,
// unviable.txt under each DIR/mutants.out) and prints each module's score:
// caught / (caught + missed). A timeout counts as caught (the mutation made
// the tests hang, which a run would notice); unviable mutations (they do
// not compile) are not counted. With a sample, the 95% interval is given.
//   node scripts/mutants-score.mjs DIR...
import { readFileSync, existsSync } from "node:fs";
import { basename, join } from "node:path";

const lines = (dir, name) => {
  const p = join(dir, "mutants.out", name);
  return existsSync(p) ? readFileSync(p, "utf8").split("\n").filter(Boolean) : [];
};
// Wilson score interval for a proportion.
function interval(k, n) {
  if (!n) return [0, 0];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}
const pct = (x) => `${(100 * x).toFixed(0)}%`;
let failed = false;
console.log("module    caught  missed  timeout  unviable  score   (95% interval)   target >= 90%");
for (const dir of process.argv.slice(2)) {
  const [caught, missed, timeout, unviable] = ["caught.txt", "missed.txt", "timeout.txt", "unviable.txt"].map((f) => lines(dir, f));
  const k = caught.length + timeout.length;
  const n = k + missed.length;
  const [lo, hi] = interval(k, n);
  const score = n ? k / n : 0;
  const met = score >= 0.9;
  failed ||= !met;
  console.log(
    `${basename(dir).padEnd(9)} ${String(caught.length).padStart(6)}  ${String(missed.length).padStart(6)}  ${String(timeout.length).padStart(7)}  ${String(unviable.length).padStart(8)}  ${pct(score).padStart(5)}   (${pct(lo)}–${pct(hi)})   ${met ? "met" : "NOT MET"}`,
  );
  for (const m of missed) console.log(`    missed: ${m}`);
}
process.exitCode = failed ? 1 : 0;
