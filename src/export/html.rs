//! The printable HTML report: one self-contained page a claimant can print
//! or attach, for a reader who will never run a command.
//!
//! No script of any kind, inline CSS only, images only as PNG/JPEG data
//! URLs, and a Content-Security-Policy that forbids anything else, so a
//! report opened anywhere cannot run code even if some escaping failed.
//! Every string that came from a website (and every label) is
//! HTML-escaped, and each site-controlled string sits in its own `<bdi>`
//! with its control characters written as visible escapes (`\u202E`), so a
//! right-to-left override in a cookie name cannot reorder what is around it. The visible words come from [`Labels`], which the extension
//! fills from its `_locales` translations; English is built in.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::{image_data_url, plain, subject, time_text, ExportInput, Selection};
use crate::journal::EntryType;

/// The visible strings of the report. Keys not supplied fall back to the
/// English defaults ([`Labels::DEFAULTS`]). `{name}` placeholders are filled
/// in by the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    lang: String,
    map: HashMap<String, String>,
}

impl Default for Labels {
    fn default() -> Self {
        Labels::english()
    }
}

impl Labels {
    /// Every key with its English text.
    pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
        ("title", "Tracking evidence report"),
        ("intro", "This report lists the tracking that Tracking Witness saw on the sites below. It is made from a tamper-evident journal: see the last section for how to check it."),
        ("generated", "Generated {time} (UTC) by {generator}."),
        ("covers", "Covers: {site}, from {from} to {to}."),
        ("allSites", "all sites"),
        ("start", "the start"),
        ("end", "the end"),
        ("sitesHeading", "Summary by site"),
        ("noSites", "No sites in this export."),
        ("hosts", "Addresses"),
        ("trackedBy", "Who tracked"),
        ("nobody", "No trackers identified."),
        ("found", "What was found"),
        ("foundCounts", "{cookies} cookies, {storage} storage items, {requests} other hosts contacted."),
        ("since", "Tracking seen since"),
        ("consent", "Consent recorded by the site"),
        ("consentNone", "No consent choice recorded."),
        ("breaches", "Consent breaches"),
        ("breachesNone", "None found."),
        ("breachesSome", "{n} items that need consent were present while consent was refused or not given:"),
        ("timelineHeading", "Tracking per day"),
        ("timelineCaption", "Tracking observations per site per day (UTC)"),
        ("timelineEmpty", "No tracking observations in this period."),
        ("timelineSummary", "From {from} to {to} (UTC):"),
        ("timelineSite", "{site}: {items} tracking observations, most on {busiest}; {consent} changes of the consent record; cleaned {cleanups} times."),
        ("timelineCut", "The picture shows the last {days} days only; the table has every day."),
        ("keyItems", "tracking observations that day"),
        ("keyConsent", "consent record changed"),
        ("keyCleanup", "site cleaned"),
        ("showTable", "Show the numbers as a table"),
        ("day", "Day"),
        ("observations", "Observations"),
        ("cleanups", "Cleanups"),
        ("consent_accepted", "accepted"),
        ("consent_refused", "refused"),
        ("consent_partial", "partly accepted"),
        ("graphHeading", "Companies the sites sent data to"),
        ("graphKey", "Each site is in the middle of the companies its pages contacted. The bigger a circle, the more often that company was contacted; its colour and the words beside it say what the company does."),
        ("graphNone", "No other company was contacted in this period."),
        ("graphTitle", "Companies {site} sent data to"),
        ("graphSummary", "Companies {site} contacted, with the number of times each was contacted ({n} in all):"),
        ("graphItem", "{company} ({category}): {count}"),
        ("graphItemUnknown", "{company}: {count}"),
        ("graphTimes", "{n} times"),
        ("graphTimesOne", "once"),
        ("graphUnknown", "Not recognised ({n} addresses)"),
        ("graphUnknownOne", "Not recognised (1 address)"),
        ("graphOthers", "{n} other companies"),
        ("graphCaption", "Companies {site} contacted"),
        ("company", "Company"),
        ("timesContacted", "Times contacted"),
        ("cat_essential", "essential"),
        ("cat_functional", "functional"),
        ("cat_consent", "consent record"),
        ("cat_analytics", "analytics"),
        ("cat_advertising", "advertising"),
        ("cat_social", "social media"),
        ("cat_session_replay", "session recording"),
        ("cat_fingerprinting", "fingerprinting"),
        ("cat_key_logging", "key-logging"),
        ("cat_performance_monitoring", "performance monitoring"),
        ("cat_tag_manager", "tag manager"),
        ("cat_unknown", "unknown"),
        ("findingsHeading", "Findings"),
        ("findingsCaption", "Findings on {site}"),
        ("findingsNone", "No findings."),
        ("kind", "Kind"),
        ("name", "Name"),
        ("host", "Host"),
        ("party", "Party"),
        ("vendor", "Vendor"),
        ("category", "Category"),
        ("retention", "Kept for (seconds)"),
        ("firstSeen", "First seen"),
        ("lastSeen", "Last seen"),
        ("count", "Times seen"),
        ("breach", "Consent breach"),
        ("reason", "Why"),
        ("yes", "Yes"),
        ("no", "No"),
        ("cleanupHeading", "Cleanup history"),
        ("cleanupCaption", "Cleanups and their results"),
        ("cleanupNone", "No cleanup in this period."),
        ("time", "Time (UTC)"),
        ("site", "Site"),
        ("removed", "Removed"),
        ("failed", "Failed"),
        ("screenshotsHeading", "Screenshots"),
        ("screenshotsNone", "No screenshots recorded in this period."),
        ("screenshotAlt", "Screenshot recorded {time} on {site}"),
        ("verifyHeading", "How to check this evidence"),
        ("verifyCaption", "Chain head"),
        ("entries", "Journal entries covered"),
        ("omitted", "Entries of other sites left out"),
        ("lastSeq", "Number of the last entry (seq)"),
        ("headHash", "Head hash"),
        ("prevHash", "Hash before the first entry"),
        ("verifyWhy", "Each journal entry holds a SHA-256 hash of its own content and of the entry before it, so changing, removing or reordering any entry breaks the chain, and cutting entries off the end changes the head hash above."),
        ("verifyTool", "To check the JSON evidence file exported with this report, run:"),
        ("verifyByHand", "Or, with any RFC 8785 (JSON Canonicalization Scheme) library: for each entry, remove its \"hash\" member, canonicalise the rest, and take the SHA-256 of the UTF-8 bytes as lowercase hex. It must equal the entry's \"hash\"; each entry's \"prevHash\" must equal the \"hash\" of the entry before; the first \"prevHash\" must equal the hash before the first entry, and the last \"hash\" the head hash."),
        ("environmentHeading", "Recording environment"),
    ];

    /// The built-in English labels.
    pub fn english() -> Self {
        Labels { lang: "en".to_owned(), map: HashMap::new() }
    }

    /// Labels in language `lang` (a BCP 47 tag such as `cy` or `en-GB`),
    /// with `map` overriding the English texts key by key.
    pub fn new(lang: &str, map: HashMap<String, String>) -> Self {
        let lang: String = lang.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        Labels { lang: if lang.is_empty() { "en".to_owned() } else { lang }, map }
    }

    /// The text for `key` (the key itself if it is unknown).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        if let Some(s) = self.map.get(key) {
            return s;
        }
        Self::DEFAULTS.iter().find(|(k, _)| *k == key).map_or(key, |(_, v)| v)
    }

    /// The escaped text for `key`, with `{name}` placeholders replaced by the
    /// escaped values.
    pub(super) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = esc(self.get(key));
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), &esc(value));
        }
        s
    }

    pub(super) fn t(&self, key: &str) -> String {
        esc(self.get(key))
    }

    /// Like `fill`, with values already written as HTML (from [`site`]).
    pub(super) fn fill_html(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = esc(self.get(key));
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}

