// Bridge (isolated world, document_start, every frame of a watched site)
// between the page-world observers (content/page-world.js) and the
// background. It and the observers agree on a secret event name before any
// page script runs (see the handshake in page-world/channel.js), then it
// treats whatever arrives under that name as untrusted data: each report is checked against
// the closed list of signals, its strings are cut to length, anything else
// is dropped. What is left goes to the background as `content.behaviour`,
// the whole picture of this page each time (it is small), so the core can
// decide from one message.
(() => {
  if (globalThis.__twBridge) return;
  globalThis.__twBridge = true;
  const api = globalThis.twBrowser;
  const M = globalThis.twMessages;
  const HELLO = "tw-behaviour-hello";
  const secret = `tw-${crypto.randomUUID()}`;
  const page = crypto.randomUUID();

  // ---- the handshake ----
  // Whichever of the two scripts runs second names the channel: the bridge
  // offers its secret if the observers are already listening; otherwise
  // it waits for the observers' hello, which carries a random name of
  // theirs, and accepts it by cancelling that event (no dispatch of its
  // own inside theirs). Only until the page's own scripts could say hello
  // instead.
  document.addEventListener(secret, onReport, true);
  let joined = !document.dispatchEvent(new CustomEvent(HELLO, { detail: `key:${secret}`, cancelable: true }));
  if (!joined) {
    document.removeEventListener(secret, onReport, true);
    const onHello = (e) => {
      const d = e.detail;
      if (joined || typeof d !== "string" || !/^name:tw-[0-9a-f]{32}$/.test(d)) return;
      joined = true;
      e.preventDefault();
      document.removeEventListener(HELLO, onHello, true);
      document.addEventListener(d.slice(5), onReport, true);
    };
    document.addEventListener(HELLO, onHello, true);
    document.addEventListener("DOMContentLoaded", () => document.removeEventListener(HELLO, onHello, true), { once: true });
  }

  // ---- checking what arrives ----
  const str = (v, max) => (typeof v === "string" ? v.slice(0, max) : null);
  const int = (v) => (Number.isInteger(v) && v >= 0 ? Math.min(v, 1e6) : null);
  const bool = (v) => v === true;
  const oneOf = (v, list) => (list.includes(v) ? v : null);
  const APIS = ["fetch", "xhr", "beacon"];
  const SIGNALS = {
    "canvas-read": (r) => {
      const width = int(r.width);
      const height = int(r.height);
      const chars = int(r.chars);
      const colours = int(r.colours);
      const readWith = oneOf(r.api, ["toDataURL", "toBlob", "getImageData"]);
      if ([width, height, chars, colours, readWith].includes(null)) return null;
      return { width, height, chars, colours, readWith, saveRestore: bool(r.saveRestore), listener: bool(r.listener) };
    },
    "webgl-unmasked": () => ({}),
    "audio-render": () => ({}),
    "dom-observed": () => ({}),
    "input-listened": (r) => {
      const event = str(r.event, 20);
      return event ? { event } : null;
    },
    "data-sent": (r) => {
      const to = str(r.to, 253);
      const via = oneOf(r.api, APIS);
      return to && via ? { to, api: via, body: bool(r.body) } : null;
    },
    "typed-data-sent": (r) => {
      const to = str(r.to, 253);
      const via = oneOf(r.api, APIS);
      const field = str(r.field, 80);
      const encoding = oneOf(r.encoding, ["plain", "uri", "base64", "sha256"]);
      return to && via && field && encoding ? { to, api: via, field, encoding, submitted: bool(r.submitted) } : null;
    },
    "cookie-written": (r) => {
      const name = str(r.name, 200);
      return name ? { name } : null;
    },
    "storage-written": (r) => {
      const key = str(r.key, 200);
      const area = oneOf(r.area, ["local", "session", "indexed-db", "cache-storage"]);
      return key && area ? { area, key } : null;
    },
    "fonts-measured": (r) => {
      const count = int(r.count);
      return count ? { count } : null;
    },
    "properties-read": (r) => {
      const count = int(r.count);
      return count ? { count } : null;
    },
    "webrtc": () => ({}),
  };
  // Counts grow: a script's latest count replaces its earlier one.
  const COUNTED = new Set(["fonts-measured", "properties-read"]);

  const MAX = 300;
  const picture = new Map();
  let changed = false;
  function onReport(e) {
    const text = e.detail;
    if (typeof text !== "string" || text.length > 1e6) return;
    let list;
    try {
      list = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(list)) return;
    for (const r of list) {
      if (!r || typeof r !== "object" || !Object.hasOwn(SIGNALS, r.signal)) continue;
      const fields = SIGNALS[r.signal](r);
      const script = str(r.script, 2048);
      if (!fields || script === null || (script && !/^https?:\/\//.test(script))) continue;
      const obs = { script, signal: { kind: r.signal, ...fields } };
      const key = COUNTED.has(r.signal) ? `${r.signal}\u0001${script}` : JSON.stringify(obs);
      const before = picture.get(key);
      if (before && !(COUNTED.has(r.signal) && before.signal.count < fields.count)) continue;
      if (!before && picture.size >= MAX) continue;
      picture.set(key, obs);
      changed = true;
    }
    if (changed && !timer) timer = setTimeout(send, 1000);
  }

  // ---- to the background ----
  // A picture the background did not take (it was stopped, or starting) is
  // sent again a little later, a few times; each send holds everything seen
  // on this page so far, so a later one makes up for a lost one.
  let timer = null;
  let watched = true;
  let failures = 0;
  async function send() {
    timer = null;
    if (!changed || !watched) return;
    changed = false;
    const reply = await api.sendMessage({ type: M.BEHAVIOUR_SEEN, page, observations: [...picture.values()] }).catch(() => undefined);
    if (reply === undefined) {
      changed = true;
      if (++failures <= 5) timer ??= setTimeout(send, 1000 * failures);
      return;
    }
    failures = 0;
    if (reply && reply.watched === false) watched = false;
  }
  addEventListener("pagehide", () => send());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") send();
  });
})();
