// Issue 10: "the log page always shows the current head in the same short
// form". The log page is opened first, then the site is visited, which
// journals new entries: without reloading, the page must come to show the
// journal's head as it now is (seq and short form). Shown to fail with the
// background's announcement of each stored head removed.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";
const shortOf = (hash) => hash.slice(0, 16).match(/.{4}/g).join("-");

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the open log page follows the journal's head as entries are written`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    const before = await b.sendOk({ type: "journal.stats" });
    const headText = () => log.$eval("#head", (n) => n.textContent);
    assert.ok((await headText()).includes(String(before.head.seq)), "the page starts at the head it was opened on");

    // New entries, written while the page stays open.
    const page = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.length >= 3);
    await page.close();

    // Poll until the page shows the journal's head, which must have moved.
    let last = null;
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      const stats = await b.sendOk({ type: "journal.stats" });
      const shown = await headText();
      const full = await log.$eval("#head-full", (n) => n.textContent);
      last = { stats: stats.head, shown, full };
      if (stats.head.seq > before.head.seq && shown.includes(shortOf(stats.head.hash)) && shown.includes(String(stats.head.seq)) && full === stats.head.hash) break;
      last = { ...last, behind: true };
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(last && !last.behind, `the log page did not follow the head: ${JSON.stringify(last)}`);
  });
}

after(async () => (await server()).close());
