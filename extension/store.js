// Durable storage for the background, in IndexedDB (no browser-extension
// API needed, so this file stays out of the shim). One database:
//   meta        key -> value: config JSON, journal head, install secret
//   records     "<site id>\u001f<record key>" -> one saved piece of a site's
//               live picture (JSON string); each event writes only the
//               pieces it touched
//   journal     seq -> entry object (hash-chained, see docs/evidence-format.md):
//               the newest entries, one record each
//   segments    first seq -> {first, last, prevHash, shots, bytes}: older
//               entries packed SEGMENT at a time as UTF-8 JSON text
//               ("{...},{...}"), oldest first; `shots` lists the screenshots
//               their evidence.recorded entries name
//   segmentIndex first seq -> what one segment holds, for searches: its
//               seq and time range, the days and the (site, type) pairs
//               of its entries, and the entries of its rarest kinds (see
//               segmentSummary); written with the segment, or later for
//               segments packed before there was an index (indexSegments)
//   screenshots sha256 -> PNG data URL recorded as evidence
//   answers     host -> {version, site, summary, origins}: what the core
//               last answered about a host, valid while meta "version"
//               (bumped by every commit) is the same; lets a waking worker
//               answer the popup before its wasm is ready
// Why segments: Chromium's IndexedDB spends about 12 µs per record read, so
// a 100k-entry export spent more than a second before formatting began;
// 100 segments read in a fraction of that. Entries move into a segment in
// one transaction, so a reader always sees each entry exactly once.
// Every change a single event causes is written in ONE transaction, and
// the event counts as handled only when that transaction completes.

const DB_NAME = "tracking-witness";
const DB_VERSION = 5;
// Entries per segment; the live store keeps between SEGMENT and 2 x SEGMENT.
const SEGMENT = 1000;
// The layout of a segmentIndex record. A record with another number (or
// none) is not trusted: the search reads that segment instead, and the
// record is written again.
export const INDEX_FORMAT = 1;
// A kind with at most this many entries in a segment is copied into its
// summary, up to this many bytes of JSON per summary.
const RARE_ENTRIES = 4;
const RARE_BYTES = 8192;
const PENDING_EXPORT = "pendingExport:";
const SEP = "\u001f";

function promisify(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Test builds: the transaction really aborts, so nothing it queued is
// written; the error is named as the fault asks, as a browser names a full
// disk QuotaExceededError.
async function failAs(tx, fault, pending) {
  tx.abort();
  await pending.catch(() => {});
  throw new DOMException("refused by a test build's fault", fault.name);
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
    // The transaction's own error is still null when a request's error
    // event reaches it; the request that failed carries the reason.
    tx.onerror = (event) => reject(event.target?.error || tx.error || new Error("the extension's storage refused a write"));
  });
}

// How long an open may wait for other connections to close before it is
// reported as failed (and tried again by the caller).
const BLOCKED_MS = 10000;

