// @ts-check
// Fault injection for the test build only (scripts/build-extension.mjs
// --variant faults, into dist/*-faults). The shipped builds define
// TW_FAULTS as false, so the bundler drops every call and this file is not
// copied. See docs/testing.md.
//
// A test asks for faults by writing the meta record `fault:<kind>` =
// {name, remaining} from an extension page; each time the background
// reaches that point it takes one (in its own transaction, so the count
// survives the fault) until none remain:
//   fault:store  the next commit's transaction aborts, and fails with an
//                error of that name (QuotaExceededError, AbortError);
//   fault:trap   the next task traps the real wasm instance;
//   fault:answer:<type>  the next content-script message of that type is
//                taken ("handled") or dropped ("unhandled"), and either
//                way gets no answer, as when the worker stops on the way;
//   fault:cleanup-navigate  the next cleanup sends the first tab it is
//                about to clear to the address in `name` first, as a user
//                clicking a link at that moment would (cleanupHooks).

export function faultTaker(store) {
  return async (kind) => {
    const key = `fault:${kind}`;
    const tx = store.db.transaction("meta", "readwrite");
    const meta = tx.objectStore("meta");
    const fault = await new Promise((resolve, reject) => {
      const req = meta.get(key);
      req.onsuccess = () => resolve(req.result ?? null);
      req.onerror = () => reject(req.error);
    });
    if (fault && fault.remaining > 0) meta.put({ ...fault, remaining: fault.remaining - 1 }, key);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onabort = () => reject(tx.error);
    });
    return fault && fault.remaining > 0 ? { name: fault.name } : null;
  };
}

// A real trap of the running instance: the allocator is asked for an
// impossible layout, which a release build with panic = "abort" answers
// with `unreachable`.
export function trapCore(exports) {
  exports.__wbindgen_malloc(0xfffffff0, 3);
}

// Notes each start of the background in the meta record `test:starts`, so
// a test can show that the browser stopped it and started it again between
// two events (Firefox gives a test no other view of an idle background).
export async function noteStart(store, startedAt) {
  const tx = store.db.transaction("meta", "readwrite");
  const meta = tx.objectStore("meta");
  const req = meta.get("test:starts");
  req.onsuccess = () => {
    const starts = req.result || [];
    if (!starts.includes(startedAt)) meta.put([...starts, startedAt], "test:starts");
  };
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
}

// The cleanup runner's hooks in the test build.
export function cleanupHooks(store, api) {
  return {
    async beforeInject(/** @type {{id: number}} */ tab) {
      const fault = await store.fault("cleanup-navigate");
      if (fault) await api.navigateTab(tab.id, fault.name);
    },
  };
}