/// A string a website (or the user) chose, for element content: escaped,
/// its controls made visible, in its own bidirectional isolate.
pub(crate) fn site(s: &str) -> String {
    format!("<bdi>{}</bdi>", esc(&crate::untrusted::visible(s)))
}

/// The same for an attribute value, where no element can go.
fn site_attr(s: &str) -> String {
    esc(&crate::untrusted::visible(s))
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font:11pt/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:2px solid #333;margin-top:2rem}h3{font-size:1.1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #999;padding:.2rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eee}
code,.hash{font-family:ui-monospace,Consolas,monospace;overflow-wrap:anywhere}
.breach{color:#8a0000;font-weight:600}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
figure{margin:1rem 0;break-inside:avoid}figure img{max-width:100%;border:1px solid #999}
svg{width:100%;height:auto}
.legend .key{display:inline-block;width:0;height:.8rem;border-left:.8rem solid;vertical-align:middle}.legend .diamond{transform:rotate(45deg) scale(.8)}
details{margin:.5rem 0 1rem}summary{cursor:pointer}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
@media print{details>summary{display:none}body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}tr,li{break-inside:avoid}thead{display:table-header-group}}
";

/// The HTML report for `input`, with words from `labels`.
pub fn to_html(input: &ExportInput, labels: &Labels) -> String {
    let sel = Selection::new(input);
    let l = labels;
    let mut h = String::with_capacity(16_384);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&l.lang),
        l.t("title")
    );
    let generator = format!("{} {}", input.generator.name, input.generator.version);
    let _ = write!(
        h,
        "<header>\n<h1>{}</h1>\n<p>{}</p>\n<p>{}</p>\n<p>{}</p>\n</header>\n<main>\n",
        l.t("title"),
        l.t("intro"),
        l.fill("generated", &[("time", &crate::time::rfc3339(input.generated_at_ms)), ("generator", &generator)]),
        l.fill_html(
            "covers",
            &[
                ("site", &input.filter.site.as_deref().map_or_else(|| l.t("allSites"), site)),
                ("from", &esc(&input.filter.from.map_or_else(|| l.get("start").to_owned(), crate::time::rfc3339))),
                ("to", &esc(&input.filter.to.map_or_else(|| l.get("end").to_owned(), crate::time::rfc3339))),
            ]
        )
    );
    site_summaries(&mut h, &sel, l);
    super::pictures::timeline(&mut h, &sel, l);
    super::pictures::graph(&mut h, &sel, l);
    findings(&mut h, &sel, l);
    cleanups(&mut h, &sel, l);
    screenshots(&mut h, &sel, input, l);
    verification(&mut h, &sel, l);
    environment(&mut h, &input.environment, l);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn findings_of(summary: &Value) -> &[Value] {
    summary.get("findings").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

pub(super) fn site_name(summary: &Value) -> String {
    let site = summary.get("site");
    let name = plain(site.and_then(|s| s.get("name")));
    if name.is_empty() {
        plain(site.and_then(|s| s.get("id")))
    } else {
        name
    }
}

fn is_breach(f: &Value) -> bool {
    f.get("consentBreach").and_then(Value::as_bool).unwrap_or(false)
}

fn who(f: &Value) -> String {
    ["vendorName", "vendor", "host"].iter().map(|k| plain(f.get(*k))).find(|s| !s.is_empty()).unwrap_or_default()
}

fn site_summaries(h: &mut String, sel: &Selection<'_>, l: &Labels) {
    let _ = writeln!(h, "<section>\n<h2>{}</h2>", l.t("sitesHeading"));
    if sel.sites.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", l.t("noSites"));
    }
    for s in &sel.sites {
        let fs = findings_of(s);
        let _ = writeln!(h, "<h3>{}</h3>\n<dl>", site(&site_name(s)));
        let hosts: Vec<String> = s
            .get("site")
            .and_then(|x| x.get("hosts"))
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| plain(Some(v))).collect())
            .unwrap_or_default();
        let hosts: Vec<String> = hosts.iter().map(|x| site(x)).collect();
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", l.t("hosts"), hosts.join(", "));

        // Who tracked: vendors (or hosts) of everything not needed to run the site.
        let mut trackers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in fs {
            let cat = plain(f.get("category"));
            if !matches!(cat.as_str(), "essential" | "functional" | "consent") {
                trackers.entry(who(f)).or_default().insert(cat);
            }
        }
        let who_text = if trackers.is_empty() {
            l.t("nobody")
        } else {
            trackers
                .iter()
                .map(|(v, cats)| format!("{} ({})", site(v), esc(&cats.iter().cloned().collect::<Vec<_>>().join(", "))))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let _ = writeln!(h, "<dt>{}</dt><dd>{who_text}</dd>", l.t("trackedBy"));

        let count = |k: &str| fs.iter().filter(|f| f.get("kind").and_then(Value::as_str) == Some(k)).count().to_string();
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            l.t("found"),
            l.fill("foundCounts", &[("cookies", &count("cookie")), ("storage", &count("storage")), ("requests", &count("request"))])
        );
        if let Some(since) = fs.iter().map(|f| time_text(f.get("firstSeen"))).filter(|t| !t.is_empty()).min() {
            let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", l.t("since"), esc(&since));
        }
        let consent = match s.get("consent") {
            None | Some(Value::Null) => l.t("consentNone"),
            Some(Value::Object(m)) => m
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{}: {}", esc(k), site(&plain(Some(v)))))
                .collect::<Vec<_>>()
                .join("; "),
            Some(v) => site(&plain(Some(v))),
        };
        let _ = writeln!(h, "<dt>{}</dt><dd>{consent}</dd>", l.t("consent"));
        let breaches: Vec<&Value> = fs.iter().filter(|f| is_breach(f)).collect();
        if breaches.is_empty() {
            let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>\n</dl>", l.t("breaches"), l.t("breachesNone"));
        } else {
            let _ = writeln!(
                h,
                "<dt>{}</dt><dd class=\"breach\">{}</dd>\n</dl>\n<ul>",
                l.t("breaches"),
                l.fill("breachesSome", &[("n", &breaches.len().to_string())])
            );
            for f in breaches {
                let _ = writeln!(
                    h,
                    "<li>{} ({}) &ndash; {}, {}</li>",
                    site(&plain(f.get("name"))),
                    site(&plain(f.get("host"))),
                    site(&who(f)),
                    esc(&plain(f.get("category")))
                );
            }
            h.push_str("</ul>\n");
        }
    }
    h.push_str("</section>\n");
}

