// What a visit of the Find a job stand-in's home page must produce, written
// from two sources outside the extension's code: what the stand-in sets and
// sends (docs/stand-ins.md, "What each host sets", checked against the
// stand-in's own scripts under www/), and what each vendor documents its
// cookies, storage and hosts to be (docs/catalog.md and the vendor pages it
// cites). Nothing here is read from the catalog or the classifier: a change
// there that alters a verdict fails the findings test until this table is
// changed too, with its source.
//
// Each row: kind, name, storage area (storage only), vendor id, category,
// party, partitioned (per browser where the browsers differ), and the source.
// Transient cookies (`dtValidationCookie`, `_hjTLDTest`: set and removed at
// once while a script probes the widest domain) are not findings.

// Firefox's Total Cookie Protection keeps a third-party cookie in the
// partition of the top-level site; Chromium, with third-party cookies
// allowed (the harness's profile, as a user's), keeps it unpartitioned.
const BY_BROWSER = { chromium: false, firefox: true };

export const HOME_FINDINGS = [
  // Set by the server's response to "/" (routes.mjs).
  ["cookie", "findajob_session", null, null, "unknown", "first", false, "the site's own session; no catalog entry names it"],
  ["cookie", "AWSALB", null, null, "essential", "first", false, "AWS load-balancer stickiness (AWS ELB sticky sessions guide)"],
  // Set by /assets/app.js.
  ["cookie", "cookies_policy", null, null, "consent", "first", false, "GOV.UK consent record"],
  ["cookie", "tw_hostile", null, null, "unknown", "first", false, "the stand-in's hostile value"],
  ["storage", "findajob_recent_searches", "local", null, "unknown", "first", false, "the site's own storage"],
  ["storage", '=HYPERLINK("http://x","y")', "local", null, "unknown", "first", false, "hostile key"],
  ["storage", "<img src=x onerror=alert(1)>", "local", null, "unknown", "first", false, "hostile key"],
  ["storage", "findajob-static-v1", "cache-storage", null, "unknown", "first", false, "the site's service worker's cache"],
  ["storage", "service-worker", "service-worker", null, "unknown", "first", false, "the site's service worker (named by its scope)"],
  // The first-party Dynatrace agent (/ruxitagentjs_demo.js).
  ["cookie", "dtCookie", null, "dynatrace", "performance-monitoring", "first", false, "Dynatrace RUM cookies"],
  ["cookie", "dtSa", null, "dynatrace", "performance-monitoring", "first", false, "Dynatrace RUM cookies"],
  ["cookie", "rxVisitor", null, "dynatrace", "performance-monitoring", "first", false, "Dynatrace RUM cookies"],
  ["cookie", "rxvt", null, "dynatrace", "performance-monitoring", "first", false, "Dynatrace RUM cookies"],
  ["storage", "rxVisitor", "local", "dynatrace", "performance-monitoring", "first", false, "Dynatrace RUM storage"],
  ["storage", "rxVisitor", "session", "dynatrace", "performance-monitoring", "first", false, "Dynatrace RUM storage"],
  ["storage", "rxvisitid", "session", "dynatrace", "performance-monitoring", "first", false, "Dynatrace RUM storage"],
  // Google's tag (gtag.js from www.googletagmanager.com) and its beacon.
  ["cookie", "_ga", null, "google-analytics", "analytics", "first", false, "GA4 cookie usage"],
  ["cookie", "_ga_TEST123", null, "google-analytics", "analytics", "first", false, "GA4 cookie usage (_ga_<container-id>)"],
  ["cookie", "_gcl_au", null, "google-ads", "advertising", "first", false, "Google Ads conversion linker"],
  ["cookie", "ar_debug", null, "google-analytics", "analytics", "third", BY_BROWSER, "set on .google-analytics.com by the /g/collect response"],
  ["request", "www.googletagmanager.com", null, "google-tag-manager", "tag-manager", "third", false, "the tag's script"],
  ["request", "region1.google-analytics.com", null, "google-analytics", "analytics", "third", false, "the GA4 beacon"],
  // The Meta pixel (fbevents.js) and its image request.
  ["cookie", "_fbp", null, "meta-pixel", "advertising", "first", false, "Meta's cookie policy"],
  ["cookie", "fr", null, "meta-pixel", "advertising", "third", BY_BROWSER, "Meta's cookie policy; set on .facebook.com by the /tr response"],
  ["request", "connect.facebook.net", null, "meta-pixel", "advertising", "third", false, "the pixel's script"],
  ["request", "www.facebook.com", null, "meta-pixel", "advertising", "third", false, "the pixel's /tr image"],
  // Hotjar (hotjar-123.js).
  ["cookie", "_hjSessionUser_123", null, "hotjar", "session-replay", "first", false, "Hotjar cookie list"],
  ["cookie", "_hjSession_123", null, "hotjar", "session-replay", "first", false, "Hotjar cookie list"],
  ["storage", "_hjSessionUser_123", "local", "hotjar", "session-replay", "first", false, "Hotjar cookie list (also in localStorage)"],
  ["storage", "hotjar", "indexed-db", null, "unknown", "first", false, "a database name Hotjar does not document, so no vendor can be claimed"],
  ["request", "static.hotjar.com", null, "hotjar", "session-replay", "third", false, "the tag's script"],
  // A fetch whose response is never read: Chromium's Resource Timing never
  // lists it, so only the page-world observers see it.
  ["request", "in.hotjar.com", null, "hotjar", "session-replay", "third", false, "the tag's POST of the visit"],
  // The partner iframe and its CHIPS cookie.
  ["cookie", "widget_uid", null, null, "unknown", "third", true, "embed.jobs-widget.example, Partitioned"],
  ["request", "embed.jobs-widget.example", null, null, "unknown", "third", false, "the partner iframe"],
];

