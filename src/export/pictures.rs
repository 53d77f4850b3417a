//! The report's two pictures, drawn here as inline SVG (the report runs no
//! script and loads nothing):
//!
//! * the **timeline**: one lane per site, a bar per UTC day for the
//!   tracking observations seen, a diamond on a day the site's consent
//!   record changed, a triangle on a day it was cleaned;
//! * the **third-party graph**: each site in the middle of the companies its
//!   pages contacted (`request.seen`), each company a circle whose area
//!   grows with how often it was contacted, coloured by its category.
//!
//! Both follow the log page's pictures (`extension/report/timeline.js`,
//! `graph.js`): each is an image (`role="img"`) whose `<title>` and `<desc>`
//! say what it shows in words, with its numbers in a table behind a toggle
//! (`<details>`, which needs no script). Every string from a website or the
//! journal is escaped and its controls made visible; in the table it sits in
//! its own `<bdi>`, in the picture in its own `<tspan unicode-bidi="isolate">`
//! (SVG text has no `<bdi>`).

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html::{esc, site, site_name, Labels};
use super::{Glance, Selection};
use crate::journal::EntryType;
use crate::model::{Category, Millis};

const DAY_MS: Millis = 86_400_000;
/// The most days the timeline draws (the latest ones); its table has all.
const MAX_DAYS: i64 = 366;
/// The most circles around one site; the least contacted share the last.
const MAX_COMPANIES: usize = 12;

/// The colour of a category in the graph, the same as on the log page
/// (`extension/report/graph.js`); each is at least 3:1 against white. The
/// category is also written beside each circle, so colour is never the
/// only way to tell.
pub(crate) fn colour(category: Category) -> &'static str {
    match category {
        Category::Analytics => "#1d70b8",
        Category::Advertising => "#d4351c",
        Category::Social => "#4c2c92",
        Category::SessionReplay => "#b45309",
        Category::Fingerprinting => "#00707a",
        Category::KeyLogging => "#5c0f00",
        Category::PerformanceMonitoring => "#505a5f",
        Category::TagManager => "#5a6b1f",
        Category::Essential | Category::Functional | Category::Consent => "#00703c",
        Category::Unknown => "#6f777b",
    }
}

/// The category a journal's text names ([`Category::Unknown`] for any
/// other text: a tampered journal cannot add one).
fn category_of(text: &str) -> Category {
    Category::ALL.into_iter().find(|c| c.as_str() == text).unwrap_or(Category::Unknown)
}

fn category_label(l: &Labels, c: Category) -> String {
    l.t(&format!("cat_{}", c.as_str().replace('-', "_")))
}

/// A string from a website or the journal inside SVG text: escaped, its
/// controls visible, in its own bidirectional isolate.
fn svg_site(s: &str) -> String {
    format!("<tspan unicode-bidi=\"isolate\">{}</tspan>", esc(&crate::untrusted::visible(s)))
}

/// The same for the plain text of a `<title>` or `<desc>`, which holds no
/// element: the controls are made visible, so none can reorder the rest.
fn plain_site(s: &str) -> String {
    esc(&crate::untrusted::visible(s))
}

fn day_text(day: i64) -> String {
    crate::time::day(day * DAY_MS)
}

/// The site's name by id, from the summaries (the id when it has none).
fn names(sel: &Selection<'_>) -> BTreeMap<String, String> {
    sel.sites
        .iter()
        .filter_map(|s| s.get("site").and_then(|x| x.get("id")).and_then(Value::as_str).map(|id| (id.to_owned(), site_name(s))))
        .collect()
}

fn name_of(names: &BTreeMap<String, String>, id: &str) -> String {
    names.get(id).cloned().unwrap_or_else(|| id.to_owned())
}

// ---- the timeline ----

#[derive(Default)]
struct DayCount {
    items: u64,
    consent: Vec<String>,
    cleanups: u64,
}

/// Per site, per UTC day (days since 1970): the counts the timeline shows.
fn timeline_counts(sel: &Selection<'_>) -> BTreeMap<String, BTreeMap<i64, DayCount>> {
    let mut sites: BTreeMap<String, BTreeMap<i64, DayCount>> = BTreeMap::new();
    for e in sel.full() {
        let (Some(site_id), Some(ms)) = (e.site.as_deref(), e.time_ms()) else { continue };
        let tracking = e.kind.is_tracking();
        if !tracking && !matches!(e.kind, EntryType::ConsentChanged | EntryType::CleanupResult) {
            continue;
        }
        let cell = sites.entry(site_id.to_owned()).or_default().entry(ms.div_euclid(DAY_MS)).or_default();
        if tracking {
            cell.items += e.count().unwrap_or(1);
        } else if e.kind == EntryType::ConsentChanged {
            cell.consent.push(Glance::read(e).plain("state").into_owned());
        } else {
            cell.cleanups += 1;
        }
    }
    sites
}

