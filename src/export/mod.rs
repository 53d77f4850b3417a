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

// The verifier and Ed25519 are left out of the main wasm module: only
// tw-verify and the actions module check files.
#[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
pub mod casefile;
#[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
mod check;
mod csv;
mod har;
mod html;
mod json;
mod pictures;
pub mod signature;
mod stream;

#[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
pub use check::{
    check_summary, verify_document, verify_reader, DocumentFailure, DocumentReport, SignatureReport, TimestampReport, VerifyOptions,
};
pub(crate) use csv::write_cell;
pub use csv::{is_formula_risk, to_csv};
pub use har::to_har;
pub(crate) use html::{esc, site};
pub use html::{to_html, Labels};
pub use json::{prepare_json, to_json, PreparedJson, FORMAT, VERSION};
pub use signature::fingerprint;
pub use stream::{ExportStream, Planner, StreamFormat};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::journal::{Entry, EntryType, Members, ZERO_HASH};
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
    pub entries: Vec<StoredEntry>,
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
    /// The installation's Ed25519 public key (base64url, no padding, of the
    /// 32 raw bytes) when the JSON export is to be signed: it goes into the
    /// signed header (see [`prepare_json`]). Other formats ignore it.
    #[serde(default)]
    pub signer_public_key: Option<String>,
}

/// A journal entry as the extension stores it and passes it in for an
/// export. Its `data` stays JSON text until a format needs it, and is then
/// read one entry at a time: a 100k-entry export never holds the whole
/// journal as a tree of values, which in wasm cost more time and memory
/// than everything else the export does.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoredEntry {
    /// Position in the journal.
    pub seq: u64,
    /// RFC 3339 UTC time.
    pub time: String,
    /// What it records.
    #[serde(rename = "type")]
    pub kind: EntryType,
    /// Configured site id, or `None` for global entries.
    pub site: Option<String>,
    /// The type's own object, as JSON text.
    pub data: Box<RawValue>,
    /// `hash` of the previous entry.
    pub prev_hash: String,
    /// The entry's hash.
    pub hash: String,
}

impl StoredEntry {
    /// The `data` object (`null` if its text is not JSON, which the
    /// deserialiser already refuses).
    pub fn data(&self) -> Value {
        serde_json::from_str(self.data.get()).unwrap_or(Value::Null)
    }

    /// `data.count` when it is a whole number: how many observations a
    /// coalesced entry stands for. Reads only that member.
    fn count(&self) -> Option<u64> {
        #[derive(Deserialize)]
        struct Count {
            count: Option<Value>,
        }
        serde_json::from_str::<Count>(self.data.get()).ok()?.count?.as_u64()
    }

    fn time_ms(&self) -> Option<Millis> {
        crate::time::parse_rfc3339(&self.time).ok()
    }

    /// Appends the entry in the export layout, `data` in canonical form, to
    /// `out`: the same text as [`Entry::write_json`].
    fn write_json(&self, out: &mut String) {
        let members = Members { seq: self.seq, time: &self.time, kind: self.kind, site: self.site.as_deref() };
        members.write_json(&self.prev_hash, &self.hash, out, |out| {
            if crate::journal::write_canonical_text(self.data.get(), out).is_err() {
                // Cannot happen: the text was checked when it was read.
                out.push_str("null");
            }
        });
    }
}

impl From<Entry> for StoredEntry {
    fn from(e: Entry) -> Self {
        let data = serde_json::value::to_raw_value(&e.data).expect("a JSON value always serialises");
        StoredEntry { seq: e.seq, time: e.time, kind: e.kind, site: e.site, data, prev_hash: e.prev_hash, hash: e.hash }
    }
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
    Full(&'a StoredEntry),
    Omitted(&'a StoredEntry),
}

impl<'a> Item<'a> {
    fn entry(self) -> &'a StoredEntry {
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
        let in_from = |e: &StoredEntry| f.from.is_none_or(|from| e.time_ms().is_some_and(|t| t >= from));
        let in_to = |e: &StoredEntry| f.to.is_none_or(|to| e.time_ms().is_some_and(|t| t <= to));
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
        let sites = input.sites.iter().filter(|s| f.site.as_deref().is_none_or(|want| site_id(s) == Some(want))).collect();
        Selection { prev_hash, items, sites, omitted }
    }

    fn full(&self) -> impl Iterator<Item = &'a StoredEntry> + '_ {
        self.items.iter().filter_map(|i| match i {
            Item::Full(e) => Some(*e),
            Item::Omitted(_) => None,
        })
    }

    /// About how long an export of the selection will be, with `per_entry`
    /// bytes of layout around each entry's `data` text: the output is made
    /// in one buffer that should not have to move while it grows.
    fn size_hint(&self, per_entry: usize, data_factor: f64) -> usize {
        let data: usize = self.full().map(|e| e.data.get().len()).sum();
        8192 + self.items.len() * per_entry + (data as f64 * data_factor) as usize
    }

    fn head_hash(&self) -> &'a str {
        self.items.last().map_or(self.prev_hash, |i| i.entry().hash.as_str())
    }

