//! Checking a case file (what `tw-verify FILE.zip` runs): the manifest and
//! its signature, every file against the manifest, nothing missing and
//! nothing added, the receipts against the evidence, and the JSON evidence
//! itself with the streaming verifier. Each file is read once, through the
//! zip's own reader, a buffer at a time.

use std::fmt;
use std::io::{Read, Seek};

use sha2::{Digest, Sha256};
use zip::result::ZipError;
use zip::ZipArchive;

use super::{valid_name, Manifest, EVIDENCE_NAME, MANIFEST_FORMAT, MANIFEST_NAME, MANIFEST_VERSION};
use crate::export::check::{
    document_summary, failure_summary, verify_reader, DocumentFailure, DocumentReport, SignatureReport, VerifyOptions,
};
use crate::export::signature;
use crate::journal::{short_hash, JsonProblem};

/// The largest manifest or receipt read (a real one is a few kilobytes).
const SMALL_FILE_MAX: u64 = 16 * 1024 * 1024;

/// One thing wrong with a case file, in words a reader understands.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseFileProblem {
    /// The zip itself cannot be read as a zip.
    NotAZip(String),
    /// No `manifest.json`.
    NoManifest,
    /// The manifest is not what a case file's manifest must be.
    BadManifest(String),
    /// The manifest's signature is malformed or does not verify.
    ManifestSignature(String),
    /// The manifest and the JSON evidence are signed by different keys.
    OtherKey {
        /// The manifest's key's fingerprint.
        manifest: String,
        /// The evidence's key's fingerprint, or `None` when it is unsigned.
        evidence: Option<String>,
    },
    /// A file the manifest names is not in the zip.
    Missing(String),
    /// A file in the zip the manifest does not name.
    Extra(String),
    /// A file whose bytes are not the ones the manifest names.
    Altered {
        /// The file.
        name: String,
        /// How it differs.
        how: String,
    },
    /// The JSON evidence does not verify.
    Evidence(DocumentFailure),
    /// The manifest names another head than the evidence ends at.
    HeadHash {
        /// The manifest's.
        manifest: String,
        /// The evidence's.
        evidence: String,
    },
    /// A file in `timestamps/` that is not the token of a `timestamp.added`
    /// entry in the evidence.
    Timestamp {
        /// The file.
        name: String,
    },
    /// A receipt in the case file that the evidence does not bear out.
    Receipt {
        /// The receipt's file.
        name: String,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for CaseFileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CaseFileProblem as P;
        match self {
            P::NotAZip(e) => write!(f, "this is not a readable zip file ({e}): it is damaged, or not a case file"),
            P::NoManifest => write!(f, "the case file has no {MANIFEST_NAME}, so nothing says which files belong in it"),
            P::BadManifest(m) => write!(f, "{MANIFEST_NAME} is not a case file manifest: {m}"),
            P::ManifestSignature(m) => write!(f, "the manifest's signature does not match: {m}"),
            P::OtherKey { manifest, evidence: Some(e) } => write!(
                f,
                "the manifest is signed by another key (fingerprint {manifest}) than the evidence (fingerprint {e}): the case file was put together again by someone else"
            ),
            P::OtherKey { manifest, evidence: None } => {
                write!(f, "the manifest is signed (fingerprint {manifest}) but the evidence is not: the case file was put together again by someone else")
            }
            P::Missing(n) => write!(f, "{n} is missing: the manifest lists it, but it is not in the zip"),
            P::Extra(n) => write!(f, "{n} was added: it is in the zip, but the manifest does not list it"),
            P::Altered { name, how } => write!(f, "{name} was changed after the case file was made: {how}"),
            P::Evidence(e) => write!(f, "the evidence ({EVIDENCE_NAME}) does not verify: {e}"),
            P::HeadHash { manifest, evidence } => write!(
                f,
                "the manifest says the evidence ends at hash {}, but {EVIDENCE_NAME} ends at {}",
                short(manifest),
                short(evidence)
            ),
            P::Receipt { name, problem } => write!(f, "{name}: {problem}"),
            P::Timestamp { name } => write!(
                f,
                "{name} is not the token of any trusted timestamp in the evidence: it does not belong to this log"
            ),
        }
    }
}

