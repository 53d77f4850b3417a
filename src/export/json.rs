//! The JSON evidence file: the format of record, described by
//! `docs/evidence.schema.json` and checked by `tw-verify`.

use serde_json::{json, Map, Value};

use super::{signature, ExportInput, Item, Selection, Span, StoredEntry};
use crate::journal::write_value;

/// The `format` member of every evidence file.
pub const FORMAT: &str = "tracking-witness/evidence";
/// The `version` member this code writes. Version 1 files (no `withheld`,
/// no `signature`) are still read.
pub const VERSION: u64 = 2;

/// The JSON evidence file for `input`, unsigned (no `signature` member).
///
/// Members: `format`, `version`, `generatedAt`, `generator`, `environment`,
/// `filter`, `withheld`, `sites`, `screenshots`, `journal {prevHash, count,
/// omitted, firstSeq, lastSeq, headHash, entries}`, and in a signed file
/// `signature` last (see [`prepare_json`]). Each entry sits on its own
/// line; nested objects are in canonical (RFC 8785) form, so the same input
/// always gives the same bytes.
pub fn to_json(input: &ExportInput) -> String {
    let mut job = prepare_body(input);
    job.to_sign = None;
    job.finish(None).expect("an unsigned file always finishes")
}

/// An evidence file written up to its last member, waiting for the
/// signature over [`PreparedJson::to_sign`] (or for none).
#[derive(Debug)]
pub struct PreparedJson {
    text: String,
    to_sign: Option<String>,
    public_key: Option<String>,
    count: u64,
    omitted: u64,
}

/// Step 1 of a signed export: writes the file's body and the signed
/// header for the input's `signerPublicKey`. Fails only if that key is not
/// base64url of 32 bytes.
pub fn prepare_json(input: &ExportInput) -> crate::Result<PreparedJson> {
    if let Some(key) = &input.signer_public_key {
        signature::public_key_bytes(key)?;
    }
    Ok(prepare_body(input))
}

impl PreparedJson {
    /// The canonical signed header as text (sign its UTF-8 bytes), or
    /// `None` when the input named no signer key.
    pub fn to_sign(&self) -> Option<&str> {
        self.to_sign.as_deref()
    }

    /// How many entries the file shows in full, and how many it withholds.
    pub fn counts(&self) -> (u64, u64) {
        (self.count - self.omitted, self.omitted)
    }

    /// Step 2: the whole file, with a `signature` member when `signature`
    /// (base64url of the 64-byte Ed25519 signature over [`Self::to_sign`])
    /// is given, without one when it is `None`. A signature that does not
    /// verify against the key is refused rather than written.
    pub fn finish(self, signature: Option<&str>) -> crate::Result<String> {
        let mut out = self.text;
        write_end(self.public_key.as_deref(), self.to_sign.as_deref(), signature, &mut out)?;
        Ok(out)
    }
}

/// Writes what follows the `journal` object: the `signature` member when
/// `signature` (base64url of an Ed25519 signature over `to_sign`) is
/// given, then the file's closing brace. A signature that does not verify
/// against `key` is refused rather than written.
pub(crate) fn write_end(key: Option<&str>, to_sign: Option<&str>, signature: Option<&str>, out: &mut String) -> crate::Result<()> {
    if let Some(sig) = signature {
        let invalid = |m: &str| crate::Error::new(crate::ErrorKind::InvalidInput, m);
        let (Some(key), Some(message)) = (key, to_sign) else {
            return Err(invalid("a signature was given for an export that names no signer key"));
        };
        let raw_sig = signature::signature_bytes(sig)?;
        #[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
        if !signature::ed25519_valid(&signature::public_key_bytes(key)?, message.as_bytes(), &raw_sig) {
            return Err(invalid("the signature does not verify against the signer key over this export's header"));
        }
        let _ = (raw_sig, message);
        out.push_str(",\n\"signature\":{\"algorithm\":");
        str_lit(signature::ALGORITHM, out);
        out.push_str(",\"publicKey\":");
        str_lit(key, out);
        out.push_str(",\"fingerprint\":");
        str_lit(&signature::fingerprint(key)?, out);
        out.push_str(",\"value\":");
        str_lit(sig, out);
        out.push('}');
    }
    out.push_str("\n}\n");
    Ok(())
}

fn prepare_body(input: &ExportInput) -> PreparedJson {
    let sel = Selection::new(input);
    let mut out = String::with_capacity(sel.size_hint(260, 1.05));
    let span = sel.span();
    let to_sign = write_header(input, &sel.sites, &span, &mut out);
    for (i, item) in sel.items.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        match item {
            Item::Full(e) => e.write_json(&mut out),
            Item::Omitted(e) => write_stub(e, &mut out),
        }
    }
    out.push_str(JOURNAL_END);
    PreparedJson { text: out, to_sign, public_key: input.signer_public_key.clone(), count: span.count, omitted: span.omitted }
}

