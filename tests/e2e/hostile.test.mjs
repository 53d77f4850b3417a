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
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";
const PATH = "/hostile/";
const TRACKER_KEY = "_hjSessionUser_3547190";
const RTL_KEY = "invoice\u202Egnp.exe";
const RTL_SHOWN = "invoice\\u202Egnp.exe";
const MAX_LIFETIME = 400 * 86400;
// Controls that act on text instead of being seen (the list in extension/ui/dom.js).
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

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

// RFC 4180 cells.
function csvCells(text) {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (cells.push(cell), (cell = ""));
    else if (c === "\r" && text[i + 1] === "\n") (cells.push(cell), (cell = ""), i++);
    else cell += c;
  }
  if (cell) cells.push(cell);
  return cells;
}

// What a spreadsheet could run: a leading tab or line break, or a formula
// sign (ASCII or full-width) after leading whitespace.
const liveFormula = (c) => /^[\t\r\n]/.test(c) || /^[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\u2212]/.test(c);

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

    // Lone surrogates next to the tracker key, the flood, the huge Max-Age.
    let j = await waitForJournal(
      b,
      (es) =>
        es.some((e) => e.type === "storage.added" && e.data.key === TRACKER_KEY) &&
        es.some((e) => e.type === "limit.reached" && e.data.limit === "storage-items-per-origin") &&
        es.some((e) => e.type === "cookie.set" && e.data.name === "hx_big") &&
        es.some((e) => e.type === "cookie.set" && e.data.name === "hx_gone"),
      "the tracker key, the flood's limit and both cookies",
    );
    const tracker = j.entries.find((e) => e.type === "storage.added" && e.data.key === TRACKER_KEY);
    assert.equal(tracker.data.vendor, "hotjar");
    const repaired = j.entries.filter((e) => e.type === "storage.added" && e.data.repaired === true).map((e) => e.data.key);
    assert.ok(repaired.includes("lz\uFFFDkey"), `repaired keys: ${JSON.stringify(repaired)}`);
    assert.ok(repaired.includes("clean-key"), "a lone surrogate in a value flags the item too");
    const limit = j.entries.find((e) => e.type === "limit.reached" && e.data.limit === "storage-items-per-origin");
    assert.equal(limit.data.host, SITE);
    assert.ok(limit.data.seen >= 20000, JSON.stringify(limit.data));
    assert.equal(j.entries.filter((e) => e.type === "limit.reached" && e.data.limit === "storage-items-per-origin").length, 1, "said once");
    const big = j.entries.find((e) => e.type === "cookie.set" && e.data.name === "hx_big");
    assert.ok(big.data.retentionSeconds > 300 * 86400 && big.data.retentionSeconds <= MAX_LIFETIME, `retention ${big.data.retentionSeconds}`);

    // The page deletes a cookie with an Expires in 1970, and adds the U+202E key.
    await page.evaluate(() => {
      window.hostile.expireGone();
      window.hostile.addRtl();
    });
    j = await waitForJournal(
      b,
      (es) => es.some((e) => e.type === "cookie.removed" && e.data.name === "hx_gone") && es.some((e) => e.type === "storage.added" && e.data.key === RTL_KEY),
      "the 1970 removal and the U+202E key",
    );
    const gone = j.entries.filter((e) => e.data.name === "hx_gone").map((e) => e.type);
    assert.deepEqual(gone, ["cookie.set", "cookie.removed"], "set once, then removed; never set again with a year's retention");

    // The popup still answers, says why not everything is listed, and
    // shows the override as a visible escape inside an isolate.
    const started = Date.now();
    const popup = await b.popup(b.url(SITE, PATH));
    t.diagnostic(`popup answered in ${Date.now() - started} ms with ${limit.data.seen} keys on the page`);
    assert.equal(await popup.$eval("#status", (n) => n.className), "", "no error in the popup");
    assert.equal(await popup.$eval("#limits-box", (n) => n.hidden), false);
    const limitText = await popup.$eval("#limits", (n) => n.textContent);
    assert.match(limitText, /unusually many items \(2000\d\)/);
    const popupView = await popup.evaluate((shown) => ({
      raw: document.body.innerText,
      isolated: [...document.querySelectorAll("bdi")].some((n) => n.textContent === shown),
    }), RTL_SHOWN);
    assert.ok(popupView.isolated, "the U+202E key is in its own isolate, with the override visible");
    assert.ok(!RAW_CONTROL.test(popupView.raw), "no raw control character in the popup's text");
    await popup.close();

    // The log page: the newest entry is the U+202E key, isolated.
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    await log.waitForFunction((shown) => [...document.querySelectorAll("#rows bdi")].some((n) => n.textContent === shown), { timeout: 15000 }, RTL_SHOWN);
    assert.ok(!RAW_CONTROL.test(await log.evaluate(() => document.body.innerText)), "no raw control character in the log page");
    assert.equal(await log.$$eval("#rows img", (n) => n.length), 0, "hostile markup shown as text");
    await log.close();

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
    await page.close();
  });
}
