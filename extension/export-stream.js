// JSON and CSV exports made a chunk of the journal at a time, so that a
// journal of any size is never one buffer (docs/architecture.md, "Exports
// are streamed").
import { signText } from "./signing.js";

// The MIME type of each export format (the reply's `mimeType`).
export const FORMATS = { json: "application/json", csv: "text/csv;charset=utf-8", html: "text/html;charset=utf-8", har: "application/json" };

// Output chunks gathered into Blobs a few megabytes at a time, so the file
// is never one buffer: the browser keeps a Blob's bytes out of the
// worker's memory (and on disk when they are many).
export class BlobSink {
  constructor(type) {
    this.type = type;
    this.blobs = [];
    this.pending = [];
    this.pendingBytes = 0;
  }
  add(bytes) {
    if (!bytes.length) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= 4 * 1024 * 1024) this.flush();
  }
  flush() {
    if (this.pending.length) this.blobs.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
  blob() {
    this.flush();
    return new Blob(this.blobs, { type: this.type });
  }
}

// A JSON or CSV file made a chunk at a time, in two passes over the stored
// journal (docs/architecture.md, "Exports are streamed"): the core first
// plans the span its header describes, then writes the file chunk by
// chunk; it refuses to finish if the journal changed in between. JSON files
// are signed once the header is known. Without a filter, every segment but
// the last is planned from the summary stored beside it; should the file
// then not match the plan (a journal damaged in storage), it is made again
// reading every entry in both passes.
export async function streamedExport(module, store, format, head, key) {
  const unfiltered = head.filter.site === null && head.filter.from === null && head.filter.to === null;
  if (!unfiltered) return streamedPasses(module, store, format, head, key, false);
  try {
    return await streamedPasses(module, store, format, head, key, true);
  } catch (e) {
    console.error("Tracking Witness: the export did not match its plan from the segments' summaries; reading every entry", e);
    return streamedPasses(module, store, format, head, key, false);
  }
}

async function streamedPasses(module, store, format, head, key, summaries) {
  const encoder = new TextEncoder();
  let job = null;
  const shots = [];
  try {
    const t0 = performance.now();
    const open = (prevHash) => new module.ExportStreamJob(format, encoder.encode(JSON.stringify({ ...head, prevHash })));
    // With summaries, a segment is planned from its search summary when it
    // has a usable one (store-segments.js, journalPlanChunks: the last
    // chunk is always read, as its last entry's hash is the file's head).
    const planChunk = (chunk) => {
      job ??= open(chunk.prevHash);
      if (chunk.summary) job.planSummary(chunk.first, chunk.last, chunk.prevHash, chunk.shots);
      else job.plan(chunk.bytes);
      shots.push(...chunk.shots);
    };
    await (summaries ? store.journalPlanChunks(planChunk) : store.journalChunks(planChunk));
    job ??= open("0".repeat(64));
    const t1 = performance.now();
    const sink = new BlobSink(FORMATS[format]);
    sink.add(job.begin(encoder.encode(JSON.stringify(await store.screenshots(shots)))));
    const toSign = job.toSign();
    const signature = toSign !== undefined && key ? await signText(key.privateKey, toSign) : null;
    const t2 = performance.now();
    // The write pass's time, split: formatting in wasm, gathering Blobs,
    // and the rest (reading the segments from IndexedDB).
    let formatMs = 0;
    let sinkMs = 0;
    await store.journalChunks((chunk) => {
      const a = performance.now();
      const out = job.push(chunk.bytes);
      const b = performance.now();
      sink.add(out);
      formatMs += b - a;
      sinkMs += performance.now() - b;
    });
    sink.add(job.finish(signature));
    const blob = sink.blob();
    const t3 = performance.now();
    const { count, omitted, firstSeq, lastSeq, headHash } = job;
    const phasesMs = {
      plan: Math.round(t1 - t0),
      header: Math.round(t2 - t1),
      write: Math.round(t3 - t2),
      writeFormat: Math.round(formatMs),
      writeBlobs: Math.round(sinkMs),
    };
    return { blob, count, omitted, firstSeq, lastSeq, headHash, signed: signature !== null, wasmBytes: module.memoryBytes(), phasesMs };
  } finally {
    job?.free();
  }
}
