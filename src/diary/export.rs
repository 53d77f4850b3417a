//! The diary's files: a weekly summary as HTML (to print, or save as PDF
//! from the print dialogue) and a CSV. Both are made from a
//! [`Listing`]; in the extension only the actions module makes them.
//!
//! What the user and the pages typed is text, never markup: the HTML
//! escapes it, puts each piece in its own `<bdi>` with its controls made
//! visible; the CSV writes cells the way the evidence CSV does, a formula
//! turned into text (see [`crate::export::csv`]).

use std::collections::HashMap;
use std::fmt::Write;

use super::book::{Item, Listing, SITTING_GAP_MS};
use super::{ApplicationStatus, Method, Source};
use crate::export::{esc, site, write_cell};

/// Columns of the CSV's table of entries.
pub const ENTRY_COLUMNS: [&str; 18] = [
    "id",
    "day",
    "time",
    "kind",
    "source",
    "site",
    "terms",
    "place",
    "title",
    "employer",
    "reference",
    "status",
    "method",
    "minutes",
    "note",
    "page",
    "edits",
    "removed",
];

/// Columns of the CSV's table of days.
pub const DAY_COLUMNS: [&str; 5] = ["date", "onSiteMinutes", "addedMinutes", "minutes", "activities"];

/// The CSV: a byte-order mark, the entries (removed ones too, saying
/// why), a blank line, then every day of their weeks.
pub fn to_csv(listing: &Listing) -> String {
    let mut out = String::from("\u{feff}");
    row(&mut out, ENTRY_COLUMNS.iter().map(|c| (*c).to_owned()));
    let mut items: Vec<&Item> = listing.entries.iter().chain(&listing.removed).collect();
    items.sort_by_key(|i| i.id);
    for i in items {
        let d = &i.details;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let edits = i.edits.iter().map(|e| format!("{}: {}", e.seq, e.reason)).collect::<Vec<_>>().join("; ");
        row(
            &mut out,
            [
                i.id.to_string(),
                i.day.clone(),
                i.time.clone(),
                i.kind.as_str().to_owned(),
                Source::as_str(i.source).to_owned(),
                i.site.clone().unwrap_or_default(),
                text(&d.terms),
                text(&d.place),
                text(&d.title),
                text(&d.employer),
                text(&d.reference),
                d.status.map(ApplicationStatus::as_str).unwrap_or_default().to_owned(),
                d.method.map(Method::as_str).unwrap_or_default().to_owned(),
                d.minutes.map(|m| m.to_string()).unwrap_or_default(),
                text(&d.note),
                i.page.clone().unwrap_or_default(),
                edits,
                i.removed.as_ref().map(|r| format!("{}: {}", r.seq, r.reason)).unwrap_or_default(),
            ]
            .into_iter(),
        );
    }
    out.push_str("\r\n");
    row(&mut out, DAY_COLUMNS.iter().map(|c| (*c).to_owned()));
    for day in listing.weeks.iter().flat_map(|w| &w.days) {
        row(
            &mut out,
            [
                day.date.clone(),
                day.on_site_minutes.to_string(),
                day.added_minutes.to_string(),
                day.minutes.to_string(),
                day.activities.to_string(),
            ]
            .into_iter(),
        );
    }
    out
}

fn row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (n, cell) in cells.enumerate() {
        if n > 0 {
            out.push(',');
        }
        write_cell(&cell, out);
    }
    out.push_str("\r\n");
}

/// The words of the weekly summary; keys not given are in English.
#[derive(Debug, Clone, Default)]
pub struct DiaryLabels {
    lang: String,
    map: HashMap<String, String>,
}

