//! The append-only, hash-chained evidence journal.
//!
//! This module owns the entry format, the chain rule, verification,
//! coalescing of repeated observations and redaction of values. It does not
//! store anything: the extension keeps the entries (IndexedDB) and the
//! [`Head`], and passes the time in.
//!
//! # The chain
//!
//! Every entry is a JSON object with `seq`, `time`, `type`, `site`, `data`,
//! `prevHash` and `hash`. `hash` is the lowercase hex SHA-256 of the UTF-8
//! bytes of the RFC 8785 canonical JSON ([`canonicalize`]) of the entry
//! without its `hash` member; `prevHash` is the previous entry's `hash`, or
//! 64 zeros ([`ZERO_HASH`]) for the very first entry. `seq` counts from 1
//! without gaps, and keeps counting across archives.
//!
//! ```
//! use serde_json::json;
//! use tracking_witness::journal::{append, verify, EntryType, Expected, Head, ZERO_HASH};
//!
//! let mut head = Head::default();
//! let a = append(&mut head, 1_795_434_836_123, EntryType::ConsentChanged,
//!                Some("uk-find-a-job"), json!({"state": "rejected"})).unwrap();
//! let b = append(&mut head, 1_795_434_837_000, EntryType::RequestSeen,
//!                Some("uk-find-a-job"),
//!                json!({"host": "www.google-analytics.com", "requestType": "beacon"})).unwrap();
//! assert_eq!(b.prev_hash, a.hash);
//! let values = vec![a.to_value(), b.to_value()];
//! let report = verify(&values, ZERO_HASH, &Expected::head(head.clone())).unwrap();
//! assert_eq!(report.count, 2);
//! ```
//!
//! # Archiving
//!
//! After the user has exported the journal they may clear it. The extension
//! then deletes the stored entries and appends [`checkpoint`], which records
//! the previous head and how many entries went; its `prevHash` is the last
//! archived hash and its `seq` follows on, so the old export and every later
//! one still join into one chain.

mod coalesce;
pub mod describe;
pub mod entries;
pub(crate) mod jcs;
mod redact;
mod strict;
mod types;
mod verify;

pub use coalesce::{Coalesced, Coalescer};
pub use jcs::{
    canonicalize, cmp_utf16, hex, is_canonical, is_hash_hex, sha256_hex, short_hash, write_canonical_text, write_string, write_value,
    MAX_SAFE_INTEGER,
};
pub use redact::Redactor;
pub use strict::{parse_strict, JsonError, JsonProblem, JsonReader, Numbers};
pub use types::{is_safe_integer, EntryType, FieldKind};
pub use verify::{verify, ChainCheck, ClockStep, Expected, Problem, Pushed, VerifyFailure, VerifyReport, CLOCK_TOLERANCE_MS};

use crate::error::{Error, ErrorKind, Result};
use crate::model::Millis;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The `prevHash` of the first entry ever written: 64 zeros.
pub const ZERO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One journal entry, exactly as it is hashed, stored and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Entry {
    /// Position in the journal, from 1, without gaps.
    pub seq: u64,
    /// When it was appended: RFC 3339 UTC with milliseconds.
    pub time: String,
    /// What it records (the `type` member).
    #[serde(rename = "type")]
    pub kind: EntryType,
    /// Configured site id, or `None` (JSON `null`) for global entries.
    pub site: Option<String>,
    /// The type's own object.
    pub data: Value,
    /// `hash` of the previous entry, or [`ZERO_HASH`].
    pub prev_hash: String,
    /// SHA-256 of the canonical entry without this member.
    pub hash: String,
}

/// The end of the chain: all the extension must remember (across restarts)
/// to keep appending. `Default` is the empty journal: seq 0, [`ZERO_HASH`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Head {
    /// `seq` of the last entry (0 before any).
    pub seq: u64,
    /// `hash` of the last entry ([`ZERO_HASH`] before any).
    pub hash: String,
}

impl Default for Head {
    fn default() -> Self {
        Head { seq: 0, hash: ZERO_HASH.to_owned() }
    }
}

impl From<&Entry> for Head {
    fn from(e: &Entry) -> Self {
        Head { seq: e.seq, hash: e.hash.clone() }
    }
}

impl Entry {
    /// The entry as JSON text, members in the order `seq`, `time`, `type`,
    /// `site`, `data`, `prevHash`, `hash`, with `data` in canonical form.
    pub fn to_json_string(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write_json(&mut out);
        out
    }

    /// Appends [`Entry::to_json_string`] to `out` (used by the exports).
    pub fn write_json(&self, out: &mut String) {
        let members = Members { seq: self.seq, time: &self.time, kind: self.kind, site: self.site.as_deref() };
        members.write_json(&self.prev_hash, &self.hash, out, |out| jcs::write_value(&self.data, out));
    }

