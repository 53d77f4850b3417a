//! Checking a JSON evidence file as a whole: the structure the schema
//! describes, the header against the chain, every entry, the withheld
//! list against the stubs, the screenshots against their hashes, and the
//! signature. `tw-verify` and the actions module are thin shells over
//! [`verify_reader`].
//!
//! The file is read once, from start to end, through a strict reader
//! ([`JsonReader`]): only one entry (or one site summary, one screenshot)
//! is held at a time, so memory stays flat however long the journal is.
//! That is why the members must come in the order the format gives: the
//! header has to be known before the entries are checked against it.

use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;
use std::io::Read;

use super::json::{FORMAT, VERSION};
use super::signature;
use crate::error::{Error, ErrorKind};
use crate::journal::{
    is_hash_hex, is_safe_integer, sha256_hex, ChainCheck, Expected, Head, JsonError, JsonProblem, JsonReader, Numbers, Pushed,
    VerifyFailure, VerifyReport,
};

/// What the caller wants looked up while the file is read.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Seqs whose entries' hashes to report in [`DocumentReport::pinned`]
    /// (receipts and pins name an entry by seq and hash).
    pub pins: Vec<u64>,
    /// The timestamp authority certificates the reader trusts
    /// (`tw-verify --tsa-cert`); none: each token is checked against the
    /// certificate it carries, and the report says so.
    pub tsa_certs: Vec<cms::cert::x509::Certificate>,
}

/// A `timestamp.added` entry whose token was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampReport {
    /// The entry's seq.
    pub seq: u64,
    /// The entry it timestamps.
    pub head_seq: u64,
    /// That entry's hash.
    pub head_hash: String,
    /// The authority's URL, as journaled.
    pub authority: String,
    /// What the token says.
    pub stamp: crate::timestamp::Stamp,
    /// The token's DER bytes.
    pub token: Vec<u8>,
}

/// A valid signature: which key made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureReport {
    /// base64url of the 32-byte public key.
    pub public_key: String,
    /// Its fingerprint (`3f2a-91c0-5b7e-0d44-a1b2`).
    pub fingerprint: String,
}

/// What a verified evidence file contains, for a person to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentReport {
    /// The file's `version` (1 or 2).
    pub version: u64,
    /// `generatedAt`.
    pub generated_at: String,
    /// `generator.name` and `generator.version`.
    pub generator: String,
    /// `(id, name)` of each site summary.
    pub sites: Vec<(String, String)>,
    /// `filter.site`, when the export was limited to one site.
    pub filter_site: Option<String>,
    /// `filter.from` and `filter.to`.
    pub filter_period: (Option<String>, Option<String>),
    /// The seq ranges withheld (version 2; empty for version 1).
    pub withheld: Vec<[u64; 2]>,
    /// The signature, when the file has one (it was checked: a bad one
    /// fails the file).
    pub signature: Option<SignatureReport>,
    /// Screenshots whose hash was checked.
    pub screenshots: usize,
    /// The chain check.
    pub chain: VerifyReport,
    /// `journal.prevHash`.
    pub prev_hash: String,
    /// The `archive.checkpoint` that opens the file, if one does.
    pub opening_checkpoint: Option<Checkpoint>,
    /// The seq and hash of each entry [`VerifyOptions::pins`] asked for
    /// that the file holds.
    pub pinned: Vec<Head>,
    /// The trusted timestamps the file holds, each checked.
    pub timestamps: Vec<TimestampReport>,
}

impl DocumentReport {
    /// The hash the file's chain ends at (`prevHash` when it is empty).
    pub fn head_hash(&self) -> &str {
        self.chain.head.as_ref().map_or(self.prev_hash.as_str(), |h| h.hash.as_str())
    }
}

