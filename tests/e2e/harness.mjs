// Launches the built extension in Debian's Chromium or Firefox ESR, headless,
// against the www/ stand-ins, and gives tests a small common API:
//
//   const b = await launch("chromium" | "firefox", { variant: "deep" })
//   await b.visit("findajob.dwp.gov.uk")        // real host name, loopback
//   await b.send({ type: "site.summary", ... })  // runtime message from an extension page
//   await b.popup("https://findajob.dwp.gov.uk/") // popup page for a URL
//   await b.stopBackground()                     // Chromium: stop the service worker (proven gone)
//   await b.close()
//
// Nothing is downloaded: puppeteer-core drives /usr/bin/chromium over CDP and
// /usr/bin/firefox-esr over WebDriver BiDi.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { startServer, HOSTS, chromiumHostRules, firefoxLocalDomains } from "../../www/server.mjs";
import { checkExport } from "./schema.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIREFOX_ID = "tracking-witness@tracking-witness.org";
const FIREFOX_UUID = "6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b";

let sharedServer = null;
export async function server() {
  sharedServer ??= await startServer({ port: 0 });
  return sharedServer;
}

// Options: `variant: "deep"` (Chromium: the build with <all_urls>);
// `firefoxPrefs`: extra Firefox preferences for this launch.
export async function launch(browserName, { variant = null, firefoxPrefs = {} } = {}) {
  const srv = await server();
  const profile = mkdtempSync(join(tmpdir(), `tw-${browserName}-`));
  const b = browserName === "chromium" ? await launchChromium(srv, profile, variant) : await launchFirefox(srv, profile, firefoxPrefs, variant);
  return new Session(browserName, b.browser, b.base, srv, profile);
}

async function launchChromium(srv, profile, variant) {
  const ext = join(root, "dist", variant ? `chrome-${variant}` : "chrome");
  // A new Chromium profile blocks third-party cookies; the stand-ins need
  // the ordinary default of a user's browser.
  mkdirSync(join(profile, "Default"), { recursive: true });
  writeFileSync(join(profile, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    pipe: true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      `--disable-extensions-except=${ext}`,
      `--load-extension=${ext}`,
      `--host-resolver-rules=${chromiumHostRules(HOSTS)}`,
      "--ignore-certificate-errors",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const target = await browser.waitForTarget((t) => t.type() === "service_worker" && t.url().endsWith("/background.js"), { timeout: 20000 });
  const base = target.url().replace(/background\.js$/, "");
  return { browser, base };
}

async function launchFirefox(srv, profile, prefs, variant) {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
    headless: true,
    userDataDir: profile,
    acceptInsecureCerts: true,
    // Lets the tests read the cookie jar from the parent process
    // (Services.cookies) over BiDi: ground truth from outside the extension.
    args: ["--remote-allow-system-access"],
    extraPrefsFirefox: {
      "network.dns.localDomains": firefoxLocalDomains(HOSTS),
      "network.dns.disableIPv6": true,
      "network.proxy.type": 0,
      "devtools.serviceWorkers.testing.enabled": true,
      "dom.serviceWorkers.testing.enabled": true,
      "extensions.webextensions.uuids": JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }),
      "extensions.webextOptionalPermissionPrompts": false,
      "browser.shell.checkDefaultBrowser": false,
      "datareporting.policy.dataSubmissionEnabled": false,
      "toolkit.telemetry.enabled": false,
      "app.update.enabled": false,
      ...prefs,
    },
  });
  // Only the faults variant exists for Firefox (deep inspection is a pref there).
  await browser.installExtension(join(root, "dist", variant === "faults" ? "firefox-faults" : "firefox"));
  return { browser, base: `moz-extension://${FIREFOX_UUID}/` };
}

class Session {
  constructor(name, browser, base, srv, profile) {
    this.name = name;
    this.browser = browser;
    this.base = base;
    this.server = srv;
    this.profile = profile;
    this.extPage = null;
  }

  url(host, path = "/") {
    return this.server.url(host, path);
  }