/// A consent state in words: the three the core writes are translated,
/// anything else is shown as the journal has it.
fn consent_words(l: &Labels, state: &str) -> String {
    match state {
        "accepted" | "refused" | "partial" => l.t(&format!("consent_{state}")),
        other => site(other),
    }
}

/// The report's timeline section.
pub(super) fn timeline(h: &mut String, sel: &Selection<'_>, l: &Labels) {
    let counts = timeline_counts(sel);
    let names = names(sel);
    let _ = writeln!(h, "<section>\n<h2>{}</h2>", l.t("timelineHeading"));
    let (Some(first), Some(last)) = (
        counts.values().filter_map(|d| d.keys().next()).min().copied(),
        counts.values().filter_map(|d| d.keys().next_back()).max().copied(),
    ) else {
        let _ = writeln!(h, "<p>{}</p>\n</section>", l.t("timelineEmpty"));
        return;
    };
    let drawn_first = first.max(last - MAX_DAYS + 1);
    let columns = (last - drawn_first + 1) as f64;

    // The words: the period, then a sentence per site.
    let mut desc = vec![l.fill("timelineSummary", &[("from", &day_text(first)), ("to", &day_text(last))])];
    for (id, days) in &counts {
        let items: u64 = days.values().map(|d| d.items).sum();
        let consent: usize = days.values().map(|d| d.consent.len()).sum();
        let cleanups: u64 = days.values().map(|d| d.cleanups).sum();
        // The first of the busiest days.
        let busiest = days.iter().fold(None::<(i64, u64)>, |best, (day, d)| match best {
            Some((_, n)) if n >= d.items => best,
            _ => Some((*day, d.items)),
        });
        let busiest = busiest.filter(|(_, n)| *n > 0).map(|(d, _)| day_text(d)).unwrap_or_default();
        let mut s = esc(l.get("timelineSite"));
        for (k, v) in [
            ("site", plain_site(&name_of(&names, id))),
            ("items", items.to_string()),
            ("busiest", busiest),
            ("consent", consent.to_string()),
            ("cleanups", cleanups.to_string()),
        ] {
            s = s.replace(&format!("{{{k}}}"), &v);
        }
        desc.push(s);
    }

    let (w, left, lane, top) = (720.0_f64, 150.0_f64, 64.0_f64, 8.0_f64);
    let height = top + counts.len() as f64 * lane + 24.0;
    let col = (w - left) / columns;
    let _ = writeln!(
        h,
        "<svg viewBox=\"0 0 {w} {height}\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\" class=\"timeline\">\n<title id=\"timeline-title\">{}</title>\n<desc id=\"timeline-desc\">{}</desc>",
        l.t("timelineCaption"),
        desc.join(" ")
    );
    for (i, (id, days)) in counts.iter().enumerate() {
        let y0 = top + i as f64 * lane;
        let base = y0 + lane - 12.0;
        let max = days.values().map(|d| d.items).max().unwrap_or(1).max(1) as f64;
        let _ = writeln!(
            h,
            "<g>\n<text x=\"0\" y=\"{:.1}\" font-size=\"12\">{}</text>\n<line x1=\"{left}\" y1=\"{base}\" x2=\"{w}\" y2=\"{base}\" stroke=\"#505a5f\"/>",
            y0 + lane / 2.0,
            svg_site(&name_of(&names, id))
        );
        for (day, d) in days.range(drawn_first..) {
            let x = left + (day - drawn_first) as f64 * col;
            if d.items > 0 {
                let bh = (d.items as f64 / max * (lane - 36.0)).max(2.0);
                let _ = writeln!(
                    h,
                    "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{bh:.2}\" fill=\"#1d70b8\"/>",
                    x + col * 0.15,
                    base - bh,
                    (col * 0.7).max(0.5)
                );
            }
            let mid = x + col / 2.0;
            if !d.consent.is_empty() {
                let _ = writeln!(h, "<path d=\"M{mid:.2} {:.1}l5 5-5 5-5-5z\" fill=\"#b00020\"/>", y0 + 2.0);
            }
            if d.cleanups > 0 {
                let _ = writeln!(h, "<path d=\"M{mid:.2} {:.1}l5 9h-10z\" fill=\"#00703c\"/>", y0 + 14.0);
            }
        }
        h.push_str("</g>\n");
    }
    let axis = top + counts.len() as f64 * lane + 14.0;
    let _ = writeln!(
        h,
        "<text x=\"{left}\" y=\"{axis}\" font-size=\"12\">{}</text>\n<text x=\"{w}\" y=\"{axis}\" font-size=\"12\" text-anchor=\"end\">{}</text>\n</svg>",
        day_text(drawn_first),
        day_text(last)
    );
    let _ = writeln!(
        h,
        "<p class=\"legend\"><span class=\"key\" style=\"border-color:#1d70b8\"></span> {} <span class=\"key diamond\" style=\"border-color:#b00020\"></span> {} <span class=\"key\" style=\"border-color:#00703c\"></span> {}</p>",
        l.t("keyItems"),
        l.t("keyConsent"),
        l.t("keyCleanup")
    );
    if drawn_first > first {
        let _ = writeln!(h, "<p>{}</p>", l.fill("timelineCut", &[("days", &MAX_DAYS.to_string())]));
    }
    let _ = writeln!(
        h,
        "<details>\n<summary>{}</summary>\n<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        l.t("showTable"),
        l.t("timelineCaption"),
        l.t("day"),
        l.t("site"),
        l.t("observations"),
        l.t("consent"),
        l.t("cleanups")
    );
    for (id, days) in &counts {
        for (day, d) in days {
            let consent: Vec<String> = d.consent.iter().map(|s| consent_words(l, s)).collect();
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                day_text(*day),
                site(&name_of(&names, id)),
                d.items,
                consent.join(", "),
                d.cleanups
            );
        }
    }
    h.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}

