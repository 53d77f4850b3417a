// Fingerprinting by probing: fonts measured (a canvas's measureText, or a
// font family set on an element's style to compare sizes), the browser's
// properties read from navigator and screen, and peer connections. The
// page reports counts of distinct things per script; the core decides
// what is enough (src/behaviour.rs).
import { apply, getDesc, strSlice, strIndexOf, strToLower, setHas, setAdd, SetCtor } from "./intrinsics.js";
import { caller, once, tally } from "./channel.js";
import { wrap } from "./wrap.js";

// A stack is taken only the first time a font (or property) is met on the
// page: measuring one font a thousand times costs a set lookup each.
const fonts = new SetCtor();
function family(text) {
  // "'Arial Black', serif" -> "arial black": the probed font is the first.
  let s = String(text);
  const comma = apply(strIndexOf, s, [","]);
  if (comma >= 0) s = apply(strSlice, s, [0, comma]);
  s = s.trim();
  const q = s[0];
  if ((q === "'" || q === '"') && s[s.length - 1] === q) s = apply(strSlice, s, [1, -1]);
  return apply(strToLower, s, []);
}
function measured(name) {
  if (!name || apply(setHas, fonts, [name]) || fonts.size >= 500) return;
  apply(setAdd, fonts, [name]);
  tally("fonts-measured", caller(), name);
}

// measureText: the context's font is "<size> <families>"; the families
// are what is probed. Wrapped with the rest of the 2D context, when the
// page first gets one (canvas.js).
export function wrapMeasureText(C2D) {
  const ctxFont = getDesc(C2D, "font")?.get;
  if (!ctxFont) return;
  wrap(C2D, "measureText", () => (self) => {
    const font = String(apply(ctxFont, self, []));
    // The size comes first and may hold no space ("12px" or "12px/1.5").
    const space = apply(strIndexOf, font, ["px "]);
    measured(family(space >= 0 ? apply(strSlice, font, [space + 3]) : font));
  });
}
// An element's style: Chromium keeps the property on CSSStyleDeclaration,
// Firefox on CSS2Properties.
for (const P of [globalThis.CSS2Properties, CSSStyleDeclaration]) {
  if (P && getDesc(P.prototype, "fontFamily")) {
    wrap(P.prototype, "fontFamily", () => (self, [value]) => measured(family(value)), "set");
    break;
  }
}

// ---- navigator and screen ----
// The properties fingerprinting libraries combine; a page's own code and
// analytics read a handful of them.
const NAVIGATOR = [
  "userAgent", "appVersion", "platform", "vendor", "vendorSub", "product", "productSub", "appName", "appCodeName",
  "language", "languages", "hardwareConcurrency", "deviceMemory", "maxTouchPoints", "cookieEnabled", "doNotTrack",
  "pdfViewerEnabled", "plugins", "mimeTypes", "webdriver", "oscpu", "buildID", "userAgentData", "connection",
];
const SCREEN = ["width", "height", "availWidth", "availHeight", "availTop", "availLeft", "colorDepth", "pixelDepth", "orientation"];
// Each property's first three reads on the page are attributed (a stack
// each), so that a script reading it after the page's own code still
// counts; later reads cost two set lookups.
const reads = new SetCtor();
function read(name) {
  const third = name + "\u00013";
  if (apply(setHas, reads, [third])) return;
  const second = name + "\u00012";
  apply(setAdd, reads, [apply(setHas, reads, [second]) ? third : apply(setHas, reads, [name]) ? second : name]);
  tally("properties-read", caller(), name);
}
for (const [proto, names, prefix] of [[Navigator.prototype, NAVIGATOR, "navigator."], [Screen.prototype, SCREEN, "screen."]]) {
  for (const name of names) {
    const key = prefix + name;
    wrap(proto, name, () => () => read(key), "get");
  }
}

// ---- peer connections ----
if (globalThis.RTCPeerConnection) {
  for (const m of ["createDataChannel", "createOffer"]) wrap(RTCPeerConnection.prototype, m, () => () => once("webrtc", caller(), {}));
}
