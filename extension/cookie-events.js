// What the browser tells about cookies: a change in the cookie jar, a
// third-party Set-Cookie header (deep inspection only), and the comparison
// with the whole jar on every wake that catches events lost meanwhile.
import { api, ready, serial, persist } from "./boot.js";
import { hostOf } from "./answer-cache-read.js";
import { privateTabs } from "./site-tabs.js";

// A cookie event that arrived while the worker was being stopped may never
// have been stored; comparing with the browser's cookie jar on every wake
// records it (once) and notices cookies that went away meanwhile.
export async function reconcile({ witness, store }) {
  const domains = witness.watchedDomains();
  const jars = await Promise.all(domains.map((domain) => api.getAllCookies({ domain })));
  const cookies = jars.flat().map(toObservation);
  await persist(store, witness.reconcileCookies(cookies, Date.now()));
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

// From the queue: one change in the cookie jar.
export async function cookieChanged(info) {
  // An overwrite arrives as "removed" then "added": the added one tells
  // the core it changed, so the removal is not news.
  if (info.removed && info.cause === "overwrite") return;
  const { witness, store } = await ready();
  // A private window's cookies, only if the user chose to watch them.
  if (api.isPrivateStore(info.cookie.storeId) && !witness.config().watchPrivateWindows) return;
  const obs = toObservation(info.cookie);
  const now = Date.now();
  const commit = info.removed ? witness.removeCookie(obs, info.cause, now) : witness.observeCookie(null, obs, now);
  await persist(store, commit);
}

// Set-Cookie headers: third parties' visible only where host access allows
// (deep inspection). The page that caused the request decides the site.
// Called by the listener itself: only responses that may matter are queued.
export function setCookieHeaders(details) {
  const setCookies = (details.responseHeaders || [])
    .filter((h) => h.name.toLowerCase() === "set-cookie" && h.value)
    .map((h) => h.value);
  if (!setCookies.length) return;
  // A page's own document: the page is the response (an initiator would
  // be the page before it).
  const pageUrl = details.type === "main_frame" ? details.url : details.initiator || details.documentUrl || details.originUrl;
  const pageHost = pageUrl && hostOf(pageUrl);
  const responseHost = hostOf(details.url);
  // The site's own headers too: the core records their cookies from the
  // jar, and notes only that a response set them (setBy "http").
  if (!pageHost || !responseHost) return;
  serial(async () => {
    const { witness, store } = await ready();
    if (!witness.siteForHost(pageHost)) return;
    if ((details.incognito || privateTabs.has(details.tabId)) && !witness.config().watchPrivateWindows) return;
    const top = (details.frameAncestors || []).at(-1)?.url || pageUrl;
    const partition = hostOf(top);
    const causedBy = { tabId: details.tabId ?? null, frameId: details.frameId ?? null, initiator: pageUrl ? new URL(pageUrl).origin : null, requestType: details.type ?? null };
    await persist(store, witness.observeSetCookie(pageHost, responseHost, setCookies, partition, causedBy, Date.now()));
  });
}
