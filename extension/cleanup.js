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

export async function executePlan(plan) {
  const attempts = [];
  for (const c of plan.cookies) {
    try {
      const removed = await api.removeCookie(c);
      attempts.push(removed ? { id: c.id, ok: true } : { id: c.id, ok: false, error: "the browser found no such cookie" });
    } catch (e) {
      attempts.push({ id: c.id, ok: false, error: String(e?.message || e) });
    }
  }

  // Whole areas go through browsingData, one call per data type.
  const typeResult = {};
  const wholeTypes = [...new Set(plan.storage.filter((s) => !s.keep.length).map((s) => s.dataType))];
  for (const dataType of wholeTypes) {
    try {
      typeResult[dataType] = await api.removeSiteData({ origins: plan.origins, hostnames: plan.hostnames }, dataType);
    } catch (e) {
      typeResult[dataType] = String(e?.message || e);
    }
  }

  // And in every open page of the site: sessionStorage lives only there,
  // kept names need item-by-item deletion, and Firefox's localStorage
  // removal by host does not reach an open page.
  const pageResult = new Map();
  for (const tab of await tabsOn(plan.origins)) {
    const origin = originOf(tab.url);
    const areas = {};
    for (const s of plan.storage.filter((x) => x.origin === origin && AREA[x.dataType])) areas[AREA[s.dataType]] = s.keep;
    if (!Object.keys(areas).length) continue;
    try {
      const done = await api.runInTab(tab.id, clearStorage, [areas]);
      pageResult.set(origin, { ...(pageResult.get(origin) || {}), ...done });
    } catch (e) {
      pageResult.set(origin, { error: String(e?.message || e) });
    }
  }

  for (const s of plan.storage) {
    const inPage = pageResult.get(s.origin)?.[AREA[s.dataType]];
    const whole = s.keep.length ? undefined : typeResult[s.dataType];
    if (whole === "ok" || inPage === true) attempts.push({ id: s.id, ok: true });
    else if (s.dataType === "sessionStorage") attempts.push({ id: s.id, ok: true }); // gone with its tabs
    else if (whole === "unsupported" && s.dataType === "cache") attempts.push({ id: s.id, ok: false, unsupported: true, error: "this browser cannot clear the cache of one site" });
    else if (whole === "unsupported" && inPage === undefined)
      attempts.push({ id: s.id, ok: false, error: "no open page of the site to clear it in" });
    else attempts.push({ id: s.id, ok: false, error: typeof inPage === "string" ? inPage : typeof whole === "string" ? whole : "not cleared" });
  }
  return attempts;
}

// Looks again: every cookie under the site's domains and partitions (and
// the domains of the third-party cookies it planned to remove), and the
// storage of each origin that has an open page.
export async function lookAgain(plan, helperTabs = []) {
  const jars = [];
  const domains = new Set([...plan.cookieDomains, ...plan.cookies.map((c) => c.domain.replace(/^\./, ""))]);
  for (const domain of domains) jars.push(...(await api.getAllCookies({ domain })));
  for (const topLevelSite of plan.partitions) jars.push(...(await api.cookiesInPartition(topLevelSite)));
  const seen = new Set();
  const cookies = [];
  for (const c of jars) {
    const partitionKey = c.partitionKey?.topLevelSite || null;
    const key = [c.name, c.domain, c.path, partitionKey, c.storeId].join("\u0000");
    if (seen.has(key)) continue;
    seen.add(key);
    cookies.push({ name: c.name, domain: c.domain, path: c.path || "/", partitionKey, storeId: c.storeId ?? null });
  }

  const storage = [];
  const checked = [];
  const tabs = await tabsOn(plan.origins);
  for (const origin of plan.origins) {
    const tab = tabs.find((t) => originOf(t.url) === origin);
    if (!tab) continue;
    try {
      const r = await api.runInTab(tab.id, reportStorage, []);
      checked.push(origin);
      for (const [area, list] of [["local", r.local], ["session", r.session], ["indexed-db", r.idb], ["cache-storage", r.caches], ["service-worker", r.sw]]) {
        for (const key of list) storage.push({ origin, area, key });
      }
    } catch {
      // A page that cannot be scripted (an error page) cannot be checked.
    }
  }
  const helpers = new Set(helperTabs.map((t) => t.id));
  return { residue: { cookies, storage }, storageChecked: checked, openTabs: tabs.filter((t) => !helpers.has(t.id)).length };
}
