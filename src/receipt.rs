//! The installation's signing key as the journal and the user see it, and
//! receipts.
//!
//! The key pair itself lives in the browser (WebCrypto, private key not
//! extractable); the core only ever sees the public key, as base64url of
//! its 32 raw bytes. From it the core derives the fingerprint a person
//! compares, the `key.created` entry, and the small public-key file a user
//! can hand an adviser in advance.
//!
//! A *receipt* pins the journal: it names the `receipt.issued` entry that
//! records its own issuing, by seq and hash, so a file cut short or
//! rewritten after the receipt no longer contains that entry with that
//! hash. Its last line is always [`receipt_line`]; the lines above it are
//! for people and are written by the extension in the user's language.

use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::journal::{hex, is_hash_hex, Entry};
use crate::model::Millis;

/// The only signature algorithm used.
pub const ALGORITHM: &str = "Ed25519";

/// The `format` member of a public-key file.
pub const KEY_FILE_FORMAT: &str = "tracking-witness/public-key";

/// What a receipt says, taken from the `receipt.issued` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// Seq of the `receipt.issued` entry.
    pub seq: u64,
    /// Its hash (64 lowercase hex digits).
    pub hash: String,
    /// Its time (RFC 3339 UTC).
    pub time: String,
    /// Fingerprint of the installation's key.
    pub fingerprint: String,
    /// [`short_hash`] of `hash`, for reading aloud.
    pub short_hash: String,
    /// The machine line, `tw-receipt:1:<seq>:<hash>`.
    pub line: String,
}

impl Receipt {
    /// The receipt for the `receipt.issued` entry `entry`.
    pub fn for_entry(entry: &Entry, fingerprint: &str) -> Receipt {
        Receipt {
            seq: entry.seq,
            hash: entry.hash.clone(),
            time: entry.time.clone(),
            fingerprint: fingerprint.to_owned(),
            short_hash: short_hash(&entry.hash),
            line: receipt_line(entry.seq, &entry.hash),
        }
    }
}

/// The machine-readable last line of every receipt.
pub fn receipt_line(seq: u64, hash: &str) -> String {
    format!("tw-receipt:1:{seq}:{hash}")
}

/// Decodes unpadded base64url (RFC 4648 section 5); `None` if malformed,
/// padded, or not in its one canonical spelling.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
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
    // Left-over bits must be zero, or two spellings would decode alike.
    (acc == 0).then_some(out)
}

/// The 32 raw bytes of an Ed25519 public key given as base64url.
pub fn public_key_bytes(public_key: &str) -> Result<Vec<u8>> {
    match base64url_decode(public_key) {
        Some(bytes) if bytes.len() == 32 => Ok(bytes),
        Some(bytes) => Err(Error::new(
            ErrorKind::InvalidInput,
            format!("an Ed25519 public key has 32 bytes, this one {}", bytes.len()),
        )),
        None => Err(Error::new(ErrorKind::InvalidInput, "the public key is not unpadded base64url")),
    }
}

/// The fingerprint of a public key: the first 20 hex digits of the SHA-256
/// of its raw bytes, in five groups of four (`3f2a-91c0-5b7e-0d44-a1b2`).
pub fn fingerprint(public_key: &str) -> Result<String> {
    let digest = hex(&Sha256::digest(public_key_bytes(public_key)?));
    Ok(groups(&digest[..20]))
}

/// The form of a hash a person can read aloud: its first 16 hex digits in
/// four groups of four (`3018-d506-cd18-6b17`). Anything that is not a
/// 64-digit lowercase hex hash comes back as it is.
pub fn short_hash(hash: &str) -> String {
    if is_hash_hex(hash) { groups(&hash[..16]) } else { hash.to_owned() }
}

fn groups(hex: &str) -> String {
    let mut out = String::with_capacity(hex.len() + hex.len() / 4);
    for (i, c) in hex.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// The `data` of a `key.created` entry.
pub fn key_created_data(public_key: &str) -> Result<serde_json::Value> {
    Ok(json!({ "algorithm": ALGORITHM, "publicKey": public_key, "fingerprint": fingerprint(public_key)? }))
}

/// The small file a user saves to give an adviser before any evidence:
/// the public key and its fingerprint, so that later files can be matched
/// to this installation. Pretty-printed JSON with a line of explanation.
pub fn public_key_file(public_key: &str, created_at: Option<Millis>) -> Result<String> {
    let doc = json!({
        "format": KEY_FILE_FORMAT,
        "version": 1,
        "algorithm": ALGORITHM,
        "publicKey": public_key,
        "fingerprint": fingerprint(public_key)?,
        "createdAt": created_at.map(crate::time::rfc3339),
        "about": "The public key of one Tracking Witness installation. Evidence files signed by it carry \
                  the same publicKey and fingerprint in their signature member; tw-verify prints the fingerprint.",
    });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 section 7.1, test 1: the public key, whose SHA-256 is
    // 21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9.
    const RFC8032_KEY: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    #[test]
    fn fingerprint_is_five_groups_of_the_sha256() {
        assert_eq!(
            hex(&public_key_bytes(RFC8032_KEY).unwrap()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        assert_eq!(fingerprint(RFC8032_KEY).unwrap(), "21fe-31df-a154-a261-626b");
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        assert!(fingerprint("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=").is_err(), "padding");
        assert!(fingerprint("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo").is_err(), "standard alphabet");
        let short = fingerprint("AAAA").unwrap_err();
        assert!(short.message().contains("32 bytes"), "{short}");
        // The last digit carries two spare bits that must be zero.
        assert!(base64url_decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp").is_none());
    }

    #[test]
    fn short_hash_groups_sixteen_digits() {
        let h = "3018d506cd186b17aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        assert_eq!(short_hash(h), "3018-d506-cd18-6b17");
        assert_eq!(receipt_line(42, h), format!("tw-receipt:1:42:{h}"));
    }

    #[test]
    fn key_file_names_key_and_fingerprint() {
        let text = public_key_file(RFC8032_KEY, Some(1_795_434_836_123)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], KEY_FILE_FORMAT);
        assert_eq!(v["publicKey"], RFC8032_KEY);
        assert_eq!(v["fingerprint"], "21fe-31df-a154-a261-626b");
        assert_eq!(v["createdAt"], "2026-11-23T11:53:56.123Z");
    }
}
