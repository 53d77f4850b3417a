// @ts-check
// Carries out a cleanup plan made by the core, then looks again and hands
// the core what it found: the core decides what belongs to the site and
// what the result is (docs/cleanup.md). Browser calls go through the shim.
import { reportStorage, clearStorage } from "./page-tasks.js";

const api = globalThis.twBrowser;

// Plan data types -> the content script's area names.
const AREA = {
  localStorage: "local",
  sessionStorage: "session",
  indexedDB: "indexed-db",
  cacheStorage: "cache-storage",
  serviceWorkers: "service-worker",
};

const originOf = (url) => {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? u.origin : null;
  } catch {
    return null;
  }
};

// Tabs showing a page of one of `origins`.
async function tabsOn(origins) {
  const wanted = new Set(origins);
  return (await api.queryTabs({})).filter((t) => wanted.has(originOf(t.url || "")));
}

// Origins of the site's open tabs, so the plan can use the exact origins
// (with their ports) instead of guessing https://host.
export async function openOrigins(witness, host) {
  const site = witness.siteForHost(host);
  if (!site) return [];
  const origins = new Set();
  for (const t of await api.queryTabs({})) {
    const o = originOf(t.url || "");
    if (o && witness.siteForHost(new URL(o).hostname)?.id === site.id) origins.add(o);
  }
  return [...origins];
}

// Opens a plain page of each origin that has no open tab, so its storage
// can be cleared and checked from inside the origin: Firefox cannot clear
// a site's localStorage any other way, and no browser can list a site's
// storage from outside. `/robots.txt` is used because sites serve it as
// plain text, which runs none of their scripts. Returns the tabs opened.
const helperTabIds = new Set();
export const isHelperTab = (tabId) => helperTabIds.has(tabId);

export async function openHelperTabs(plan) {
  const open = new Set((await tabsOn(plan.origins)).map((t) => originOf(t.url)));
  const opened = [];
  for (const origin of plan.origins) {
    if (open.has(origin) || !plan.storage.some((s) => s.origin === origin)) continue;
    try {
      const tab = await api.openBackgroundTab(`${origin}/robots.txt`);
      helperTabIds.add(tab.id);
      opened.push(tab);
    } catch {
      // Without it the origin stays unverified, and the result says so.
    }
  }
  return opened;
}

export async function closeHelperTabs(tabs) {
  for (const t of tabs) await api.closeTab(t.id).catch(() => {});
  // Their close events are still on their way; ignore them a while longer.
  setTimeout(() => tabs.forEach((t) => helperTabIds.delete(t.id)), 30000);
}

// The browser's own cookie jar now: every store it lists, every partition
// (`partitionKey: {}`), without values. Plan and residue check both read it,
// so neither relies on what events happened to report. A read error
// throws: a cleanup that cannot look does not pretend it did.
export async function readJar() {
  const seen = new Set();
  const jar = [];
  for (const storeId of await api.cookieStores()) {
    for (const c of await api.getAllCookies({ storeId })) {
      const cookie = {
        name: c.name,
        domain: c.domain,
        path: c.path || "/",
        secure: !!c.secure,
        partitionKey: c.partitionKey?.topLevelSite || null,
        storeId: api.isDefaultStore(c.storeId) ? null : c.storeId,
      };
      const key = [cookie.name, cookie.domain, cookie.path, cookie.partitionKey, cookie.storeId].join("\u0000");
      if (seen.has(key)) continue;
      seen.add(key);
      jar.push(cookie);
    }
  }
  return jar;
}

// What this extension cannot look at with the permissions it holds, and the
// permission that would let it: the residue check reports these as not
// checked, never as clean.
async function blindSpots() {
  const out = [];
  // Another company's cookie in the site's partition (a third-party
  // iframe's) is listed only with access to that company's host.
  if (!(await api.hasPermissions({ origins: ["<all_urls>"] }))) out.push({ what: "third-party-partitioned", permission: "<all_urls>" });
  return out;
}

// Hosts as Firefox's browsingData matches them: with the port when there is
// one (it compares the origin's host:port).
const hostForms = (origin) => [new URL(origin).host, new URL(origin).hostname];

