// Issue 3: a site the user adds asks for its own domain, gets the content
// script, and is watched; settings go out to a file and come back, and a
// bad or future file is refused with nothing changed.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";

const NEWS = "www.bystander-news.example";
const SITE = "findajob.dwp.gov.uk";

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: add a site from the options page, then export and import settings`, async (t) => {
    // Chromium cannot click its own permission prompt; the deep build already
    // holds every host, so the request for the new site resolves at once.
    const b = await launch(browserName, { variant: browserName === "chromium" ? "deep" : null });
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });

    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    // A bad address is refused with a message while typing.
    await options.type("#add-hosts", "gov.uk");
    await options.waitForFunction(() => document.getElementById("add-error").textContent.length > 0);
    assert.match(await options.$eval("#add-error", (e) => e.textContent), /public domain/);
    await options.$eval("#add-hosts", (e) => (e.value = ""));
    await options.type("#add-name", "Local news");
    await options.type("#add-hosts", NEWS);
    // The permission asked for is the one worked out for the whole address.
    await options.waitForFunction((h) => document.getElementById("add-form").dataset.checked === h, {}, NEWS);
    assert.equal(await options.$eval("#add-error", (e) => e.textContent), "");
    await options.click("#add-form button[type=submit]");
    await options.waitForFunction((h) => document.getElementById("sites").innerText.includes(h), {}, NEWS);

    const config = await b.sendOk({ type: "sites.list" });
    const added = config.sites.find((s) => s.hosts.includes(NEWS));
    assert.ok(added, "site added");

    await b.visit(NEWS);
    const summary = await b.waitForSummary(NEWS, (s) =>
      s.findings.some((f) => f.name === "bystander_pref") && s.findings.some((f) => f.kind === "storage" && f.name === "bystander_seen"),
    );
    assert.equal(summary.site.id, added.id);

    const { text } = await b.sendOk({ type: "settings.export" });
    const file = JSON.parse(text);
    assert.equal(file.format, "tracking-witness/settings");
    assert.equal(file.version, 1);

    const future = JSON.stringify({ ...file, version: 99 });
    const refused = await b.send({ type: "settings.import", text: future });
    assert.equal(refused.ok, false);
    assert.equal(refused.name, "UnsupportedVersion");
    const broken = await b.send({ type: "settings.import", text: "{not json" });
    assert.equal(broken.ok, false);
    assert.deepEqual(await b.sendOk({ type: "sites.list" }), config, "nothing changed");

    await b.sendOk({ type: "sites.remove", id: added.id });
    assert.equal((await b.send({ type: "site.summary", host: NEWS })).name, "UnknownSite");
    const restored = await b.sendOk({ type: "settings.import", text });
    assert.ok(restored.sites.some((s) => s.id === added.id), "import brought the site back");

    const log = await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "site" } });
    const types = log.entries.map((e) => e.type);
    assert.ok(types.includes("site.added") && types.includes("site.removed"), `journal: ${types}`);
  });
}

// Issue 11: overlapping patterns went to whichever site was listed first, so
// a "*.dwp.gov.uk" site listed before Find a job took Find a job's pages.
// Now the most specific pattern wins, and the overlap is said when added.
for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: overlapping site patterns: the narrower site wins, whatever the order`, async (t) => {
    const b = await launch(browserName, { variant: browserName === "chromium" ? "deep" : null });
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: [] });
    const wide = await b.sendOk({ type: "sites.add", name: "All of DWP", hosts: ["*.dwp.gov.uk"] });
    assert.deepEqual(wide.overlaps, []);
    // The narrow site is added in the options page, which says what the overlap means.
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    await options.type("#add-name", "My Find a job");
    await options.type("#add-hosts", SITE);
    await options.waitForFunction((h) => document.getElementById("add-form").dataset.checked === h, {}, SITE);
    await options.click("#add-form button[type=submit]");
    await options.waitForFunction(() => /overlaps/.test(document.getElementById("status").textContent), { timeout: 15000 });
    const said = await options.$eval("#status", (e) => e.textContent);
    assert.match(said, /findajob\.dwp\.gov\.uk overlaps \*\.dwp\.gov\.uk of “All of DWP”: the pages both cover count as this site's/);
    await options.close();
    const listed = (await b.sendOk({ type: "sites.list" })).sites.find((x) => x.name === "My Find a job");
    const narrow = await b.sendOk({ type: "sites.update", site: listed });
    assert.deepEqual(narrow.overlaps, [
      { pattern: SITE, otherSite: wide.id, otherName: "All of DWP", otherPattern: "*.dwp.gov.uk", sharedHostsGoTo: "this" },
    ]);
    const { sites } = await b.sendOk({ type: "sites.list" });
    assert.deepEqual(sites.map((s) => s.id), [wide.id, narrow.id], "the wide site is listed first");

    const page = await b.visit(SITE);
    await page.evaluate(() => localStorage.setItem("tw_overlap_probe", "1"));
    const summary = await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.name === "tw_overlap_probe"), 30000);
    assert.equal(summary.site.id, narrow.id, "Find a job's pages are the narrower site's");
    const log = await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "storage" } });
    const onSite = log.entries.filter((e) => e.data.host === SITE);
    assert.ok(onSite.length > 0, "storage of the page journaled");
    assert.deepEqual([...new Set(onSite.map((e) => e.site))], [narrow.id], "every storage entry of the page is the narrower site's");
    const wideSummary = await b.sendOk({ type: "site.summary", host: "account.dwp.gov.uk" });
    assert.equal(wideSummary.site.id, wide.id, "other DWP hosts stay with the wide site");
    assert.ok(!wideSummary.findings.some((f) => f.kind === "storage" && f.host === SITE), "none of Find a job's storage in the wide site");
    await page.close();
  });
}

after(async () => (await server()).close());
