//! The JSON evidence file: the format of record, described by
//! `docs/evidence.schema.json` and checked by `tw-verify`.

use serde_json::{json, Map, Value};

use super::{signature, ExportInput, Item, Selection, StoredEntry};
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
        if let Some(sig) = signature {
            let invalid = |m: &str| crate::Error::new(crate::ErrorKind::InvalidInput, m);
            let (Some(key), Some(message)) = (&self.public_key, &self.to_sign) else {
                return Err(invalid("a signature was given for an export that names no signer key"));
            };
            let raw_sig = signature::signature_bytes(sig)?;
            #[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
            if !signature::ed25519_valid(&signature::public_key_bytes(key)?, message.as_bytes(), &raw_sig) {
                return Err(invalid("the signature does not verify against the signer key over this export's header"));
            }
            let _ = (raw_sig, message);
            out.push_str(",\n\"signature\":{\"algorithm\":");
            str_lit(signature::ALGORITHM, &mut out);
            out.push_str(",\"publicKey\":");
            str_lit(key, &mut out);
            out.push_str(",\"fingerprint\":");
            str_lit(&signature::fingerprint(key)?, &mut out);
            out.push_str(",\"value\":");
            str_lit(sig, &mut out);
            out.push('}');
        }
        out.push_str("\n}\n");
        Ok(out)
    }
}

/// The seq ranges of the stubs among `items`, merged: `[[first, last], ...]`.
fn withheld(items: &[Item<'_>]) -> Vec<[u64; 2]> {
    let mut runs: Vec<[u64; 2]> = Vec::new();
    for item in items {
        if let Item::Omitted(e) = item {
            match runs.last_mut() {
                Some(run) if run[1] + 1 == e.seq => run[1] = e.seq,
                _ => runs.push([e.seq, e.seq]),
            }
        }
    }
    runs
}

fn prepare_body(input: &ExportInput) -> PreparedJson {
    let sel = Selection::new(input);
    let mut out = String::with_capacity(sel.size_hint(260, 1.05));
    let generated_at = crate::time::rfc3339(input.generated_at_ms);
    let filter = json!({
        "site": input.filter.site,
        "from": input.filter.from.map(crate::time::rfc3339),
        "to": input.filter.to.map(crate::time::rfc3339),
    });
    let withheld = Value::from(withheld(&sel.items).into_iter().map(|r| json!(r)).collect::<Vec<_>>());
    let generator = json!({ "name": input.generator.name, "version": input.generator.version });
    let mut journal = Map::new();
    journal.insert("prevHash".into(), sel.prev_hash.into());
    journal.insert("count".into(), (sel.items.len() as u64).into());
    journal.insert("omitted".into(), sel.omitted.into());
    journal.insert("firstSeq".into(), sel.items.first().map(|i| i.entry().seq).into());
    journal.insert("lastSeq".into(), sel.items.last().map(|i| i.entry().seq).into());
    journal.insert("headHash".into(), sel.head_hash().into());

    out.push_str("{\n\"format\":");
    str_lit(FORMAT, &mut out);
    out.push_str(",\n\"version\":");
    out.push_str(&VERSION.to_string());
    out.push_str(",\n\"generatedAt\":");
    str_lit(&generated_at, &mut out);
    out.push_str(",\n\"generator\":{\"name\":");
    str_lit(&input.generator.name, &mut out);
    out.push_str(",\"version\":");
    str_lit(&input.generator.version, &mut out);
    out.push_str("},\n\"environment\":");
    match &input.environment {
        Value::Null => out.push_str("{}"),
        env => write_value(env, &mut out),
    }
    out.push_str(",\n\"filter\":{\"site\":");
    opt_str(input.filter.site.as_deref(), &mut out);
    out.push_str(",\"from\":");
    opt_str(input.filter.from.map(crate::time::rfc3339).as_deref(), &mut out);
    out.push_str(",\"to\":");
    opt_str(input.filter.to.map(crate::time::rfc3339).as_deref(), &mut out);
    out.push_str("},\n\"withheld\":");
    write_value(&withheld, &mut out);
    out.push_str(",\n\"sites\":[");
    for (i, s) in sel.sites.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        write_value(s, &mut out);
    }
    out.push_str("],\n\"screenshots\":{");
    for (i, (sha, url)) in sel.screenshots(&input.screenshots).into_iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        str_lit(sha, &mut out);
        out.push(':');
        str_lit(url, &mut out);
    }
    out.push_str("},\n\"journal\":{\"prevHash\":");
    str_lit(sel.prev_hash, &mut out);
    out.push_str(",\"count\":");
    out.push_str(&sel.items.len().to_string());
    out.push_str(",\"omitted\":");
    out.push_str(&sel.omitted.to_string());
    out.push_str(",\"firstSeq\":");
    opt_num(sel.items.first().map(|i| i.entry().seq), &mut out);
    out.push_str(",\"lastSeq\":");
    opt_num(sel.items.last().map(|i| i.entry().seq), &mut out);
    out.push_str(",\"headHash\":");
    str_lit(sel.head_hash(), &mut out);
    out.push_str(",\"entries\":[");
    for (i, item) in sel.items.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        match item {
            Item::Full(e) => e.write_json(&mut out),
            Item::Omitted(e) => write_stub(e, &mut out),
        }
    }
    out.push_str("\n]}");
    let to_sign = input.signer_public_key.as_deref().map(|key| {
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
    });
    PreparedJson { text: out, to_sign, public_key: input.signer_public_key.clone(), count: sel.items.len() as u64, omitted: sel.omitted }
}

fn write_stub(e: &StoredEntry, out: &mut String) {
    out.push_str("{\"seq\":");
    out.push_str(&e.seq.to_string());
    out.push_str(",\"omitted\":true,\"prevHash\":");
    str_lit(&e.prev_hash, out);
    out.push_str(",\"hash\":");
    str_lit(&e.hash, out);
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
