// @ts-check
// The journal's segments: older entries packed a segment at a time, and
// the reads exports make of the whole journal, at once or a chunk at a time.
import { promisify, done, encoder, edgeKey } from "./store-idb.js";
import { segmentSummary, unitsOf, plannable } from "./store-index.js";

// Constant time: segments hold one contiguous run of seqs, oldest first,
// and the loose entries follow it, so the first keys of the two stores
// say how many are packed. (Listing the segments' keys would read every
// segment: Chromium walks the values too.)
export async function journalCount(store) {
  const tx = store.db.transaction(["journal", "segments"]);
  const journal = tx.objectStore("journal");
  const segments = tx.objectStore("segments");
  const [live, firstSegment, firstLive] = await Promise.all([promisify(journal.count()), edgeKey(segments, "next"), edgeKey(journal, "next")]);
  if (firstSegment === null) return live;
  if (firstLive !== null) return live + firstLive - firstSegment;
  const newest = await promisify(segments.get(await edgeKey(segments, "prev")));
  return newest.last - firstSegment + 1;
}

// Every entry in seq order, for exports (the core applies their filters):
// `{bytes, prevHash, shots}` with `bytes` the entries as UTF-8 JSON
// text separated by commas (no brackets), `prevHash` the first entry's,
// `shots` the screenshot hashes that evidence.recorded entries name.
export async function journalAll(store) {
  const tx = store.db.transaction(["journal", "segments"]);
  const [segments, live] = await Promise.all([
    promisify(tx.objectStore("segments").getAll()),
    promisify(tx.objectStore("journal").getAll()),
  ]);
  const liveBytes = encoder.encode(live.map((e) => JSON.stringify(e)).join(","));
  const parts = segments.map((g) => new Uint8Array(g.bytes));
  if (live.length) parts.push(liveBytes);
  const size = parts.reduce((n, p) => n + p.length, 0) + Math.max(0, parts.length - 1);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const [i, p] of parts.entries()) {
    if (i > 0) bytes[at++] = 0x2c; // ","
    bytes.set(p, at);
    at += p.length;
  }
  const shots = segments.flatMap((g) => g.shots);
  for (const e of live) if (e.type === "evidence.recorded") shots.push(e.data.screenshotSha256);
  const prevHash = segments.length ? segments[0].prevHash : live.length ? live[0].prevHash : null;
  return { bytes, prevHash, shots };
}

// Every entry in seq order, a chunk at a time, for streamed exports:
// `visit({bytes, prevHash, shots, first, last})` is called for each
// segment (its stored UTF-8 JSON text, entries separated by commas, no
// brackets; the first entry's prevHash; the screenshots its
// evidence.recorded entries name; its first and last seqs), then once
// for the loose newest entries as one more such chunk (no first/last).
// `visit` runs synchronously inside the read transaction and one segment
// is held at a time, so a journal of any size is never in memory whole.
// Segments are read a few at a time: one request per segment costs
// Chromium more than the bytes do.
export async function journalChunks(store, visit) {
  const tx = store.db.transaction(["journal", "segments"]);
  const segments = tx.objectStore("segments");
  const BATCH = 8;
  let after = null;
  for (;;) {
    const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
    const batch = await promisify(segments.getAll(range, BATCH));
    for (const g of batch) visit({ bytes: new Uint8Array(g.bytes), prevHash: g.prevHash, shots: g.shots, first: g.first, last: g.last });
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1].first;
  }
  const live = await promisify(tx.objectStore("journal").getAll());
  if (live.length) {
    visit({
      bytes: encoder.encode(live.map((e) => JSON.stringify(e)).join(",")),
      prevHash: live[0].prevHash,
      shots: live.filter((e) => e.type === "evidence.recorded").map((e) => e.data.screenshotSha256),
    });
  }
}

// What an export without a filter plans from (export-stream.js): like
// journalChunks, in seq order, but a segment whose search summary
// (segmentIndex) holds its first prevHash and screenshots is visited as
// `{summary: true, first, last, prevHash, shots}`, without its bytes. The
// last chunk always has its bytes (the file's head hash is its last
// entry's): the loose entries, or the newest segment when none are loose.
// Segments with no usable summary, or in a gap between summaries, are read
// as in journalChunks. Reading 1,000 summaries costs a fraction of reading
// 1,000 segments. A summary that does not match its segment is caught by
// the export's second pass, which reads every entry.
export async function journalPlanChunks(store, visit) {
  const tx = store.db.transaction(["journal", "segments", "segmentIndex"]);
  const segments = tx.objectStore("segments");
  const [summaries, lowest, highest, loose] = await Promise.all([
    promisify(tx.objectStore("segmentIndex").getAll()),
    edgeKey(segments, "next"),
    edgeKey(segments, "prev"),
    promisify(tx.objectStore("journal").count()),
  ]);
  const read = async (range) => {
    for (const g of await promisify(segments.getAll(range))) {
      visit({ bytes: new Uint8Array(g.bytes), prevHash: g.prevHash, shots: g.shots, first: g.first, last: g.last });
    }
  };
  if (lowest !== null) {
    // Units come newest first; a gap or an unusable summary is read.
    const units = unitsOf(summaries, lowest, Infinity).reverse();
    for (const [i, u] of units.entries()) {
      const s = u.summary;
      const newest = i === units.length - 1;
      if (s && s.first >= lowest && s.first <= highest && plannable(s) && !(newest && loose === 0)) {
        visit({ summary: true, first: s.first, last: s.last, prevHash: s.prevHash, shots: s.shots });
      } else {
        const [lo, hi] = s ? [s.first, s.last] : u.gap;
        if (lo <= highest && hi >= lowest) await read(IDBKeyRange.bound(lo, Math.min(hi, highest)));
      }
    }
  }
  const live = loose ? await promisify(tx.objectStore("journal").getAll()) : [];
  if (live.length) {
    visit({
      bytes: encoder.encode(live.map((e) => JSON.stringify(e)).join(",")),
      prevHash: live[0].prevHash,
      shots: live.filter((e) => e.type === "evidence.recorded").map((e) => e.data.screenshotSha256),
    });
  }
}

// Packs the oldest live entries into segments while more than two
// segments' worth are live. Each segment is one transaction: it reads
// segmentSize entries, writes them as one record and deletes them, so a
// stop between two leaves the journal whole. Returns entries packed.
export async function compact(store) {
  let packed = 0;
  for (;;) {
    const tx = store.db.transaction(["journal", "segments", "segmentIndex"], "readwrite");
    const journal = tx.objectStore("journal");
    // Decided inside the transaction, so an archive that cleared the
    // journal meanwhile simply ends the packing.
    const keys = await promisify(journal.getAllKeys(null, 2 * store.segmentSize));
    if (keys.length < 2 * store.segmentSize) {
      await done(tx);
      return packed;
    }
    const first = keys[0];
    const last = keys[store.segmentSize - 1];
    const entries = await promisify(journal.getAll(IDBKeyRange.bound(first, last)));
    tx.objectStore("segments").add({
      first,
      last,
      prevHash: entries[0].prevHash,
      shots: entries.filter((e) => e.type === "evidence.recorded").map((e) => e.data.screenshotSha256),
      bytes: encoder.encode(entries.map((e) => JSON.stringify(e)).join(",")).buffer,
    });
    // Its summary for searches, in the same transaction.
    tx.objectStore("segmentIndex").put(segmentSummary(first, last, entries));
    journal.delete(IDBKeyRange.bound(first, last));
    await done(tx);
    packed += entries.length;
  }
}