impl CaseFileProblem {
    /// One word for the kind of problem, for a page to word it in the
    /// reader's language: `notAZip`, `noManifest`, `badManifest`,
    /// `manifestSignature`, `otherKey`, `missing`, `extra`, `altered`,
    /// `evidence`, `headHash`, `timestamp`, `receipt`.
    pub fn kind(&self) -> &'static str {
        use CaseFileProblem as P;
        match self {
            P::NotAZip(_) => "notAZip",
            P::NoManifest => "noManifest",
            P::BadManifest(_) => "badManifest",
            P::ManifestSignature(_) => "manifestSignature",
            P::OtherKey { .. } => "otherKey",
            P::Missing(_) => "missing",
            P::Extra(_) => "extra",
            P::Altered { .. } => "altered",
            P::Evidence(_) => "evidence",
            P::HeadHash { .. } => "headHash",
            P::Timestamp { .. } => "timestamp",
            P::Receipt { .. } => "receipt",
        }
    }

    /// The file in the case file the problem is about (`None`: the zip
    /// as a whole).
    pub fn file(&self) -> Option<&str> {
        use CaseFileProblem as P;
        match self {
            P::NotAZip(_) => None,
            P::NoManifest | P::BadManifest(_) | P::ManifestSignature(_) | P::OtherKey { .. } => Some(MANIFEST_NAME),
            P::Evidence(_) | P::HeadHash { .. } => Some(EVIDENCE_NAME),
            P::Missing(n) | P::Extra(n) | P::Altered { name: n, .. } | P::Timestamp { name: n } | P::Receipt { name: n, .. } => Some(n),
        }
    }
}

fn short(h: &str) -> String {
    short_hash(h).unwrap_or_else(|| h.to_owned())
}

/// What was found in a case file. It verified when `problems` is empty.
#[derive(Debug, Clone, Default)]
pub struct CaseFileReport {
    /// The manifest, when it could be read.
    pub manifest: Option<Manifest>,
    /// The manifest's signature, when it has one that verifies.
    pub signature: Option<SignatureReport>,
    /// The JSON evidence's report, when it verified.
    pub evidence: Option<DocumentReport>,
    /// Files whose SHA-256 and size match the manifest.
    pub matched: usize,
    /// The receipts in the case file that the evidence bears out:
    /// `(file, seq, hash)`.
    pub receipts: Vec<(String, u64, String)>,
    /// The token files in `timestamps/`, each the token of the evidence's
    /// `timestamp.added` entry with that seq: `(file, seq)`.
    pub timestamps: Vec<(String, u64)>,
    /// Everything wrong, in the order found.
    pub problems: Vec<CaseFileProblem>,
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    size: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}