/// Why an evidence file does not verify.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentFailure {
    /// Not JSON as evidence must be: bad syntax, a repeated member name, a
    /// number that is not a plain whole number, or the file cut short.
    Json(JsonError),
    /// Not the shape the schema describes; `path` is a JSON Pointer.
    Structure {
        /// Where (`/journal/count`).
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// A `version` this code does not know.
    UnsupportedVersion(String),
    /// The journal does not verify (names the first bad entry, whose text,
    /// cut to a few hundred characters, comes second).
    Chain(VerifyFailure, Option<String>),
    /// Omitted stubs where the format does not allow them, or not matching
    /// the `withheld` list.
    Withheld(String),
    /// A screenshot whose bytes do not hash to its key.
    Screenshot {
        /// The key.
        sha256: String,
        /// What is wrong.
        problem: String,
    },
    /// The signature is malformed or does not verify.
    Signature(String),
    /// A `timestamp.added` entry whose token does not bear it out.
    Timestamp {
        /// The entry.
        seq: u64,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for DocumentFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentFailure::Json(e) => write!(f, "{e}"),
            DocumentFailure::Structure { path, problem } => write!(f, "{path}: {problem}"),
            DocumentFailure::UnsupportedVersion(v) => {
                write!(f, "evidence format version {v} is not supported (this program reads versions 1 to {VERSION})")
            }
            DocumentFailure::Chain(c, _) => write!(f, "{c}"),
            DocumentFailure::Withheld(m) => write!(f, "{m}"),
            DocumentFailure::Screenshot { sha256, problem } => write!(f, "screenshot {sha256}: {problem}"),
            DocumentFailure::Signature(m) => write!(f, "{m}"),
            DocumentFailure::Timestamp { seq, problem } => write!(f, "the trusted timestamp in entry {seq} does not hold: {problem}"),
        }
    }
}

impl std::error::Error for DocumentFailure {}

impl From<DocumentFailure> for Error {
    fn from(d: DocumentFailure) -> Self {
        let kind = match d {
            DocumentFailure::UnsupportedVersion(_) => ErrorKind::UnsupportedVersion,
            DocumentFailure::Structure { .. } | DocumentFailure::Json(_) => ErrorKind::InvalidInput,
            _ => ErrorKind::BrokenChain,
        };
        Error::new(kind, d.to_string())
    }
}

type Check<T> = Result<T, DocumentFailure>;

fn bad(path: &str, problem: impl Into<String>) -> DocumentFailure {
    DocumentFailure::Structure { path: path.to_owned(), problem: problem.into() }
}

fn object<'a>(v: &'a Value, path: &str) -> Check<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| bad(path, "must be an object"))
}

fn member<'a>(m: &'a Map<String, Value>, path: &str, key: &str) -> Check<&'a Value> {
    m.get(key).ok_or_else(|| bad(&format!("{path}/{key}"), "is missing"))
}

fn only(m: &Map<String, Value>, path: &str, allowed: &[&str]) -> Check<()> {
    match m.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(bad(&format!("{path}/{k}"), "is not part of the format")),
        None => Ok(()),
    }
}

fn string<'a>(m: &'a Map<String, Value>, path: &str, key: &str) -> Check<&'a str> {
    member(m, path, key)?.as_str().ok_or_else(|| bad(&format!("{path}/{key}"), "must be a string"))
}

fn opt_string<'a>(m: &'a Map<String, Value>, path: &str, key: &str) -> Check<Option<&'a str>> {
    match member(m, path, key)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(bad(&format!("{path}/{key}"), "must be a string or null")),
    }
}

fn time(s: &str, path: &str) -> Check<()> {
    let ok = crate::time::parse_rfc3339(s).is_ok_and(|ms| crate::time::rfc3339(ms) == s);
    if ok {
        Ok(())
    } else {
        Err(bad(path, "must be an RFC 3339 UTC time with milliseconds"))
    }
}

fn integer_value(v: &Value, path: &str) -> Check<u64> {
    v.as_u64().filter(|_| is_safe_integer(v)).ok_or_else(|| bad(path, "must be a non-negative integer"))
}

fn opt_integer_value(v: &Value, path: &str) -> Check<Option<u64>> {
    match v {
        Value::Null => Ok(None),
        _ => integer_value(v, path).map(Some),
    }
}

fn hash_value<'a>(v: &'a Value, path: &str) -> Check<&'a str> {
    v.as_str().filter(|s| is_hash_hex(s)).ok_or_else(|| bad(path, "must be 64 lowercase hex digits"))
}

