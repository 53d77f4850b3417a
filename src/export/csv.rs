//! The CSV export, for people who will open the evidence in a spreadsheet.
//!
//! UTF-8 with a byte-order mark (so Excel guesses the encoding), RFC 4180
//! quoting, CRLF line ends. First the journal, one row per entry; then a
//! blank line; then every finding of every exported site.
//!
//! Spreadsheets run a cell as a formula when it starts with `=`, `+`, `-`
//! or `@` (and some also after a leading tab or carriage return), and a
//! website chooses its cookie names and storage keys. Every such cell gets a
//! leading `'` so it is shown as text: `=HYPERLINK(...)` becomes
//! `'=HYPERLINK(...)`.

use serde_json::Value;

use super::{plain, subject, time_text, ExportInput, Glance, Item, Selection};

/// Columns of the journal table.
pub const JOURNAL_COLUMNS: [&str; 11] =
    ["seq", "time", "type", "site", "subject", "vendor", "category", "count", "data", "prevHash", "hash"];

/// Columns of the findings table.
pub const FINDING_COLUMNS: [&str; 17] = [
    "site", "kind", "name", "host", "party", "partitioned", "vendor", "vendorName", "category",
    "retentionSeconds", "firstSeen", "lastSeen", "count", "consentBreach", "reason", "detail", "siteName",
];

/// The CSV export of `input` (see the module docs for the layout).
pub fn to_csv(input: &ExportInput) -> String {
    let sel = Selection::new(input);
    let mut out = String::with_capacity(sel.size_hint(300, 1.3));
    out.push('\u{feff}');
    row(&mut out, JOURNAL_COLUMNS.iter().map(|c| (*c).to_owned()));
    // Cells are written straight into the output: this loop runs once per
    // journal entry, and a 100k-entry export must not make a million small
    // strings on the way.
    let mut data = String::new();
    for item in &sel.items {
        let e = item.entry();
        let cell = |text: &str, out: &mut String| {
            write_cell(text, out);
            out.push(',');
        };
        cell(&e.seq.to_string(), &mut out);
        match item {
            Item::Full(e) => {
                let glance = Glance::read(e);
                data.clear();
                // The text was checked when it was read, so this cannot fail.
                let _ = crate::journal::write_canonical_text(e.data.get(), &mut data);
                cell(&e.time, &mut out);
                cell(e.kind.as_str(), &mut out);
                cell(e.site.as_deref().unwrap_or(""), &mut out);
                cell(&subject(e.kind, |k| glance.plain(k).into_owned()), &mut out);
                cell(&glance.plain("vendor"), &mut out);
                cell(&glance.plain("category"), &mut out);
                cell(&glance.plain("count"), &mut out);
                cell(&data, &mut out);
            }
            Item::Omitted(_) => out.push_str(",omitted,,,,,,,"),
        }
        write_cell(&e.prev_hash, &mut out);
        out.push(',');
        write_cell(&e.hash, &mut out);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    row(&mut out, FINDING_COLUMNS.iter().map(|c| (*c).to_owned()));
    for summary in &sel.sites {
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
            row(&mut out, cells);
        }
    }
    out
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

/// Appends one cell: neutralised if a spreadsheet would run it, quoted if
/// it holds a comma, quote, CR or LF.
pub(crate) fn write_cell(cell: &str, out: &mut String) {
    let bytes = cell.as_bytes();
    let formula = matches!(bytes.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
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
}
