// Cookies, Web Storage, IndexedDB and Cache Storage written by the page's
// scripts: each name once, with the first script seen writing it (the
// core's setBy).
import { apply, getDesc, strSlice, strIndexOf } from "./intrinsics.js";
import { report, caller, first } from "./channel.js";
import { wrap } from "./wrap.js";

const cut = (v) => apply(strSlice, String(v), [0, 200]);
function written(area, name) {
  if (first("w\u0001" + area + "\u0001" + name)) report({ signal: "storage-written", script: caller(), area, key: name });
}

// ---- cookies and storage ----
wrap(Document.prototype, "cookie", () => (self, [text]) => {
  const s = String(text);
  const eq = apply(strIndexOf, s, ["="]);
  const name = cut(apply(strSlice, s, [0, eq < 0 ? 0 : eq]).trim());
  if (name && first("c\u0001" + name)) report({ signal: "cookie-written", script: caller(), name });
}, "set");
const localGetter = getDesc(window, "localStorage")?.get;
function areaOf(storage) {
  try {
    return localGetter && storage === apply(localGetter, window, []) ? "local" : "session";
  } catch {
    return "session";
  }
}
wrap(Storage.prototype, "setItem", () => (self, [key]) => written(areaOf(self), cut(key)));
if (globalThis.IDBFactory) wrap(IDBFactory.prototype, "open", () => (self, [name]) => written("indexed-db", cut(name)));
if (globalThis.CacheStorage) wrap(CacheStorage.prototype, "open", () => (self, [name]) => written("cache-storage", cut(name)));
