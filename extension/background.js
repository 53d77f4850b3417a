// Background: Chrome service worker / Firefox background script (module).
//
// Rules this file keeps:
// - every listener is registered synchronously at the top level, before any
//   await, so the browser can wake us for the event; each one awaits
//   `ready()` inside;
// - no top-level await and no dynamic import (Chrome kills such workers);
// - start-up does the minimum: instantiate the wasm, read the small meta
//   records and the per-site pictures. Nothing reads the whole journal.
// - every state change is written to IndexedDB in one transaction before
//   the event counts as handled; events are handled one at a time, in order.
import "./browser-api.js";
import "./messages.js";
import initWasm, { Witness } from "./pkg/tracking_witness.js";
import { openStore } from "./store.js";

const api = globalThis.twBrowser;
const M = globalThis.twMessages;

let booting = null;
const ready = () => (booting ??= boot());

async function boot() {
  await initWasm({ module_or_path: api.url("pkg/tracking_witness_bg.wasm") });
  const store = await openStore();
  const meta = await store.getMeta(["config", "head", "secret"]);
  let secret = meta.secret;
  if (!secret) {
    secret = crypto.getRandomValues(new Uint8Array(32));
    await store.commit({ meta: { secret } });
  }
  const witness = new Witness(meta.config ?? null, secret, meta.head ?? null);
  for (const [id, json] of await store.allSiteStates()) {
    try {
      witness.loadSiteState(id, json);
    } catch (e) {
      console.error(`Tracking Witness: saved picture of ${id} unreadable, starting it afresh`, e);
    }
  }
  return { witness, store };
}

// One event at a time, in arrival order.
let queue = Promise.resolve();
function serial(task) {
  const run = queue.then(task);
  queue = run.catch((e) => console.error("Tracking Witness:", e));
  return run;
}

async function persist(store, commit, extraMeta = {}) {
  const sites = commit.sites || {};
  if (!commit.entries.length && !Object.keys(sites).length && !Object.keys(extraMeta).length) return;
  await store.commit({
    entries: commit.entries,
    sites,
    meta: { head: JSON.stringify(commit.head), ...extraMeta },
  });
}

// Browser cookie -> the core's CookieObservation.
function toObservation(c) {
  return {
    name: c.name,
    value: c.value ?? "",
    domain: c.domain,
    path: c.path || "/",
    hostOnly: !!c.hostOnly,
    secure: !!c.secure,
    httpOnly: !!c.httpOnly,
    sameSite: c.sameSite || "unspecified",
    expirationDate: c.session ? null : (c.expirationDate ?? null),
    partitionKey: c.partitionKey?.topLevelSite || null,
    storeId: c.storeId ?? null,
  };
}

const hostOf = (url) => {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
};

// ---- listeners: all registered here, synchronously ----

api.onCookieChanged((info) =>
  serial(async () => {
    // An overwrite arrives as "removed" then "added": the added one tells
    // the core it changed, so the removal is not news.
    if (info.removed && info.cause === "overwrite") return;
    const { witness, store } = await ready();
    const obs = toObservation(info.cookie);
    const now = Date.now();
    const commit = info.removed ? witness.removeCookie(obs, info.cause, now) : witness.observeCookie(null, obs, now);
    await persist(store, commit);
  }),
);

// Third-party Set-Cookie headers, visible only where host access allows
// (deep inspection). The page that caused the request decides the site.
api.onResponseHeaders((details) => {
  const setCookies = (details.responseHeaders || [])
    .filter((h) => h.name.toLowerCase() === "set-cookie" && h.value)
    .map((h) => h.value);
  if (!setCookies.length) return;
  const pageUrl = details.initiator || details.documentUrl || details.originUrl;
  const pageHost = pageUrl && hostOf(pageUrl);
  const responseHost = hostOf(details.url);
  if (!pageHost || !responseHost || pageHost === responseHost) return;
  serial(async () => {
    const { witness, store } = await ready();
    if (!witness.siteForHost(pageHost)) return;
    const top = (details.frameAncestors || []).at(-1)?.url || pageUrl;
    const partition = hostOf(top);
    await persist(store, witness.observeSetCookie(pageHost, responseHost, setCookies, partition, Date.now()));
  });
}, ["<all_urls>"]);

api.onInstalled(() => serial(onInstalled));
api.onMessage((message, sender) => dispatch(message, sender));

// ---- handlers ----

async function onInstalled() {
  const { witness, store } = await ready();
  const config = witness.config();
  if (!config.onboarded) await api.openTab(api.url("options/options.html#welcome"));
  await store.commit({ meta: { config: witness.configJson() } });
}

