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
import "./browser-api.js";
import "./messages.js";
import initWasm, { Witness, fingerprint, shortHash, __wbg_reset_state as newCoreInstance } from "./pkg/tracking_witness.js";
// The actions module (exports, cleanup verdicts, settings files): its glue
// is imported up front, as a service worker allows only static imports, but
// its wasm is instantiated the first time a user action needs it.
import initActions, * as actions from "./pkg/tracking_witness_actions.js";
// The filter-list engine, likewise: only once the user has imported a list.
import initFilters, { FilterSet } from "./pkg-filters/tracking_witness_filters.js";
import { openStore } from "./store.js";
import { makeKeyPair, usable as usableKey, signText } from "./signing.js";
import { hostOf, tabTarget, keptTabSite } from "./kept.js";
import { openOrigins, openHelperTabs, closeHelperTabs, isHelperTab, executePlan, lookAgain, readJar } from "./cleanup.js";
// Test builds only: TW_FAULTS is false in the shipped ones, and the bundler
// drops this import with every use (scripts/build-extension.mjs).
import { faultTaker, trapCore, noteStart } from "./faults.js";

const api = globalThis.twBrowser;
// When this instance of the background started: a new value in status.get
// means the browser stopped it and started it again.
const startedAt = Date.now();
const M = globalThis.twMessages;

// Start-up. A failed start-up is not kept: it is reported (status.get's
// `problem`, shown by the popup) and tried again, by the next event or
// message or by a timer, whichever comes first. A context whose core may
// differ from the store (a refused commit) or whose instance trapped is
// dropped the same way, and the next ready() builds one from the store.
let booting = null;
let booted = false;
let current = null;
const ready = () =>
  (booting ??= boot().then(
    (ctx) => {
      booted = true;
      current = ctx;
      if (problem?.kind === "startup") problem = null;
      return ctx;
    },
    (e) => {
      booting = null;
      report("startup", e);
      startupRetry ??= setTimeout(() => ((startupRetry = null), ready().catch(() => {})), STARTUP_RETRY_MS);
      throw e;
    },
  ));
const STARTUP_RETRY_MS = 5000;
let startupRetry = null;
function dropContext() {
  booting = null;
  booted = false;
  current = null;
}
let opening = null;
// A newer version of the database (an update) closes this connection:
// open it again, and start again from it.
const storeReady = () =>
  (opening ??= openStore({ onClose: () => ((opening = null), dropContext()) }).then(noteChanges, (e) => {
    opening = null;
    throw e;
  }));

// What went wrong that the user must be told, for status.get: `kind` is
// "storage" (a change could not be saved), "startup" (the extension could
// not start; it tries again) or "core" (the core stopped and could not be
// restarted); `reason` is "quota" for a full disk, else "other".
let problem = null;
const PROBLEM_KEPT_MS = 24 * 3600 * 1000;
function report(kind, e) {
  const reason = e?.name === "QuotaExceededError" || e?.inner?.name === "QuotaExceededError" ? "quota" : "other";
  problem = { kind, reason, name: e?.name || "Error", message: String(e?.message || e), at: Date.now() };
  console.error(`Tracking Witness: ${kind} problem`, e);
}

// The running wasm instance's exports, and how many times a trapped one
// was replaced (status.get's `coreRestarts`).
let wasmExports = null;
let coreRestarts = 0;

async function boot() {
  // `make bench` reads these marks (tw-boot-*): where a cold wake's time goes.
  performance.mark("tw-boot-start");
  // Compiling the wasm and reading the database do not depend on each
  // other, so they overlap.
  const wasm = initWasm({ module_or_path: api.url("pkg/tracking_witness_bg.wasm") }).then((exports) => {
    performance.mark("tw-boot-wasm");
    return (wasmExports = exports);
  });
  const store = await storeReady();
  performance.mark("tw-boot-store-open");
  if (TW_FAULTS) {
    store.fault ??= faultTaker(store);
    await noteStart(store, startedAt);
  }
  const [meta, records] = await Promise.all([
    store.getMeta(["config", "head", "secret", "filterLists", "problem", "signingKey"]),
    store.allRecords().then((r) => (performance.mark("tw-boot-records"), r)),
    wasm,
  ]);
  // A refused write told by an earlier instance of the background: still
  // shown for a day, as the worker may have stopped before anyone looked.
  if (!problem && meta.problem && Date.now() - meta.problem.at < PROBLEM_KEPT_MS) problem = meta.problem;
  let secret = meta.secret;
  if (!secret) {
    secret = crypto.getRandomValues(new Uint8Array(32));
    await store.commit({ meta: { secret } });
  }
  if (TW_FAULTS && (await store.fault("boot"))) throw named("InjectedFault", "start-up refused by a test build's fault");
  const witness = new Witness(meta.config ?? null, secret, meta.head ?? null);
  performance.mark("tw-boot-witness");
  // One call for every saved piece; unreadable ones are skipped, and the
  // cookie jar is read again right after start-up.
  const unreadable = witness.loadSavedAll(JSON.stringify(records));
  if (unreadable) console.error(`Tracking Witness: ${unreadable} saved pieces of the site pictures were unreadable`);
  performance.mark("tw-boot-restored");
  const ctx = { witness, store, filterLists: meta.filterLists || [], signingKey: meta.signingKey ?? null };
  await useChosenLanguage(witness);
  performance.mark("tw-boot-done");
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
        .then(() => store.compact())
        .then(() => store.indexSegments({ quick: true }))
        .catch((e) => console.error("Tracking Witness:", e)),
    0,
  );
  return ctx;
}

// A cookie event that arrived while the worker was being stopped may never
// have been stored; comparing with the browser's cookie jar on every wake
// records it (once) and notices cookies that went away meanwhile.
async function reconcile({ witness, store }) {
  const domains = witness.watchedDomains();
  const jars = await Promise.all(domains.map((domain) => api.getAllCookies({ domain })));
  const cookies = jars.flat().map(toObservation);
  await persist(store, witness.reconcileCookies(cookies, Date.now()));
}

// One event at a time, in arrival order. `pending` counts what is queued
// and not yet done, so a question can tell whether the stored state is
// behind the events that arrived before it.
let queue = Promise.resolve();
let pending = 0;
function serial(task) {
  pending++;
  const run = queue.then(() => guarded(task)).finally(() => {
    pending--;
    refreshKeptSoon();
  });
  queue = run.catch((e) => console.error("Tracking Witness:", e));
  return run;
}

