//! Helpers shared by the integration tests (each test file that needs them
//! says `mod common;`).
#![allow(dead_code)]

use tracking_witness::journal::{Entry, EntryType, Head};
use tracking_witness::recorder::{Commit, Recorder};
use tracking_witness::state::Change;

/// Journals `changes` and confirms the commit at once, as the extension
/// does after its store has the write (two-phase commits, `src/recorder.rs`).
pub fn stored(r: &mut Recorder, changes: Vec<Change>, now: i64) -> tracking_witness::Result<Commit> {
    let c = r.commit(changes, now)?;
    r.confirm(c.head.seq)?;
    Ok(c)
}

/// An entry chained after `head` as another writer (an older version of
/// the extension, a hand-made file) would chain it: the data is hashed as
/// given, with no check of its fields. The core's own `journal::append`
/// refuses a field outside the type's description; the verifier must
/// still take entries like these.
pub fn written_elsewhere(head: &mut Head, now: i64, kind: EntryType, site: Option<&str>, data: serde_json::Value) -> Entry {
    let mut entry = Entry {
        seq: head.seq + 1,
        time: tracking_witness::time::rfc3339(now),
        kind,
        site: site.map(str::to_owned),
        data,
        prev_hash: head.hash.clone(),
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    *head = Head::from(&entry);
    entry
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
    "desc",
    "g",
    "rect",
    "line",
    "circle",
    "path",
    "text",
    "tspan",
    "details",
    "summary",
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

/// Splits RFC 4180 text into rows of cells, written here independently of
/// the exporter: quoted fields, doubled quotes, CRLF line ends. A bare CR or
/// LF outside quotes, or a last line without CRLF, fails the test.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "bare CR outside quotes");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => cell.push(c),
        }
    }
    assert!(cell.is_empty() && row.is_empty(), "last line must end with CRLF");
    rows
}

/// Every cell of a CSV export (its byte-order mark dropped), row after row.
pub fn csv_cells(text: &str) -> Vec<String> {
    parse_csv(text.trim_start_matches('\u{feff}')).concat()
}
