//! Checking a JSON evidence file as a whole: the structure the schema
//! describes, the header against the chain, every entry, and the
//! screenshots against their hashes. `tw-verify` is a thin shell over
//! [`verify_document`].

use serde_json::{Map, Value};
use std::fmt;

use super::json::{FORMAT, VERSION};
use crate::error::{Error, ErrorKind};
use crate::journal::{is_hash_hex, is_safe_integer, sha256_hex, verify, Expected, Head, VerifyFailure, VerifyReport};

/// What a verified evidence file contains, for a person to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentReport {
    /// `generatedAt`.
    pub generated_at: String,
    /// `generator.name` and `generator.version`.
    pub generator: String,
    /// `(id, name)` of each site summary.
    pub sites: Vec<(String, String)>,
    /// `filter.site`, when the export was limited to one site.
    pub filter_site: Option<String>,
    /// Screenshots whose hash was checked.
    pub screenshots: usize,
    /// The chain check.
    pub chain: VerifyReport,
    /// `journal.prevHash`.
    pub prev_hash: String,
}

/// Why an evidence file does not verify.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentFailure {
    /// Not the shape the schema describes; `path` is a JSON Pointer.
    Structure {
        /// Where (`/journal/count`).
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// A `version` this code does not know.
    UnsupportedVersion(String),
    /// The journal does not verify (names the first bad entry).
    Chain(VerifyFailure),
    /// A screenshot whose bytes do not hash to its key.
    Screenshot {
        /// The key.
        sha256: String,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for DocumentFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentFailure::Structure { path, problem } => write!(f, "{path}: {problem}"),
            DocumentFailure::UnsupportedVersion(v) => {
                write!(f, "evidence format version {v} is not supported (this program reads version {VERSION})")
            }
            DocumentFailure::Chain(c) => write!(f, "journal {c}"),
            DocumentFailure::Screenshot { sha256, problem } => write!(f, "screenshot {sha256}: {problem}"),
        }
    }
}

impl std::error::Error for DocumentFailure {}

impl From<DocumentFailure> for Error {
    fn from(d: DocumentFailure) -> Self {
        let kind = match d {
            DocumentFailure::UnsupportedVersion(_) => ErrorKind::UnsupportedVersion,
            DocumentFailure::Structure { .. } => ErrorKind::InvalidInput,
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
    if ok { Ok(()) } else { Err(bad(path, "must be an RFC 3339 UTC time with milliseconds")) }
}

fn integer(m: &Map<String, Value>, path: &str, key: &str) -> Check<u64> {
    let v = member(m, path, key)?;
    v.as_u64()
        .filter(|_| is_safe_integer(v))
        .ok_or_else(|| bad(&format!("{path}/{key}"), "must be a non-negative integer"))
}

fn opt_integer(m: &Map<String, Value>, path: &str, key: &str) -> Check<Option<u64>> {
    match member(m, path, key)? {
        Value::Null => Ok(None),
        _ => integer(m, path, key).map(Some),
    }
}

fn hash<'a>(m: &'a Map<String, Value>, path: &str, key: &str) -> Check<&'a str> {
    let s = string(m, path, key)?;
    if is_hash_hex(s) { Ok(s) } else { Err(bad(&format!("{path}/{key}"), "must be 64 lowercase hex digits")) }
}

/// Checks a parsed JSON evidence file completely; the first problem found
/// is returned.
pub fn verify_document(doc: &Value) -> Result<DocumentReport, DocumentFailure> {
    let root = object(doc, "")?;
    if string(root, "", "format")? != FORMAT {
        return Err(bad("/format", format!("must be {FORMAT:?}")));
    }
    let version = member(root, "", "version")?;
    if version.as_u64() != Some(VERSION) {
        return Err(DocumentFailure::UnsupportedVersion(version.to_string()));
    }
    only(
        root,
        "",
        &["format", "version", "generatedAt", "generator", "environment", "filter", "sites", "screenshots", "journal"],
    )?;
    let generated_at = string(root, "", "generatedAt")?;
    time(generated_at, "/generatedAt")?;
    let generator = object(member(root, "", "generator")?, "/generator")?;
    only(generator, "/generator", &["name", "version"])?;
    let generator = format!("{} {}", string(generator, "/generator", "name")?, string(generator, "/generator", "version")?);
    object(member(root, "", "environment")?, "/environment")?;

    let filter = object(member(root, "", "filter")?, "/filter")?;
    only(filter, "/filter", &["site", "from", "to"])?;
    let filter_site = opt_string(filter, "/filter", "site")?.map(str::to_owned);
    for k in ["from", "to"] {
        if let Some(t) = opt_string(filter, "/filter", k)? {
            time(t, &format!("/filter/{k}"))?;
        }
    }

    let sites = member(root, "", "sites")?.as_array().ok_or_else(|| bad("/sites", "must be an array"))?;
    let mut site_names = Vec::with_capacity(sites.len());
    for (i, s) in sites.iter().enumerate() {
        site_names.push(check_site(s, &format!("/sites/{i}"))?);
    }

    let shots = object(member(root, "", "screenshots")?, "/screenshots")?;
    for (sha, url) in shots {
        check_screenshot(sha, url)?;
    }

    let j = object(member(root, "", "journal")?, "/journal")?;
    let p = "/journal";
    only(j, p, &["prevHash", "count", "omitted", "firstSeq", "lastSeq", "headHash", "entries"])?;
    let prev_hash = hash(j, p, "prevHash")?;
    let count = integer(j, p, "count")?;
    let omitted = integer(j, p, "omitted")?;
    let first_seq = opt_integer(j, p, "firstSeq")?;
    let last_seq = opt_integer(j, p, "lastSeq")?;
    let head_hash = hash(j, p, "headHash")?;
    let entries = member(j, p, "entries")?.as_array().ok_or_else(|| bad("/journal/entries", "must be an array"))?;
    if first_seq.is_some() != last_seq.is_some() || (count == 0) != first_seq.is_none() {
        return Err(bad(p, "firstSeq and lastSeq must both be null exactly when count is 0"));
    }
    if count == 0 && head_hash != prev_hash {
        return Err(bad("/journal/headHash", "must equal prevHash when there are no entries"));
    }
    let expected = Expected {
        count: Some(count),
        head: last_seq.map(|seq| Head { seq, hash: head_hash.to_owned() }),
        omitted: Some(omitted),
    };
    let chain = verify(entries, prev_hash, &expected).map_err(DocumentFailure::Chain)?;
    if chain.first_seq != first_seq {
        return Err(bad("/journal/firstSeq", "does not match the first entry's seq"));
    }
    Ok(DocumentReport {
        generated_at: generated_at.to_owned(),
        generator,
        sites: site_names,
        filter_site,
        screenshots: shots.len(),
        chain,
        prev_hash: prev_hash.to_owned(),
    })
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