// A trapped wasm instance (a panic, with panic = "abort") is never called
// again: a new instance of the same module replaces it, the core is built
// again from the store, and the task is tried once more. If that traps
// too, the user is told.
async function guarded(task) {
  const attempt = async () => {
    if (TW_FAULTS && (await (await ready()).store.fault("trap"))) trapCore(wasmExports);
    return task();
  };
  try {
    return await attempt();
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    console.error("Tracking Witness: the core stopped; starting it again", e);
    replaceCore();
    try {
      return await attempt();
    } catch (again) {
      if (again instanceof WebAssembly.RuntimeError) {
        report("core", again);
        replaceCore();
      }
      throw again;
    }
  }
}

function replaceCore() {
  coreRestarts++;
  // Every handle on the old instance becomes unusable (the glue refuses
  // them), so nothing of it is called again; ready() builds anew.
  newCoreInstance();
  dropContext();
}

// Two-phase commit (docs/architecture.md): the core has prepared `commit`;
// once the store has it, the core's head moves (confirm). A refused write
// is tried once more; refused again, the core's pending commit is aborted,
// the user is told, and the context is dropped so that the next event
// builds the core again from the store, the state of record. Nothing the
// store refused is ever chained to.
async function persist(store, commit, extra = {}) {
  const { meta = {}, dropSites = [], screenshots = {} } = extra;
  const records = commit.records || [];
  if (!commit.entries.length && !records.length && !dropSites.length && !Object.keys(meta).length) return;
  const write = {
    entries: commit.entries,
    records,
    dropSites,
    meta: { head: JSON.stringify(commit.head), ...meta },
    screenshots,
  };
  await twoPhase(commit, () => store.commit(write));
}

async function twoPhase(commit, write) {
  const ctx = current;
  try {
    await write().catch(write);
  } catch (e) {
    ctx?.witness.abort();
    report("storage", e);
    // Kept for the next instance of the background, if the store takes
    // this small write at least.
    await ctx?.store.commit({ meta: { problem } }).catch(() => {});
    if (ctx && current === ctx) {
      dropContext();
      ctx.witness.free();
    }
    throw named("StorageFailed", api.i18n(problemKey(problem)) || `the activity log could not be saved: ${e.message}`, e);
  }
  ctx?.witness.confirm(commit.head.seq);
}

const problemKey = (p) => (p.kind === "storage" ? (p.reason === "quota" ? "problemStorageQuota" : "problemStorageOther") : p.kind === "core" ? "problemCore" : "problemStartup");

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

// ---- listeners: all registered here, synchronously ----

api.onCookieChanged((info) =>
  serial(async () => {
    // An overwrite arrives as "removed" then "added": the added one tells
    // the core it changed, so the removal is not news.
    if (info.removed && info.cause === "overwrite") return;
    const { witness, store } = await ready();
    const obs = toObservation(info.cookie);
    const now = Date.now();
    const commit = info.removed ? witness.removeCookie(obs, info.cause, now) : witness.observeCookie(null, obs, now);
    await persist(store, commit);
  }),
);

// Third-party Set-Cookie headers, visible only where host access allows
// (deep inspection). The page that caused the request decides the site.
api.onResponseHeaders((details) => {
  const setCookies = (details.responseHeaders || [])
    .filter((h) => h.name.toLowerCase() === "set-cookie" && h.value)
    .map((h) => h.value);
  if (!setCookies.length) return;
  const pageUrl = details.initiator || details.documentUrl || details.originUrl;
  const pageHost = pageUrl && hostOf(pageUrl);
  const responseHost = hostOf(details.url);
  if (!pageHost || !responseHost || pageHost === responseHost) return;
  serial(async () => {
    const { witness, store } = await ready();
    if (!witness.siteForHost(pageHost)) return;
    const top = (details.frameAncestors || []).at(-1)?.url || pageUrl;
    const partition = hostOf(top);
    const causedBy = { tabId: details.tabId ?? null, frameId: details.frameId ?? null, initiator: pageUrl ? new URL(pageUrl).origin : null, requestType: details.type ?? null };
    await persist(store, witness.observeSetCookie(pageHost, responseHost, setCookies, partition, causedBy, Date.now()));
  });
}, ["<all_urls>"]);

api.onInstalled(() => serial(onInstalled));
api.onStartup(() => serial(async () => autoClean(await ready(), "browser-start", null)));
api.onTabRemoved((tabId) => serial(async () => onTabClosed(await ready(), tabId)));
api.onAlarm((alarm) => {
  if (alarm.name === IDLE_ALARM) serial(async () => autoClean(await ready(), "idle-check", null));
});
api.onMessage((message, sender) => dispatch(message, sender).finally(() => performance.mark("tw-message-answered")));

// ---- handlers ----

async function onInstalled() {
  const { witness, store } = await ready();
  await syncPageWorld(witness);
  const config = witness.config();
  if (!config.onboarded) await api.openTab(api.url("options/options.html#welcome"));
  await store.commit({ meta: { config: witness.configJson() } });
}

// Messages that only read: they need not wait behind queued events.
const READ_ONLY = new Set([
  M.SITE_SUMMARY, M.TAB_SITE, M.STATUS, M.PRESETS_LIST, M.SITES_LIST, M.SITES_CHECK,
  M.SETTINGS_EXPORT, M.JOURNAL_STATS, M.JOURNAL_PAGE, M.FILTERS_LIST, M.CLEAN_PLAN, M.EVIDENCE_CHECK,
]);

