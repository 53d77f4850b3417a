// The log page on a large journal (issue 14): a synthetic journal of
// 200,000 entries is written straight into the extension's IndexedDB,
// packed in segments as an older version left them (no search summaries),
// and the extension summarises them itself after start-up. The log page's
// first page and its filtered searches must show exactly the entries an
// independent walk over the generated entries finds, including matches
// found only in the oldest segments, and a segment whose summary is
// missing or of an older format must still be read (and its summary
// written again). Functional, not timed: `make bench` times it at 1M.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, until } from "./harness.mjs";
import { writeJournal, allEntries, expectedPage } from "./journal-fixture.mjs";

const COUNT = 200000;


// The segments' keys and their summaries, read straight from IndexedDB.
function readIndex(page) {
  return page.evaluate(async () => {
    const req = (r) => new Promise((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const db = await req(indexedDB.open("tracking-witness"));
    const tx = db.transaction(["segments", "segmentIndex"]);
    const [firsts, summaries] = await Promise.all([req(tx.objectStore("segments").getAllKeys()), req(tx.objectStore("segmentIndex").getAll())]);
    db.close();
    return { firsts, summaries: summaries.map((s) => ({ first: s.first, last: s.last, format: s.format })) };
  });
}

// Replaces or deletes summaries, as a journal from an older version or a
// lost record would leave them.
function damageIndex(page, { remove = [], stale = [] }) {
  return page.evaluate(
    async (remove, stale) => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open("tracking-witness");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction("segmentIndex", "readwrite");
      for (const first of remove) tx.objectStore("segmentIndex").delete(first);
      // An older layout that (wrongly, if it were believed) names nothing.
      for (const first of stale) tx.objectStore("segmentIndex").put({ first, last: first + 999, format: 0, kinds: [], days: [], minTime: null, maxTime: null });
      await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onabort = () => reject(tx.error))));
      db.close();
    },
    remove,
    stale,
  );
}

