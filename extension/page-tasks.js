// @ts-check
// Functions the background runs inside a page of a watched site (through
// the shim's runInTab). Each is self-contained: it is serialised and
// executed in the page's isolated world, which shares the origin's
// storage with the page. Storage keys come from websites: they are only
// compared and returned, never interpreted.

// What the origin holds now: the residue check after a cleanup. Runs only
// in a page of `expectedOrigin` (the tab may have gone elsewhere since it
// was chosen). An area that cannot be read is named in `errors`, so it is
// never taken for empty.
export async function reportStorage(expectedOrigin) {
  if (location.origin !== expectedOrigin) return { wrongOrigin: location.origin };
  const errors = {};
  const keys = (name, s) => {
    try {
      return Array.from({ length: s.length }, (_, i) => s.key(i));
    } catch (e) {
      errors[name] = String(e?.message || e);
      return [];
    }
  };
  const out = { origin: location.origin, local: keys("local", localStorage), session: keys("session", sessionStorage), idb: [], caches: [], sw: [], errors };
  try {
    out.idb = (await indexedDB.databases()).map((d) => d.name);
  } catch (e) {
    errors.idb = String(e?.message || e);
  }
  try {
    out.caches = await caches.keys();
  } catch (e) {
    errors.caches = String(e?.message || e);
  }
  try {
    out.sw = (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope);
  } catch (e) {
    errors.sw = String(e?.message || e);
  }
  return out;
}

// Clears what the plan asks for in this page's origin, sparing kept names.
// `areas` maps an area ("local", "session", "indexed-db", "cache-storage",
// "service-worker") to the names to keep there. Touches nothing unless the
// page is still on `expectedOrigin`: a tab that navigated to another site
// after it was chosen keeps that site's storage.
export async function clearStorage(areas, expectedOrigin) {
  if (location.origin !== expectedOrigin) return { wrongOrigin: location.origin };
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
