//! Checking a run of entries read back from storage or from an export.
//!
//! Works on `serde_json::Value`s, not [`super::Entry`]s, so that a file
//! somebody has edited by hand is judged as it is rather than as serde would
//! reshape it. The first problem found is reported, naming the entry.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::jcs::{self, is_hash_hex};
use super::types::{is_safe_integer, EntryType, FieldKind};
use super::{Head, ZERO_HASH};
use crate::error::{Error, ErrorKind};
use sha2::{Digest, Sha256};

/// What the caller knows independently of the entries, typically from an
/// export's header. Each check is made only when the value is given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expected {
    /// How many entries there should be (full and omitted).
    pub count: Option<u64>,
    /// The last entry's `seq` and `hash`: detects entries cut off the end.
    pub head: Option<Head>,
    /// How many entries should be omitted stubs (see below).
    pub omitted: Option<u64>,
}

impl Expected {
    /// Expect the chain to end at `head` (and so hold `head.seq` minus the
    /// first seq plus one entries).
    pub fn head(head: Head) -> Self {
        Expected { head: Some(head), ..Expected::default() }
    }
}

/// What a successful verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Entries checked, including omitted stubs.
    pub count: u64,
    /// Of those, omitted stubs (`{"seq", "omitted": true, "prevHash", "hash"}`):
    /// their place in the chain is proven, their content is not shown.
    pub omitted: u64,
    /// `seq` of the first entry, if any.
    pub first_seq: Option<u64>,
    /// The last entry's `seq` and `hash`, if any.
    pub head: Option<Head>,
    /// `time` of the first full entry.
    pub first_time: Option<String>,
    /// `time` of the last full entry.
    pub last_time: Option<String>,
    /// Distinct non-null `site` ids, sorted.
    pub sites: Vec<String>,
    /// Number of full entries per type.
    pub types: BTreeMap<EntryType, u64>,
    /// Entries whose time runs back by more than [`CLOCK_TOLERANCE_MS`]
    /// (the first few; flagged, not refused).
    pub clock_steps: Vec<ClockStep>,
    /// How many such entries there are in all.
    pub clock_steps_total: u64,
}

/// The first entry that does not verify, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyFailure {
    /// Position in the list (0-based); equals the list's length for problems
    /// found after the last entry (truncation).
    pub index: usize,
    /// The entry's `seq` when it could be read, or the `seq` that was
    /// expected next for truncation.
    pub seq: Option<u64>,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with an entry or with the run as a whole.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The entry is not a JSON object.
    NotAnObject,
    /// A required member is absent.
    MissingField(&'static str),
    /// A member has the wrong JSON type or form.
    WrongType {
        /// Which member.
        field: &'static str,
        /// What it should be.
        expected: &'static str,
    },
    /// A member the format does not have.
    UnknownField(String),
    /// `type` is not in the closed list.
    UnknownType(String),
    /// `time` is not RFC 3339 UTC with milliseconds.
    BadTime(String),
    /// `data` does not suit the type (message says how).
    BadData(String),
    /// `seq` is not the one expected.
    SeqGap {
        /// The seq that should be here.
        expected: u64,
        /// The seq that is.
        found: u64,
    },
    /// `prevHash` is not the previous entry's hash.
    PrevHashMismatch {
        /// The previous hash.
        expected: String,
        /// This entry's `prevHash`.
        found: String,
    },
    /// `hash` is not the hash of the entry's content: it was changed.
    BadHash {
        /// Hash recomputed from the content.
        computed: String,
        /// Hash written in the entry.
        recorded: String,
    },
    /// An `archive.checkpoint` whose data does not match its own place.
    CheckpointMismatch(String),
    /// Fewer or more entries than expected: entries were cut off or added.
    CountMismatch {
        /// Expected count.
        expected: u64,
        /// Actual count.
        found: u64,
    },
    /// The chain does not end at the expected head.
    HeadMismatch {
        /// Expected head.
        expected: Head,
        /// Actual last seq and hash (`None` when there are no entries).
        found: Option<Head>,
    },
    /// A different number of omitted stubs than expected.
    OmittedMismatch {
        /// Expected number.
        expected: u64,
        /// Actual number.
        found: u64,
    },
}

