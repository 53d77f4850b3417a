//! The CSV export, for people who will open the evidence in a spreadsheet.
//!
//! UTF-8 with a byte-order mark (so Excel guesses the encoding), RFC 4180
//! quoting, CRLF line ends. First the journal, one row per entry; then a
//! blank line; then every finding of every exported site.
//!
//! Spreadsheets run a cell as a formula when it starts with `=`, `+`, `-`
//! or `@`, and a website chooses its cookie names and storage keys. Some
//! also skip leading spaces, tabs and line breaks first, and some read the
//! full-width forms (`＝` `＋` `－` `＠`) as the ASCII ones. Every cell that
//! starts with a line break or tab, or whose first character after
//! whitespace is one of those, gets a leading `'` so it is shown as text:
//! `=HYPERLINK(...)` becomes `'=HYPERLINK(...)`.
//!
//! Spreadsheets also cut a cell at 32,767 characters without a word. A
//! longer cell is cut here instead, and says so: how many characters are
//! left out and that the JSON export has them all.

use serde_json::Value;

use super::{plain, subject, time_text, ExportInput, Glance, Item, Selection};
use crate::journal::EntryType;

/// Columns of the journal table.
pub const JOURNAL_COLUMNS: [&str; 11] =
    ["seq", "time", "type", "site", "subject", "vendor", "category", "count", "data", "prevHash", "hash"];

/// Columns of the findings table.
pub const FINDING_COLUMNS: [&str; 17] = [
    "site",
    "kind",
    "name",
    "host",
    "party",
    "partitioned",
    "vendor",
    "vendorName",
    "category",
    "retentionSeconds",
    "firstSeen",
    "lastSeen",
    "count",
    "consentBreach",
    "reason",
    "detail",
    "siteName",
];

/// The CSV export of `input` (see the module docs for the layout).
pub fn to_csv(input: &ExportInput) -> String {
    let sel = Selection::new(input);
    let mut out = String::with_capacity(sel.size_hint(300, 1.3));
    write_header(&mut out);
    // Cells are written straight into the output: this loop runs once per
    // journal entry, and a 100k-entry export must not make a million small
    // strings on the way.
    let mut data = String::new();
    for item in &sel.items {
        write_entry(*item, &mut data, &mut out);
    }
    write_findings(&sel.sites, &mut out);
    out
}

/// The byte-order mark and the journal table's column names.
pub(crate) fn write_header(out: &mut String) {
    out.push('\u{feff}');
    row(out, JOURNAL_COLUMNS.iter().map(|c| (*c).to_owned()));
}

/// An entry's members as a journal row needs them, borrowed from wherever
/// the entry was read.
pub(crate) struct Row<'a> {
    pub seq: u64,
    pub time: &'a str,
    pub kind: EntryType,
    pub site: Option<&'a str>,
    /// The `data` member's JSON text.
    pub data: &'a str,
    /// Whether `data` is known to be in canonical form already (it is then
    /// written as it is, without checking it again).
    pub canonical: bool,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// One journal row; `data` is scratch space kept between calls.
pub(crate) fn write_entry(item: Item<'_>, data: &mut String, out: &mut String) {
    let e = item.entry();
    let row = Row {
        seq: e.seq,
        time: &e.time,
        kind: e.kind,
        site: e.site.as_deref(),
        data: e.data.get(),
        canonical: false,
        prev_hash: &e.prev_hash,
        hash: &e.hash,
    };
    write_row(&row, matches!(item, Item::Omitted(_)), data, out);
}

/// One journal row, in full or as an omitted stub's place in the chain;
/// `data` is scratch space kept between calls.
pub(crate) fn write_row(e: &Row<'_>, omitted: bool, data: &mut String, out: &mut String) {
    let cell = |text: &str, out: &mut String| {
        write_cell(text, out);
        out.push(',');
    };
    // A seq is digits: no cell needs quoting or neutralising.
    crate::journal::jcs::push_u64(e.seq, out);
    out.push(',');
    if omitted {
        out.push_str(",omitted,,,,,,,");
    } else {
        let glance = Glance::of(e.data);
        let text = if e.canonical {
            e.data
        } else {
            data.clear();
            // The text was checked when it was read, so this cannot fail.
            let _ = crate::journal::write_canonical_text(e.data, data);
            data.as_str()
        };
        cell(e.time, out);
        cell(e.kind.as_str(), out);
        cell(e.site.unwrap_or(""), out);
        cell(&subject(e.kind, |k| glance.plain(k).into_owned()), out);
        cell(&glance.plain("vendor"), out);
        cell(&glance.plain("category"), out);
        cell(&glance.plain("count"), out);
        cell(text, out);
    }
    write_cell(e.prev_hash, out);
    out.push(',');
    write_cell(e.hash, out);
    out.push_str("\r\n");
}