// `segmentSize` is for tests; the extension uses the default. `onClose` is
// called when the connection is closed for a newer version of the database
// (an update of the extension): the caller must open it again.
export async function openStore({ segmentSize = SEGMENT, onClose = null } = {}) {
  const open = indexedDB.open(DB_NAME, DB_VERSION);
  // Another page still holds the database at an older version. It closes
  // on our versionchange (below); if it does not, fail rather than hang.
  let blockedTimer = null;
  const blocked = new Promise((resolve, reject) => {
    open.onblocked = () => {
      blockedTimer = setTimeout(() => {
        const e = new Error("another page of the extension keeps the storage open; close the extension's tabs");
        e.name = "StoreBlocked";
        reject(e);
      }, BLOCKED_MS);
    };
  });
  open.onupgradeneeded = (event) => {
    const db = open.result;
    if (event.oldVersion < 1) {
      db.createObjectStore("meta");
      const journal = db.createObjectStore("journal", { keyPath: "seq" });
      journal.createIndex("site", "site");
      journal.createIndex("type", "type");
      db.createObjectStore("screenshots");
    }
    // Version 1 kept each site's picture as one blob, rewritten on every
    // event; the pictures are rebuilt from the cookie jar on wake.
    if (event.oldVersion < 2) {
      if (db.objectStoreNames.contains("sites")) db.deleteObjectStore("sites");
      db.createObjectStore("records");
    }
    // Version 3 packs older journal entries into segments (existing
    // journals are packed a segment at a time by compact()).
    if (event.oldVersion < 3) db.createObjectStore("segments", { keyPath: "first" });
    // Version 4 keeps the last answers about hosts (see answerFor).
    if (event.oldVersion < 4) db.createObjectStore("answers");
    // Version 5 keeps a summary of each segment for searches. Segments
    // already packed get theirs after start-up (indexSegments); until then
    // a search reads them.
    if (event.oldVersion < 5) db.createObjectStore("segmentIndex", { keyPath: "first" });
  };
  const opened = promisify(open);
  let db;
  try {
    db = await Promise.race([opened, blocked]);
  } catch (e) {
    // Opened after all, too late: let it go.
    opened.then((late) => late.close(), () => {});
    throw e;
  } finally {
    clearTimeout(blockedTimer);
  }
  const store = new Store(db, segmentSize);
  db.onversionchange = () => {
    db.close();
    store.closed = true;
    onClose?.();
  };
  return store;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function unpack(bytes) {
  return JSON.parse(`[${decoder.decode(bytes)}]`);
}

// What a search needs to know about a segment to skip it: every (site,
// type) pair its entries have, as "site\u001ftype" (site "" for entries
// without one), the days their times fall on ("YYYY-MM-DD", the first ten
// characters of the time) and the earliest and latest times. A search can
// then tell "no entry here can match" without reading the entries.
export function segmentSummary(first, last, entries) {
  const byKind = new Map();
  const days = new Set();
  let minTime = null;
  let maxTime = null;
  for (const e of entries) {
    const kind = `${e.site ?? ""}${SEP}${e.type}`;
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind).push(e);
    if (typeof e.time !== "string") continue;
    days.add(e.time.slice(0, 10));
    if (minTime === null || e.time < minTime) minTime = e.time;
    if (maxTime === null || e.time > maxTime) maxTime = e.time;
  }
  // The entries of the rarest kinds are copied in whole (as JSON text, the
  // segment's own form), so that a search for them needs no segment at all:
  // the kinds people look for (a cleanup, an export, a consent change) are
  // few among the many cookie entries.
  const rare = {};
  let room = RARE_BYTES;
  for (const [kind, list] of [...byKind].sort((a, b) => a[1].length - b[1].length)) {
    if (list.length > RARE_ENTRIES) break;
    const text = list.map((e) => JSON.stringify(e)).join(",");
    if (text.length > room) break;
    rare[kind] = text;
    room -= text.length;
  }
  return { first, last, format: INDEX_FORMAT, count: entries.length, minTime, maxTime, kinds: [...byKind.keys()].sort(), days: [...days].sort(), rare };
}

const kindMatches = (k, site, type) => {
  const at = k.indexOf(SEP);
  const kSite = k.slice(0, at);
  const kType = k.slice(at + 1);
  return (!site || kSite === site) && (!type || kType === type || kType.startsWith(type + "."));
};

// The entries of `s` that may match, when every kind that matches is one
// whose entries the summary holds whole (else null: read the segment).
function fromSummary(s, { site, type }) {
  if (!site && !type) return null;
  const texts = [];
  for (const k of s.kinds) {
    if (!kindMatches(k, site, type)) continue;
    if (!s.rare || !Object.hasOwn(s.rare, k) || typeof s.rare[k] !== "string") return null;
    texts.push(s.rare[k]);
  }
  try {
    return JSON.parse(`[${texts.join(",")}]`).sort((a, b) => a.seq - b.seq);
  } catch {
    // Unreadable: the segment itself is read instead.
    return null;
  }
}

// Whether a segment with summary `s` may hold an entry that `keep` (in
// journalPage) accepts. Never false for a segment that holds one: an entry
// whose site and type match has its pair in `kinds`; a time t with
// from <= t <= to lies within [minTime, maxTime], and its first ten
// characters lie between those of `from` and `to` (comparing strings by
// their first ten characters keeps their order).
function mayMatch(s, { site, type, from, to }) {
  if (site || type) {
    if (!s.kinds.some((k) => kindMatches(k, site, type))) return false;
  }
  if (from || to) {
    if (s.minTime === null) return false;
    if (from && s.maxTime < from) return false;
    if (to && s.minTime > to) return false;
    const lo = from ? from.slice(0, 10) : "";
    const hi = to ? to.slice(0, 10) : "\uffff";
    if (!s.days.some((d) => d >= lo && d <= hi)) return false;
  }
  return true;
}