const pageHandlers = {
  [M.SITE_SUMMARY]: ({ witness }, msg) => witness.summary(requireString(msg.host, "host")),
  [M.TAB_SITE]: tabSite,
  [M.STATUS]: ({ witness, store }) => status(witness, store),
  [M.PRESETS_LIST]: () => Witness.presets(),
  [M.SITES_LIST]: ({ witness }) => witness.config(),
  [M.ONBOARDING_CHOOSE]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.choosePresets(msg.presets || []), () => ({
      type: "settings.changed",
      data: { setting: "presets", value: msg.presets || [] },
    })),
  [M.SITES_ADD]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.addSite(requireString(msg.name, "name"), msg.hosts || []), (site) => ({
      type: "site.added",
      site: site.id,
      data: { name: site.name, hosts: site.hosts },
    })),
  [M.SITES_CHECK]: ({ witness }, msg) => ({ origins: witness.checkHosts(msg.hosts || []) }),
  [M.SITES_UPDATE]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.updateSite(msg.site), (site) => ({
      type: "site.updated",
      site: site.id,
      data: { name: site.name, hosts: site.hosts, enabled: site.enabled, keep: site.keep, autoClean: site.autoClean },
    })),
  [M.SITES_REMOVE]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.removeSite(requireString(msg.id, "id")), (site) => ({
      type: "site.removed",
      site: site.id,
      data: { name: site.name },
    })),
  [M.SETTINGS_EXPORT]: ({ witness }) => ({ text: witness.exportSettings() }),
  [M.SETTINGS_IMPORT]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.importSettings(requireString(msg.text, "text")), (config) => ({
      type: "settings.changed",
      data: { setting: "import", value: config.sites.map((site) => site.id) },
    })),
  [M.SETTINGS_UPDATE]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.setOption(requireString(msg.name, "name"), !!msg.value), () => ({
      type: "settings.changed",
      data: { setting: msg.name, value: !!msg.value },
    })),
  [M.JOURNAL_STATS]: async ({ store, witness }) => ({ count: await store.journalCount(), head: JSON.parse(witness.headJson()) }),
  [M.JOURNAL_PAGE]: ({ store }, msg) =>
    store.journalPage({ before: msg.before ?? null, limit: Math.min(msg.limit ?? 50, 500), ...(msg.filter || {}) }),
};

const contentHandlers = {
  [M.STORAGE_SNAPSHOT]: ({ witness, store }, msg, sender) => {
    const host = hostOf(sender.url);
    if (!host || !witness.siteForHost(host)) return { watched: false };
    const items = (msg.items || []).map((i) => ({ ...i, host }));
    return persist(store, witness.observeStorage(host, msg.areas || [], items, Date.now())).then(() => ({ watched: true }));
  },
  [M.REQUESTS_SEEN]: ({ witness, store }, msg, sender) => {
    const host = hostOf(sender.url);
    if (!host || !witness.siteForHost(host)) return { watched: false };
    const requests = (msg.requests || []).map((r) => ({ ...r, pageHost: host }));
    return persist(store, witness.observeRequests(host, requests, Date.now())).then(() => ({ watched: true }));
  },
};

async function dispatch(message, sender) {
  const type = message && typeof message.type === "string" ? message.type : null;
  if (!sender.fromExtension) throw named("Forbidden", "messages are accepted only from this extension");
  let handler;
  if (M.PAGE_TYPES.includes(type)) {
    if (!sender.isExtensionPage) throw named("Forbidden", `${type} is accepted only from the extension's own pages`);
    handler = pageHandlers[type];
  } else if (M.CONTENT_TYPES.includes(type)) {
    if (sender.tabId === null) throw named("Forbidden", `${type} is accepted only from a content script`);
    handler = contentHandlers[type];
  }
  if (!handler) throw named("UnknownMessage", `unknown message type ${JSON.stringify(type)}`);
  // Everything that may change state goes through the queue, after the
  // events that arrived before it.
  return serial(async () => handler(await ready(), message, sender));
}

function named(name, message) {
  const e = new Error(message);
  e.name = name;
  return e;
}

function requireString(v, field) {
  if (typeof v !== "string" || !v) throw named("InvalidInput", `the message needs a "${field}" string`);
  return v;
}

async function tabSite({ witness }, msg) {
  const tab = msg.tabId ? null : await api.activeTab();
  const url = msg.url || tab?.url || "";
  const host = hostOf(url);
  const site = host ? witness.siteForHost(host) : null;
  const origins = host && !site ? Witness.originsForHost(host) : [];
  return { host, url, site, summary: site ? witness.summary(host) : null, origins, tabId: tab?.id ?? null };
}

async function status(witness, store) {
  return { ready: true, config: witness.config(), journal: { count: await store.journalCount() } };
}

// Applies a configuration change, journals what the user did, stores the
// new configuration, and keeps content scripts on the sites the user added.
async function changeConfig({ witness, store }, change, describe) {
  const result = change(witness);
  const { type, site = null, data } = describe(result);
  const commit = witness.record(type, site, data, Date.now());
  if (type === "site.removed") commit.sites = { [site]: null };
  await persist(store, commit, { config: witness.configJson() });
  await syncContentScripts(witness);
  return result;
}

// Preset sites get the content script from the manifest; sites the user
// added get it registered here, for the origins they were granted.
const USER_SCRIPTS_ID = "tw-user-sites";
async function syncContentScripts(witness) {
  const declared = new Set(api.manifest().host_permissions);
  const matches = witness.permissionOrigins().filter((o) => !declared.has(o));
  try {
    const existing = await api.getRegisteredContentScripts();
    if (existing.some((s) => s.id === USER_SCRIPTS_ID)) await api.unregisterContentScripts({ ids: [USER_SCRIPTS_ID] });
    if (!matches.length) return;
    await api.registerContentScripts([
      { id: USER_SCRIPTS_ID, matches, js: ["browser-api.js", "messages.js", "content/observer.js"], runAt: "document_idle" },
    ]);
  } catch (e) {
    // Without the host permission the browser refuses; cookies are still watched.
    console.error("Tracking Witness: content script for added sites not registered", e);
  }
}
