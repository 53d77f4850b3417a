// A large journal with a valid chain, written straight into the
// extension's IndexedDB as the store packs it (segments of 1,000 entries,
// each with its search summary),
// for the streamed-export test and `make bench`. The entries are made here
// in Node, hashed as docs/evidence-format.md says (RFC 8785 + SHA-256, the
// independent code in chain.mjs), and continue the chain the extension
// already holds: its loose entries move into the first segment, the
// synthetic ones follow, and meta "head" names the new last entry. The
// background must then start again (Chromium: stopBackground; Firefox: the
// idle timeout) to read that head.
import { createHash } from "node:crypto";
import { canonical } from "./chain.mjs";

const SITE = "uk-find-a-job";

// Moves the loose entries into a segment and returns the last entry.
async function packLoose(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("tracking-witness");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const req = (r) => new Promise((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const { segmentSummary } = await import(`${location.origin}/store-index.js`);
    const tx = db.transaction(["journal", "segments", "segmentIndex"], "readwrite");
    const journal = tx.objectStore("journal");
    const segments = tx.objectStore("segments");
    const live = await req(journal.getAll());
    let last;
    if (live.length) {
      tx.objectStore("segmentIndex").put(segmentSummary(live[0].seq, live[live.length - 1].seq, live));
      segments.add({
        first: live[0].seq,
        last: live[live.length - 1].seq,
        prevHash: live[0].prevHash,
        shots: live.filter((e) => e.type === "evidence.recorded").map((e) => e.data.screenshotSha256),
        bytes: new TextEncoder().encode(live.map((e) => JSON.stringify(e)).join(",")).buffer,
      });
      journal.clear();
      last = live[live.length - 1];
    } else {
      const cursor = await req(segments.openCursor(null, "prev"));
      const entries = JSON.parse(`[${new TextDecoder().decode(cursor.value.bytes)}]`);
      last = entries[entries.length - 1];
    }
    await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onabort = () => reject(tx.error))));
    db.close();
    return last;
  });
}

// Writes `n` entries after the current journal; returns {first, last, head}:
// the first synthetic seq, the last seq and its hash.
export async function writeBigJournal(page, n, { perSegment = 1000, segmentsPerCall = 25 } = {}) {
  const last = await packLoose(page);
  let prevHash = last.hash;
  let seq = last.seq;
  const t0 = Date.parse(last.time);
  const first = seq + 1;
  while (seq < last.seq + n) {
    const segments = [];
    for (let s = 0; s < segmentsPerCall && seq < last.seq + n; s++) {
      const texts = [];
      const segFirst = seq + 1;
      const segPrev = prevHash;
      for (let i = 0; i < perSegment && seq < last.seq + n; i++) {
        seq++;
        // A beacon to an analytics host, as a busy day of job searching
        // records them; members in canonical order, as the core stores them.
        const e = {
          seq,
          time: new Date(t0 + (seq - last.seq)).toISOString(),
          type: "request.seen",
          site: SITE,
          data: { category: "analytics", count: (seq % 7) + 1, host: "www.google-analytics.com", path: "/g/collect", requestType: "beacon", vendor: "google-analytics" },
          prevHash,
        };
        e.hash = createHash("sha256").update(canonical(e), "utf8").digest("hex");
        prevHash = e.hash;
        texts.push(JSON.stringify(e));
      }
      segments.push({ first: segFirst, last: seq, prevHash: segPrev, text: texts.join(",") });
    }
    await page.evaluate(async (batch) => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open("tracking-witness");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      // Each segment with its search summary, as the store packs them.
      const { segmentSummary } = await import(`${location.origin}/store-index.js`);
      const tx = db.transaction(["segments", "segmentIndex"], "readwrite");
      const store = tx.objectStore("segments");
      const encoder = new TextEncoder();
      for (const g of batch) {
        store.add({ first: g.first, last: g.last, prevHash: g.prevHash, shots: [], bytes: encoder.encode(g.text).buffer });
        tx.objectStore("segmentIndex").put(segmentSummary(g.first, g.last, JSON.parse(`[${g.text}]`)));
      }
      await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onabort = () => reject(tx.error))));
      db.close();
    }, segments);
  }
  await page.evaluate(async (head) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("tracking-witness");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction("meta", "readwrite");
    tx.objectStore("meta").put(JSON.stringify(head), "head");
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, { seq, hash: prevHash });
  return { first, last: seq, head: prevHash };
}