/// The top-level members in the order the format gives them; `withheld`
/// and `signature` are version 2 only, `signature` optional.
const TOP: [&str; 12] = [
    "format",
    "version",
    "generatedAt",
    "generator",
    "environment",
    "filter",
    "withheld",
    "sites",
    "screenshots",
    "journal",
    "signature",
    "",
];
const JOURNAL: [&str; 7] = ["prevHash", "count", "omitted", "firstSeq", "lastSeq", "headHash", "entries"];

/// Reads member names of one object in the order `order` fixes.
struct Members<'o> {
    path: &'static str,
    order: &'o [&'o str],
    seen: HashSet<String>,
    first: bool,
}

impl<'o> Members<'o> {
    fn new(path: &'static str, order: &'o [&'o str]) -> Self {
        Members { path, order, seen: HashSet::new(), first: true }
    }

    fn next<R: Read>(&mut self, r: &mut JsonReader<R>) -> Check<Option<String>> {
        let name = r.next_member(&mut self.first).map_err(DocumentFailure::Json)?;
        if let Some(n) = &name {
            if !self.seen.insert(n.clone()) {
                return Err(DocumentFailure::Json(JsonError { line: r.line(), problem: JsonProblem::DuplicateName(n.clone()) }));
            }
        }
        Ok(name)
    }

    /// The next member, which must be `want`.
    fn expect<R: Read>(&mut self, r: &mut JsonReader<R>, want: &str) -> Check<()> {
        match self.next(r)? {
            Some(n) if n == want => Ok(()),
            other => Err(self.misplaced(other, want)),
        }
    }

    fn place(&self, name: &str) -> Option<usize> {
        self.order.iter().position(|k| *k == name)
    }

    fn misplaced(&self, found: Option<String>, want: &str) -> DocumentFailure {
        let path = self.path;
        match found {
            None => bad(&format!("{path}/{want}"), "is missing"),
            Some(n) if self.place(&n) > self.place(want) => bad(
                &format!("{path}/{want}"),
                format!("is missing (it must come before \"{n}\": the format fixes the order of the members)"),
            ),
            Some(n) if self.order.contains(&n.as_str()) => bad(
                &format!("{path}/{n}"),
                format!(
                    "comes where \"{want}\" belongs; the format fixes the order of the members, so that a file can be checked in one pass"
                ),
            ),
            Some(n) => bad(&format!("{path}/{n}"), "is not part of the format"),
        }
    }
}

/// Checks a parsed JSON evidence file completely (it is written out in the
/// format's member order and read back with [`verify_reader`]).
pub fn verify_document(doc: &Value) -> Result<DocumentReport, DocumentFailure> {
    let mut text = Vec::new();
    write_in_file_order(doc, &mut text);
    verify_reader(text.as_slice(), &VerifyOptions::default())
}

/// `doc` as JSON with its top-level and `journal` members in the format's
/// order (unknown members after the known ones), so that a `Value` — whose
/// maps are sorted — can be checked like a file.
fn write_in_file_order(doc: &Value, out: &mut Vec<u8>) {
    let Some(map) = doc.as_object() else {
        out.extend_from_slice(doc.to_string().as_bytes());
        return;
    };
    let ordered = |map: &Map<String, Value>, order: &[&str], out: &mut Vec<u8>, nested: &dyn Fn(&str, &Value, &mut Vec<u8>)| {
        out.push(b'{');
        let known = order.iter().filter(|k| map.contains_key(**k)).map(|k| (*k, &map[*k]));
        let rest = map.iter().filter(|(k, _)| !order.contains(&k.as_str())).map(|(k, v)| (k.as_str(), v));
        for (i, (k, v)) in known.chain(rest).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(Value::from(k).to_string().as_bytes());
            out.push(b':');
            nested(k, v, out);
        }
        out.push(b'}');
    };
    let plain = |_: &str, v: &Value, out: &mut Vec<u8>| out.extend_from_slice(v.to_string().as_bytes());
    ordered(map, &TOP, out, &|k, v, out| match (k, v.as_object()) {
        ("journal", Some(j)) => ordered(j, &JOURNAL, out, &plain),
        _ => plain(k, v, out),
    });
}

