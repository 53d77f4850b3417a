// Issue 5: one cleanup removes the site's tracking in every partition and
// storage kind, keeps the keep-list and the consent refusal, leaves the
// bystander alone, and is journaled; automatic cleanup on last-tab-close.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";
import { verifyChain } from "./chain.mjs";

const SITE = "findajob.dwp.gov.uk";
const NEWS = "www.bystander-news.example";

// Does a cookie belong to the Find a job site: on its domain, or kept in
// its partition?
const ofSite = (c) => /(^|\.)dwp\.gov\.uk$/.test(c.domain.replace(/^\./, "")) || c.partitionKey?.topLevelSite === "https://dwp.gov.uk";

async function storageReport(b, host) {
  const page = await b.visit(host, "/storage-report.html", { waitFor: "html[data-report-ready=true]" });
  const report = await page.evaluate(() => window.__report);
  await page.close();
  return report;
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: one cleanup leaves nothing of the site and nothing else touched`, async (t) => {
    const b = await launch(browserName, { variant: browserName === "chromium" ? "deep" : null });
    t.after(() => b.close());
    const config = await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const site = config.sites[0];
    await b.sendOk({ type: "sites.update", site: { ...site, keep: ["findajob_session"] } });
    await b.enableDeepInspection();

    const news = await b.visit(NEWS);
    const page = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) =>
      ["widget_uid", "_ga", "hotjar", "findajob-static-v1", "_hjSessionUser_123"].every((n) => s.findings.some((f) => f.name === n)),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const before = (await b.shim("getAllCookies", {})).filter(ofSite);
    assert.ok(before.some((c) => c.partitionKey), "a partitioned cookie exists before cleaning");
    await page.close();
    // A closing page may still send a beacon whose response sets a cookie;
    // let it land first, or the cleanup rightly reports it as left behind.
    await new Promise((r) => setTimeout(r, 1500));

    const r = await b.sendOk({ type: "site.clean", host: SITE });
    assert.equal(r.site, "uk-find-a-job");
    assert.ok(r.summary.removedCookies >= 8, `removed ${r.summary.removedCookies}`);
    assert.deepEqual(r.summary.residue, [], `residue: ${r.summary.residue}`);
    assert.equal(r.result.failed, 0, JSON.stringify(r.result.details.filter((d) => d.status !== "removed")));
    assert.match(r.text, /Removed \d+ cookies/);

    // Every partition, through the extension APIs: only what was kept.
    const left = (await b.shim("getAllCookies", {})).filter(ofSite).map((c) => c.name).sort();
    assert.deepEqual(left, ["cookies_policy", "findajob_session"], "keep-list and consent refusal only");
    const kept = r.result.kept.map((k) => `${k.name}:${k.reason}`);
    assert.ok(kept.includes("findajob_session:keep-list"));
    assert.ok(kept.includes("cookies_policy:consent-refusal"));

    // A blank page of the site reports no storage at all.
    const report = await storageReport(b, SITE);
    for (const area of ["localStorage", "sessionStorage", "indexedDB", "caches", "serviceWorkers"]) {
      const value = report[area] ?? report[area.toLowerCase()];
      if (value !== undefined) assert.deepEqual(value, [], `${area} left: ${JSON.stringify(value)}`);
    }
    assert.ok(!JSON.stringify(report).includes("hotjar"), JSON.stringify(report));

    // The bystander is untouched.
    const newsCookies = (await b.shim("getAllCookies", { domain: "bystander-news.example" })).map((c) => c.name);
    assert.ok(newsCookies.includes("bystander_pref") && newsCookies.includes("_ga"), `bystander cookies: ${newsCookies}`);
    assert.ok(JSON.stringify(await storageReport(b, NEWS)).includes("bystander_seen"));
    await news.close();

    // Journaled, every removed item listed, and the chain verifies.
    const doc = JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text);
    verifyChain(doc);
    const entry = doc.journal.entries.find((e) => e.type === "cleanup.result");
    const removed = entry.data.details.filter((d) => d.status === "removed").map((d) => d.name);
    for (const n of ["_ga", "widget_uid", "_fbp", "dtCookie"]) assert.ok(removed.includes(n), `${n} in the journal entry`);
    assert.ok(doc.journal.entries.some((e) => e.type === "cleanup.requested"));
    assert.ok(!JSON.stringify(entry).includes("GA1."), "no cookie value in the journal");

    // Automatic cleanup when the site's last tab closes.
    const updated = (await b.sendOk({ type: "sites.list" })).sites[0];
    await b.sendOk({ type: "sites.update", site: { ...updated, autoClean: "last-tab-closed" } });
    const again = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.name === "_ga"));
    await new Promise((r) => setTimeout(r, 1000));
    await again.close();
    const end = Date.now() + 20000;
    let auto = null;
    while (!auto && Date.now() < end) {
      const log = await b.sendOk({ type: "journal.page", limit: 50, filter: { type: "cleanup.result" } });
      auto = log.entries.find((e) => e.data.trigger === "automatic");
      if (!auto) await new Promise((r) => setTimeout(r, 300));
    }
    assert.ok(auto, "automatic cleanup journaled");
    assert.equal(auto.data.mode, "last-tab-closed");
    const afterAuto = (await b.shim("getAllCookies", {})).filter(ofSite).map((c) => c.name).sort();
    assert.deepEqual(afterAuto, ["cookies_policy", "findajob_session"]);
  });
}

after(async () => (await server()).close());