// The lowest ("next") or highest ("prev") key of an object store, or null.
function edgeKey(store, direction) {
  return new Promise((resolve, reject) => {
    const req = store.openKeyCursor(null, direction);
    req.onsuccess = () => resolve(req.result ? req.result.primaryKey : null);
    req.onerror = () => reject(req.error);
  });
}

// Visits a store's values in `range`, newest first, until `visit` says
// stop (returns true).
function walkRange(store, range, visit) {
  return new Promise((resolve, reject) => {
    const req = store.openCursor(range, "prev");
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor || visit(cursor.value)) return resolve();
      cursor.continue();
    };
  });
}

const trusted = (s) => s?.format === INDEX_FORMAT && Array.isArray(s.kinds) && Array.isArray(s.days) && Number.isInteger(s.first) && Number.isInteger(s.last);

// The runs of seqs from `lowest` to `highest` that no trusted summary
// covers, newest first, interleaved with the summaries themselves: each
// unit is {summary} or {gap: [first, last]}. A gap holds segments packed
// before the index existed, or whose summary is lost or of another format.
function unitsOf(summaries, lowest, highest) {
  const units = [];
  let hi = highest;
  const usable = summaries.filter(trusted);
  for (let i = usable.length - 1; i >= 0; i--) {
    const s = usable[i];
    if (s.last < hi) units.push({ gap: [s.last + 1, hi] });
    units.push({ summary: s });
    hi = s.first - 1;
  }
  if (lowest !== null && lowest <= hi) units.push({ gap: [lowest, hi] });
  return units;
}

class Store {
  constructor(db, segmentSize) {
    this.db = db;
    this.segmentSize = segmentSize;
    this.closed = false;
    // Test builds only (see extension/faults.js): an async function that
    // may return {name} to make the next commit fail as the browser would.
    this.fault = null;
  }

  close() {
    this.db.close();
  }

  async getMeta(keys) {
    const tx = this.db.transaction("meta");
    const store = tx.objectStore("meta");
    const values = await Promise.all(keys.map((k) => promisify(store.get(k))));
    return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
  }

  async allRecords() {
    const tx = this.db.transaction("records");
    const store = tx.objectStore("records");
    const [keys, values] = await Promise.all([promisify(store.getAllKeys()), promisify(store.getAll())]);
    return keys.map((k, i) => [k, values[i]]);
  }

  // commit = { entries: [entry], records: [[key, json|null]], dropSites: [id],
  //            meta: {key: value}, screenshots: {sha: dataUrl} }
  async commit({ entries = [], records = [], dropSites = [], meta = {}, screenshots = {} }) {
    const fault = this.fault ? await this.fault("store") : null;
    const tx = this.db.transaction(["meta", "records", "journal", "screenshots", "answers"], "readwrite");
    // A new configuration drops every kept answer (a removed site's hosts
    // are not kept on).
    if ("config" in meta) tx.objectStore("answers").clear();
    // Every commit may change what the core would answer: a new version
    // makes every kept answer stale. Read and written in this transaction,
    // so two instances of the background can never reuse a number.
    const metaStore = tx.objectStore("meta");
    const version = promisify(metaStore.get("version")).then((v) => metaStore.put((v ?? 0) + 1, "version"));
    const journal = tx.objectStore("journal");
    for (const e of entries) journal.add(e);
    const recordStore = tx.objectStore("records");
    for (const [key, json] of records) {
      if (json === null || json === undefined) recordStore.delete(key);
      else recordStore.put(json, key);
    }
    for (const id of dropSites) recordStore.delete(IDBKeyRange.bound(id + SEP, id + SEP + "\uffff"));
    for (const [k, v] of Object.entries(meta)) metaStore.put(v, k);
    const shots = tx.objectStore("screenshots");
    for (const [sha, url] of Object.entries(screenshots)) shots.put(url, sha);
    if (fault) await failAs(tx, fault, Promise.all([version, done(tx)]));
    await Promise.all([version, done(tx)]);
    // Now and then, pack older entries into segments. Not awaited: the
    // event is handled once its own transaction is done, and packing is
    // one transaction per segment, safe to stop at any point.
    this.sinceCompact = (this.sinceCompact || 0) + entries.length;
    if (this.sinceCompact >= this.segmentSize / 4) {
      this.sinceCompact = 0;
      this.compact().catch((e) => console.error("Tracking Witness: packing the journal failed", e));
    }
  }

