// Issue 11: the hostile corpus (tests/hostile-corpus.json, 211 payloads:
// markup and script, formulas, bidirectional and other controls, lone
// surrogates, 4 KB names, homoglyphs) written by a page of a watched site
// as its localStorage keys, then shown by every page that names them (the
// popup with its rows open, the log page, the HTML report) and put in the
// CSV. In both browsers, for every payload:
// - it is journaled (lone surrogates as U+FFFD);
// - each page shows it as text, in an isolate of its own, with its controls
//   as visible escapes: no markup made from it, no event handler, no raw
//   control that could reorder a run;
// - no CSV cell could run as a formula.
// tests/hostile_corpus.rs checks the same natively, through the core.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server, until } from "./harness.mjs";
import { csvCells, liveFormula, RAW_CONTROL, shown } from "./hostile-text.mjs";

const SITE = "findajob.dwp.gov.uk";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const corpus = JSON.parse(readFileSync(join(root, "tests/hostile-corpus.json"), "utf8")).map((p) => p.text);
// As the content script reports a key (lone surrogates repaired), and as a page shows it.
const keys = [...new Set(corpus.map((t) => t.toWellFormed()))].filter((k) => k.length > 0);
const expectedShown = new Set(keys.map(shown));
// Elements a payload would make if it were parsed as markup.
const FOREIGN = "script, img, svg, iframe, object, embed, style, link, math, video, audio, form, input, base, meta[http-equiv], a[href^='javascript' i]";

// Reads, in the page, every isolate's text, and whatever markup or raw
// control a payload could have brought into `scope`.
function inspect(scope, foreign) {
  const root = document.querySelector(scope) || document.body;
  const handlers = [...root.querySelectorAll("*")].filter((n) => [...n.attributes].some((a) => /^on/i.test(a.name))).length;
  return {
    isolates: [...root.querySelectorAll("bdi, [dir=auto]")].map((n) => n.textContent),
    // Inside an isolate (where a site's text goes) nothing but text may be;
    // anywhere, no script or javascript: link. (The pages' own icons are SVG,
    // and so are the report's pictures, each an img with its own title;
    // anything foreign inside one still counts.)
    foreign: [...root.querySelectorAll(`:is(bdi, [dir=auto]) *, script, a[href^='javascript' i], ${foreign}`)]
      .filter((n) => n.closest("bdi, [dir=auto]") || !n.matches("svg[aria-hidden=true], svg[aria-hidden=true] *, svg[role=img][aria-labelledby]"))
      .map((n) => n.outerHTML.slice(0, 80)),
    handlers,
    text: root.innerText,
  };
}

function judge(where, seen) {
  assert.deepEqual(seen.foreign, [], `${where}: markup made from a payload`);
  assert.equal(seen.handlers, 0, `${where}: event handlers`);
  assert.ok(!RAW_CONTROL.test(seen.text), `${where}: a raw control in the text`);
  const isolated = new Set(seen.isolates);
  const missing = [...expectedShown].filter((k) => !isolated.has(k));
  assert.deepEqual(missing.slice(0, 5), [], `${where}: ${missing.length} of ${expectedShown.size} payloads not each in an isolate of their own`);
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: every payload of the hostile corpus is journaled, shown as isolated text on every page, and inert in the CSV`, { timeout: 240000 }, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const page = await b.visit(SITE, "/storage-report.html", { waitFor: "html[data-report-ready=true]" });
    await page.evaluate((list) => list.forEach((k, i) => localStorage.setItem(k, `v${i}`)), corpus);
    await page.reload({ waitUntil: "load" });
    const journaled = await until(
      "every payload journaled",
      async () => JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text).journal.entries.filter((e) => e.type === "storage.added").map((e) => e.data.key),
      (list) => keys.every((k) => list.includes(k)),
      60000,
    );
    t.diagnostic(`${keys.length} distinct payloads, ${journaled.length} storage entries`);

    // The popup, every row open.
    const popup = await b.popup(b.url(SITE, "/storage-report.html"));
    await b.openRows(popup);
    judge("popup", await popup.evaluate(inspect, "#company-list", FOREIGN));
    await popup.close();

    // The log page, every entry loaded.
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    for (;;) {
      const more = await log.$("#more:not([hidden])");
      if (!more) break;
      const rows = await log.$$eval("#rows tr", (r) => r.length);
      await more.click();
      await log.waitForFunction((n) => document.querySelectorAll("#rows tr").length > n || document.getElementById("more").hidden, { timeout: 15000 }, rows);
    }
    judge("log page", await log.evaluate(inspect, "#rows", FOREIGN));
    await log.close();

    // The HTML report, as a reader opens it.
    const html = (await b.sendOk({ type: "evidence.export", format: "html" })).text;
    const view = await b.browser.newPage();
    await view.setContent(html.replace(/<meta[^>]+Content-Security-Policy[^>]*>/i, ""));
    judge("HTML report", await view.evaluate(inspect, "main", FOREIGN));
    await view.close();

    // The CSV: every payload there, none live.
    const cells = csvCells((await b.sendOk({ type: "evidence.export", format: "csv" })).text.slice(1));
    const live = cells.filter(liveFormula);
    assert.deepEqual(live.slice(0, 3), [], `${live.length} live formulas`);
    const formulas = corpus.filter((k) => liveFormula(k));
    assert.ok(formulas.length >= 10, `the corpus has ${formulas.length} formula payloads`);
    for (const k of formulas) assert.ok(cells.some((c) => c.includes(k.trim().slice(1, 12))), `formula payload ${JSON.stringify(k.slice(0, 30))} is in the CSV`);
    await page.close();
  });
}

after(async () => (await server()).close());