const pageHandlers = {
  [M.SITE_SUMMARY]: ({ witness }, msg) => witness.summary(requireString(msg.host, "host")),
  [M.TAB_SITE]: tabSite,
  [M.STATUS]: ({ witness, store }) => status(witness, store),
  [M.FILTERS_LIST]: (ctx) => ctx.filterLists,
  [M.FILTERS_IMPORT]: importFilterList,
  [M.FILTERS_REMOVE]: removeFilterList,
  [M.PRESETS_LIST]: () => Witness.presets(),
  [M.SITES_LIST]: ({ witness }) => witness.config(),
  [M.ONBOARDING_CHOOSE]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.choosePresets(msg.presets || []), () => ({
      type: "settings.changed",
      data: { setting: "presets", value: msg.presets || [] },
    })),
  [M.SITES_ADD]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.addSite(requireString(msg.name, "name"), msg.hosts || []), (site) => ({
      type: "site.added",
      site: site.id,
      data: { name: site.name, hosts: site.hosts },
    })),
  [M.SITES_CHECK]: ({ witness }, msg) => ({ origins: witness.checkHosts(msg.hosts || []) }),
  [M.SITES_UPDATE]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.updateSite(msg.site), (site) => ({
      type: "site.updated",
      site: site.id,
      data: { name: site.name, hosts: site.hosts, enabled: site.enabled, keep: site.keep, autoClean: site.autoClean },
    })),
  [M.SITES_REMOVE]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.removeSite(requireString(msg.id, "id")), (site) => ({
      type: "site.removed",
      site: site.id,
      data: { name: site.name },
    })),
  [M.SETTINGS_EXPORT]: ({ witness }) => ({ text: witness.exportSettings() }),
  [M.SETTINGS_IMPORT]: async (ctx, msg) => {
    // The actions module reads the file, refusing a malformed or newer one
    // before anything changes, and says what it would change. `preview`
    // only asks; options that keep values in clear or widen host access
    // are switched on only when `confirm` names them.
    const text = requireString(msg.text, "text");
    const { config, diff } = JSON.parse((await actionsModule()).previewSettingsFile(ctx.witness.configJson(), text));
    if (msg.preview) return { diff };
    const confirmed = Array.isArray(msg.confirm) ? msg.confirm : [];
    const missing = diff.confirm.filter((o) => !confirmed.includes(o));
    if (missing.length) throw named("ConfirmationNeeded", `this file switches on ${missing.join(", ")}: confirm it first`);
    const result = await changeConfig(ctx, (w) => w.setConfigJson(config), (c) => ({
      type: "settings.changed",
      data: { setting: "import", value: c.sites.map((site) => site.id) },
    }));
    for (const option of diff.confirm) {
      await persist(ctx.store, ctx.witness.record("settings.changed", null, { setting: option, value: true, source: "import" }, Date.now()));
    }
    return result;
  },
  [M.SETTINGS_UPDATE]: (ctx, msg) =>
    changeConfig(ctx, (w) => w.setOption(requireString(msg.name, "name"), JSON.stringify(msg.value ?? null)), () => ({
      type: "settings.changed",
      data: { setting: msg.name, value: msg.value ?? null },
    })),
  [M.EVIDENCE_EXPORT]: exportEvidence,
  [M.SITE_CLEAN]: (ctx, msg, sender) =>
    cleanSite(ctx, requireString(msg.host, "host"), msg.options || {}, sender.isPopup ? "manual" : "message"),
  [M.CLEAN_PLAN]: async ({ witness }, msg) => {
    const host = requireString(msg.host, "host");
    const [knownOrigins, jar] = [await openOrigins(witness, host), await readJar()];
    return witness.planCleanup(host, { ...(msg.options || {}), knownOrigins, jar }, Date.now()).plan;
  },
  [M.EVIDENCE_RECORD]: recordEvidence,
  [M.LETTER_DRAFT]: draftLetter,
  [M.JOURNAL_ARCHIVE]: archiveJournal,
  [M.JOURNAL_STATS]: journalStats,
  [M.EVIDENCE_RECEIPT]: issueReceipt,
  [M.SIGNING_KEY]: signingKeyInfo,
  // Someone else's evidence file, checked by the actions module's verifier;
  // nothing is journaled.
  [M.EVIDENCE_CHECK]: async (_ctx, msg) => JSON.parse((await actionsModule()).checkEvidence(new TextEncoder().encode(requireString(msg.text, "text")))),
  [M.JOURNAL_PAGE]: ({ store }, msg) =>
    store.journalPage({ before: msg.before ?? null, limit: Math.min(msg.limit ?? 50, 500), ...(msg.filter || {}) }),
};

const contentHandlers = {
  [M.STORAGE_SNAPSHOT]: ({ witness, store }, msg, sender) => {
    const host = hostOf(sender.url);
    const site = host && witness.siteForHost(host);
    if (!site) return { watched: false };
    noteSiteTab(store, sender.tabId, site.id);
    const origin = new URL(sender.url).origin;
    const items = (msg.items || []).map((i) => ({ ...i, host, origin }));
    return persist(store, witness.observeStorage(host, msg.areas || [], items, Date.now())).then(() => ({ watched: true }));
  },
  [M.REQUESTS_SEEN]: async (ctx, msg, sender) => {
    const { witness, store } = ctx;
    const host = hostOf(sender.url);
    if (!host || !witness.siteForHost(host)) return { watched: false };
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
  },
  // Page-world facts from any frame of a watched site's tab: attributed to
  // the top-level site, naming the frame's origin when not the top one.
  [M.BEHAVIOUR_SEEN]: ({ witness, store }, msg, sender) => {
    const host = hostOf(sender.tabUrl || sender.url);
    if (!host || !witness.siteForHost(host)) return { watched: false };
    const frame = sender.frameId ? new URL(sender.url).origin : null;
    const report = { page: requireString(msg.page, "page"), observations: msg.observations || [] };
    return persist(store, witness.observeBehaviour(host, frame, report, Date.now())).then(() => ({ watched: true }));
  },
};

async function dispatch(message, sender) {
  const type = message && typeof message.type === "string" ? message.type : null;
  if (!sender.fromExtension) throw named("Forbidden", "messages are accepted only from this extension");
  let handler;
  if (M.PAGE_TYPES.includes(type)) {
    if (!sender.isExtensionPage) throw named("Forbidden", `${type} is accepted only from the extension's own pages`);
    handler = pageHandlers[type];
  } else if (M.CONTENT_TYPES.includes(type)) {
    if (sender.tabId === null) throw named("Forbidden", `${type} is accepted only from a content script`);
    handler = contentHandlers[type];
  }
  if (!handler) throw named("UnknownMessage", `unknown message type ${JSON.stringify(type)}`);
  // Questions are answered as soon as the core is ready, from what it holds;
  // everything that may change state goes through the queue, after the
  // events that arrived before it.
  // A start-up that failed is reported, not thrown at the popup.
  if (type === M.STATUS && !booted) {
    try {
      await ready();
    } catch {
      return { ready: false, startedAt, problem, coreRestarts };
    }
  }
  if (READ_ONLY.has(type)) {
    // What the popup asks on a cold wake can often be answered from the
    // kept answer, before the wasm is ready; start-up goes on meanwhile.
    // Only when nothing is queued: an event that woke the worker (a cookie
    // just set) is not in the kept answer yet.
    if (!booted && (ANSWERABLE.has(type) || KEPT_MESSAGES.has(type)) && pending === 0) {
      const kept = await keptAnswer(type, message).catch(() => null);
      ready().catch((e) => console.error("Tracking Witness: start-up failed", e));
      if (kept) return kept;
    }
    // Issue 11: a summary asked right after a cookie was set answered from
    // before that cookie's event was stored, so the cookie was missing. What
    // the site shows now includes every event that arrived before the
    // question (later ones need not be waited for).
    if (ANSWERABLE.has(type) && pending) await queue;
    const answer = await guarded(async () => handler(await ready(), message, sender));
    if (ANSWERABLE.has(type)) keepAnswerFor(answer?.host ?? message.host);
    if (KEPT_MESSAGES.has(type)) keepMessageAnswer(type);
    return answer;
  }
  return serial(async () => handler(await ready(), message, sender));
}

