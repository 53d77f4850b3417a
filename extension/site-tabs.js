// Which watched site each open tab shows, learnt from the content script;
// stored in IndexedDB because the worker forgets everything when stopped.
// The cleanup's own helper tabs are not the user visiting the site.
import { isHelperTab } from "./cleanup.js";

let siteTabs = null;
export async function loadSiteTabs(store) {
  siteTabs ??= new Map(Object.entries((await store.getMeta(["siteTabs"])).siteTabs || {}).map(([k, v]) => [Number(k), v]));
  return siteTabs;
}
export async function noteSiteTab(store, tabId, siteId) {
  const tabs = await loadSiteTabs(store);
  if (tabId === null || isHelperTab(tabId) || tabs.get(tabId) === siteId) return;
  tabs.set(tabId, siteId);
  await store.commit({ meta: { siteTabs: Object.fromEntries(tabs) } });
}

// Tabs of private windows seen so far (from their content scripts): Chrome's
// webRequest details do not say whether a response was a private window's.
export const privateTabs = new Set();
