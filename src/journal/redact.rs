//! Redaction of cookie and storage values before they enter the journal.
//!
//! A value can be an identifier that follows the claimant around, so by
//! default the journal keeps only its length and a keyed hash: enough to show
//! that a value stayed the same (or changed) across observations and exports,
//! useless for linking the claimant anywhere else. The key is a per-install
//! secret the extension generates once and passes in; this module never
//! creates or stores it.

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// Turns values into their journal form: `{"length": n, "hmac": "<hex>"}`
/// or, when the user has chosen to keep raw values, `{"length": n, "raw": "..."}`.
///
/// `length` is the value's length in UTF-8 bytes. `hmac` is the lowercase
/// hex HMAC-SHA-256 of the value's UTF-8 bytes under the install secret.
#[derive(Clone)]
pub struct Redactor {
    keyed: HmacSha256,
    keep_raw: bool,
}

impl Redactor {
    /// A redactor keyed with `secret` (the per-install 32 random bytes; HMAC
    /// accepts any length, but anything shorter weakens the redaction).
    /// `keep_raw` is the user's "keep raw values" setting, off by default.
    pub fn new(secret: &[u8], keep_raw: bool) -> Self {
        // HMAC takes keys of any length, so this cannot fail.
        let keyed = HmacSha256::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
        Redactor { keyed, keep_raw }
    }

    /// Whether raw values are kept.
    pub fn keeps_raw(&self) -> bool {
        self.keep_raw
    }

    /// The journal form of `value`.
    pub fn redact(&self, value: &str) -> Value {
        if self.keep_raw {
            return json!({ "length": value.len(), "raw": value });
        }
        let mut mac = self.keyed.clone();
        mac.update(value.as_bytes());
        let tag = mac.finalize().into_bytes();
        json!({ "length": value.len(), "hmac": super::jcs::hex(&tag) })
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the key material.
        f.debug_struct("Redactor").field("keep_raw", &self.keep_raw).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let r = Redactor::new(b"Jefe", false);
        assert_eq!(
            r.redact("what do ya want for nothing?"),
            json!({
                "length": 28,
                "hmac": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            })
        );
    }

    #[test]
    fn raw_only_when_asked() {
        let r = Redactor::new(&[7; 32], true);
        assert_eq!(r.redact("é1"), json!({"length": 3, "raw": "é1"}));
        assert!(r.keeps_raw());
        assert!(!Redactor::new(&[7; 32], false).keeps_raw());
        assert!(!format!("{:?}", Redactor::new(&[7; 32], false)).contains('7'));
    }
}