// ---- answers kept for cold wakes ----
// After the core answers about a host, the answer is kept in IndexedDB with
// the version of the stored state it came from (every commit makes a new
// version). On a cold wake, the same question is answered from it if the
// version still matches: the core, once started from the same stored state,
// would answer exactly that.
const ANSWERABLE = new Set([M.SITE_SUMMARY, M.TAB_SITE]);

function answerAbout(witness, host) {
  const site = host ? witness.siteForHost(host) : null;
  return { site, summary: site ? witness.summary(host) : null, origins: host && !site ? Witness.originsForHost(host) : [] };
}

// Computed again in the queue, where no change is half-way through being
// stored, so the core's state is exactly the stored one. Kept only for
// watched sites: the extension does not keep a list of other hosts the
// user happened to open the popup on.
function keepAnswerFor(host) {
  if (typeof host !== "string" || !host) return;
  serial(async () => {
    const { witness, store } = await ready();
    const answer = answerAbout(witness, host);
    if (answer.site) await store.keepAnswer(host, answer);
  });
}

// Questions about the whole extension that the core answers from stored
// state alone, kept the same way (under "message:<type>", which no host
// name can be). A journal.stats answer also names the journal head it was
// computed at, and is used only while the stored head is that one (an
// archive moves the head without a commit).
const KEPT_MESSAGES = new Set([M.SITES_LIST, M.JOURNAL_STATS]);
function keepMessageAnswer(type) {
  serial(async () => keepMessage(await ready(), type)).catch((e) => console.error("Tracking Witness:", e));
}
async function keepMessage(ctx, type) {
  const answer = await pageHandlers[type](ctx, { type });
  const { seq, hash } = JSON.parse(ctx.witness.headJson());
  await ctx.store.keepAnswer(`message:${type}`, { answer, head: { seq, hash } });
}

// Kept answers are made again once the queue is idle after something was
// stored, so that a worker woken right after a change (a cookie set, a page
// visited) still answers from one. Once per burst of events, not per event;
// a worker lives on long after its last event, so this is done before it
// stops. Only the answers someone asked for are kept (the store's keys);
// a new configuration drops them all.
let keptStale = false;
let refreshQueued = false;
function noteChanges(store) {
  for (const name of ["commit", "replaceJournalWith"]) {
    const write = store[name].bind(store);
    store[name] = async (...args) => {
      try {
        return await write(...args);
      } finally {
        keptStale = true;
      }
    };
  }
  return store;
}
function refreshKeptSoon() {
  if (refreshQueued || !keptStale || pending || !booted) return;
  refreshQueued = true;
  setTimeout(() => {
    refreshQueued = false;
    // More events came meanwhile: the idle after the last one refreshes.
    if (!keptStale || pending || !booted) return;
    keptStale = false;
    serial(async () => {
      const ctx = await ready();
      for (const key of await ctx.store.answerKeys()) {
        if (key.startsWith("message:")) {
          if (KEPT_MESSAGES.has(key.slice(8))) await keepMessage(ctx, key.slice(8));
        } else {
          const answer = answerAbout(ctx.witness, key);
          if (answer.site) await ctx.store.keepAnswer(key, answer);
        }
      }
    }).catch((e) => console.error("Tracking Witness: kept answers not refreshed", e));
  }, 0);
}
const sameHead = (kept, stored) => {
  const head = stored ? JSON.parse(stored) : null;
  return !!head && kept?.seq === head.seq && kept?.hash === head.hash;
};

async function keptAnswer(type, msg) {
  if (KEPT_MESSAGES.has(type)) {
    const store = await storeReady();
    const stats = type === M.JOURNAL_STATS;
    const [kept, { head } = {}] = await Promise.all([store.answerFor(`message:${type}`), stats ? store.getMeta(["head"]) : undefined]);
    if (!kept || (stats && !sameHead(kept.head, head))) return null;
    return kept.answer;
  }
  if (type === M.SITE_SUMMARY) {
    const store = await storeReady();
    const kept = typeof msg.host === "string" && msg.host ? await store.answerFor(msg.host) : null;
    return kept?.summary ?? null;
  }
  // Opening the database and asking the browser for the tab overlap.
  const [store, target] = await Promise.all([storeReady(), tabTarget(api, msg)]);
  return keptTabSite(store, target);
}

function named(name, message, inner = undefined) {
  const e = new Error(message);
  e.name = name;
  if (inner) e.inner = { name: inner.name, message: inner.message };
  return e;
}

function requireString(v, field) {
  if (typeof v !== "string" || !v) throw named("InvalidInput", `the message needs a "${field}" string`);
  return v;
}

async function tabSite({ witness }, msg) {
  const { tab, url, host } = await tabTarget(api, msg);
  return { host, url, ...answerAbout(witness, host), tabId: tab?.id ?? null };
}

async function status(witness, store) {
  const wasmMemoryBytes = wasmExports?.memory?.buffer.byteLength ?? null;
  return { ready: true, startedAt, config: witness.config(), journal: { count: await store.journalCount() }, filtersLoaded: filterSet !== null, problem, coreRestarts, wasmMemoryBytes };
}

// Applies a configuration change, journals what the user did, stores the
// new configuration, and keeps content scripts on the sites the user added.
async function changeConfig({ witness, store }, change, describe) {
  const before = witness.config().sites.map((s) => s.id);
  const result = change(witness);
  const after = new Set(witness.config().sites.map((s) => s.id));
  const dropSites = before.filter((id) => !after.has(id));
  const { type, site = null, data } = describe(result);
  const commit = witness.record(type, site, data, Date.now());
  await persist(store, commit, { meta: { config: witness.configJson() }, dropSites });
  await syncContentScripts(witness);
  await syncPageWorld(witness);
  await syncIdleAlarm(witness);
  await useChosenLanguage(witness);
  return result;
}

// Reports and notifications follow the language chosen in the options
// (config.language); with none chosen, nothing is read.
async function useChosenLanguage(witness) {
  await api.useLanguage(witness.config().language ?? null).catch((e) => console.error("Tracking Witness:", e));
}

