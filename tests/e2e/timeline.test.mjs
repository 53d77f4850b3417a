// Issue 13: the log page's timeline. After a visit of the Find a job
// stand-in, a cleanup and a second visit, the SVG picture has one lane for
// the site whose bar for today carries the number of tracking items the
// journal holds for today (counted here from journal.page, independently),
// a consent mark and a cleanup mark on today; it is an image with a title
// and a description naming the site and that number; the table behind the
// toggle (opened with the keyboard) says the same. axe finds nothing.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";
const TRACKING = ["cookie.set", "cookie.changed", "storage.added", "storage.changed", "request.seen", "behaviour.seen"];
const pad = (n) => String(n).padStart(2, "0");
// The machine's calendar day, which is the browser's too.
const localDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the log page's timeline shows today's tracking, the consent change and the cleanup`, { timeout: 180000 }, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    let page = await b.visit(SITE);
    const summary = await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.name === "_ga"));
    await page.close();
    await b.sendOk({ type: "site.clean", host: SITE });
    page = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.name === "_ga"));
    await page.close();

    // Counted from the whole journal before and after the picture is drawn,
    // until the two agree: then nothing came in while it was drawn.
    const today = localDay(new Date());
    const count = async () => {
      const journal = await b.sendOk({ type: "journal.page", limit: 500 });
      const mine = journal.entries.filter((e) => e.site === summary.site.id && localDay(new Date(e.time)) === today);
      return { mine, items: mine.filter((e) => TRACKING.includes(e.type)).reduce((n, e) => n + (e.type === "request.seen" ? e.data.count ?? 1 : 1), 0) };
    };
    let log = null;
    let before = await count();
    let settled = null;
    for (const end = Date.now() + 30000; Date.now() < end; ) {
      // A new page each time (Firefox's BiDi cannot reload an extension page).
      await log?.close();
      log = await b.openExtensionPage("report/log.html");
      await log.waitForSelector("#timeline[data-drawn=true]", { timeout: 30000 });
      const afterDrawn = await count();
      if (afterDrawn.items === before.items) {
        settled = afterDrawn;
        break;
      }
      before = afterDrawn;
    }
    assert.ok(settled, "the journal settled");
    const { mine, items } = settled;
    assert.ok(items > 10, `${items} tracking items today`);
    assert.ok(mine.some((e) => e.type === "consent.changed") && mine.some((e) => e.type === "cleanup.result"), "the journal has today's consent change and cleanup");

    const drawn = await log.evaluate((day) => {
      const svg = document.querySelector("#timeline svg");
      const title = svg && document.getElementById(svg.getAttribute("aria-labelledby").split(" ")[0]);
      const desc = svg && document.getElementById(svg.getAttribute("aria-labelledby").split(" ")[1]);
      const lane = svg?.querySelectorAll("g[data-site]");
      return {
        role: svg?.getAttribute("role"),
        title: title?.textContent,
        titleTag: title?.tagName,
        desc: desc?.textContent,
        lanes: [...(lane || [])].map((g) => g.dataset.site),
        bar: Number(svg?.querySelector(`rect.bar[data-day="${day}"]`)?.dataset.items),
        consent: !!svg?.querySelector(`.mark-consent[data-day="${day}"]`),
        cleanup: !!svg?.querySelector(`.mark-cleanup[data-day="${day}"]`),
        toggle: document.getElementById("timeline-toggle")?.getAttribute("aria-expanded"),
        tableHidden: document.getElementById("timeline-table")?.hidden,
      };
    }, today);
    assert.equal(drawn.role, "img");
    assert.equal(drawn.titleTag, "title");
    assert.match(drawn.title, /Tracking items seen per day/);
    assert.deepEqual(drawn.lanes, [summary.site.id], "one lane, for the site");
    assert.equal(drawn.bar, items, "today's bar carries today's tracking items");
    assert.ok(drawn.consent, "today's consent change is marked");
    assert.ok(drawn.cleanup, "today's cleanup is marked");
    assert.ok(drawn.desc.includes(`${summary.site.name}: ${items} tracking items`), `the description says it: ${drawn.desc}`);
    assert.equal(drawn.toggle, "false");
    assert.equal(drawn.tableHidden, true, "the table starts behind its toggle");

    await log.focus("#timeline-toggle");
    await log.keyboard.press("Enter");
    await log.waitForFunction(() => !document.getElementById("timeline-table").hidden, { timeout: 5000 });
    const row = await log.$eval(`#timeline-table tr[data-day="${today}"]`, (tr) => [...tr.cells].map((c) => c.textContent));
    assert.equal(row[1], summary.site.name);
    assert.equal(row[2], String(items), "the table's count for today");
    assert.match(row[3], /refused/, "the consent record's state");
    assert.equal(row[4], String(mine.filter((e) => e.type === "cleanup.result").length), "the cleanups");
    assert.equal(await log.$eval("#timeline-toggle", (b) => b.getAttribute("aria-expanded")), "true");
    assert.deepEqual(await audit(log), [], "log page with the timeline and its table");
  });
}

after(async () => (await server()).close());