// ---- the third-party graph ----

/// One company a site's pages contacted, or the addresses nobody recognised.
struct Company {
    /// Empty for the unrecognised addresses.
    vendor: String,
    category: Category,
    count: u64,
    /// Sorted, each once.
    hosts: Vec<String>,
}

impl Company {
    /// The company's name: the catalog's for a vendor it knows, else the
    /// journal's id (untrusted, shown as site text).
    fn name(&self, l: &Labels) -> (String, bool) {
        if self.vendor.is_empty() {
            let key = if self.hosts.len() == 1 { "graphUnknownOne" } else { "graphUnknown" };
            return (l.get(key).replace("{n}", &self.hosts.len().to_string()), false);
        }
        match vendor(&self.vendor) {
            Some(v) => (v.name.to_owned(), false),
            None => (self.vendor.clone(), true),
        }
    }
}

/// The catalog's vendor with this id. Read from the vendor table itself:
/// the catalog's indexes (every cookie and storage pattern) would add
/// 40 KB to the actions module for a lookup a report makes a dozen times.
fn vendor(id: &str) -> Option<&'static crate::catalog::Vendor> {
    crate::catalog::vendors::VENDORS.iter().find(|v| v.id == id)
}

/// Per site (in the order they first appear), the companies its pages
/// contacted, most contacted first. Plain vectors searched in turn: a
/// report has a few sites and tens of companies, and maps of these types
/// would each add their own code to the actions module.
fn companies(sel: &Selection<'_>) -> Vec<(String, Vec<Company>)> {
    let mut sites: Vec<(String, Vec<Company>)> = Vec::new();
    for e in sel.full().filter(|e| e.kind == EntryType::RequestSeen) {
        let Some(site_id) = e.site.as_deref() else { continue };
        let g = Glance::read(e);
        if g.plain("party") == "first" {
            continue;
        }
        let vendor = g.plain("vendor");
        let given = g.plain("category");
        let category = match self::vendor(&vendor) {
            _ if vendor.is_empty() => Category::Unknown,
            Some(v) if given.is_empty() => v.category,
            _ => category_of(&given),
        };
        let at = sites.iter().position(|(id, _)| id == site_id).unwrap_or_else(|| {
            sites.push((site_id.to_owned(), Vec::new()));
            sites.len() - 1
        });
        let list = &mut sites[at].1;
        let at = list.iter().position(|c| c.vendor == vendor).unwrap_or_else(|| {
            list.push(Company { vendor: vendor.into_owned(), category, count: 0, hosts: Vec::new() });
            list.len() - 1
        });
        let c = &mut list[at];
        c.category = category;
        c.count += g.plain("count").parse::<u64>().unwrap_or(1);
        let host = g.plain("host");
        if !c.hosts.iter().any(|h| *h == host) {
            c.hosts.push(host.into_owned());
        }
    }
    for (_, list) in &mut sites {
        // Most contacted first; the unrecognised after the named on a tie.
        list.sort_by(|a, b| b.count.cmp(&a.count).then(a.vendor.is_empty().cmp(&b.vendor.is_empty())).then(a.vendor.cmp(&b.vendor)));
        for c in list.iter_mut() {
            c.hosts.sort();
        }
    }
    sites
}

