// Issue 11: a hostile page of a watched site contacts 5,000 distinct
// third-party hosts, as fast as the machine lets it (www/findajob.dwp.gov.uk/hostile/flood.html).
// In both browsers:
// - exactly one limit.reached entry, naming the third-party-hosts limit,
//   and the first 1,000 hosts kept;
// - the extension keeps working: a later ordinary cookie is journaled;
// - the popup still answers in about its normal time: the site.summary
//   answer and the popup's data showing, each the median of three, after
//   the flood within 3x + 500 ms of before (a functional check, not a
//   benchmark; the figures are printed);
// - nothing left the machine: every flood name resolves to the loopback
//   stand-in server, which saw each of the 5,000 requests (Chromium maps
//   *.flood.example there and every other name to nothing, see
//   chromiumHostRules in www/server.mjs; Firefox here resolves every name
//   to loopback), and a name that is not a stand-in does not resolve in
//   Chromium.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, until } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";
const PATH = "/hostile/flood.html";
const HOSTS = 5000;
const LIMIT = 1000;
const floodHost = (h) => /^h\d+\.flood\.example$/.test(h);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const journal = async (b) => JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text).journal.entries;

// How long the popup takes: the site.summary answer (timed in an
// extension page), and the popup from opening to its data shown.
async function popupTimes(b, url) {
  const answer = [];
  const shown = [];
  for (let i = 0; i < 3; i++) {
    const page = await b.extensionPage();
    answer.push(await page.evaluate(async (host) => {
      const t0 = performance.now();
      await globalThis.twBrowser.sendMessage({ type: "site.summary", host });
      return Math.round(performance.now() - t0);
    }, SITE));
    const t0 = Date.now();
    const popup = await b.popup(url);
    shown.push(Date.now() - t0);
    await popup.close();
  }
  return { answer: median(answer), shown: median(shown) };
}

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: ${HOSTS} third-party hosts give one limit.reached, and the witness keeps working`, { timeout: 1200000 }, async (t) => {
    const firefoxPrefs = { "network.dns.forceResolve": "127.0.0.1" };
    const b = await launch(browserName, { firefoxPrefs });
    t.after(() => b.close());
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const page = await b.visit(SITE, PATH);
    const url = b.url(SITE, PATH);
    const before = await popupTimes(b, url);

    const since = Date.now();
    await page.evaluate((n) => window.flood(n, 50), HOSTS);
    // Each host is a TLS connection of its own to the stand-in server: on a
    // busy machine the flood takes longer than the minute a page would.
    const flood = await until("every flood request settled", () => page.evaluate(() => window.floodState), (s) => s.doneMs !== null, 900000);
    t.diagnostic(`${browserName}: flood of ${HOSTS} hosts ${JSON.stringify(flood)}`);
    assert.deepEqual([flood.answered, flood.failed], [HOSTS, 0], "every flood request was answered");
    const atServer = new Set((await server()).log.filter((r) => r.time >= since && floodHost(r.host)).map((r) => r.host));
    assert.equal(atServer.size, HOSTS, "the loopback server answered every flood host");

    // A request after the flood to a host already kept: once it is
    // journaled, every batch of the flood before it has been taken.
    const kept = await until("the flood's hosts journaled", () => journal(b), (es) => es.some((e) => e.type === "limit.reached"), 60000);
    const marker = kept.find((e) => e.type === "request.seen" && floodHost(e.data.host)).data.host;
    await page.evaluate((h) => fetch(`https://${h}:${location.port}/after-the-flood`, { mode: "no-cors" }), marker);
    const entries = await until("the request after the flood", () => journal(b), (es) => es.some((e) => e.type === "request.seen" && e.data.path === "/after-the-flood"), 60000);

    const limits = entries.filter((e) => e.type === "limit.reached");
    assert.equal(limits.length, 1, `one limit.reached: ${JSON.stringify(limits.map((e) => e.data))}`);
    assert.equal(limits[0].data.limit, "third-party-hosts");
    assert.equal(limits[0].data.max, LIMIT);
    const journaledHosts = new Set(entries.filter((e) => e.type === "request.seen" && floodHost(e.data.host)).map((e) => e.data.host));
    assert.equal(journaledHosts.size, LIMIT, "the first 1,000 hosts are kept");

    // Still working: an ordinary cookie is journaled.
    await page.evaluate(() => (document.cookie = "after_flood=1; path=/; max-age=600; Secure; SameSite=Lax"));
    await until("the cookie after the flood", () => journal(b), (es) => es.some((e) => e.type === "cookie.set" && e.data.name === "after_flood"));

    const afterFlood = await popupTimes(b, url);
    t.diagnostic(`${browserName}: popup before the flood ${JSON.stringify(before)} ms, after ${JSON.stringify(afterFlood)} ms (medians of 3)`);
    for (const k of ["answer", "shown"]) assert.ok(afterFlood[k] <= 3 * before[k] + 500, `${k}: ${afterFlood[k]} ms after, ${before[k]} ms before`);
    const popup = await b.popup(url);
    assert.equal(await popup.$eval("#limits-box", (n) => n.hidden), false, "the popup says not everything is listed");
    const said = await popup.$eval("#limits", (n) => n.textContent);
    t.diagnostic(`${browserName}: popup says ${JSON.stringify(said)}`);
    assert.match(said, new RegExp(`other hosts \\(${HOSTS}\\)`), "the number said is every host contacted");
    await popup.close();

    // A name that is no stand-in goes nowhere.
    if (browserName === "chromium") {
      const out = await page.evaluate(() => fetch("https://not-a-stand-in.example/", { mode: "no-cors" }).then(() => "answered", (e) => String(e)));
      assert.match(out, /TypeError/, "a name outside the stand-ins does not resolve");
    }
    await page.close();
  });
}

after(async () => (await server()).close());