// Messages are for the people who receive evidence (advisers, case
// officers), so they say what the finding means, not only what differs.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotAnObject => write!(f, "is not a JSON object"),
            Problem::MissingField(m) => write!(f, "has no {m:?} member, which every entry must have"),
            Problem::WrongType { field, expected } => write!(f, "has a {field:?} that is not {expected}"),
            Problem::UnknownField(m) => write!(f, "has a member {m:?} that is not part of the format"),
            Problem::UnknownType(t) => write!(f, "has the unknown type {t:?}"),
            Problem::BadTime(t) => write!(f, "has the time {t:?}, which is not written as RFC 3339 UTC with milliseconds"),
            Problem::BadData(m) => write!(f, "does not hold what its type needs: {m}"),
            Problem::SeqGap { expected, .. } => {
                write!(f, "comes where entry {expected} should be: entries are missing or out of order")
            }
            Problem::PrevHashMismatch { .. } => write!(
                f,
                "does not follow on from the entry before it (its prevHash is not that entry's hash): entries were removed, reordered or changed"
            ),
            Problem::BadHash { computed, recorded } => write!(
                f,
                "was changed after it was written: its content no longer matches its hash (recorded {recorded}, content hashes to {computed})"
            ),
            Problem::CheckpointMismatch(m) => write!(f, "is an archive checkpoint that does not match its own place in the chain: {m}"),
            Problem::CountMismatch { expected, found } if found < expected => write!(
                f,
                "the file ends early: its header says {expected} entries but it holds {found}; entries are missing, or the header was rewritten"
            ),
            Problem::CountMismatch { expected, found } => write!(
                f,
                "the file holds {found} entries where its header says {expected}: entries were added, or the header was rewritten"
            ),
            Problem::HeadMismatch { expected, found } => match found {
                Some(h) => write!(
                    f,
                    "the file ends early, or its header was rewritten: the header says the last entry is seq {} (hash {}), but the entries end at seq {} (hash {})",
                    expected.seq, expected.hash, h.seq, h.hash
                ),
                None => write!(f, "the file has no entries, but its header says they run to seq {}", expected.seq),
            },
            Problem::OmittedMismatch { expected, found } => {
                write!(f, "the header says {expected} entries are withheld, but the file has {found} withheld entries")
            }
        }
    }
}

impl Problem {
    /// Whether the problem is with the run as a whole rather than one entry.
    fn is_about_the_run(&self) -> bool {
        matches!(self, Problem::CountMismatch { .. } | Problem::HeadMismatch { .. } | Problem::OmittedMismatch { .. })
    }
}

impl fmt::Display for VerifyFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problem.is_about_the_run() {
            if let (Problem::CountMismatch { found, expected }, Some(next)) = (&self.problem, self.seq) {
                if found < expected {
                    return write!(f, "{} (entries from seq {next} on are missing)", self.problem);
                }
            }
            return write!(f, "{}", self.problem);
        }
        let index = self.index + 1;
        match (self.seq, &self.problem) {
            (Some(seq), _) => write!(f, "entry {seq} (number {index} in the file) {}", self.problem),
            (None, _) => write!(f, "entry number {index} in the file {}", self.problem),
        }
    }
}

impl std::error::Error for VerifyFailure {}

impl From<VerifyFailure> for Error {
    fn from(f: VerifyFailure) -> Self {
        Error::new(ErrorKind::BrokenChain, f.to_string())
    }
}

const FULL_FIELDS: [&str; 7] = ["seq", "time", "type", "site", "data", "prevHash", "hash"];
const STUB_FIELDS: [&str; 4] = ["seq", "omitted", "prevHash", "hash"];

/// Verifies `entries` as a contiguous run of the chain whose entry before
/// the first has hash `prev_hash_before_first` ([`ZERO_HASH`] for a journal
/// from its start), then checks what `expected` says about the run.
///
/// Each entry must have exactly the members `seq`, `time`, `type`, `site`,
/// `data`, `prevHash`, `hash` with the right types; `seq` must follow on
/// (and be 1 after [`ZERO_HASH`]); `prevHash` must be the previous hash;
/// `hash` must match the content; `data` must suit the type.
///
/// An *omitted stub* `{"seq", "omitted": true, "prevHash", "hash"}` stands
/// for an entry left out of a site-filtered export: its seq and links are
/// checked, its hash is taken as given. [`VerifyReport::omitted`] counts
/// them so nobody mistakes a filtered export for a complete one. Whether a
/// stub may be there at all is for the caller to judge (an evidence file's
/// `withheld` list, see [`crate::export`]).
pub fn verify(entries: &[Value], prev_hash_before_first: &str, expected: &Expected) -> Result<VerifyReport, VerifyFailure> {
    let mut chain = ChainCheck::new(prev_hash_before_first);
    for value in entries {
        chain.push(value)?;
    }
    chain.finish(expected)
}

