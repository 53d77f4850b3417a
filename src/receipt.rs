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

use crate::error::Result;
use crate::export::signature::ALGORITHM;
use crate::journal::Entry;
use crate::model::Millis;

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

/// The fingerprint of a public key (see [`crate::export::fingerprint`]).
pub use crate::export::fingerprint;

/// The form of a hash a person can read aloud: its first 16 hex digits in
/// four groups of four (`3018-d506-cd18-6b17`); anything that is not a
/// 64-digit lowercase hex hash comes back as it is.
pub fn short_hash(hash: &str) -> String {
    crate::journal::short_hash(hash).unwrap_or_else(|| hash.to_owned())
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
        // SHA-256 of the key's bytes is 21fe31dfa154a261626bf854...
        assert_eq!(fingerprint(RFC8032_KEY).unwrap(), "21fe-31df-a154-a261-626b");
        let data = key_created_data(RFC8032_KEY).unwrap();
        assert_eq!(data, json!({"algorithm": "Ed25519", "publicKey": RFC8032_KEY, "fingerprint": "21fe-31df-a154-a261-626b"}));
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        assert!(key_created_data("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=").is_err(), "padding");
        assert!(key_created_data("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo").is_err(), "standard alphabet");
        let short = key_created_data("AAAA").unwrap_err();
        assert!(short.message().contains("32 bytes"), "{short}");
        // The last digit carries two spare bits that must be zero.
        assert!(key_created_data("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp").is_err());
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