/// Checks the case file `input`. `options.pins` are looked up in the
/// evidence beside the receipts the case file holds. An `Err` is an input
/// that could not be read at all (exit status 2); everything else found
/// wrong is in [`CaseFileReport::problems`].
pub fn verify_case_file<R: Read + Seek>(input: R, options: &VerifyOptions) -> std::io::Result<CaseFileReport> {
    let mut report = CaseFileReport::default();
    let mut zip = match ZipArchive::new(input) {
        Ok(z) => z,
        Err(ZipError::Io(e)) => return Err(e),
        Err(e) => {
            report.problems.push(CaseFileProblem::NotAZip(e.to_string()));
            return Ok(report);
        }
    };
    let Some(manifest) = read_manifest(&mut zip, &mut report) else { return Ok(report) };
    report.signature = check_signature(&manifest, &mut report.problems);

    let in_zip: Vec<String> = match zip.file_names().map(|n| n.map(|n| n.into_owned())).collect() {
        Ok(names) => names,
        Err(e) => {
            report.problems.push(CaseFileProblem::NotAZip(e.to_string()));
            return Ok(report);
        }
    };
    for name in &in_zip {
        if name != MANIFEST_NAME && !manifest.files.iter().any(|f| &f.name == name) {
            report.problems.push(CaseFileProblem::Extra(name.clone()));
        }
    }

    // The receipts first: their seqs are looked up while the evidence is read.
    let mut receipts = Vec::new();
    for f in manifest.files.iter().filter(|f| f.name.starts_with("receipts/") && in_zip.contains(&f.name)) {
        let mut text = String::new();
        let read = zip.by_name(&f.name).map_err(to_io).and_then(|e| e.take(SMALL_FILE_MAX).read_to_string(&mut text));
        match read.ok().and_then(|_| receipt_pin(&text)) {
            Some((seq, hash)) => receipts.push((f.name.clone(), seq, hash)),
            None => report.problems.push(CaseFileProblem::Receipt {
                name: f.name.clone(),
                problem: "it holds no receipt line (tw-receipt:1:SEQ:HASH)".to_owned(),
            }),
        }
    }
    let mut tokens = Vec::new();
    for f in manifest.files.iter().filter(|f| f.name.starts_with("timestamps/") && in_zip.contains(&f.name)) {
        let mut bytes = Vec::new();
        if zip.by_name(&f.name).map_err(to_io).and_then(|e| e.take(SMALL_FILE_MAX).read_to_end(&mut bytes)).is_ok() {
            tokens.push((f.name.clone(), bytes));
        }
    }
    let mut options = options.clone();
    options.pins.extend(receipts.iter().map(|r| r.1));

    for f in &manifest.files {
        if !in_zip.contains(&f.name) {
            report.problems.push(CaseFileProblem::Missing(f.name.clone()));
            continue;
        }
        let entry = match zip.by_name(&f.name) {
            Ok(e) => e,
            Err(ZipError::Io(e)) => return Err(e),
            Err(e) => {
                report
                    .problems
                    .push(CaseFileProblem::Altered { name: f.name.clone(), how: format!("it cannot be read from the zip ({e})") });
                continue;
            }
        };
        let mut reader = Hashing { inner: entry, hash: Sha256::new(), size: 0 };
        let mut damaged = None;
        if f.name == manifest.evidence {
            match verify_reader(&mut reader, &options) {
                Ok(r) => report.evidence = Some(r),
                Err(DocumentFailure::Json(e)) if matches!(e.problem, JsonProblem::Io(_)) => damaged = Some(e.to_string()),
                Err(e) => report.problems.push(CaseFileProblem::Evidence(e)),
            }
        }
        if damaged.is_none() {
            if let Err(e) = std::io::copy(&mut reader, &mut std::io::sink()) {
                damaged = Some(e.to_string());
            }
        }
        if let Some(e) = damaged {
            let how = format!("its bytes no longer match the checksum the zip keeps for it ({e})");
            report.problems.push(CaseFileProblem::Altered { name: f.name.clone(), how });
            continue;
        }
        let sha256 = format!("{:x}", reader.hash.finalize());
        if sha256 != f.sha256 || reader.size != f.size {
            let how = format!(
                "the manifest gives it {} bytes with SHA-256 {}, but it has {} bytes with SHA-256 {}",
                f.size, f.sha256, reader.size, sha256
            );
            report.problems.push(CaseFileProblem::Altered { name: f.name.clone(), how });
        } else {
            report.matched += 1;
        }
    }

    if let Some(ev) = &report.evidence {
        if let Some(m) = &report.signature {
            let other = ev.signature.as_ref().map(|s| &s.public_key) != Some(&m.public_key);
            if other {
                let evidence = ev.signature.as_ref().map(|s| s.fingerprint.clone());
                report.problems.push(CaseFileProblem::OtherKey { manifest: m.fingerprint.clone(), evidence });
            }
        }
        if ev.head_hash() != manifest.head_hash {
            report.problems.push(CaseFileProblem::HeadHash { manifest: manifest.head_hash.clone(), evidence: ev.head_hash().to_owned() });
        }
        for (name, bytes) in tokens {
            match ev.timestamps.iter().find(|t| t.token == bytes) {
                Some(t) => report.timestamps.push((name, t.seq)),
                None => report.problems.push(CaseFileProblem::Timestamp { name }),
            }
        }
        for (name, seq, hash) in receipts {
            match ev.pinned.iter().find(|h| h.seq == seq) {
                Some(h) if h.hash == hash => report.receipts.push((name, seq, hash)),
                Some(h) => report.problems.push(CaseFileProblem::Receipt {
                    name,
                    problem: format!(
                        "the evidence holds a different entry {seq} (hash {}) from the one the receipt pins (hash {})",
                        short(&h.hash),
                        short(&hash)
                    ),
                }),
                None => report.problems.push(CaseFileProblem::Receipt {
                    name,
                    problem: format!("the evidence does not contain the entry the receipt pins (entry {seq}, hash {})", short(&hash)),
                }),
            }
        }
    }
    report.manifest = Some(manifest);
    Ok(report)
}