/// How far an entry's time may fall behind the entry before it before the
/// verifier flags it: a computer's clock corrected by a time server moves
/// by seconds, not minutes.
pub const CLOCK_TOLERANCE_MS: i64 = 2 * 60 * 1000;

/// An entry whose time is more than [`CLOCK_TOLERANCE_MS`] earlier than the
/// full entry before it. Not a break in the chain (the hashes still hold),
/// but a reader should know the clock went back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockStep {
    /// The entry whose time is earlier.
    pub seq: u64,
    /// The full entry before it.
    pub after_seq: u64,
    /// How much earlier, in milliseconds.
    pub back_ms: i64,
}

/// What [`ChainCheck::push`] found an entry to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// A full entry with this seq.
    Full(u64),
    /// An omitted stub with this seq.
    Stub(u64),
}

/// The entry-by-entry form of [`verify`], for callers that read entries one
/// at a time and keep none of them.
pub struct ChainCheck {
    report: VerifyReport,
    sites: BTreeSet<String>,
    from_start: bool,
    prev_hash: String,
    prev_seq: Option<u64>,
    prev_time: Option<(u64, i64)>,
    index: usize,
    buf: String,
    /// The `data` members of the entry on the fast road: name start and
    /// end, value start (see [`ChainCheck::push_canonical`]).
    members: Vec<(usize, usize, usize)>,
}

/// How many clock steps a report lists one by one (it counts them all).
const CLOCK_STEPS_LISTED: usize = 20;

impl ChainCheck {
    /// A check of a run whose entry before the first has hash `prev_hash`.
    pub fn new(prev_hash: &str) -> Self {
        ChainCheck {
            report: VerifyReport {
                count: 0,
                omitted: 0,
                first_seq: None,
                head: None,
                first_time: None,
                last_time: None,
                sites: Vec::new(),
                types: BTreeMap::new(),
                clock_steps: Vec::new(),
                clock_steps_total: 0,
            },
            sites: BTreeSet::new(),
            from_start: prev_hash == ZERO_HASH,
            prev_hash: prev_hash.to_owned(),
            prev_seq: None,
            prev_time: None,
            index: 0,
            buf: String::with_capacity(512),
            members: Vec::with_capacity(16),
        }
    }

    /// Checks the next entry.
    pub fn push(&mut self, value: &Value) -> Result<Pushed, VerifyFailure> {
        let index = self.index;
        let fail = |seq: Option<u64>, problem| VerifyFailure { index, seq, problem };
        let Some(map) = value.as_object() else { return Err(fail(None, Problem::NotAnObject)) };
        let seq = match map.get("seq") {
            None => return Err(fail(None, Problem::MissingField("seq"))),
            Some(v) if is_safe_integer(v) && v.as_u64().is_some_and(|s| s >= 1) => v.as_u64().unwrap_or(0),
            Some(_) => return Err(fail(None, Problem::WrongType { field: "seq", expected: "a whole number from 1 to 2^53 - 1" })),
        };
        let fail = |problem| VerifyFailure { index, seq: Some(seq), problem };
        let stub = map.get("omitted").is_some();
        let fields: &[&str] = if stub { &STUB_FIELDS } else { &FULL_FIELDS };
        // Every field present and no more members than fields means no
        // stray member; only then is each member's name looked at.
        let missing = fields.iter().find(|k| !map.contains_key(**k));
        if missing.is_some() || map.len() != fields.len() {
            if let Some(k) = map.keys().find(|k| !fields.contains(&k.as_str())) {
                return Err(fail(Problem::UnknownField(k.clone())));
            }
        }
        if let Some(k) = missing {
            return Err(fail(Problem::MissingField(k)));
        }
        if stub && map.get("omitted") != Some(&Value::Bool(true)) {
            return Err(fail(Problem::WrongType { field: "omitted", expected: "true" }));
        }
        let hash = hash_member(map, "hash").map_err(fail)?;
        let entry_prev = hash_member(map, "prevHash").map_err(fail)?;

        if let Some(want) = self.next_seq().filter(|&w| w != seq) {
            return Err(fail(Problem::SeqGap { expected: want, found: seq }));
        }
        if entry_prev != self.prev_hash {
            return Err(fail(Problem::PrevHashMismatch { expected: self.prev_hash.clone(), found: entry_prev.to_owned() }));
        }

        if stub {
            self.report.omitted += 1;
        } else {
            let (kind, ms) = check_full(map, seq).map_err(fail)?;
            self.buf.clear();
            jcs::write_object(map, Some("hash"), &mut self.buf);
            let computed = jcs::sha256_hex(self.buf.as_bytes());
            if computed != hash {
                return Err(fail(Problem::BadHash { computed, recorded: hash.to_owned() }));
            }
            let time = map.get("time").and_then(Value::as_str).unwrap_or_default();
            self.note_full(seq, kind, time, ms, map.get("site").and_then(Value::as_str));
        }
        self.advance(seq, hash);
        Ok(if stub { Pushed::Stub(seq) } else { Pushed::Full(seq) })
    }

