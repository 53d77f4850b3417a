// Automatic cleanup: when the last tab of a site closes, when the browser
// starts, or after a while idle (a periodic alarm, kept only while some
// site asks for it), as each site's setting says.
import { api, persist } from "./boot.js";
import { cleanSite } from "./cleanup-runner.js";
import { loadSiteTabs } from "./site-tabs.js";

export async function onTabClosed(ctx, tabId) {
  // The tab's sessionStorage went with it (journaled, cause "tab-closed").
  await persist(ctx.store, ctx.witness.tabClosed(tabId, Date.now()));
  const tabs = await loadSiteTabs(ctx.store);
  const siteId = tabs.get(tabId);
  if (!siteId) return;
  tabs.delete(tabId);
  await ctx.store.commit({ meta: { siteTabs: Object.fromEntries(tabs) } });
  if ([...tabs.values()].includes(siteId)) return;
  await autoClean(ctx, "last-tab-closed", siteId);
}

export const IDLE_ALARM = "tw-idle-check";

// Keeps the periodic idle check only while some site needs it.
export async function syncIdleAlarm(witness) {
  const idle = witness.config().sites.some((s) => s.enabled && s.autoClean === "idle");
  if (idle) await api.createAlarm(IDLE_ALARM, { periodInMinutes: 1 });
  else await api.clearAlarm(IDLE_ALARM);
}

// The browser started: tabs of its last session are gone, and so is their
// sessionStorage; restored tabs report theirs again.
export async function browserStarted(ctx) {
  const open = (await api.queryTabs({})).map((t) => t.id).filter((id) => Number.isInteger(id) && id >= 0);
  await persist(ctx.store, ctx.witness.tabsOpen(open, Date.now()));
  await autoClean(ctx, "browser-start", null);
}

export async function autoClean(ctx, event, onlySite) {
  const { witness, store } = ctx;
  const now = Date.now();
  for (const siteId of witness.autoCleanSites()) {
    if (onlySite && siteId !== onlySite) continue;
    const cleaned = (await store.getMeta([`cleaned:${siteId}`]))[`cleaned:${siteId}`] ?? null;
    if (!witness.autoCleanDue(siteId, event, now, cleaned)) continue;
    const site = witness.config().sites.find((s) => s.id === siteId);
    const host = site.hosts[0].replace(/^\*\./, "");
    const { text } = await cleanSite(ctx, host, {}, "automatic", site.autoClean);
    if (witness.config().notifyAutoClean) {
      await api.notify(`tw-clean-${siteId}-${now}`, api.i18n("notifyCleanedTitle", [site.name]), text);
    }
  }
}