// Each row's number, and its UTC time, site and type as its recorded
// fields (behind its disclosure) show them.
const rowsOf = (page) =>
  page.$$eval("#rows tr", (rows) =>
    rows.map((r) => {
      const f = Object.fromEntries([...r.querySelectorAll("dl.raw dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
      return [r.cells[0].textContent, r.querySelector("time").dateTime, f.site ?? "", f.type];
    }),
  );
const asRows = (entries) => entries.map((e) => [String(e.seq), e.time, e.site ?? "", e.type]);

// Submits the filter form (or presses "Show older entries") and waits until
// the page says that load is done.
async function loadWith(page, act) {
  const before = await page.$eval("#entries", (t) => Number(t.dataset.loads || 0));
  await act();
  await page.waitForFunction((n) => Number(document.getElementById("entries").dataset.loads || 0) > n, { timeout: 30000 }, before);
}

async function setFilters(page, { site = "", type = "", from = "", to = "" }) {
  await page.evaluate(
    (f) => {
      for (const [id, v] of Object.entries(f)) document.getElementById(id).value = v;
    },
    { "f-site": site, "f-type": type, "f-from": from, "f-to": to },
  );
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the log page finds exactly the right entries in a ${COUNT}-entry journal`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job", "uk-universal-credit"] });
    // The first run journals the signing key's creation: wait for it, so
    // that nothing else writes while the journal is replaced.
    await until("the signing key", () => b.send({ type: "signing.key" }), (r) => r.ok, 30000);
    const ext = await b.extensionPage();
    // 2,600 loose: the extension packs 1,000 of them itself (with their
    // summary) when it next starts.
    const { existing, head } = await writeJournal(ext, { count: COUNT, loose: 2600 });
    const all = allEntries(existing, head);
    // Chromium: the background starts again (reading the new head), then
    // packs and summarises. Firefox's background cannot be stopped from
    // here: the page runs the same two steps.
    if (browserName === "chromium") {
      await b.stopBackground();
      await b.sendOk({ type: "status.get" });
    } else {
      await ext.evaluate(async () => {
        const { openStore } = await import("../store.js");
        const store = await openStore();
        await store.compact();
        await store.indexSegments();
        store.close();
      });
    }

    // Every segment gets its summary.
    const index = await until(
      "every segment summarised",
      () => readIndex(ext),
      (r) => r.firsts.length > 190 && r.summaries.length === r.firsts.length && r.summaries.every((s) => s.format === 1),
      120000,
    );
    const segmentOf = (seq) => index.firsts.findLast((f) => f <= seq);

    // The first page, as the log page shows it.
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]", { timeout: 30000 });
    assert.deepEqual(await rowsOf(log), asRows(expectedPage(all, {})), "the newest 100 entries");
    assert.ok((await log.$eval("#size", (p) => p.textContent)).includes(String(all.length)), "the journal's size");

    // A rare kind spread over the whole journal, through the form.
    await loadWith(log, async () => {
      await setFilters(log, { site: "uk-universal-credit", type: "storage" });
      await log.$eval("#filters button[type=submit]", (s) => s.click());
    });
    const storage = expectedPage(all, { site: "uk-universal-credit", type: "storage" });
    assert.ok(storage.length >= 30, `${storage.length} storage entries generated`);
    assert.deepEqual(await rowsOf(log), asRows(storage), "every storage entry, newest first");

    // A kind found only in the oldest segments: exactly the segments that
    // hold one are read.
    const consentWanted = expectedPage(all, { type: "consent" }, null, 500);
    const consent = await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "consent" } });
    assert.deepEqual(consent.entries.map((e) => e.seq), consentWanted.map((e) => e.seq));
    assert.ok(consentWanted.length >= 15 && consentWanted.at(-1).seq < 21000, "the consent entries are old");
    // (A kind with few entries in a segment is copied into its summary:
    // these are answered without reading the segments at all.)
    const holding = new Set(consentWanted.map((e) => segmentOf(e.seq))).size;
    assert.deepEqual([consent.segmentsRead, consent.segmentsFromSummary], [0, holding], "only the summaries of the segments holding one are used");
    assert.equal(consent.unindexed, 0);
    assert.equal(consent.segmentsSkipped, index.firsts.length - holding);

    // A site, a type and three days in the middle of the journal, paged with
    // "Show older entries" (more than three pages match).
    const mid = { site: "uk-find-a-job", type: "cookie", from: "2025-02-10", to: "2025-02-12" };
    const range = { ...mid, from: `${mid.from}T00:00:00.000Z`, to: `${mid.to}T23:59:59.999Z` };
    await loadWith(log, async () => {
      await setFilters(log, mid);
      await log.$eval("#filters button[type=submit]", (s) => s.click());
    });
    let wanted = expectedPage(all, range);
    assert.ok(expectedPage(all, range, null, 1000).length > 300, "more than three pages match");
    assert.deepEqual(await rowsOf(log), asRows(wanted), "the first page of three days' cookies");
    for (let i = 0; i < 2; i++) {
      await loadWith(log, () => log.$eval("#more", (m) => (m.hidden ? null : m.click())));
      wanted = wanted.concat(expectedPage(all, range, wanted.at(-1).seq));
      assert.deepEqual(await rowsOf(log), asRows(wanted), `after "Show older entries" ${i + 1}`);
    }
    // Every page of it, to its oldest entry.
    const walked = [];
    for (let before = null; ; ) {
      const r = await b.sendOk({ type: "journal.page", limit: 500, before, filter: range });
      walked.push(...r.entries.map((e) => e.seq));
      if (r.next === null) break;
      before = r.next;
    }
    assert.deepEqual(walked, expectedPage(all, range, null, Infinity).map((e) => e.seq), "the three days, page after page");
    const days = await b.sendOk({ type: "journal.page", limit: 100, filter: range });
    assert.ok(days.segmentsRead >= 1, "cookie entries are too many to be copied into a summary");
    assert.ok(days.segmentsSkipped >= index.firsts.length - 12, `only ${days.segmentsSkipped} of ${index.firsts.length} segments ruled out for three days`);

    // A summary lost, and one in an older format that (if believed) would
    // hide its entries: both segments are read anyway, and said to be.
    const storageSegs = [...new Set(storage.map((e) => segmentOf(e.seq)))].sort((x, y) => x - y);
    const [lost, old] = [storageSegs[1], storageSegs[2]];
    await damageIndex(ext, { remove: [lost], stale: [old] });
    const wantedAll = expectedPage(all, { type: "storage" }, null, 500);
    const found = await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "storage" } });
    assert.deepEqual(found.entries.map((e) => e.seq), wantedAll.map((e) => e.seq), "no entry missed without a summary");
    assert.ok(wantedAll.some((e) => segmentOf(e.seq) === lost) && wantedAll.some((e) => segmentOf(e.seq) === old));
    assert.equal(found.unindexed, 2, "the two segments without a usable summary were read");
    // ... and their summaries are written again.
    await until(
      "the two summaries rewritten",
      () => readIndex(ext),
      (r) => [lost, old].every((f) => r.summaries.some((s) => s.first === f && s.format === 1)),
      30000,
    );
    const again = await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "storage" } });
    assert.deepEqual(again.entries.map((e) => e.seq), wantedAll.map((e) => e.seq));
    assert.equal(again.unindexed, 0);
  });
}

after(async () => (await server()).close());