/// Checks an evidence file read from `input` completely, in one pass; the
/// first problem found is returned.
///
/// Beyond the structure and the chain: numbers in the hashed and signed
/// parts must be whole; no member name may repeat in any object; omitted
/// stubs may appear only in a site-filtered export, and (version 2) exactly
/// at the seqs the `withheld` list names; a `signature` must verify over
/// the signed header with the file's own public key.
pub fn verify_reader<R: Read>(input: R, options: &VerifyOptions) -> Result<DocumentReport, DocumentFailure> {
    let json = DocumentFailure::Json;
    let mut r = JsonReader::new(input);
    let mut top = Members::new("", &TOP);
    r.begin_object().map_err(json)?;

    top.expect(&mut r, "format")?;
    if r.value(Numbers::Integers).map_err(json)?.as_str() != Some(FORMAT) {
        return Err(bad("/format", format!("must be {FORMAT:?}: this is not a Tracking Witness evidence file")));
    }
    top.expect(&mut r, "version")?;
    let version_value = r.value(Numbers::Any).map_err(json)?;
    let version = match version_value.as_u64() {
        Some(v @ (1 | 2)) if is_safe_integer(&version_value) => v,
        _ => return Err(DocumentFailure::UnsupportedVersion(version_value.to_string())),
    };
    top.expect(&mut r, "generatedAt")?;
    let generated_at = match r.value(Numbers::Integers).map_err(json)? {
        Value::String(s) => s,
        _ => return Err(bad("/generatedAt", "must be a string")),
    };
    time(&generated_at, "/generatedAt")?;

    top.expect(&mut r, "generator")?;
    let generator_value = r.value(Numbers::Integers).map_err(json)?;
    let generator = object(&generator_value, "/generator")?;
    only(generator, "/generator", &["name", "version"])?;
    let generator_text = format!("{} {}", string(generator, "/generator", "name")?, string(generator, "/generator", "version")?);

    top.expect(&mut r, "environment")?;
    object(&r.value(Numbers::Any).map_err(json)?, "/environment")?;

    top.expect(&mut r, "filter")?;
    let filter_value = r.value(Numbers::Integers).map_err(json)?;
    let filter = object(&filter_value, "/filter")?;
    only(filter, "/filter", &["site", "from", "to"])?;
    let filter_site = opt_string(filter, "/filter", "site")?.map(str::to_owned);
    let mut period = [None, None];
    for (i, k) in ["from", "to"].into_iter().enumerate() {
        if let Some(t) = opt_string(filter, "/filter", k)? {
            time(t, &format!("/filter/{k}"))?;
            period[i] = Some(t.to_owned());
        }
    }

    let (withheld_value, withheld) = if version >= 2 {
        top.expect(&mut r, "withheld")?;
        let v = r.value(Numbers::Integers).map_err(json)?;
        let ranges = check_withheld(&v, filter_site.is_some())?;
        (v, ranges)
    } else {
        (Value::Array(Vec::new()), Vec::new())
    };

    top.expect(&mut r, "sites")?;
    r.begin_array().map_err(json)?;
    let mut site_names = Vec::new();
    let mut first = true;
    while r.next_item(&mut first).map_err(json)? {
        let s = r.value(Numbers::Any).map_err(json)?;
        site_names.push(check_site(&s, &format!("/sites/{}", site_names.len()))?);
    }

    top.expect(&mut r, "screenshots")?;
    r.begin_object().map_err(json)?;
    let mut shots = Members::new("/screenshots", &[]);
    let mut screenshots = 0;
    while let Some(sha) = shots.next(&mut r)? {
        let url = r.value(Numbers::Integers).map_err(json)?;
        check_screenshot(&sha, &url)?;
        screenshots += 1;
    }

    top.expect(&mut r, "journal")?;
    r.begin_object().map_err(json)?;
    let p = "/journal";
    let mut jm = Members::new(p, &JOURNAL);
    let mut header = Map::new();
    for k in &JOURNAL[..6] {
        jm.expect(&mut r, k)?;
        header.insert((*k).to_owned(), r.value(Numbers::Integers).map_err(json)?);
    }
    let at = |k: &str| format!("{p}/{k}");
    let prev_hash = hash_value(&header["prevHash"], &at("prevHash"))?.to_owned();
    let count = integer_value(&header["count"], &at("count"))?;
    let omitted = integer_value(&header["omitted"], &at("omitted"))?;
    let first_seq = opt_integer_value(&header["firstSeq"], &at("firstSeq"))?;
    let last_seq = opt_integer_value(&header["lastSeq"], &at("lastSeq"))?;
    let head_hash = hash_value(&header["headHash"], &at("headHash"))?.to_owned();
    if first_seq.is_some() != last_seq.is_some() || (count == 0) != first_seq.is_none() {
        return Err(bad(p, "firstSeq and lastSeq must both be null exactly when count is 0"));
    }
    if count == 0 && head_hash != prev_hash {
        return Err(bad("/journal/headHash", "must equal prevHash when there are no entries"));
    }

    jm.expect(&mut r, "entries")?;
    r.begin_array().map_err(json)?;
    let mut chain = ChainCheck::new(&prev_hash);
    let mut pins: Vec<u64> = options.pins.clone();
    pins.sort_unstable();
    let mut pinned = Vec::new();
    let mut opening_checkpoint = None;
    let mut timestamps = Vec::new();
    let mut range = 0usize;
    // Whether an entry's being shown or withheld agrees with the list.
    let mut withheld_check = |seq: u64, stub: bool| -> Check<()> {
        if version < 2 {
            return Ok(());
        }
        while range < withheld.len() && withheld[range][1] < seq {
            range += 1;
        }
        let listed = range < withheld.len() && withheld[range][0] <= seq;
        if stub && !listed {
            return Err(DocumentFailure::Withheld(format!(
                "entry {seq} is hidden (an omitted stub), but the file's withheld list does not name it: its content was removed from the file"
            )));
        }
        if !stub && listed {
            return Err(DocumentFailure::Withheld(format!(
                "the file's withheld list names entry {seq}, but the file shows it in full: the list was changed"
            )));
        }
        Ok(())
    };
    let mut first = true;
    while r.next_item(&mut first).map_err(json)? {
        // Entries as an export writes them take the fast road (no tree),
        // but the first (which may be a checkpoint) and pinned ones, which
        // are wanted as trees below.
        let fast = chain.count() > 0 && chain.next_seq().is_some_and(|s| pins.binary_search(&s).is_err());
        if fast {
            if let Some(seq) = r.take_buffered(|b| chain.push_canonical(b).map(|(len, seq, _)| (len, seq))).map_err(json)? {
                withheld_check(seq, false)?;
                continue;
            }
        }
        let entry = r.value(Numbers::Integers).map_err(json)?;
        let pushed = chain.push(&entry).map_err(|f| DocumentFailure::Chain(f, Some(cut(&entry))))?;
        let (seq, stub) = match pushed {
            Pushed::Full(s) => (s, false),
            Pushed::Stub(s) => (s, true),
        };
        if stub && filter_site.is_none() {
            return Err(DocumentFailure::Withheld(format!(
                "entry {seq} is hidden (an omitted stub) in an export of the whole journal, where nothing may be left out: its content was removed from the file"
            )));
        }
        withheld_check(seq, stub)?;
        if chain.count() == 1 && !stub {
            opening_checkpoint = checkpoint_of(&entry, seq);
        }
        if !stub && entry.get("type").and_then(Value::as_str) == Some("timestamp.added") {
            timestamps.push(check_timestamp(&entry, seq, &options.tsa_certs)?);
        }
        if pins.binary_search(&seq).is_ok() {
            if let Some(h) = entry.get("hash").and_then(Value::as_str) {
                pinned.push(Head { seq, hash: h.to_owned() });
            }
        }
    }
    if let Some(extra) = jm.next(&mut r)? {
        return Err(jm.misplaced(Some(extra), "the end of the journal object"));
    }

    let signature = if version >= 2 {
        match top.next(&mut r)? {
            None => None,
            Some(n) if n == "signature" => {
                let v = r.value(Numbers::Integers).map_err(json)?;
                if let Some(extra) = top.next(&mut r)? {
                    return Err(top.misplaced(Some(extra), "the end of the file"));
                }
                let message = signature::SignedHeader {
                    version,
                    generated_at: &generated_at,
                    generator: &generator_value,
                    filter: &filter_value,
                    withheld: &withheld_value,
                    journal: &header,
                    public_key: v.get("publicKey").and_then(Value::as_str).unwrap_or_default(),
                }
                .text();
                Some(check_signature(&v, &message)?)
            }
            other => return Err(top.misplaced(other, "signature")),
        }
    } else {
        match top.next(&mut r)? {
            None => None,
            Some(n) if n == "signature" || n == "withheld" => return Err(bad(&format!("/{n}"), "is not part of version 1 of the format")),
            other => return Err(top.misplaced(other, "the end of the file")),
        }
    };
    r.end().map_err(json)?;

    let expected = Expected { count: Some(count), head: last_seq.map(|seq| Head { seq, hash: head_hash.clone() }), omitted: Some(omitted) };
    let chain = chain.finish(&expected).map_err(|f| DocumentFailure::Chain(f, None))?;
    if chain.first_seq != first_seq {
        return Err(bad("/journal/firstSeq", "does not match the first entry's seq"));
    }
    let listed: u64 = withheld.iter().map(|w| w[1] - w[0] + 1).sum();
    if version >= 2 && listed != chain.omitted {
        return Err(DocumentFailure::Withheld(format!(
            "the file's withheld list names {listed} entries, but the file leaves out {}: the list was changed",
            chain.omitted
        )));
    }
    Ok(DocumentReport {
        version,
        generated_at,
        generator: generator_text,
        sites: site_names,
        filter_site,
        filter_period: (period[0].take(), period[1].take()),
        withheld,
        signature,
        screenshots,
        chain,
        prev_hash,
        opening_checkpoint,
        pinned,
        timestamps,
    })
}

