// Issue 2: the extension loads in both browsers, cookie changes on a
// watched site reach the wasm core, the popup shows them, and the picture
// survives the service worker being stopped.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, until } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";
const names = (summary) => summary.findings.map((f) => f.name);

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: a watched site's cookies reach the popup`, async (t) => {
    const b = await launch(browserName);
    t.after(() => b.close());

    const status = await b.sendOk({ type: "status.get" });
    assert.equal(status.ready, true, "wasm core initialised in the background");
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job", "uk-universal-credit"] });

    await b.visit("www.bystander-news.example");
    await b.visit(SITE);
    const summary = await b.waitForSummary(SITE, (s) =>
      ["findajob_session", "cookies_policy", "_ga"].every((n) => names(s).includes(n)),
    );
    // by header, by first-party script, by the third-party tag's script
    assert.ok(names(summary).includes("findajob_session"));
    assert.ok(names(summary).includes("cookies_policy"));
    assert.ok(names(summary).includes("_ga"));
    assert.ok(!names(summary).includes("bystander_pref"), "bystander cookie must not be attributed");
    const bystander = await b.send({ type: "site.summary", host: "www.bystander-news.example" });
    assert.equal(bystander.ok, false);
    assert.equal(bystander.name, "UnknownSite");

    const popup = await b.popup(b.url(SITE));
    // Each company's row, opened, lists its items.
    await b.openRows(popup);
    const text = await popup.$eval("main", (m) => m.innerText);
    for (const n of ["findajob_session", "cookies_policy", "_ga"]) assert.ok(text.includes(n), `popup shows ${n}`);
    assert.ok(!text.includes("bystander_pref"));
    assert.match(await popup.$eval("#site-name", (e) => e.textContent), /Find a job/);

    const unknown = await b.send({ type: "no.such.message" });
    assert.equal(unknown.ok, false);
    assert.equal(unknown.name, "UnknownMessage");

    if (browserName === "chromium") {
      await popup.close();
      for (const page of await b.browser.pages()) if (!page.url().startsWith(b.base)) await page.close();
      // Closing the site's tabs took their sessionStorage with them (issue
      // 11: journaled as gone with the tab); the picture to compare is after that.
      await b.waitForSummary(SITE, (s) => !s.findings.some((f) => f.detail?.area === "session"));
      const shown = await b.popup(b.url(SITE));
      await b.openRows(shown);
      const before = await shown.$eval("main", (m) => m.innerText);
      await shown.close();
      if (b.extPage) await b.extPage.close();
      const old = await b.stopBackground();
      const again = await b.popup(b.url(SITE));
      await b.openRows(again);
      const after = await again.$eval("main", (m) => m.innerText);
      const restarted = b.currentBackground();
      assert.ok(restarted && restarted !== old, "a new service worker answered the popup");
      assert.equal(after, before, "popup shows the same data after the worker restarted");
    }
  });
}

test("chromium: a restarted worker never answers with what was true before the last change", async (t) => {
  // A waking worker may answer site.summary and tab.site from the answer it
  // cached before it stopped; a change stored after that answer must make it
  // unusable. Issue 8: each step waits for what it needs (the cached answer
  // in storage, a new worker) instead of sleeping.
  const b = await launch("chromium");
  t.after(() => b.close());
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  const page = await b.visit(SITE);
  await b.waitForSummary(SITE, (s) => names(s).includes("findajob_session"));
  // The answer about SITE cached in storage, valid for what is stored now.
  const cachedNow = async () => {
    const ext = await b.extensionPage();
    return ext.evaluate(async (host) => {
      const { openStore } = await import("../store.js");
      const store = await openStore();
      const answer = await store.cachedAnswer(host);
      store.close();
      return answer;
    }, SITE);
  };
  const untilCached = async (pred = () => true) => {
    const end = Date.now() + 10000;
    let last = null;
    while (Date.now() < end) {
      last = await cachedNow();
      if (last && pred(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no cached answer about ${SITE}; last: ${JSON.stringify(last?.summary?.findings?.map((f) => f.name))}`);
  };
  const before = await b.sendOk({ type: "site.summary", host: SITE });
  assert.ok(!names(before).includes("tw_fresh"));
  await untilCached();

  // A new cookie, stored without anyone asking about the site again: the
  // answer kept before it is no longer valid. Issue 14: the background makes
  // it again once its queue is idle, so what is valid now, if anything, has
  // the new cookie.
  const { count } = await b.sendOk({ type: "journal.stats" });
  await page.evaluate(() => (document.cookie = "tw_fresh=1; path=/; max-age=600; Secure; SameSite=Lax"));
  const end = Date.now() + 10000;
  while ((await b.sendOk({ type: "journal.stats" })).count === count && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  const afterChange = await cachedNow();
  assert.ok(afterChange === null || names(afterChange.summary).includes("tw_fresh"), "no valid cached answer is older than the stored change");
  await untilCached((c) => names(c.summary).includes("tw_fresh"));

  const old = await b.stopBackground();
  const cold = await b.sendOk({ type: "site.summary", host: SITE });
  // The answer came from a worker; puppeteer may list its target a moment later.
  await until("a new worker answered", async () => b.currentBackground(), (w) => ![null, old].includes(w), 5000);
  assert.ok(names(cold).includes("tw_fresh"), "the change stored before the stop is in the answer");
  const popup = await b.popup(b.url(SITE));
  await b.openRows(popup);
  assert.ok((await popup.$eval("main", (m) => m.innerText)).includes("tw_fresh"));

  // With nothing changed since, a restarted worker answers exactly as before.
  const warm = await b.sendOk({ type: "site.summary", host: SITE });
  await untilCached((c) => names(c.summary).includes("tw_fresh"));
  const second = await b.stopBackground();
  assert.deepEqual(await b.sendOk({ type: "site.summary", host: SITE }), warm);
  await until("a new worker answered", async () => b.currentBackground(), (w) => ![null, second].includes(w), 5000);
});

after(async () => (await server()).close());
