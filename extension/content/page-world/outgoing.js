// Data leaving the page (fetch, XHR, beacons), and key-logging: what leaves
// compared with what was typed, naming only the field and the destination.
import { apply, getDesc, WM, wmGet, wmSet, wmHas, doc, addListener, strSlice, strIncludes, strToLower, arrPush, URLCtor, urlHost, urlHref, encURI, fromCharCode, qsa, late, requestParts, setHas, setAdd, SetCtor } from "./intrinsics.js";
import { report, caller, seen } from "./channel.js";
import { wrap } from "./wrap.js";

// ---- data leaving the page ----
const TEXT_TYPES = new Set(["text", "search", "email", "tel", "url", ""]);
const submitted = new WM();
// A form's values at the moment it is submitted: what a site's own search
// sends then is the user's request, not key-logging.
apply(addListener, window, ["submit", (e) => {
  try {
    const form = e.target;
    const values = [];
    const { closest } = late();
    for (const f of fields()) if (apply(closest, f.el, ["form"]) === form) apply(arrPush, values, [f.value]);
    apply(wmSet, submitted, [form, values]);
  } catch {}
}, true]);
function fields() {
  const { Input, inputType, inputValue, textareaValue } = late();
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
  const { getAttr, closest, nodeText } = late();
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
  const { closest } = late();
  const form = apply(closest, f.el, ["form"]);
  const values = form && apply(wmGet, submitted, [form]);
  if (!values) return false;
  for (const v of values) if (v === f.value) return true;
  return false;
}
function utf8Base64(s) {
  const { encode, TextEncoderCtor, btoaFn } = late();
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
  const { digest, subtle, encode, TextEncoderCtor } = late();
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
  const { URLSearchParamsCtor, FormDataCtor, decode, TextDecoderCtor } = late();
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
// What is sent is compared with what is typed only once the user has typed
// (a trusted input event): before that no field holds anything of theirs,
// and a page load's analytics calls cost no field scan.
let typed = false;
apply(addListener, window, ["input", (e) => {
  if (e.isTrusted) typed = true;
}, true]);
// Requests to one destination by one API (with or without a body) are
// attributed, a stack each, the first three times on the page; an
// analytics beacon sent a hundred times is one fact, not a hundred stacks.
const sends = new SetCtor();
function attributed(key) {
  for (const n of ["1", "2", "3"]) {
    if (!apply(setHas, sends, [key + n])) {
      apply(setAdd, sends, [key + n]);
      return true;
    }
  }
  return false;
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
  const fresh = attributed(host + "\u0001" + api + "\u0001" + (hasBody ? 1 : 0) + "\u0001");
  if (!fresh && !typed) return;
  const script = caller();
  const key = "sent\u0001" + script + "\u0001" + host + "\u0001" + api + "\u0001" + (hasBody ? 1 : 0);
  if (!apply(setHas, seen, [key])) {
    apply(setAdd, seen, [key]);
    report({ signal: "data-sent", script, to: host, api, body: !!hasBody });
  }
  if (!typed) return;
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
  const { RequestCtor, reqUrl, reqMethod } = typeof input === "string" ? {} : requestParts();
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
