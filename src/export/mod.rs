//! Exports of the evidence journal: a versioned JSON evidence file (schema in
//! `docs/evidence.schema.json`), a CSV for spreadsheets and a printable HTML
//! report; plus [`verify_document`], the checks `tw-verify` runs on a JSON
//! evidence file.
//!
//! All three formats are made from one [`ExportInput`] and apply its
//! [`Filter`] the same way:
//!
//! * `from` / `to` keep the contiguous run of entries between the first one
//!   at or after `from` and the last one at or before `to`, so the run
//!   still verifies as a piece of the chain;
//! * `site` keeps that site's summaries and entries, plus global entries
//!   (`site: null`); another site's entries become *omitted stubs*
//!   (`{"seq", "omitted": true, "prevHash", "hash"}`) that keep the chain
//!   checkable without showing what happened elsewhere.
//!
//! This module only formats: it reads no clock and touches no files. Text
//! from websites is escaped for the format it goes into (HTML escaping,
//! CSV quoting and formula neutralisation); nothing here interprets it.

mod check;
mod csv;
mod html;
mod json;

pub use check::{verify_document, DocumentFailure, DocumentReport};
pub use csv::to_csv;
pub use html::{to_html, Labels};
pub use json::{to_json, FORMAT, VERSION};

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

use crate::journal::{Entry, EntryType, ZERO_HASH};
use crate::model::Millis;

/// Everything an export is made from. The extension fills it from storage
/// and passes the time in.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportInput {
    /// When the export is made (epoch ms).
    pub generated_at_ms: Millis,
    /// The program that made it.
    pub generator: Generator,
    /// Browser name and version, user agent, platform, settings in force.
    #[serde(default)]
    pub environment: Value,
    /// `site.summary` objects: `{site: {id, name, hosts}, findings, consent, ...}`.
    #[serde(default)]
    pub sites: Vec<Value>,
    /// Journal entries in order: a contiguous run of the chain.
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// Hash of the entry just before `entries[0]` ([`ZERO_HASH`] when the
    /// run starts the journal).
    #[serde(default = "zero_hash")]
    pub prev_hash: String,
    /// Which part to export.
    #[serde(default)]
    pub filter: Filter,
    /// Screenshot data URLs (`data:image/png;base64,...` or jpeg) by the
    /// lowercase hex SHA-256 of the image bytes, for `evidence.recorded`
    /// entries whose `data.screenshotSha256` names them.
    #[serde(default)]
    pub screenshots: BTreeMap<String, String>,
}

fn zero_hash() -> String {
    ZERO_HASH.to_owned()
}

/// The program that made an export.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Generator {
    /// Program name (`Tracking Witness`).
    pub name: String,
    /// Its version.
    pub version: String,
}

/// Which part of the journal to export. Empty means everything.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Filter {
    /// Only this site id (other sites' entries become omitted stubs).
    #[serde(default)]
    pub site: Option<String>,
    /// Entries at or after this time (epoch ms).
    #[serde(default)]
    pub from: Option<Millis>,
    /// Entries at or before this time (epoch ms).
    #[serde(default)]
    pub to: Option<Millis>,
}

/// An entry as exported: whole, or reduced to its place in the chain.
#[derive(Debug, Clone, Copy)]
enum Item<'a> {
    Full(&'a Entry),
    Omitted(&'a Entry),
}

impl<'a> Item<'a> {
    fn entry(self) -> &'a Entry {
        match self {
            Item::Full(e) | Item::Omitted(e) => e,
        }
    }
}

/// What the filter keeps, shared by every format.
struct Selection<'a> {
    prev_hash: &'a str,
    items: Vec<Item<'a>>,
    sites: Vec<&'a Value>,
    omitted: u64,
}

impl<'a> Selection<'a> {
    fn new(input: &'a ExportInput) -> Self {
        let f = &input.filter;
        let entries = &input.entries;
        let in_from = |e: &Entry| f.from.map_or(true, |from| e.time_ms().is_some_and(|t| t >= from));
        let in_to = |e: &Entry| f.to.map_or(true, |to| e.time_ms().is_some_and(|t| t <= to));
        let start = entries.iter().position(in_from).unwrap_or(entries.len());
        let end = entries.iter().rposition(in_to).map_or(0, |i| i + 1);
        let run = if start < end { &entries[start..end] } else { &entries[..0] };
        let prev_hash = match start {
            0 => input.prev_hash.as_str(),
            i if i <= entries.len() => entries[i - 1].hash.as_str(),
            _ => input.prev_hash.as_str(),
        };
        let mut omitted = 0;
        let items = run
            .iter()
            .map(|e| match (&f.site, &e.site) {
                (Some(want), Some(site)) if want != site => {
                    omitted += 1;
                    Item::Omitted(e)
                }
                _ => Item::Full(e),
            })
            .collect();
        let sites = input
            .sites
            .iter()
            .filter(|s| f.site.as_deref().map_or(true, |want| site_id(s) == Some(want)))
            .collect();
        Selection { prev_hash, items, sites, omitted }
    }

