// Canvas, WebGL and audio fingerprinting.
import { apply, O, getDesc, defineProp, WM, wmGet, wmSet, wmHas, ProxyCtor, canvasWidth, canvasHeight, ctxCanvas, ctxFillStyle, ctxStrokeStyle, Canvas, setHas, setAdd } from "./intrinsics.js";
import { caller, once } from "./channel.js";
import { wrap, originals } from "./wrap.js";

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
function noteText(ctx, text, styleGetter) {
  const s = canvasState(apply(ctxCanvas, ctx, []));
  const t = String(text);
  for (let i = 0; i < t.length && s.chars.size < 64; i++) apply(setAdd, s.chars, [t[i]]);
  if (s.colours.size < 16) apply(setAdd, s.colours, [String(apply(styleGetter, ctx, []))]);
}
const C2D = CanvasRenderingContext2D.prototype;
wrap(C2D, "fillText", () => (self, [text]) => noteText(self, text, ctxFillStyle));
wrap(C2D, "strokeText", () => (self, [text]) => noteText(self, text, ctxStrokeStyle));
for (const m of ["save", "restore"]) {
  wrap(C2D, m, () => (self) => {
    canvasState(apply(ctxCanvas, self, [])).saveRestore = true;
  });
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
wrap(C2D, "getImageData", () => (self) => noteRead(apply(ctxCanvas, self, []), "getImageData"));

// ---- WebGL and audio ----
// WebGL's interfaces are large and built on first touch: reaching for
// them here cost milliseconds on every page. Instead, getParameter is
// wrapped on a WebGL context's prototype when the page first asks a canvas
// for one, before it can call it on that context.
const UNMASKED = new Set([0x9245, 0x9246]);
const GL = new Set(["webgl", "webgl2", "experimental-webgl"]);
const glDone = new WM();
const protoOf = O.getPrototypeOf;
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
    const proxy = new ProxyCtor(original, {
      apply(fn, self, args) {
        const ctx = apply(fn, self, args);
        try {
          if (apply(setHas, GL, [args[0]])) wrapGl(ctx);
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