/// A `timestamp.added` entry (its chain already checked): it names the
/// entry it follows, and its token is a valid timestamp of that entry's
/// hash, at the time the entry gives.
fn check_timestamp(entry: &Value, seq: u64, given: &[cms::cert::x509::Certificate]) -> Check<TimestampReport> {
    let fail = |problem: String| DocumentFailure::Timestamp { seq, problem };
    let data = &entry["data"];
    let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let (head_hash, authority, gen_time) = (text("headHash"), text("authority"), text("genTime"));
    let head_seq = data.get("headSeq").and_then(Value::as_u64).unwrap_or(0);
    let prev = entry.get("prevHash").and_then(Value::as_str).unwrap_or_default();
    if head_seq + 1 != seq || head_hash != prev {
        return Err(fail(format!(
            "it says it timestamps entry {head_seq}, but a timestamp always follows the entry it is for (entry {}, hash {})",
            seq - 1,
            crate::receipt::short_hash(prev)
        )));
    }
    let token = crate::timestamp::base64_decode(&text("token")).ok_or_else(|| fail("its token is not base64".to_owned()))?;
    let stamp = crate::timestamp::check_token(&token, &head_hash, given).map_err(|p| fail(p.to_string()))?;
    if stamp.gen_time != gen_time {
        return Err(fail(format!("the entry gives the time {gen_time}, but the authority signed {}", stamp.gen_time)));
    }
    Ok(TimestampReport { seq, head_seq, head_hash, authority, stamp, token })
}
/// The withheld list: `[[first, last], ...]`, inclusive, ascending, not
/// overlapping nor touching (touching runs are written as one); empty
/// unless the export is filtered to one site.
fn check_withheld(v: &Value, filtered: bool) -> Check<Vec<[u64; 2]>> {
    let p = "/withheld";
    let items = v.as_array().ok_or_else(|| bad(p, "must be an array"))?;
    let mut out: Vec<[u64; 2]> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{p}/{i}");
        let pair = match item.as_array().map(Vec::as_slice) {
            Some([a, b]) => [integer_value(a, &at)?, integer_value(b, &at)?],
            _ => return Err(bad(&at, "must be a pair [first seq, last seq]")),
        };
        if pair[0] == 0 || pair[0] > pair[1] {
            return Err(bad(&at, "must be a pair of seqs from 1 with the first not after the last"));
        }
        if out.last().is_some_and(|prev| prev[1] + 1 >= pair[0]) {
            return Err(bad(&at, "must come after the previous range, with a gap (touching ranges are written as one)"));
        }
        out.push(pair);
    }
    if !out.is_empty() && !filtered {
        return Err(DocumentFailure::Withheld(
            "the file says entries are withheld, but it is an export of the whole journal, where nothing may be left out".to_owned(),
        ));
    }
    Ok(out)
}

