// The built-ins the observers use, taken when this script starts, before
// any page script can replace them. Every other module calls these copies,
// never the page's globals, whatever the page does to them later.

export const R = Reflect;
export const apply = R.apply;
export const O = Object;
export const getDesc = O.getOwnPropertyDescriptor;
export const defineProp = O.defineProperty;
export const WM = WeakMap;
export const wmGet = WM.prototype.get;
export const wmSet = WM.prototype.set;
export const wmHas = WM.prototype.has;
export const ProxyCtor = Proxy;
export const ErrorCtor = Error;
// V8's alone (undefined elsewhere).
export const captureStack = typeof Error.captureStackTrace === "function" ? Error.captureStackTrace : null;
export const JSONstringify = JSON.stringify;
export const CustomEventCtor = CustomEvent;
export const doc = document;
export const dispatch = EventTarget.prototype.dispatchEvent;
export const addListener = EventTarget.prototype.addEventListener;
export const removeListener = EventTarget.prototype.removeEventListener;
export const preventDefault = Event.prototype.preventDefault;
export const detailOf = getDesc(CustomEvent.prototype, "detail").get;
export const strSlice = String.prototype.slice;
export const strIndexOf = String.prototype.indexOf;
export const strIncludes = String.prototype.includes;
export const strToLower = String.prototype.toLowerCase;
export const strMatchAll = String.prototype.matchAll;
export const arrPush = Array.prototype.push;
export const URLCtor = URL;
export const urlHost = getDesc(URL.prototype, "hostname").get;
export const urlHref = getDesc(URL.prototype, "href").get;
export const encURI = encodeURIComponent;
export const fromCharCode = String.fromCharCode;
export const setTimeoutFn = setTimeout;
export const qsa = Document.prototype.querySelectorAll;
export const NodeCtor = Node;
export const nodeName = getDesc(Node.prototype, "nodeName").get;
export const cryptoObj = globalThis.crypto;
// getRandomValues, not randomUUID: the latter exists only in secure contexts.
export const randomValues = Crypto.prototype.getRandomValues;
export const U32 = Uint32Array;
export const canvasWidth = getDesc(HTMLCanvasElement.prototype, "width").get;
export const canvasHeight = getDesc(HTMLCanvasElement.prototype, "height").get;
export const Canvas = HTMLCanvasElement;
export const protoOf = O.getPrototypeOf;
export const SetCtor = Set;
export const setHas = Set.prototype.has;
export const setAdd = Set.prototype.add;

// The built-ins only the key-logging check needs (fields, their values,
// encodings, hashes), taken the first time it runs: after the user's first
// trusted input or a form's submission, never during a page load the user
// does not type in. Their interfaces cost the browser about 0.5 ms to build
// at document_start, and most pages never need them. The cost: a page that
// replaces one of them before the user types is read through its version.
let keyBuiltins = null;
export function late() {
  if (keyBuiltins) return keyBuiltins;
  const subtle = globalThis.crypto?.subtle;
  keyBuiltins = {
    btoaFn: globalThis.btoa,
    TextEncoderCtor: TextEncoder,
    encode: TextEncoder.prototype.encode,
    TextDecoderCtor: TextDecoder,
    decode: TextDecoder.prototype.decode,
    Input: HTMLInputElement,
    inputValue: getDesc(HTMLInputElement.prototype, "value").get,
    inputType: getDesc(HTMLInputElement.prototype, "type").get,
    textareaValue: getDesc(HTMLTextAreaElement.prototype, "value").get,
    getAttr: Element.prototype.getAttribute,
    closest: Element.prototype.closest,
    nodeText: getDesc(Node.prototype, "textContent").get,
    subtle,
    digest: subtle ? SubtleCrypto.prototype.digest : null,
    FormDataCtor: globalThis.FormData,
    URLSearchParamsCtor: URLSearchParams,
  };
  return keyBuiltins;
}
// Request, for a fetch called with one rather than an address: taken on
// the first such call.
let requestBuiltins = null;
export function requestParts() {
  if (requestBuiltins) return requestBuiltins;
  const RequestCtor = globalThis.Request;
  requestBuiltins = RequestCtor
    ? { RequestCtor, reqUrl: getDesc(RequestCtor.prototype, "url").get, reqMethod: getDesc(RequestCtor.prototype, "method").get }
    : { RequestCtor: null };
  return requestBuiltins;
}
