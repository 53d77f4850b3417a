// The wake, popup and memory figures of `make bench` (issue 14), used by
// scripts/bench-browser.mjs and runnable alone (`node scripts/bench-wake.mjs`):
//   - a cold service-worker wake answering each kind of runtime message,
//     against an empty MV3 extension's worker answering the same way, both
//     measured in this run;
//   - the popup from a cold worker: when it first shows its data and when
//     it settles (its last DOM change), watched from outside by a
//     MutationObserver put in the page before its scripts, against an empty
//     extension's page of static text watched the same way;
//   - memory at rest after a million journal entries and 20 watched sites.
// Medians of repeated runs; printed with the target and "met"/"not met".
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { launch, server, WATCH_DOM } from "../tests/e2e/harness.mjs";
import { targetTable } from "./bench-report.mjs";
import { writeBigJournal } from "../tests/e2e/big-journal.mjs";

export const WAKES = Number(process.env.BENCH_WAKES || 15);
const POPUPS = Number(process.env.BENCH_POPUPS || 11);
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const verdict = (ok) => (ok ? "met" : "NOT MET");
const SITE = "findajob.dwp.gov.uk";

// Stops the worker and waits until it is gone.
export async function stopWorker(browser, base) {
  const isOurs = (t) => t.type() === "service_worker" && t.url().startsWith(base);
  const target = browser.targets().find(isOurs);
  if (!target) return;
  const gone = new Promise((resolve) => {
    const h = (t) => t === target && (browser.off("targetdestroyed", h), resolve());
    browser.on("targetdestroyed", h);
  });
  await (await target.worker()).close().catch(() => {});
  await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
}

// One cold wake: `message` sent from `page` to a worker stopped just before.
async function coldWake(browser, base, page, message) {
  // What the last answer queued (keeping it for the next wake) is done
  // well within this; a real worker lives 30 s after its last event.
  await new Promise((r) => setTimeout(r, 300));
  await stopWorker(browser, base);
  await new Promise((r) => setTimeout(r, 100));
  return page.evaluate(async (m) => {
    const send = globalThis.twBrowser ? (x) => globalThis.twBrowser.sendMessage(x) : (x) => chrome.runtime.sendMessage(x);
    const t0 = performance.now();
    await send(m);
    return performance.now() - t0;
  }, message);
}

// Cold wakes of ours answering `message`, each right after one of the empty
// extension's, so that both see the same load on the machine. `before` (if
// any) runs before each of ours. Medians of both and of the differences.
async function pairedWakes(empty, b, page, message, before = null) {
  const ours = [];
  const base = [];
  for (let i = 0; i < WAKES; i++) {
    base.push(await empty.wake());
    if (before) await before();
    ours.push(await coldWake(b.browser, b.base, page, message));
  }
  return { ours: median(ours), empty: median(base), difference: median(ours.map((t, i) => t - base[i])) };
}