fn check_signature(v: &Value, message: &str) -> Check<SignatureReport> {
    let sig = |m: &str| DocumentFailure::Signature(m.to_owned());
    let map = object(v, "/signature")?;
    only(map, "/signature", &["algorithm", "publicKey", "fingerprint", "value"])?;
    let algorithm = string(map, "/signature", "algorithm")?;
    if algorithm != signature::ALGORITHM {
        return Err(sig(&format!("the signature uses {algorithm:?}, which this program does not check (only Ed25519)")));
    }
    let public_key = string(map, "/signature", "publicKey")?;
    let key = signature::public_key_bytes(public_key).map_err(|_| sig("the signature's public key is not base64url of 32 bytes"))?;
    let fingerprint = signature::fingerprint(public_key).map_err(|e| sig(e.message()))?;
    if string(map, "/signature", "fingerprint")? != fingerprint {
        return Err(sig(&format!("the fingerprint written in the file is not the fingerprint of its public key (which is {fingerprint})")));
    }
    let value = signature::signature_bytes(string(map, "/signature", "value")?)
        .map_err(|_| sig("the signature value is not base64url of 64 bytes"))?;
    if !signature::ed25519_valid(&key, message.as_bytes(), &value) {
        return Err(sig(
            "the signature does not match: the file's header was changed after it was signed, or the signature was not made by the key in this file",
        ));
    }
    Ok(SignatureReport { public_key: public_key.to_owned(), fingerprint })
}

