// The evidence.export command: a file of the journal in JSON (signed), CSV,
// HTML or HAR, handed back in the reply or left in storage for the page.
// JSON and CSV are made a chunk at a time (export-stream.js); HTML and HAR
// from the whole journal at once (here).
import { api, actionsModule, persist, named } from "./boot.js";
import { signText } from "./signing.js";
import { signingKeyOf } from "./signing-key.js";
import { streamedExport, FORMATS } from "./export-stream.js";

// Chrome refuses runtime messages over 64 MiB of JSON, and escaping makes
// an export's text up to a sixth longer; larger exports go through storage.
const MESSAGE_TEXT_LIMIT = 48 * 1024 * 1024;

function timeFilter(value, field) {
  if (value === undefined || value === null || value === "") return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw named("InvalidInput", `"${field}" must be a date such as 2026-11-22 or 2026-11-22T10:00:00Z`);
  return ms;
}

export async function environment(witness) {
  const manifest = api.manifest();
  const { sites, ...settings } = witness.config();
  return {
    browser: await api.browserInfo(),
    userAgent: navigator.userAgent,
    platform: await api.platformInfo().then((p) => `${p.os} ${p.arch}`),
    extensionVersion: manifest.version,
    settings: { ...settings, watchedSites: sites.filter((s) => s.enabled).map((s) => s.id) },
  };
}

function reportLabels(module) {
  const labels = {};
  for (const key of module.reportLabelKeys()) {
    const text = api.i18n(`report_${key}`);
    if (text) labels[key] = text;
  }
  return labels;
}