  async visit(host, path = "/", { waitFor = "html[data-stand-in-ready=true]" } = {}) {
    const page = await this.browser.newPage();
    await page.goto(this.url(host, path), { waitUntil: "load" });
    if (waitFor) await page.waitForSelector(waitFor, { timeout: 15000 });
    return page;
  }

  // An extension page kept open to send runtime messages from. Firefox's
  // WebDriver BiDi may not navigate a tab to a moz-extension: URL, so there
  // the first one is the onboarding tab the extension opens on install, and
  // later ones are opened by the extension itself (tabs.create).
  async extensionPage() {
    if (this.extPage && !this.extPage.isClosed()) return this.extPage;
    if (this.name === "chromium") {
      this.extPage = await this.browser.newPage();
      await this.extPage.goto(this.base + "report/log.html", { waitUntil: "load" });
    } else {
      this.extPage = await this.findPage((href) => href.startsWith(this.base));
      await this.extPage.waitForFunction(() => !!globalThis.twBrowser, { timeout: 10000 });
    }
    return this.extPage;
  }

  // Turns deep inspection on the way a user does, in the options page (the
  // Chromium tests load the deep build instead: see docs/testing.md).
  async enableDeepInspection() {
    if (this.name !== "firefox") return;
    const options = await this.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    await options.click("#deep-toggle");
    await options.waitForFunction(() => document.getElementById("deep-toggle").dataset.on === "true", { timeout: 10000 });
    await options.close();
  }

