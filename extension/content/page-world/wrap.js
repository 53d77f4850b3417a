// Wrapping a built-in invisibly: the wrapper keeps the original's name,
// length and native toString(), and an observer never throws into the page.
import { apply, getDesc, defineProp, WM, wmGet, wmSet, wmHas, ProxyCtor } from "./intrinsics.js";

// ---- wrapping, invisibly ----
export const originals = new WM();
export function wrap(target, name, makeHandler, kind = "value") {
  const d = getDesc(target, name);
  if (!d) return;
  const original = d[kind === "value" ? "value" : kind];
  if (typeof original !== "function") return;
  const handler = makeHandler(original);
  const proxy = new ProxyCtor(original, {
    apply(fn, self, args) {
      try {
        handler(self, args);
      } catch {
        // An observer must never break the page.
      }
      return apply(fn, self, args);
    },
  });
  apply(wmSet, originals, [proxy, original]);
  d[kind === "value" ? "value" : kind] = proxy;
  defineProp(target, name, d);
}
// toString of a wrapper answers as the original does (itself included).
const realToString = Function.prototype.toString;
const toStringProxy = new ProxyCtor(realToString, {
  apply(fn, self, args) {
    const original = typeof self === "function" && apply(wmHas, originals, [self]) ? apply(wmGet, originals, [self]) : self;
    return apply(fn, original, args);
  },
});
apply(wmSet, originals, [toStringProxy, realToString]);
defineProp(Function.prototype, "toString", { ...getDesc(Function.prototype, "toString"), value: toStringProxy });
