// A large synthetic journal written straight into the extension's
// IndexedDB, for the log-page test and `make bench`. The entries are not a
// real hash chain (nothing here verifies one); they have the shape and the
// mix of the real ones, spread over a year, with a few kinds that are rare
// or only found in the oldest part, so that searches have something to
// find far back.
//
//   synthEntry(seq)        the entry with that seq, the same in Node and in
//                          the page (a pure function, sent as source text)
//   await writeJournal(page, {count, loose})
//                          appends `count` entries after what the journal
//                          holds; all but the newest `loose` are packed in
//                          segments of 1,000 as the store packs them, with
//                          no search summaries (as a journal packed before
//                          the index existed). Returns {existing, head,
//                          segments}: the entries the journal held before,
//                          the new head's seq, how many segments it wrote.
//   expectedPage(all, filter, before, limit)
//                          what journal.page must answer, computed here
//                          without the extension's code

// Everything it uses is inside it: it is sent to the page as text.
export function synthEntry(seq) {
  const T0 = Date.UTC(2025, 0, 1);
  const h = Math.imul(seq, 2654435761) >>> 0;
  const time = new Date(T0 + seq * 31000 + (h % 1000)).toISOString();
  const hex = (n) => (n >>> 0).toString(16).padStart(8, "0");
  const hash = (n) => hex(n).repeat(8);
  let type;
  let site;
  let data;
  if (seq % 4999 === 7) {
    // Rare, spread over the whole journal.
    type = "storage.set";
    site = "uk-universal-credit";
    data = { area: "localStorage", key: `tw-key-${seq}`, size: 12 + (h % 50) };
  } else if (seq < 20000 && seq % 1000 === 500) {
    // Only in the oldest part.
    type = "consent.changed";
    site = "uk-find-a-job";
    data = { cookie: "cookie_policy", state: h % 2 ? "accepted" : "refused" };
  } else if (h % 97 === 0) {
    type = "settings.changed";
    site = null;
    data = { setting: "keepRawValues", value: false };
  } else if (h % 5 === 0) {
    type = "request.seen";
    site = "uk-universal-credit";
    data = { host: "www.google-analytics.com", vendor: "google-analytics", category: "analytics", requestType: "beacon", count: 1 + (h % 9) };
  } else {
    type = h % 2 ? "cookie.changed" : "cookie.set";
    site = h % 3 ? "uk-find-a-job" : "uk-universal-credit";
    data = {
      name: `_ga_${h % 40}`, domain: ".dwp.gov.uk", path: "/", secure: true, httpOnly: false, sameSite: "lax", partitionKey: null,
      retentionSeconds: 63072000, value: { length: 27, hmac: hash(h) }, vendor: "google-analytics", category: "analytics", party: "first",
    };
  }
  return { seq, time, type, site, data, prevHash: hash(seq - 1), hash: hash(seq) };
}

// Runs in the extension page; `gen` is synthEntry.
async function inPage({ count, loose, segment }, gen) {
  const req = (r) => new Promise((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
  const done = (tx) => new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onabort = () => reject(tx.error))));
  const db = await req(indexedDB.open("tracking-witness"));
  const tx0 = db.transaction(["journal", "segments"]);
  const [existing, segKeys] = await Promise.all([req(tx0.objectStore("journal").getAll()), req(tx0.objectStore("segments").getAllKeys())]);
  if (segKeys.length) throw new Error("the fixture expects a journal with no segments yet");
  const start = existing.length ? existing[existing.length - 1].seq + 1 : 1;
  const head = start + count - 1;
  const entryAt = (seq) => (seq < start ? existing[seq - existing[0].seq] : gen(seq));
  const firstSeq = existing.length ? existing[0].seq : start;
  const packedEnd = head - loose; // last packed seq
  const encoder = new TextEncoder();
  let segments = 0;
  // Segments of `segment` entries, 50 to a transaction; the entries that
  // were loose before move into the first one.
  for (let first = firstSeq; first <= packedEnd; ) {
    const tx = db.transaction(["journal", "segments"], "readwrite");
    for (let n = 0; n < 50 && first <= packedEnd; n++) {
      const last = Math.min(first + segment - 1, packedEnd);
      const entries = [];
      for (let s = first; s <= last; s++) entries.push(entryAt(s));
      tx.objectStore("segments").add({
        first, last, prevHash: entries[0].prevHash, shots: [],
        bytes: encoder.encode(entries.map((e) => JSON.stringify(e)).join(",")).buffer,
      });
      tx.objectStore("journal").delete(IDBKeyRange.bound(first, last));
      first = last + 1;
      segments++;
    }
    await done(tx);
  }
  const tx = db.transaction(["journal", "meta"], "readwrite");
  for (let s = Math.max(packedEnd + 1, start); s <= head; s++) tx.objectStore("journal").put(gen(s));
  // The extension appends after the head it keeps in "meta".
  tx.objectStore("meta").put(JSON.stringify({ seq: head, hash: gen(head).hash }), "head");
  await done(tx);
  db.close();
  return { existing, head, segments };
}

export async function writeJournal(page, { count, loose = 1500, segment = 1000 }) {
  return page.evaluate(`(${inPage.toString()})(${JSON.stringify({ count, loose, segment })}, ${synthEntry.toString()})`);
}

// Every entry of the journal writeJournal made, oldest first.
export function allEntries(existing, head) {
  const out = [...existing];
  for (let s = (existing.at(-1)?.seq ?? 0) + 1; s <= head; s++) out.push(synthEntry(s));
  return out;
}

// The page journal.page answers, from the generated entries alone.
export function expectedPage(all, { site = null, type = null, from = null, to = null } = {}, before = null, limit = 100) {
  const out = [];
  for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
    const e = all[i];
    if (before !== null && e.seq >= before) continue;
    if (site && e.site !== site) continue;
    if (type && !(e.type === type || e.type.startsWith(`${type}.`))) continue;
    if (from && !(e.time >= from)) continue;
    if (to && !(e.time <= to)) continue;
    out.push(e);
  }
  return out;
}
