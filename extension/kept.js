// Answers kept for cold starts (see docs/architecture.md): the tab a
// tab.site question is about, and the tab.site answer built from the kept
// answer about its host. Shared by the background, which answers from it on
// a cold wake, and the popup, which reads it itself so that it need not wait
// for a sleeping worker. Touches no browser global: `api` is the shim.

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

// The tab.site answer for `target` from the kept answer about its host, or
// null when there is none or something was stored since it was kept.
export async function keptTabSite(store, { tab, url, host }) {
  const kept = host ? await store.answerFor(host) : null;
  return kept ? { host, url, site: kept.site, summary: kept.summary, origins: kept.origins, tabId: tab?.id ?? null } : null;
}