    /// The entry as a JSON value.
    pub fn to_value(&self) -> Value {
        json!({
            "seq": self.seq, "time": self.time, "type": self.kind.as_str(), "site": self.site,
            "data": self.data, "prevHash": self.prev_hash, "hash": self.hash,
        })
    }

    /// Reads an entry from JSON (no chain check: use [`verify`] for that).
    pub fn from_value(v: Value) -> Result<Entry> {
        Ok(serde_json::from_value(v)?)
    }

    /// The hash this entry should have, from its other members.
    pub fn compute_hash(&self) -> String {
        entry_hash(self.seq, &self.time, self.kind, self.site.as_deref(), &self.data, &self.prev_hash)
    }

    /// The entry's timestamp in epoch milliseconds, if `time` is well formed.
    pub fn time_ms(&self) -> Option<Millis> {
        crate::time::parse_rfc3339(&self.time).ok()
    }
}

/// An entry's members other than `data` and the links, for writing an
/// entry in the export layout (`seq`, `time`, `type`, `site`, `data`,
/// `prevHash`, `hash`) whatever form its `data` is held in.
pub(crate) struct Members<'a> {
    pub seq: u64,
    pub time: &'a str,
    pub kind: EntryType,
    pub site: Option<&'a str>,
}

impl Members<'_> {
    pub(crate) fn write_json(&self, prev_hash: &str, hash: &str, out: &mut String, data: impl FnOnce(&mut String)) {
        out.push_str("{\"seq\":");
        jcs::push_u64(self.seq, out);
        out.push_str(",\"time\":");
        jcs::write_string(self.time, out);
        out.push_str(",\"type\":\"");
        out.push_str(self.kind.as_str());
        out.push_str("\",\"site\":");
        match self.site {
            Some(s) => jcs::write_string(s, out),
            None => out.push_str("null"),
        }
        out.push_str(",\"data\":");
        data(out);
        out.push_str(",\"prevHash\":");
        jcs::write_string(prev_hash, out);
        out.push_str(",\"hash\":");
        jcs::write_string(hash, out);
        out.push('}');
    }
}

fn entry_hash(seq: u64, time: &str, kind: EntryType, site: Option<&str>, data: &Value, prev: &str) -> String {
    // The members of an entry without `hash`, already in JCS order
    // (data < prevHash < seq < site < time < type).
    let mut buf = String::with_capacity(256);
    buf.push_str("{\"data\":");
    jcs::write_value(data, &mut buf);
    buf.push_str(",\"prevHash\":");
    jcs::write_string(prev, &mut buf);
    buf.push_str(",\"seq\":");
    jcs::push_u64(seq, &mut buf);
    buf.push_str(",\"site\":");
    match site {
        Some(s) => jcs::write_string(s, &mut buf),
        None => buf.push_str("null"),
    }
    buf.push_str(",\"time\":");
    jcs::write_string(time, &mut buf);
    buf.push_str(",\"type\":\"");
    buf.push_str(kind.as_str());
    buf.push_str("\"}");
    hex(&Sha256::digest(buf.as_bytes()))
}

/// Appends an entry after `head`, returns it and moves `head` on.
///
/// `data` must suit `kind` (see [`EntryType::check_data`]): an object with
/// the type's required fields, no field outside its description
/// ([`EntryType::check_fields`]), and integers only. On error `head` is left
/// as it was. Cookie and storage values must already be redacted
/// ([`Redactor`]); repeated observations should go through a [`Coalescer`].
pub fn append(head: &mut Head, now_ms: Millis, kind: EntryType, site: Option<&str>, data: Value) -> Result<Entry> {
    kind.check_data(&data)
        .and_then(|()| kind.check_fields(&data))
        .map_err(|m| Error::new(ErrorKind::InvalidInput, format!("{kind} entry: {m}")))?;
    Ok(append_checked(head, now_ms, kind, site, data))
}

fn append_checked(head: &mut Head, now_ms: Millis, kind: EntryType, site: Option<&str>, data: Value) -> Entry {
    let seq = head.seq + 1;
    let time = crate::time::rfc3339(now_ms);
    let hash = entry_hash(seq, &time, kind, site, &data, &head.hash);
    let entry =
        Entry { seq, time, kind, site: site.map(str::to_owned), data, prev_hash: std::mem::replace(&mut head.hash, hash.clone()), hash };
    head.seq = seq;
    entry
}

/// Appends the `archive.checkpoint` entry that starts a cleared journal:
/// data `{previousSeq, previousHash, archivedCount}` from `head` and the
/// number of entries the extension has just deleted.
pub fn checkpoint(head: &mut Head, now_ms: Millis, archived_count: u64) -> Entry {
    let data = json!({
        "previousSeq": head.seq,
        "previousHash": head.hash,
        "archivedCount": archived_count,
    });
    append_checked(head, now_ms, EntryType::ArchiveCheckpoint, None, data)
}