impl DiaryLabels {
    /// Every key with its English text. `{name}` marks a value filled in.
    pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
        ("title", "Work-search diary"),
        ("intro", "The claimant's own record of their job search, kept by Tracking Witness on their computer. Each activity is an entry in its tamper-evident activity log; the entry number is shown."),
        ("generated", "Made {time} (UTC)."),
        ("covers", "Covers {from} to {to}."),
        ("start", "the first entry"),
        ("end", "the last entry"),
        ("week", "Week from Monday {start} to Sunday {end}"),
        ("weekTotal", "Time this week: {time}"),
        ("daysCaption", "Time per day in the week from {start}"),
        ("day", "Day"),
        ("onSite", "On the job sites"),
        ("added", "Given by the claimant"),
        ("total", "Total"),
        ("activities", "Activities"),
        ("entriesCaption", "Activities in the week from {start}"),
        ("time", "Time (UTC)"),
        ("what", "What"),
        ("details", "Details"),
        ("recorded", "Recorded"),
        ("entry", "Entry"),
        ("kind_search", "Search"),
        ("kind_view", "Job looked at"),
        ("kind_application", "Application"),
        ("kind_manual", "Other activity"),
        ("status_started", "started"),
        ("status_submitted", "sent"),
        ("source_page", "Seen on the site"),
        ("source_user", "Added by the claimant"),
        ("terms", "Words"),
        ("place", "Place"),
        ("jobTitle", "Job"),
        ("employer", "Employer"),
        ("reference", "Reference"),
        ("method", "How"),
        ("minutes", "Minutes"),
        ("note", "Note"),
        ("method_online", "online"),
        ("method_phone", "by phone"),
        ("method_visit", "in person"),
        ("method_post", "by post"),
        ("method_email", "by email"),
        ("method_other", "another way"),
        ("edited", "Changed by the claimant: {reasons}"),
        ("removedHeading", "Entries the claimant removed"),
        ("removedReason", "Removed: {reason}"),
        ("none", "No activities in this period."),
        ("hoursMinutes", "{h} h {m} min"),
        ("howTime", "Time on the job sites is worked out from the activities seen there: within a day, activities less than {gap} minutes apart make one sitting, which counts from its first activity to its last. Reading after the last page of a sitting is not counted. Time given by the claimant is added to it."),
        ("check", "To check these entries, save the evidence file (JSON) from the activity log and check it with tw-verify: each entry number above is in its chain."),
    ];

    /// Labels in language `lang`, `map` overriding the English key by key.
    pub fn new(lang: &str, map: HashMap<String, String>) -> Self {
        let lang: String = lang.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        DiaryLabels { lang: if lang.is_empty() { "en".to_owned() } else { lang }, map }
    }

    fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).or_else(|| Self::DEFAULTS.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)).unwrap_or(key)
    }

    /// The text for `key`, escaped, `{name}` filled with HTML `args`.
    fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = esc(self.get(key));
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    fn t(&self, key: &str) -> String {
        esc(self.get(key))
    }

    fn duration(&self, minutes: u32) -> String {
        self.fill("hoursMinutes", &[("h", &(minutes / 60).to_string()), ("m", &format!("{:02}", minutes % 60))])
    }
}

const STYLE: &str = "body{font:11pt/1.45 system-ui,sans-serif;color:#111;margin:2rem auto;max-width:60rem;padding:0 1rem}\
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:2px solid #333;margin-top:2rem}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}caption{text-align:left;font-weight:600;padding:.25rem 0}\
th,td{border:1px solid #999;padding:.2rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#eee}\
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}section~section>h2{break-before:page}tr{break-inside:avoid}thead{display:table-header-group}}";

/// The weekly summary. `now` is when it is made (RFC 3339); `from`/`to`
/// the period asked for.
pub fn to_html(listing: &Listing, labels: &DiaryLabels, now: &str, from: Option<&str>, to: Option<&str>) -> String {
    let l = labels;
    let mut h = String::with_capacity(8192);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p>{}</p>\n<p>{}</p>\n<p>{}</p>\n<p>{}</p>\n",
        esc(&l.lang),
        l.t("title"),
        l.t("title"),
        l.t("intro"),
        l.fill("covers", &[("from", &from.map_or_else(|| l.t("start"), esc)), ("to", &to.map_or_else(|| l.t("end"), esc))]),
        l.fill("generated", &[("time", &esc(now))]),
        l.fill("howTime", &[("gap", &(SITTING_GAP_MS / 60_000).to_string())]),
    );
    if listing.weeks.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", l.t("none"));
    }
    for week in &listing.weeks {
        let start = esc(&week.start);
        let _ = write!(
            h,
            "<section>\n<h2>{}</h2>\n<p>{}</p>\n<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            l.fill("week", &[("start", &start), ("end", &esc(&week.end))]),
            l.fill("weekTotal", &[("time", &l.duration(week.minutes))]),
            l.fill("daysCaption", &[("start", &start)]),
            l.t("day"),
            l.t("onSite"),
            l.t("added"),
            l.t("total"),
            l.t("activities"),
        );
        for d in &week.days {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&d.date),
                l.duration(d.on_site_minutes),
                l.duration(d.added_minutes),
                l.duration(d.minutes),
                d.activities
            );
        }
        h.push_str("</tbody>\n</table>\n");
        let items: Vec<&Item> = listing.entries.iter().filter(|i| i.day >= week.start && i.day <= week.end).collect();
        entries_table(&mut h, l, &l.fill("entriesCaption", &[("start", &start)]), &items);
        h.push_str("</section>\n");
    }
    if !listing.removed.is_empty() {
        let _ = writeln!(h, "<section>\n<h2>{}</h2>", l.t("removedHeading"));
        let items: Vec<&Item> = listing.removed.iter().collect();
        entries_table(&mut h, l, &l.t("removedHeading"), &items);
        h.push_str("</section>\n");
    }
    let _ = write!(h, "<p>{}</p>\n</main>\n</body>\n</html>\n", l.t("check"));
    h
}