// The categories that count as tracking in the verdict (docs/messages.md:
// everything but essential, functional, consent and unknown), and their
// English names (extension/_locales/en).
export const TRACKING_NAMES = {
  analytics: "analytics",
  advertising: "advertising",
  social: "social media",
  "session-replay": "session recording",
  fingerprinting: "fingerprinting",
  "key-logging": "key-logging",
  "performance-monitoring": "performance monitoring",
  "tag-manager": "tag manager",
};
// Order of categories with equal counts (docs/messages.md).
const ORDER = ["analytics", "advertising", "social", "session-replay", "fingerprinting", "key-logging", "performance-monitoring", "tag-manager"];

// The categories that need consent and the consent each needs
// (docs/messages.md, `consentBreach`: analytics and session recording need
// GOV.UK's "usage", advertising its "campaigns"). The stand-in's
// cookies_policy refuses both (docs/stand-ins.md).
const NEEDS_CONSENT = new Set(["analytics", "session-replay", "advertising"]);
// The preset's name (src/sites/presets.rs), as the popup names the site.
export const SITE_NAME = "Find a job (DWP)";

// The companies present although the user refused: one per vendor with a
// row in a category that needs consent.
export function expectedBreachVendors(rows = HOME_FINDINGS) {
  return [...new Set(rows.filter(([, , , vendor, category]) => vendor && NEEDS_CONSENT.has(category)).map((r) => r[3]))].sort();
}

// The popup's rows: one per company, items of no known company by
// category, the unknown ones together; each with its number of items.
export function expectedRows(rows = HOME_FINDINGS) {
  const out = new Map();
  for (const [, , , vendor, category] of rows) {
    const key = vendor ?? (category === "unknown" ? "unknown" : `category:${category}`);
    const row = out.get(key) ?? { category, count: 0 };
    row.count++;
    out.set(key, row);
  }
  return out;
}

// The popup's verdict for these findings, worked out from the table: the
// sentence of extension/_locales/en ("verdictManyRefused").
export function expectedVerdictLine(rows = HOME_FINDINGS) {
  const per = new Map();
  const all = new Set();
  for (const [, , , vendor, category] of rows) {
    if (!vendor || !(category in TRACKING_NAMES)) continue;
    all.add(vendor);
    if (!per.has(category)) per.set(category, new Set());
    per.get(category).add(vendor);
  }
  const parts = [...per].map(([c, v]) => [c, v.size]).sort((a, b) => b[1] - a[1] || ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]));
  const without = expectedBreachVendors(rows).length;
  return { trackers: all.size, byCategory: parts, withoutConsent: without, line: `${all.size} companies are tracking you on ${SITE_NAME}, ${without} of them although you refused.` };
}

// One finding's identity: its kind, name and storage area. The service
// worker is named by its scope, which carries the test server's port.
export function identity(f) {
  const name = f.detail?.area === "service-worker" ? "service-worker" : f.name;
  return `${f.kind}|${name}|${f.kind === "storage" ? f.detail?.area : ""}`;
}
export const rowIdentity = ([kind, name, area]) => `${kind}|${name}|${area ?? ""}`;
