// The ground every concern module of the background stands on: the shim
// handle and the message names, start-up (ready()), the one event queue
// (serial()), the guard against a trapped wasm instance, the two-phase
// commit (persist()), what went wrong that the user must be told, and
// small helpers. It imports no concern module: what start-up and the queue
// must call beyond this file is handed in by background.js (wire()).
import "./browser-api.js";
import "./messages.js";
import initWasm, { Witness, __wbg_reset_state as newCoreInstance } from "./pkg/tracking_witness.js";
// The actions module (exports, cleanup verdicts, settings files): its glue
// is imported up front, as a service worker allows only static imports, but
// its wasm is instantiated the first time a user action needs it.
import initActions, * as actions from "./pkg/tracking_witness_actions.js";
import { openStore } from "./store.js";
// Test builds only: TW_FAULTS is false in the shipped ones, and the bundler
// drops this import with every use (scripts/build-extension.mjs).
import { faultTaker, trapCore, noteStart } from "./faults.js";

export const api = globalThis.twBrowser;
export const M = globalThis.twMessages;
// When this instance of the background started: a new value in status.get
// means the browser stopped it and started it again.
export const startedAt = Date.now();

// What start-up and the queue call beyond this file (background.js fills
// them in): `storeOpened(store)` may wrap a newly opened store and returns
// it; `prepare(ctx)` is awaited before start-up counts as done;
// `started(ctx)` runs right after it; `settled()` after every queued task.
const hooks = { storeOpened: (store) => store, prepare: async () => {}, started: () => {}, settled: () => {} };
export function wire(given) {
  Object.assign(hooks, given);
}

// Start-up. A failed start-up is not kept: it is reported (status.get's
// `problem`, shown by the popup) and tried again, by the next event or
// message or by a timer, whichever comes first. A context whose core may
// differ from the store (a refused commit) or whose instance trapped is
// dropped the same way, and the next ready() builds one from the store.
let booting = null;
let booted = false;
let current = null;
export const ready = () =>
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
export const storeReady = () =>
  (opening ??= openStore({ onClose: () => ((opening = null), dropContext()) }).then((store) => hooks.storeOpened(store), (e) => {
    opening = null;
    throw e;
  }));

// Whether start-up has succeeded (and its context is still in use).
export const isBooted = () => booted;

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

// For status.get: this instance's start time, the problem to tell, the
// restarts of the core, and the main wasm instance's memory.
export const health = () => ({ startedAt, problem, coreRestarts, wasmMemoryBytes: wasmExports?.memory?.buffer.byteLength ?? null });

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
  await hooks.prepare(ctx);
  performance.mark("tw-boot-done");
  hooks.started(ctx);
  return ctx;
}

// One event at a time, in arrival order. `pending` counts what is queued
// and not yet done, so a question can tell whether the stored state is
// behind the events that arrived before it.
let queue = Promise.resolve();
let pending = 0;
export function serial(task) {
  pending++;
  const run = queue.then(() => guarded(task)).finally(() => {
    pending--;
    hooks.settled();
  });
  queue = run.catch((e) => console.error("Tracking Witness:", e));
  return run;
}
// How many tasks are queued and not done; and a promise that settles once
// every task queued so far is done.
export const pendingTasks = () => pending;
export const queued = () => queue;

// A trapped wasm instance (a panic, with panic = "abort") is never called
// again: a new instance of the same module replaces it, the core is built
// again from the store, and the task is tried once more. If that traps
// too, the user is told.
export async function guarded(task) {
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
export async function persist(store, commit, extra = {}) {
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

export async function twoPhase(commit, write) {
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
  heads?.postMessage({ seq: commit.head.seq });
}

// Open pages that show the journal's head (the log page) hear of each new
// one here, once it is stored: the log page never shows a head gone by.
const heads = typeof BroadcastChannel === "function" ? new BroadcastChannel(M.HEAD_CHANNEL) : null;

const problemKey = (p) => (p.kind === "storage" ? (p.reason === "quota" ? "problemStorageQuota" : "problemStorageOther") : p.kind === "core" ? "problemCore" : "problemStartup");

// The actions module, its wasm instantiated on first use.
let actionsReady = null;
export async function actionsModule() {
  await (actionsReady ??= initActions({ module_or_path: api.url("pkg/tracking_witness_actions_bg.wasm") }));
  return actions;
}

// An Error with a `name` the pages can branch on; `inner` names the error
// that caused it.
export function named(name, message, inner = undefined) {
  const e = new Error(message);
  e.name = name;
  if (inner) e.inner = { name: inner.name, message: inner.message };
  return e;
}

export function requireString(v, field) {
  if (typeof v !== "string" || !v) throw named("InvalidInput", `the message needs a "${field}" string`);
  return v;
}
