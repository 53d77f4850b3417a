// @ts-check
// The read side of the answer cache (see answer-cache.js and
// docs/architecture.md): the tab a tab.site question is about, and the
// tab.site answer built from the cached answer about its host. Shared by
// the background, which answers from it on a cold wake, and the popup,
// which reads it itself so that it need not wait for a sleeping worker.
// Touches no browser global: `api` is the shim.

// The host name of a URL, or null if it is not one.
export const hostOf = (url) => {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
};

// The tab a tab.site question ({tabId?, url?}) is about, its URL and host.
export async function tabTarget(api, msg) {
  const tab = msg.tabId ? await api.getTab(msg.tabId) : await api.activeTab();
  const url = msg.url || tab?.url || "";
  return { tab, url, host: hostOf(url) };
}

// The tab.site answer for `target` from the cached answer about its host,
// or null when there is none or something was stored since it was cached.
export async function cachedTabSite(store, { tab, url, host }) {
  const cached = host ? await store.cachedAnswer(host) : null;
  return cached ? { host, url, site: cached.site, summary: cached.summary, origins: cached.origins, tabId: tab?.id ?? null } : null;
}
