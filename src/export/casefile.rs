//! Case files: one `.zip` that carries everything a reader needs to check a
//! claimant's evidence — the signed JSON evidence, the printable report,
//! the screenshots, the receipts, a README — and a signed manifest naming
//! the SHA-256 and size of every other file in it (`docs/evidence-format.md`,
//! section 11).
//!
//! The zip is written with the `zip` crate in streaming mode (no seeking:
//! each entry is stored, with a data descriptor after it), so the caller
//! can push a file of any size through in chunks and take the zip's bytes
//! out as they are made; memory holds one chunk. Nothing here reads a clock
//! or signs: the time comes in, and the extension signs [`CaseFileWriter::manifest_text`]
//! with the installation's key, as it signs an export's header.
//!
//! Reading ([`verify_case_file`], in `tw-verify` and in the actions module
//! for the log page's "Check a file") checks the manifest's signature,
//! every file against the manifest, and the JSON evidence with the same
//! streaming verifier `tw-verify` runs on a JSON file.
//! [`check_case_file_summary`] gives the page what it shows, from the same
//! report and the same sentences `tw-verify` prints.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, ZipWriter};

use super::signature;
use crate::error::{Error, ErrorKind, Result};
use crate::journal::canonicalize;
use crate::model::Millis;

/// The manifest's `format`.
pub const MANIFEST_FORMAT: &str = "tracking-witness/case-file";
/// The manifest's `version`.
pub const MANIFEST_VERSION: u64 = 1;
/// The manifest's name in the zip; always the last entry.
pub const MANIFEST_NAME: &str = "manifest.json";
/// The JSON evidence's name in the zip.
pub const EVIDENCE_NAME: &str = "evidence.json";
/// The longest name a case file's entry may have.
const NAME_MAX: usize = 200;

/// One file the manifest names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManifestFile {
    /// Its name in the zip (`screenshots/<sha256>.png`).
    pub name: String,
    /// Its length in bytes.
    pub size: u64,
    /// The lowercase hex SHA-256 of its bytes.
    pub sha256: String,
}

/// The program that made the case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManifestGenerator {
    /// `Tracking Witness`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The `signature` member of a manifest, as in an evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManifestSignature {
    /// Always `Ed25519`.
    pub algorithm: String,
    /// base64url of the 32-byte public key.
    pub public_key: String,
    /// Its fingerprint.
    pub fingerprint: String,
    /// base64url of the 64-byte signature over [`Manifest::signed_text`].
    pub value: String,
}

/// `manifest.json`. Members in this order; `signature` last, absent when
/// the installation has no key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub format: String,
    /// [`MANIFEST_VERSION`].
    pub version: u64,
    /// When the case file was made (RFC 3339 UTC).
    pub generated_at: String,
    /// The program that made it.
    pub generator: ManifestGenerator,
    /// The JSON evidence's name ([`EVIDENCE_NAME`]).
    pub evidence: String,
    /// The head hash of the JSON evidence's chain.
    pub head_hash: String,
    /// Every file in the zip but the manifest, in zip order.
    pub files: Vec<ManifestFile>,
    /// The signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<ManifestSignature>,
}

impl Manifest {
    /// The bytes (as UTF-8) the signature is made over: the canonical
    /// (RFC 8785) JSON of every member but `signature`, with `publicKey`
    /// added — the same rule as an evidence file's signed header.
    pub fn signed_text(&self, public_key: &str) -> String {
        let mut v = serde_json::to_value(self).expect("a manifest always serialises");
        let map = v.as_object_mut().expect("a manifest is an object");
        map.remove("signature");
        map.insert("publicKey".to_owned(), public_key.into());
        canonicalize(&v)
    }
}

/// Whether `name` may be a case file's entry: a relative path of ASCII
/// letters, digits, `.`, `_`, `-` and `/`, no empty or dot-only part.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= NAME_MAX
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'/'))
        && name.split('/').all(|part| !part.is_empty() && part.bytes().any(|c| c != b'.'))
}

