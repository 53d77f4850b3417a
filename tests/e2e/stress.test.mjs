// Issue 11: the background is stopped again and again during a long burst
// of cookies, storage items and requests made by a page of a watched site
// (www/findajob.dwp.gov.uk/stress.html), and nothing is lost or journaled
// twice; the exported chain verifies with both checkers.
//
// Size: TW_STRESS=full (`make stress`) is 100 stops during 10,000 events in
// Chromium; the default (part of `make test`) is 5 stops during 300 events.
// The mix is held under two caps that would otherwise decide the result:
// the browsers keep at most 180 cookies per site (so at most 150 cookies),
// and the core keeps 2,000 storage items per origin (so at most 1,800
// items); the rest are requests.
//
// How the stops are made and shown to have happened:
// - Chromium: CDP ServiceWorker.stopAllWorkers, each stop shown by its
//   worker's target going away (harness stopBackground), each time a
//   different worker. A forced stop drops the cookie events on their way;
//   those cookies are found on the next wake by the comparison with the
//   jar, and their entries say so (source "reconcile"). Storage snapshots
//   and request batches are sent again by the content script until taken.
// - Firefox has no forced stop: its idle timeout (1 s here) stops the
//   background between chunks of the burst, each stop read from the parent
//   process (backgroundState "stopped"), and each restart noted by the test
//   build (meta `test:starts`).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server, until } from "./harness.mjs";
import { verifyChain } from "./chain.mjs";

const SITE = "findajob.dwp.gov.uk";
const ANALYTICS = "region1.google-analytics.com";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FULL = process.env.TW_STRESS === "full";
const EVENTS = FULL ? 10000 : 300;
const STOPS = { chromium: FULL ? 100 : 5, firefox: FULL ? 20 : 3 };
const COOKIES = Math.min(150, Math.round(EVENTS * 0.1));
const STORAGE = Math.min(1800, Math.round(EVENTS * 0.3));
const REQUESTS = EVENTS - COOKIES - STORAGE;
const TIMEOUT = FULL ? 1800000 : 180000;

const exported = async (b) => JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text);

async function exportVerified(b) {
  const text = (await b.sendOk({ type: "evidence.export", format: "json" })).text;
  const doc = JSON.parse(text);
  assert.ok(verifyChain(doc) > 0, "the independent checker verifies the chain");
  const file = join(mkdtempSync(join(tmpdir(), "tw-stress-")), "evidence.json");
  writeFileSync(file, text);
  const run = spawnSync("cargo", ["run", "--quiet", "--bin", "tw-verify", "--", file], { cwd: root, encoding: "utf8" });
  assert.equal(run.status, 0, `tw-verify: ${run.stdout}${run.stderr}`);
  return doc;
}

// Opens the burst, paused; the test lets it run with `allow(n)`.
async function openBurst(b) {
  const page = await b.browser.newPage();
  await page.goto(b.url(SITE, `/stress.html?cookies=${COOKIES}&storage=${STORAGE}&requests=${REQUESTS}&delay=1`), { waitUntil: "load" });
  assert.equal(await page.evaluate(() => window.stress.total), EVENTS);
  return {
    page,
    allow: (n) => page.evaluate((m) => (window.stress.allowed = m), n),
    sent: (n) => page.waitForFunction((m) => window.stress.sent >= m, { timeout: 120000 }, n),
  };
}