/// What an `archive.checkpoint` entry says of the archived part before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The checkpoint's own `seq`.
    pub seq: u64,
    /// `previousSeq`: the last archived entry.
    pub previous_seq: u64,
    /// `previousHash`: that entry's hash.
    pub previous_hash: String,
    /// `archivedCount`: how many entries the archive deleted, which is how
    /// many the file exported just before it holds.
    pub archived_count: u64,
}

fn checkpoint_of(entry: &Value, seq: u64) -> Option<Checkpoint> {
    if entry.get("type")?.as_str()? != "archive.checkpoint" {
        return None;
    }
    let data = entry.get("data")?;
    Some(Checkpoint {
        seq,
        previous_seq: data.get("previousSeq")?.as_u64()?,
        previous_hash: data.get("previousHash")?.as_str()?.to_owned(),
        archived_count: data.get("archivedCount")?.as_u64()?,
    })
}

/// An entry's text for a message, cut to 600 characters.
fn cut(entry: &Value) -> String {
    let text = entry.to_string();
    let mut out: String = text.chars().take(600).collect();
    if out.len() < text.len() {
        out.push_str(" ...");
    }
    out
}

/// Finding members and the JSON types the schema allows for them.
const FINDING_FIELDS: &[(&str, &[&str])] = &[
    ("kind", &["string"]),
    ("name", &["string"]),
    ("host", &["string"]),
    ("party", &["string"]),
    ("partitioned", &["boolean"]),
    ("vendor", &["string", "null"]),
    ("vendorName", &["string", "null"]),
    ("category", &["string"]),
    ("retentionSeconds", &["integer", "null"]),
    ("firstSeen", &["string", "integer"]),
    ("lastSeen", &["string", "integer"]),
    ("count", &["integer"]),
    ("reason", &["string"]),
    ("consentBreach", &["boolean"]),
    ("detail", &["object"]),
];

fn json_type_is(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => is_safe_integer(v),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => false,
    }
}