/// The zip's bytes as they are written, for the caller to take away.
#[derive(Clone, Default)]
struct Output(Rc<RefCell<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Open {
    name: String,
    size: u64,
    hash: Sha256,
}

/// Writes a case file a file at a time: [`start`](Self::start) and
/// [`write`](Self::write) (or [`add`](Self::add)) for each file, then
/// [`manifest_text`](Self::manifest_text), then [`finish`](Self::finish) with the
/// signature. [`take`](Self::take) hands over the bytes made so far.
pub struct CaseFileWriter {
    zip: Option<ZipWriter<StreamWriter<Output>>>,
    out: Output,
    options: SimpleFileOptions,
    open: Option<Open>,
    manifest: Manifest,
    sealed: bool,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

fn zip_error(e: impl std::fmt::Display) -> Error {
    invalid(format!("the case file could not be written: {e}"))
}

impl CaseFileWriter {
    /// A new case file made at `generated_at` (epoch ms; also each entry's
    /// modification time in the zip) by `generator`.
    pub fn new(generated_at: Millis, generator: ManifestGenerator) -> CaseFileWriter {
        let out = Output::default();
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).last_modified_time(dos_time(generated_at));
        let manifest = Manifest {
            format: MANIFEST_FORMAT.to_owned(),
            version: MANIFEST_VERSION,
            generated_at: crate::time::rfc3339(generated_at),
            generator,
            evidence: EVIDENCE_NAME.to_owned(),
            head_hash: String::new(),
            files: Vec::new(),
            signature: None,
        };
        CaseFileWriter { zip: Some(ZipWriter::new_stream(out.clone())), out, options, open: None, manifest, sealed: false }
    }

    fn zip(&mut self) -> Result<&mut ZipWriter<StreamWriter<Output>>> {
        if self.sealed {
            return Err(invalid("the case file's manifest is made already: no more files"));
        }
        self.zip.as_mut().ok_or_else(|| invalid("the case file is finished"))
    }

    /// Begins the file `name` (ending the one before).
    pub fn start(&mut self, name: &str) -> Result<()> {
        if !valid_name(name) || name == MANIFEST_NAME {
            return Err(invalid(format!("{name:?} cannot name a file in a case file")));
        }
        self.close();
        if self.manifest.files.iter().any(|f| f.name == name) {
            return Err(invalid(format!("the case file has a file named {name:?} already")));
        }
        let options = self.options;
        self.zip()?.start_file(name, options).map_err(zip_error)?;
        self.open = Some(Open { name: name.to_owned(), size: 0, hash: Sha256::new() });
        Ok(())
    }

    /// Appends `bytes` to the file begun last.
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if self.open.is_none() {
            return Err(invalid("start a file before writing to it"));
        }
        self.zip()?.write_all(bytes).map_err(zip_error)?;
        let open = self.open.as_mut().expect("checked above");
        open.size += bytes.len() as u64;
        open.hash.update(bytes);
        Ok(())
    }

    /// A whole file at once.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        self.start(name)?;
        self.write(bytes)
    }

    /// A screenshot given as the PNG or JPEG data URL the journal keeps
    /// under `sha256`: decoded, checked against that hash, and added as
    /// `screenshots/<sha256>.png` (or `.jpg`). Returns the name.
    pub fn add_screenshot(&mut self, sha256: &str, data_url: &str) -> Result<String> {
        let (mime, b64) =
            super::image_data_url(data_url).ok_or_else(|| invalid(format!("screenshot {sha256}: not a PNG or JPEG data URL")))?;
        let bytes = super::base64_decode(b64).ok_or_else(|| invalid(format!("screenshot {sha256}: its base64 is malformed")))?;
        if crate::journal::sha256_hex(&bytes) != sha256 {
            return Err(invalid(format!("screenshot {sha256}: its bytes do not hash to that name")));
        }
        let name = format!("screenshots/{sha256}.{}", if mime == "image/png" { "png" } else { "jpg" });
        self.add(&name, &bytes)?;
        Ok(name)
    }

    fn close(&mut self) {
        if let Some(open) = self.open.take() {
            let sha256 = format!("{:x}", open.hash.finalize());
            self.manifest.files.push(ManifestFile { name: open.name, size: open.size, sha256 });
        }
    }

    /// The zip's bytes written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut *self.out.0.borrow_mut())
    }

    /// Ends the last file and returns the text to sign (its UTF-8 bytes)
    /// with the key `public_key` (base64url): [`Manifest::signed_text`].
    /// `head_hash` is the JSON evidence's head. No file may follow.
    pub fn manifest_text(&mut self, head_hash: &str, public_key: &str) -> Result<String> {
        self.seal(head_hash)?;
        signature::public_key_bytes(public_key)?;
        Ok(self.manifest.signed_text(public_key))
    }

    fn seal(&mut self, head_hash: &str) -> Result<()> {
        if !crate::journal::is_hash_hex(head_hash) {
            return Err(invalid("the evidence's head hash must be 64 lowercase hex digits"));
        }
        self.close();
        if !self.manifest.files.iter().any(|f| f.name == EVIDENCE_NAME) {
            return Err(invalid(format!("a case file must hold {EVIDENCE_NAME}")));
        }
        self.manifest.head_hash = head_hash.to_owned();
        self.sealed = true;
        Ok(())
    }

    /// Writes the manifest, signed when `signed` is `Some((public_key,
    /// signature))` (both base64url; the signature must verify over
    /// [`manifest_text`](Self::manifest_text)'s text), and the zip's central directory.
    /// Returns the last bytes and the manifest's own SHA-256 (what
    /// `export.made` records).
    pub fn finish(&mut self, head_hash: &str, signed: Option<(&str, &str)>) -> Result<(Vec<u8>, String)> {
        if !self.sealed {
            self.seal(head_hash)?;
        }
        if head_hash != self.manifest.head_hash {
            return Err(invalid("the head hash changed between signing and finishing"));
        }
        if let Some((key, sig)) = signed {
            let message = self.manifest.signed_text(key);
            if !signature::ed25519_valid(&signature::public_key_bytes(key)?, message.as_bytes(), &signature::signature_bytes(sig)?) {
                return Err(invalid("the signature does not verify against the key over this case file's manifest"));
            }
            self.manifest.signature = Some(ManifestSignature {
                algorithm: signature::ALGORITHM.to_owned(),
                public_key: key.to_owned(),
                fingerprint: signature::fingerprint(key)?,
                value: sig.to_owned(),
            });
        }
        let mut text = serde_json::to_string_pretty(&self.manifest)?;
        text.push('\n');
        let options = self.options;
        let mut zip = self.zip.take().ok_or_else(|| invalid("the case file is finished"))?;
        zip.start_file(MANIFEST_NAME, options).map_err(zip_error)?;
        zip.write_all(text.as_bytes()).map_err(zip_error)?;
        zip.finish().map_err(zip_error)?;
        Ok((self.take(), crate::journal::sha256_hex(text.as_bytes())))
    }

    /// The files named so far (the manifest's `files`).
    pub fn files(&self) -> &[ManifestFile] {
        &self.manifest.files
    }
}

/// A zip (MS-DOS) time for `ms`; zip times cannot be before 1980, and such
/// a clock gives the earliest one.
fn dos_time(ms: Millis) -> zip::DateTime {
    let t = crate::time::rfc3339(ms);
    let n = |a: usize, b: usize| t.get(a..b).and_then(|s| s.parse::<u16>().ok()).unwrap_or(0);
    zip::DateTime::from_date_and_time(n(0, 4), n(5, 7) as u8, n(8, 10) as u8, n(11, 13) as u8, n(14, 16) as u8, n(17, 19) as u8)
        .unwrap_or_default()
}

// The reader is in tw-verify and in the actions module (the log page's
// "Check a file"); this whole module is never in the main wasm module.
mod read;
pub use read::{case_file_summary, check_case_file_summary, verify_case_file, CaseFileProblem, CaseFileReport};