    /// What the header says about this selection.
    fn span(&self) -> Span {
        let shots = self
            .full()
            .filter(|e| e.kind == EntryType::EvidenceRecorded)
            .filter_map(|e| e.data().get("screenshotSha256").and_then(Value::as_str).map(str::to_owned))
            .collect();
        Span {
            prev_hash: self.prev_hash.to_owned(),
            count: self.items.len() as u64,
            omitted: self.omitted,
            first_seq: self.items.first().map(|i| i.entry().seq),
            last_seq: self.items.last().map(|i| i.entry().seq),
            head_hash: self.head_hash().to_owned(),
            withheld: withheld(&self.items),
            shots,
        }
    }
}

/// The seq ranges of the stubs among `items`, merged: `[[first, last], ...]`.
fn withheld(items: &[Item<'_>]) -> Vec<[u64; 2]> {
    let mut runs: Vec<[u64; 2]> = Vec::new();
    for item in items {
        if let Item::Omitted(e) = item {
            push_run(&mut runs, e.seq);
        }
    }
    runs
}

/// Adds `seq` to merged runs of seqs that arrive in increasing order.
fn push_run(runs: &mut Vec<[u64; 2]>, seq: u64) {
    match runs.last_mut() {
        Some(run) if run[1] + 1 == seq => run[1] = seq,
        _ => runs.push([seq, seq]),
    }
}

/// What an export's header says about the part of the journal it holds,
/// known before its first entry is written: the chain's ends, the counts,
/// the withheld runs, and which screenshots the kept entries name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Span {
    /// Hash of the entry just before the first one held.
    pub prev_hash: String,
    /// Entries held, full or omitted.
    pub count: u64,
    /// Of those, omitted stubs.
    pub omitted: u64,
    /// Seq of the first entry held.
    pub first_seq: Option<u64>,
    /// Seq of the last entry held.
    pub last_seq: Option<u64>,
    /// Hash of the last entry held (`prev_hash` when none is).
    pub head_hash: String,
    /// The stubs' seqs as merged runs `[first, last]`.
    pub withheld: Vec<[u64; 2]>,
    /// Screenshot hashes named by the `evidence.recorded` entries held in full.
    pub shots: std::collections::BTreeSet<String>,
}