fn to_io(e: ZipError) -> std::io::Error {
    match e {
        ZipError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    }
}

fn read_manifest<R: Read + Seek>(zip: &mut ZipArchive<R>, report: &mut CaseFileReport) -> Option<Manifest> {
    let bad = |m: String| CaseFileProblem::BadManifest(m);
    let mut bytes = Vec::new();
    match zip.by_name(MANIFEST_NAME) {
        Ok(e) => {
            if let Err(e) = e.take(SMALL_FILE_MAX).read_to_end(&mut bytes) {
                report.problems.push(CaseFileProblem::Altered {
                    name: MANIFEST_NAME.to_owned(),
                    how: format!("its bytes no longer match the checksum the zip keeps for it ({e})"),
                });
                return None;
            }
        }
        Err(ZipError::FileNotFound) => {
            report.problems.push(CaseFileProblem::NoManifest);
            return None;
        }
        Err(e) => {
            report.problems.push(bad(e.to_string()));
            return None;
        }
    }
    // serde refuses a repeated member name and any member not in the format.
    let manifest: Manifest = match serde_json::from_slice(&bytes) {
        Ok(m) => m,
        Err(e) => {
            report.problems.push(bad(e.to_string()));
            return None;
        }
    };
    let problem = if manifest.format != MANIFEST_FORMAT {
        Some(format!("its format is {:?}, not {MANIFEST_FORMAT:?}", manifest.format))
    } else if manifest.version != MANIFEST_VERSION {
        Some(format!("version {} is not supported (this program reads version {MANIFEST_VERSION})", manifest.version))
    } else if manifest.evidence != EVIDENCE_NAME || !manifest.files.iter().any(|f| f.name == EVIDENCE_NAME) {
        Some(format!("it must name {EVIDENCE_NAME} as the evidence and list it"))
    } else if let Some(f) = manifest.files.iter().find(|f| !valid_name(&f.name) || f.name == MANIFEST_NAME) {
        Some(format!("it lists a file named {:?}, which a case file cannot hold", f.name))
    } else if let Some(f) =
        manifest.files.iter().enumerate().find(|(i, f)| manifest.files[..*i].iter().any(|g| g.name == f.name)).map(|p| p.1)
    {
        Some(format!("it lists {:?} twice", f.name))
    } else {
        manifest
            .files
            .iter()
            .find(|f| !crate::journal::is_hash_hex(&f.sha256))
            .map(|f| format!("the SHA-256 it gives for {:?} is not 64 lowercase hex digits", f.name))
    };
    if let Some(m) = problem {
        report.problems.push(bad(m));
        return None;
    }
    Some(manifest)
}

fn check_signature(manifest: &Manifest, problems: &mut Vec<CaseFileProblem>) -> Option<SignatureReport> {
    let sig = manifest.signature.as_ref()?;
    let fail = |m: &str| CaseFileProblem::ManifestSignature(m.to_owned());
    if sig.algorithm != signature::ALGORITHM {
        problems.push(fail("it names an algorithm other than Ed25519"));
        return None;
    }
    let (Ok(key), Ok(value)) = (signature::public_key_bytes(&sig.public_key), signature::signature_bytes(&sig.value)) else {
        problems.push(fail("its key or value is not base64url of the right length"));
        return None;
    };
    let fingerprint = signature::fingerprint(&sig.public_key).ok()?;
    if fingerprint != sig.fingerprint {
        problems.push(fail("the fingerprint it gives is not its key's"));
        return None;
    }
    if !signature::ed25519_valid(&key, manifest.signed_text(&sig.public_key).as_bytes(), &value) {
        problems.push(fail("the manifest was changed after it was signed, or the signature was not made by the key it names"));
        return None;
    }
    Some(SignatureReport { public_key: sig.public_key.clone(), fingerprint })
}