fn findings(h: &mut String, sel: &Selection<'_>, l: &Labels) {
    let _ = writeln!(h, "<section>\n<h2>{}</h2>", l.t("findingsHeading"));
    let cols = ["kind", "name", "host", "party", "vendor", "category", "retention", "firstSeen", "lastSeen", "count", "breach", "reason"];
    for s in &sel.sites {
        let fs = findings_of(s);
        if fs.is_empty() {
            let _ = writeln!(h, "<p>{}: {}</p>", site(&site_name(s)), l.t("findingsNone"));
            continue;
        }
        let _ = write!(h, "<table>\n<caption>{}</caption>\n<thead><tr>", l.fill_html("findingsCaption", &[("site", &site(&site_name(s)))]));
        for c in cols {
            let _ = write!(h, "<th scope=\"col\">{}</th>", l.t(c));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for f in fs {
            let breach = is_breach(f);
            let cells = [
                plain(f.get("kind")),
                String::new(), // the name is the row header, written below
                plain(f.get("host")),
                plain(f.get("party")),
                who(f),
                plain(f.get("category")),
                plain(f.get("retentionSeconds")),
                time_text(f.get("firstSeen")),
                time_text(f.get("lastSeen")),
                plain(f.get("count")),
                l.get(if breach { "yes" } else { "no" }).to_owned(),
                plain(f.get("reason")),
            ];
            let _ = write!(
                h,
                "<tr{}><td>{}</td><th scope=\"row\">{}</th>",
                if breach { " class=\"breach\"" } else { "" },
                esc(&cells[0]),
                site(&plain(f.get("name")))
            );
            for c in &cells[2..] {
                let _ = write!(h, "<td>{}</td>", site(c));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
}

fn cleanups(h: &mut String, sel: &Selection<'_>, l: &Labels) {
    let _ = writeln!(h, "<section>\n<h2>{}</h2>", l.t("cleanupHeading"));
    let results: Vec<_> = sel.full().filter(|e| e.kind == EntryType::CleanupResult).collect();
    if results.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>", l.t("cleanupNone"));
        return;
    }
    let _ = writeln!(
        h,
        "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        l.t("cleanupCaption"),
        l.t("time"),
        l.t("site"),
        l.t("removed"),
        l.t("failed")
    );
    for e in results {
        let data = e.data();
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&e.time),
            site(e.site.as_deref().unwrap_or("")),
            esc(&plain(data.get("removed"))),
            esc(&plain(data.get("failed")))
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn screenshots(h: &mut String, sel: &Selection<'_>, input: &ExportInput, l: &Labels) {
    let _ = writeln!(h, "<section>\n<h2>{}</h2>", l.t("screenshotsHeading"));
    let span = sel.span();
    let shots = span.screenshots(&input.screenshots);
    let mut any = false;
    for e in sel.full().filter(|e| e.kind == EntryType::EvidenceRecorded) {
        let data = e.data();
        let Some(sha) = data.get("screenshotSha256").and_then(Value::as_str) else { continue };
        let Some(url) = shots.get(sha) else { continue };
        if image_data_url(url).is_none() {
            continue;
        }
        any = true;
        let site_id = e.site.as_deref().unwrap_or("");
        let _ = writeln!(
            h,
            "<figure>\n<img src=\"{}\" alt=\"{}\">\n<figcaption>{} &ndash; {}<br><span class=\"hash\">SHA-256 {}</span></figcaption>\n</figure>",
            esc(url),
            l.fill_html("screenshotAlt", &[("time", &esc(&e.time)), ("site", &site_attr(site_id))]),
            esc(&e.time),
            site(&subject(e.kind, |k| plain(data.get(k)))),
            esc(sha)
        );
    }
    if !any {
        let _ = writeln!(h, "<p>{}</p>", l.t("screenshotsNone"));
    }
    h.push_str("</section>\n");
}

fn verification(h: &mut String, sel: &Selection<'_>, l: &Labels) {
    let last_seq = sel.items.last().map(|i| i.entry().seq.to_string()).unwrap_or_default();
    let _ = writeln!(
        h,
        "<section>\n<h2>{}</h2>\n<p>{}</p>\n<table>\n<caption>{}</caption>\n<tbody>",
        l.t("verifyHeading"),
        l.t("verifyWhy"),
        l.t("verifyCaption")
    );
    let rows = [
        ("entries", sel.items.len().to_string()),
        ("omitted", sel.omitted.to_string()),
        ("lastSeq", last_seq),
        ("headHash", sel.head_hash().to_owned()),
        ("prevHash", sel.prev_hash.to_owned()),
    ];
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><th scope=\"row\">{}</th><td class=\"hash\">{}</td></tr>", l.t(k), esc(&v));
    }
    let _ = writeln!(
        h,
        "</tbody>\n</table>\n<p>{}</p>\n<pre><code>tw-verify evidence.json</code></pre>\n<p>{}</p>\n</section>",
        l.t("verifyTool"),
        l.t("verifyByHand")
    );
}

fn environment(h: &mut String, env: &Value, l: &Labels) {
    let Some(map) = env.as_object().filter(|m| !m.is_empty()) else { return };
    let _ = writeln!(h, "<section>\n<h2>{}</h2>\n<dl>", l.t("environmentHeading"));
    for (k, v) in map {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&plain(Some(v))));
    }
    h.push_str("</dl>\n</section>\n");
}
