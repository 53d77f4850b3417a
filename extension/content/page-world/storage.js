// Cookies and Web Storage written by the page's scripts.
import { apply, getDesc, strSlice, strIndexOf } from "./intrinsics.js";
import { report, caller } from "./channel.js";
import { wrap } from "./wrap.js";

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
