// Watching the whole page, and listening to the user's input.
import { apply, doc, Canvas, NodeCtor, nodeName, setHas } from "./intrinsics.js";
import { caller, once } from "./channel.js";
import { wrap } from "./wrap.js";
import { canvasState } from "./canvas.js";

// ---- watching the whole page, and the user's input ----
wrap(MutationObserver.prototype, "observe", () => (self, [target, options]) => {
  if ((target === doc || target === doc.documentElement || target === doc.body) && options && options.subtree) {
    once("dom-observed", caller(), {});
  }
});
// A text field, by its node name rather than instanceof HTMLInputElement:
// that interface (and the textarea's) costs the browser about 0.25 ms to
// build, and pages that never script a field never need it. Upper case in
// HTML documents, lower case in XHTML ones.
const FIELDS = new Set(["INPUT", "TEXTAREA", "input", "textarea"]);
function isField(target) {
  return target instanceof NodeCtor && apply(setHas, FIELDS, [apply(nodeName, target, [])]);
}
const INPUT_EVENTS = new Set([
  "keydown", "keyup", "keypress", "input", "beforeinput", "change",
  "pointerdown", "pointermove", "pointerup", "mousedown", "mousemove", "mouseup", "click",
  "touchstart", "touchmove", "touchend", "scroll", "wheel",
]);
wrap(EventTarget.prototype, "addEventListener", () => (self, [type]) => {
  if (!apply(setHas, INPUT_EVENTS, [type])) {
    return;
  }
  if (self instanceof Canvas) {
    canvasState(self).listener = true;
    return;
  }
  if (self === window || self === doc || self === doc.documentElement || self === doc.body || isField(self)) {
    once("input-listened", caller(), { event: type }, "input-listened:" + type);
  }
});