// Opens `url` in a new tab watched from before its first script; waits until
// its DOM has been quiet for `quietMs`. Returns, from the navigation's start,
// when the data was first shown (main's aria-busy to "false"; null if the
// page has no such thing) and when it was done (its last DOM change, or the
// end of DOMContentLoaded if later).
async function watchPage(browser, url, quietMs = 1000) {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(WATCH_DOM);
  await page.goto(url, { waitUntil: "load" });
  for (;;) {
    const { now, last } = await page.evaluate(() => ({ now: performance.now(), last: globalThis.__twDom.mutations.at(-1)?.at ?? 0 }));
    if (now - last >= quietMs) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const r = await page.evaluate(() => {
    const dom = globalThis.__twDom;
    const dcl = performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd;
    return { firstData: dom.firstData, settled: Math.max(dcl, dom.mutations.at(-1)?.at ?? 0), afterData: dom.firstData === null ? 0 : dom.mutations.length - 1 - dom.firstDataIndex };
  });
  await page.close();
  return r;
}

// An empty MV3 extension, kept open beside ours: a worker that answers
// every message, and a page of static text. `wake()` and `page()` measure
// one of each.
export async function openEmpty() {
  const dir = mkdtempSync(join(tmpdir(), "tw-empty-ext-"));
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ manifest_version: 3, name: "empty", version: "1", background: { service_worker: "sw.js", type: "module" } }));
  writeFileSync(join(dir, "sw.js"), "chrome.runtime.onMessage.addListener((m, s, reply) => { reply({ ok: true }); return true; });\n");
  writeFileSync(join(dir, "page.html"), '<!doctype html><html lang="en"><meta charset="utf-8"><title>empty</title><main><h1>Empty</h1><p>A page of static text.</p></main></html>');
  const profile = mkdtempSync(join(tmpdir(), "tw-empty-profile-"));
  mkdirSync(join(profile, "Default"), { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    pipe: true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  });
  const target = await browser.waitForTarget((t) => t.type() === "service_worker" && t.url().endsWith("/sw.js"));
  const base = target.url().replace(/sw\.js$/, "");
  const page = await browser.newPage();
  await page.goto(base + "page.html");
  return {
    wake: () => coldWake(browser, base, page, { type: "ping" }),
    page: async () => {
      await stopWorker(browser, base);
      return (await watchPage(browser, base + "page.html", 300)).settled;
    },
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Cold wakes of Tracking Witness answering each kind of message, and the
// popup from a cold worker. `b` is a session with the Find a job preset
// watched and visited.
export async function wakeAndPopup(b, empty) {
  const page = await b.extensionPage();
  const wakes = {};
  const summary = { type: "site.summary", host: SITE };
  wakes["site.summary (cached answer)"] = await pairedWakes(empty, b, page, summary);
  // A cookie of the site changed before each wake, and its event stored
  // (the journal's head moved): the answer kept before it no longer holds.
  let n = 0;
  const change = async () => {
    const before = (await b.sendOk({ type: "journal.stats" })).head.seq;
    await page.evaluate((v) => chrome.cookies.set({ url: "https://findajob.dwp.gov.uk/", name: "tw_bench", value: v, secure: true, expirationDate: 1.9e9 }), String(++n));
    for (const end = Date.now() + 10000; (await b.sendOk({ type: "journal.stats" })).head.seq === before; ) {
      if (Date.now() > end) throw new Error("the cookie change was never stored");
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  wakes["site.summary right after a cookie change"] = await pairedWakes(empty, b, page, summary, change);
  wakes["tab.site right after a cookie change"] = await pairedWakes(empty, b, page, { type: "tab.site", url: `https://${SITE}/` }, change);
  for (const type of ["sites.list", "status.get", "journal.stats"]) wakes[type] = await pairedWakes(empty, b, page, { type });
  // Nothing is cached about a page that is not watched: the core answers.
  wakes["tab.site for a page not watched (the core answers)"] = await pairedWakes(empty, b, page, { type: "tab.site", url: "https://www.bystander-news.example/" });
  // The cached answer is made again by asking once with the worker running.
  await b.sendOk({ type: "site.summary", host: SITE });
  await b.sendOk({ type: "tab.site", url: `https://${SITE}/` });
  const popupUrl = `${b.base}popup/popup.html?url=${encodeURIComponent(`https://${SITE}/`)}`;
  const cold = [];
  const pages = [];
  for (let i = 0; i < POPUPS; i++) {
    pages.push(await empty.page());
    await new Promise((r) => setTimeout(r, 300));
    await stopWorker(b.browser, b.base);
    cold.push(await watchPage(b.browser, popupUrl));
  }
  const warm = [];
  for (let i = 0; i < 5; i++) warm.push(await watchPage(b.browser, popupUrl));
  return {
    wakes,
    popup: {
      firstData: median(cold.map((p) => p.firstData)),
      settled: median(cold.map((p) => p.settled)),
      emptyPage: median(pages),
      ratio: median(cold.map((p, i) => p.settled / pages[i])),
      changesAfterData: Math.max(...cold.map((p) => p.afterData)),
      warmSettled: median(warm.map((p) => p.settled)),
    },
  };
}

// A fresh profile with 20 watched sites and a million journal entries
// (copies of a real entry after the real ones, written straight into
// IndexedDB as segments), then a cold wake: the background's
// JS heap (CDP Runtime.getHeapUsage on the worker) and its wasm memory
// (status.get's wasmMemoryBytes) once it has answered and gone quiet.
export async function memoryAtRest(entries = Number(process.env.BENCH_REST_ENTRIES || 1_000_000)) {
  const b = await launch("chromium");
  try {
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    for (let i = 1; i < 20; i++) await b.sendOk({ type: "sites.add", name: `Site ${i}`, hosts: [`site${i}.example`] });
    const visit = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.length >= 5);
    await visit.close();
    const page = await b.extensionPage();
    const t0 = Date.now();
    // A valid chain in the extension's own segments of 1,000, the same
    // writer the streamed-export test uses.
    await writeBigJournal(page, entries);
    const writeMs = Date.now() - t0;
    await stopWorker(b.browser, b.base);
    await new Promise((r) => setTimeout(r, 100));
    const status = await b.sendOk({ type: "status.get" });
    // What the wake scheduled (the cookie-jar comparison) runs, then rest.
    await b.sendOk({ type: "sites.list" });
    await new Promise((r) => setTimeout(r, 2000));
    const target = b.browser.targets().find((t) => t.type() === "service_worker" && t.url().startsWith(b.base));
    const session = await target.createCDPSession();
    await session.send("HeapProfiler.collectGarbage").catch(() => {});
    const heap = await session.send("Runtime.getHeapUsage");
    const after = await b.sendOk({ type: "status.get" });
    return { entries, count: status.journal.count, writeMs, heapUsed: heap.usedSize, heapTotal: heap.totalSize, wasm: after.wasmMemoryBytes };
  } finally {
    await b.close();
  }
}

// The lines `make bench` prints for these figures.
export function report(w, rest) {
  const lines = [];
  for (const [what, t] of Object.entries(w?.wakes || {})) {
    lines.push(`cold wake answering ${what}: ${ms(t.ours)}, empty MV3 extension ${ms(t.empty)} (woken just before each), difference ${t.difference >= 0 ? "+" : ""}${ms(t.difference)} (target <= +15 ms): ${verdict(t.difference <= 15)}`);
  }
  const p = w?.popup;
  if (p) {
    lines.push(
      `popup from a cold worker, watched from outside: data first shown at ${ms(p.firstData)}, settled (last DOM change) at ${ms(p.settled)}; an empty extension's page of static text done at ${ms(p.emptyPage)} (opened just before each); ratio ${p.ratio.toFixed(2)}x (target <= 1.3x): ${verdict(p.ratio <= 1.3)}`,
    );
    lines.push(`popup: DOM changes after its data was first shown, most in one opening: ${p.changesAfterData} (target 0): ${verdict(p.changesAfterData === 0)}; with the worker running it settles at ${ms(p.warmSettled)}`);
  }
  if (rest) {
    lines.push(`memory at rest after ${rest.count} journal entries and 20 watched sites: wasm memory ${mb(rest.wasm)} (target <= 16 MB): ${verdict(rest.wasm <= 16 * 2 ** 20)}; background JS heap ${mb(rest.heapUsed)} used of ${mb(rest.heapTotal)} (target <= 32 MB): ${verdict(rest.heapUsed <= 32 * 2 ** 20)}`);
  }
  return lines;
}

// The same figures as rows of the final table (scripts/bench-report.mjs):
// [target, figure, met].
export function rows(w, rest) {
  const out = [];
  for (const [what, t] of Object.entries(w?.wakes || {})) {
    out.push([`cold wake answering ${what} <= +15 ms over an empty MV3 extension`, `${ms(t.ours)} against ${ms(t.empty)}: ${t.difference >= 0 ? "+" : ""}${ms(t.difference)} (median of ${WAKES} pairs)`, t.difference <= 15]);
  }
  const p = w?.popup;
  if (p) {
    out.push(["popup from a cold worker settles <= 1.3x an empty extension's static page", `settled at ${ms(p.settled)} against ${ms(p.emptyPage)}: ${p.ratio.toFixed(2)}x (median of ${POPUPS})`, p.ratio <= 1.3]);
    out.push(["an identical answer from the background changes nothing in the popup", `${p.changesAfterData} DOM changes after the data was first shown (most in one of ${POPUPS} openings)`, p.changesAfterData === 0]);
  }
  if (rest) {
    out.push([`wasm memory at rest after ${rest.count} entries and 20 watched sites <= 16 MB`, mb(rest.wasm), rest.wasm <= 16 * 2 ** 20]);
    out.push([`background heap at rest after ${rest.count} entries and 20 watched sites <= 32 MB`, `${mb(rest.heapUsed)} used (${mb(rest.heapTotal)} allocated)`, rest.heapUsed <= 32 * 2 ** 20]);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const empty = await openEmpty();
  const b = await launch("chromium");
  let w;
  try {
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
    const visit = await b.visit(SITE);
    await b.waitForSummary(SITE, (s) => s.findings.length >= 5);
    await visit.close();
    w = await wakeAndPopup(b, empty);
  } finally {
    await b.close();
    await empty.close();
  }
  for (const line of report(w, null)) console.log(line);
  const rest = process.env.BENCH_REST === "0" ? null : await memoryAtRest();
  for (const line of report(null, rest)) console.log(line);
  const table = targetTable();
  for (const row of rows(w, rest)) table.row(...row);
  table.print("scripts/bench-wake.mjs");
  (await server()).close();
}
