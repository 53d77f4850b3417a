// Answers cached for cold wakes (docs/architecture.md, "A cold popup is
// answered from a cached answer"). After the core answers about a host, the
// answer is cached in IndexedDB with the version of the stored state it
// came from (every commit makes a new version). On a cold wake, the same
// question is answered from it if the version still matches: the core,
// once started from the same stored state, would answer exactly that.
import { Witness } from "./pkg/tracking_witness.js";
import { api, M, ready, serial, storeReady, isBooted, pendingTasks } from "./boot.js";
import { tabTarget, cachedTabSite } from "./answer-cache-read.js";
import { journalStats } from "./evidence-commands.js";
import { listSites } from "./site-config.js";

// The questions about a host that are answered from the cache.
export const ANSWERABLE = new Set([M.SITE_SUMMARY, M.TAB_SITE]);

// What the core says about `host`: its watched site, that site's summary,
// or the origins a site there would need.
function answerAbout(witness, host) {
  const site = host ? witness.siteForHost(host) : null;
  return { site, summary: site ? witness.summary(host) : null, origins: host && !site ? Witness.originsForHost(host) : [] };
}

// {type: "tab.site", tabId?, url?} -> {host, url, site, summary, origins, tabId}
export async function tabSite({ witness }, msg) {
  const { tab, url, host } = await tabTarget(api, msg);
  return { host, url, ...answerAbout(witness, host), tabId: tab?.id ?? null };
}

// Computed again in the queue, where no change is half-way through being
// stored, so the core's state is exactly the stored one. Cached only for
// watched sites: the extension does not keep a list of other hosts the
// user happened to open the popup on.
export function cacheAnswerFor(host) {
  if (typeof host !== "string" || !host) return;
  serial(async () => {
    const { witness, store } = await ready();
    const answer = answerAbout(witness, host);
    if (answer.site) await store.cacheAnswer(host, answer);
  });
}

// Questions about the whole extension that the core answers from stored
// state alone, cached the same way (under "message:<type>", which no host
// name can be). A journal.stats answer also names the journal head it was
// computed at, and is used only while the stored head is that one (an
// archive moves the head without a commit).
const CACHED_MESSAGES = new Map([
  [M.SITES_LIST, listSites],
  [M.JOURNAL_STATS, journalStats],
]);
export const isCachedMessage = (type) => CACHED_MESSAGES.has(type);
export function cacheMessageAnswer(type) {
  serial(async () => cacheMessage(await ready(), type)).catch((e) => console.error("Tracking Witness:", e));
}
async function cacheMessage(ctx, type) {
  const answer = await CACHED_MESSAGES.get(type)(ctx, { type });
  const { seq, hash } = JSON.parse(ctx.witness.headJson());
  await ctx.store.cacheAnswer(`message:${type}`, { answer, head: { seq, hash } });
}

// Cached answers are made again once the queue is idle after something was
// stored, so that a worker woken right after a change (a cookie set, a page
// visited) still answers from one. Once per burst of events, not per event;
// a worker lives on long after its last event, so this is done before it
// stops. Only the answers someone asked for are cached (the store's keys);
// a new configuration drops them all.
let stale = false;
let refreshQueued = false;
// Wraps the store's writes so that each one marks the cache stale.
export function noteChanges(store) {
  for (const name of ["commit", "replaceJournalWith"]) {
    const write = store[name].bind(store);
    store[name] = async (...args) => {
      try {
        return await write(...args);
      } finally {
        stale = true;
      }
    };
  }
  return store;
}
export function refreshCacheSoon() {
  if (refreshQueued || !stale || pendingTasks() || !isBooted()) return;
  refreshQueued = true;
  setTimeout(() => {
    refreshQueued = false;
    // More events came meanwhile: the idle after the last one refreshes.
    if (!stale || pendingTasks() || !isBooted()) return;
    stale = false;
    serial(async () => {
      const ctx = await ready();
      for (const key of await ctx.store.cachedAnswerKeys()) {
        if (key.startsWith("message:")) {
          if (CACHED_MESSAGES.has(key.slice(8))) await cacheMessage(ctx, key.slice(8));
        } else {
          const answer = answerAbout(ctx.witness, key);
          if (answer.site) await ctx.store.cacheAnswer(key, answer);
        }
      }
    }).catch((e) => console.error("Tracking Witness: cached answers not refreshed", e));
  }, 0);
}
const sameHead = (cached, stored) => {
  const head = stored ? JSON.parse(stored) : null;
  return !!head && cached?.seq === head.seq && cached?.hash === head.hash;
};

// The cached answer to a read-only question, or null when there is none
// that is still valid.
export async function cachedAnswerTo(type, msg) {
  if (CACHED_MESSAGES.has(type)) {
    const store = await storeReady();
    const stats = type === M.JOURNAL_STATS;
    const [cached, { head } = {}] = await Promise.all([store.cachedAnswer(`message:${type}`), stats ? store.getMeta(["head"]) : undefined]);
    if (!cached || (stats && !sameHead(cached.head, head))) return null;
    return cached.answer;
  }
  if (type === M.SITE_SUMMARY) {
    const store = await storeReady();
    const cached = typeof msg.host === "string" && msg.host ? await store.cachedAnswer(msg.host) : null;
    return cached?.summary ?? null;
  }
  // Opening the database and asking the browser for the tab overlap.
  const [store, target] = await Promise.all([storeReady(), tabTarget(api, msg)]);
  return cachedTabSite(store, target);
}
