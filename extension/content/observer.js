// Content script (isolated world) on watched sites. Reports, to the
// background, the page origin's storage (keys and sizes; values only for
// redaction in the core) and the hosts the page contacts (Resource Timing).
// Budget: well under 1 ms of main-thread time per page load, so all work
// is deferred to idle time and nothing is sent when nothing changed.
(() => {
  if (globalThis.__twObserver) return;
  globalThis.__twObserver = true;
  const api = globalThis.twBrowser;
  const M = globalThis.twMessages;
  const idle = globalThis.requestIdleCallback || ((fn) => setTimeout(fn, 1));
  let lastSignature = "";
  // No marks on the page's timeline: any page could read them and tell the
  // extension is there. `make bench` times content scripts from outside.
  const timed = (fn) => fn;
  let watched = true;

  // Names and values come from the page, which may put lone UTF-16
  // surrogates in them (LZString-compressed values do by accident). The
  // core's JSON reader refuses those, so each becomes U+FFFD here, one item
  // at a time; the length in code units is unchanged, and the item says it
  // was repaired.
  const wellFormed = String.prototype.toWellFormed
    ? (s) => s.toWellFormed()
    : (s) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  const isWellFormed = String.prototype.isWellFormed
    ? (s) => s.isWellFormed()
    : (s) => wellFormed(s) === s;
  // Values are only fingerprinted and redacted by the core: the start is
  // enough, and a page cannot make the message huge.
  const VALUE_CHARS = 4096;

  function item(area, key, value, size) {
    const it = { area, key: String(key), size };
    let repaired = !isWellFormed(it.key);
    if (repaired) it.key = wellFormed(it.key);
    if (value !== undefined) {
      let v = String(value);
      if (v.length > VALUE_CHARS) {
        v = v.slice(0, VALUE_CHARS);
        it.truncated = true;
      }
      if (!isWellFormed(v)) {
        v = wellFormed(v);
        repaired = true;
      }
      it.value = v;
    }
    if (repaired) it.repaired = true;
    return it;
  }

  function webStorage(area, storage) {
    const items = [];
    try {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key === null) continue;
        try {
          const value = storage.getItem(key) ?? "";
          items.push(item(area, key, value, key.length + value.length));
        } catch {
          // One item that cannot be read does not hide the others.
        }
      }
    } catch {
      // Storage can be blocked by the browser's settings; nothing to report.
    }
    return items;
  }

  async function asyncAreas() {
    const items = [];
    const areas = [];
    try {
      if (indexedDB.databases) {
        for (const db of await indexedDB.databases()) if (typeof db.name === "string") items.push(item("indexed-db", db.name, undefined, 0));
        areas.push("indexed-db");
      }
    } catch {}
    try {
      for (const name of await caches.keys()) items.push(item("cache-storage", name, undefined, 0));
      areas.push("cache-storage");
    } catch {}
    try {
      for (const reg of await navigator.serviceWorker.getRegistrations()) {
        items.push(item("service-worker", reg.scope, undefined, 0));
      }
      areas.push("service-worker");
    } catch {}
    return { items, areas };
  }

  const readWebStorage = timed(() => [...webStorage("local", localStorage), ...webStorage("session", sessionStorage)]);
  const signatureOf = timed((items) => JSON.stringify(items.map((i) => [i.area, i.key, i.size, i.value ?? ""])));

  async function snapshot() {
    if (!watched) return;
    const items = readWebStorage();
    const more = await asyncAreas();
    items.push(...more.items);
    const signature = signatureOf(items);
    if (signature === lastSignature) return;
    // The signature is kept only once the background has the snapshot: a
    // snapshot it refused (or never got) is sent again next time.
    const reply = await api.sendMessage({
      type: M.STORAGE_SNAPSHOT,
      areas: ["local", "session", ...more.areas],
      items,
    }).catch((e) => {
      // Not taken: look again soon rather than at the next change.
      lastSignature = null;
      later(1000);
      throw e;
    });
    lastSignature = signature;
    if (reply && reply.watched === false) watched = false;
  }

  // ---- requests, from Resource Timing ----
  const TYPE = {
    script: "script",
    beacon: "beacon",
    img: "image",
    image: "image",
    xmlhttprequest: "xhr",
    fetch: "xhr",
    iframe: "frame",
    frame: "frame",
  };
  let pending = [];
  let flushTimer = null;
  const noteEntries = timed(function noteEntries(entries) {
    for (const e of entries) {
      let url;
      try {
        url = new URL(e.name);
      } catch {
        continue;
      }
      if (url.hostname === location.hostname || !/^https?:$/.test(url.protocol)) continue;
      pending.push({ host: url.hostname, requestType: TYPE[e.initiatorType] || "other", path: url.pathname });
    }
    if (pending.length && !flushTimer) flushTimer = setTimeout(flushRequests, 500);
  });
  // Each batch has an id of its own. A batch whose reply never came (the
  // background was stopped, before or after storing it) is sent again with
  // the same id, and the background takes each id once: nothing is lost,
  // and nothing is counted twice.
  const pageId = crypto.randomUUID();
  let batches = 0;
  let unanswered = null;
  async function flushRequests() {
    flushTimer = null;
    if (!watched) return;
    let batch = unanswered;
    if (!batch) {
      if (!pending.length) return;
      batch = { id: `${pageId}:${++batches}`, requests: pending };
      pending = [];
    }
    unanswered = batch;
    const reply = await api.sendMessage({ type: M.REQUESTS_SEEN, batch: batch.id, requests: batch.requests }).catch((e) => {
      flushTimer ??= setTimeout(flushRequests, 1000);
      throw e;
    });
    // Two sends of one batch can be on their way at once (a timer fired
    // while the first waited on a stopping worker). The later answer must
    // not clear a newer batch sent meanwhile: that batch would never be
    // sent again if its own send failed (the stress e2e lost 292 of 8,050
    // requests during 100 stops that way).
    if (unanswered === batch) unanswered = null;
    if (reply && reply.watched === false) watched = false;
    if (pending.length) flushTimer ??= setTimeout(flushRequests, 500);
  }
  try {
    new PerformanceObserver((list) => noteEntries(list.getEntries())).observe({ type: "resource", buffered: true });
  } catch {
    idle(() => noteEntries(performance.getEntriesByType("resource")));
  }

  // Storage changes made by the page itself fire no event here, so look
  // again a few times after load, then now and then while the tab is shown,
  // and when it is hidden or left.
  // A snapshot that failed (the background was starting, or refused it) is
  // tried again soon, a few times, besides the regular looks below.
  let retries = 0;
  const attempt = () =>
    snapshot().then(
      () => (retries = 0),
      () => {
        if (retries < 3) later(2000 * ++retries);
      },
    );
  const later = (ms) => setTimeout(() => idle(attempt), ms);
  later(0);
  later(4000);
  setInterval(() => {
    if (document.visibilityState === "visible") idle(attempt);
  }, 10000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      attempt();
      flushRequests().catch(() => {});
    }
  });
  window.addEventListener("storage", () => idle(attempt));
})();
