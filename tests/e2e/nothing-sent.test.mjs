// "The extension sends nothing anywhere": every network request made in the
// browser while the extension works (install, a visit, the popup, the three
// exports, a cleanup, the options and log pages, a worker stop and
// wake) is watched through the DevTools protocol, target by target, and
// none may come from the extension: not from its service worker, not from
// its pages, not from a script of its own in a site's page, and no tab it
// opens on a web address. Chromium only (Firefox's remote protocol offers no
// per-request view of an extension's background).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./harness.mjs";

const SITE = "findajob.dwp.gov.uk";
const WEB = /^(https?|wss?):/;

test("chromium: the extension makes no request of its own", { timeout: 240000 }, async (t) => {
  const b = await launch("chromium");
  t.after(() => b.close());
  const ours = (url) => url.startsWith(b.base);
  const sent = [];
  const tabs = [];
  const watched = new WeakSet();
  const sessions = new Map();
  async function watch(target) {
    if (watched.has(target) || !["page", "service_worker", "background_page", "other"].includes(target.type())) return;
    watched.add(target);
    let cdp;
    try {
      cdp = await target.createCDPSession();
    } catch {
      return; // gone before it could be watched
    }
    sessions.set(target, cdp);
    cdp.on("Network.requestWillBeSent", (e) => {
      if (!WEB.test(e.request.url)) return;
      const frames = e.initiator?.stack?.callFrames ?? [];
      // The page-world observers wrap fetch and sendBeacon, so a site's own
      // call passes through a frame of ours: a request is ours when the
      // outermost caller is.
      const byScript = (frames.length > 0 && ours(frames[frames.length - 1].url)) || ours(e.initiator?.url ?? "");
      // The site's own service worker is a worker too: only ours counts.
      const fromUs = ours(target.url()) || ours(e.documentURL ?? "") || byScript;
      if (fromUs) sent.push({ target: target.type(), targetUrl: target.url(), url: e.request.url, initiator: e.initiator?.type });
    });
    await cdp.send("Network.enable").catch(() => {});
  }
  b.browser.on("targetcreated", (target) => {
    watch(target);
    if (target.type() === "page") tabs.push(target);
  });
  b.browser.on("targetchanged", (target) => watch(target));
  await Promise.all(b.browser.targets().map(watch));

  const visited = new Set();
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  const site = await b.visit(SITE);
  visited.add(new URL(site.url()).origin);
  await b.waitForSummary(SITE, (s) => s.findings.some((f) => f.name === "_ga"));
  const popup = await b.popup(b.url(SITE));
  await popup.close();
  for (const format of ["json", "csv", "html"]) await b.sendOk({ type: "evidence.export", format });
  await b.sendOk({ type: "site.clean", host: SITE });
  for (const path of ["options/options.html", "report/log.html"]) await (await b.openExtensionPage(path)).close();
  // A worker with DevTools attached is never stopped (and stopping them all
  // waits for every one): let go of the workers first (ours is watched
  // again from its next start, by targetcreated).
  for (const [target, cdp] of sessions) if (target.type() === "service_worker") await cdp.detach().catch(() => {});
  await b.stopBackground();
  await b.waitForSummary(SITE, (s) => s.site.id === "uk-find-a-job");
  // Settle: anything the wake or the cleanup starts late is still counted.
  await new Promise((r) => setTimeout(r, 1500));

  assert.deepEqual(sent, [], "requests made by the extension itself");
  const webTabs = tabs.map((t) => t.url()).filter((u) => WEB.test(u) && !visited.has(new URL(u).origin));
  assert.deepEqual(webTabs, [], "tabs on web addresses the test did not open");
  // The check can see a request: one made from an extension page is caught.
  const page = await b.openExtensionPage("report/log.html");
  await page.evaluate((u) => fetch(u).catch(() => null), b.url(SITE, "/assets/icon.svg"));
  const deadline = Date.now() + 10000;
  while (!sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(sent.length, 1, "a request from an extension page is seen by this test");
});

after(async () => (await server()).close());
