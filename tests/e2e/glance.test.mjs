// Issue 13: the popup answers at a glance. On the Find a job stand-in, at
// 400 × 600 px (the size of a browser's extension popup), it needs no
// scrolling: the verdict is read first and is on screen, what needs
// attention (the companies present although consent was refused) is on
// screen, every company's row and the actions too. A row opens from the
// keyboard and lists its items in plain words. The same holds in Welsh, and
// axe finds nothing in either language, with a row open.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, server } from "./harness.mjs";
import { audit } from "./axe.mjs";
import { expectedVerdictLine } from "./expected-findings.mjs";

const SITE = "findajob.dwp.gov.uk";
const locale = (lang) => JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), "utf8"));
const MESSAGES = { en: locale("en"), cy: locale("cy") };

// The verdict a summary calls for, as a locale words it.
function verdictFor(summary, lang) {
  const { trackers, withoutConsent } = summary.verdict;
  const m = MESSAGES[lang].verdictManyRefused.message;
  return m.replace("$COUNT$", String(trackers)).replace("$SITE$", summary.site.name).replace("$WITHOUT$", String(withoutConsent));
}

// What is where at 400 × 600: whether the page scrolls, and each part's
// box, the verdict's text and whether it is the first text of the page.
async function layout(popup) {
  await popup.setViewport({ width: 400, height: 600 });
  return popup.evaluate(() => {
    const box = (sel) => {
      const e = document.querySelector(sel);
      if (!e || e.closest("[hidden]")) return null;
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const s = document.scrollingElement;
    return {
      scroll: { height: s.scrollHeight, client: s.clientHeight, width: s.scrollWidth, clientWidth: s.clientWidth, viewport: [innerWidth, innerHeight] },
      used: Math.ceil(document.querySelector("main").getBoundingClientRect().bottom),
      verdict: document.getElementById("verdict").textContent,
      firstText: document.querySelector("main").innerText.trim().split("\n")[0],
      parts: Object.fromEntries(["#verdict", "#attention", "#breaches", "#company-list", "#clean", "#record", "#open-log"].map((sel) => [sel, box(sel)])),
      rows: [...document.querySelectorAll("#company-list > li")].map((li) => ({ key: li.dataset.key, bottom: li.getBoundingClientRect().bottom, said: li.querySelector("summary").innerText })),
      list: document.getElementById("company-list").tagName,
    };
  });
}

function assertGlance(name, view, summary, lang) {
  const { scroll, parts } = view;
  assert.deepEqual(scroll.viewport, [400, 600], `${name}: the page is 400 × 600`);
  assert.ok(scroll.height <= scroll.client, `${name}: no vertical scroll (${scroll.height} > ${scroll.client})`);
  assert.ok(scroll.width <= scroll.clientWidth, `${name}: no sideways scroll (${scroll.width} > ${scroll.clientWidth})`);
  assert.equal(view.verdict, verdictFor(summary, lang), `${name}: the verdict`);
  assert.equal(view.firstText, view.verdict, `${name}: the verdict is the first thing read`);
  for (const [sel, b] of Object.entries(parts)) {
    assert.ok(b, `${name}: ${sel} is shown`);
    assert.ok(b.top >= 0 && b.bottom <= 600 && b.left >= 0 && b.right <= 400, `${name}: ${sel} is on screen: ${JSON.stringify(b)}`);
  }
  assert.ok(parts["#verdict"].bottom <= parts["#attention"].top && parts["#attention"].bottom <= parts["#company-list"].top && parts["#company-list"].bottom <= parts["#clean"].top, `${name}: verdict, attention, rows, actions, from the top: ${JSON.stringify(parts)}`);
  assert.equal(view.list, "UL", `${name}: the rows are a list`);
  for (const r of view.rows) assert.ok(r.bottom <= 600, `${name}: row ${r.key} on screen`);
  const words = MESSAGES[lang];
  const countSaid = new RegExp(`(${words.popupItemsMany.message.replace("$COUNT$", "\\d+")}|${words.popupItemsOne.message})$`);
  for (const r of view.rows.filter((x) => x.key !== "unknown")) assert.match(r.said, countSaid, `${name}: row ${r.key} says its count`);
}

// Opens the first company's row with the keyboard, and reads it.
async function openFirstRow(popup) {
  await popup.focus("#company-list summary");
  await popup.keyboard.press("Enter");
  await popup.waitForFunction(() => document.querySelector("#company-list details")?.open, { timeout: 5000 });
  return popup.$eval("#company-list details", (d) => ({ key: d.parentElement.dataset.key, items: [...d.querySelectorAll("li[data-name]")].map((li) => li.innerText) }));
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: the popup fits 400 × 600 with no scroll, verdict and attention first, in English and Welsh`, { timeout: 180000 }, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.visit(SITE);
    // Every company of the stand-in's home page (expected-findings.mjs) seen.
    const expected = expectedVerdictLine();
    await b.waitForSummary(SITE, (s) => s.verdict.trackers === expected.trackers && s.verdict.withoutConsent === expected.withoutConsent);
    const summary = await b.sendOk({ type: "site.summary", host: SITE });

    const popup = await b.popup(b.url(SITE));
    const view = await layout(popup);
    t.diagnostic(`English: ${view.used} px of 600; verdict: ${view.verdict}`);
    assertGlance("English", view, summary, "en");
    const breach = await popup.$$eval("#breaches [data-vendor]", (vs) => vs.map((v) => v.dataset.vendor).sort());
    const refused = [...new Set(summary.findings.filter((f) => f.consentBreach && f.vendor).map((f) => f.vendor))].sort();
    assert.deepEqual(breach, refused, "the attention names each company present despite the refusal");
    const first = await openFirstRow(popup);
    const wanted = summary.findings.filter((f) => f.vendor === first.key);
    assert.equal(first.items.length, wanted.length, `row ${first.key} lists each of its items`);
    for (const line of first.items) assert.match(line, /^(Cookie .+, kept|Saved in your browser: .+|Contacted .+ — (once|\d+ times))/, "in plain words");
    assert.deepEqual(await audit(popup), [], "popup in English, a row open");
    await popup.close();

    // Welsh, chosen in the options page as a user does.
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    await options.select("#language", "cy");
    await options.waitForFunction(() => document.documentElement.lang === "cy" && document.querySelector("main")?.getAttribute("aria-busy") === "false", { timeout: 15000 });
    const cy = await b.popup(b.url(SITE));
    assert.equal(await cy.evaluate(() => document.documentElement.lang), "cy");
    const cyView = await layout(cy);
    t.diagnostic(`Welsh: ${cyView.used} px of 600; verdict: ${cyView.verdict}`);
    assertGlance("Welsh", cyView, summary, "cy");
    const cyText = await cy.$eval("main", (m) => m.innerText);
    for (const key of ["popupAttentionHeading", "popupCompaniesHeading", "popupClean", "popupRecord", "popupOpenLog"]) assert.ok(cyText.includes(MESSAGES.cy[key].message), `Welsh ${key} in: ${cyText.slice(0, 400)}`);
    const cyFirst = await openFirstRow(cy);
    for (const line of cyFirst.items) assert.match(line, /^(Cwci .+, yn cael ei gadw|Wedi'i gadw yn eich porwr: .+|Wedi cysylltu â .+ — (unwaith|\d+ gwaith))/, "in plain Welsh");
    assert.deepEqual(await audit(cy), [], "popup in Welsh, a row open");
  });
}

after(async () => (await server()).close());