  // Firefox's BiDi targets keep the URL they were created with
  // (about:blank), so ask each page where it is.
  async findPage(match, exclude = new Set(), timeout = 20000) {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      for (const page of await this.browser.pages()) {
        if (exclude.has(page)) continue;
        const href = await page.evaluate(() => location.href).catch(() => "");
        if (match(href)) return page;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("page not found");
  }

  // Opens a page of the extension (path relative to its root) in a new tab.
  async openExtensionPage(path) {
    const url = this.base + path;
    if (this.name === "chromium") {
      const page = await this.browser.newPage();
      await page.goto(url, { waitUntil: "load" });
      return page;
    }
    const helper = await this.extensionPage();
    // Firefox's BiDi now and then never lists a tab the extension opened
    // (twice in the runs of 2026-12-02, under load, in different tests): it
    // is opened once more before the test is failed.
    for (let attempt = 1; ; attempt++) {
      const known = new Set(await this.browser.pages());
      await helper.evaluate((u) => globalThis.twBrowser.openTab(u), url);
      try {
        const page = await this.findPage((href) => href === url, known);
        await page.waitForFunction(() => document.readyState === "complete", { timeout: 15000 });
        return page;
      } catch (e) {
        if (attempt >= 2) throw new Error(`${e.message}: ${path} (opened twice)`);
        console.error(`harness: ${path} was not listed after it was opened; opening it again`);
      }
    }
  }

  async send(message) {
    const page = await this.extensionPage();
    return page.evaluate(async (m) => {
      try {
        return { ok: true, value: await globalThis.twBrowser.sendMessage(m) };
      } catch (e) {
        return { ok: false, name: e.name, message: e.message };
      }
    }, message);
  }

  async sendOk(message) {
    const r = await this.send(message);
    if (!r.ok) throw new Error(`${message.type} failed: ${r.name}: ${r.message}`);
    // Every JSON evidence file a test exports is checked against the schema.
    if (message.type === "evidence.export" && (message.format ?? "json") === "json" && typeof r.value?.text === "string") checkExport(r.value.text);
    return r.value;
  }

  // Calls the shim from an extension page (e.g. cookies, permissions).
  async shim(fnName, ...args) {
    const page = await this.extensionPage();
    return page.evaluate((name, a) => globalThis.twBrowser[name](...a), fnName, args);
  }

  async popup(forUrl) {
    const page = await this.openExtensionPage(`popup/popup.html?url=${encodeURIComponent(forUrl)}`);
    await page.waitForSelector("main[aria-busy=false]", { timeout: 15000 });
    return page;
  }

  // Opens every closed row of a popup (each company's <details>) the way a
  // user does, by clicking its summary, so their items are on screen.
  async openRows(popup) {
    for (const summary of await popup.$$("#company-list details:not([open]) > summary")) await summary.click();
    await popup.waitForFunction(() => !document.querySelector("#company-list details:not([open])"), { timeout: 5000 });
  }

  // Chromium only: the popup, watched from outside from before its first
  // script runs. `globalThis.__twDom` in the page then holds every DOM
  // mutation as {at, type, target, name}: `at` is performance.now(),
  // `target` the id of the nearest element that has one. `firstData` is
  // when main's aria-busy became "false" (its data first shown).
  async watchedPopup(forUrl) {
    if (this.name !== "chromium") throw new Error("only Chromium can watch a page from before its first script");
    const page = await this.browser.newPage();
    await page.evaluateOnNewDocument(WATCH_DOM);
    await page.goto(`${this.base}popup/popup.html?url=${encodeURIComponent(forUrl)}`, { waitUntil: "load" });
    await page.waitForSelector("main[aria-busy=false]", { timeout: 15000 });
    return page;
  }

  // Waits until the summary for `host` satisfies `pred`, polling.
  async waitForSummary(host, pred, timeout = 20000) {
    const end = Date.now() + timeout;
    let last = null;
    while (Date.now() < end) {
      const r = await this.send({ type: "site.summary", host });
      if (r.ok) {
        last = r.value;
        if (pred(last)) return last;
      }
      await new Promise((res) => setTimeout(res, 250));
    }
    throw new Error(`summary for ${host} never matched; last: ${JSON.stringify(last?.findings?.map((f) => f.name))}`);
  }

  // Chromium only: stops the extension's service worker (CDP
  // ServiceWorker.stopAllWorkers: every service worker), and resolves with its target once the browser
  // reports that target gone. Throws if it is not gone within `timeout`:
  // a stop that cannot be shown to have happened is a failure, never a
  // stop. If no worker is running, waits for the next one to start.
  async stopBackground({ timeout = 10000 } = {}) {
    if (this.name !== "chromium") throw new Error("only Chromium has a stoppable service worker");
    const isOurs = (t) => t.type() === "service_worker" && t.url().startsWith(this.base);
    const target = await this.browser.waitForTarget(isOurs, { timeout: 30000 });
    let onDestroyed;
    const gone = new Promise((resolve) => {
      onDestroyed = (t) => t === target && resolve();
      this.browser.on("targetdestroyed", onDestroyed);
    });
    try {
      // What the browser's idle timeout calls (DevTools' worker close did
      // not always stop it). Whether it stopped is decided below.
      const page = await this.browser.newPage();
      try {
        const cdp = await page.createCDPSession();
        await cdp.send("ServiceWorker.enable");
        await cdp.send("ServiceWorker.stopAllWorkers");
      } finally {
        await page.close();
      }
      let timer;
      const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the service worker was not stopped within ${timeout} ms`)), timeout)));
      const stillThere = () => this.browser.targets().includes(target);
      if (stillThere()) await Promise.race([gone, late]).finally(() => clearTimeout(timer));
      else clearTimeout(timer);
    } finally {
      this.browser.off("targetdestroyed", onDestroyed);
    }
    return target;
  }

  currentBackground() {
    return this.browser.targets().find((t) => t.type() === "service_worker" && t.url().startsWith(this.base)) || null;
  }

  // ---- ground truth, read from outside the extension ----

  // Every cookie in the browser's jar, read by the browser itself rather
  // than through the extension: CDP Storage.getCookies in Chromium, the
  // parent process's Services.cookies over WebDriver BiDi in Firefox. Any
  // read error throws. Each cookie: {name, value, domain (leading dot for a
  // domain cookie), path, hostOnly, httpOnly, secure, session, partitionKey
  // ("https://site" or null), store ("default", "container:N", "private")}.
  async jarCookies() {
    return this.name === "chromium" ? chromiumJar(this.browser) : firefoxJar(this.browser);
  }

  // What a page of the site itself can see of its origin's storage: opens
  // /storage-report.html in `page`'s own tab (so sessionStorage is that
  // tab's), or in a new tab when no page is given. Fails on any read error.
  async siteStorage(host, page = null) {
    const own = !page;
    page ??= await this.browser.newPage();
    await page.goto(this.url(host, "/storage-report.html"), { waitUntil: "load" });
    await page.waitForSelector("html[data-report-ready=true]", { timeout: 15000 });
    const report = await page.evaluate(() => window.__report);
    if (own) await page.close();
    if (Object.keys(report.errors || {}).length) throw new Error(`storage report of ${host} could not read: ${JSON.stringify(report.errors)}`);
    for (const area of ["cookies", "localStorage", "sessionStorage", "indexedDB", "cacheStorage", "serviceWorkers"]) {
      if (!Array.isArray(report[area])) throw new Error(`storage report of ${host} has no ${area} list: ${JSON.stringify(report)}`);
    }
    return report;
  }

  // Firefox only: the extension's background state as the parent process
  // sees it ("running", "suspending", "stopped", ...), read without waking it.
  async firefoxBackgroundState() {
    if (this.name !== "firefox") throw new Error("Firefox only");
    return firefoxPrivileged(this.browser, `WebExtensionPolicy.getByID(${JSON.stringify(FIREFOX_ID)}).extension.backgroundState`);
  }

  // Firefox only: answers the browser's own prompt for an extension
  // permission (its doorhanger, "Allow" or "Deny") as a person would, from
  // the parent process. Launch with the pref
  // extensions.webextOptionalPermissionPrompts true, or Firefox grants
  // without asking. Fails if no prompt appears. (Chromium's prompt is a
  // native dialog that no automation reaches: docs/testing.md.)
  async answerPermissionPrompt(answer) {
    if (this.name !== "firefox") throw new Error("Firefox only");
    const allow = answer === "allow";
    const expr = `(() => {
      const w = Services.wm.getMostRecentWindow("navigator:browser");
      const n = w && w.PopupNotifications.getNotification("addon-webext-permissions");
      if (!n) return null;
      const labels = [n.mainAction.label, ...(n.secondaryActions || []).map((a) => a.label)];
      (${allow} ? n.mainAction : n.secondaryActions[0]).callback();
      return labels;
    })()`;
    return until("the browser's permission prompt", () => firefoxPrivileged(this.browser, expr), (r) => Array.isArray(r), 10000);
  }

  async close() {
    await this.browser.close().catch(() => {});
    rmSync(this.profile, { recursive: true, force: true });
  }
}

// ---- ground-truth readers ----

async function chromiumJar(browser) {
  const cdp = await browser.target().createCDPSession();
  try {
    const { cookies } = await cdp.send("Storage.getCookies", {});
    return cookies.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path,
      hostOnly: !c.domain.startsWith("."),
      httpOnly: !!c.httpOnly,
      secure: !!c.secure,
      session: !!c.session,
      partitionKey: c.partitionKey ? (typeof c.partitionKey === "string" ? c.partitionKey : c.partitionKey.topLevelSite) : null,
      store: "default",
    }));
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// Firefox spells a partition "(https,dwp.gov.uk)" or "(https,dwp.gov.uk,8443)".
// Firefox preferences that save every download into `dir` without asking.
// The finished download in `dir` ending in `ext` (no partial file left):
// {ok, detail: every name there, path}.
export function finishedDownload(dir, ext) {
  const names = readdirSync(dir);
  const done = names.filter((n) => n.endsWith(ext));
  const partial = names.filter((n) => n.endsWith(".part") || n.endsWith(".crdownload"));
  return { ok: done.length === 1 && partial.length === 0, detail: names, path: done[0] && join(dir, done[0]) };
}

export function firefoxDownloadPrefs(dir) {
  return {
    "browser.download.folderList": 2,
    "browser.download.dir": dir,
    "browser.download.useDownloadDir": true,
    "browser.download.always_ask_before_handling_new_types": false,
    "browser.download.manager.showWhenStarting": false,
  };
}

export function firefoxPartitionSite(key) {
  if (!key) return null;
  const m = /^\((https?),([^,)]+)/.exec(key);
  return m ? `${m[1]}://${m[2]}` : key;
}

// Evaluates `expression` in the parent process (system privileges); the
// result must be JSON-serialisable or a string.
async function firefoxPrivileged(browser, expression) {
  const conn = browser.connection;
  const tree = await conn.send("browsingContext.getTree", { "moz:scope": "chrome" });
  const chrome = tree.result.contexts[0];
  if (!chrome) throw new Error("no chrome browsing context: is --remote-allow-system-access set?");
  const r = await conn.send("script.evaluate", { expression: `JSON.stringify(${expression})`, target: { context: chrome.context }, awaitPromise: false, resultOwnership: "none" });
  if (r.result.type !== "success") throw new Error(`privileged evaluation failed: ${JSON.stringify(r.result.exceptionDetails || r.result)}`);
  return JSON.parse(r.result.result.value);
}

async function firefoxJar(browser) {
  const conn = browser.connection;
  const tree = await conn.send("browsingContext.getTree", { "moz:scope": "chrome" });
  const chrome = tree.result.contexts[0];
  if (!chrome) throw new Error("no chrome browsing context: is --remote-allow-system-access set?");
  // Ordinary and private-window cookies (Services.cookies.cookies omits
  // the private ones).
  const expression = `(() => {
    const all = [...Services.cookies.cookies, ...Services.cookies.getCookiesWithOriginAttributes(JSON.stringify({ privateBrowsingId: 1 }))];
    return JSON.stringify(all.map((c) => ({
      name: c.name, value: c.value, host: c.host, path: c.path, httpOnly: c.isHttpOnly, secure: c.isSecure,
      session: c.isSession, partitionKey: c.originAttributes.partitionKey || "",
      userContextId: c.originAttributes.userContextId || 0, privateBrowsingId: c.originAttributes.privateBrowsingId || 0,
    })));
  })()`;
  const r = await conn.send("script.evaluate", { expression, target: { context: chrome.context }, awaitPromise: false, resultOwnership: "none" });
  if (r.result.type !== "success") throw new Error(`reading Services.cookies failed: ${JSON.stringify(r.result.exceptionDetails || r.result)}`);
  return JSON.parse(r.result.result.value).map((c) => ({
    name: c.name,
    value: c.value,
    domain: c.host,
    path: c.path,
    hostOnly: !c.host.startsWith("."),
    httpOnly: c.httpOnly,
    secure: c.secure,
    session: c.session,
    partitionKey: firefoxPartitionSite(c.partitionKey),
    store: c.privateBrowsingId ? "private" : c.userContextId ? `container:${c.userContextId}` : "default",
  }));
}

// Whether a jar cookie belongs to a site with registrable domain `rd`: on
// that domain or under it, or kept in its partition.
export function cookieOfSite(c, rd) {
  const bare = c.domain.replace(/^\./, "");
  const under = bare === rd || bare.endsWith(`.${rd}`);
  const top = c.partitionKey ? c.partitionKey.replace(/^https?:\/\//, "").replace(/:\d+$/, "") : null;
  return under || top === rd;
}

// Injected into a page before it loads (see watchedPopup). Also used by
// scripts/bench-browser.mjs.
// Polls `probe` until `pred` holds of what it returned, and fails after
// `timeout` ms with what was last seen (a probe that throws is seen as
// {error}). Tests wait for conditions this way, never for fixed times.
export async function until(what, probe, pred, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await probe().catch((e) => ({ error: e.message }));
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} never happened; last seen: ${JSON.stringify(last)?.slice(0, 600)}`);
}

export function WATCH_DOM() {
  const dom = (globalThis.__twDom = { mutations: [], firstData: null });
  const where = (node) => {
    for (let n = node; n; n = n.parentNode) if (n.id) return n.id;
    return node.nodeName;
  };
  new MutationObserver((records) => {
    const at = performance.now();
    for (const r of records) {
      dom.mutations.push({ at, type: r.type, target: where(r.target), name: r.attributeName || null });
      if (dom.firstData === null && r.type === "attributes" && r.target.id === "main" && r.attributeName === "aria-busy" && r.target.getAttribute("aria-busy") === "false") {
        dom.firstData = at;
        dom.firstDataIndex = dom.mutations.length - 1;
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}