// Preset sites get the content script from the manifest; sites the user
// added get it registered here, for the origins they were granted.
const USER_SCRIPTS_ID = "tw-user-sites";
async function syncContentScripts(witness) {
  const declared = new Set(api.manifest().host_permissions);
  const matches = witness.permissionOrigins().filter((o) => !declared.has(o));
  try {
    const existing = await api.getRegisteredContentScripts();
    if (existing.some((s) => s.id === USER_SCRIPTS_ID)) await api.unregisterContentScripts({ ids: [USER_SCRIPTS_ID] });
    if (!matches.length) return;
    await api.registerContentScripts([
      { id: USER_SCRIPTS_ID, matches, js: ["browser-api.js", "messages.js", "content/observer.js"], runAt: "document_idle" },
    ]);
  } catch (e) {
    // Without the host permission the browser refuses; cookies are still watched.
    console.error("Tracking Witness: content script for added sites not registered", e);
  }
}

// The page-world observers and their bridge, in every frame of every
// watched site the browser lets us into, before any page script runs.
const PAGE_WORLD_ID = "tw-page-world";
const BRIDGE_ID = "tw-bridge";
async function syncPageWorld(witness) {
  const matches = [];
  for (const origin of witness.permissionOrigins()) {
    if (await api.hasPermissions({ origins: [origin] }).catch(() => false)) matches.push(origin);
  }
  try {
    const ids = (await api.getRegisteredContentScripts()).map((s) => s.id).filter((id) => id === PAGE_WORLD_ID || id === BRIDGE_ID);
    if (ids.length) await api.unregisterContentScripts({ ids });
    if (!matches.length) return;
    const common = { matches, runAt: "document_start", allFrames: true };
    // The bridge first, so it is usually listening when the observers ask.
    await api.registerContentScripts([
      { id: BRIDGE_ID, js: ["browser-api.js", "messages.js", "content/bridge.js"], ...common },
      { id: PAGE_WORLD_ID, js: ["content/page-world.js"], world: "MAIN", ...common },
    ]);
  } catch (e) {
    console.error("Tracking Witness: page-world observers not registered", e);
  }
}

// ---- evidence ----

// Chrome refuses runtime messages over 64 MiB of JSON, and escaping makes
// an export's text up to a sixth longer; larger exports go through storage.
const MESSAGE_TEXT_LIMIT = 48 * 1024 * 1024;

const FORMATS = { json: "application/json", csv: "text/csv;charset=utf-8", html: "text/html;charset=utf-8", har: "application/json" };

function timeFilter(value, field) {
  if (value === undefined || value === null || value === "") return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw named("InvalidInput", `"${field}" must be a date such as 2026-11-22 or 2026-11-22T10:00:00Z`);
  return ms;
}

async function environment(witness) {
  const manifest = api.manifest();
  const { sites, ...settings } = witness.config();
  return {
    browser: await api.browserInfo(),
    userAgent: navigator.userAgent,
    platform: await api.platformInfo().then((p) => `${p.os} ${p.arch}`),
    extensionVersion: manifest.version,
    settings: { ...settings, watchedSites: sites.filter((s) => s.enabled).map((s) => s.id) },
  };
}

let actionsReady = null;
async function actionsModule() {
  await (actionsReady ??= initActions({ module_or_path: api.url("pkg/tracking_witness_actions_bg.wasm") }));
  return actions;
}

function reportLabels() {
  const labels = {};
  for (const key of actions.reportLabelKeys()) {
    const text = api.i18n(`report_${key}`);
    if (text) labels[key] = text;
  }
  return labels;
}

