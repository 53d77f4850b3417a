// Issue 13: the log page in plain words. Each entry is a sentence naming
// the site, the company and its category as the popup names them ("Find a
// job (DWP) contacted Google Analytics (analytics) — 1 time"), never by an
// internal id; the entry's recorded fields are one click (or one Enter)
// away, its time in UTC there; the time in the table is the reader's own
// (Chromium: shown in an emulated time zone far from the machine's). Welsh
// too, and axe finds nothing with the fields open, in both languages.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";
const locale = (lang) => JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), "utf8"));
const MESSAGES = { en: locale("en"), cy: locale("cy") };

// A message with its placeholders filled, as chrome.i18n fills them.
function fill(entry, values) {
  let out = entry.message;
  for (const [name, { content }] of Object.entries(entry.placeholders || {})) out = out.replaceAll(`$${name.toUpperCase()}$`, values[Number(content.slice(1)) - 1]);
  return out;
}

// The row of entry `seq`: its sentence, its shown time and the fields
// behind its disclosure (read as shown: each <dt> with its <dd>).
const rowOf = (page, seq) =>
  page.$eval(`#rows tr[data-seq="${seq}"]`, (tr) => ({
    sentence: tr.cells[2].textContent,
    time: tr.cells[1].textContent,
    datetime: tr.querySelector("time")?.dateTime,
    open: tr.querySelector("details").open,
    fields: Object.fromEntries([...tr.querySelectorAll("dl.raw dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
  }));

async function openLog(b) {
  const log = await b.openExtensionPage("report/log.html");
  await log.waitForSelector("main[aria-busy=false]", { timeout: 15000 });
  return log;
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the log page says each entry in plain words, its fields one step away`, { timeout: 180000 }, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.visit(SITE);
    const summary = await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.kind === "request" && f.vendor === "google-analytics"));
    const journal = await b.sendOk({ type: "journal.page", limit: 500 });
    const beacon = journal.entries.find((e) => e.type === "request.seen" && e.data.vendor === "google-analytics");
    const cookie = journal.entries.find((e) => e.type === "cookie.set" && e.data.name === "_ga");
    assert.ok(beacon && cookie, "the journal has the beacon and the _ga cookie");

    // Named as the popup names them: the site's name, the vendor's name
    // and its category's words, from the summary the popup draws.
    const site = summary.site.name;
    const vendor = summary.vendors["google-analytics"].name;
    const en = MESSAGES.en;
    const who = `${vendor} (${en.category_analytics.message})`;
    const wanted = beacon.data.count === 1 ? fill(en.logRequestOnce, [site, who]) : fill(en.logRequestMany, [site, who, String(beacon.data.count)]);

    const log = await openLog(b);
    if (browserName === "chromium") await log.emulateTimezone("Pacific/Kiritimati");
    if (browserName === "chromium") await log.reload({ waitUntil: "load" }).then(() => log.waitForSelector("main[aria-busy=false]", { timeout: 15000 }));
    const row = await rowOf(log, beacon.seq);
    assert.equal(row.sentence, wanted, "the beacon's entry as a sentence");
    assert.equal((await rowOf(log, cookie.seq)).sentence, fill(en.logCookieSet, [site, "_ga", who]), "the _ga cookie's entry as a sentence");
    const shown = await log.$$eval("#rows td.sentence", (cells) => cells.map((c) => c.textContent).join("\n"));
    assert.ok(!shown.includes(summary.site.id), `no internal site id in the sentences: ${shown.slice(0, 300)}`);
    assert.ok(!/\bgoogle-analytics\b/.test(shown), "no internal vendor id in the sentences");

    // The time: the entry's UTC in <time datetime>, the reader's own on screen.
    assert.equal(row.datetime, beacon.time);
    assert.notEqual(row.time, beacon.time, "not the raw UTC stamp");
    if (browserName === "chromium") {
      // Worked out by the browser's own Intl for UTC+14, and for UTC: the
      // page shows the first, and the two differ.
      const [far, utc] = await log.evaluate((iso) => ["Pacific/Kiritimati", "UTC"].map((timeZone) => new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium", timeStyle: "medium", timeZone }).format(new Date(iso))), beacon.time);
      assert.notEqual(far, utc);
      assert.equal(row.time, far, "shown in the reader's time zone");
    }

    // The recorded fields, one Enter away, with the time in UTC.
    assert.equal(row.open, false, "the fields start folded");
    await log.focus(`#rows tr[data-seq="${beacon.seq}"] summary`);
    await log.keyboard.press("Enter");
    await log.waitForFunction((seq) => document.querySelector(`#rows tr[data-seq="${seq}"] details`).open, { timeout: 5000 }, beacon.seq);
    const opened = await rowOf(log, beacon.seq);
    assert.equal(opened.fields.type, "request.seen");
    assert.equal(opened.fields.site, summary.site.id);
    assert.equal(opened.fields[en.logRawTime.message], beacon.time, "the UTC time among the fields");
    assert.equal(opened.fields.vendor, "google-analytics");
    assert.equal(opened.fields.host, beacon.data.host);
    assert.equal(opened.fields.hash, beacon.hash);
    assert.deepEqual(await audit(log), [], "log page, an entry's fields open");
    await log.close();

    // In Welsh.
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    await options.select("#language", "cy");
    await options.waitForFunction(() => document.documentElement.lang === "cy", { timeout: 15000 });
    const cy = await openLog(b);
    const cyWho = `${vendor} (${MESSAGES.cy.category_analytics.message})`;
    const cyWanted = beacon.data.count === 1 ? fill(MESSAGES.cy.logRequestOnce, [site, cyWho]) : fill(MESSAGES.cy.logRequestMany, [site, cyWho, String(beacon.data.count)]);
    assert.equal((await rowOf(cy, beacon.seq)).sentence, cyWanted, "the beacon's entry in Welsh");
    await cy.click(`#rows tr[data-seq="${cookie.seq}"] summary`);
    assert.deepEqual(await audit(cy), [], "log page in Welsh, an entry's fields open");
  });
}

after(async () => (await server()).close());