    /// The seq the next entry must have, when the run so far fixes it.
    pub fn next_seq(&self) -> Option<u64> {
        match self.prev_seq {
            Some(p) => Some(p + 1),
            None if self.from_start => Some(1),
            None => None,
        }
    }

    /// The fast road for a full entry written the way an export writes it:
    /// its members in the order `seq`, `time`, `type`, `site`, `data`,
    /// `prevHash`, `hash` (or sorted by name), each value in canonical
    /// form, no whitespace.
    /// Then the canonical text the hash covers is the entry's own bytes
    /// rearranged, and no tree needs building.
    ///
    /// `b` starts at the entry's `{` and may run on past its end. Answers
    /// the entry's length in bytes, its seq and its type when the entry is
    /// such an entry and passes every check [`ChainCheck::push`] makes, and
    /// has then been counted exactly as `push` would count it. Answers
    /// `None`, having changed nothing, for anything else, good or bad: an
    /// omitted stub, an entry in another form, an `archive.checkpoint` or
    /// `timestamp.added` (whose callers want the tree), or an entry that
    /// fails a check. The caller then reads the entry as a tree and calls
    /// `push`, which judges it and names what is wrong.
    pub fn push_canonical(&mut self, b: &[u8]) -> Option<(usize, u64, EntryType)> {
        // Members by number: 0 seq, 1 time, 2 type, 3 site, 4 data,
        // 5 prevHash, 6 hash. Two layouts: the export's, and the canonical
        // one (sorted by name), which a JSON tool that sorts keys writes.
        const EXPORT: [(&[u8], usize); 7] = [
            (b"{\"seq\":", 0),
            (b",\"time\":", 1),
            (b",\"type\":", 2),
            (b",\"site\":", 3),
            (b",\"data\":", 4),
            (b",\"prevHash\":", 5),
            (b",\"hash\":", 6),
        ];
        const SORTED: [(&[u8], usize); 7] = [
            (b"{\"data\":", 4),
            (b",\"hash\":", 6),
            (b",\"prevHash\":", 5),
            (b",\"seq\":", 0),
            (b",\"site\":", 3),
            (b",\"time\":", 1),
            (b",\"type\":", 2),
        ];
        let layout = if b.starts_with(b"{\"seq\":") { &EXPORT } else { &SORTED };
        let mut spans = [(0usize, 0usize); 7];
        let mut at = 0;
        for &(lead, i) in layout {
            if !b.get(at..)?.starts_with(lead) {
                return None;
            }
            let start = at + lead.len();
            at = match i {
                0 => jcs::canonical_u64_at(b, start)?.0,
                3 if b.get(start..)?.starts_with(b"null") => start + 4,
                4 => self.canonical_data(b, start)?,
                _ => jcs::plain_string_at(b, start)?,
            };
            spans[i] = (start, at);
        }
        if b.get(at) != Some(&b'}') {
            return None;
        }
        let len = at + 1;
        let text = std::str::from_utf8(&b[..len]).ok()?;
        let part = |i: usize| &text[spans[i].0..spans[i].1];
        let inner = |i: usize| &text[spans[i].0 + 1..spans[i].1 - 1];
        let seq = jcs::canonical_u64_at(b, spans[0].0)?.1;
        let (hash, entry_prev) = (inner(6), inner(5));
        if seq == 0 || self.next_seq().is_some_and(|w| w != seq) || !is_hash_hex(hash) || entry_prev != self.prev_hash {
            return None;
        }
        let kind = EntryType::parse(inner(2))?;
        if matches!(kind, EntryType::ArchiveCheckpoint | EntryType::TimestampAdded) {
            return None;
        }
        let time = inner(1);
        let ms = crate::time::parse_rfc3339(time).ok()?;
        if crate::time::rfc3339(ms) != time {
            return None;
        }
        if !self.data_suits(b, kind) {
            return None;
        }
        // The canonical text: the same members sorted by name, `hash` left out.
        let mut sha = Sha256::new();
        for (lead, i) in
            [("{\"data\":", 4), (",\"prevHash\":", 5), (",\"seq\":", 0), (",\"site\":", 3), (",\"time\":", 1), (",\"type\":", 2)]
        {
            sha.update(lead.as_bytes());
            sha.update(part(i).as_bytes());
        }
        sha.update(b"}");
        if !jcs::digest_is_hex(&sha.finalize(), hash) {
            return None;
        }
        let site = (part(3) != "null").then(|| inner(3));
        self.note_full(seq, kind, time, ms, site);
        self.advance(seq, hash);
        Some((len, seq, kind))
    }