    fn full(&self) -> impl Iterator<Item = &'a Entry> + '_ {
        self.items.iter().filter_map(|i| match i {
            Item::Full(e) => Some(*e),
            Item::Omitted(_) => None,
        })
    }

    fn head_hash(&self) -> &'a str {
        self.items.last().map_or(self.prev_hash, |i| i.entry().hash.as_str())
    }

    /// Screenshots that some kept `evidence.recorded` entry refers to.
    fn screenshots(&self, all: &'a BTreeMap<String, String>) -> BTreeMap<&'a str, &'a str> {
        self.full()
            .filter(|e| e.kind == EntryType::EvidenceRecorded)
            .filter_map(|e| e.data.get("screenshotSha256").and_then(Value::as_str))
            .filter_map(|sha| all.get_key_value(sha))
            .filter(|(_, url)| image_data_url(url).is_some())
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

impl ExportInput {
    /// How many entries an export of this input shows in full, and how many
    /// it reduces to omitted stubs (the `export.made` entry records both).
    pub fn selected_counts(&self) -> (u64, u64) {
        let sel = Selection::new(self);
        (sel.items.len() as u64 - sel.omitted, sel.omitted)
    }
}

fn site_id(summary: &Value) -> Option<&str> {
    summary.get("site").and_then(|s| s.get("id")).and_then(Value::as_str)
}

/// The MIME type and base64 payload of a PNG or JPEG data URL; `None` for
/// anything else, so no other kind of URL reaches a report.
pub(crate) fn image_data_url(url: &str) -> Option<(&'static str, &str)> {
    let (mime, rest) = if let Some(r) = url.strip_prefix("data:image/png;base64,") {
        ("image/png", r)
    } else if let Some(r) = url.strip_prefix("data:image/jpeg;base64,") {
        ("image/jpeg", r)
    } else {
        return None;
    };
    let ok = rest.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='));
    ok.then_some((mime, rest))
}

/// Decodes canonical standard base64 (padding optional); `None` if malformed.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero, so each byte string has one encoding
    // and a data URL cannot be altered without altering the image.
    (bits < 6 && acc == 0).then_some(out)
}

/// A JSON value as one line of display text: strings as they are, `null` as
/// nothing, anything else as canonical JSON.
fn plain(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => crate::journal::canonicalize(other),
    }
}

/// A time that may be an RFC 3339 string or epoch milliseconds, as text.
fn time_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.as_i64().map(crate::time::rfc3339).unwrap_or_default(),
        other => plain(other),
    }
}

/// The one-line subject of an entry: what it is about.
fn subject(e: &Entry) -> String {
    let d = &e.data;
    let s = |k: &str| plain(d.get(k));
    match e.kind {
        EntryType::CookieSet | EntryType::CookieChanged | EntryType::CookieRemoved => {
            format!("{} @ {}{}", s("name"), s("domain"), s("path"))
        }
        EntryType::StorageAdded | EntryType::StorageChanged | EntryType::StorageRemoved => {
            format!("{} {}: {}", s("area"), s("host"), s("key"))
        }
        EntryType::RequestSeen => format!("{} {}{}", s("requestType"), s("host"), s("path")),
        EntryType::ConsentChanged => s("state"),
        EntryType::SiteAdded | EntryType::SiteRemoved | EntryType::SiteUpdated => s("name"),
        EntryType::CleanupRequested => format!("{} items", s("items")),
        EntryType::CleanupResult => format!("removed {}, failed {}", s("removed"), s("failed")),
        EntryType::ExportMade => format!("{} ({} entries)", s("format"), s("count")),
        EntryType::EvidenceRecorded => {
            let note = s("note");
            if note.is_empty() { s("url") } else { note }
        }
        EntryType::ArchiveCheckpoint => {
            format!("archived {} entries up to seq {}", s("archivedCount"), s("previousSeq"))
        }
        EntryType::SettingsChanged => format!("{} = {}", s("setting"), s("value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_known_values() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64_decode("").unwrap(), b"");
        assert!(base64_decode("a").is_none());
        assert!(base64_decode("a*b=").is_none());
        assert!(base64_decode("aGVsbG9=").is_none(), "non-zero padding bits");
    }

    #[test]
    fn only_png_and_jpeg_data_urls() {
        assert!(image_data_url("data:image/png;base64,iVBO").is_some());
        assert!(image_data_url("data:image/svg+xml;base64,PHN2Zz4=").is_none());
        assert!(image_data_url("javascript:alert(1)").is_none());
        assert!(image_data_url("data:image/png;base64,\"><script>").is_none());
    }
}
