// The one dispatcher: the closed list of runtime messages (messages.js),
// each mapped to its handler in a concern module. It checks the sender,
// refuses unknown types, answers questions without waiting behind queued
// events where it may (from the answer cache on a cold wake), and puts
// everything that may change state through the queue.
import { api, M, ready, serial, guarded, queued, isBooted, pendingTasks, health, actionsModule, named, requireString } from "./boot.js";
import { ANSWERABLE, tabSite, cacheAnswerFor, isCachedMessage, cacheMessageAnswer, cachedAnswerTo } from "./answer-cache.js";
import * as config from "./site-config.js";
import { filtersLoaded, importFilterList, removeFilterList } from "./filter-lists.js";
import { exportEvidence } from "./evidence-export.js";
import { exportCaseFile } from "./casefile.js";
import { recordEvidence, archiveJournal, journalStats } from "./evidence-commands.js";
import { issueReceipt, signingKeyInfo } from "./signing-key.js";
import { timestampHead } from "./timestamp.js";
import { cleanSite, cleanPlan } from "./cleanup-runner.js";
import { draftLetter } from "./letters.js";
import { storageSnapshot, requestsSeen, behaviourSeen } from "./page-observations.js";
import { privateTabs } from "./site-tabs.js";
import * as diary from "./diary.js";

// Messages that only read: they need not wait behind queued events.
const READ_ONLY = new Set([
  M.SITE_SUMMARY, M.TAB_SITE, M.STATUS, M.PRESETS_LIST, M.SITES_LIST, M.SITES_CHECK,
  M.SETTINGS_EXPORT, M.JOURNAL_STATS, M.JOURNAL_PAGE, M.FILTERS_LIST, M.CLEAN_PLAN, M.EVIDENCE_CHECK, M.CATALOG_LOOKUP,
]);

// {type: "status.get"} -> {ready, startedAt, config, journal: {count}, filtersLoaded, problem, coreRestarts, wasmMemoryBytes}
async function status({ witness, store }) {
  const { startedAt, problem, coreRestarts, wasmMemoryBytes } = health();
  return { ready: true, startedAt, config: witness.config(), journal: { count: await store.journalCount() }, filtersLoaded: filtersLoaded(), problem, coreRestarts, wasmMemoryBytes };
}

// "Timestamp this export": with `timestamp: true` the head is timestamped
// first (in the same queued handler), so the file holds the token.
async function exportMaybeStamped(ctx, msg) {
  if (msg.timestamp && msg.format !== "json" && msg.format !== "casefile") {
    throw named("InvalidInput", `"timestamp" goes with a JSON export or a case file, which carry the token`);
  }
  const rest = { ...msg };
  delete rest.timestamp;
  const stamped = msg.timestamp ? await timestampHead(ctx) : null;
  const out = await (msg.format === "casefile" ? exportCaseFile(ctx, rest) : exportEvidence(ctx, rest));
  return stamped ? { ...out, timestamp: stamped } : out;
}