    /// Reads the canonical object that is an entry's `data`, starting at
    /// `at`, noting each member's name and where its value starts; its end.
    fn canonical_data(&mut self, b: &[u8], at: usize) -> Option<usize> {
        self.members.clear();
        if b.get(at) != Some(&b'{') {
            return None;
        }
        let mut at = at + 1;
        if b.get(at) == Some(&b'}') {
            return Some(at + 1);
        }
        let mut prev: Option<&str> = None;
        loop {
            let end = jcs::plain_string_at(b, at)?;
            let name = std::str::from_utf8(&b[at + 1..end - 1]).ok()?;
            if prev.is_some_and(|p| jcs::cmp_utf16(p, name) != std::cmp::Ordering::Less) || b.get(end) != Some(&b':') {
                return None;
            }
            prev = Some(name);
            let value = end + 1;
            self.members.push((at + 1, end - 1, value));
            at = jcs::canonical_value_at(b, value)?;
            match *b.get(at)? {
                b',' => at += 1,
                b'}' => return Some(at + 1),
                _ => return None,
            }
        }
    }

    /// Whether the `data` members noted by [`ChainCheck::canonical_data`]
    /// hold what `kind` requires, judged as [`EntryType::check_data`] judges
    /// the tree (every number in canonical text is a safe integer already).
    fn data_suits(&self, b: &[u8], kind: EntryType) -> bool {
        kind.required_data().iter().all(|&(field, want)| {
            let Some(&(_, _, v)) = self.members.iter().find(|&&(n0, n1, _)| &b[n0..n1] == field.as_bytes()) else {
                return false;
            };
            match want {
                FieldKind::String => b[v] == b'"',
                FieldKind::Integer => matches!(b[v], b'-' | b'0'..=b'9'),
                FieldKind::Array => b[v] == b'[',
                FieldKind::Object => b[v] == b'{',
                FieldKind::Boolean => matches!(b[v], b't' | b'f'),
                FieldKind::Hash => {
                    b.get(v + 65) == Some(&b'"') && b[v] == b'"' && b[v + 1..v + 65].iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
                }
                FieldKind::Any => true,
            }
        })
    }

