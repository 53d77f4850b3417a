// Durable storage for the background, in IndexedDB (no browser-extension
// API needed, so this file stays out of the shim). One database:
//   meta        key -> value: config JSON, journal head, install secret
//   records     "<site id>\u001f<record key>" -> one saved piece of a site's
//               live picture (JSON string); each event writes only the
//               pieces it touched
//   journal     seq -> entry object (hash-chained, see docs/evidence-format.md)
//   screenshots sha256 -> PNG data URL recorded as evidence
// Every change a single event causes is written in ONE transaction, and
// the event counts as handled only when that transaction completes.

const DB_NAME = "tracking-witness";
const DB_VERSION = 2;
const SEP = "\u001f";

function promisify(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
    tx.onerror = () => reject(tx.error);
  });
}

export async function openStore() {
  const open = indexedDB.open(DB_NAME, DB_VERSION);
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
    if (db.objectStoreNames.contains("sites")) db.deleteObjectStore("sites");
    db.createObjectStore("records");
  };
  const db = await promisify(open);
  return new Store(db);
}

class Store {
  constructor(db) {
    this.db = db;
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
    const tx = this.db.transaction(["meta", "records", "journal", "screenshots"], "readwrite");
    const journal = tx.objectStore("journal");
    for (const e of entries) journal.add(e);
    const recordStore = tx.objectStore("records");
    for (const [key, json] of records) {
      if (json === null || json === undefined) recordStore.delete(key);
      else recordStore.put(json, key);
    }
    for (const id of dropSites) recordStore.delete(IDBKeyRange.bound(id + SEP, id + SEP + "\uffff"));
    const metaStore = tx.objectStore("meta");
    for (const [k, v] of Object.entries(meta)) metaStore.put(v, k);
    const shots = tx.objectStore("screenshots");
    for (const [sha, url] of Object.entries(screenshots)) shots.put(url, sha);
    await done(tx);
  }

  async journalCount() {
    return promisify(this.db.transaction("journal").objectStore("journal").count());
  }

  // Newest first; `before` is the seq to start below (exclusive). Filters
  // are applied while walking the cursor so a page costs ~`limit` reads when
  // unfiltered, and never loads the whole journal.
  async journalPage({ before = null, limit = 50, site = null, type = null, from = null, to = null } = {}) {
    const store = this.db.transaction("journal").objectStore("journal");
    const range = before ? IDBKeyRange.upperBound(before, true) : null;
    const out = [];
    let scanned = 0;
    return new Promise((resolve, reject) => {
      const req = store.openCursor(range, "prev");
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return resolve({ entries: out, next: null, scanned });
        const e = cursor.value;
        scanned++;
        const keep =
          (!site || e.site === site) &&
          (!type || e.type === type || e.type.startsWith(type + ".")) &&
          (!from || e.time >= from) &&
          (!to || e.time <= to);
        if (keep) out.push(e);
        if (out.length >= limit) return resolve({ entries: out, next: e.seq, scanned });
        cursor.continue();
      };
    });
  }

  // Every entry in seq order, for exports (the core applies their filters).
  async journalAll() {
    return promisify(this.db.transaction("journal").objectStore("journal").getAll());
  }

  async screenshots(shas) {
    const store = this.db.transaction("screenshots").objectStore("screenshots");
    const urls = await Promise.all(shas.map((s) => promisify(store.get(s))));
    return Object.fromEntries(shas.map((s, i) => [s, urls[i]]).filter(([, u]) => u));
  }

  // Archive: drop every journal entry, then write the checkpoint entry that
  // carries the chain forward, in one transaction.
  async replaceJournalWith(checkpoint, meta) {
    const tx = this.db.transaction(["journal", "meta"], "readwrite");
    tx.objectStore("journal").clear();
    tx.objectStore("journal").add(checkpoint);
    for (const [k, v] of Object.entries(meta)) tx.objectStore("meta").put(v, k);
    await done(tx);
  }
}
