// @ts-check
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
//
// The journal's segments, searches and index are in store-segments.js,
// store-search.js and store-index.js; IndexedDB helpers in store-idb.js.
import { SEP, promisify, failAs, done } from "./store-idb.js";
import { indexSegments } from "./store-index.js";
import { journalPage } from "./store-search.js";
import { journalCount, journalAll, journalChunks, journalPlanChunks, compact } from "./store-segments.js";

const DB_NAME = "tracking-witness";
const DB_VERSION = 5;
// Entries per segment; the live store keeps between SEGMENT and 2 x SEGMENT.
const SEGMENT = 1000;
const PENDING_EXPORT = "pendingExport:";

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
    // Version 4 caches the last answers about hosts (see cachedAnswer).
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
    // A new configuration drops every cached answer (a removed site's
    // hosts are not cached on).
    if ("config" in meta) tx.objectStore("answers").clear();
    // Every commit may change what the core would answer: a new version
    // makes every cached answer stale. Read and written in this transaction,
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
  // The journal's size, its pages and searches, its reads for exports, and
  // the packing into segments: see store-segments.js, store-search.js and
  // store-index.js.
  journalCount() {
    return journalCount(this);
  }
  journalPage(filter) {
    return journalPage(this, filter);
  }
  indexSegments(options) {
    return indexSegments(this, options);
  }
  journalAll() {
    return journalAll(this);
  }
  journalChunks(visit) {
    return journalChunks(this, visit);
  }
  journalPlanChunks(visit) {
    return journalPlanChunks(this, visit);
  }
  compact() {
    return compact(this);
  }

  async screenshots(shas) {
    const store = this.db.transaction("screenshots").objectStore("screenshots");
    const urls = await Promise.all(shas.map((s) => promisify(store.get(s))));
    return Object.fromEntries(shas.map((s, i) => [s, urls[i]]).filter(([, u]) => u));
  }

  // The answer cache (answer-cache.js): caches what the core answered about
  // `host`, tagged with the version of the stored state it was computed
  // from. Call it only when no commit is in flight, so that the core's
  // state is exactly the stored one.
  async cacheAnswer(host, answer) {
    const tx = this.db.transaction(["meta", "answers"], "readwrite");
    const answers = tx.objectStore("answers");
    const [version, cached] = await Promise.all([promisify(tx.objectStore("meta").get("version")), promisify(answers.get(host))]);
    if (cached?.version !== (version ?? 0)) answers.put({ version: version ?? 0, ...answer }, host);
    await done(tx);
  }

  // The keys of every cached answer, valid or not (hosts, and message:<type>).
  async cachedAnswerKeys() {
    return promisify(this.db.transaction("answers").objectStore("answers").getAllKeys());
  }

  // The cached answer about `host` if nothing was committed since it was
  // computed, else null.
  async cachedAnswer(host) {
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