    /// What a full entry adds to the report, once it is known to be sound.
    fn note_full(&mut self, seq: u64, kind: EntryType, time: &str, ms: crate::model::Millis, site: Option<&str>) {
        let report = &mut self.report;
        if report.first_time.is_none() {
            report.first_time = Some(time.to_owned());
        }
        match &mut report.last_time {
            Some(t) => {
                t.clear();
                t.push_str(time);
            }
            None => report.last_time = Some(time.to_owned()),
        }
        if let Some((after_seq, before)) = self.prev_time {
            if before - ms > CLOCK_TOLERANCE_MS {
                report.clock_steps_total += 1;
                if report.clock_steps.len() < CLOCK_STEPS_LISTED {
                    report.clock_steps.push(ClockStep { seq, after_seq, back_ms: before - ms });
                }
            }
        }
        self.prev_time = Some((seq, ms));
        if let Some(site) = site {
            if !self.sites.contains(site) {
                self.sites.insert(site.to_owned());
            }
        }
        *report.types.entry(kind).or_insert(0) += 1;
    }

    /// Moves the check past an entry (full or stub) with this seq and hash.
    fn advance(&mut self, seq: u64, hash: &str) {
        self.report.first_seq.get_or_insert(seq);
        self.report.count += 1;
        self.prev_seq = Some(seq);
        self.prev_hash.clear();
        self.prev_hash.push_str(hash);
        self.index += 1;
    }

    /// How many entries have been checked so far.
    pub fn count(&self) -> u64 {
        self.report.count
    }

    /// The last entry's seq and hash so far.
    pub fn head(&self) -> Option<Head> {
        self.prev_seq.map(|seq| Head { seq, hash: self.prev_hash.clone() })
    }

    /// Checks the run as a whole against `expected`.
    pub fn finish(mut self, expected: &Expected) -> Result<VerifyReport, VerifyFailure> {
        let mut report = self.report;
        report.head = self.prev_seq.map(|seq| Head { seq, hash: std::mem::take(&mut self.prev_hash) });
        report.sites = self.sites.into_iter().collect();
        let end = |problem| VerifyFailure { index: self.index, seq: self.prev_seq.map(|s| s + 1), problem };
        if let Some(want) = expected.count.filter(|&c| c != report.count) {
            return Err(end(Problem::CountMismatch { expected: want, found: report.count }));
        }
        if let Some(want) = expected.head.as_ref().filter(|h| report.head.as_ref() != Some(*h)) {
            return Err(end(Problem::HeadMismatch { expected: want.clone(), found: report.head.clone() }));
        }
        if let Some(want) = expected.omitted.filter(|&c| c != report.omitted) {
            return Err(end(Problem::OmittedMismatch { expected: want, found: report.omitted }));
        }
        Ok(report)
    }
}

fn hash_member<'a>(map: &'a Map<String, Value>, field: &'static str) -> Result<&'a str, Problem> {
    map.get(field)
        .and_then(Value::as_str)
        .filter(|h| is_hash_hex(h))
        .ok_or(Problem::WrongType { field, expected: "64 lowercase hex digits" })
}

/// Member checks of a full entry beyond presence: types, time form, data.
/// Gives the entry's type and its time in epoch milliseconds.
fn check_full(map: &Map<String, Value>, seq: u64) -> Result<(EntryType, crate::model::Millis), Problem> {
    let kind = match map.get("type") {
        Some(Value::String(t)) => EntryType::parse(t).ok_or_else(|| Problem::UnknownType(t.clone()))?,
        _ => return Err(Problem::WrongType { field: "type", expected: "a string" }),
    };
    let ms = match map.get("time") {
        Some(Value::String(t)) => match crate::time::parse_rfc3339(t) {
            Ok(ms) if crate::time::rfc3339(ms) == *t => ms,
            _ => return Err(Problem::BadTime(t.clone())),
        },
        _ => return Err(Problem::WrongType { field: "time", expected: "a string" }),
    };
    if !matches!(map.get("site"), Some(Value::String(_) | Value::Null)) {
        return Err(Problem::WrongType { field: "site", expected: "a string or null" });
    }
    let data = map.get("data").unwrap_or(&Value::Null);
    kind.check_data(data).map_err(Problem::BadData)?;
    if kind == EntryType::ArchiveCheckpoint {
        let prev_seq = data.get("previousSeq").and_then(Value::as_u64).unwrap_or(0);
        if prev_seq + 1 != seq {
            return Err(Problem::CheckpointMismatch(format!("previousSeq {prev_seq} but seq {seq}")));
        }
        if data.get("previousHash") != map.get("prevHash") {
            return Err(Problem::CheckpointMismatch("previousHash differs from prevHash".to_owned()));
        }
    }
    Ok((kind, ms))
}