/// The report's graph section: one picture per site that contacted any
/// other company.
pub(super) fn graph(h: &mut String, sel: &Selection<'_>, l: &Labels) {
    let all = companies(sel);
    let names = names(sel);
    let _ = writeln!(h, "<section>\n<h2>{}</h2>", l.t("graphHeading"));
    if all.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>", l.t("graphNone"));
        return;
    }
    let _ = writeln!(h, "<p>{}</p>", l.t("graphKey"));
    for (n, (id, list)) in all.iter().enumerate() {
        let name = name_of(&names, id);
        let _ = writeln!(h, "<h3>{}</h3>", site(&name));
        let title = esc(l.get("graphTitle")).replace("{site}", &plain_site(&name));
        let mut desc = esc(l.get("graphSummary")).replace("{site}", &plain_site(&name)).replace("{n}", &list.len().to_string());
        let items: Vec<String> = list
            .iter()
            .map(|c| {
                let (who, _) = c.name(l);
                // The unrecognised addresses have no category to name.
                esc(l.get(if c.vendor.is_empty() { "graphItemUnknown" } else { "graphItem" }))
                    .replace("{company}", &plain_site(&who))
                    .replace("{category}", &category_label(l, c.category))
                    .replace("{count}", &c.count.to_string())
            })
            .collect();
        desc.push(' ');
        desc.push_str(&items.join("; "));
        picture(h, n, &name, list, &title, &desc, l);
        legend(h, list, l);
        table(h, &name, list, l);
    }
    h.push_str("</section>\n");
}

/// The cosine and sine of a full turn divided by n, for n = 1 to 12.
const STEPS: [(f64, f64); MAX_COMPANIES] = [
    (1.0, 0.0),
    (-1.0, 0.0),
    (-0.5, 0.866_025_403_784_438_7),
    (0.0, 1.0),
    (0.309_016_994_374_947_45, 0.951_056_516_295_153_5),
    (0.5, 0.866_025_403_784_438_6),
    (0.623_489_801_858_733_6, 0.781_831_482_468_029_8),
    (std::f64::consts::FRAC_1_SQRT_2, std::f64::consts::FRAC_1_SQRT_2),
    (0.766_044_443_118_978, 0.642_787_609_686_539_3),
    (0.809_016_994_374_947_5, 0.587_785_252_292_473_1),
    (0.841_253_532_831_181_2, 0.540_640_817_455_597_6),
    (0.866_025_403_784_438_7, 0.5),
];

/// A circle on the ring: the company (or the companies sharing it).
struct Node {
    /// Plain text, escaped when written.
    label: String,
    /// Whether `label` came from the journal (isolated when written) rather
    /// than from the labels.
    untrusted: bool,
    category: Category,
    count: u64,
    /// The circle the least contacted share: no one category to name.
    shared: bool,
}

