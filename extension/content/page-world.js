// Page-world observers (MAIN world, document_start, every frame of a watched
// site). They watch what the page's own scripts do with the APIs that
// monitoring relies on and report plain facts, with the calling script's URL,
// to the isolated-world bridge (content/bridge.js). They decide nothing: the
// core does (src/behaviour.rs). The one judgement made here is key-logging,
// because only the page holds both what is sent and what was typed; even
// then only the field's name and the destination leave this file, never the
// typed text nor any hash of it.
//
// Rules this file keeps (tested in tests/e2e/behaviour.test.mjs):
// - it runs before any page script, takes its own copies of every built-in
//   it needs, and leaves no global name and no timeline entry behind;
// - a wrapped function keeps its name, length and native toString();
// - an observer never throws into the page nor changes what a call returns;
// - the work per call is a few comparisons unless the call is one we report.
(() => {
  const R = Reflect;
  const apply = R.apply;
  const O = Object;
  const getDesc = O.getOwnPropertyDescriptor;
  const defineProp = O.defineProperty;
  const WM = WeakMap;
  const wmGet = WM.prototype.get;
  const wmSet = WM.prototype.set;
  const wmHas = WM.prototype.has;
  const ProxyCtor = Proxy;
  const ErrorCtor = Error;
  const JSONstringify = JSON.stringify;
  const CustomEventCtor = CustomEvent;
  const doc = document;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const addListener = EventTarget.prototype.addEventListener;
  const removeListener = EventTarget.prototype.removeEventListener;
  const preventDefault = Event.prototype.preventDefault;
  const detailOf = getDesc(CustomEvent.prototype, "detail").get;
  const strSlice = String.prototype.slice;
  const strIndexOf = String.prototype.indexOf;
  const strIncludes = String.prototype.includes;
  const strToLower = String.prototype.toLowerCase;
  const strMatchAll = String.prototype.matchAll;
  const arrPush = Array.prototype.push;
  const URLCtor = URL;
  const urlHost = getDesc(URL.prototype, "hostname").get;
  const urlHref = getDesc(URL.prototype, "href").get;
  const btoaFn = globalThis.btoa;
  const encURI = encodeURIComponent;
  const TextEncoderCtor = TextEncoder;
  const encode = TextEncoder.prototype.encode;
  const TextDecoderCtor = TextDecoder;
  const decode = TextDecoder.prototype.decode;
  const fromCharCode = String.fromCharCode;
  const setTimeoutFn = setTimeout;
  const qsa = Document.prototype.querySelectorAll;
  const inputValue = getDesc(HTMLInputElement.prototype, "value").get;
  const inputType = getDesc(HTMLInputElement.prototype, "type").get;
  const textareaValue = getDesc(HTMLTextAreaElement.prototype, "value").get;
  const getAttr = Element.prototype.getAttribute;
  const closest = Element.prototype.closest;
  const nodeText = getDesc(Node.prototype, "textContent").get;
  const subtle = globalThis.crypto?.subtle;
  const digest = subtle ? SubtleCrypto.prototype.digest : null;
  const canvasWidth = getDesc(HTMLCanvasElement.prototype, "width").get;
  const canvasHeight = getDesc(HTMLCanvasElement.prototype, "height").get;
  const ctxCanvas = getDesc(CanvasRenderingContext2D.prototype, "canvas").get;
  const ctxFillStyle = getDesc(CanvasRenderingContext2D.prototype, "fillStyle").get;
  const ctxStrokeStyle = getDesc(CanvasRenderingContext2D.prototype, "strokeStyle").get;
  const Canvas = HTMLCanvasElement;
  const Input = HTMLInputElement;
  const TextArea = HTMLTextAreaElement;
  const FormDataCtor = globalThis.FormData;
  const URLSearchParamsCtor = URLSearchParams;
  const RequestCtor = globalThis.Request;
  const reqUrl = RequestCtor ? getDesc(RequestCtor.prototype, "url").get : null;
  const reqMethod = RequestCtor ? getDesc(RequestCtor.prototype, "method").get : null;

  // ---- the channel to the bridge ----
  // Both scripts run before any page script. Whichever runs second finds
  // the other one listening on the hello event; the bridge's secret event
  // name then travels in a cancelable event that only this script answers
  // (by cancelling it), so the bridge knows it was received. Every report
  // afterwards is an event of that secret name: a page never learns it, so
  // it can neither listen nor forge.
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
  apply(addListener, doc, [HELLO, onHello, true]);
  apply(dispatch, doc, [new CustomEventCtor(HELLO, { detail: "ask" })]);

  let flushTimer = 0;
  function flush() {
    flushTimer = 0;
    if (!channel || !queue.length) return;
    const batch = apply(JSONstringify, JSON, [queue]);
    queue.length = 0;
    apply(dispatch, doc, [new CustomEventCtor(channel, { detail: batch })]);
  }
  // Reports leave in small batches, after the page's own work.
  const MAX_REPORTS = 400;
  let reported = 0;
  function report(r) {
    if (reported >= MAX_REPORTS) return;
    reported++;
    apply(arrPush, queue, [r]);
    if (!flushTimer) flushTimer = apply(setTimeoutFn, globalThis, [flush, 50]);
  }

  // ---- who called: the script URL from the stack, without query ----
  const URL_IN_STACK = /(https?:\/\/[^\s()]+?)(?::\d+){1,2}\)?\s*$/gm;
  function caller() {
    let stack;
    try {
      stack = new ErrorCtor().stack;
    } catch {
      return "";
    }
    if (typeof stack !== "string") return "";
    // The first http(s) frame is the page's script closest to the call;
    // ours are extension URLs and never match.
    for (const m of apply(strMatchAll, stack, [URL_IN_STACK])) return cut(m[1]);
    return "";
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
  const seen = new Set();
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  function once(kind, script, r, what = kind) {
    const key = what + "\u0001" + script;
    if (apply(setHas, seen, [key])) return;
    apply(setAdd, seen, [key]);
    r.signal = kind;
    r.script = script;
    report(r);
  }

  // ---- wrapping, invisibly ----
  const originals = new WM();
  function wrap(target, name, makeHandler, kind = "value") {
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

  // ---- cookies and storage ----
  wrap(Document.prototype, "cookie", () => (self, [text]) => {
    const s = String(text);
    const eq = apply(strIndexOf, s, ["="]);
    const name = apply(strSlice, s, [0, eq < 0 ? 0 : eq]).trim();
    if (name) report({ signal: "cookie-written", script: caller(), name: apply(strSlice, name, [0, 200]) });
  }, "set");
  const localGetter = getDesc(window, "localStorage")?.get;
  function areaOf(storage) {
    try {
      return localGetter && storage === apply(localGetter, window, []) ? "local" : "session";
    } catch {
      return "session";
    }
  }
  wrap(Storage.prototype, "setItem", () => (self, [key]) => {
    report({ signal: "storage-written", script: caller(), area: areaOf(self), key: apply(strSlice, String(key), [0, 200]) });
  });
  wrap(Storage.prototype, "removeItem", () => (self, [key]) => {
    report({ signal: "storage-removed", script: caller(), area: areaOf(self), key: apply(strSlice, String(key), [0, 200]) });
  });

  // ---- canvas ----
  // Per canvas: the distinct characters and colours of text drawn on it,
  // and whether save/restore or a listener was used on it (Englehardt &
  // Narayanan's criteria, decided in the core).
  const canvases = new WM();
  function canvasState(canvas) {
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

  // ---- data leaving the page ----
  const TEXT_TYPES = new Set(["text", "search", "email", "tel", "url", ""]);
  const submitted = new WM();
  // A form's values at the moment it is submitted: what a site's own search
  // sends then is the user's request, not key-logging.
  apply(addListener, window, ["submit", (e) => {
    try {
      const form = e.target;
      const values = [];
      for (const f of fields()) if (apply(closest, f.el, ["form"]) === form) apply(arrPush, values, [f.value]);
      apply(wmSet, submitted, [form, values]);
    } catch {}
  }, true]);
  function fields() {
    const out = [];
    let list;
    try {
      list = apply(qsa, doc, ["input, textarea"]);
    } catch {
      return out;
    }
    for (let i = 0; i < list.length && i < 200; i++) {
      const el = list[i];
      let value;
      if (el instanceof Input) {
        if (!apply(setHas, TEXT_TYPES, [apply(strToLower, apply(inputType, el, []), [])])) continue;
        value = apply(inputValue, el, []);
      } else {
        value = apply(textareaValue, el, []);
      }
      if (typeof value === "string" && value.length >= 3) apply(arrPush, out, [{ el, value }]);
    }
    return out;
  }
  function fieldName(el) {
    for (const a of ["name", "id", "aria-label", "placeholder"]) {
      const v = apply(getAttr, el, [a]);
      if (v) return apply(strSlice, v, [0, 80]);
    }
    try {
      const label = apply(closest, el, ["label"]);
      if (label) return apply(strSlice, String(apply(nodeText, label, [])).trim(), [0, 80]);
    } catch {}
    return "(unnamed field)";
  }
  function wasSubmitted(f) {
    const form = apply(closest, f.el, ["form"]);
    const values = form && apply(wmGet, submitted, [form]);
    if (!values) return false;
    for (const v of values) if (v === f.value) return true;
    return false;
  }
  function utf8Base64(s) {
    const bytes = apply(encode, new TextEncoderCtor(), [s]);
    let bin = "";
    for (let i = 0; i < bytes.length; i++) bin += fromCharCode(bytes[i]);
    return btoaFn(bin);
  }
  function hex(buf) {
    const b = new Uint8Array(buf);
    let s = "";
    for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return s;
  }
  // Compares what leaves with what is typed; names only the field.
  function checkTyped(payload, host, api, script) {
    if (!payload) return;
    const inputs = fields();
    if (!inputs.length) return;
    const lower = apply(strToLower, payload, []);
    for (const f of inputs) {
      const v = f.value;
      const b64 = utf8Base64(v);
      const forms = [
        ["plain", v],
        ["uri", encURI(v)],
        ["uri", apply(String.prototype.replaceAll, encURI(v), ["%20", "+"])],
        ["base64", b64],
        ["base64", apply(String.prototype.replace, b64, [/=+$/, ""])],
      ];
      let how = null;
      for (const [name, form] of forms) {
        if (form.length >= 3 && apply(strIncludes, payload, [form])) {
          how = name;
          break;
        }
      }
      const send = (encoding) => {
        report({ signal: "typed-data-sent", script, to: host, api, field: fieldName(f.el), encoding, submitted: wasSubmitted(f) });
      };
      if (how) send(how);
      else if (digest && payload.length >= 64) {
        // A hash of what was typed: checked off the call's path.
        apply(digest, subtle, ["SHA-256", apply(encode, new TextEncoderCtor(), [v])]).then(
          (d) => {
            if (apply(strIncludes, lower, [hex(d)])) send("sha256");
          },
          () => {},
        );
      }
    }
  }
  function bodyText(body) {
    if (body == null) return "";
    if (typeof body === "string") return body;
    try {
      if (body instanceof URLSearchParamsCtor) return String(body);
      if (FormDataCtor && body instanceof FormDataCtor) {
        let s = "";
        for (const [k, v] of body) if (typeof v === "string") s += k + "=" + v + "&";
        return s;
      }
      if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
        if (body.byteLength > 1e6) return "";
        return apply(decode, new TextDecoderCtor(), [body]);
      }
    } catch {}
    return "";
  }
  function outgoing(url, body, hasBody, api) {
    let parsed;
    try {
      parsed = new URLCtor(String(url), doc.baseURI);
    } catch {
      return;
    }
    const host = apply(urlHost, parsed, []);
    if (!host) return;
    const script = caller();
    const key = "sent\u0001" + script + "\u0001" + host + "\u0001" + api + "\u0001" + (hasBody ? 1 : 0);
    if (!apply(setHas, seen, [key])) {
      apply(setAdd, seen, [key]);
      report({ signal: "data-sent", script, to: host, api, body: !!hasBody });
    }
    let href = apply(urlHref, parsed, []);
    try {
      href = decodeURIComponent(href);
    } catch {}
    checkTyped(href + "\n" + bodyText(body), host, api, script);
  }
  if (navigator.sendBeacon) {
    wrap(Navigator.prototype, "sendBeacon", () => (self, [url, data]) => outgoing(url, data, data != null, "beacon"));
  }
  wrap(getDesc(globalThis, "fetch") ? globalThis : Window.prototype, "fetch", () => (self, [input, init]) => {
    let url = input;
    let hasBody = !!(init && init.body != null);
    if (RequestCtor && input instanceof RequestCtor) {
      url = apply(reqUrl, input, []);
      const m = apply(reqMethod, input, []);
      hasBody = hasBody || (m !== "GET" && m !== "HEAD");
    }
    outgoing(url, init && init.body, hasBody, "fetch");
  });
  const xhrUrls = new WM();
  wrap(XMLHttpRequest.prototype, "open", () => (self, [, url]) => apply(wmSet, xhrUrls, [self, url]));
  wrap(XMLHttpRequest.prototype, "send", () => (self, [body]) => {
    if (apply(wmHas, xhrUrls, [self])) outgoing(apply(wmGet, xhrUrls, [self]), body, body != null, "xhr");
  });
})();
