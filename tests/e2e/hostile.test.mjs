// Issue 11 (and issue 8 item 6): a hostile page of a watched site
// (www/findajob.dwp.gov.uk/hostile/) cannot blind, flood or confuse the
// witness. In both browsers:
// - lone surrogates next to a known tracker key: the tracker key is journaled,
//   and the broken keys too, repaired and flagged;
// - Max-Age=99999999999999999: journaled with a retention of at most 400 days;
// - an Expires in 1970: journaled as a removal;
// - 20,000 localStorage keys: a limit.reached entry, and the popup still
//   answers and says "this site stores unusually many items";
// - a U+202E name: shown in its own isolate with the override visible, in the
//   popup, the log page and the HTML report;
// - formulas (behind LF, spaces, full-width ＝): no live formula in the CSV;
// - no storage value, cookie value or query string in any export, until raw
//   values are switched on; then the values are there (query strings never).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";
import { csvCells, liveFormula, RAW_CONTROL } from "./hostile-text.mjs";

const SITE = "findajob.dwp.gov.uk";
const PATH = "/hostile/";
const TRACKER_KEY = "_hjSessionUser_3547190";
const RTL_KEY = "invoice\u202Egnp.exe";
const RTL_SHOWN = "invoice\\u202Egnp.exe";
const MAX_LIFETIME = 400 * 86400;

async function journal(b) {
  const json = await b.sendOk({ type: "evidence.export", format: "json" });
  return { text: json.text, entries: JSON.parse(json.text).journal.entries };
}

async function waitForJournal(b, pred, what, timeout = 60000) {
  const end = Date.now() + timeout;
  let last = [];
  while (Date.now() < end) {
    const j = await journal(b);
    last = j.entries;
    if (pred(j.entries)) return j;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`journal never had ${what}; last ${last.length} entries, newest: ${JSON.stringify(last.slice(-3))}`);
}

