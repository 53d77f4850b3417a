// What the content scripts report from a watched site's pages: storage
// snapshots, the requests a page made (Resource Timing), and page-world
// behaviour. Each is only ever about the sender's own tab and origin.
import { persist, requireString } from "./boot.js";
import { hostOf } from "./answer-cache-read.js";
import { noteSiteTab } from "./site-tabs.js";
import { matchFilterLists } from "./filter-lists.js";

// {type: "content.storage", areas, items} -> {watched}. sessionStorage is
// the sender's tab's own: the core keeps it apart from other tabs'.
// A frame of another origin inside a watched site's tab (deep inspection)
// reports its own storage: the tab's site's, naming the frame's origin.
export function storageSnapshot({ witness, store }, msg, sender) {
  const host = hostOf(sender.url);
  const own = host && witness.siteForHost(host);
  const top = !own && sender.frameId ? hostOf(sender.tabUrl) : null;
  const site = own || (top && witness.siteForHost(top));
  if (!site) return { watched: false };
  if (own) noteSiteTab(store, sender.tabId, site.id);
  const origin = new URL(sender.url).origin;
  const items = (msg.items || []).map((i) => ({ ...i, host, origin }));
  const tab = sender.tabId ?? undefined;
  const commit = own
    ? witness.observeStorage(host, tab, msg.areas || [], items, Date.now())
    : witness.observeFrameStorage(top, host, tab, msg.areas || [], items, Date.now());
  return persist(store, commit).then(() => ({ watched: true }));
}

// The page whose site a frame's report is about: its own, or the tab's
// when a frame of another origin reports.
function reportingHost(witness, sender) {
  const host = hostOf(sender.url);
  if (host && witness.siteForHost(host)) return host;
  const top = sender.frameId ? hostOf(sender.tabUrl) : null;
  return top && witness.siteForHost(top) ? top : null;
}

// {type: "content.requests", batch?, requests} -> {watched}
export async function requestsSeen(ctx, msg, sender) {
  const { witness, store } = ctx;
  const host = reportingHost(witness, sender);
  if (!host) return { watched: false };
  // A batch the content script sends again (its reply was lost when the
  // worker stopped) is taken once: the ids of the last batches are stored
  // in the same transaction as what they recorded.
  const batch = typeof msg.batch === "string" ? msg.batch.slice(0, 100) : null;
  ctx.batches ??= (await store.getMeta(["requestBatches"])).requestBatches ?? [];
  if (batch && ctx.batches.includes(batch)) return { watched: true };
  const requests = (msg.requests || []).map((r) => ({ ...r, pageHost: host }));
  if (ctx.filterLists.length) await matchFilterLists(ctx, requests, sender.url);
  const batches = batch ? [...ctx.batches.slice(-255), batch] : ctx.batches;
  await persist(store, witness.observeRequests(host, requests, Date.now()), batch ? { meta: { requestBatches: batches } } : {});
  ctx.batches = batches;
  return { watched: true };
}

// {type: "content.behaviour", page, observations} -> {watched}. Page-world
// facts from any frame of a watched site's tab: attributed to the
// top-level site, naming the frame's origin when not the top one.
export function behaviourSeen({ witness, store }, msg, sender) {
  const host = hostOf(sender.tabUrl || sender.url);
  if (!host || !witness.siteForHost(host)) return { watched: false };
  const frame = sender.frameId ? new URL(sender.url).origin : null;
  const report = { page: requireString(msg.page, "page"), observations: msg.observations || [] };
  return persist(store, witness.observeBehaviour(host, frame, report, Date.now())).then(() => ({ watched: true }));
}