// {type: "evidence.export", format, site?, from?, to?} -> {format, mimeType, filename, text, count, omitted}
async function exportEvidence(ctx, msg) {
  const { witness, store } = ctx;
  const format = msg.format;
  if (!FORMATS[format]) throw named("InvalidInput", `"format" must be "json", "csv", "html" or "har"`);
  const deliver = msg.deliver ?? "message";
  if (deliver !== "message" && deliver !== "storage") throw named("InvalidInput", `"deliver" must be "message" or "storage"`);
  const site = msg.site ?? null;
  if (site !== null && !witness.config().sites.some((s) => s.id === site)) throw named("UnknownSite", `no site has the id ${JSON.stringify(site)}`);
  // The archive clears what such an export saved, so it must be all of it.
  if (msg.forArchive && (site !== null || msg.from || msg.to)) throw named("InvalidInput", `an export for the archive is of the whole log: no "site", "from" or "to"`);
  const filter = { site, from: timeFilter(msg.from, "from"), to: timeFilter(msg.to, "to") };
  // Every JSON file is signed; a key still to be made is made (and
  // journaled) first, so the file holds its creation.
  const key = format === "json" ? await signingKeyOf(ctx) : null;
  const now = Date.now();
  const head = {
    generatedAtMs: now,
    generator: { name: "Tracking Witness", version: api.manifest().version },
    environment: await environment(witness),
    sites: witness.summaries(site),
    filter,
    signerPublicKey: key?.publicKeyB64 ?? null,
  };
  const module = await actionsModule();
  const out = STREAMED[format]
    ? await streamedExport(module, store, format, head, key)
    : await wholeExport(module, store, format, head, key);
  const size = out.blob ? out.blob.size : out.bytes.length;
  if (deliver === "message" && size > MESSAGE_TEXT_LIMIT) {
    const mb = Math.round(size / 1e6);
    throw named("TooLarge", `the export is ${mb} MB, more than a runtime message can carry: ask with deliver: "storage", or export a period or a site`);
  }
  // An export made to archive the log is recorded by the archive's
  // checkpoint instead, so that the saved file ends exactly where the
  // cleared log begins.
  if (!msg.forArchive) {
    const data = {
      format, count: out.count, omitted: out.omitted, from: msg.from ?? null, to: msg.to ?? null,
      firstSeq: out.firstSeq, lastSeq: out.lastSeq, headHash: out.headHash,
      ...(out.sha256 ? { sha256: out.sha256 } : {}),
    };
    await persist(store, witness.record("export.made", site, data, now));
  }
  const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
  const reply = { format, mimeType: FORMATS[format], filename: `tracking-witness-evidence-${stamp}.${format}`, count: out.count, omitted: out.omitted, size };
  if (format === "json") reply.fingerprint = out.signed ? key.fingerprint : null;
  // The last entry the file holds: the archive clears up to it and no further.
  // (What the file holds, not the head now: an entry that arrived while
  // the file was made is not in it, and the archive must then refuse.)
  if (msg.forArchive) reply.headSeq = out.lastSeq ?? JSON.parse(witness.headJson()).seq;
  // The actions module's wasm memory after the export (it never shrinks):
  // a figure for make bench.
  if (out.wasmBytes) reply.wasmMemoryBytes = out.wasmBytes;
  // Where the time went (ms): a figure for make bench.
  if (out.phasesMs) reply.phasesMs = out.phasesMs;
  if (deliver === "storage") {
    const t = performance.now();
    const stored = await store.putExport(out.blob ?? out.bytes, now);
    if (reply.phasesMs) reply.phasesMs.store = Math.round(performance.now() - t);
    return { ...reply, text: null, stored };
  }
  const bytes = out.blob ? new Uint8Array(await out.blob.arrayBuffer()) : out.bytes;
  // ignoreBOM keeps the CSV's byte-order mark in the text.
  return { ...reply, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

// The formats made a chunk of the journal at a time (see streamedExport);
// the others are made from the whole journal at once.
const STREAMED = { json: true, csv: true };

// An export from the whole journal in one input (HTML, HAR): the stored
// entries are spliced in as they are rather than parsed and written again.
async function wholeExport(module, store, format, head, key) {
  const journal = await store.journalAll();
  const rest = JSON.stringify({ ...head, prevHash: journal.prevHash ?? "0".repeat(64), screenshots: await store.screenshots(journal.shots) });
  const start = new TextEncoder().encode(`{"entries":[`);
  const tail = new TextEncoder().encode(`],${rest.slice(1)}`);
  const input = new Uint8Array(start.length + journal.bytes.length + tail.length);
  input.set(start, 0);
  input.set(journal.bytes, start.length);
  input.set(tail, start.length + journal.bytes.length);
  return format === "json" ? signedJson(module, input, key) : module.exportEvidence(format, input, api.uiLanguage() || "en", reportLabels());
}

// Output chunks gathered into Blobs a few megabytes at a time, so the file
// is never one buffer: the browser keeps a Blob's bytes out of the
// worker's memory (and on disk when they are many).
class BlobSink {
  constructor(type) {
    this.type = type;
    this.blobs = [];
    this.pending = [];
    this.pendingBytes = 0;
  }
  add(bytes) {
    if (!bytes.length) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= 4 * 1024 * 1024) this.flush();
  }
  flush() {
    if (this.pending.length) this.blobs.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
  blob() {
    this.flush();
    return new Blob(this.blobs, { type: this.type });
  }
}

// A JSON or CSV file made a chunk at a time, in two passes over the stored
// journal (docs/architecture.md, "Exports are streamed"): the core first
// plans the span its header describes, then writes the file chunk by
// chunk; it refuses to finish if the journal changed in between. JSON files
// are signed once the header is known. Without a filter, every segment but
// the last is planned from the summary stored beside it; should the file
// then not match the plan (a journal damaged in storage), it is made again
// reading every entry in both passes.
async function streamedExport(module, store, format, head, key) {
  const unfiltered = head.filter.site === null && head.filter.from === null && head.filter.to === null;
  if (!unfiltered) return streamedPasses(module, store, format, head, key, false);
  try {
    return await streamedPasses(module, store, format, head, key, true);
  } catch (e) {
    console.error("Tracking Witness: the export did not match its plan from the segments' summaries; reading every entry", e);
    return streamedPasses(module, store, format, head, key, false);
  }
}

async function streamedPasses(module, store, format, head, key, summaries) {
  const encoder = new TextEncoder();
  let job = null;
  const shots = [];
  try {
    const t0 = performance.now();
    const open = (prevHash) => new module.ExportStreamJob(format, encoder.encode(JSON.stringify({ ...head, prevHash })));
    // A segment is summarised once another chunk follows it; the last one
    // is read, as its last entry's hash is the file's head.
    let held = null;
    await store.journalChunks((chunk) => {
      job ??= open(chunk.prevHash);
      if (held) job.planSummary(held.first, held.last, held.prevHash, held.shots);
      held = null;
      if (summaries && chunk.first !== undefined) held = chunk;
      else job.plan(chunk.bytes);
      shots.push(...chunk.shots);
    });
    if (held) job.plan(held.bytes);
    job ??= open("0".repeat(64));
    const t1 = performance.now();
    const sink = new BlobSink(FORMATS[format]);
    sink.add(job.begin(encoder.encode(JSON.stringify(await store.screenshots(shots)))));
    const toSign = job.toSign();
    const signature = toSign !== undefined && key ? await signText(key.privateKey, toSign) : null;
    const t2 = performance.now();
    await store.journalChunks((chunk) => sink.add(job.push(chunk.bytes)));
    sink.add(job.finish(signature));
    const blob = sink.blob();
    const t3 = performance.now();
    const { count, omitted, firstSeq, lastSeq, headHash } = job;
    const phasesMs = { plan: Math.round(t1 - t0), header: Math.round(t2 - t1), write: Math.round(t3 - t2) };
    return { blob, count, omitted, firstSeq, lastSeq, headHash, signed: signature !== null, wasmBytes: module.memoryBytes(), phasesMs };
  } finally {
    job?.free();
  }
}

// A JSON file in two steps, signed in between with the installation's key
// (WebCrypto), or finished unsigned when this browser has none. The core
// refuses a signature that does not verify over the file's header.
async function signedJson(module, input, key) {
  const job = module.ExportJob.json(input);
  try {
    const { count, omitted, firstSeq, lastSeq, headHash } = job;
    const toSign = job.toSign();
    const signature = toSign !== undefined && key ? await signText(key.privateKey, toSign) : null;
    return { bytes: job.finish(signature), count, omitted, firstSeq, lastSeq, headHash, signed: signature !== null };
  } finally {
    job.free();
  }
}

// "Record evidence now": a screenshot of the visible tab and the site's
// current findings, chained into the journal.
async function recordEvidence({ witness, store }, msg) {
  const tab = msg.tabId ? await api.getTab(msg.tabId) : await api.activeTab();
  const url = msg.url || tab?.url || "";
  const host = hostOf(url);
  if (!host || !witness.siteForHost(host)) throw named("UnknownSite", `${host || "this page"} is not one of the watched sites`);
  const dataUrl = await api.captureVisibleTab(tab?.windowId);
  const bytes = Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(",") + 1)), (c) => c.charCodeAt(0));
  const page = new URL(url);
  const { commit, sha256 } = witness.recordEvidence(host, page.origin + page.pathname, bytes, Date.now());
  await persist(store, commit, { screenshots: { [sha256]: dataUrl } });
  return { seq: commit.entries[0].seq, sha256 };
}