fn check_site(s: &Value, path: &str) -> Check<(String, String)> {
    let s = object(s, path)?;
    let site = object(member(s, path, "site")?, &format!("{path}/site"))?;
    let sp = format!("{path}/site");
    let id = string(site, &sp, "id")?;
    let name = string(site, &sp, "name")?;
    let hosts = member(site, &sp, "hosts")?;
    if !hosts.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
        return Err(bad(&format!("{sp}/hosts"), "must be an array of strings"));
    }
    let findings = member(s, path, "findings")?.as_array().ok_or_else(|| bad(&format!("{path}/findings"), "must be an array"))?;
    for (i, f) in findings.iter().enumerate() {
        let fp = format!("{path}/findings/{i}");
        let f = object(f, &fp)?;
        for k in ["kind", "name", "host"] {
            member(f, &fp, k)?;
        }
        for (k, types) in FINDING_FIELDS {
            if let Some(v) = f.get(*k) {
                if !types.iter().any(|t| json_type_is(v, t)) {
                    return Err(bad(&format!("{fp}/{k}"), format!("must be {}", types.join(" or "))));
                }
            }
        }
    }
    Ok((id.to_owned(), name.to_owned()))
}

fn check_screenshot(sha: &str, url: &Value) -> Check<()> {
    let fail = |problem: &str| DocumentFailure::Screenshot { sha256: sha.to_owned(), problem: problem.to_owned() };
    if !is_hash_hex(sha) {
        return Err(fail("key is not 64 lowercase hex digits"));
    }
    let url = url.as_str().ok_or_else(|| fail("is not a string"))?;
    let (_, b64) = super::image_data_url(url).ok_or_else(|| fail("is not a PNG or JPEG base64 data URL"))?;
    let bytes = super::base64_decode(b64).ok_or_else(|| fail("is not valid base64"))?;
    if sha256_hex(&bytes) != sha {
        return Err(fail("image bytes do not hash to this key (image altered)"));
    }
    Ok(())
}

/// The outcome of checking one evidence file, as the log page's "Check a
/// file" shows it: `{verified: true, version, signature: {fingerprint} |
/// null, count, omitted, withheld, firstSeq, lastSeq, firstTime, lastTime,
/// sites, headHash, headShort, prevHash, clockSteps, screenshots}` or
/// `{verified: false, reason, badEntry}`. `reason` is the same plain-words
/// sentence `tw-verify` prints; a page shows it as text.
pub fn check_summary(bytes: &[u8]) -> Value {
    match verify_reader(bytes, &VerifyOptions::default()) {
        Ok(r) => document_summary(&r),
        Err(f) => failure_summary(&f),
    }
}

/// A verified file's facts, as [`check_summary`] gives them (the case
/// file's summary gives its evidence's the same way).
pub(crate) fn document_summary(r: &DocumentReport) -> Value {
    let c = &r.chain;
    serde_json::json!({
        "verified": true,
        "version": r.version,
        "signature": r.signature.as_ref().map(|s| serde_json::json!({"fingerprint": s.fingerprint})),
        "count": c.count,
        "omitted": c.omitted,
        "withheld": r.withheld,
        "firstSeq": c.first_seq,
        "lastSeq": c.head.as_ref().map(|h| h.seq),
        "firstTime": c.first_time,
        "lastTime": c.last_time,
        "sites": r.sites.iter().map(|(id, name)| serde_json::json!({"id": id, "name": name})).collect::<Vec<_>>(),
        "headHash": r.head_hash(),
        "headShort": crate::journal::short_hash(r.head_hash()),
        "prevHash": r.prev_hash,
        "clockSteps": c.clock_steps_total,
        "screenshots": r.screenshots,
        "generatedAt": r.generated_at,
    })
}

/// Why a file does not verify, as [`check_summary`] gives it.
pub(crate) fn failure_summary(f: &DocumentFailure) -> Value {
    serde_json::json!({"verified": false, "reason": f.to_string(), "badEntry": f.bad_entry()})
}

impl DocumentFailure {
    /// The seq of the first entry that fails, when the chain is what fails.
    pub fn bad_entry(&self) -> Option<u64> {
        match self {
            DocumentFailure::Chain(v, _) => v.seq,
            _ => None,
        }
    }
}
