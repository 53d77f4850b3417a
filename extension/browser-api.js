// The only file that touches the `chrome` / `browser` globals. Everything
// else calls `globalThis.twBrowser`. It hides the differences between
// Chromium and Firefox so no other file needs to know which one runs it.
//
// It is a plain script (no `export`) on purpose: the background imports it
// as a module for its side effect, while content scripts and pages load it
// with a classic <script> or the manifest's `js` list.
(() => {
  if (globalThis.twBrowser) return;
  const isFirefox = typeof globalThis.browser !== "undefined" && !!globalThis.browser.runtime?.getBrowserInfo;
  const b = isFirefox ? globalThis.browser : globalThis.chrome;

  // Chrome's runtime.onMessage wants sendResponse + `return true`; Firefox
  // accepts a returned promise. sendResponse works in both.
  // The test build's dispatcher can answer a message with NO_ANSWER, to
  // imitate a background stopped on the way (docs/testing.md, faults). Both
  // browsers turn an undefined answer into null, so it travels as a marker
  // that sendMessage turns back into "no answer". The shipped builds never
  // send it.
  const NO_ANSWER = Symbol("no answer");
  const NO_ANSWER_MARK = "tw:no-answer";
  function onMessage(handler) {
    b.runtime.onMessage.addListener((message, sender, sendResponse) => {
      Promise.resolve()
        .then(() => handler(message, describeSender(sender)))
        .then(
          (result) => sendResponse(result === NO_ANSWER ? NO_ANSWER_MARK : result === undefined ? null : result),
          (err) => sendResponse({ error: { name: err?.name || "Error", message: String(err?.message || err) } }),
        );
      return true;
    });
  }

  function describeSender(sender) {
    return {
      fromExtension: sender.id === b.runtime.id,
      // A page of the extension itself has no tab or an extension URL; a
      // content script has a tab and the web page's URL.
      isExtensionPage: sender.id === b.runtime.id && (sender.url || "").startsWith(b.runtime.getURL("")),
      isPopup: sender.id === b.runtime.id && (sender.url || "").startsWith(b.runtime.getURL("popup/")),
      url: sender.url || "",
      tabUrl: sender.tab?.url || "",
      tabId: sender.tab?.id ?? null,
      incognito: !!sender.tab?.incognito,
      frameId: sender.frameId ?? null,
    };
  }

  // The background answers every message, with null at least. No answer at
  // all (Chromium resolves with undefined when the worker is stopped while
  // the message is on its way) means the message may never have been
  // handled: the caller is told, as for any other failure, so that it sends
  // it again. Before this, the content script took such a batch of requests
  // as delivered, and a stopped worker lost it (issue 11's stress test).
  async function sendMessage(message) {
    const answer = await b.runtime.sendMessage(message);
    const reply = answer === NO_ANSWER_MARK ? undefined : answer;
    if (reply === undefined) {
      const err = new Error("the background stopped before it answered");
      err.name = "NoAnswer";
      throw err;
    }
    if (reply && typeof reply === "object" && reply.error && Object.keys(reply).length === 1) {
      const err = new Error(reply.error.message);
      err.name = reply.error.name;
      throw err;
    }
    return reply;
  }

  // Both browsers spell a partition as { topLevelSite: "https://site" }.
  // Asking with an empty partitionKey returns every partition plus the
  // unpartitioned jar.
  async function getAllCookies(details) {
    try {
      return await b.cookies.getAll({ ...details, partitionKey: {} });
    } catch {
      return b.cookies.getAll(details);
    }
  }

  function cookieUrl(c) {
    const host = c.domain.replace(/^\./, "");
    return `http${c.secure ? "s" : ""}://${host}${c.path || "/"}`;
  }

  // `partitionKey` may be the top-level site as a string (as the core
  // spells it) or the browser's own object.
  const partitionOf = (pk) => (typeof pk === "string" ? { topLevelSite: pk } : pk);

  async function removeCookie(c) {
    const details = { url: cookieUrl(c), name: c.name };
    if (c.storeId) details.storeId = c.storeId;
    if (c.partitionKey) details.partitionKey = partitionOf(c.partitionKey);
    return b.cookies.remove(details);
  }

  // Ids of the cookie stores the browser lists (the default one, private
  // windows and Firefox containers that have a tab open).
  async function cookieStores() {
    const ids = new Set([DEFAULT_STORE]);
    for (const s of await b.cookies.getAllCookieStores()) ids.add(s.id);
    return [...ids];
  }
  const DEFAULT_STORE = isFirefox ? "firefox-default" : "0";
  // The cookie store of private windows.
  const isPrivateStore = (id) => id === (isFirefox ? "firefox-private" : "1");

  async function cookiesInPartition(topLevelSite) {
    try {
      return await b.cookies.getAll({ partitionKey: { topLevelSite } });
    } catch {
      return [];
    }
  }

  // Clears one data type for one site. Chrome takes `origins`; Firefox
  // takes `hostnames`, has no Cache Storage type, and its localStorage removal by
  // host does not reach pages already open, so callers also clear in the
  // page. Returns "ok", or "unsupported" when this browser cannot do it
  // for one site.
  async function removeSiteData({ origins, hostnames }, dataType) {
    if (isFirefox) {
      if (dataType === "sessionStorage") return "unsupported";
      // Firefox's cache removal by host left the stand-in's cached file in
      // place while reporting success (tests/e2e/cleanup.test.mjs), and its
      // cleaners may clear everything when they cannot clear one host: say
      // it cannot be done rather than claim it was.
      if (dataType === "cache") return "unsupported";
      // Firefox keeps Cache Storage with the origin's other quota-managed
      // storage, which its indexedDB removal by host clears.
      const type = dataType === "cacheStorage" ? "indexedDB" : dataType;
      // Only the default store: a container's or a private window's copy of
      // the site stays (Firefox can say so for these two types only).
      if (type === "indexedDB" || type === "localStorage") {
        try {
          await b.browsingData.remove({ hostnames, cookieStoreId: "firefox-default" }, { [type]: true });
          return "ok";
        } catch {
          return "unsupported";
        }
      }
      await b.browsingData.remove({ hostnames }, { [type]: true });
      return "ok";
    }
    if (dataType === "sessionStorage") return "unsupported";
    await b.browsingData.remove({ origins }, { [dataType]: true });
    return "ok";
  }

  async function browserInfo() {
    if (isFirefox) {
      const info = await b.runtime.getBrowserInfo();
      return { name: info.name, version: info.version };
    }
    const m = /(Chrom(?:e|ium))\/([\d.]+)/.exec(navigator.userAgent);
    return { name: m ? m[1] : "Chromium", version: m ? m[2] : "" };
  }

  function onResponseHeaders(handler, urls) {
    if (!b.webRequest?.onHeadersReceived) return false;
    const spec = ["responseHeaders"];
    if (!isFirefox) spec.push("extraHeaders");
    b.webRequest.onHeadersReceived.addListener(handler, { urls }, spec);
    return true;
  }

  // i18n.getMessage follows only the browser's language. When the user has
  // chosen another one (the options page's language setting), that
  // language's messages.json is read from the extension's own files and
  // formatted the way getMessage does: named placeholders ($COUNT$, any
  // case) become their `content`, then $1-$9 the substitutions, $$ a "$".
  let chosen = null;
  async function useLanguage(lang) {
    if (!lang) {
      chosen = null;
      return;
    }
    if (chosen?.lang === lang) return;
    const response = await fetch(b.runtime.getURL(`_locales/${lang}/messages.json`));
    if (!response.ok) throw new Error(`no translation for ${lang}`);
    chosen = { lang, messages: await response.json() };
  }

  function formatMessage(entry, subs) {
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    const named = {};
    for (const [name, p] of Object.entries(entry.placeholders || {})) named[name.toLowerCase()] = p.content;
    const text = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (m, name) => named[name.toLowerCase()] ?? m);
    return text.replace(/\$(\$|[1-9])/g, (m, d) => (d === "$" ? "$" : String(list[Number(d) - 1] ?? "")));
  }

  function i18n(key, subs) {
    const entry = chosen?.messages[key];
    return entry ? formatMessage(entry, subs) : b.i18n.getMessage(key, subs);
  }

  globalThis.twBrowser = Object.freeze({
    url: (path) => b.runtime.getURL(path),
    i18n,
    uiLanguage: () => chosen?.lang || b.i18n.getUILanguage(),
    useLanguage,
    manifest: () => b.runtime.getManifest(),
    onInstalled: (fn) => b.runtime.onInstalled.addListener(fn),
    onStartup: (fn) => b.runtime.onStartup.addListener(fn),
    isPrivateStore,
    onMessage,
    sendMessage,
    NO_ANSWER,
    openTab: (url) => b.tabs.create({ url }),
    browserInfo,
    platformInfo: () => b.runtime.getPlatformInfo(),

    onCookieChanged: (fn) => b.cookies.onChanged.addListener(fn),
    getAllCookies,
    cookiesInPartition,
    cookieStores,
    isDefaultStore: (id) => !id || id === DEFAULT_STORE,
    removeCookie,

    activeTab: async () => (await b.tabs.query({ active: true, currentWindow: true }))[0] || null,
    getTab: (id) => b.tabs.get(id),
    queryTabs: (q) => b.tabs.query(q),
    onTabRemoved: (fn) => b.tabs.onRemoved.addListener(fn),
    reloadTab: (id) => b.tabs.reload(id),
    closeTab: (id) => b.tabs.remove(id),
    // Opens a tab in the background and resolves once it has loaded.
    openBackgroundTab: async (url, timeoutMs = 10000) => {
      const tab = await b.tabs.create({ url, active: false });
      const end = Date.now() + timeoutMs;
      for (;;) {
        const now = await b.tabs.get(tab.id);
        if (now.status === "complete" && now.url && now.url !== "about:blank") return now;
        if (Date.now() > end) return now;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    // Sends a tab to another address and resolves once it has loaded there.
    navigateTab: async (tabId, url, timeoutMs = 10000) => {
      await b.tabs.update(tabId, { url });
      const end = Date.now() + timeoutMs;
      for (;;) {
        const now = await b.tabs.get(tabId);
        if (now.status === "complete" && now.url === url) return now;
        if (Date.now() > end) throw new Error(`the tab did not load ${url}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    captureVisibleTab: (windowId) => b.tabs.captureVisibleTab(windowId ?? null, { format: "png" }),

    hasPermissions: (perm) => b.permissions.contains(perm),
    requestPermissions: (perm) => b.permissions.request(perm),
    removePermissions: (perm) => b.permissions.remove(perm),

    // Runs a function in a tab's page (isolated world) and returns its result.
    runInTab: async (tabId, func, args = []) => {
      const [res] = await b.scripting.executeScript({ target: { tabId }, func, args });
      return res?.result;
    },
    registerContentScripts: (scripts) => b.scripting.registerContentScripts(scripts),
    unregisterContentScripts: (filter) => b.scripting.unregisterContentScripts(filter),
    getRegisteredContentScripts: () => b.scripting.getRegisteredContentScripts(),

    onResponseHeaders,
    removeSiteData,

    createAlarm: (name, info) => b.alarms.create(name, info),
    clearAlarm: (name) => b.alarms.clear(name),
    onAlarm: (fn) => b.alarms.onAlarm.addListener(fn),
    notify: (id, title, message) =>
      b.notifications.create(id, { type: "basic", iconUrl: b.runtime.getURL("icons/icon-128.png"), title, message }),
  });
})();
