// @ts-check
// Paging and searching the journal, newest first, for the log page
// (journal.page): the loose entries, then the segments, skipping those
// whose summary rules them out (store-index.js).
import { promisify, unpack, edgeKey, walkRange } from "./store-idb.js";
import { fromSummary, mayMatch, unitsOf, indexSegments } from "./store-index.js";


// Newest first; `before` is the seq to start below (exclusive). Without a
// filter a page costs a read or two whatever the journal's size: the
// newest live entries in one range, then segments newest first. With a
// filter, the live entries are read at once (at most 2 x SEGMENT), then
// only the segments whose summary (segmentIndex) says they may hold a
// match; a segment without a summary of the current format is read
// anyway (counted in `unindexed` when read, and summarised afterwards).
// A segment is not read either when every kind that matches has its
// entries copied in the summary (`rare`). All in one transaction.
// `scanned` counts entries looked at, `segmentsRead` the segments read,
// `segmentsSkipped` those their summary ruled out, `segmentsFromSummary`
// those answered from their summary.
export async function journalPage(store, { before = null, limit = 50, site = null, type = null, from = null, to = null } = {}) {
  const filter = { site, type, from, to };
  const filtered = Boolean(site || type || from || to);
  const tx = store.db.transaction(["journal", "segments", "segmentIndex"]);
  const matches = (e) =>
    (!site || e.site === site) &&
    (!type || e.type === type || e.type.startsWith(type + ".")) &&
    (!from || e.time >= from) &&
    (!to || e.time <= to);
  const out = [];
  let scanned = 0;
  let segmentsRead = 0;
  let segmentsSkipped = 0;
  let unindexed = 0;
  let missing = false;
  let segmentsFromSummary = 0;
  const range = before ? IDBKeyRange.upperBound(before, true) : null;
  const walk = (storeName, visit) =>
    new Promise((resolve, reject) => {
      const req = tx.objectStore(storeName).openCursor(range, "prev");
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor || visit(cursor.value)) return resolve();
        cursor.continue();
      };
    });
  const take = (e) => {
    scanned++;
    if (matches(e)) out.push(e);
    return out.length >= limit;
  };
  const takeSegment = (segment) => {
    segmentsRead++;
    const entries = unpack(segment.bytes);
    for (let i = entries.length - 1; i >= 0; i--) {
      if (before && entries[i].seq >= before) continue;
      if (take(entries[i])) return true;
    }
    return false;
  };
  if (!filtered) {
    // The loose entries are one run of consecutive seqs, so the newest
    // `limit` below `before` are one key range: one read, not a cursor
    // step per entry. Any left (were there a hole in the run) are walked.
    const journal = tx.objectStore("journal");
    const newest = before ? null : await edgeKey(journal, "prev");
    const top = before ?? (newest === null ? null : newest + 1);
    if (top !== null) {
      const lowest = top - limit;
      const chunk = await promisify(journal.getAll(IDBKeyRange.bound(lowest, top, false, true)));
      for (let i = chunk.length - 1; i >= 0 && !take(chunk[i]); i--);
      if (out.length < limit) await walkRange(journal, IDBKeyRange.upperBound(lowest, true), take);
    }
    if (out.length < limit) await walk("segments", takeSegment);
  } else {
    // Asked together: the live entries, the summaries (small records)
    // and where the segments start and end (one key each).
    const journal = tx.objectStore("journal");
    const segments = tx.objectStore("segments");
    const [live, summaries, firstSegment, firstLive] = await Promise.all([
      promisify(journal.getAll(range)),
      promisify(tx.objectStore("segmentIndex").getAll(range)),
      edgeKey(segments, "next"),
      edgeKey(journal, "next"),
    ]);
    for (let i = live.length - 1; i >= 0 && !take(live[i]); i--);
    if (out.length < limit && firstSegment !== null) {
      let highest = firstLive === null ? Infinity : firstLive - 1;
      if (before) highest = Math.min(highest, before - 1);
      const units = unitsOf(summaries, firstSegment, highest).filter((u) => {
        if (u.gap || mayMatch(u.summary, filter)) return true;
        segmentsSkipped++;
        return false;
      });
      missing = units.some((u) => u.gap && Number.isFinite(u.gap[1]));
      // A segment whose matching kinds its summary holds whole is not
      // read; the next segment to read is asked for while this one is
      // parsed.
      for (const u of units) if (u.summary) u.entries = fromSummary(u.summary, filter);
      const needs = (i) => i < units.length && units[i].summary && !units[i].entries;
      const get = (i) => (needs(i) ? promisify(segments.get(units[i].summary.first)) : null);
      const takeEntries = (entries) => {
        for (let i = entries.length - 1; i >= 0; i--) {
          if (before && entries[i].seq >= before) continue;
          if (take(entries[i])) return true;
        }
        return false;
      };
      let pending = get(0);
      for (let i = 0; i < units.length; i++) {
        const unit = units[i];
        if (unit.gap) {
          let full = false;
          await walkRange(segments, IDBKeyRange.bound(unit.gap[0], unit.gap[1]), (segment) => {
            unindexed++;
            return (full = takeSegment(segment));
          });
          if (full) break;
          pending = get(i + 1);
          continue;
        }
        if (unit.entries) {
          segmentsFromSummary++;
          if (takeEntries(unit.entries)) break;
          if (!pending) pending = get(i + 1);
          continue;
        }
        const segment = await pending;
        pending = get(i + 1);
        if (segment && takeSegment(segment)) break;
      }
      if (pending) await pending.catch(() => {});
    }
    if (missing) indexSegments(store).catch((e) => console.error("Tracking Witness: summarising the journal's segments failed", e));
  }
  return { entries: out, next: out.length >= limit ? out[out.length - 1].seq : null, scanned, segmentsRead, segmentsSkipped, segmentsFromSummary, unindexed };
}
