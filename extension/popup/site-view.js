// The watched site's picture, for a glance: the verdict in one sentence,
// what needs attention first, then one row per company (opened, its items
// in plain words), the items nobody recognises grouped last. The core
// counts; this module only words and draws what the summary says.
import { t, tNodes, el, bdi, humanDuration, categoryName } from "../ui/dom.js";
import { setHidden, sync } from "./morph.js";
import { categoryIcon } from "./icons.js";
import { listings } from "./ocd.js";

const $ = (id) => document.getElementById(id);

// "6 companies are tracking you on Find a job (DWP), 4 of them although
// you refused." The site's name is the user's (or a preset's): isolated.
export function verdictNodes(summary) {
  const { trackers, withoutConsent } = summary.verdict;
  const site = bdi(summary.site.name);
  site.id = "site-name";
  const nodes = [document.createTextNode(String(trackers)), site, document.createTextNode(String(withoutConsent))];
  if (!trackers) return tNodes("verdictNone", nodes);
  const refused = summary.consent.usage === false || summary.consent.campaigns === false;
  const tail = !withoutConsent ? "" : refused ? "Refused" : "NotAsked";
  return tNodes(`verdict${trackers === 1 ? "One" : "Many"}${tail}`, nodes);
}

// Items in plain words: "Cookie _ga, kept for 13 months". Names and hosts
// come from the site: each in its own isolate.
function itemLine(f) {
  let words;
  if (f.kind === "request") {
    words = f.count === 1 ? tNodes("plainRequestOnce", [bdi(f.host)]) : tNodes("plainRequest", [bdi(f.host), document.createTextNode(String(f.count))]);
  } else if (f.kind === "cookie") {
    const kept = document.createTextNode(f.retentionSeconds === null || f.retentionSeconds === undefined ? t("keptSession") : t("keptFor", [humanDuration(f.retentionSeconds)]));
    words = f.party === "third" ? tNodes("plainCookieThird", [bdi(f.name), bdi(f.host), kept]) : tNodes("plainCookie", [bdi(f.name), kept]);
  } else {
    words = tNodes("plainStorage", [bdi(f.name)]);
  }
  const li = el("li", { "data-kind": f.kind, "data-name": f.name }, ...words);
  if (f.partitioned) li.append(` (${t("partitioned")})`);
  // An item the catalog does not know, once the user has asked (ocd.js).
  const listed = !f.vendor && f.category === "unknown" ? listings.get(f.name) : null;
  if (listed) li.append(el("span", { class: "ocd" }, " ", ...tNodes("popupOcdListed", [bdi(listed.platform), document.createTextNode(categoryName(listed.category))])));
  const by = f.detail?.setBy;
  if (by && by.includes("://")) li.append("; ", ...setByNodes(f, by));
  return li;
}

// "set by www.googletagmanager.com/gtag/js (Google Tag Manager)"; said
// plainly when another company's script wrote the site's own cookie.
function setByNodes(f, script) {
  let shown = script;
  try {
    const u = new URL(script);
    shown = u.hostname + u.pathname;
  } catch {}
  const other = f.party === "first" && f.detail.setByParty === "third";
  const vendor = f.detail.setByVendor && (summaryVendors[f.detail.setByVendor]?.name || f.detail.setByVendor);
  const nodes = [t(other ? "setByOtherCompany" : "setByScript"), " ", bdi(shown)];
  if (vendor) nodes.push(" (", bdi(vendor), ")");
  return nodes;
}
let summaryVendors = {};

const count = (n) => t(n === 1 ? "popupItemsOne" : "popupItemsMany", [String(n)]);

// One row: its picture, its name, its category, its count; opened, what
// it is and its items. `key` keeps a row the user opened open.
// The unknown items' row has its count in its name and no category.
function row({ key, category, name, kind, meta, items, breach, extra = [] }) {
  const gap = () => el("span", { class: "visually-hidden" }, ", ");
  const summary = el("summary", {}, categoryIcon(category), el("span", { class: "name" }, name));
  if (kind) summary.append(gap(), el("span", { class: "kind" }, kind), gap(), el("span", { class: "count" }, count(items.length)));
  const body = [...extra];
  if (meta) body.push(el("p", { class: "meta" }, meta));
  body.push(el("ul", {}, ...items.map(itemLine)));
  return el("li", { class: "company", "data-key": key, "data-category": category, "data-count": items.length, "data-breach": breach ? "true" : null }, el("details", {}, summary, ...body));
}

const capital = (text) => text.charAt(0).toLocaleUpperCase(document.documentElement.lang) + text.slice(1);

