// Issue 13: onboarding. On first install the extension opens the
// onboarding page (and not the choice of sites as well): it says what is
// watched and what is never sent anywhere, why each permission the manifest
// asks for is needed, and how to read the popup (naming the popup's own
// buttons). From the keyboard alone, Tab reaches the way on and Enter opens
// the choice of sites. In Welsh, chosen in the options, the page is Welsh.
// axe finds nothing in either language. The expected words are read from
// the locale files, so a page showing a key or the wrong language fails.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const locale = (lang) => JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), "utf8"));
const EN = locale("en");
const CY = locale("cy");
const manifest = JSON.parse(readFileSync(new URL("../../extension/manifest.json", import.meta.url), "utf8"));
// Each permission of the manifest, and the page's words that explain it.
const EXPLAINED = {
  cookies: "permCookiesWhy",
  storage: "permStorageWhy",
  unlimitedStorage: "permStorageWhy",
  activeTab: "permTabsWhy",
  tabs: "permTabsWhy",
  scripting: "permScriptingWhy",
  webRequest: "permRequestsWhy",
  browsingData: "permDataWhy",
  alarms: "permAlarmsWhy",
  notifications: "permAlarmsWhy",
  host_permissions: "permSitesWhy",
  optional_host_permissions: "permDeepWhy",
};
const fill = (m, subs) => subs.reduce((text, s, i) => text.replace(`$${Object.keys(m.placeholders)[i].toUpperCase()}$`, s), m.message);

async function pageWords(page) {
  await page.waitForSelector("main[aria-busy=false]", { timeout: 15000 });
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    h1: document.querySelector("h1").textContent,
    headings: [...document.querySelectorAll("h2")].map((h) => h.textContent),
    items: [...document.querySelectorAll("li, dt, dd, p")].map((n) => n.textContent),
  }));
}

function assertExplains(words, L, label) {
  assert.equal(words.h1, L.onboardingTitle.message, `${label}: title`);
  for (const k of ["onboardingWatchedHeading", "onboardingNeverHeading", "onboardingPermissionsHeading", "onboardingPopupHeading"]) assert.ok(words.headings.includes(L[k].message), `${label}: ${k}`);
  for (const k of ["onboardingWatched1", "onboardingNever1", "onboardingNever2", "onboardingPopup1", "onboardingPopup3", "onboardingPopup4"]) assert.ok(words.items.includes(L[k].message), `${label}: ${k}`);
  for (const p of [...manifest.permissions, "host_permissions", "optional_host_permissions"]) {
    assert.ok(EXPLAINED[p], `the test knows where ${p} is explained`);
    assert.ok(words.items.includes(L[EXPLAINED[p]].message), `${label}: ${p} explained`);
  }
  const buttons = fill(L.onboardingPopup5, [L.popupClean.message, L.popupRecord.message, L.popupOpenLog.message]);
  assert.ok(words.items.includes(buttons), `${label}: the popup's buttons by their names: ${buttons}`);
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the onboarding page opens on install, explains, and leads on by keyboard, in English and Welsh`, { timeout: 120000 }, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    const onboardingUrl = b.base + "onboarding/onboarding.html";
    const page = await b.findPage((href) => href === onboardingUrl);
    const words = await pageWords(page);
    assert.match(words.lang, /^en/);
    assertExplains(words, EN, "English");
    // Opened alone: the choice of sites is not opened beside it.
    const hrefs = await Promise.all((await b.browser.pages()).map((p) => p.evaluate(() => location.href).catch(() => "")));
    assert.equal(hrefs.filter((h) => h === onboardingUrl).length, 1, "one onboarding tab");
    assert.ok(!hrefs.some((h) => h.includes("options/options.html")), `no options tab: ${hrefs}`);
    assert.deepEqual(await audit(page), [], "onboarding page in English");

    // Keyboard only: Tab to the way on, Enter follows it.
    let focused = null;
    for (let i = 0; i < 6 && focused !== "start"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.id ?? null);
    }
    assert.equal(focused, "start", "Tab reaches the way on");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.pathname.endsWith("/options/options.html") && document.getElementById("welcome") && !document.getElementById("welcome").hidden, { timeout: 15000 });

    // Welsh, chosen in the options as a user does.
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    await options.select("#language", "cy");
    await options.waitForFunction((title) => document.querySelector("h1")?.textContent === title, { timeout: 15000 }, CY.optionsTitle.message);
    const welsh = await b.openExtensionPage("onboarding/onboarding.html");
    const cy = await pageWords(welsh);
    assert.equal(cy.lang, "cy");
    assertExplains(cy, CY, "Welsh");
    assert.ok(!cy.items.includes(EN.onboardingNever1.message), "no English left");
    assert.deepEqual(await audit(welsh), [], "onboarding page in Welsh");
    // The options page leads back to it.
    assert.equal(await options.$eval("a[href$='onboarding/onboarding.html']", (a) => a.textContent), CY.optionsOnboardingLink.message);
  });
}

after(async () => (await server()).close());
