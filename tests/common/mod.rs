//! Helpers shared by the integration tests (each test file that needs them
//! says `mod common;`).
#![allow(dead_code)]

use tracking_witness::recorder::{Commit, Recorder};
use tracking_witness::state::Change;

/// Journals `changes` and confirms the commit at once, as the extension
/// does after its store has the write (two-phase commits, `src/recorder.rs`).
pub fn stored(r: &mut Recorder, changes: Vec<Change>, now: i64) -> tracking_witness::Result<Commit> {
    let c = r.commit(changes, now)?;
    r.confirm(c.head.seq)?;
    Ok(c)
}

/// Every tag the HTML report writes itself. A tag in a report that is not
/// here came from a website's text: markup that escaped escaping.
pub const REPORT_TAGS: &[&str] = &[
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "section",
    "h1",
    "h2",
    "h3",
    "p",
    "dl",
    "dt",
    "dd",
    "ul",
    "li",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "svg",
    "rect",
    "line",
    "text",
    "figure",
    "img",
    "figcaption",
    "br",
    "span",
    "pre",
    "code",
    "bdi",
];

/// Fails on the first tag of `html` the report does not write itself.
pub fn assert_only_report_tags(html: &str) {
    for (i, _) in html.match_indices('<') {
        let name: String = html[i + 1..].trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
        assert!(REPORT_TAGS.contains(&name.as_str()), "unexpected tag {name:?} at {:?}", &html[i..].chars().take(60).collect::<String>());
    }
}
