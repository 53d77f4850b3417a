// Issue 11: sessionStorage belongs to a tab. Two tabs of Find a job each keep
// their own; what one tab's page removes is journaled for that tab only,
// and a closed tab's items are journaled as gone with it (cause
// "tab-closed"), never as the site removing another tab's items.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, until } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";

async function storageEntries(b, key) {
  const log = await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "storage" } });
  return log.entries.filter((e) => e.data.area === "session" && e.data.key === key);
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: one tab's sessionStorage is never another tab's removal`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const one = await b.visit(SITE);
    const two = await b.visit(SITE);
    await one.evaluate(() => sessionStorage.setItem("tw_tab_one", "1"));
    await two.evaluate(() => sessionStorage.setItem("tw_tab_two", "2"));
    // Each tab snapshots when it is hidden or every few seconds when shown.
    await one.bringToFront();
    await two.bringToFront();
    const added = await until(
      "both tabs' items journaled",
      async () => ({ one: await storageEntries(b, "tw_tab_one"), two: await storageEntries(b, "tw_tab_two") }),
      (r) => r.one?.some((e) => e.type === "storage.added") && r.two?.some((e) => e.type === "storage.added"),
      30000,
    );
    const tabOne = added.one.find((e) => e.type === "storage.added").data.tab;
    const tabTwo = added.two.find((e) => e.type === "storage.added").data.tab;
    assert.ok(Number.isInteger(tabOne) && Number.isInteger(tabTwo) && tabOne !== tabTwo, `tabs ${tabOne} and ${tabTwo}`);

    // Tab two's page removes its own item; tab one keeps its own.
    await two.evaluate(() => sessionStorage.removeItem("tw_tab_two"));
    await one.bringToFront();
    const removed = await until(
      "tab two's removal journaled",
      () => storageEntries(b, "tw_tab_two"),
      (r) => r?.some?.((e) => e.type === "storage.removed"),
      30000,
    );
    const gone = removed.find((e) => e.type === "storage.removed");
    assert.equal(gone.data.tab, tabTwo);
    assert.equal(gone.data.cause, undefined, "the page removed it");
    // Tab two's snapshot, without tab one's item, has been taken (its
    // removal is journaled): before, it journaled tab one's item as removed.
    assert.deepEqual((await storageEntries(b, "tw_tab_one")).map((e) => e.type), ["storage.added"], "tab one's item was never removed");
    const summary = await b.sendOk({ type: "site.summary", host: SITE });
    assert.ok(summary.findings.some((f) => f.name === "tw_tab_one"), "still a finding");
    assert.ok(!summary.findings.some((f) => f.name === "tw_tab_two"), "gone from the picture");

    // Tab one closes: its item goes with it, said so.
    await one.close();
    const closed = await until(
      "tab one's items journaled as gone with the tab",
      () => storageEntries(b, "tw_tab_one"),
      (r) => r?.some?.((e) => e.type === "storage.removed"),
      20000,
    );
    const e = closed.find((x) => x.type === "storage.removed");
    assert.equal(e.data.cause, "tab-closed");
    assert.equal(e.data.tab, tabOne);
    await two.close();
  });
}

after(async () => (await server()).close());
