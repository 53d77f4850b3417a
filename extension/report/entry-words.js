// Each journal entry as a sentence a person can read: "Find a job (DWP)
// contacted Mixpanel (analytics) — 1 time". The site, the company and the
// category are named as the popup names them; the entry's own fields stay
// one click away (log.js). Names and hosts a website chose are each put in
// their own <bdi> by tNodes' callers: nothing here is parsed as markup.
import { t, tNodes, bdi, categoryName } from "../ui/dom.js";
import { VENDORS } from "./vendor-names.js";

const text = (s) => document.createTextNode(String(s));

// "Mixpanel (analytics)", or the category alone when no company is known,
// or "not recognised".
function who(data) {
  const known = data.vendor ? VENDORS[data.vendor] : null;
  const category = data.category || known?.[1] || "unknown";
  if (data.vendor) return [bdi(known ? known[0] : data.vendor), text(` (${categoryName(category)})`)];
  return category === "unknown" ? [text(t("logNotRecognised"))] : [text(categoryName(category))];
}
const join = (nodes) => {
  const span = document.createElement("span");
  span.append(...nodes);
  return span;
};

// The message for each type, and the nodes for its $1, $2, ...; a type
// with no sentence of its own is named by its type.
const WORDS = {
  "request.seen": (e, site) => {
    const target = e.data.vendor ? join(who(e.data)) : join([bdi(e.data.host), text(` (${t("logNotRecognised")})`)]);
    const n = e.data.count ?? 1;
    return n === 1 ? ["logRequestOnce", [site, target]] : ["logRequestMany", [site, target, text(n)]];
  },
  "cookie.set": (e, site) => ["logCookieSet", [site, bdi(e.data.name), join(who(e.data))]],
  "cookie.changed": (e, site) => ["logCookieChanged", [site, bdi(e.data.name), join(who(e.data))]],
  "cookie.removed": (e, site) => ["logCookieRemoved", [site, bdi(e.data.name), join(who(e.data))]],
  "storage.added": (e, site) => ["logStorageAdded", [site, bdi(e.data.key), join(who(e.data))]],
  "storage.changed": (e, site) => ["logStorageChanged", [site, bdi(e.data.key), join(who(e.data))]],
  "storage.removed": (e, site) => ["logStorageRemoved", [site, bdi(e.data.key), join(who(e.data))]],
  "behaviour.seen": (e, site) => {
    const doing = e.data.category === "key-logging" ? t("behaviour_key_logging", [e.data.field || ""]) : t("behaviour_" + String(e.data.category).replace(/-/g, "_"));
    return ["logBehaviour", [site, text(doing), bdi(scriptHost(e.data.script))]];
  },
  "consent.changed": (e, site) => [{ accepted: "logConsentAccepted", refused: "logConsentRefused" }[e.data.state] || "logConsentPartial", [site]],
  "cleanup.requested": (e, site) => ["logCleanupRequested", [site, text(e.data.items)]],
  "cleanup.result": (e, site) => ["logCleanupResult", [site, text(e.data.removed), text(e.data.failed)]],
  "export.made": (e) => ["logExportMade", [bdi(String(e.data.format).toUpperCase()), text(e.data.count)]],
  "evidence.recorded": (e, site) => (e.site ? ["logEvidenceRecorded", [site]] : ["logEvidenceRecordedNoSite", []]),
  "archive.checkpoint": (e) => ["logArchiveCheckpoint", [text(e.data.archivedCount)]],
  "settings.changed": (e) => ["logSettingsChanged", [bdi(e.data.setting)]],
  "site.added": (e, site) => ["logSiteAdded", [site]],
  "site.removed": (e, site) => ["logSiteRemoved", [site]],
  "site.updated": (e, site) => ["logSiteUpdated", [site]],
  "key.created": (e) => ["logKeyCreated", [bdi(e.data.fingerprint)]],
  "receipt.issued": () => ["logReceiptIssuedEntry", []],
  "letter.drafted": (e, site) => ["logLetterDrafted", [site, bdi(e.data.kind)]],
  "limit.reached": (e, site) => ["logLimitReached", [site, bdi(e.data.limit)]],
  "timestamp.added": (e) => ["logTimestampAdded", [text(e.data.headSeq), text(localTime(e.data.genTime)), bdi(e.data.authority)]],
};

function scriptHost(script) {
  try {
    return new URL(script).hostname;
  } catch {
    return String(script ?? "");
  }
}

// The entry as nodes: `siteNames` maps a site's id to the name the user
// knows it by (sites.list), an unknown id shown as it is.
export function entrySentence(entry, siteNames) {
  const words = WORDS[entry.type];
  const siteName = entry.site ? siteNames.get(entry.site) ?? entry.site : t("logNoSite");
  const site = bdi(siteName);
  if (!words) return [text(entry.type)];
  try {
    const [key, nodes] = words({ ...entry, data: entry.data || {} }, site);
    return tNodes(key, nodes);
  } catch {
    // An entry without the fields its type promises (an older format):
    // its type, and its fields one click away.
    return [text(entry.type)];
  }
}

// Times in the reader's own time zone and way of writing dates; the entry
// (and every export) keeps UTC.
let format = null;
export function localTime(iso) {
  format ??= new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "medium" });
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : format.format(d);
}