  // Constant time: segments hold one contiguous run of seqs, oldest first,
  // and the loose entries follow it, so the first keys of the two stores
  // say how many are packed. (Listing the segments' keys would read every
  // segment: Chromium walks the values too.)
  async journalCount() {
    const tx = this.db.transaction(["journal", "segments"]);
    const journal = tx.objectStore("journal");
    const segments = tx.objectStore("segments");
    const [live, firstSegment, firstLive] = await Promise.all([promisify(journal.count()), edgeKey(segments, "next"), edgeKey(journal, "next")]);
    if (firstSegment === null) return live;
    if (firstLive !== null) return live + firstLive - firstSegment;
    const newest = await promisify(segments.get(await edgeKey(segments, "prev")));
    return newest.last - firstSegment + 1;
  }

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
  async journalPage({ before = null, limit = 50, site = null, type = null, from = null, to = null } = {}) {
    const filter = { site, type, from, to };
    const filtered = Boolean(site || type || from || to);
    const tx = this.db.transaction(["journal", "segments", "segmentIndex"]);
    const keep = (e) =>
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
      if (keep(e)) out.push(e);
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
      if (missing) this.indexSegments().catch((e) => console.error("Tracking Witness: summarising the journal's segments failed", e));
    }
    return { entries: out, next: out.length >= limit ? out[out.length - 1].seq : null, scanned, segmentsRead, segmentsSkipped, segmentsFromSummary, unindexed };
  }

  // Writes the summary of every segment that has none of the current
  // format (segments packed before the index existed, or whose record was
  // lost), newest first. One transaction per segment, reading it and
  // writing its summary together, so an archive in between cannot leave a
  // summary without its segment. Returns how many it wrote; one run at a
  // time. With `quick` (each start-up), it first compares the oldest and
  // newest keys of the two stores (four keys) and stops there when they
  // agree: a journal from before the index, or a run stopped half-way
  // (the oldest are done last), differs at the oldest end; a summary lost
  // in the middle is found by the next search that meets its gap.
  indexSegments({ quick = false } = {}) {
    this.indexing ??= (async () => {
      let written = 0;
      try {
        if (quick) {
          const tx = this.db.transaction(["segments", "segmentIndex"]);
          const [a, b, c, d] = await Promise.all(
            ["segments", "segmentIndex"].flatMap((name) => ["next", "prev"].map((dir) => edgeKey(tx.objectStore(name), dir))),
          );
          if (a === c && b === d) return 0;
        }
        // Only the gaps between trusted summaries are looked into.
        const tx = this.db.transaction(["segments", "segmentIndex"]);
        const segments = tx.objectStore("segments");
        const [summaries, firstSegment] = await Promise.all([promisify(tx.objectStore("segmentIndex").getAll()), edgeKey(segments, "next")]);
        const gaps = unitsOf(summaries, firstSegment, Infinity).filter((u) => u.gap);
        // Gaps come newest first; so do the keys within each.
        const firsts = (await Promise.all(gaps.map((u) => promisify(segments.getAllKeys(IDBKeyRange.bound(...u.gap)))))).flatMap((keys) => keys.reverse());
        for (const first of firsts) {
          if (this.closed) break;
          const wtx = this.db.transaction(["segments", "segmentIndex"], "readwrite");
          const segment = await promisify(wtx.objectStore("segments").get(first));
          if (segment) {
            wtx.objectStore("segmentIndex").put(segmentSummary(segment.first, segment.last, unpack(segment.bytes)));
            written++;
          }
          await done(wtx);
        }
        return written;
      } finally {
        this.indexing = null;
      }
    })();
    return this.indexing;
  }

  // Every entry in seq order, for exports (the core applies their filters):
  // `{bytes, prevHash, shots}` with `bytes` the entries as UTF-8 JSON
  // text separated by commas (no brackets), `prevHash` the first entry's,
  // `shots` the screenshot hashes that evidence.recorded entries name.
  async journalAll() {
    const tx = this.db.transaction(["journal", "segments"]);
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
  async journalChunks(visit) {
    const tx = this.db.transaction(["journal", "segments"]);
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

  // Packs the oldest live entries into segments while more than two
  // segments' worth are live. Each segment is one transaction: it reads
  // segmentSize entries, writes them as one record and deletes them, so a
  // stop between two leaves the journal whole. Returns entries packed.
  async compact() {
    let packed = 0;
    for (;;) {
      const tx = this.db.transaction(["journal", "segments", "segmentIndex"], "readwrite");
      const journal = tx.objectStore("journal");
      // Decided inside the transaction, so an archive that cleared the
      // journal meanwhile simply ends the packing.
      const keys = await promisify(journal.getAllKeys(null, 2 * this.segmentSize));
      if (keys.length < 2 * this.segmentSize) {
        await done(tx);
        return packed;
      }
      const first = keys[0];
      const last = keys[this.segmentSize - 1];
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

  async screenshots(shas) {
    const store = this.db.transaction("screenshots").objectStore("screenshots");
    const urls = await Promise.all(shas.map((s) => promisify(store.get(s))));
    return Object.fromEntries(shas.map((s, i) => [s, urls[i]]).filter(([, u]) => u));
  }

  // Keeps what the core answered about `host`, tagged with the version of
  // the stored state it was computed from. Call it only when no commit is
  // in flight, so that the core's state is exactly the stored one.
  async keepAnswer(host, answer) {
    const tx = this.db.transaction(["meta", "answers"], "readwrite");
    const answers = tx.objectStore("answers");
    const [version, kept] = await Promise.all([promisify(tx.objectStore("meta").get("version")), promisify(answers.get(host))]);
    if (kept?.version !== (version ?? 0)) answers.put({ version: version ?? 0, ...answer }, host);
    await done(tx);
  }

  // The keys of every kept answer, valid or not (hosts, and message:<type>).
  async answerKeys() {
    return promisify(this.db.transaction("answers").objectStore("answers").getAllKeys());
  }

  // The kept answer about `host` if nothing was committed since it was
  // computed, else null.
  async answerFor(host) {
    const tx = this.db.transaction(["meta", "answers"]);
    const [version, answer] = await Promise.all([promisify(tx.objectStore("meta").get("version")), promisify(tx.objectStore("answers").get(host))]);
    return answer && answer.version === (version ?? 0) ? answer : null;
  }

  // An export too large for a runtime message waits here, as a Blob (or
  // UTF-8 bytes) under its own key, until the extension page takes it: a
  // Blob is written to disk by the browser, never copied whole into memory. Several exports
  // may wait at once; one left behind more than ten minutes is dropped.
  async putExport(bytes, now = Date.now()) {
    const key = `${PENDING_EXPORT}${now}:${crypto.randomUUID()}`;
    const tx = this.db.transaction("meta", "readwrite");
    const meta = tx.objectStore("meta");
    meta.delete(IDBKeyRange.bound(PENDING_EXPORT, `${PENDING_EXPORT}${now - 600000}`));
    meta.put(bytes, key);
    await done(tx);
    return key;
  }

  async takeExport(key) {
    if (typeof key !== "string" || !key.startsWith(PENDING_EXPORT)) return null;
    const tx = this.db.transaction("meta", "readwrite");
    const store = tx.objectStore("meta");
    const bytes = await promisify(store.get(key));
    store.delete(key);
    await done(tx);
    return bytes ?? null;
  }

  // Archive: drop every journal entry, then write the checkpoint entry that
  // carries the chain forward, in one transaction.
  async replaceJournalWith(checkpoint, meta) {
    const fault = this.fault ? await this.fault("store") : null;
    const tx = this.db.transaction(["journal", "segments", "segmentIndex", "meta"], "readwrite");
    tx.objectStore("journal").clear();
    tx.objectStore("segments").clear();
    tx.objectStore("segmentIndex").clear();
    tx.objectStore("journal").add(checkpoint);
    for (const [k, v] of Object.entries(meta)) tx.objectStore("meta").put(v, k);
    if (fault) await failAs(tx, fault, done(tx));
    await done(tx);
  }
}
