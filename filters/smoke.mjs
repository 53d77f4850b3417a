// Smoke check of the built filter engine in wasm (pkg-filters/, from
// scripts/build-filters.sh): loads it the way the worker will, imports the
// test list, checks a few matches, and prints timings for the sample list,
// a 20,000-rule synthetic list, save/restore, and per-request matching.
//
//   node filters/smoke.mjs
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg-filters");
const ms = (t0) => (performance.now() - t0).toFixed(1) + " ms";

let t0 = performance.now();
const bytes = readFileSync(join(pkg, "tracking_witness_filters_bg.wasm"));
const glue = await import(join(pkg, "tracking_witness_filters.js"));
const wasm = glue.initSync({ module: bytes });
console.log(`wasm: ${bytes.length} bytes raw, ${gzipSync(bytes, { level: 9 }).length} gzip; compile+instantiate ${ms(t0)}`);

// ---- the sample list the native tests use ----
const sample = readFileSync(join(root, "filters", "tests", "data", "sample-list.txt"), "utf8");
const set = new glue.FilterSet();
t0 = performance.now();
const info = set.addList("sample-list.txt", sample);
console.log(`sample list: ${JSON.stringify(info)} compiled in ${ms(t0)}`);
assert.deepEqual(info, { name: "sample-list.txt", rules: 9, ignored: 1 });

const page = "https://jobs.example/search";
assert.deepEqual(set.matchRequest("https://tracker.example/t.js", page, "script"), {
  list: "sample-list.txt",
  filter: "||tracker.example^",
});
assert.equal(set.matchRequest("https://tracker.example/ok.js", page, "script"), undefined);
assert.deepEqual(set.matchRequest("https://stats.example/collect?v=2", page, "xhr")?.filter, "/collect?$third-party");
assert.equal(set.matchRequest("https://jobs.example/collect?v=2", page, "xhr"), undefined);
assert.deepEqual(set.matchRequest("https://cdn.example/beacon/v2/hit", page, "beacon")?.filter, "/beacon/v2/*$ping,third-party");
assert.deepEqual(set.lists(), [{ name: "sample-list.txt", rules: 9, ignored: 1 }]);

try {
  set.addList("page.html", "<!doctype html>\n<html></html>\n");
  assert.fail("an HTML file was accepted");
} catch (e) {
  assert.equal(e.name, "InvalidInput");
  console.log(`HTML file refused: ${e.name}: ${e.message}`);
}
const saved = set.serialize();
const back = glue.FilterSet.deserialize(saved);
assert.equal(back.rebuiltOnRestore(), false);
assert.equal(back.matchRequest("https://tracker.example/t.js", page, "script")?.list, "sample-list.txt");
console.log("sample matches: ok");

// ---- a synthetic list shaped like EasyPrivacy (seeded, so runs compare) ----
let seed = 42;
const rand = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
const words = ["stats", "metrics", "pixel", "collect", "track", "beacon", "event", "log", "tag", "analytics", "insight", "measure"];
const w = () => words[rand(words.length)];
const hosts = [];
const lines = ["[Adblock Plus 2.0]", "! Title: synthetic 20k"];
for (let i = 0; lines.length < 20_002; i++) {
  const host = `${w()}${i}.${w()}-net.example`;
  hosts.push(host);
  switch (rand(6)) {
    case 0: case 1: lines.push(`||${host}^`); break;
    case 2: lines.push(`||${host}^$third-party`); break;
    case 3: lines.push(`/${w()}${i}/${w()}.js$script`); break;
    case 4: lines.push(`||${host}/${w()}/*$image,third-party`); break;
    default: lines.push(i % 10 === 5 ? `@@||${host}/consent.js` : `/${w()}-${i}.gif?$image`);
  }
}
const big = lines.join("\n") + "\n";
const bigSet = new glue.FilterSet();
t0 = performance.now();
const bigInfo = bigSet.addList("synthetic-20k.txt", big);
const compileMs = performance.now() - t0;
console.log(`synthetic list: ${bigInfo.rules} rules (${(big.length / 1024).toFixed(0)} KiB text) compiled in ${compileMs.toFixed(1)} ms`);

t0 = performance.now();
const blob = bigSet.serialize();
const serMs = performance.now() - t0;
t0 = performance.now();
const restored = glue.FilterSet.deserialize(blob);
const deMs = performance.now() - t0;
assert.equal(restored.rebuiltOnRestore(), false);
console.log(`saved: ${blob.length} bytes (list text ${big.length}); serialize ${serMs.toFixed(1)} ms, deserialize ${deMs.toFixed(1)} ms`);

// Half hits on listed hosts, half misses, each kind in turn.
const kinds = ["script", "image", "xhr", "beacon", "frame", "other"];
const requests = [];
for (let i = 0; i < 2000; i++) {
  const host = i % 2 ? hosts[rand(hosts.length)] : `cdn${i}.unlisted.example`;
  requests.push([`https://${host}/${w()}/${w()}.js?id=${i}`, kinds[i % kinds.length]]);
}
let hits = 0;
for (const [url, kind] of requests) if (bigSet.matchRequest(url, page, kind)) hits++; // warm up
const rounds = 10;
t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const [url, kind] of requests) restored.matchRequest(url, page, kind);
const perMatch = ((performance.now() - t0) * 1e6) / (rounds * requests.length);
console.log(`match: ${perMatch.toFixed(0)} ns per request (incl. JS<->wasm strings), ${hits}/${requests.length} matched`);
assert.ok(hits > 0);
console.log(`wasm memory after both sets: ${(wasm.memory.buffer.byteLength / 1048576).toFixed(1)} MiB`);
console.log("filters smoke: ok");
