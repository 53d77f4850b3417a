// The channel to the bridge, the calling script's URL, and reporting a
// fact once per script and kind.
import { apply, getDesc, captureStack, randomValues, U32, cryptoObj, ErrorCtor, JSONstringify, CustomEventCtor, doc, dispatch, addListener, removeListener, preventDefault, detailOf, strSlice, strIndexOf, strMatchAll, arrPush, setTimeoutFn, setHas, setAdd, SetCtor } from "./intrinsics.js";
import { TRAP } from "./wrap.js";

// ---- the channel to the bridge ----
// Both scripts run before any page script. Usually the bridge runs first
// and is listening on the hello event: this script then names the channel
// itself, a random event name in a cancelable hello that the bridge
// accepts by cancelling it. One event, answered without a dispatch of its
// own (a nested dispatch across the worlds was most of the start-up cost).
// If the bridge runs second, it offers its own secret name the same way
// and this script accepts it. Every report afterwards is an event of that
// name: a page never learns it, so it can neither listen nor forge.
const HELLO = "tw-behaviour-hello";
let channel = null;
const queue = [];
function onHello(e) {
  const d = apply(detailOf, e, []);
  if (typeof d !== "string" || apply(strIndexOf, d, ["key:"]) !== 0) return;
  channel = apply(strSlice, d, [4]);
  apply(preventDefault, e, []);
  apply(removeListener, doc, [HELLO, onHello, true]);
  flush();
}
{
  const words = apply(randomValues, cryptoObj, [new U32(4)]);
  let name = "tw-";
  for (let i = 0; i < 4; i++) name += apply(strSlice, "0000000" + words[i].toString(16), [-8]);
  if (!apply(dispatch, doc, [new CustomEventCtor(HELLO, { detail: "name:" + name, cancelable: true })])) channel = name;
  else apply(addListener, doc, [HELLO, onHello, true]);
}

let flushTimer = 0;
function flush() {
  flushTimer = 0;
  for (let i = 0; i < tallies.length; i++) {
    const t = tallies[i];
    if (t.count > t.sent) {
      t.sent = t.count;
      apply(arrPush, queue, [{ signal: t.kind, script: t.script, count: t.count }]);
    }
  }
  if (!channel || !queue.length) return;
  const batch = apply(JSONstringify, JSON, [queue]);
  queue.length = 0;
  apply(dispatch, doc, [new CustomEventCtor(channel, { detail: batch })]);
}
// Reports leave in batches, half a second after the first of them: each
// batch is an event the bridge handles in the page's main thread, so a
// page load sends a few rather than one per burst of calls.
const FLUSH_MS = 500;
const MAX_REPORTS = 400;
let reported = 0;
export function report(r) {
  if (reported >= MAX_REPORTS) return;
  reported++;
  apply(arrPush, queue, [r]);
  if (!flushTimer) flushTimer = apply(setTimeoutFn, globalThis, [flush, FLUSH_MS]);
}

// Counts that grow (fonts measured, properties read): per script and kind,
// the distinct things seen; the latest count leaves with the next batch.
const tallies = [];
export function tally(kind, script, item) {
  let t = null;
  for (let i = 0; i < tallies.length; i++) {
    if (tallies[i].kind === kind && tallies[i].script === script) t = tallies[i];
  }
  if (!t) {
    if (tallies.length >= 50) return;
    t = { kind, script, items: new SetCtor(), count: 0, sent: 0 };
    apply(arrPush, tallies, [t]);
  }
  if (apply(setHas, t.items, [item]) || t.count >= 1000) return;
  apply(setAdd, t.items, [item]);
  t.count++;
  if (!flushTimer) flushTimer = apply(setTimeoutFn, globalThis, [flush, FLUSH_MS]);
}

// ---- who called: the script URL from the stack, without query ----
const URL_IN_STACK = /(https?:\/\/[^\s()]+?)(?::\d+){1,2}\)?\s*$/gm;
// A stack costs about a microsecond per frame to take and another to turn
// into text; the first time a function's frame is turned into text, V8
// also recompiles it to find its source positions. Our own frames (this
// function, the observer, the wrapper's trap) are never wanted, so in V8
// the stack is taken from below the trap (Error.captureStackTrace with the
// trap as the cut) and only SHORT frames deep: the page's nearest frames,
// nothing of ours. Only if none of those is an http(s) script is a whole
// stack taken, as before, so the answer is the one a full stack gives.
// stackTraceLimit is changed only while it is a plain writable number
// (nothing the page could watch being set) and put back at once; the
// stack is held by an object without a prototype, so forming its first
// line reads nothing the page could have defined.
const SHORT = 3;
function pageStack() {
  if (!captureStack) return null;
  const d = getDesc(ErrorCtor, "stackTraceLimit");
  const own = d && "value" in d && d.writable && typeof d.value === "number" ? d.value : null;
  if (own === null) return null;
  const holder = { __proto__: null };
  if (own > SHORT) ErrorCtor.stackTraceLimit = SHORT;
  try {
    apply(captureStack, ErrorCtor, [holder, TRAP]);
  } finally {
    if (own > SHORT) ErrorCtor.stackTraceLimit = own;
  }
  return holder.stack;
}
function firstScript(stack) {
  if (typeof stack !== "string") return null;
  // The first http(s) frame is the page's script closest to the call;
  // ours are extension URLs and never match.
  for (const m of apply(strMatchAll, stack, [URL_IN_STACK])) return cut(m[1]);
  return null;
}
// The whole stack, ours included, at the page's own limit. A function of
// its own so that the page-load bench can count how often it is needed.
function fullStack() {
  return new ErrorCtor().stack;
}
export function caller() {
  try {
    return firstScript(pageStack()) ?? firstScript(fullStack()) ?? "";
  } catch {
    return "";
  }
}
function cut(url) {
  let end = url.length;
  for (const c of ["?", "#"]) {
    const i = apply(strIndexOf, url, [c]);
    if (i >= 0 && i < end) end = i;
  }
  return apply(strSlice, url, [0, end]);
}
// Reported once per script and kind: a recorder that adds a listener a
// thousand times is one fact, not a thousand.
export const seen = new Set();
// True the first time a key is given: a cookie written a hundred times is
// attributed to its first writer once, without a stack each time.
export function first(key) {
  if (apply(setHas, seen, [key])) return false;
  apply(setAdd, seen, [key]);
  return true;
}
export function once(kind, script, r, what = kind) {
  const key = what + "\u0001" + script;
  if (apply(setHas, seen, [key])) return;
  apply(setAdd, seen, [key]);
  r.signal = kind;
  r.script = script;
  report(r);
}
