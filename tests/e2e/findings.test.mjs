// Issue 3: on the Find a job stand-in, each kind of tracking appears in the
// popup with the right vendor, category and party, and the consent breach
// is flagged. Chromium runs the deep-inspection build (third-party jars
// visible); Firefox turns deep inspection on through the options page.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";
import { HOME_FINDINGS, TRACKING_NAMES, expectedVerdictLine, expectedBreachVendors, expectedRows, identity, rowIdentity } from "./expected-findings.mjs";

const SITE = "findajob.dwp.gov.uk";
const find = (s, kind, name, area) => s.findings.find((f) => f.kind === kind && f.name === name && (area === undefined || f.detail?.area === area));
const rowOf = (f) => HOME_FINDINGS.find((r) => rowIdentity(r) === identity(f));

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: findings are classified and consent breaches flagged`, async (t) => {
    const b = await launch(browserName, { variant: browserName === "chromium" ? "deep" : null });
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });

    if (browserName === "firefox") {
      await b.enableDeepInspection();
      const config = await b.sendOk({ type: "sites.list" });
      assert.equal(config.deepInspection, true, "deep inspection recorded as on");
    }

    await b.visit(SITE);
    // Every expected finding, and the verdict they make, or fail with what was last seen.
    const want = new Set(HOME_FINDINGS.map(rowIdentity));
    const expected = expectedVerdictLine();
    const summary = await b.waitForSummary(SITE, (s) => s.findings.filter((f) => want.has(identity(f))).length === want.size && s.verdict.trackers === expected.trackers);

    // Exactly the table: nothing missing, nothing more.
    const got = summary.findings.map(identity);
    assert.deepEqual(got.filter((id) => !want.has(id)), [], "findings the table does not expect");
    assert.deepEqual([...want].filter((id) => !got.includes(id)), [], "findings missing");
    assert.equal(got.length, new Set(got).size, "no finding twice");
    for (const f of summary.findings) {
      const [, name, , vendor, category, party, partitioned, source] = rowOf(f);
      const part = typeof partitioned === "object" ? partitioned[browserName] : partitioned;
      assert.deepEqual({ vendor: f.vendor, category: f.category, party: f.party, partitioned: f.partitioned }, { vendor, category, party, partitioned: part }, `${f.kind} ${name} (${source})`);
      assert.equal(typeof f.reason, "string");
      if (vendor) assert.ok(summary.vendors[vendor], `${vendor} described in vendors`);
    }
    assert.deepEqual(summary.verdict.byCategory, expected.byCategory, "verdict by category");
    assert.equal(summary.verdict.trackers, expected.trackers);
    assert.equal(summary.verdict.withoutConsent, expected.withoutConsent, "companies present despite the refusal");

    // cookies_policy says usage: false, so analytics and session replay are breaches.
    assert.equal(summary.consent.usage, false);
    assert.equal(find(summary, "cookie", "_ga").consentBreach, true);
    assert.equal(find(summary, "storage", "_hjSessionUser_123").consentBreach, true);
    assert.equal(find(summary, "cookie", "dtCookie").consentBreach, false, "performance monitoring is not a consent category");
    assert.equal(find(summary, "cookie", "cookies_policy").consentBreach, false);

    const pixel = summary.findings.find((f) => f.kind === "request" && f.host === "www.facebook.com");
    assert.equal(pixel.party, "third");
    assert.ok(pixel.detail.requests.image >= 1, "pixel counted as an image request");

    // Popup: the verdict first, then who is here despite the refusal, then
    // one row per company with its category and count, text only.
    const popup = await b.popup(b.url(SITE));
    const verdict = await popup.$eval("#verdict", (e) => e.textContent);
    assert.equal(verdict, expected.line, "the popup's verdict line");
    const breachVendors = await popup.$eval("#breaches", (e) => (e.hidden ? [] : [...e.querySelectorAll("[data-vendor]")].map((v) => v.dataset.vendor)));
    assert.deepEqual(breachVendors.sort(), expectedBreachVendors(), "the companies named as present despite the refusal");
    // One row per company; findings of no known company are grouped by
    // category, the unknown ones in one row of their own, last.
    const rows = await popup.$$eval("#company-list > li.company", (ls) => ls.map((l) => ({ key: l.dataset.key, category: l.dataset.category, count: Number(l.dataset.count), kind: l.querySelector(".kind")?.textContent ?? null, countText: l.querySelector(".count")?.textContent ?? null, name: l.querySelector("summary").textContent })));
    const wantRows = expectedRows();
    assert.deepEqual(rows.map((r) => r.key).sort(), [...wantRows.keys()].sort(), "one row per company");
    assert.equal(rows[rows.length - 1].key, "unknown", "the unknown items last");
    for (const r of rows) {
      const w = wantRows.get(r.key);
      assert.equal(r.category, w.category, `${r.key}: category`);
      assert.equal(r.count, w.count, `${r.key}: number of items`);
      if (r.key === "unknown") assert.equal(r.name, `Not recognised (${w.count})`);
      else assert.equal(r.countText, w.count === 1 ? "1 item" : `${w.count} items`, `${r.key}: the count said`);
      if (w.category in TRACKING_NAMES) assert.equal(r.kind, TRACKING_NAMES[w.category], `${r.key}: its category said`);
    }
    // Opened, the unknown row lists its items in plain words.
    await popup.click("#unknown summary");
    const unknownText = await popup.$eval("#unknown", (e) => e.innerText);
    assert.match(unknownText, /Cookie widget_uid from embed\.jobs-widget\.example, kept/);
    assert.match(unknownText, /Contacted embed\.jobs-widget\.example — (once|\d+ times)/);
    // The hostile storage key is shown as text: no <img> element was created.
    assert.equal(await popup.$$eval("main img", (imgs) => imgs.length), 0);
    assert.ok((await popup.$eval("main", (m) => m.innerText)).includes("<img src=x onerror=alert(1)>"));

    // A third-party cookie seen in a response header is journaled with the
    // tab, frame and origin that caused it (Chromium: Firefox reports these
    // through its partitions instead).
    if (browserName === "chromium") {
      const log = await b.sendOk({ type: "journal.page", limit: 500, filter: { type: "cookie" } });
      const fr = log.entries.find((e) => e.data.name === "fr" && e.data.causedBy);
      assert.ok(fr, "fr journaled with what caused it");
      assert.equal(typeof fr.data.causedBy.tabId, "number");
      assert.match(fr.data.causedBy.initiator, /^https:\/\/findajob\.dwp\.gov\.uk/);
    }

    // The same findings through the public runtime message.
    const again = await b.sendOk({ type: "site.summary", host: SITE });
    assert.deepEqual(Object.keys(again).sort(), ["consent", "findings", "site", "vendors", "verdict"]);
    assert.deepEqual(again.verdict.byCategory, expected.byCategory);
    assert.deepEqual(Object.keys(again.site).sort(), ["hosts", "id", "name"]);
    for (const key of ["kind", "name", "host", "party", "partitioned", "vendor", "category", "retentionSeconds", "firstSeen", "lastSeen", "count", "reason", "consentBreach"]) {
      for (const f of again.findings) assert.ok(key in f, `${f.kind} ${f.name} has ${key}`);
    }
  });
}

after(async () => (await server()).close());
