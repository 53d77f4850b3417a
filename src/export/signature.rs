//! Signatures on evidence files: the signed header, key fingerprints, and
//! checking an Ed25519 signature.
//!
//! The extension holds the private key (WebCrypto, never exported) and
//! signs the bytes [`signed_header`] gives; the core only writes the result
//! into the file and, natively and in the actions module, checks it. The
//! Ed25519 code is not compiled into the main wasm module, which the
//! background loads at every wake.

use serde_json::{json, Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::journal::{canonicalize, sha256_hex};

/// The only signature algorithm a file may name.
pub const ALGORITHM: &str = "Ed25519";

/// The members of a file that its signature covers, as they are (or will
/// be) written in it.
#[derive(Debug, Clone, Copy)]
pub struct SignedHeader<'a> {
    /// `version`.
    pub version: u64,
    /// `generatedAt`.
    pub generated_at: &'a str,
    /// `generator`: `{name, version}`.
    pub generator: &'a Value,
    /// `filter`: `{site, from, to}`.
    pub filter: &'a Value,
    /// `withheld`: `[[first, last], ...]`.
    pub withheld: &'a Value,
    /// The `journal` object, or its header members: `prevHash`, `count`,
    /// `omitted`, `firstSeq`, `lastSeq`, `headHash` are taken, any other
    /// member (such as `entries`) is left out.
    pub journal: &'a Map<String, Value>,
    /// `signature.publicKey`.
    pub public_key: &'a str,
}

impl SignedHeader<'_> {
    /// The canonical (RFC 8785) text of the signed header: exactly the
    /// bytes (as UTF-8) an evidence file's signature is made over. `format`
    /// is always [`super::FORMAT`].
    pub fn text(&self) -> String {
        let mut j = Map::new();
        for k in JOURNAL_HEADER {
            j.insert(k.to_owned(), self.journal.get(k).cloned().unwrap_or(Value::Null));
        }
        canonicalize(&json!({
            "format": super::FORMAT,
            "version": self.version,
            "generatedAt": self.generated_at,
            "generator": self.generator,
            "filter": self.filter,
            "withheld": self.withheld,
            "journal": j,
            "publicKey": self.public_key,
        }))
    }
}

/// The members of `journal` that the signature covers.
pub const JOURNAL_HEADER: [&str; 6] = ["prevHash", "count", "omitted", "firstSeq", "lastSeq", "headHash"];

/// The fingerprint of an Ed25519 public key given as base64url (no
/// padding) of its 32 raw bytes: the first 20 lowercase hex digits of the
/// SHA-256 of those bytes, in five groups of four joined by `-`
/// (`3f2a-91c0-5b7e-0d44-a1b2`).
pub fn fingerprint(public_key_b64url: &str) -> Result<String> {
    let raw = public_key_bytes(public_key_b64url)?;
    Ok(grouped(&sha256_hex(raw)[..20]))
}

/// The 32 raw bytes of a base64url public key.
pub fn public_key_bytes(public_key_b64url: &str) -> Result<[u8; 32]> {
    base64url_decode(public_key_b64url)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "a public key must be base64url (no padding) of 32 bytes"))
}

/// The 64 raw bytes of a base64url signature.
pub fn signature_bytes(signature_b64url: &str) -> Result<[u8; 64]> {
    base64url_decode(signature_b64url)
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "a signature must be base64url (no padding) of 64 bytes"))
}

/// Hex digits in groups of four joined by `-`.
pub(crate) fn grouped(hex: &str) -> String {
    let mut out = String::with_capacity(hex.len() + hex.len() / 4);
    for (i, c) in hex.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url (RFC 4648 section 5) without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(B64URL[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url without padding, refusing padding, other alphabets
/// and non-zero leftover bits (so each byte string has one spelling).
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = B64URL.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (acc == 0).then_some(out)
}

/// Whether `signature` (64 raw bytes) is a valid Ed25519 signature by
/// `public_key` (32 raw bytes) over `message`. Uses the strict check,
/// which also refuses weak keys and non-canonical signatures.
#[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
pub fn ed25519_valid(public_key: &[u8; 32], message: &[u8], signature: &[u8; 64]) -> bool {
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(public_key) else { return false };
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for n in 0..70u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains('=') && !text.contains('+') && !text.contains('/'));
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert!(base64url_decode("-_9").is_none(), "leftover bits must be zero");
        assert!(base64url_decode("aGk=").is_none(), "no padding");
        assert!(base64url_decode("a+b/").is_none(), "not the standard alphabet");
    }

    #[test]
    fn fingerprint_groups_twenty_hex_digits() {
        let key = base64url_encode(&[0u8; 32]);
        let fp = fingerprint(&key).unwrap();
        let hex = sha256_hex([0u8; 32]);
        assert_eq!(fp.replace('-', ""), hex[..20]);
        assert_eq!(fp.len(), 24);
        assert_eq!(fp.matches('-').count(), 4);
        assert!(fingerprint("AAAA").is_err());
    }
}
