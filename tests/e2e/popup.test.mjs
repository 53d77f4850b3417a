// Issue 14: the popup shows its data once. It draws the kept answer or the
// background's, whichever comes first; when the other follows and says the
// same, nothing on screen changes (a screen reader would read it again).
// Watched from outside by a
// MutationObserver the harness puts in the page before any of its scripts
// (Chromium: Firefox's BiDi cannot run a script before an extension page's).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, until } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";

// Polls `probe` until `pred` holds; fails with what was last seen.

// The kept answer about SITE as the store has it, or null if none is valid.
const keptAnswer = (b) =>
  b.extensionPage().then((page) =>
    page.evaluate(async (host) => {
      const { openStore } = await import("../store.js");
      const store = await openStore();
      try {
        return await store.cachedAnswer(host);
      } finally {
        store.close();
      }
    }, SITE),
  );

// Opens the watched popup and waits until both answers and the status have
// been handled; returns what changed after the first data was shown.
async function openAndSettle(b) {
  const popup = await b.watchedPopup(b.url(SITE));
  const marks = ["tw-popup-kept-read", "tw-popup-answer-shown", "tw-popup-status-shown"];
  await until(
    "both answers and the status handled",
    () => popup.evaluate((names) => names.every((n) => performance.getEntriesByName(n).length > 0), marks),
    (all) => all === true,
  );
  const keptFound = await popup.evaluate(() => performance.getEntriesByName("tw-popup-kept-read")[0].detail.found);
  const dom = await popup.evaluate(() => globalThis.__twDom);
  const after = dom.mutations.slice(dom.firstDataIndex + 1);
  // Read only now: opening the rows changes the page (it is the user's doing).
  await b.openRows(popup);
  const text = await popup.$eval("main", (m) => m.innerText);
  return { popup, keptFound, after, text };
}

test("chromium: an identical answer from the background changes nothing in the popup", async (t) => {
  const b = await launch("chromium");
  t.after(() => b.close());
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  const site = await b.visit(SITE);
  await b.waitForSummary(SITE, (s) => ["_ga", "findajob_session"].every((n) => s.findings.some((f) => f.name === n)));
  await site.close();
  // Asking keeps the answer; wait until nothing more is stored after it.
  await until("a valid kept answer", async () => (await b.sendOk({ type: "site.summary", host: SITE }), keptAnswer(b)), (k) => k && !k.error);

  // Worker running: the background's answer usually comes first, then the
  // kept one, which is not drawn over it.
  const warm = await openAndSettle(b);
  assert.ok(warm.text.includes("_ga"), "the popup shows the site's findings");
  assert.equal(warm.keptFound, true, "the popup read a valid kept answer too");
  assert.deepEqual(warm.after, [], "nothing changed after the first data was shown (worker running)");
  await warm.popup.close();

  // Cold worker: the kept answer comes first, then the background's, the same.
  assert.ok(await keptAnswer(b), "the kept answer is still valid");
  await b.stopBackground();
  const cold = await openAndSettle(b);
  assert.equal(cold.keptFound, true, "the popup read a valid kept answer too");
  assert.deepEqual(cold.after, [], "nothing changed after the first data was shown (cold worker)");
  await cold.popup.close();

});

after(async () => (await server()).close());
