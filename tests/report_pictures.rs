//! Issue 13: the HTML report's pictures. The timeline has a lane per site
//! with the days its consent record changed and it was cleaned marked; the
//! third-party graph puts each site in the middle of the companies its
//! pages contacted, sized by how often, coloured by category. Both are
//! images with words for a screen reader and a table behind a toggle, and
//! what a website or a tampered journal wrote stays inert, isolated text.

use serde_json::{json, Value};
use tracking_witness::export::{to_html, ExportInput, Filter, Generator, Labels};
use tracking_witness::journal::{EntryType, Head, ZERO_HASH};
use tracking_witness::untrusted::is_invisible_control;

mod common;

const T0: i64 = 1_795_348_436_123; // 2026-11-22T11:53:56.123Z
const DAY: i64 = 86_400_000;
const RLO: &str = "evil\u{202E}moc.rekcart";

fn input(entries: &[(i64, EntryType, &str, Value)]) -> ExportInput {
    let mut head = Head::default();
    // Written as a file from elsewhere may hold them: `party` on a request
    // (which this version never journals for a first-party one) included.
    let entries = entries
        .iter()
        .map(|(t, kind, site, data)| common::written_elsewhere(&mut head, *t, *kind, Some(site), data.clone()).into())
        .collect();
    ExportInput {
        generated_at_ms: T0 + 3 * DAY,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: Value::Null,
        sites: vec![json!({"site": {"id": "fj", "name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]}, "findings": [], "consent": null})],
        entries,
        prev_hash: ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: Default::default(),
        signer_public_key: None,
    }
}

fn request(host: &str, vendor: Option<&str>, category: &str, count: u64) -> Value {
    json!({"host": host, "requestType": "xhr", "count": count, "vendor": vendor, "category": category, "party": "third"})
}

/// The part of `html` from `start` to the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).unwrap_or_else(|| panic!("{start:?} not in the report"));
    let j = html[i..].find(end).unwrap_or_else(|| panic!("{end:?} not after {start:?}"));
    &html[i..i + j + end.len()]
}

/// `r="…"` of each circle in `svg`, in order.
fn radii(svg: &str) -> Vec<f64> {
    svg.match_indices("<circle ")
        .map(|(i, _)| {
            let rest = &svg[i..];
            let r = &rest[rest.find(" r=\"").unwrap() + 4..];
            r[..r.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn the_graph_draws_each_company_sized_by_how_often_coloured_by_category() {
    let html = to_html(
        &input(&[
            (T0, EntryType::RequestSeen, "fj", request("region1.google-analytics.com", Some("google-analytics"), "analytics", 6)),
            (T0 + 1, EntryType::RequestSeen, "fj", request("www.google-analytics.com", Some("google-analytics"), "analytics", 3)),
            (T0 + 2, EntryType::RequestSeen, "fj", request("in.hotjar.com", Some("hotjar"), "session-replay", 2)),
            (T0 + 3, EntryType::RequestSeen, "fj", request("ingest.replaykit.example", None, "unknown", 1)),
            // The site's own addresses are not another company.
            (
                T0 + 4,
                EntryType::RequestSeen,
                "fj",
                json!({"host": "assets.dwp.gov.uk", "requestType": "image", "count": 40, "party": "first"}),
            ),
        ]),
        &Labels::english(),
    );
    common::assert_only_report_tags(&html);
    let svg = between(&html, "<svg viewBox=\"0 0 900", "</svg>");
    assert!(svg.contains("role=\"img\" aria-labelledby=\"graph-title-0 graph-desc-0\""));
    assert!(svg.contains("<title id=\"graph-title-0\">Companies Find a job sent data to</title>"));
    assert!(
        svg.contains("<desc id=\"graph-desc-0\">Companies Find a job contacted, with the number of times each was contacted (3 in all): Google Analytics (analytics): 9; Hotjar (session recording): 2; Not recognised (1 address): 1</desc>"),
        "{svg}"
    );
    // The site in the middle, then one circle per company, biggest first.
    assert!(svg.contains(">Find a job</tspan>"));
    let r = radii(svg);
    assert_eq!(r.len(), 3, "{svg}");
    assert!(r[0] > r[1] && r[1] > r[2], "sized by how often: {r:?}");
    assert_eq!(r[0], 32.0, "the most contacted is the biggest");
    for (category, fill) in [("analytics", "#1d70b8"), ("session-replay", "#b45309"), ("unknown", "#6f777b")] {
        let g = between(svg, &format!("<g data-category=\"{category}\">"), "</g>");
        assert!(g.contains(&format!("fill=\"{fill}\"")), "{category} coloured {fill}: {g}");
    }
    assert!(svg.contains("session recording &middot; 2 times"), "the category in words beside its circle");
    // The table behind its toggle has every address, each isolated.
    let table = between(
        &html,
        "<details>\n<summary>Show the numbers as a table</summary>\n<table>\n<caption>Companies <bdi>Find a job</bdi>",
        "</details>",
    );
    assert!(table.contains("<tr><th scope=\"row\">Google Analytics</th><td>analytics</td><td>9</td><td><bdi>region1.google-analytics.com</bdi>, <bdi>www.google-analytics.com</bdi></td></tr>"), "{table}");
    assert!(table.contains(
        "<tr><th scope=\"row\">Not recognised (1 address)</th><td>unknown</td><td>1</td><td><bdi>ingest.replaykit.example</bdi></td></tr>"
    ));
    assert!(!html.contains("assets.dwp.gov.uk"), "first-party requests are not drawn");
}

#[test]
fn the_graph_keeps_hostile_journal_text_inert_and_isolated() {
    let html = to_html(
        &input(&[
            (T0, EntryType::RequestSeen, "fj", request("<img src=x onerror=alert(1)>", None, "unknown", 1)),
            (T0 + 1, EntryType::RequestSeen, "fj", request("t.example", Some(RLO), "<script>", 2)),
        ]),
        &Labels::english(),
    );
    common::assert_only_report_tags(&html);
    assert!(!html.chars().any(|c| is_invisible_control(c) && c != '\n'), "a raw control in the report");
    let svg = between(&html, "<svg viewBox=\"0 0 900", "</svg>");
    // A vendor the catalog does not know is shown as the journal has it,
    // in its own isolate, its override visible; its made-up category is "unknown".
    assert!(svg.contains("<tspan unicode-bidi=\"isolate\">evil\\u202Emoc.rekcart</tspan>"), "{svg}");
    assert!(svg.contains("evil\\u202Emoc.rekcart (unknown): 2"));
    assert!(html.contains("<th scope=\"row\"><bdi>evil\\u202Emoc.rekcart</bdi></th>"));
    assert!(html.contains("<bdi>&lt;img src=x onerror=alert(1)&gt;</bdi>"));
}

#[test]
fn the_graph_shares_one_circle_among_the_least_contacted_beyond_twelve() {
    let vendors = [
        "google-analytics",
        "google-tag-manager",
        "google-ads",
        "doubleclick",
        "meta-pixel",
        "hotjar",
        "mixpanel",
        "posthog",
        "amplitude",
        "segment",
        "heap",
        "matomo",
        "snowplow",
        "optimizely",
    ];
    let entries: Vec<_> = vendors
        .iter()
        .enumerate()
        .map(|(i, v)| (T0 + i as i64, EntryType::RequestSeen, "fj", request(&format!("{v}.example"), Some(v), "analytics", 100 - i as u64)))
        .collect();
    let html = to_html(&input(&entries), &Labels::english());
    let svg = between(&html, "<svg viewBox=\"0 0 900", "</svg>");
    assert_eq!(radii(svg).len(), 12);
    // The last three (Heap 90 is 11th; Matomo 89, Snowplow 88, Optimizely 87).
    assert!(svg.contains(">3 other companies<tspan"), "{svg}");
    assert!(svg.contains(">264 times</tspan>"), "no category for the circle they share");
    // The table still has every company.
    assert_eq!(between(&html, "<caption>Companies <bdi>", "</details>").matches("<tr><th scope=\"row\">").count(), 14);
}

#[test]
fn the_timeline_marks_consent_changes_and_cleanups_per_site() {
    let html = to_html(
        &input(&[
            (T0, EntryType::RequestSeen, "fj", request("region1.google-analytics.com", Some("google-analytics"), "analytics", 2)),
            (T0 + 1, EntryType::ConsentChanged, "fj", json!({"state": "refused"})),
            (T0 + DAY, EntryType::CleanupResult, "fj", json!({"removed": 4, "failed": 0})),
            (T0 + 2 * DAY, EntryType::RequestSeen, "fj", request("in.hotjar.com", Some("hotjar"), "session-replay", 5)),
            (T0 + 2 * DAY + 1, EntryType::ConsentChanged, "fj", json!({"state": "accepted"})),
        ]),
        &Labels::english(),
    );
    let svg = between(&html, "<svg viewBox=\"0 0 720", "</svg>");
    assert!(svg.contains("role=\"img\" aria-labelledby=\"timeline-title timeline-desc\""));
    assert!(svg.contains(
        "<desc id=\"timeline-desc\">From 2026-11-22 to 2026-11-24 (UTC): Find a job: 7 tracking observations, most on 2026-11-24; 2 changes of the consent record; cleaned 1 times.</desc>"
    ), "{svg}");
    // Three days in the lane: two bars, two consent diamonds, one cleanup triangle.
    assert_eq!(svg.matches("<rect ").count(), 2);
    assert_eq!(svg.matches("l5 5-5 5-5-5z").count(), 2);
    assert_eq!(svg.matches("l5 9h-10z").count(), 1);
    let table = between(&html, "<caption>Tracking observations per site per day (UTC)</caption>", "</details>");
    for row in [
        "<tr><th scope=\"row\">2026-11-22</th><td><bdi>Find a job</bdi></td><td>2</td><td>refused</td><td>0</td></tr>",
        "<tr><th scope=\"row\">2026-11-23</th><td><bdi>Find a job</bdi></td><td>0</td><td></td><td>1</td></tr>",
        "<tr><th scope=\"row\">2026-11-24</th><td><bdi>Find a job</bdi></td><td>5</td><td>accepted</td><td>0</td></tr>",
    ] {
        assert!(table.contains(row), "{row} in {table}");
    }
}

#[test]
fn the_pictures_say_so_when_there_is_nothing_to_draw() {
    let html = to_html(&input(&[]), &Labels::english());
    assert!(!html.contains("<svg"));
    assert!(html.contains("<p>No tracking observations in this period.</p>"));
    assert!(html.contains("<p>No other company was contacted in this period.</p>"));
}