// Rows by company; items the catalog knows by name but not by company
// (session ids, consent records, load balancers) in one row per category.
function companyRows(summary) {
  const groups = new Map();
  for (const f of summary.findings) {
    if ((!f.vendor && f.category === "unknown") || f.kind === "behaviour") continue;
    const key = f.vendor || `category:${f.category}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  const rows = [];
  for (const [key, list] of groups) {
    const generic = key.startsWith("category:");
    const vendor = generic ? null : summary.vendors[key] || {};
    const category = generic ? list[0].category : vendor.category || list[0].category;
    const name = generic ? capital(categoryName(category)) : bdi(vendor.name || list[0].vendorName || key);
    const meta = vendor?.owner ? t("popupRunBy", [vendor.owner]) : null;
    const breach = list.some((f) => f.consentBreach);
    const r = row({ key, category, name, kind: generic ? t("popupNoCompany") : categoryName(category), meta, items: list, breach });
    r.dataset.vendor = key;
    rows.push(r);
  }
  const unknown = summary.findings.filter((f) => !f.vendor && f.category === "unknown");
  if (unknown.length) {
    const r = row({ key: "unknown", category: "unknown", name: t("popupUnknownRow", [String(unknown.length)]), kind: null, items: unknown, extra: [el("p", { class: "meta" }, t("popupUnknownText"))] });
    r.id = "unknown";
    rows.push(r);
  }
  return rows;
}

// The companies present although the consent they need was refused (or
// never given), named in one sentence.
function breachNodes(summary) {
  const seen = new Map();
  for (const f of summary.findings) {
    if (f.consentBreach && f.kind !== "behaviour" && f.vendor && !seen.has(f.vendor)) seen.set(f.vendor, summary.vendors[f.vendor]?.name || f.vendorName || f.vendor);
  }
  if (!seen.size) return [];
  const names = el("span", {});
  [...seen].forEach(([id, name], i) => {
    if (i) names.append(", ");
    names.append(el("bdi", { "data-vendor": id }, name));
  });
  const refused = summary.consent.usage === false || summary.consent.campaigns === false;
  return tNodes(refused ? "popupBreachesRefused" : "popupBreachesNotGiven", [names]);
}

// "This site stores unusually many items (N)": the core went past one of
// its limits for this site, so not everything is listed one by one.
const LIMIT_MESSAGES = {
  "storage-items-per-origin": "popupLimitItems",
  "items-per-site": "popupLimitItems",
  "third-party-hosts": "popupLimitHosts",
  "entries-per-minute": "popupLimitRate",
};
function limitItems(limits) {
  const shown = new Map();
  for (const l of limits || []) {
    const key = LIMIT_MESSAGES[l.limit] || "popupLimitOdd";
    const n = l.limit === "entries-per-minute" ? l.max : l.seen;
    shown.set(key, Math.max(shown.get(key) || 0, n));
  }
  return [...shown].map(([key, n]) => el("li", { "data-limit": key }, t(key, [String(n)])));
}

// What scripts were seen doing, in plain words: "Records your screen and
// typing — script from cdn.jsdelivr.net". Hosts and field names come from
// the page, so each is in its own <bdi>.
const BEHAVIOUR_ORDER = ["session-replay", "key-logging", "fingerprinting"];
function behaviourItems(list) {
  list.sort((a, b) => BEHAVIOUR_ORDER.indexOf(a.category) - BEHAVIOUR_ORDER.indexOf(b.category));
  return list.map((f) => {
    const d = f.detail;
    const what = f.category === "key-logging" ? t("behaviour_key_logging", [d.field || ""]) : t("behaviour_" + f.category.replace(/-/g, "_"));
    const li = el("li", { "data-category": f.category, "data-script": d.script || "" }, what, " — ");
    li.append(d.script ? t("behaviourScriptFrom") : t("behaviourScriptUnknown"));
    if (d.script) li.append(" ", bdi(f.host), f.vendorName ? ` (${f.vendorName})` : "");
    if (d.sentTo?.length) li.append("; ", t("behaviourSentTo"), " ", bdi(d.sentTo.join(", ")));
    if (d.frame) li.append("; ", t("behaviourInFrame"), " ", bdi(d.frame));
    return li;
  });
}

export function renderSite(summary) {
  summaryVendors = summary.vendors || {};
  sync($("verdict"), verdictNodes(summary));

  const breach = breachNodes(summary);
  const behaviour = behaviourItems(summary.findings.filter((f) => f.kind === "behaviour"));
  const limits = limitItems(summary.verdict.limits);
  setHidden($("breaches"), !breach.length);
  sync($("breaches"), breach);
  setHidden($("behaviour"), !behaviour.length);
  sync($("behaviour-list"), behaviour);
  setHidden($("limits-box"), !limits.length);
  sync($("limits"), limits);
  setHidden($("attention"), !breach.length && !behaviour.length && !limits.length);

  const rows = companyRows(summary);
  setHidden($("companies"), !rows.length);
  sync($("company-list"), rows);
}
