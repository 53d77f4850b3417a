// Background: Chrome service worker / Firefox background script (module).
//
// Rules this file keeps:
// - every listener is registered synchronously at the top level, before any
//   await, so the browser can wake us for the event; each one awaits
//   `ready()` inside;
// - no top-level await and no dynamic import (Chrome kills such workers);
// - start-up does the minimum: instantiate the wasm, read the small meta
//   records and the per-site pictures. Nothing reads the whole journal.
// - every state change is written to IndexedDB in one transaction before
//   the event counts as handled; events are handled one at a time, in order.
//
// This file holds only the listeners and the wiring; each concern has a
// module of its own (docs/architecture.md, "The background's modules"):
// boot.js is the ground (start-up, the queue, the two-phase commit),
// dispatch.js the message list, and nothing imports this file.
import { api, ready, serial, wire } from "./boot.js";
// The filter-list engine's glue is imported up front by filter-lists.js, the
// actions module's by boot.js: a service worker allows only static imports.
import { dispatch } from "./dispatch.js";
import { noteChanges, refreshCacheSoon } from "./answer-cache.js";
import { cookieChanged, setCookieHeaders, reconcile } from "./cookie-events.js";
import { autoClean, browserStarted, onTabClosed, IDLE_ALARM } from "./auto-clean.js";
import { onInstalled, useChosenLanguage } from "./site-config.js";
import { signingKeyOf } from "./signing-key.js";
import { usable as usableKey } from "./signing.js";

wire({
  // Every write to a newly opened store marks the answer cache stale.
  storeOpened: noteChanges,
  // Reports and notifications in the language chosen in the options.
  prepare: (ctx) => useChosenLanguage(ctx.witness),
  started(ctx) {
    // First run, or a wake that finds the key gone: make one (journaled),
    // in the queue like any other change, right after what woke us. A
    // failure must not stop the extension: the next export, receipt or wake
    // tries again.
    if (!usableKey(ctx.signingKey)) {
      setTimeout(() => serial(async () => signingKeyOf(await ready())).catch((e) => console.error("Tracking Witness: no signing key", e)), 0);
    }
    // Not awaited, and only after the event or message that woke the worker
    // has been handled from what is stored: a timer runs after the promise
    // continuations waiting on start-up.
    // Then older journal entries are packed into segments if many are loose
    // (after an update from a version without segments, for instance), and
    // segments packed before the search index existed are summarised.
    setTimeout(
      () =>
        serial(() => reconcile(ctx))
          .then(() => ctx.store.compact())
          .then(() => ctx.store.indexSegments({ quick: true }))
          .catch((e) => console.error("Tracking Witness:", e)),
      0,
    );
  },
  // Once the queue is idle after a change, the cached answers are made again.
  settled: refreshCacheSoon,
});

// ---- listeners: all registered here, synchronously ----

api.onCookieChanged((info) => serial(() => cookieChanged(info)));
// Only responses with a third-party Set-Cookie header reach the queue.
api.onResponseHeaders(setCookieHeaders, ["<all_urls>"]);
api.onInstalled((details) => serial(async () => onInstalled(await ready(), details?.reason)));
api.onStartup(() => serial(async () => browserStarted(await ready())));
api.onTabRemoved((tabId) => serial(async () => onTabClosed(await ready(), tabId)));
api.onAlarm((alarm) => {
  if (alarm.name === IDLE_ALARM) serial(async () => autoClean(await ready(), "idle-check", null));
});
api.onMessage((message, sender) => dispatch(message, sender).finally(() => performance.mark("tw-message-answered")));