impl Span {
    /// The screenshots of `all` that the span's entries name, and that are
    /// PNG or JPEG data URLs, by hash.
    fn screenshots<'a>(&self, all: &'a BTreeMap<String, String>) -> BTreeMap<&'a str, &'a str> {
        self.shots
            .iter()
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

    /// The seqs of the first and last entries an export of this input holds
    /// (full or omitted), and its head hash: what `export.made` records so
    /// the log itself says where each file ended.
    pub fn selected_span(&self) -> (Option<u64>, Option<u64>, String) {
        let sel = Selection::new(self);
        let seq = |i: &Item| i.entry().seq;
        (sel.items.first().map(seq), sel.items.last().map(seq), sel.head_hash().to_owned())
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
#[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
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

/// The `data` members that the CSV's journal table shows, read from an
/// entry's text without building the rest: one row per entry of a 100k
/// journal makes this the export's inner loop.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Glance<'a> {
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    domain: Option<&'a RawValue>,
    #[serde(borrow)]
    path: Option<&'a RawValue>,
    #[serde(borrow)]
    area: Option<&'a RawValue>,
    #[serde(borrow)]
    host: Option<&'a RawValue>,
    #[serde(borrow)]
    key: Option<&'a RawValue>,
    #[serde(borrow)]
    request_type: Option<&'a RawValue>,
    #[serde(borrow)]
    state: Option<&'a RawValue>,
    #[serde(borrow)]
    items: Option<&'a RawValue>,
    #[serde(borrow)]
    removed: Option<&'a RawValue>,
    #[serde(borrow)]
    failed: Option<&'a RawValue>,
    #[serde(borrow)]
    format: Option<&'a RawValue>,
    #[serde(borrow)]
    count: Option<&'a RawValue>,
    #[serde(borrow)]
    note: Option<&'a RawValue>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
    #[serde(borrow)]
    archived_count: Option<&'a RawValue>,
    #[serde(borrow)]
    previous_seq: Option<&'a RawValue>,
    #[serde(borrow)]
    setting: Option<&'a RawValue>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
    #[serde(borrow)]
    vendor: Option<&'a RawValue>,
    #[serde(borrow)]
    category: Option<&'a RawValue>,
    #[serde(borrow)]
    party: Option<&'a RawValue>,
}

impl<'a> Glance<'a> {
    fn read(e: &'a StoredEntry) -> Self {
        Self::of(e.data.get())
    }

    /// The members of the `data` object whose JSON text is `data`.
    fn of(data: &'a str) -> Self {
        serde_json::from_str(data).unwrap_or_default()
    }

    /// The member `key` as [`plain`] text; empty for members not read here.
    fn plain(&self, key: &str) -> Cow<'a, str> {
        let raw = match key {
            "name" => self.name,
            "domain" => self.domain,
            "path" => self.path,
            "area" => self.area,
            "host" => self.host,
            "key" => self.key,
            "requestType" => self.request_type,
            "state" => self.state,
            "items" => self.items,
            "removed" => self.removed,
            "failed" => self.failed,
            "format" => self.format,
            "count" => self.count,
            "note" => self.note,
            "url" => self.url,
            "archivedCount" => self.archived_count,
            "previousSeq" => self.previous_seq,
            "setting" => self.setting,
            "value" => self.value,
            "vendor" => self.vendor,
            "category" => self.category,
            "party" => self.party,
            _ => None,
        };
        let Some(raw) = raw else { return Cow::Borrowed("") };
        let text = raw.get();
        if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            if !inner.contains('\\') {
                return Cow::Borrowed(inner);
            }
            return Cow::Owned(serde_json::from_str(text).unwrap_or_default());
        }
        if text == "null" {
            return Cow::Borrowed("");
        }
        let mut out = String::with_capacity(text.len());
        let _ = crate::journal::write_canonical_text(text, &mut out);
        Cow::Owned(out)
    }
}

/// A time that may be an RFC 3339 string or epoch milliseconds, as text.
fn time_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.as_i64().map(crate::time::rfc3339).unwrap_or_default(),
        other => plain(other),
    }
}

/// The one-line subject of an entry of type `kind`, whose `data` members
/// `s` gives as display text: what the entry is about.
fn subject(kind: EntryType, s: impl Fn(&str) -> String) -> String {
    match kind {
        EntryType::CookieSet | EntryType::CookieChanged | EntryType::CookieRemoved => {
            format!("{} @ {}{}", s("name"), s("domain"), s("path"))
        }
        EntryType::StorageAdded | EntryType::StorageChanged | EntryType::StorageRemoved => {
            format!("{} {}: {}", s("area"), s("host"), s("key"))
        }
        EntryType::RequestSeen => format!("{} {}{}", s("requestType"), s("host"), s("path")),
        EntryType::BehaviourSeen => format!("{} {}", s("category"), s("script")),
        EntryType::ConsentChanged => s("state"),
        EntryType::SiteAdded | EntryType::SiteRemoved | EntryType::SiteUpdated => s("name"),
        EntryType::CleanupRequested => format!("{} items", s("items")),
        EntryType::CleanupResult => format!("removed {}, failed {}", s("removed"), s("failed")),
        EntryType::ExportMade => format!("{} ({} entries)", s("format"), s("count")),
        EntryType::EvidenceRecorded => {
            let note = s("note");
            if note.is_empty() {
                s("url")
            } else {
                note
            }
        }
        EntryType::ArchiveCheckpoint => {
            format!("archived {} entries up to seq {}", s("archivedCount"), s("previousSeq"))
        }
        EntryType::SettingsChanged => format!("{} = {}", s("setting"), s("value")),
        EntryType::KeyCreated | EntryType::ReceiptIssued => format!("key {}", s("fingerprint")),
        EntryType::LetterDrafted => format!("{} (sha256 {})", s("kind"), s("sha256")),
        EntryType::LimitReached => format!("{} {} (limit {})", s("limit"), s("host"), s("max")),
        EntryType::DiaryAdded => format!("{} ({})", s("kind"), s("source")),
        EntryType::DiaryEdited | EntryType::DiaryRemoved => format!("entry {}: {}", s("id"), s("reason")),
        EntryType::TimestampAdded => format!("entry {} at {} ({})", s("headSeq"), s("genTime"), s("authority")),
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
