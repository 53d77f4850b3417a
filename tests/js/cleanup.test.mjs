// The cleanup's browser side (extension/cleanup.js) in Node, over a fake
// browser shim that records every call: which origins each whole-area
// removal names, what is cleared inside pages, and how a page that left
// the site or could not be read is reported. Issue 9: this was only
// exercised end to end before. The fake holds no logic of the cleanup's;
// it answers as the browser would and writes down what it was asked.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";

const A = "https://findajob.dwp.gov.uk";
const B = "https://www.universal-credit.service.gov.uk";
let calls;
let tabs;
let pages; // tabId -> what the page's own script answers
let holdsAll;
let jar;

globalThis.twBrowser = {
  queryTabs: async () => tabs,
  removeSiteData: async (target, dataType) => {
    calls.push(["removeSiteData", dataType, [...target.origins].sort()]);
    return dataType === "sessionStorage" ? "unsupported" : "ok";
  },
  runInTab: async (tabId, func, args) => {
    calls.push(["runInTab", tabId, func.name, args]);
    return pages[tabId]?.(func.name, args);
  },
  removeCookie: async (c) => {
    calls.push(["removeCookie", c.name]);
    return c.name !== "gone_already";
  },
  hasPermissions: async () => holdsAll,
  cookieStores: async () => ["0", "firefox-container-1"],
  getAllCookies: async ({ storeId }) => jar[storeId] ?? [],
  isDefaultStore: (id) => !id || id === "0",
};
const { executePlan, lookAgain, readJar } = await import("../../extension/cleanup.js");

beforeEach(() => {
  calls = [];
  tabs = [];
  pages = {};
  holdsAll = false;
  jar = {};
});

const item = (id, origin, dataType, keep = []) => ({ id, origin, dataType, keep });
const plan = (storage, cookies = []) => ({ cookies, storage, origins: [...new Set(storage.map((s) => s.origin))] });
// A page that clears what it is asked and says so, per area.
const clearingPage = (origin) => (name, [areas, expected]) => {
  if (expected !== origin) return { wrongOrigin: origin };
  return name === "clearStorage" ? Object.fromEntries(Object.keys(areas).map((a) => [a, true])) : null;
};

test("an area is removed whole only for the origins that keep nothing in it; a keeping origin is cleared in its page", async () => {
  tabs = [{ id: 1, url: `${A}/search` }, { id: 2, url: `${B}/` }];
  pages = { 1: clearingPage(A), 2: clearingPage(B) };
  const attempts = await executePlan(plan([item("a1", A, "localStorage"), item("b1", B, "localStorage", ["uc_keep_me"]), item("a2", A, "indexedDB"), item("b2", B, "indexedDB")]));
  const whole = calls.filter((c) => c[0] === "removeSiteData");
  assert.deepEqual(whole, [
    ["removeSiteData", "localStorage", [A]],
    ["removeSiteData", "indexedDB", [A, B].sort()],
  ]);
  // Every open page clears its own origin's areas too (Firefox's removal
  // by host does not reach an open page), with that origin's keep-list.
  const inPage = calls.filter((c) => c[0] === "runInTab").map((c) => [c[1], c[3]]);
  assert.deepEqual(inPage, [
    [1, [{ local: [], "indexed-db": [] }, A]],
    [2, [{ local: ["uc_keep_me"], "indexed-db": [] }, B]],
  ]);
  assert.ok(attempts.every((a) => a.ok), JSON.stringify(attempts));
});

test("two origins of one host (Firefox matches host:port): one keeping something keeps the other out of the whole removal", async () => {
  const A2 = `${A}:8443`;
  await executePlan(plan([item("x", A, "localStorage", ["keep_me"]), item("y", A2, "localStorage")]));
  // Same host name: neither may go through the removal by host.
  assert.deepEqual(calls.filter((c) => c[0] === "removeSiteData"), []);
});

test("a tab that left the site is not cleared, and what only its page could clear is reported not cleared", async () => {
  tabs = [{ id: 7, url: `${A}/` }];
  // By the time the cleanup reaches in, the page is elsewhere.
  pages = { 7: clearingPage(B) };
  const attempts = await executePlan(plan([item("k", A, "localStorage", ["keep_me"]), item("s", A, "sessionStorage")]));
  assert.deepEqual(calls.filter((c) => c[0] === "runInTab").map((c) => c[3][1]), [A], "asked only to clear the site's own origin");
  const kept = attempts.find((a) => a.id === "k");
  assert.equal(kept.ok, false);
  assert.match(kept.error, /no open page/);
});

test("cookies: each removal is reported, and one the browser did not have is not counted as removed", async () => {
  const attempts = await executePlan({ cookies: [{ id: "c1", name: "_ga" }, { id: "c2", name: "gone_already" }], storage: [], origins: [] });
  assert.deepEqual(attempts, [
    { id: "c1", ok: true },
    { id: "c2", ok: false, error: "the browser found no such cookie" },
  ]);
});

test("looking again: an origin counts as checked only when its own page read every area", async () => {
  tabs = [{ id: 1, url: `${A}/` }, { id: 2, url: `${B}/` }, { id: 3, url: "https://www.gov.uk/" }];
  pages = {
    1: () => ({ origin: A, local: ["left_over"], session: [], idb: [], caches: [], sw: [], errors: {} }),
    2: () => ({ origin: B, local: [], session: [], idb: [], caches: [], sw: [], errors: { idb: "refused" } }),
  };
  const seen = await lookAgain({ origins: [A, B] });
  assert.deepEqual(seen.storageChecked, [A]);
  assert.deepEqual(seen.residue.storage, [{ origin: A, area: "local", key: "left_over" }]);
  assert.equal(seen.openTabs, 2, "the site's tabs only");
  assert.deepEqual(seen.notChecked, [{ what: "third-party-partitioned", permission: "<all_urls>" }], "without access to every site, frames' partitioned cookies are named as not checked");
  holdsAll = true;
  assert.deepEqual((await lookAgain({ origins: [A] })).notChecked, []);
});

test("the jar is read from every store and partition, each cookie once, the default store named null", async () => {
  const c = (name, extra = {}) => ({ name, domain: ".dwp.gov.uk", path: "/", secure: true, value: "v", ...extra });
  jar = {
    0: [c("_ga", { storeId: "0" }), c("_ga", { storeId: "0" }), c("jf_uid", { storeId: "0", partitionKey: { topLevelSite: "https://dwp.gov.uk" } })],
    "firefox-container-1": [c("_ga", { storeId: "firefox-container-1" })],
  };
  const read = await readJar();
  assert.deepEqual(
    read.map((x) => [x.name, x.partitionKey, x.storeId]),
    [
      ["_ga", null, null],
      ["jf_uid", "https://dwp.gov.uk", null],
      ["_ga", null, "firefox-container-1"],
    ],
  );
  assert.ok(read.every((x) => !("value" in x)), "no cookie value leaves the jar reader");
});
