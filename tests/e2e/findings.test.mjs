// Issue 3: on the Find a job stand-in, each kind of tracking appears in the
// popup with the right vendor, category and party, and the consent breach
// is flagged. Chromium runs the deep-inspection build (third-party jars
// visible); Firefox turns deep inspection on through the options page.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";
const find = (s, kind, name) => s.findings.find((f) => f.kind === kind && f.name === name);

const EXPECT = [
  // kind, name, vendor, category, party
  ["cookie", "_ga", "google-analytics", "analytics", "first"],
  ["cookie", "_ga_TEST123", "google-analytics", "analytics", "first"],
  ["cookie", "_fbp", "meta-pixel", "advertising", "first"],
  ["cookie", "dtCookie", "dynatrace", "performance-monitoring", "first"],
  ["cookie", "rxVisitor", "dynatrace", "performance-monitoring", "first"],
  ["storage", "rxVisitor", "dynatrace", "performance-monitoring", "first"],
  ["storage", "_hjSessionUser_123", "hotjar", "session-replay", "first"],
  ["cookie", "cookies_policy", null, "consent", "first"],
  ["cookie", "widget_uid", null, "unknown", "third"],
];

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
    const summary = await b.waitForSummary(SITE, (s) =>
      EXPECT.every(([kind, name]) => find(s, kind, name)) && find(s, "storage", "hotjar") && s.findings.some((f) => f.kind === "request" && f.host === "www.facebook.com"),
    );

    // The vendor catalog is what decides, so check the ids it really uses.
    const ids = Object.keys(summary.vendors);
    for (const [kind, name, vendor, category, party] of EXPECT) {
      const f = find(summary, kind, name);
      const actualVendor = f.vendor;
      if (vendor) assert.ok(actualVendor && (actualVendor === vendor || actualVendor.startsWith(vendor.split("-")[0])), `${name}: vendor ${actualVendor}`);
      else if (category === "unknown") assert.equal(actualVendor, null, `${name} stays unknown`);
      assert.equal(f.category, category, `${name}: category`);
      assert.equal(f.party, party, `${name}: party`);
      assert.equal(typeof f.reason, "string");
    }
    assert.ok(ids.length >= 4, `vendors: ${ids}`);
    assert.equal(find(summary, "cookie", "widget_uid").partitioned, true, "partitioned third-party cookie");
    assert.equal(find(summary, "storage", "hotjar").detail.area, "indexed-db");
    assert.equal(find(summary, "storage", "rxVisitor", "session") !== undefined, true);

    // cookies_policy says usage: false, so analytics and session replay are breaches.
    assert.equal(summary.consent.usage, false);
    assert.equal(find(summary, "cookie", "_ga").consentBreach, true);
    assert.equal(find(summary, "storage", "_hjSessionUser_123").consentBreach, true);
    assert.equal(find(summary, "cookie", "dtCookie").consentBreach, false, "performance monitoring is not a consent category");
    assert.equal(find(summary, "cookie", "cookies_policy").consentBreach, false);

    const pixel = summary.findings.find((f) => f.kind === "request" && f.host === "www.facebook.com");
    assert.equal(pixel.party, "third");
    assert.ok(pixel.detail.requests.image >= 1, "pixel counted as an image request");

    // Popup: breaches at the top, vendors grouped, unknown listed, text only.
    const popup = await b.popup(b.url(SITE));
    const breachText = await popup.$eval("#breaches", (e) => (e.hidden ? "" : e.innerText));
    assert.match(breachText, /_ga/);
    const verdict = await popup.$eval("#verdict", (e) => e.textContent);
    assert.match(verdict, /\d/);
    const vendorSections = await popup.$$eval("section.vendor", (s) => s.map((x) => x.dataset.vendor));
    assert.ok(vendorSections.includes(find(summary, "cookie", "_ga").vendor));
    const unknownText = await popup.$eval("#unknown", (e) => e.innerText);
    assert.match(unknownText, /widget_uid/);
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
    assert.ok(again.verdict.trackers >= 4, `verdict: ${JSON.stringify(again.verdict)}`);
    assert.deepEqual(Object.keys(again.site).sort(), ["hosts", "id", "name"]);
    for (const key of ["kind", "name", "host", "party", "partitioned", "vendor", "category", "retentionSeconds", "firstSeen", "lastSeen", "count", "reason", "consentBreach"]) {
      assert.ok(key in again.findings[0], `finding has ${key}`);
    }
  });
}

after(async () => (await server()).close());
