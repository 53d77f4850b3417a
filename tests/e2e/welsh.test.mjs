// Welsh: chosen in the options page, the popup, options and log pages, the
// printable report and the page language all switch to Welsh, every page
// still passes axe in Welsh, and choosing "the browser's language" brings
// English back. The expected words are read from the two locale files, so
// a page that kept showing English (or showed a key) fails.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";

const SITE = "findajob.dwp.gov.uk";
const locale = (lang) => JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), "utf8"));
const CY = locale("cy");
const EN = locale("en");
// A message as a pattern of the whole text: its numbers as digits, the
// site's name as any text.
const sentence = (entry) => new RegExp(`^${entry.message.replace(/[.*+?^{}()|[\]\\]/g, "\\$&").replace(/\$(COUNT|WITHOUT)\$/g, "\\d+").replace(/\$SITE\$/g, ".+")}$`);

// Chooses a language in the options page, the way a user does; the page
// reloads itself in that language.
async function chooseLanguage(b, value, expectedTitle) {
  const options = await b.openExtensionPage("options/options.html");
  await options.waitForSelector("main[aria-busy=false]");
  await options.select("#language", value);
  await options.waitForFunction(
    (title) => document.querySelector("main")?.getAttribute("aria-busy") === "false" && document.querySelector("h1")?.textContent === title,
    { timeout: 15000 },
    expectedTitle,
  );
  return options;
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: Welsh chosen in the options reaches every page and the report`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.length > 5);

    const options = await chooseLanguage(b, "cy", CY.optionsTitle.message);
    assert.equal(await options.evaluate(() => document.documentElement.lang), "cy");
    assert.equal(await options.$eval("#language", (s) => s.value), "cy");
    assert.deepEqual(await audit(options), [], "options page in Welsh");
    // The key section warns that clearing the browser loses the key, in
    // the reader's language, where it can be seen.
    const keySection = () =>
      options.$eval("#key-heading", (h) => {
        const section = h.closest("section");
        return { text: section.innerText, shown: section.checkVisibility() };
      });
    const cyKey = await keySection();
    assert.ok(cyKey.shown && cyKey.text.includes(CY.keyWipeWarning.message), `the Welsh wipe warning is shown: ${cyKey.text}`);
    const config = await b.sendOk({ type: "sites.list" });
    assert.equal(config.language, "cy", "the choice is in the configuration");

    const popup = await b.popup(b.url(SITE));
    assert.equal(await popup.evaluate(() => document.documentElement.lang), "cy");
    const popupText = await popup.evaluate(() => document.body.innerText);
    // The stand-in refuses consent and has several companies: the verdict
    // is that sentence in Welsh, its numbers filled.
    const verdict = await popup.$eval("#verdict", (e) => e.textContent);
    assert.match(verdict, sentence(CY.verdictManyRefused), "Welsh verdict with its numbers");
    assert.doesNotMatch(verdict, sentence(EN.verdictManyRefused), "no English verdict");
    assert.ok(popupText.includes(CY.popupCompaniesHeading.message), `Welsh rows heading in: ${popupText.slice(0, 300)}`);
    assert.ok(popupText.includes(CY.category_analytics.message), "Welsh category names on the rows");
    assert.ok(popupText.includes(CY.popupClean.message), "Welsh clean button");
    assert.deepEqual(await audit(popup), [], "popup in Welsh");

    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    assert.equal(await log.$eval("h1", (h) => h.textContent), CY.logHeading.message);
    // With its pictures drawn, in Welsh too.
    await log.waitForSelector("#timeline[data-drawn=true]", { timeout: 30000 });
    await log.waitForSelector("#graph[data-drawn=true] svg", { timeout: 30000 });
    assert.equal(await log.$eval("#graph-heading", (h) => h.textContent), CY.graphHeading.message);
    assert.ok((await log.$eval("#graph svg title", (n) => n.textContent)).startsWith(CY.graphTitle.message.split("$SITE$")[0]), "the graph's title in Welsh");
    assert.deepEqual(await audit(log), [], "log page in Welsh");

    const report = await b.sendOk({ type: "evidence.export", format: "html" });
    assert.match(report.text, /<html lang="cy"/, "the report is marked as Welsh");
    assert.ok(report.text.includes(CY.report_title.message), "the report's title is Welsh");
    assert.ok(!report.text.includes(EN.report_title.message), "and not English");
    assert.ok(report.text.includes(`<h2>${CY.report_graphHeading.message}</h2>`), "the report's graph heading is Welsh");

    const back = await chooseLanguage(b, "", EN.optionsTitle.message);
    const enKey = await back.$eval("#key-heading", (h) => ({ text: h.closest("section").innerText, shown: h.closest("section").checkVisibility() }));
    assert.ok(enKey.shown && enKey.text.includes(EN.keyWipeWarning.message), `the English wipe warning is shown: ${enKey.text}`);
    assert.equal((await b.sendOk({ type: "sites.list" })).language ?? null, null);
    const english = await b.popup(b.url(SITE));
    assert.match(await english.$eval("#verdict", (e) => e.textContent), sentence(EN.verdictManyRefused), "English again");
  });
}

after(async () => (await server()).close());