// Waits until every cookie and item is in the picture and every request
// counted, then checks the exported journal: each cookie and storage item
// exactly once, the requests counted exactly once in all, and what the
// reconcile recovered only burst cookies.
async function checkJournal(t, b, page, since) {
  const names = (s) => new Set(s.findings.map((f) => f.name));
  await b.waitForSummary(SITE, (s) => {
    const n = names(s);
    return [...Array(COOKIES).keys()].every((i) => n.has(`stress_c_${i}`)) && [...Array(STORAGE).keys()].every((i) => n.has(`stress_s_${i}`));
  }, FULL ? 900000 : 60000).catch((e) => t.diagnostic(`not all in the picture: ${e.message.slice(0, 300)}`));
  t.diagnostic(`picture complete after ${Date.now() - since} ms`);
  // A request the server never answered (a busy machine refuses some) is
  // in no browser's Resource Timing, so none could be journaled: the
  // requests to count are those the page saw answered, which the server's
  // own log must match.
  const settled = await until("every request settled", () => page.evaluate(() => window.stress), (s) => s.answered + s.failed === REQUESTS, 300000);
  const counted = (doc) => doc.journal.entries.filter((e) => e.type === "request.seen" && e.data.host === ANALYTICS).reduce((n, e) => n + e.data.count, 0);
  await until("every answered request counted", async () => counted(await exported(b)), (n) => n >= settled.answered, FULL ? 600000 : 60000).catch((e) => t.diagnostic(e.message));
  t.diagnostic(`requests complete after ${Date.now() - since} ms`);
  const doc = await exportVerified(b);
  const seqs = doc.journal.entries.map((e) => e.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), "no gap in the journal");

  const times = new Map();
  for (const e of doc.journal.entries) {
    const name = e.type.startsWith("cookie.") ? e.data.name : e.type.startsWith("storage.") ? e.data.key : null;
    if (/^stress_[cs]_\d+$/.test(name ?? "")) times.set(name, [...(times.get(name) ?? []), e]);
  }
  const expected = [...[...Array(COOKIES).keys()].map((i) => `stress_c_${i}`), ...[...Array(STORAGE).keys()].map((i) => `stress_s_${i}`)];
  const lost = expected.filter((n) => !times.has(n));
  const duplicated = expected.filter((n) => (times.get(n)?.length ?? 0) > 1);
  const requests = counted(doc);
  const made = (await server()).log.filter((r) => r.host === ANALYTICS && r.time >= since && /en=stress_/.test(r.query) && r.status > 0).length;
  const reconciled = doc.journal.entries.filter((e) => e.data?.source === "reconcile");
  const figures = { events: EVENTS, cookies: COOKIES, storage: STORAGE, requests: REQUESTS, requestsAnswered: settled.answered, requestsFailed: settled.failed, requestsInResourceTiming: (await page.evaluate(() => window.stress.timed)), requestsAtServer: made, requestsJournaled: requests, lost: lost.length, duplicated: duplicated.length, reconciled: reconciled.length };
  t.diagnostic(`figures ${JSON.stringify(figures)}`);
  assert.deepEqual(lost.slice(0, 10), [], `${lost.length} lost`);
  assert.deepEqual(duplicated.slice(0, 10).map((n) => [n, times.get(n).map((e) => e.type)]), [], `${duplicated.length} duplicated`);
  for (const n of expected) assert.match(times.get(n)[0].type, /^(cookie\.set|storage\.added)$/, n);
  assert.equal(made, settled.answered, "the server answered each request the page saw answered");
  assert.equal(requests, settled.answered, "each answered request counted once");
  for (const e of reconciled) assert.match(`${e.type} ${e.data.name}`, /^cookie\.set stress_c_\d+$/, "only dropped cookie events are recovered from the jar");
  return figures;
}

test(`chromium: ${STOPS.chromium} forced stops of the service worker during ${EVENTS} events lose and duplicate nothing`, { timeout: TIMEOUT }, async (t) => {
  const b = await launch("chromium");
  t.after(() => b.close());
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  // The extension page that sends the test's messages is closed while the
  // stops go on, so nothing of the test's keeps the worker busy.
  if (b.extPage) await b.extPage.close();
  const since = Date.now();
  const burst = await openBurst(b);
  const per = EVENTS / (STOPS.chromium + 1);
  const stopped = new Set();
  const started = Date.now();
  for (let k = 1; k <= STOPS.chromium; k++) {
    // The page goes on making events while the worker is being stopped.
    await burst.allow(Math.round((k + 0.5) * per));
    await burst.sent(Math.round(k * per));
    stopped.add(await b.stopBackground({ timeout: 20000 }));
    if (k % 10 === 0) t.diagnostic(`${k} stops after ${Date.now() - started} ms`);
  }
  await burst.allow(EVENTS);
  await burst.page.evaluate(() => window.stress.done);
  const burstMs = Date.now() - started;
  assert.equal(stopped.size, STOPS.chromium, "each stop stopped a different worker");
  const figures = await checkJournal(t, b, burst.page, since);
  t.diagnostic(`chromium: ${stopped.size} stops, burst ${burstMs} ms, all journaled and checked after ${Date.now() - started} ms; ${JSON.stringify(figures)}`);
});

test(`firefox: ${STOPS.firefox} idle stops of the background during ${EVENTS} events lose and duplicate nothing`, { timeout: TIMEOUT }, async (t) => {
  const b = await launch("firefox", { variant: "faults", firefoxPrefs: { "extensions.background.idle.timeout": 1000 } });
  t.after(() => b.close());
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  const since = Date.now();
  const burst = await openBurst(b);
  const per = EVENTS / (STOPS.firefox + 1);
  const started = Date.now();
  let stops = 0;
  for (let k = 1; k <= STOPS.firefox; k++) {
    await burst.allow(Math.round(k * per));
    await burst.sent(Math.round(k * per));
    // The browser's idle timer decides when: wait for the stop itself.
    await until(`idle stop ${k}`, () => b.firefoxBackgroundState(), (s) => s === "stopped", 60000);
    stops++;
  }
  await burst.allow(EVENTS);
  await burst.page.evaluate(() => window.stress.done);
  const burstMs = Date.now() - started;
  const figures = await checkJournal(t, b, burst.page, since);
  const page = await b.extensionPage();
  const starts = await page.evaluate(async () => {
    const { openStore } = await import("../store.js");
    const store = await openStore();
    const v = await store.getMeta(["test:starts"]);
    store.close();
    return v["test:starts"];
  });
  const restarts = starts.filter((s) => s >= started).length;
  assert.ok(restarts >= stops, `the background started ${restarts} times after ${stops} stops`);
  t.diagnostic(`firefox: ${stops} stops (${restarts} starts), burst ${burstMs} ms, all journaled and checked after ${Date.now() - started} ms; ${JSON.stringify(figures)}`);
});

after(async () => (await server()).close());
