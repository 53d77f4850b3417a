// Every extension page can be used with the keyboard alone: pressing Tab
// from the top reaches every control a mouse could use (links, buttons,
// fields, menus, summaries), once each and in the order they are read,
// and each shows where the focus is. In the popup, "Clean this site" is
// opened with Enter, and the focus moves into its confirmation, whose
// controls are then reached the same way.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";

// The controls a mouse user could reach, in document order, and what Tab
// reaches from the top of the page, up to the last control.
async function walk(page) {
  return page.evaluate(async () => {
    const label = (e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}[${(e.getAttribute("aria-label") || e.textContent || e.name || e.type || "").trim().slice(0, 40)}]`;
    const shown = (e) => {
      if (e.closest("[hidden]") || e.closest("[inert]")) return false;
      const s = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0;
    };
    // Only the summary of a closed <details> is reachable.
    const inClosedDetails = (e) => {
      const d = e.parentElement?.closest("details");
      return d && !d.open && !(e.tagName === "SUMMARY" && e.parentElement === d);
    };
    // Native controls count whatever their tabindex says (one taken out of
    // the Tab order is still a control a mouse can use); other elements
    // count when they made themselves focusable.
    const native = "a[href], button, input, select, textarea, summary";
    const controls = [...document.querySelectorAll(`${native}, [tabindex]`)].filter(
      (e) => !e.disabled && (e.matches(native) || e.tabIndex >= 0) && shown(e) && !inClosedDetails(e),
    );
    return { controls: controls.map(label), ids: controls.map((e, i) => (e.dataset.twWalk = String(i))) };
  }).then(async ({ controls }) => {
    // Start from the top, whatever had the focus: a focusable point
    // before everything (removed again once the walk has begun).
    await page.evaluate(() => {
      const start = document.createElement("span");
      start.tabIndex = -1;
      start.id = "tw-walk-start";
      document.body.prepend(start);
      start.focus();
    });
    const reached = [];
    const unmarked = [];
    // Presses enough for every control plus the stops that are not controls
    // (Chromium gives scrollable boxes a stop of their own).
    for (let i = 0; i <= 2 * controls.length + 5; i++) {
      await page.keyboard.press("Tab");
      if (i === 0) await page.evaluate(() => document.getElementById("tw-walk-start")?.remove());
      const step = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        const marked = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
        return { walk: e.dataset.twWalk ?? null, marked, style: `${s.outlineStyle} ${s.outlineWidth} ${s.boxShadow}` };
      });
      if (!step) break;
      if (step.walk === null) continue; // a part of a native control (a file input's button)
      if (reached.length && reached[reached.length - 1] === Number(step.walk)) continue; // the same control, inner part
      reached.push(Number(step.walk));
      if (!step.marked) unmarked.push(`${controls[Number(step.walk)]} (outline and shadow: ${step.style})`);
      // Stop on the last control: tabbing out of the page would hand the
      // focus to the browser's own window, away from the page.
      if (Number(step.walk) === controls.length - 1) break;
    }
    return { controls, reached, unmarked };
  });
}

function assertWalk(name, { controls, reached, unmarked }) {
  assert.ok(controls.length > 0, `${name}: has controls`);
  const order = reached.slice(0, controls.length);
  const missed = controls.filter((_, i) => !order.includes(i));
  assert.deepEqual(missed, [], `${name}: controls Tab never reaches`);
  assert.deepEqual(order, controls.map((_, i) => i), `${name}: Tab follows the reading order`);
  assert.deepEqual(unmarked, [], `${name}: controls that show no focus`);
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: every page can be used with the keyboard alone`, { timeout: 240000 }, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.name === "_ga"));

    const popup = await b.popup(b.url(SITE));
    assertWalk("popup", await walk(popup));
    // Clean this site: opened from the keyboard, its confirmation reachable, taken back without cleaning.
    await popup.focus("#clean");
    assert.equal(await popup.evaluate(() => document.activeElement.id), "clean");
    await popup.keyboard.press("Enter");
    const opened = await popup.waitForFunction(() => !document.getElementById("confirm").hidden, { timeout: 15000 }).then(() => true, () => false);
    assert.ok(opened, `Enter on Clean this site opens its confirmation (status: ${await popup.$eval("#status", (e) => e.textContent)})`);
    assert.equal(await popup.evaluate(() => document.activeElement.id), "confirm-clean", "the focus moves to the confirmation");
    assertWalk("popup with the cleanup confirmation open", await walk(popup));

    for (const path of ["options/options.html", "report/log.html", "report/letter.html", "report/check.html"]) {
      const page = await b.openExtensionPage(path);
      await page.waitForSelector("main[aria-busy=false]", { timeout: 15000 });
      assertWalk(path, await walk(page));
    }
  });
}

after(async () => (await server()).close());