fn entries_table(h: &mut String, l: &DiaryLabels, caption: &str, items: &[&Item]) {
    let _ = write!(
        h,
        "<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        l.t("day"),
        l.t("time"),
        l.t("what"),
        l.t("details"),
        l.t("recorded"),
        l.t("entry"),
    );
    for i in items {
        let mut what = l.t(&format!("kind_{}", i.kind.as_str()));
        if let Some(s) = i.details.status {
            let _ = write!(what, " ({})", l.t(&format!("status_{}", ApplicationStatus::as_str(s))));
        }
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{what}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&i.day),
            esc(i.time.get(11..16).unwrap_or("")),
            details_html(l, i),
            l.t(&format!("source_{}", Source::as_str(i.source))),
            i.id
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn details_html(l: &DiaryLabels, i: &Item) -> String {
    let d = &i.details;
    let mut parts: Vec<String> = Vec::new();
    for (key, value) in
        [("terms", &d.terms), ("place", &d.place), ("jobTitle", &d.title), ("employer", &d.employer), ("reference", &d.reference)]
    {
        if let Some(v) = value {
            parts.push(format!("{}: {}", l.t(key), site(v)));
        }
    }
    if let Some(m) = d.method {
        parts.push(format!("{}: {}", l.t("method"), l.t(&format!("method_{}", Method::as_str(m)))));
    }
    if let Some(m) = d.minutes {
        parts.push(format!("{}: {m}", l.t("minutes")));
    }
    if let Some(n) = &d.note {
        parts.push(format!("{}: {}", l.t("note"), site(n)));
    }
    if !i.edits.is_empty() {
        let reasons = i.edits.iter().map(|e| site(&e.reason)).collect::<Vec<_>>().join("; ");
        parts.push(l.fill("edited", &[("reasons", &reasons)]));
    }
    if let Some(r) = &i.removed {
        parts.push(l.fill("removedReason", &[("reason", &site(&r.reason))]));
    }
    parts.join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::book::Book;
    use crate::journal::{append, EntryType, Head};
    use serde_json::json;

    pub(super) fn listing() -> Listing {
        let mut head = Head::default();
        let t0 = 1_796_083_200_000;
        let hostile = "=HYPERLINK(\"http://x\",\"y\")";
        let entries = vec![
            append(&mut head, t0, EntryType::DiaryAdded, Some("uk-find-a-job"), json!({"kind": "view", "source": "page", "title": "<img src=x onerror=alert(1)>", "employer": hostile, "reference": "gpj.\u{202e}exe"})).unwrap(),
            append(&mut head, t0 + 60_000, EntryType::DiaryAdded, None, json!({"kind": "manual", "source": "user", "note": "-1+1 phoned", "minutes": 15})).unwrap(),
            append(&mut head, t0 + 120_000, EntryType::DiaryRemoved, None, json!({"id": 2, "reason": "@SUM(A1)"})).unwrap(),
        ];
        Book::from_entries(&entries).list(None, None)
    }

    #[test]
    fn html_has_no_markup_from_the_page_and_shows_controls() {
        let html = to_html(&listing(), &DiaryLabels::default(), "2026-12-02T10:00:00.000Z", None, None);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("<bdi>&lt;img src=x onerror=alert(1)&gt;</bdi>"));
        assert!(html.contains("gpj.\\u202Eexe") && !html.contains('\u{202e}'));
        assert!(html.contains("Week from Monday 2026-11-30 to Sunday 2026-12-06"));
        assert!(html.contains("Removed: <bdi>@SUM(A1)</bdi>"));
        let cy = DiaryLabels::new("cy", HashMap::from([("title".to_owned(), "Dyddiadur chwilio am waith".to_owned())]));
        assert!(to_html(&listing(), &cy, "x", None, None).contains("<html lang=\"cy\">"));
    }
}
