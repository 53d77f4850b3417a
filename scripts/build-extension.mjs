// Assembles the unpacked extensions dist/chrome and dist/firefox from
// extension/ and the wasm-bindgen output in pkg/, then packs
// dist/tracking-witness-<version>-chrome.zip and -firefox.xpi.
//
//   node scripts/build-extension.mjs [--variant deep]
//
// The one manifest source (extension/manifest.json) holds per-browser
// alternatives under "background" and "browser_specific_settings"; this
// script keeps the right one for each browser. `--variant deep` builds
// dist/chrome-deep with <all_urls> granted up front, standing in for a user
// who opted in to deep inspection (Chromium cannot grant optional
// permissions without a person clicking its prompt). `--variant faults`
// builds dist/chrome-faults and dist/firefox-faults, the test builds with
// extension/faults.js compiled in (TW_FAULTS true): a test can make a store
// write fail or the wasm instance trap. The shipped builds define TW_FAULTS
// as false, so the bundler drops the hook, and faults.js is not copied.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import { buildSync } from "esbuild";
import { writeIcons } from "./icons.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "extension");
const pkg = join(root, "pkg");
const dist = join(root, "dist");

export function manifestFor(browser, { deep = false } = {}) {
  const m = JSON.parse(readFileSync(join(src, "manifest.json"), "utf8"));
  m.background = m.background[browser];
  if (browser === "firefox") m.browser_specific_settings = m.browser_specific_settings.firefox;
  else delete m.browser_specific_settings;
  for (const cs of m.content_scripts) if (cs.matches === "@host_permissions") cs.matches = [...m.host_permissions];
  if (deep) m.host_permissions = [...m.host_permissions, "<all_urls>"];
  return m;
}

function build(browser, outName, opts) {
  const out = join(dist, outName);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const faults = !!opts?.faults;
  cpSync(src, out, { recursive: true, filter: (p) => !p.endsWith("manifest.json") || dirname(p) !== src });
  if (!existsSync(join(pkg, "tracking_witness_bg.wasm"))) throw new Error("pkg/ is missing: run `make wasm` first");
  mkdirSync(join(out, "pkg"));
  for (const f of ["tracking_witness.js", "tracking_witness_bg.wasm", "tracking_witness_actions.js", "tracking_witness_actions_bg.wasm"]) {
    cpSync(join(pkg, f), join(out, "pkg", f));
  }
  const filters = join(root, "pkg-filters");
  if (!existsSync(join(filters, "tracking_witness_filters_bg.wasm"))) throw new Error("pkg-filters/ is missing: run `make filters` first");
  mkdirSync(join(out, "pkg-filters"));
  for (const f of ["tracking_witness_filters.js", "tracking_witness_filters_bg.wasm"]) cpSync(join(filters, f), join(out, "pkg-filters", f));
  writeIcons(join(out, "icons"));
  writeFileSync(join(out, "manifest.json"), JSON.stringify(manifestFor(browser, opts), null, 2) + "\n");
  // One file instead of a graph of modules: a waking service worker then
  // loads and links one script (about 5 ms less per wake, docs/performance.md).
  // The wasm files stay separate and are still instantiated only when needed.
  buildSync({
    entryPoints: [join(out, "background.js")],
    outfile: join(out, "background.js"),
    allowOverwrite: true,
    bundle: true,
    format: "esm",
    legalComments: "none",
    logLevel: "warning",
    define: { TW_FAULTS: String(faults) },
  });
  // The popup likewise: its module graph as one file, and early.js (a
  // classic script, so that it runs before the page is parsed) with what it
  // imports to read the cached answer.
  buildSync({
    entryPoints: [join(out, "popup", "popup.js")],
    outfile: join(out, "popup", "popup.js"),
    allowOverwrite: true,
    bundle: true,
    format: "esm",
    legalComments: "none",
    logLevel: "warning",
  });
  buildSync({
    entryPoints: [join(out, "popup", "early.js")],
    outfile: join(out, "popup", "early.js"),
    allowOverwrite: true,
    bundle: true,
    format: "iife",
    legalComments: "none",
    logLevel: "warning",
  });
  // The page-world observers: their modules as one classic script (a
  // content script in the page's world cannot be a module), in one
  // function scope, so that no name of ours reaches the page.
  buildSync({
    entryPoints: [join(out, "content", "page-world.js")],
    outfile: join(out, "content", "page-world.js"),
    allowOverwrite: true,
    bundle: true,
    format: "iife",
    // Parsed in every page of a watched site before the page's own scripts:
    // a smaller text is less to parse and compile each time (issue 12).
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  // The same observers for other origins' frames inside watched sites
  // (registered for every origin with deep inspection): nothing at all in a
  // top-level page.
  const pageWorld = readFileSync(join(out, "content", "page-world.js"), "utf8");
  writeFileSync(join(out, "content", "page-world-frame.js"), `if (globalThis.top !== globalThis.window) {\n${pageWorld}}\n`);
  rmSync(join(out, "content", "page-world"), { recursive: true, force: true });
  // Bundled in, or dropped by the bundler: either way not needed as a file.
  rmSync(join(out, "faults.js"), { force: true });
  return out;
}

// ---- a small deterministic zip writer (stored + deflate, no extras) ----
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}
export function zipDir(dir, target) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const file of listFiles(dir)) {
    const name = Buffer.from(relative(dir, file).split("\\").join("/"));
    const data = readFileSync(file);
    const deflated = deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0, 6);
    header.writeUInt16LE(useDeflate ? 8 : 0, 8);
    header.writeUInt16LE(0, 10); // time
    header.writeUInt16LE(0x21, 12); // date: 1980-01-01
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    locals.push(header, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(useDeflate ? 8 : 0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(target, Buffer.concat([...locals, ...centrals, end]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const variant = process.argv.includes("--variant") ? process.argv[process.argv.indexOf("--variant") + 1] : null;
  const deep = variant === "deep";
  const version = JSON.parse(readFileSync(join(src, "manifest.json"), "utf8")).version;
  mkdirSync(dist, { recursive: true });
  if (deep) {
    console.log("built", relative(root, build("chrome", "chrome-deep", { deep: true })));
  } else if (variant === "faults") {
    console.log("built", relative(root, build("chrome", "chrome-faults", { faults: true })), relative(root, build("firefox", "firefox-faults", { faults: true })));
  } else {
    const chrome = build("chrome", "chrome");
    const firefox = build("firefox", "firefox");
    zipDir(chrome, join(dist, `tracking-witness-${version}-chrome.zip`));
    zipDir(firefox, join(dist, `tracking-witness-${version}-firefox.xpi`));
    console.log(`built dist/chrome, dist/firefox, tracking-witness-${version}-chrome.zip, tracking-witness-${version}-firefox.xpi`);
  }
}