/// What closes the `entries` array and the `journal` object.
pub(crate) const JOURNAL_END: &str = "\n]}";

/// Writes the file from its first byte up to and including
/// `"entries":[`, for the part of the journal `span` describes, and
/// returns the signed header's text when the input names a signer key.
/// Everything written here is known before the first entry is: the
/// streamed export (see [`super::ExportStream`]) writes the same bytes.
pub(crate) fn write_header(input: &ExportInput, sites: &[&Value], span: &Span, out: &mut String) -> Option<String> {
    let generated_at = crate::time::rfc3339(input.generated_at_ms);
    let filter = json!({
        "site": input.filter.site,
        "from": input.filter.from.map(crate::time::rfc3339),
        "to": input.filter.to.map(crate::time::rfc3339),
    });
    let withheld = Value::from(span.withheld.iter().map(|r| json!(r)).collect::<Vec<_>>());
    let generator = json!({ "name": input.generator.name, "version": input.generator.version });
    let mut journal = Map::new();
    journal.insert("prevHash".into(), span.prev_hash.as_str().into());
    journal.insert("count".into(), span.count.into());
    journal.insert("omitted".into(), span.omitted.into());
    journal.insert("firstSeq".into(), span.first_seq.into());
    journal.insert("lastSeq".into(), span.last_seq.into());
    journal.insert("headHash".into(), span.head_hash.as_str().into());

    out.push_str("{\n\"format\":");
    str_lit(FORMAT, out);
    out.push_str(",\n\"version\":");
    out.push_str(&VERSION.to_string());
    out.push_str(",\n\"generatedAt\":");
    str_lit(&generated_at, out);
    out.push_str(",\n\"generator\":{\"name\":");
    str_lit(&input.generator.name, out);
    out.push_str(",\"version\":");
    str_lit(&input.generator.version, out);
    out.push_str("},\n\"environment\":");
    match &input.environment {
        Value::Null => out.push_str("{}"),
        env => write_value(env, out),
    }
    out.push_str(",\n\"filter\":{\"site\":");
    opt_str(input.filter.site.as_deref(), out);
    out.push_str(",\"from\":");
    opt_str(input.filter.from.map(crate::time::rfc3339).as_deref(), out);
    out.push_str(",\"to\":");
    opt_str(input.filter.to.map(crate::time::rfc3339).as_deref(), out);
    out.push_str("},\n\"withheld\":");
    write_value(&withheld, out);
    out.push_str(",\n\"sites\":[");
    for (i, s) in sites.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        write_value(s, out);
    }
    out.push_str("],\n\"screenshots\":{");
    for (i, (sha, url)) in span.screenshots(&input.screenshots).into_iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        str_lit(sha, out);
        out.push(':');
        str_lit(url, out);
    }
    out.push_str("},\n\"journal\":{\"prevHash\":");
    str_lit(&span.prev_hash, out);
    out.push_str(",\"count\":");
    out.push_str(&span.count.to_string());
    out.push_str(",\"omitted\":");
    out.push_str(&span.omitted.to_string());
    out.push_str(",\"firstSeq\":");
    opt_num(span.first_seq, out);
    out.push_str(",\"lastSeq\":");
    opt_num(span.last_seq, out);
    out.push_str(",\"headHash\":");
    str_lit(&span.head_hash, out);
    out.push_str(",\"entries\":[");
    input.signer_public_key.as_deref().map(|key| {
        signature::SignedHeader {
            version: VERSION,
            generated_at: &generated_at,
            generator: &generator,
            filter: &filter,
            withheld: &withheld,
            journal: &journal,
            public_key: key,
        }
        .text()
    })
}

pub(crate) fn write_stub(e: &StoredEntry, out: &mut String) {
    write_stub_parts(e.seq, &e.prev_hash, &e.hash, out);
}

/// An omitted stub: `{"seq", "omitted": true, "prevHash", "hash"}`.
pub(crate) fn write_stub_parts(seq: u64, prev_hash: &str, hash: &str, out: &mut String) {
    out.push_str("{\"seq\":");
    out.push_str(&seq.to_string());
    out.push_str(",\"omitted\":true,\"prevHash\":");
    str_lit(prev_hash, out);
    out.push_str(",\"hash\":");
    str_lit(hash, out);
    out.push('}');
}

fn str_lit(s: &str, out: &mut String) {
    crate::journal::write_string(s, out);
}

fn opt_str(s: Option<&str>, out: &mut String) {
    match s {
        Some(s) => str_lit(s, out),
        None => out.push_str("null"),
    }
}

fn opt_num(n: Option<u64>, out: &mut String) {
    match n {
        Some(n) => out.push_str(&n.to_string()),
        None => out.push_str("null"),
    }
}