/// The seq and hash in a receipt's last `tw-receipt:1:SEQ:HASH` line.
pub(crate) fn receipt_pin(text: &str) -> Option<(u64, String)> {
    let line = text.lines().rev().map(str::trim).find(|l| l.starts_with("tw-receipt:"))?;
    match line.split(':').collect::<Vec<_>>().as_slice() {
        ["tw-receipt", "1", seq, hash] => {
            let seq: u64 = seq.parse().ok().filter(|s| *s >= 1 && *s < 1 << 53)?;
            crate::journal::is_hash_hex(hash).then(|| (seq, (*hash).to_owned()))
        }
        _ => None,
    }
}

/// Checks the case file `bytes` (the log page's "Check a file", through
/// the actions module) and says what [`case_file_summary`] says of it. A
/// zip that cannot be read through (cut short) is reported as not a
/// readable zip, where `tw-verify` says it cannot read the file.
pub fn check_case_file_summary(bytes: &[u8]) -> serde_json::Value {
    let report = verify_case_file(std::io::Cursor::new(bytes), &VerifyOptions::default())
        .unwrap_or_else(|e| CaseFileReport { problems: vec![CaseFileProblem::NotAZip(e.to_string())], ..CaseFileReport::default() });
    case_file_summary(&report)
}

/// What a page shows of a case file's report, in the words `tw-verify`
/// prints for it:
///
/// ```text
/// {verified, reason, badEntry,
///  caseFile: {files, matched, generatedAt, signed, signature: {fingerprint} | null,
///             receipts: [{file, seq, hash, headShort}], timestamps: [{file, seq}]} | null,
///  evidence: <check_summary of evidence.json> | null,
///  problems: [{kind, file, reason}]}
/// ```
///
/// `verified` is true only when nothing is wrong. `problems` are in the
/// order found, each `reason` the sentence `tw-verify` prints after "NOT
/// VERIFIED:", `file` the file in the zip it is about (null: the zip
/// itself) and `kind` one of [`CaseFileProblem::kind`]'s words. `reason`
/// is the first problem's (null when verified); `badEntry` the seq of the
/// evidence's first bad entry, if that is what fails. `evidence` is the
/// JSON evidence's summary as for a file checked alone, when it was read.
pub fn case_file_summary(r: &CaseFileReport) -> serde_json::Value {
    use serde_json::json;
    let evidence = match (&r.evidence, r.problems.iter().find_map(|p| if let CaseFileProblem::Evidence(f) = p { Some(f) } else { None })) {
        (Some(ev), _) => Some(document_summary(ev)),
        (None, Some(f)) => Some(failure_summary(f)),
        (None, None) => None,
    };
    let bad_entry = evidence.as_ref().and_then(|e| e.get("badEntry").cloned()).unwrap_or_default();
    let case_file = r.manifest.as_ref().map(|m| {
        json!({
            "files": m.files.len(),
            "matched": r.matched,
            "generatedAt": m.generated_at,
            "signed": m.signature.is_some(),
            "signature": r.signature.as_ref().map(|s| json!({"fingerprint": s.fingerprint})),
            "receipts": r.receipts.iter().map(|(file, seq, hash)| json!({"file": file, "seq": seq, "hash": hash, "headShort": short(hash)})).collect::<Vec<_>>(),
            "timestamps": r.timestamps.iter().map(|(file, seq)| json!({"file": file, "seq": seq})).collect::<Vec<_>>(),
        })
    });
    json!({
        "verified": r.problems.is_empty(),
        "reason": r.problems.first().map(ToString::to_string),
        "badEntry": bad_entry,
        "caseFile": case_file,
        "evidence": evidence,
        "problems": r.problems.iter().map(|p| json!({"kind": p.kind(), "file": p.file(), "reason": p.to_string()})).collect::<Vec<_>>(),
    })
}