fn picture(h: &mut String, n: usize, site_name: &str, list: &[Company], title: &str, desc: &str, l: &Labels) {
    let mut nodes: Vec<Node> = list
        .iter()
        .take(if list.len() > MAX_COMPANIES { MAX_COMPANIES - 1 } else { MAX_COMPANIES })
        .map(|c| {
            let (label, untrusted) = c.name(l);
            Node { label, untrusted, category: c.category, count: c.count, shared: false }
        })
        .collect();
    if list.len() > MAX_COMPANIES {
        let rest = &list[MAX_COMPANIES - 1..];
        nodes.push(Node {
            label: l.get("graphOthers").replace("{n}", &rest.len().to_string()),
            untrusted: false,
            category: Category::Unknown,
            count: rest.iter().map(|c| c.count).sum(),
            shared: true,
        });
    }
    let (w, hgt, cx, cy, ring) = (900.0_f64, 460.0_f64, 450.0_f64, 230.0_f64, 160.0_f64);
    let max = nodes.iter().map(|n| n.count).max().unwrap_or(1).max(1) as f64;
    let _ = writeln!(
        h,
        "<svg viewBox=\"0 0 {w} {hgt}\" role=\"img\" aria-labelledby=\"graph-title-{n} graph-desc-{n}\" class=\"graph\">\n<title id=\"graph-title-{n}\">{title}</title>\n<desc id=\"graph-desc-{n}\">{desc}</desc>"
    );
    // From straight above, clockwise, each circle one step further round
    // (a rotation by the step's cosine and sine: no trigonometry needed).
    let (step_cos, step_sin) = STEPS[nodes.len().clamp(1, MAX_COMPANIES) - 1];
    let mut dir = (0.0_f64, -1.0_f64);
    let placed: Vec<(f64, f64, f64, (f64, f64))> = nodes
        .iter()
        .map(|node| {
            // Area grows with the count: the radius with its square root.
            let r = 10.0 + 22.0 * (node.count as f64 / max).sqrt();
            let here = dir;
            dir = (dir.0 * step_cos - dir.1 * step_sin, dir.0 * step_sin + dir.1 * step_cos);
            (cx + ring * here.0, cy + ring * here.1, r, here)
        })
        .collect();
    for ((x, y, _, _), node) in placed.iter().zip(&nodes) {
        let width = 1.0 + 3.0 * node.count as f64 / max;
        let _ = writeln!(h, "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#b1b4b6\" stroke-width=\"{width:.1}\"/>");
    }
    let squeeze = if site_name.chars().count() > 24 { " textLength=\"170\" lengthAdjust=\"spacingAndGlyphs\"" } else { "" };
    let _ = writeln!(
        h,
        "<rect x=\"{}\" y=\"{}\" width=\"180\" height=\"40\" rx=\"6\" fill=\"#ffffff\" stroke=\"#0b0c0c\" stroke-width=\"2\"/>\n<text x=\"{cx}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\"{squeeze}>{}</text>",
        cx - 90.0,
        cy - 20.0,
        cy + 5.0,
        svg_site(site_name)
    );
    for ((x, y, r, (cos, sin)), node) in placed.iter().zip(&nodes) {
        let (cos, sin) = (*cos, *sin);
        let (anchor, lx, ly) = if cos.abs() < 0.1 {
            // Straight above or below: the words above or below the circle.
            ("middle", *x, if sin < 0.0 { y - r - 20.0 } else { y + r + 14.0 })
        } else if cos > 0.0 {
            ("start", x + r + 6.0, y - 2.0)
        } else {
            ("end", x - r - 6.0, y - 2.0)
        };
        let label = if node.untrusted { svg_site(&node.label) } else { esc(&node.label) };
        let times = l.fill(if node.count == 1 { "graphTimesOne" } else { "graphTimes" }, &[("n", &node.count.to_string())]);
        let words = if node.shared { times } else { format!("{} &middot; {times}", category_label(l, node.category)) };
        let _ = writeln!(
            h,
            "<g data-category=\"{}\">\n<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n<text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"12\" text-anchor=\"{anchor}\">{label}<tspan x=\"{lx:.1}\" dy=\"14\" fill=\"#505a5f\">{words}</tspan></text>\n</g>",
            if node.shared { "shared" } else { node.category.as_str() },
            colour(node.category),
        );
    }
    h.push_str("</svg>\n");
}

/// The colours of the categories in the picture, named.
fn legend(h: &mut String, list: &[Company], l: &Labels) {
    h.push_str("<p class=\"legend\">");
    for c in Category::ALL.into_iter().filter(|c| list.iter().any(|x| x.category == *c)) {
        let _ = write!(h, "<span class=\"key\" style=\"border-color:{}\"></span> {} ", colour(c), category_label(l, c));
    }
    h.push_str("</p>\n");
}

fn table(h: &mut String, site_name: &str, list: &[Company], l: &Labels) {
    let _ = writeln!(
        h,
        "<details>\n<summary>{}</summary>\n<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        l.t("showTable"),
        l.fill_html("graphCaption", &[("site", &site(site_name))]),
        l.t("company"),
        l.t("category"),
        l.t("timesContacted"),
        l.t("hosts")
    );
    for c in list {
        let (who, untrusted) = c.name(l);
        let hosts: Vec<String> = c.hosts.iter().map(|x| site(x)).collect();
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            if untrusted { site(&who) } else { esc(&who) },
            category_label(l, c.category),
            c.count,
            hosts.join(", ")
        );
    }
    h.push_str("</tbody>\n</table>\n</details>\n");
}