// `beforeInject(tab)` is the test build's hook (faults.js): it can send the
// tab elsewhere just before the cleanup reaches into it.
export async function executePlan(plan, { beforeInject = null } = {}) {
  const attempts = [];
  for (const c of plan.cookies) {
    try {
      const removed = await api.removeCookie(c);
      attempts.push(removed ? { id: c.id, ok: true } : { id: c.id, ok: false, error: "the browser found no such cookie" });
    } catch (e) {
      attempts.push({ id: c.id, ok: false, error: String(e?.message || e) });
    }
  }

  // Whole areas go through browsingData, one call per data type, for the
  // origins whose area has nothing to keep, and only those: an origin
  // with a keep-list entry in that area is cleared item by item in its
  // page instead. Firefox names hosts (host:port), so an origin shares
  // the call only when no origin with the same host keeps something there.
  const whole = new Map(); // `${origin}\u0000${dataType}` -> "ok" | "unsupported" | error text
  for (const dataType of [...new Set(plan.storage.map((s) => s.dataType))]) {
    const items = plan.storage.filter((s) => s.dataType === dataType);
    const keepingHosts = new Set(items.filter((s) => s.keep.length).flatMap((s) => hostForms(s.origin)));
    const targets = items.filter((s) => !s.keep.length && !hostForms(s.origin).some((h) => keepingHosts.has(h)));
    if (!targets.length) continue;
    const origins = targets.map((s) => s.origin);
    // Both spellings: Firefox's storage cleaners compare host:port, its
    // service-worker cleaner the bare host.
    const hostnames = [...new Set(targets.flatMap((s) => hostForms(s.origin)))];
    let result;
    try {
      result = await api.removeSiteData({ origins, hostnames }, dataType);
    } catch (e) {
      result = String(e?.message || e);
    }
    for (const s of targets) whole.set(`${s.origin}\u0000${dataType}`, result);
  }

  // And in every open page of the site: sessionStorage lives only there,
  // kept names need item-by-item deletion, and Firefox's localStorage
  // removal by host does not reach an open page. The injected function
  // checks the page's origin itself before touching anything, so a tab
  // that has meanwhile gone to another site is left alone.
  const pageResult = new Map();
  for (const tab of await tabsOn(plan.origins)) {
    const origin = originOf(tab.url);
    const areas = {};
    for (const s of plan.storage.filter((x) => x.origin === origin && AREA[x.dataType])) areas[AREA[s.dataType]] = s.keep;
    if (!Object.keys(areas).length) continue;
    try {
      if (beforeInject) await beforeInject(tab);
      const done = await api.runInTab(tab.id, clearStorage, [areas, origin]);
      if (!done || done.wrongOrigin) continue;
      pageResult.set(origin, { ...(pageResult.get(origin) || {}), ...done });
    } catch (e) {
      pageResult.set(origin, { ...(pageResult.get(origin) || {}), error: String(e?.message || e) });
    }
  }

  for (const s of plan.storage) {
    const page = pageResult.get(s.origin);
    const inPage = page?.[AREA[s.dataType]] ?? page?.error;
    const all = whole.get(`${s.origin}\u0000${s.dataType}`);
    if (all === "ok" || inPage === true) attempts.push({ id: s.id, ok: true });
    else if (s.dataType === "sessionStorage" && !page) attempts.push({ id: s.id, ok: true }); // no open tab: gone with its tabs
    else if (all === "unsupported" && s.dataType === "cache") attempts.push({ id: s.id, ok: false, unsupported: true, error: "this browser cannot clear the cache of one site" });
    else if (inPage === undefined && (all === undefined || all === "unsupported"))
      attempts.push({ id: s.id, ok: false, error: s.keep.length ? "no open page of the site to clear it item by item in" : "no open page of the site to clear it in" });
    else attempts.push({ id: s.id, ok: false, error: typeof inPage === "string" ? inPage : typeof all === "string" ? all : "not cleared" });
  }
  return attempts;
}

// Looks again: the whole cookie jar (the core keeps what is the site's),
// the storage of each origin that has an open page (checked from inside
// that origin), and what this extension cannot look at.
export async function lookAgain(plan, helperTabs = []) {
  const cookies = (await readJar()).map(({ secure, ...c }) => c);
  const storage = [];
  const checked = [];
  const tabs = await tabsOn(plan.origins);
  for (const origin of plan.origins) {
    const tab = tabs.find((t) => originOf(t.url) === origin);
    if (!tab) continue;
    try {
      const r = await api.runInTab(tab.id, reportStorage, [origin]);
      // A page that left the origin, or could not read an area, leaves
      // the origin unchecked rather than clean.
      if (!r || r.wrongOrigin || Object.keys(r.errors || {}).length) continue;
      checked.push(origin);
      for (const [area, list] of [["local", r.local], ["session", r.session], ["indexed-db", r.idb], ["cache-storage", r.caches], ["service-worker", r.sw]]) {
        for (const key of list) storage.push({ origin, area, key });
      }
    } catch {
      // A page that cannot be scripted (an error page) cannot be checked.
    }
  }
  const helpers = new Set(helperTabs.map((t) => t.id));
  return {
    residue: { cookies, storage },
    storageChecked: checked,
    openTabs: tabs.filter((t) => !helpers.has(t.id)).length,
    notChecked: await blindSpots(),
  };
}