// Archive: the page has just saved an export ending at `headSeq`; clear the
// journal and start it again from a checkpoint. Refused if entries arrived
// since, so nothing is cleared that the user has not saved.
async function archiveJournal({ witness, store }, msg) {
  const head = JSON.parse(witness.headJson());
  if (msg.headSeq !== head.seq) {
    throw named("Conflict", `the log has changed since that export (now ${head.seq} entries, export ended at ${msg.headSeq}); export again first`);
  }
  const count = await store.journalCount();
  const commit = witness.archive(count, Date.now());
  // The log page shows the last checkpoint (see journalStats).
  await twoPhase(commit, () => store.replaceJournalWith(commit.entries[0], { head: JSON.stringify(commit.head), lastCheckpoint: commit.entries[0] }));
  return { archived: count, checkpoint: commit.entries[0] };
}

// ---- signing key and receipts ----

// The installation's key pair, made (and its creation journaled, both in
// one transaction) if there is none yet; null if this browser cannot make
// an Ed25519 key, and the extension carries on unsigned. Call it from the
// queue only: it may write.
async function signingKeyOf(ctx) {
  if (usableKey(ctx.signingKey)) return ctx.signingKey;
  let pair;
  try {
    pair = await makeKeyPair();
  } catch (e) {
    console.error("Tracking Witness: this browser cannot make an Ed25519 key; exports will not be signed", e);
    return null;
  }
  const now = Date.now();
  const commit = ctx.witness.keyCreated(pair.publicKeyB64, now);
  const record = { ...pair, fingerprint: commit.entries[0].data.fingerprint, createdAt: now, seq: commit.entries[0].seq };
  await persist(ctx.store, commit, { meta: { signingKey: record } });
  ctx.signingKey = record;
  return record;
}

async function requireSigningKey(ctx) {
  const key = await signingKeyOf(ctx);
  if (!key) throw named("NoKey", "this browser cannot make the signing key (Ed25519)");
  return key;
}

// {type: "journal.stats"} -> {count, head: {seq, hash}, headShort, checkpoint}
// (`checkpoint`: the archive.checkpoint the last archive left, or null)
async function journalStats({ store, witness }) {
  const head = JSON.parse(witness.headJson());
  const [count, { lastCheckpoint }] = await Promise.all([store.journalCount(), store.getMeta(["lastCheckpoint"])]);
  const cp = lastCheckpoint;
  const checkpoint = cp
    ? { seq: cp.seq, time: cp.time, hash: cp.hash, archivedCount: cp.data.archivedCount, previousSeq: cp.data.previousSeq, previousHash: cp.data.previousHash, previousShort: shortHash(cp.data.previousHash) }
    : null;
  return { count, head, headShort: shortHash(head.hash), checkpoint };
}

// {type: "evidence.receipt"} -> {text, seq, hash, time, fingerprint}: the
// receipt names the receipt.issued entry that journals its own issuing.
async function issueReceipt(ctx) {
  const key = await requireSigningKey(ctx);
  const { commit, receipt } = ctx.witness.issueReceipt(key.publicKeyB64, Date.now());
  await persist(ctx.store, commit);
  const lines = [
    api.i18n("receiptTitle"),
    api.i18n("receiptPosition", [String(receipt.seq)]),
    api.i18n("receiptHead", [receipt.hash]),
    api.i18n("receiptShort", [receipt.shortHash]),
    api.i18n("receiptTime", [receipt.time]),
    api.i18n("receiptKey", [receipt.fingerprint]),
    api.i18n("receiptHowToCheck"),
    // Always last, always this form: tw-verify reads it.
    receipt.line,
  ];
  return { text: lines.join("\n"), seq: receipt.seq, hash: receipt.hash, time: receipt.time, fingerprint: receipt.fingerprint };
}

// {type: "signing.key"} -> {algorithm, publicKey, fingerprint, createdAt, file: {filename, text}}
async function signingKeyInfo(ctx) {
  const key = await requireSigningKey(ctx);
  const text = Witness.publicKeyFile(key.publicKeyB64, key.createdAt ?? null);
  return {
    algorithm: "Ed25519",
    publicKey: key.publicKeyB64,
    fingerprint: fingerprint(key.publicKeyB64),
    createdAt: key.createdAt ?? null,
    file: { filename: `tracking-witness-public-key-${key.fingerprint}.json`, mimeType: "application/json", text },
  };
}

// ---- cleanup ----

// One cleanup: plan (core), journal the request, execute and look again
// (shim), then the core judges the outcome and journals the result.
async function cleanSite({ witness, store }, host, options, trigger, mode = "off") {
  const started = Date.now();
  const knownOrigins = await openOrigins(witness, host);
  // The plan covers what the browser holds now, not only what was recorded.
  const jar = await readJar();
  const { plan, requested } = witness.planCleanup(host, { ...options, knownOrigins, jar, trigger, mode }, started);
  await persist(store, witness.record("cleanup.requested", plan.site.id, requested, started));
  const helpers = await openHelperTabs(plan);
  let attempts;
  let seen;
  try {
    attempts = await executePlan(plan);
    seen = await lookAgain(plan, helpers);
  } finally {
    await closeHelperTabs(helpers);
  }
  const finished = Date.now();
  const outcome = { attempts, ...seen };
  const { result, summary } = (await actionsModule()).judgeCleanup(JSON.stringify(plan), JSON.stringify(outcome), started, finished);
  const commit = witness.record("cleanup.result", plan.site.id, result, finished);
  await persist(store, commit, { meta: { [`cleaned:${plan.site.id}`]: finished } });
  return { site: plan.site.id, summary, result, text: cleanupText(summary) };
}

// Which watched site each open tab shows, learnt from the content script;
// kept in IndexedDB because the worker forgets everything when stopped.
let siteTabs = null;
async function loadSiteTabs(store) {
  siteTabs ??= new Map(Object.entries((await store.getMeta(["siteTabs"])).siteTabs || {}).map(([k, v]) => [Number(k), v]));
  return siteTabs;
}
async function noteSiteTab(store, tabId, siteId) {
  const tabs = await loadSiteTabs(store);
  // The cleanup's own helper tabs are not the user visiting the site.
  if (tabId === null || isHelperTab(tabId) || tabs.get(tabId) === siteId) return;
  tabs.set(tabId, siteId);
  await store.commit({ meta: { siteTabs: Object.fromEntries(tabs) } });
}

async function onTabClosed(ctx, tabId) {
  const tabs = await loadSiteTabs(ctx.store);
  const siteId = tabs.get(tabId);
  if (!siteId) return;
  tabs.delete(tabId);
  await ctx.store.commit({ meta: { siteTabs: Object.fromEntries(tabs) } });
  if ([...tabs.values()].includes(siteId)) return;
  await autoClean(ctx, "last-tab-closed", siteId);
}

const IDLE_ALARM = "tw-idle-check";