const exportsOf = async (b) => {
  const out = {};
  for (const format of ["json", "csv", "html"]) out[format] = (await b.sendOk({ type: "evidence.export", format })).text;
  return out;
};

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: a hostile page neither blinds nor floods nor confuses the witness`, { timeout: 300000 }, async (t) => {
    const b = await launch(browserName, { variant: browserName === "chromium" ? "deep" : null });
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.enableDeepInspection();
    const page = await b.visit(SITE, PATH, { waitFor: "html[data-stand-in-ready=true]" });

    // Lone surrogates next to the tracker key, the U+202E key, the huge Max-Age.
    let j = await waitForJournal(
      b,
      (es) =>
        es.some((e) => e.type === "storage.added" && e.data.key === TRACKER_KEY) &&
        es.some((e) => e.type === "storage.added" && e.data.key === RTL_KEY) &&
        es.some((e) => e.type === "cookie.set" && e.data.name === "hx_big") &&
        es.some((e) => e.type === "cookie.set" && e.data.name === "hx_gone"),
      "the tracker key, the U+202E key and both cookies",
    );
    const tracker = j.entries.find((e) => e.type === "storage.added" && e.data.key === TRACKER_KEY);
    assert.equal(tracker.data.vendor, "hotjar");
    // The broken key is journaled too, as U+FFFD; flagged as repaired where
    // the browser kept the lone surrogate for the page to see.
    const keeps = await page.evaluate(() => window.hostile.keepsLoneSurrogates);
    t.diagnostic(`${browserName} keeps lone surrogates in localStorage keys: ${keeps}; page status ${JSON.stringify(await page.evaluate(() => window.hostile.status))}`);
    const lz = j.entries.find((e) => e.type === "storage.added" && e.data.key === "lz\uFFFDkey");
    assert.ok(lz, "the key with a lone surrogate is journaled, as U+FFFD");
    if (keeps) {
      assert.equal(lz.data.repaired, true);
      assert.equal(j.entries.find((e) => e.type === "storage.added" && e.data.key === "clean-key")?.data.repaired, true, "a lone surrogate in a value flags the item too");
    }
    const big = j.entries.find((e) => e.type === "cookie.set" && e.data.name === "hx_big");
    assert.ok(big.data.retentionSeconds > 300 * 86400 && big.data.retentionSeconds <= MAX_LIFETIME, `retention ${big.data.retentionSeconds}`);

    // The log page: the U+202E key in its own isolate, the override visible.
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    await log.waitForFunction((shown) => [...document.querySelectorAll("#rows bdi")].some((n) => n.textContent === shown), { timeout: 15000 }, RTL_SHOWN);
    assert.ok(!RAW_CONTROL.test(await log.evaluate(() => document.body.innerText)), "no raw control character in the log page");
    assert.equal(await log.$$eval("#rows img", (n) => n.length), 0, "hostile markup shown as text");
    await log.close();

    // The page deletes a cookie with an Expires in 1970.
    await page.evaluate(() => window.hostile.expireGone());
    j = await waitForJournal(b, (es) => es.some((e) => e.type === "cookie.removed" && e.data.name === "hx_gone"), "the 1970 removal");
    const gone = j.entries.filter((e) => e.data.name === "hx_gone").map((e) => e.type);
    assert.deepEqual(gone, ["cookie.set", "cookie.removed"], "set once, then removed; never set again with a year's retention");

    // Exports: no live formula, no markup, isolated names, no value.
    const ex = await exportsOf(b);
    const cells = csvCells(ex.csv.slice(1));
    assert.ok(cells.some((c) => c.includes("HYPERLINK")) && cells.some((c) => c.includes("\uFF1D1+1")), "the formula keys are in the CSV");
    const live = cells.filter(liveFormula);
    assert.deepEqual(live.slice(0, 3), [], `${live.length} live formulas`);
    const view = await b.browser.newPage();
    await view.setContent(ex.html.replace(/<meta[^>]+Content-Security-Policy[^>]*>/i, ""));
    const report = await view.evaluate((shown) => ({
      text: document.body.innerText,
      isolated: [...document.querySelectorAll("bdi")].filter((n) => n.textContent === shown).length,
      markup: document.querySelectorAll("img[onerror], script").length,
    }), RTL_SHOWN);
    await view.close();
    assert.equal(report.markup, 0);
    assert.ok(report.isolated >= 1, "the U+202E key is isolated in the report");
    assert.ok(!RAW_CONTROL.test(report.text), "no raw control character in the report");
    for (const [format, text] of Object.entries(ex)) {
      for (const secret of ["hx-secret-", "hx-query-secret"]) assert.ok(!text.includes(secret), `${format} export leaks ${secret}`);
    }

    // Raw values on: the values are then in the evidence (query strings never are).
    await b.sendOk({ type: "settings.update", name: "keepRawValues", value: true });
    await page.evaluate(() => window.hostile.addRaw());
    await waitForJournal(
      b,
      (es) => es.some((e) => e.type === "cookie.set" && e.data.name === "hx_raw") && es.some((e) => e.type === "storage.added" && e.data.key === "raw-key"),
      "the values written after raw values were switched on",
    );
    const raw = await exportsOf(b);
    for (const format of ["json", "csv"]) {
      assert.ok(raw[format].includes("hx-raw-value-42"), `${format}: storage value kept raw`);
      assert.ok(raw[format].includes("hx-raw-cookie-42"), `${format}: cookie value kept raw`);
    }
    for (const text of Object.values(raw)) assert.ok(!text.includes("hx-query-secret"), "query strings are never kept");

    // The flood: one limit.reached, the items already recorded kept.
    const stored = await page.evaluate(() => window.hostile.flood());
    assert.ok(stored > 20000, `${stored} keys stored`);
    j = await waitForJournal(b, (es) => es.some((e) => e.type === "limit.reached" && e.data.limit === "storage-items-per-origin"), "the flood's limit.reached", 120000);
    const limits = j.entries.filter((e) => e.type === "limit.reached" && e.data.limit === "storage-items-per-origin");
    assert.equal(limits.length, 1, "said once");
    assert.equal(limits[0].data.host, SITE);
    assert.ok(limits[0].data.seen > 20000, JSON.stringify(limits[0].data));
    assert.ok(!j.entries.some((e) => e.type === "storage.removed" && [TRACKER_KEY, RTL_KEY].includes(e.data.key)), "recorded keys are kept, not reported removed");

    // The popup still answers, says why not everything is listed, and
    // shows the override as a visible escape inside an isolate.
    const started = Date.now();
    const popup = await b.popup(b.url(SITE, PATH));
    t.diagnostic(`popup answered in ${Date.now() - started} ms with ${limits[0].data.seen} keys on the page`);
    assert.equal(await popup.$eval("#status", (n) => n.className), "", "no error in the popup");
    assert.equal(await popup.$eval("#limits-box", (n) => n.hidden), false);
    assert.match(await popup.$eval("#limits", (n) => n.textContent), /unusually many items \(2\d{4}\)/);
    const popupView = await popup.evaluate((shown) => ({
      raw: document.body.innerText,
      isolated: [...document.querySelectorAll("bdi")].some((n) => n.textContent === shown),
    }), RTL_SHOWN);
    assert.ok(popupView.isolated, "the U+202E key is in its own isolate, with the override visible");
    assert.ok(!RAW_CONTROL.test(popupView.raw), "no raw control character in the popup's text");
    await popup.close();
    await page.close();
  });
}

// Issue 11: a settings file that switches on raw values (or deep
// inspection) is shown first and needs an explicit confirmation; site ids
// are validated.
for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: a settings file cannot switch on raw values without the user confirming it`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const { text } = await b.sendOk({ type: "settings.export" });
    const file = JSON.parse(text);
    file.settings.keepRawValues = true;
    const hostile = JSON.stringify(file);

    const { diff } = await b.sendOk({ type: "settings.import", text: hostile, preview: true });
    assert.deepEqual(diff.confirm, ["keepRawValues"]);
    assert.deepEqual(diff.options, [["keepRawValues", false, true]]);
    assert.equal((await b.sendOk({ type: "sites.list" })).keepRawValues, false, "a preview changes nothing");

    const refused = await b.send({ type: "settings.import", text: hostile });
    assert.equal(refused.name, "ConfirmationNeeded", JSON.stringify(refused));
    assert.equal((await b.sendOk({ type: "sites.list" })).keepRawValues, false, "nothing changed without the confirmation");

    const badId = JSON.parse(text);
    badId.settings.sites[0].id = "uk-find-a-job\u001fx";
    const bad = await b.send({ type: "settings.import", text: JSON.stringify(badId) });
    assert.equal(bad.name, "InvalidInput");

    await b.sendOk({ type: "settings.import", text: hostile, confirm: ["keepRawValues"] });
    assert.equal((await b.sendOk({ type: "sites.list" })).keepRawValues, true);
    const entries = JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text).journal.entries;
    assert.ok(entries.some((e) => e.type === "settings.changed" && e.data.setting === "keepRawValues" && e.data.value === true && e.data.source === "import"), "journaled");

    // The options page shows the change and the box to tick before loading.
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    file.settings.keepRawValues = false;
    file.settings.sites[0].name = "Find a job \u202Eevil";
    const input = await options.$("#settings-import");
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const path = join(mkdtempSync(join((await import("node:os")).tmpdir(), "tw-import-")), "settings.json");
    writeFileSync(path, JSON.stringify(file));
    await input.uploadFile(path);
    await options.waitForFunction(() => !document.getElementById("import-preview").hidden, { timeout: 10000 });
    const shown = await options.$$eval("#import-changes li", (lis) => lis.map((li) => ({ change: li.dataset.change, text: li.textContent, bdi: [...li.querySelectorAll("bdi")].map((n) => n.textContent) })));
    assert.ok(shown.some((c) => c.change === "changed" && c.bdi.includes("Find a job \\u202Eevil")), JSON.stringify(shown));
    assert.ok(shown.some((c) => c.change === "option" && c.text.includes("off")) || shown.some((c) => c.change === "option"), JSON.stringify(shown));
    await options.close();
  });
}

// The stand-in server is shared by the file's tests; left open, it keeps the
// test process (and so the whole e2e run) from ever ending.
after(async () => (await server()).close());
