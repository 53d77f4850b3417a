// Watching the whole page, and listening to the user's input.
import { apply, doc, Canvas, Input, TextArea, setHas } from "./intrinsics.js";
import { caller, once } from "./channel.js";
import { wrap } from "./wrap.js";
import { canvasState } from "./canvas.js";

// ---- watching the whole page, and the user's input ----
wrap(MutationObserver.prototype, "observe", () => (self, [target, options]) => {
  if ((target === doc || target === doc.documentElement || target === doc.body) && options && options.subtree) {
    once("dom-observed", caller(), {});
  }
});
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
  if (self === window || self === doc || self === doc.documentElement || self === doc.body || self instanceof Input || self instanceof TextArea) {
    once("input-listened", caller(), { event: type }, "input-listened:" + type);
  }
});