// Keeps the periodic idle check only while some site needs it.
async function syncIdleAlarm(witness) {
  const idle = witness.config().sites.some((s) => s.enabled && s.autoClean === "idle");
  if (idle) await api.createAlarm(IDLE_ALARM, { periodInMinutes: 1 });
  else await api.clearAlarm(IDLE_ALARM);
}

async function autoClean(ctx, event, onlySite) {
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

// The result in the user's language (the core's own text is English).
function cleanupText(s) {
  const parts = [api.i18n("cleanRemoved", [String(s.removedCookies), String(s.storageAreasCleared)])];
  if (s.residue.length) parts.push(api.i18n("cleanResidue", [s.residue.join(", ")]));
  else if (s.clean) parts.push(api.i18n("cleanNothingLeft"));
  else parts.push(api.i18n("cleanNothingFoundWhereLooked"));
  if (s.failed) parts.push(api.i18n("cleanFailed", [String(s.failed)]));
  if (s.unverifiedOrigins.length) parts.push(api.i18n("cleanUnverified"));
  for (const u of s.notChecked || []) parts.push(api.i18n(u.what === "http-cache" ? "cleanNotCheckedHttpCache" : "cleanNotCheckedThirdPartyPartitioned"));
  if (s.openTabsWarning) parts.push(api.i18n("cleanOpenTabs"));
  return parts.join(" ");
}

// ---- letters ----

// {type: "letter.draft", kind, site, sender?, complainedOn?, reply?, evidenceFile?}
// -> {text, html, kind, site, headHash}. The core drafts the letter from the
// site's findings and journal; the draft is journaled by its hash only (it
// may hold the user's name and address) and is never sent anywhere.
async function draftLetter({ witness, store }, msg) {
  const siteId = requireString(msg.site, "site");
  const site = witness.config().sites.find((s) => s.id === siteId);
  if (!site) throw named("UnknownSite", `no site has the id ${JSON.stringify(siteId)}`);
  const summary = witness.summaries(siteId)[0] ?? { findings: [], consent: {} };
  const cleanups = (await store.journalPage({ site: siteId, type: "cleanup.result", limit: 500 })).entries
    .reverse()
    .map((e) => ({ time: e.time, removed: e.data.removed, failed: e.data.failed }));
  const receipt = (await store.journalPage({ type: "receipt.issued", limit: 1 })).entries[0];
  const input = {
    kind: requireString(msg.kind, "kind"),
    site: { id: site.id, name: site.name, hosts: site.hosts, preset: site.preset ?? null },
    findings: summary.findings,
    consent: summary.consent,
    cleanups,
    head: JSON.parse(witness.headJson()),
    receipt: receipt ? { seq: receipt.seq, hash: receipt.hash, time: receipt.time } : null,
    sender: msg.sender ?? {},
    complainedOn: msg.complainedOn ?? null,
    reply: msg.reply ?? null,
    evidenceFile: msg.evidenceFile ?? null,
    nowMs: Date.now(),
  };
  const module = await actionsModule();
  const texts = {};
  for (const key of module.letterTextKeys()) {
    const text = api.i18n(`letter_${key}`);
    if (text) texts[key] = text;
  }
  for (const f of summary.findings) {
    const key = `category_${f.category.replace(/-/g, "_")}`;
    texts[key] ??= api.i18n(key);
  }
  const letter = module.draftLetter(JSON.stringify(input), api.uiLanguage() || "en", texts);
  await persist(store, witness.record("letter.drafted", siteId, { kind: letter.kind, sha256: letter.sha256 }, Date.now()));
  return { text: letter.text, html: letter.html, kind: letter.kind, site: letter.site, headHash: letter.headHash };
}

// ---- filter lists ----

let filterSet = null;
function filters(store) {
  filterSet ??= (async () => {
    await initFilters({ module_or_path: api.url("pkg-filters/tracking_witness_filters_bg.wasm") });
    const { filterSet: bytes } = await store.getMeta(["filterSet"]);
    if (!bytes) return new FilterSet();
    try {
      const set = FilterSet.deserialize(bytes);
      if (set.rebuiltOnRestore()) await store.commit({ meta: { filterSet: set.serialize() } });
      return set;
    } catch (e) {
      console.error("Tracking Witness: the saved filter lists are unreadable; import them again", e);
      await store.commit({ meta: { filterSet: null, filterLists: [] } });
      return new FilterSet();
    }
  })();
  return filterSet;
}

// Requests the catalog does not know are offered to the imported lists;
// what a list says is recorded with the list's name and the filter.
async function matchFilterLists(ctx, requests, pageUrl) {
  const set = await filters(ctx.store);
  const categories = new Map(ctx.filterLists.map((l) => [l.name, l.category]));
  const pageHost = requests[0]?.pageHost;
  // One packed UTF-8 buffer in, one number per host out (0: the catalog
  // does not know it).
  const known = ctx.witness.classifyRequests(pageHost, new TextEncoder().encode(requests.map((r) => r.host).join("\n")));
  for (const [i, r] of requests.entries()) {
    if (known[i]) continue;
    const m = set.matchRequest(`https://${r.host}${r.path || "/"}`, pageUrl, r.requestType);
    if (m) r.filterMatch = { list: m.list, filter: m.filter, category: categories.get(m.list) || "unknown" };
  }
}

const LIST_CATEGORIES = ["analytics", "advertising", "session-replay", "fingerprinting", "social"];

async function importFilterList(ctx, msg) {
  const name = requireString(msg.name, "name").trim();
  const category = LIST_CATEGORIES.includes(msg.category) ? msg.category : "analytics";
  const set = await filters(ctx.store);
  const info = set.addList(name, requireString(msg.text, "text"));
  ctx.filterLists = [...ctx.filterLists.filter((l) => l.name !== name), { ...info, category }];
  const commit = ctx.witness.record("settings.changed", null, { setting: "filterList", value: { name, rules: info.rules, category } }, Date.now());
  await persist(ctx.store, commit, { meta: { filterSet: set.serialize(), filterLists: ctx.filterLists } });
  return ctx.filterLists;
}

async function removeFilterList(ctx, msg) {
  const name = requireString(msg.name, "name");
  const set = await filters(ctx.store);
  set.removeList(name);
  ctx.filterLists = ctx.filterLists.filter((l) => l.name !== name);
  const commit = ctx.witness.record("settings.changed", null, { setting: "filterListRemoved", value: name }, Date.now());
  await persist(ctx.store, commit, { meta: { filterSet: ctx.filterLists.length ? set.serialize() : null, filterLists: ctx.filterLists } });
  return ctx.filterLists;
}
