// Issue 4: the journal exported as JSON, CSV and HTML, through the log page
// and through the runtime message; the JSON validates against the schema
// and its chain verifies by an independent recomputation; no cookie value
// leaks by default; hostile names come out inert; archive keeps the chain.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { launch, server } from "./harness.mjs";
import { verifyChain } from "./chain.mjs";
import { csvCells } from "./hostile-text.mjs";

const SITE = "findajob.dwp.gov.uk";
const HOSTILE_KEY = '=HYPERLINK("http://x","y")';
const HOSTILE_HTML = "<img src=x onerror=alert(1)>";
const schema = JSON.parse(readFileSync(new URL("../../docs/evidence.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(doc) {
  assert.ok(validate(doc), `schema: ${ajv.errorsText(validate.errors)}`);
  assert.ok(verifyChain(doc) > 0);
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: evidence exports are complete, checkable and safe`, async (t) => {
    const b = await launch(browserName, { variant: browserName === "chromium" ? "deep" : null });
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.enableDeepInspection();

    const page = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.name === HOSTILE_KEY) && s.findings.some((f) => f.name === "tw_hostile"));

    // Record evidence now: screenshot of the visible site tab, chained.
    await page.bringToFront();
    const recorded = await b.sendOk({ type: "evidence.record", url: b.url(SITE) });
    assert.match(recorded.sha256, /^[0-9a-f]{64}$/);

    // Through the runtime message.
    const json = await b.sendOk({ type: "evidence.export", format: "json" });
    const doc = JSON.parse(json.text);
    assertValid(doc);
    assert.equal(doc.format, "tracking-witness/evidence");
    assert.equal(doc.version, 2);
    assert.deepEqual(doc.withheld, []);
    assert.ok(doc.environment.browser.name);
    assert.ok(doc.sites.some((s) => s.site.id === "uk-find-a-job" && s.findings.length > 10));
    const evidence = doc.journal.entries.find((e) => e.type === "evidence.recorded");
    assert.equal(evidence.data.screenshotSha256, recorded.sha256);
    assert.ok(doc.screenshots[recorded.sha256].startsWith("data:image/png;base64,"), "screenshot kept for the report");

    const csv = await b.sendOk({ type: "evidence.export", format: "csv" });
    assert.ok(csv.text.startsWith("\ufeff"), "UTF-8 BOM");
    const cells = csvCells(csv.text.slice(1));
    assert.ok(cells.some((c) => c.includes("HYPERLINK")), "hostile key present in the CSV");
    for (const c of cells) assert.ok(!/^[=+\-@\t\r]/.test(c), `cell left live for a spreadsheet: ${JSON.stringify(c)}`);

    const html = await b.sendOk({ type: "evidence.export", format: "html" });
    assert.ok(!/<script/i.test(html.text), "no script in the report");
    const view = await b.browser.newPage();
    await view.setContent(html.text.replace(/<meta[^>]+Content-Security-Policy[^>]*>/i, ""));
    assert.equal(await view.$$eval("img[onerror], svg[onload]", (n) => n.length), 0, "hostile markup rendered as text");
    assert.ok((await view.$eval("body", (b) => b.innerText)).includes(HOSTILE_HTML));
    await view.close();

    // No cookie value of the stand-in appears in any default export.
    const jar = await b.shim("getAllCookies", { domain: "dwp.gov.uk" });
    const values = jar.map((c) => c.value).filter((v) => v.length >= 4);
    assert.ok(values.includes("+1-1"));
    for (const v of values) {
      for (const [name, text] of [["json", json.text], ["csv", csv.text], ["html", html.text]]) {
        assert.ok(!text.includes(v) && !text.includes(JSON.stringify(v).slice(1, -1)), `${name} export leaks cookie value ${v}`);
      }
    }

    // Through the log page: the hostile key shows as text, and each button
    // produces the same kind of file.
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    assert.equal(await log.$$eval("#rows img", (n) => n.length), 0);
    await log.evaluate(() => {
      globalThis.__saved = [];
      globalThis.__said = [];
      const status = document.getElementById("status");
      new MutationObserver(() => globalThis.__said.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
      const original = URL.createObjectURL;
      URL.createObjectURL = (blob) => {
        // Decode keeping a byte-order mark, which blob.text() would drop.
        blob.arrayBuffer().then((buf) =>
          globalThis.__saved.push({ type: blob.type, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(buf) }),
        );
        return original(blob);
      };
    });
    // One after another, as a person would: each click once the previous
    // file is saved.
    for (const [i, format] of ["json", "csv", "html"].entries()) {
      await log.click(`button.export[data-format=${format}]`);
      await log.waitForFunction((n) => globalThis.__saved.length === n, { timeout: 15000 }, i + 1).catch(() => {});
    }
    await log
      .waitForFunction(() => globalThis.__saved.length === 3, { timeout: 15000 })
      .catch(async (e) => assert.fail(`${e.message}; the log page said: ${JSON.stringify(await log.evaluate(() => globalThis.__said))}`));
    const saved = await log.evaluate(() => globalThis.__saved);
    const uiJson = saved.find((s) => s.type.startsWith("application/json"));
    assertValid(JSON.parse(uiJson.text));
    assert.ok(saved.some((s) => s.type.startsWith("text/csv") && s.text.startsWith("\ufeff")));
    assert.ok(saved.some((s) => s.type.startsWith("text/html") && s.text.includes("<html")));
    await log.select("#f-type", "storage");
    await log.click("#filters button[type=submit]");
    await log.waitForFunction(() => [...document.querySelectorAll("#rows tr")].every((r) => r.querySelector("dl.raw dd").textContent.startsWith("storage.")) && document.querySelectorAll("#rows tr").length > 0);
    assert.ok((await log.$eval("#rows", (r) => r.innerText)).includes(HOSTILE_HTML), "log page shows the hostile key as text");
    assert.equal(await log.$$eval("#rows img", (n) => n.length), 0);

    // A site filter gives a one-site export that still verifies.
    const one = JSON.parse((await b.sendOk({ type: "evidence.export", format: "json", site: "uk-find-a-job", from: "2000-01-01" })).text);
    assertValid(one);
    const bad = await b.send({ type: "evidence.export", format: "pdf" });
    assert.equal(bad.name, "InvalidInput");

    // Archive: save, clear, and the next export chains on from the saved one.
    // (The site's tab is closed so that nothing new arrives in between.)
    await page.close();
    await log.evaluate(() => (globalThis.__saved = []));
    await log.click("#archive-export");
    await log.waitForSelector("#archive-confirm:not([hidden])");
    const archived = JSON.parse((await log.evaluate(() => globalThis.__saved[0].text)));
    await log.click("#archive-clear");
    await log.waitForFunction(() => document.getElementById("archive-confirm").hidden);
    const stats = await b.sendOk({ type: "journal.stats" });
    assert.equal(stats.count, 1, "only the checkpoint is left");
    const report = await b.visit(SITE, "/storage-report.html", { waitFor: "html[data-report-ready=true]" });
    await report.bringToFront();
    const again = await b.sendOk({ type: "evidence.record", url: b.url(SITE) });
    const later = JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text);
    assertValid(later);
    assert.equal(later.journal.entries[0].type, "archive.checkpoint");
    assert.equal(later.journal.prevHash, archived.journal.headHash, "the cleared log continues the saved chain");
    assert.equal(later.journal.entries[0].seq, archived.journal.lastSeq + 1);
    const recordedLater = later.journal.entries.find((e) => e.type === "evidence.recorded");
    assert.equal(recordedLater?.data.screenshotSha256, again.sha256, "evidence recorded after the archive is in the next export");
  });
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: a journal packed into segments pages, counts, exports and archives the same`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const page = await b.visit(SITE, "/burst.html?n=40&delay=0", { waitFor: "html[data-burst-done=true]" });
    await b.waitForSummary(SITE, (s) => s.findings.filter((f) => f.name.startsWith("burst_")).length === 40);
    await page.close();
    await new Promise((r) => setTimeout(r, 1500));

    const walk = async (filter) => {
      const seen = [];
      let before = null;
      for (;;) {
        const r = await b.sendOk({ type: "journal.page", limit: 7, before, filter });
        seen.push(...r.entries.map((e) => `${e.seq}:${e.type}:${e.hash}`));
        if (r.next === null) return seen;
        before = r.next;
      }
    };
    const before = {
      count: (await b.sendOk({ type: "journal.stats" })).count,
      all: await walk(undefined),
      cookies: await walk({ type: "cookie" }),
    };
    assert.ok(before.count >= 40 && before.all.length === before.count, `${before.all.length} of ${before.count} entries paged`);

    // Pack with five entries per segment, as the extension does with a
    // thousand: everything but the newest few moves into segments.
    const ext = await b.extensionPage();
    const packed = await ext.evaluate(async () => {
      const { openStore } = await import("../store.js");
      const store = await openStore({ segmentSize: 5 });
      const n = await store.compact();
      store.close();
      return n;
    });
    assert.ok(packed >= before.count - 10, `${packed} of ${before.count} entries packed`);

    assert.equal((await b.sendOk({ type: "journal.stats" })).count, before.count, "the count is unchanged");
    assert.deepEqual(await walk(undefined), before.all, "every page is the same, newest first");
    assert.deepEqual(await walk({ type: "cookie" }), before.cookies, "a filtered walk is the same");

    const doc = JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text);
    assertValid(doc);
    assert.deepEqual(doc.journal.entries.slice(0, before.count).map((e) => `${e.seq}:${e.type}:${e.hash}`), [...before.all].reverse());

    // Archive clears the segments and their search summaries too, and the
    // chain carries on.
    const stored = () =>
      ext.evaluate(async () => {
        const req = (r) => new Promise((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
        const db = await req(indexedDB.open("tracking-witness"));
        const tx = db.transaction(["segments", "segmentIndex"]);
        const counts = await Promise.all([req(tx.objectStore("segments").count()), req(tx.objectStore("segmentIndex").count())]);
        db.close();
        return counts;
      });
    const [segments, summaries] = await stored();
    assert.ok(segments > 5 && summaries === segments, `${summaries} summaries for ${segments} segments`);
    const head = (await b.sendOk({ type: "journal.stats" })).head;
    await b.sendOk({ type: "journal.archive", headSeq: head.seq });
    assert.equal((await b.sendOk({ type: "journal.stats" })).count, 1, "only the checkpoint is left");
    assert.deepEqual(await stored(), [0, 0], "no segment and no summary is left");
    const checkpoint = await b.sendOk({ type: "journal.page", filter: { type: "archive" } });
    assert.deepEqual(checkpoint.entries.map((e) => e.type), ["archive.checkpoint"]);
    const later = JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text);
    assertValid(later);
    assert.equal(later.journal.prevHash, head.hash);
  });
}

// The stop and burst tests are in durability.test.mjs.

after(async () => (await server()).close());
