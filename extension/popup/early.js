// Asks for the popup's data as soon as the page starts, before its modules
// have loaded and the document is parsed: when the service worker is asleep,
// waking it then overlaps with building the page. It reads the answer kept
// about the tab's site as well (see docs/architecture.md). popup.js awaits
// both. A classic script: the build bundles the two imports into it.
import { openStore } from "../store.js";
import { tabTarget, cachedTabSite } from "../answer-cache-read.js";

const api = globalThis.twBrowser;
const url = new URLSearchParams(location.search).get("url") || undefined;
const request = api.sendMessage({ type: globalThis.twMessages.TAB_SITE, url });
// popup.js reports a failure; this only keeps it from being "unhandled"
// while the modules load.
request.catch(() => {});
// `make bench` reads these marks: when the request left, when it came back.
performance.mark("tw-popup-asked");
request.then(() => performance.mark("tw-popup-answered"), () => {});
globalThis.twPopupData = request;

// The answer kept about this tab's site, read straight from the extension's
// storage: valid only if nothing was stored since, so it is what the
// background would answer. Null if there is none (or it cannot be read).
globalThis.twPopupKept = (async () => {
  const [store, target] = await Promise.all([openStore(), tabTarget(api, { url })]);
  try {
    return await cachedTabSite(store, target);
  } finally {
    store.close();
  }
})().catch(() => null);
