// The case file: one .zip holding everything a reader needs to check the
// evidence (docs/evidence-format.md, section 11) — the signed JSON
// evidence, the printable report, every screenshot the journal names, the
// work-search diary's files, the receipts, a README and a signed manifest. The actions module's
// CaseFileJob writes the zip and the manifest; this file only gathers the
// parts, signs the manifest's text with the installation's key, and asks
// the core to journal the export.
import { api, actionsModule, persist, named } from "./boot.js";
import { signText } from "./signing.js";
import { signingKeyOf, receiptText } from "./signing-key.js";
import { environment, wholeExport } from "./evidence-export.js";
import { streamedExport, BlobSink } from "./export-stream.js";
import { diaryFilesForCaseFile } from "./diary.js";
import { timestampEntries, tokenBytes } from "./timestamp.js";

const encoder = new TextEncoder();
// The JSON evidence goes into the zip this many bytes at a time: wasm
// memory holds one such chunk, whatever the journal's size.
const CHUNK = 4 * 1024 * 1024;

// Every receipt.issued entry in the journal, oldest first.
async function receipts(store) {
  const out = [];
  let before = null;
  do {
    const page = await store.journalPage({ type: "receipt.issued", limit: 500, before });
    out.push(...page.entries);
    before = page.next;
  } while (before);
  return out.sort((a, b) => a.seq - b.seq);
}

// Every screenshot the journal's evidence.recorded entries name, by hash.
async function screenshots(store) {
  const shots = new Set();
  await store.journalChunks((chunk) => chunk.shots.forEach((s) => shots.add(s)));
  return store.screenshots([...shots]);
}

// The README for whoever receives the case file, in the user's language.
function readme({ fingerprint, headShort, generatedAt }) {
  const paragraphs = [
    api.i18n("casefileReadmeTitle"),
    api.i18n("casefileReadmeMade", [generatedAt, headShort]),
    fingerprint ? api.i18n("casefileReadmeSigned", [fingerprint]) : api.i18n("casefileReadmeUnsigned"),
    api.i18n("casefileReadmeFiles"),
    api.i18n("casefileReadmeCheck"),
    api.i18n("casefileReadmeByHand"),
  ];
  return paragraphs.join("\n\n") + "\n";
}

// {type: "evidence.export", format: "casefile", deliver?: "storage"} ->
// {format, mimeType, filename, text: null, stored, count, omitted, size,
//  fingerprint, manifestSha256}. Always of the whole log.
export async function exportCaseFile(ctx, msg) {
  const { witness, store } = ctx;
  if (msg.site || msg.from || msg.to || msg.forArchive) {
    throw named("InvalidInput", `a case file is of the whole log: no "site", "from", "to" or "forArchive"`);
  }
  if ((msg.deliver ?? "storage") !== "storage") {
    throw named("InvalidInput", `a case file is a zip, which a runtime message cannot carry: ask with deliver: "storage"`);
  }
  // The JSON inside is signed, and so is the manifest, with one key.
  const key = await signingKeyOf(ctx);
  const now = Date.now();
  const version = api.manifest().version;
  const head = {
    generatedAtMs: now,
    generator: { name: "Tracking Witness", version },
    environment: await environment(witness),
    sites: witness.summaries(null),
    filter: { site: null, from: null, to: null },
    signerPublicKey: key?.publicKeyB64 ?? null,
  };
  const module = await actionsModule();
  // Handlers run one at a time (the background's queue), so nothing is
  // journaled between the JSON and the report: they end at the same entry.
  const json = await streamedExport(module, store, "json", head, key);
  const html = await wholeExport(module, store, "html", head, null);
  const [shots, issued, stamps] = [await screenshots(store), await receipts(store), await timestampEntries(store)];
  const diary = await diaryFilesForCaseFile(module, store, now);
  const publicKey = json.signed ? key.publicKeyB64 : null;
  const fingerprint = publicKey ? key.fingerprint : null;

  const sink = new BlobSink("application/zip");
  const job = new module.CaseFileJob(now, "Tracking Witness", version);
  let manifestSha256;
  try {
    const generatedAt = new Date(now).toISOString();
    sink.add(job.add("README.txt", encoder.encode(readme({ fingerprint, headShort: module.shortHash(json.headHash), generatedAt }))));
    sink.add(job.start("evidence.json"));
    for (let at = 0; at < json.blob.size; at += CHUNK) {
      sink.add(job.write(new Uint8Array(await json.blob.slice(at, at + CHUNK).arrayBuffer())));
    }
    sink.add(job.add("report.html", html.bytes));
    // The core decodes each picture and checks it hashes to its name.
    for (const [sha, url] of Object.entries(shots)) sink.add(job.addScreenshot(sha, url));
    // The work-search diary, when it holds anything: the weekly summary and the CSV.
    for (const [name, bytes] of diary) sink.add(job.add(name, bytes));
    for (const e of issued) {
      const r = { seq: e.seq, hash: e.hash, time: e.time, fingerprint: e.data.fingerprint, shortHash: module.shortHash(e.hash), line: module.receiptLine(e.seq, e.hash) };
      sink.add(job.add(`receipts/receipt-${e.seq}.txt`, encoder.encode(receiptText(r))));
    }
    // timestamps/: each RFC 3161 token the journal holds, as the DER file
    // `openssl ts -verify -token_in` reads (docs/evidence-format.md, section 12).
    for (const e of stamps) sink.add(job.add(`timestamps/timestamp-${e.seq}.tst`, tokenBytes(e.data.token)));
    const signature = publicKey ? await signText(key.privateKey, job.toSign(json.headHash, publicKey)) : null;
    const end = job.finish(json.headHash, publicKey, signature);
    sink.add(end.bytes);
    manifestSha256 = end.manifestSha256;
  } finally {
    job.free();
  }
  const blob = sink.blob();
  const { count, omitted, firstSeq, lastSeq, headHash } = json;
  const data = { format: "casefile", count, omitted, from: null, to: null, firstSeq, lastSeq, headHash, manifestSha256 };
  await persist(store, witness.exportMade(null, data, now));
  const stored = await store.putExport(blob, now);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
  return {
    format: "casefile",
    mimeType: "application/zip",
    filename: `tracking-witness-case-file-${stamp}.zip`,
    count,
    omitted,
    size: blob.size,
    fingerprint,
    manifestSha256,
    text: null,
    stored,
  };
}
