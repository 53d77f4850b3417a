// Filter lists the user imported (docs/filter-lists.md): the optional
// engine (pkg-filters), instantiated the first time a list is needed;
// requests the catalog does not know are offered to it.
import initFilters, { FilterSet } from "./pkg-filters/tracking_witness_filters.js";
import { api, persist, requireString } from "./boot.js";

let filterSet = null;
function filters(store) {
  filterSet ??= (async () => {
    await initFilters({ module_or_path: api.url("pkg-filters/tracking_witness_filters_bg.wasm") });
    const { filterSet: bytes } = await store.getMeta(["filterSet"]);
    if (!bytes) return new FilterSet();
    try {
      const set = FilterSet.deserialize(bytes);
      if (set.rebuiltOnRestore()) await store.commit({ meta: { filterSet: set.serialize() } });
      return set;
    } catch (e) {
      console.error("Tracking Witness: the saved filter lists are unreadable; import them again", e);
      await store.commit({ meta: { filterSet: null, filterLists: [] } });
      return new FilterSet();
    }
  })();
  return filterSet;
}

// Whether the engine has been loaded by this instance (status.get).
export const filtersLoaded = () => filterSet !== null;

// Requests the catalog does not know are offered to the imported lists;
// what a list says is recorded with the list's name and the filter.
export async function matchFilterLists(ctx, requests, pageUrl) {
  const set = await filters(ctx.store);
  const categories = new Map(ctx.filterLists.map((l) => [l.name, l.category]));
  const pageHost = requests[0]?.pageHost;
  // One packed UTF-8 buffer in, one number per host out (0: the catalog
  // does not know it).
  const known = ctx.witness.classifyRequests(pageHost, new TextEncoder().encode(requests.map((r) => r.host).join("\n")));
  for (const [i, r] of requests.entries()) {
    if (known[i]) continue;
    const m = set.matchRequest(`https://${r.host}${r.path || "/"}`, pageUrl, r.requestType);
    if (m) r.filterMatch = { list: m.list, filter: m.filter, category: categories.get(m.list) || "unknown" };
  }
}

const LIST_CATEGORIES = ["analytics", "advertising", "session-replay", "fingerprinting", "social"];

export async function importFilterList(ctx, msg) {
  const name = requireString(msg.name, "name").trim();
  const category = LIST_CATEGORIES.includes(msg.category) ? msg.category : "analytics";
  const set = await filters(ctx.store);
  const info = set.addList(name, requireString(msg.text, "text"));
  ctx.filterLists = [...ctx.filterLists.filter((l) => l.name !== name), { ...info, category }];
  const commit = ctx.witness.settingsChanged({ setting: "filterList", value: { name, rules: info.rules, category } }, Date.now());
  await persist(ctx.store, commit, { meta: { filterSet: set.serialize(), filterLists: ctx.filterLists } });
  return ctx.filterLists;
}

export async function removeFilterList(ctx, msg) {
  const name = requireString(msg.name, "name");
  const set = await filters(ctx.store);
  set.removeList(name);
  ctx.filterLists = ctx.filterLists.filter((l) => l.name !== name);
  const commit = ctx.witness.settingsChanged({ setting: "filterListRemoved", value: name }, Date.now());
  await persist(ctx.store, commit, { meta: { filterSet: ctx.filterLists.length ? set.serialize() : null, filterLists: ctx.filterLists } });
  return ctx.filterLists;
}