// {type: "evidence.check", text} (JSON evidence) or {type: "evidence.check", zip}
// (a case file's bytes as base64): someone else's file, checked by the
// actions module's verifier; nothing is journaled.
async function checkFile(_ctx, msg) {
  const actions = await actionsModule();
  if (msg.zip === undefined) return JSON.parse(actions.checkEvidence(new TextEncoder().encode(requireString(msg.text, "text"))));
  const binary = atob(requireString(msg.zip, "zip"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return JSON.parse(actions.checkCaseFile(bytes));
}

const pageHandlers = {
  [M.SITE_SUMMARY]: ({ witness }, msg) => witness.summary(requireString(msg.host, "host")),
  [M.TAB_SITE]: tabSite,
  [M.STATUS]: status,
  [M.FILTERS_LIST]: (ctx) => ctx.filterLists,
  [M.FILTERS_IMPORT]: importFilterList,
  [M.FILTERS_REMOVE]: removeFilterList,
  [M.PRESETS_LIST]: config.listPresets,
  [M.SITES_LIST]: config.listSites,
  [M.ONBOARDING_CHOOSE]: config.choosePresets,
  [M.SITES_ADD]: config.addSite,
  [M.SITES_CHECK]: config.checkHosts,
  [M.SITES_UPDATE]: config.updateSite,
  [M.SITES_REMOVE]: config.removeSite,
  [M.SETTINGS_EXPORT]: config.exportSettings,
  [M.SETTINGS_IMPORT]: config.importSettings,
  [M.SETTINGS_UPDATE]: config.updateSetting,
  [M.EVIDENCE_EXPORT]: exportMaybeStamped,
  [M.SITE_CLEAN]: (ctx, msg, sender) =>
    cleanSite(ctx, requireString(msg.host, "host"), msg.options || {}, sender.isPopup ? "manual" : "message"),
  [M.CLEAN_PLAN]: cleanPlan,
  [M.EVIDENCE_RECORD]: recordEvidence,
  [M.LETTER_DRAFT]: draftLetter,
  [M.JOURNAL_ARCHIVE]: archiveJournal,
  [M.JOURNAL_STATS]: journalStats,
  [M.EVIDENCE_RECEIPT]: issueReceipt,
  [M.EVIDENCE_TIMESTAMP]: timestampHead,
  [M.SIGNING_KEY]: signingKeyInfo,
  // {type: "catalog.lookup", names} -> {found: [{name, listedAs, platform, category, retention}]}:
  // what the Open Cookie Database lists unrecognised names as (actions module).
  [M.CATALOG_LOOKUP]: async (_ctx, msg) => {
    const names = (Array.isArray(msg.names) ? msg.names : []).filter((n) => typeof n === "string");
    return { found: JSON.parse((await actionsModule()).lookUpOpenCookieDb(JSON.stringify(names))) };
  },
  [M.EVIDENCE_CHECK]: checkFile,
  [M.JOURNAL_PAGE]: ({ store }, msg) =>
    store.journalPage({ before: msg.before ?? null, limit: Math.min(msg.limit ?? 50, 500), ...(msg.filter || {}) }),
  [M.DIARY_LIST]: diary.listDiary,
  [M.DIARY_ADD]: diary.addToDiary,
  [M.DIARY_EDIT]: diary.editDiary,
  [M.DIARY_REMOVE]: diary.removeFromDiary,
  [M.DIARY_EXPORT]: diary.exportDiary,
};

const contentHandlers = {
  [M.STORAGE_SNAPSHOT]: storageSnapshot,
  [M.REQUESTS_SEEN]: requestsSeen,
  [M.BEHAVIOUR_SEEN]: behaviourSeen,
  [M.DIARY_FIELDS]: diary.diaryFields,
  [M.DIARY_SEEN]: diary.diaryPageSeen,
};

export async function dispatch(message, sender) {
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
  if (type === M.STATUS && !isBooted()) {
    try {
      await ready();
    } catch {
      const { startedAt, problem, coreRestarts } = health();
      return { ready: false, startedAt, problem, coreRestarts };
    }
  }
  if (READ_ONLY.has(type)) {
    // What the popup asks on a cold wake can often be answered from the
    // answer cache, before the wasm is ready; start-up goes on meanwhile.
    // Only when nothing is queued: an event that woke the worker (a cookie
    // just set) is not in the cached answer yet.
    if (!isBooted() && (ANSWERABLE.has(type) || isCachedMessage(type)) && pendingTasks() === 0) {
      const cached = await cachedAnswerTo(type, message).catch(() => null);
      ready().catch((e) => console.error("Tracking Witness: start-up failed", e));
      if (cached) return cached;
    }
    // Issue 11: a summary asked right after a cookie was set answered from
    // before that cookie's event was stored, so the cookie was missing. What
    // the site shows now includes every event that arrived before the
    // question (later ones need not be waited for).
    if (ANSWERABLE.has(type) && pendingTasks()) await queued();
    const answer = await guarded(async () => handler(await ready(), message, sender));
    if (ANSWERABLE.has(type)) cacheAnswerFor(answer?.host ?? message.host);
    if (isCachedMessage(type)) cacheMessageAnswer(type);
    return answer;
  }
  return serial(async () => {
    const ctx = await ready();
    // Nothing from a private window is journaled unless the user chose so
    // (and has allowed the extension there in the browser's settings).
    if (sender.incognito) {
      if (!ctx.witness.config().watchPrivateWindows) return { watched: false };
      privateTabs.add(sender.tabId);
    }
    // Test builds only: a content script's report taken ("handled") or not
    // ("unhandled") and then left without an answer, as when the worker is
    // stopped on the way (fault:answer:<type>).
    if (TW_FAULTS && M.CONTENT_TYPES.includes(type)) {
      const fault = await ctx.store.fault(`answer:${type}`);
      if (fault) {
        if (fault.name === "handled") await handler(ctx, message, sender);
        return api.NO_ANSWER;
      }
    }
    return handler(ctx, message, sender);
  });
}