// {type: "evidence.export", format, site?, from?, to?} -> {format, mimeType, filename, text, count, omitted}
export async function exportEvidence(ctx, msg) {
  const { witness, store } = ctx;
  const format = msg.format;
  if (!FORMATS[format]) throw named("InvalidInput", `"format" must be "json", "csv", "html", "har" or "casefile"`);
  const deliver = msg.deliver ?? "message";
  if (deliver !== "message" && deliver !== "storage" && deliver !== "page") throw named("InvalidInput", `"deliver" must be "message", "storage" or "page"`);
  if (deliver === "page" && !(typeof msg.ticket === "string" && /^[0-9a-z-]{8,64}$/i.test(msg.ticket))) {
    throw named("InvalidInput", `deliver: "page" needs a "ticket" of 8 to 64 letters, digits or hyphens`);
  }
  const site = msg.site ?? null;
  if (site !== null && !witness.config().sites.some((s) => s.id === site)) throw named("UnknownSite", `no site has the id ${JSON.stringify(site)}`);
  // The archive clears what such an export saved, so it must be all of it.
  if (msg.forArchive && (site !== null || msg.from || msg.to)) throw named("InvalidInput", `an export for the archive is of the whole log: no "site", "from" or "to"`);
  const filter = { site, from: timeFilter(msg.from, "from"), to: timeFilter(msg.to, "to") };
  // Every JSON file is signed; a key still to be made is made (and
  // journaled) first, so the file holds its creation.
  const key = format === "json" ? await signingKeyOf(ctx) : null;
  const now = Date.now();
  const head = {
    generatedAtMs: now,
    generator: { name: "Tracking Witness", version: api.manifest().version },
    environment: await environment(witness),
    sites: witness.summaries(site),
    filter,
    signerPublicKey: key?.publicKeyB64 ?? null,
  };
  const module = await actionsModule();
  const out = STREAMED[format]
    ? await streamedExport(module, store, format, head, key)
    : await wholeExport(module, store, format, head, key);
  const size = out.blob ? out.blob.size : out.bytes.length;
  if (deliver === "message" && size > MESSAGE_TEXT_LIMIT) {
    const mb = Math.round(size / 1e6);
    throw named("TooLarge", `the export is ${mb} MB, more than a runtime message can carry: ask with deliver: "storage", or export a period or a site`);
  }
  // An export made to archive the log is recorded by the archive's
  // checkpoint instead, so that the saved file ends exactly where the
  // cleared log begins.
  if (!msg.forArchive) {
    const data = {
      format, count: out.count, omitted: out.omitted, from: msg.from ?? null, to: msg.to ?? null,
      firstSeq: out.firstSeq, lastSeq: out.lastSeq, headHash: out.headHash,
      ...(out.sha256 ? { sha256: out.sha256 } : {}),
    };
    await persist(store, witness.exportMade(site, data, now));
  }
  const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
  const reply = { format, mimeType: FORMATS[format], filename: `tracking-witness-evidence-${stamp}.${format}`, count: out.count, omitted: out.omitted, size };
  if (format === "json") reply.fingerprint = out.signed ? key.fingerprint : null;
  // The last entry the file holds: the archive clears up to it and no further.
  // (What the file holds, not the head now: an entry that arrived while
  // the file was made is not in it, and the archive must then refuse.)
  if (msg.forArchive) reply.headSeq = out.lastSeq ?? JSON.parse(witness.headJson()).seq;
  // The actions module's wasm memory after the export (it never shrinks):
  // a figure for make bench.
  if (out.wasmBytes) reply.wasmMemoryBytes = out.wasmBytes;
  // Where the time went (ms): a figure for make bench.
  if (out.phasesMs) reply.phasesMs = out.phasesMs;
  if (deliver === "page") {
    const t = performance.now();
    const posted = await postToPages(msg.ticket, out.blob ?? new Blob([out.bytes], { type: FORMATS[format] }));
    if (reply.phasesMs) reply.phasesMs.store = Math.round(performance.now() - t);
    if (posted) return { ...reply, text: null, posted: msg.ticket };
  }
  if (deliver === "storage" || deliver === "page") {
    const t = performance.now();
    const stored = await store.putExport(out.blob ?? out.bytes, now);
    if (reply.phasesMs) reply.phasesMs.store = Math.round(performance.now() - t);
    return { ...reply, text: null, stored };
  }
  const bytes = out.blob ? new Uint8Array(await out.blob.arrayBuffer()) : out.bytes;
  // ignoreBOM keeps the CSV's byte-order mark in the text.
  return { ...reply, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

// Hands a finished file to the extension's own pages (deliver: "page"):
// a service worker can post to its window clients, and a posted Blob is
// passed by reference, not copied, so a file of any size arrives at once
// (storing it in IndexedDB instead writes all of it to disk: 1.4 s for a
// million entries). Every extension page gets it; only the one whose
// ticket it is takes it. False where the background is not a service
// worker (Firefox's event page) or no page is open: the file is then
// stored as with deliver: "storage".
async function postToPages(ticket, blob) {
  const clients = /** @type {any} */ (globalThis).clients;
  if (typeof clients?.matchAll !== "function") return false;
  const pages = await clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const page of pages) page.postMessage({ twExport: ticket, blob });
  return pages.length > 0;
}

// The formats made a chunk of the journal at a time (see streamedExport);
// the others are made from the whole journal at once.
const STREAMED = { json: true, csv: true };

// An export from the whole journal in one input (HTML, HAR): the stored
// entries are spliced in as they are rather than parsed and written again.
export async function wholeExport(module, store, format, head, key) {
  const journal = await store.journalAll();
  const rest = JSON.stringify({ ...head, prevHash: journal.prevHash ?? "0".repeat(64), screenshots: await store.screenshots(journal.shots) });
  const start = new TextEncoder().encode(`{"entries":[`);
  const tail = new TextEncoder().encode(`],${rest.slice(1)}`);
  const input = new Uint8Array(start.length + journal.bytes.length + tail.length);
  input.set(start, 0);
  input.set(journal.bytes, start.length);
  input.set(tail, start.length + journal.bytes.length);
  return format === "json" ? signedJson(module, input, key) : module.exportEvidence(format, input, api.uiLanguage() || "en", reportLabels(module));
}

// A JSON file in two steps, signed in between with the installation's key
// (WebCrypto), or finished unsigned when this browser has none. The core
// refuses a signature that does not verify over the file's header.
async function signedJson(module, input, key) {
  const job = module.ExportJob.json(input);
  try {
    const { count, omitted, firstSeq, lastSeq, headHash } = job;
    const toSign = job.toSign();
    const signature = toSign !== undefined && key ? await signText(key.privateKey, toSign) : null;
    return { bytes: job.finish(signature), count, omitted, firstSeq, lastSeq, headHash, signed: signature !== null };
  } finally {
    job.free();
  }
}
