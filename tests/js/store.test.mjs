// The extension's IndexedDB store (extension/store*.js) in Node, against
// fake-indexeddb: atomic commits, packing into segments, counting, paging
// and searching, reading for exports, archiving. Issue 9: these were only
// exercised end to end before. Each expectation is worked out here from the
// entries the test wrote, never read back from the store's own helpers.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { IDBFactory } from "fake-indexeddb";
import "fake-indexeddb/auto";
import { openStore } from "../../extension/store.js";

const SITES = ["uk-find-a-job", "uk-universal-credit", null];
const TYPES = ["cookie.set", "cookie.removed", "storage.added", "request.seen", "consent.changed", "export.made"];
const DAY = 86400000;
const T0 = Date.parse("2026-11-01T00:00:00Z");

// n entries with seqs from `from`, a deterministic mix of sites, types and
// days (shaped as the core writes them; the store never looks inside data
// but for evidence.recorded's screenshot).
function entries(n, from = 1) {
  return Array.from({ length: n }, (_, i) => {
    const seq = from + i;
    return {
      seq,
      time: new Date(T0 + Math.floor(seq / 7) * DAY).toISOString(),
      type: TYPES[(seq * 5 + Math.floor(seq / 3)) % TYPES.length],
      site: SITES[seq % SITES.length],
      data: { n: seq },
      prevHash: `p${seq}`,
      hash: `h${seq}`,
    };
  });
}

async function storeWith(list, segmentSize = 10) {
  const store = await openStore({ segmentSize });
  for (let i = 0; i < list.length; i += 25) await store.commit({ entries: list.slice(i, i + 25) });
  return store;
}

