// Functions the background runs inside a page of a watched site (through
// the shim's runInTab). Each is self-contained: it is serialised and
// executed in the page's isolated world, which shares the origin's
// storage with the page. Storage keys come from websites: they are only
// compared and returned, never interpreted.

// What the origin holds now: the residue check after a cleanup.
export async function reportStorage() {
  const keys = (s) => {
    try {
      return Array.from({ length: s.length }, (_, i) => s.key(i));
    } catch {
      return [];
    }
  };
  const out = { origin: location.origin, local: keys(localStorage), session: keys(sessionStorage), idb: [], caches: [], sw: [] };
  try {
    out.idb = (await indexedDB.databases()).map((d) => d.name);
  } catch {}
  try {
    out.caches = await caches.keys();
  } catch {}
  try {
    out.sw = (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope);
  } catch {}
  return out;
}

// Clears what the plan asks for in this page's origin, sparing kept names.
// `areas` maps an area ("local", "session", "indexed-db", "cache-storage",
// "service-worker") to the names to keep there.
export async function clearStorage(areas) {
  const done = {};
  const clearWeb = (storage, keep) => {
    for (const key of Array.from({ length: storage.length }, (_, i) => storage.key(i))) {
      if (!keep.includes(key)) storage.removeItem(key);
    }
  };
  for (const [area, keep] of Object.entries(areas)) {
    try {
      if (area === "local") clearWeb(localStorage, keep);
      else if (area === "session") clearWeb(sessionStorage, keep);
      else if (area === "indexed-db") {
        for (const db of await indexedDB.databases()) {
          if (keep.includes(db.name)) continue;
          await new Promise((resolve) => {
            const req = indexedDB.deleteDatabase(db.name);
            req.onsuccess = req.onerror = req.onblocked = () => resolve();
          });
        }
      } else if (area === "cache-storage") {
        for (const name of await caches.keys()) if (!keep.includes(name)) await caches.delete(name);
      } else if (area === "service-worker") {
        for (const reg of await navigator.serviceWorker.getRegistrations()) if (!keep.includes(reg.scope)) await reg.unregister();
      }
      done[area] = true;
    } catch (e) {
      done[area] = String(e?.message || e);
    }
  }
  return done;
}
