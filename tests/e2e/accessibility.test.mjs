// Every extension page passes an automated accessibility check (axe-core,
// WCAG 2.1 A and AA rules), with real data on screen, in both browsers.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: popup, options, onboarding and log pages have no axe violations`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.length > 5);

    const popup = await b.popup(b.url(SITE));
    assert.deepEqual(await audit(popup), [], "popup for a watched site");
    const other = await b.popup("https://www.bystander-news.example/");
    assert.deepEqual(await audit(other), [], "popup for an unwatched site");
    const options = await b.openExtensionPage("options/options.html#welcome");
    await options.waitForSelector("main[aria-busy=false]");
    assert.deepEqual(await audit(options), [], "options page with the welcome form");
    const onboarding = await b.openExtensionPage("onboarding/onboarding.html");
    await onboarding.waitForSelector("main[aria-busy=false]");
    assert.deepEqual(await audit(onboarding), [], "onboarding page");
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    assert.deepEqual(await audit(log), [], "log page");
    await log.click("#receipt-get");
    await log.waitForSelector("#receipt:not([hidden])");
    assert.deepEqual(await audit(log), [], "log page showing a receipt");
  });
}

after(async () => (await server()).close());