/// The blank line after the journal, then the findings table.
pub(crate) fn write_findings(sites: &[&Value], out: &mut String) {
    out.push_str("\r\n");
    row(out, FINDING_COLUMNS.iter().map(|c| (*c).to_owned()));
    for summary in sites {
        let site = summary.get("site");
        let id = plain(site.and_then(|s| s.get("id")));
        let name = plain(site.and_then(|s| s.get("name")));
        let findings = summary.get("findings").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        for f in findings {
            let cells = FINDING_COLUMNS.iter().map(|&col| match col {
                "site" => id.clone(),
                "siteName" => name.clone(),
                "firstSeen" | "lastSeen" => time_text(f.get(col)),
                _ => plain(f.get(col)),
            });
            row(out, cells);
        }
    }
}

fn row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(&cell, out);
    }
    out.push_str("\r\n");
}

/// The most characters (UTF-16 code units) a spreadsheet keeps in a cell.
pub const CELL_MAX: usize = 32_767;

/// Whether a spreadsheet could run `cell` as a formula (see the module docs).
pub fn is_formula_risk(cell: &str) -> bool {
    let mut chars = cell.chars().peekable();
    if matches!(chars.peek(), Some('\t' | '\r' | '\n')) {
        return true;
    }
    let first = chars.find(|c| !(c.is_whitespace() || crate::untrusted::is_invisible_control(*c)));
    matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}' | '\u{fe66}' | '\u{fe62}' | '\u{fe63}' | '\u{2212}')
    )
}

/// Appends one cell: neutralised if a spreadsheet would run it, quoted if
/// it holds a comma, quote, CR or LF, cut with a note if it is too long.
pub(crate) fn write_cell(cell: &str, out: &mut String) {
    if cell.len() > CELL_MAX {
        let units = cell.encode_utf16().count();
        if units > CELL_MAX {
            // Room for the note; a character is at most two code units.
            let mut keep = 0;
            let mut used = 0;
            for c in cell.chars() {
                if used + c.len_utf16() > CELL_MAX - 200 {
                    break;
                }
                used += c.len_utf16();
                keep += c.len_utf8();
            }
            let left = units - used;
            let cut = format!("{} [cut here: {left} more characters; the JSON export has the whole text]", &cell[..keep]);
            return write_cell(&cut, out);
        }
    }
    let bytes = cell.as_bytes();
    let formula = is_formula_risk(cell);
    let quote = bytes.iter().any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'"' {
                out.push_str(&cell[start..=i]);
                out.push('"');
                start = i + 1;
            }
        }
        out.push_str(&cell[start..]);
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> String {
        let mut out = String::new();
        write_cell(s, &mut out);
        out
    }

    #[test]
    fn neutralises_and_quotes() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assert_eq!(cell("+1-1"), "'+1-1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell(""), "");
    }

    // Issue 11: cells starting with LF, with spaces before `=`, or with a
    // full-width `＝` were not neutralised.
    #[test]
    fn neutralises_what_spreadsheets_skip_or_fold() {
        assert_eq!(cell("\n=1+1"), "\"'\n=1+1\"");
        assert_eq!(cell("   =1+1"), "'   =1+1");
        assert_eq!(cell("\u{3000}+1"), "'\u{3000}+1");
        assert_eq!(cell("＝HYPERLINK(1)"), "'＝HYPERLINK(1)");
        assert_eq!(cell("＋1"), "'＋1");
        assert_eq!(cell("－1"), "'－1");
        assert_eq!(cell("＠A1"), "'＠A1");
        assert_eq!(cell("\u{202e}=1"), "'\u{202e}=1");
        assert_eq!(cell("a=1"), "a=1");
    }

    #[test]
    fn long_cells_are_cut_with_a_note_never_by_the_spreadsheet() {
        let long = "é".repeat(40_000);
        let out = cell(&long);
        assert!(out.encode_utf16().count() <= CELL_MAX, "{}", out.encode_utf16().count());
        assert!(
            out.ends_with("é [cut here: 7433 more characters; the JSON export has the whole text]"),
            "{}",
            out.chars().rev().take(90).collect::<String>()
        );
        let astral = "😀".repeat(20_000);
        let out = cell(&astral);
        assert!(out.encode_utf16().count() <= CELL_MAX);
        assert_eq!(cell(&"a".repeat(CELL_MAX)).len(), CELL_MAX, "at the limit nothing is cut");
    }
}
