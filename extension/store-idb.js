// @ts-check
// Small helpers over IndexedDB shared by the store's modules (store.js,
// store-segments.js, store-index.js, store-search.js).

export const SEP = "\u001f";

export function promisify(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Test builds: the transaction really aborts, so nothing it queued is
// written; the error is named as the fault asks, as a browser names a full
// disk QuotaExceededError.
export async function failAs(tx, fault, pending) {
  tx.abort();
  await pending.catch(() => {});
  throw new DOMException("refused by a test build's fault", fault.name);
}

export function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
    // The transaction's own error is still null when a request's error
    // event reaches it; the request that failed carries the reason.
    tx.onerror = (event) => reject(event.target?.error || tx.error || new Error("the extension's storage refused a write"));
  });
}

export const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function unpack(bytes) {
  return JSON.parse(`[${decoder.decode(bytes)}]`);
}

// The lowest ("next") or highest ("prev") key of an object store, or null.
export function edgeKey(store, direction) {
  return new Promise((resolve, reject) => {
    const req = store.openKeyCursor(null, direction);
    req.onsuccess = () => resolve(req.result ? req.result.primaryKey : null);
    req.onerror = () => reject(req.error);
  });
}

// Visits a store's values in `range`, newest first, until `visit` says
// stop (returns true).
export function walkRange(store, range, visit) {
  return new Promise((resolve, reject) => {
    const req = store.openCursor(range, "prev");
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor || visit(cursor.value)) return resolve();
      cursor.continue();
    };
  });
}