// Every page of a search, newest first, by following `before`.
async function allPages(store, filter, limit = 7) {
  const seen = [];
  let before = null;
  for (;;) {
    const page = await store.journalPage({ ...filter, before, limit });
    seen.push(...page.entries);
    if (page.entries.length < limit) return seen;
    before = page.entries[page.entries.length - 1].seq;
  }
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

test("a commit is all or nothing: one refused entry leaves none of it, nor its records or meta", async () => {
  const store = await storeWith(entries(3));
  await assert.rejects(
    store.commit({ entries: [...entries(1, 4), ...entries(1, 2)], records: [["r|x", "{}"]], meta: { head: "new" } }),
    (e) => e.name === "ConstraintError",
  );
  assert.equal(await store.journalCount(), 3);
  assert.deepEqual(await store.allRecords(), []);
  assert.deepEqual(await store.getMeta(["head"]), { head: undefined });
});

test("an injected fault aborts the transaction: nothing it queued is written, and the error has the fault's name", async () => {
  const store = await storeWith(entries(2));
  const version = (await store.getMeta(["version"])).version;
  store.fault = async () => ({ name: "QuotaExceededError" });
  await assert.rejects(store.commit({ entries: entries(1, 3), meta: { head: "x" } }), (e) => e.name === "QuotaExceededError");
  store.fault = null;
  assert.equal(await store.journalCount(), 2);
  assert.deepEqual(await store.getMeta(["head", "version"]), { head: undefined, version });
  await store.commit({ entries: entries(1, 3) });
  assert.equal(await store.journalCount(), 3, "the next commit goes through");
});

test("packing keeps every entry, in order, and only packs whole segments while a segment's worth stays loose", async () => {
  const list = entries(57);
  const store = await storeWith(list);
  await store.compact();
  const packed = [];
  await store.journalChunks((chunk) => packed.push(chunk));
  // 57 entries, segments of 10: packing stops with fewer than 20 loose.
  const segments = packed.filter((c) => c.first !== undefined);
  assert.deepEqual(segments.map((c) => [c.first, c.last]), [[1, 10], [11, 20], [21, 30], [31, 40]]);
  const text = packed.map((c) => new TextDecoder().decode(c.bytes)).filter(Boolean).join(",");
  assert.deepEqual(JSON.parse(`[${text}]`), list);
  assert.equal(packed[0].prevHash, "p1");
  assert.equal(await store.journalCount(), 57);
  const all = await store.journalAll();
  assert.deepEqual(JSON.parse(`[${new TextDecoder().decode(all.bytes)}]`), list);
});

test("pages run newest first across segments and loose entries, and every search finds exactly what matches", async () => {
  const list = entries(133);
  const store = await storeWith(list);
  await store.compact();
  const newestFirst = [...list].reverse();
  assert.deepEqual((await allPages(store, {})).map((e) => e.seq), newestFirst.map((e) => e.seq));
  const searches = [
    { site: "uk-universal-credit" },
    { type: "cookie" },
    { type: "request.seen" },
    { from: new Date(T0 + 5 * DAY).toISOString(), to: new Date(T0 + 9 * DAY).toISOString() },
    { site: "uk-find-a-job", type: "storage" },
  ];
  for (const filter of searches) {
    const expected = newestFirst.filter(
      (e) =>
        (!filter.site || e.site === filter.site) &&
        (!filter.type || e.type === filter.type || e.type.startsWith(`${filter.type}.`)) &&
        (!filter.from || e.time >= filter.from) &&
        (!filter.to || e.time <= filter.to),
    );
    assert.ok(expected.length > 0, `the fixture has matches for ${JSON.stringify(filter)}`);
    assert.deepEqual((await allPages(store, filter)).map((e) => e.seq), expected.map((e) => e.seq), JSON.stringify(filter));
  }
});

test("a search skips segments whose summary rules them out", async () => {
  // Only the newest entries are of a kind no other entry has.
  const list = entries(60).map((e) => (e.seq > 55 ? { ...e, type: "limit.reached" } : e.type === "limit.reached" ? { ...e, type: "cookie.set" } : e));
  const store = await storeWith(list);
  await store.compact();
  const page = await store.journalPage({ type: "limit.reached", limit: 50 });
  assert.deepEqual(page.entries.map((e) => e.seq), [60, 59, 58, 57, 56]);
  assert.equal(page.segmentsRead, 0, JSON.stringify(page));
  assert.ok(page.segmentsSkipped + page.segmentsFromSummary >= 4, JSON.stringify(page));
});

test("an archive leaves only the checkpoint, in the same transaction as its meta", async () => {
  const store = await storeWith(entries(45));
  await store.compact();
  const checkpoint = { seq: 46, time: new Date(T0).toISOString(), type: "archive.checkpoint", site: null, data: { archivedCount: 45 }, prevHash: "h45", hash: "h46" };
  await store.replaceJournalWith(checkpoint, { head: "h46" });
  assert.equal(await store.journalCount(), 1);
  assert.deepEqual((await store.journalPage({})).entries, [checkpoint]);
  assert.deepEqual(await store.getMeta(["head"]), { head: "h46" });
  // A refused archive changes nothing (a new, empty database).
  globalThis.indexedDB = new IDBFactory();
  const again = await storeWith([]);
  await again.commit({ entries: entries(3) });
  again.fault = async () => ({ name: "AbortError" });
  await assert.rejects(again.replaceJournalWith(checkpoint, { head: "h46" }));
  assert.equal(await again.journalCount(), 3);
});

test("an export handed over through the store is taken once, and only by its own key", async () => {
  const store = await openStore();
  const key = await store.putExport(new Uint8Array([1, 2, 3]));
  assert.equal(await store.takeExport("config"), null, "not a pending export's key");
  assert.deepEqual([...new Uint8Array(await store.takeExport(key))], [1, 2, 3]);
  assert.equal(await store.takeExport(key), null, "taken once");
});

// The chunks an unfiltered export plans from, as [first, last, how]: "summary"
// for a segment planned from its search summary, "bytes" for one read.
async function planChunks(store) {
  const chunks = [];
  await store.journalPlanChunks((c) => {
    if (c.summary) chunks.push([c.first, c.last, "summary", c.prevHash, c.shots]);
    else {
      const seqs = JSON.parse(`[${new TextDecoder().decode(c.bytes)}]`).map((e) => e.seq);
      chunks.push([seqs[0], seqs[seqs.length - 1], "bytes", c.prevHash, c.shots]);
    }
  });
  return chunks;
}

test("an export's plan reads segments' summaries instead of their bytes, except the last, a gap, or a summary without what a plan needs", async () => {
  const list = entries(57).map((e) => (e.seq === 15 || e.seq === 33 ? { ...e, type: "evidence.recorded", data: { screenshotSha256: `s${e.seq}` } } : e));
  const store = await storeWith(list);
  await store.compact();
  assert.deepEqual(await planChunks(store), [
    [1, 10, "summary", "p1", []],
    [11, 20, "summary", "p11", ["s15"]],
    [21, 30, "summary", "p21", []],
    [31, 40, "summary", "p31", ["s33"]],
    [41, 57, "bytes", "p41", []],
  ]);
  // A lost summary, and one written before summaries held a prevHash.
  const tx = store.db.transaction("segmentIndex", "readwrite");
  tx.objectStore("segmentIndex").delete(21);
  const old = await new Promise((resolve) => (tx.objectStore("segmentIndex").get(31).onsuccess = (e) => resolve(e.target.result)));
  delete old.prevHash;
  tx.objectStore("segmentIndex").put(old);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  assert.deepEqual(await planChunks(store), [
    [1, 10, "summary", "p1", []],
    [11, 20, "summary", "p11", ["s15"]],
    [21, 30, "bytes", "p21", []],
    [31, 40, "bytes", "p31", ["s33"]],
    [41, 57, "bytes", "p41", []],
  ]);
  // With no loose entries, the newest segment is read: its last hash is the head.
  const clear = store.db.transaction("journal", "readwrite");
  clear.objectStore("journal").clear();
  await new Promise((resolve) => (clear.oncomplete = resolve));
  assert.deepEqual((await planChunks(store)).map((c) => c.slice(0, 3)), [
    [1, 10, "summary"],
    [11, 20, "summary"],
    [21, 30, "bytes"],
    [31, 40, "bytes"],
  ]);
  await store.indexSegments();
  assert.deepEqual((await planChunks(store)).map((c) => c.slice(0, 3)), [
    [1, 10, "summary"],
    [11, 20, "summary"],
    [21, 30, "summary"],
    [31, 40, "bytes"],
  ]);
});
