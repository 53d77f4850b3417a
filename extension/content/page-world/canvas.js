// Canvas, WebGL and audio fingerprinting.
import { apply, getDesc, defineProp, WM, wmGet, wmSet, wmHas, ProxyCtor, canvasWidth, canvasHeight, Canvas, protoOf, setHas, setAdd } from "./intrinsics.js";
import { caller, once } from "./channel.js";
import { wrap, originals } from "./wrap.js";
import { wrapMeasureText } from "./probing.js";

// ---- canvas ----
// Per canvas: the distinct characters and colours of text drawn on it,
// and whether save/restore or a listener was used on it (Englehardt &
// Narayanan's criteria, decided in the core).
const canvases = new WM();
export function canvasState(canvas) {
  let s = apply(wmGet, canvases, [canvas]);
  if (!s) {
    s = { chars: new Set(), colours: new Set(), saveRestore: false, listener: false };
    apply(wmSet, canvases, [canvas, s]);
  }
  return s;
}
function noteText(ctx, text, canvasOf, styleGetter) {
  const s = canvasState(apply(canvasOf, ctx, []));
  const t = String(text);
  for (let i = 0; i < t.length && s.chars.size < 64; i++) apply(setAdd, s.chars, [t[i]]);
  if (s.colours.size < 16) apply(setAdd, s.colours, [String(apply(styleGetter, ctx, []))]);
}
// The 2D context's interface is built by the browser the first time a
// script touches it (about 0.2 ms): its methods are wrapped when the page
// first gets a 2D context, before it can call them on it. The getters are
// taken then too, from the context's own prototype. Per prototype: a
// canvas of another frame, asked through this frame's getContext, has its
// own.
const c2dDone = new WM();
function wrap2d(ctx) {
  const C2D = ctx && typeof ctx === "object" ? protoOf(ctx) : null;
  if (!C2D || apply(wmHas, c2dDone, [C2D])) return;
  apply(wmSet, c2dDone, [C2D, true]);
  const canvasOf = getDesc(C2D, "canvas")?.get;
  const fill = getDesc(C2D, "fillStyle")?.get;
  const stroke = getDesc(C2D, "strokeStyle")?.get;
  if (!canvasOf || !fill || !stroke) return;
  wrap(C2D, "fillText", () => (self, [text]) => noteText(self, text, canvasOf, fill));
  wrap(C2D, "strokeText", () => (self, [text]) => noteText(self, text, canvasOf, stroke));
  for (const m of ["save", "restore"]) {
    wrap(C2D, m, () => (self) => {
      canvasState(apply(canvasOf, self, [])).saveRestore = true;
    });
  }
  wrap(C2D, "getImageData", () => (self) => noteRead(apply(canvasOf, self, []), "getImageData"));
  wrapMeasureText(C2D);
}
function noteRead(canvas, api) {
  const s = apply(wmGet, canvases, [canvas]);
  if (!s || !s.chars.size) return;
  once("canvas-read", caller(), {
    api,
    width: apply(canvasWidth, canvas, []),
    height: apply(canvasHeight, canvas, []),
    chars: s.chars.size,
    colours: s.colours.size,
    saveRestore: s.saveRestore,
    listener: s.listener,
  });
}
wrap(Canvas.prototype, "toDataURL", () => (self) => noteRead(self, "toDataURL"));
wrap(Canvas.prototype, "toBlob", () => (self) => noteRead(self, "toBlob"));

// ---- WebGL and audio ----
// WebGL's interfaces are large and built on first touch: reaching for
// them here cost milliseconds on every page. Instead, getParameter is
// wrapped on a WebGL context's prototype when the page first asks a canvas
// for one, before it can call it on that context.
const UNMASKED = new Set([0x9245, 0x9246]);
const GL = new Set(["webgl", "webgl2", "experimental-webgl"]);
const glDone = new WM();
function wrapGl(ctx) {
  const proto = ctx && typeof ctx === "object" ? protoOf(ctx) : null;
  if (!proto || apply(wmHas, glDone, [proto])) return;
  apply(wmSet, glDone, [proto, true]);
  wrap(proto, "getParameter", () => (self, [p]) => {
    if (apply(setHas, UNMASKED, [p])) once("webgl-unmasked", caller(), {});
  });
}
{
  const d = getDesc(Canvas.prototype, "getContext");
  const original = d && d.value;
  if (typeof original === "function") {
    // No prototype for the handler: see wrap.js.
    const proxy = new ProxyCtor(original, {
      __proto__: null,
      apply(fn, self, args) {
        const ctx = apply(fn, self, args);
        try {
          if (args[0] === "2d") wrap2d(ctx);
          else if (apply(setHas, GL, [args[0]])) wrapGl(ctx);
        } catch {
          // An observer must never break the page.
        }
        return ctx;
      },
    });
    apply(wmSet, originals, [proxy, original]);
    d.value = proxy;
    defineProp(Canvas.prototype, "getContext", d);
  }
}
if (globalThis.OfflineAudioContext) {
  wrap(OfflineAudioContext.prototype, "startRendering", () => () => once("audio-render", caller(), {}));
}
