//! RFC 8785 JSON Canonicalization Scheme (JCS) over `serde_json::Value`,
//! plus the SHA-256 and hex helpers the chain is built from.
//!
//! JCS fixes three things ordinary JSON writers leave open:
//!
//! * object members are sorted by their names compared as sequences of
//!   UTF-16 code units (not UTF-8 bytes: the two orders differ for names
//!   that mix characters above U+FFFF with characters in U+E000..=U+FFFF);
//! * strings are written with the minimal escapes (`\"`, `\\`, `\b`, `\f`,
//!   `\n`, `\r`, `\t`, other controls as `\u00xx`, everything else literal);
//! * numbers are written as ECMAScript's `Number.prototype.toString` would
//!   write the IEEE-754 double they denote.
//!
//! No whitespace is emitted. This module owns only the encoding; what gets
//! hashed is decided in the parent module.

use serde_json::{Map, Number, Value};
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

/// The canonical (RFC 8785) JSON text of `v`.
///
/// Integers beyond ±2^53 are written as the nearest double, exactly as a
/// JavaScript implementation would after `JSON.parse`; journal entries
/// never contain such numbers (see [`super::append`]).
pub fn canonicalize(v: &Value) -> String {
    let mut out = String::with_capacity(128);
    write_value(v, &mut out);
    out
}

/// Appends the canonical JSON text of `v` to `out`.
pub fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => write_object(map, None, out),
    }
}

/// Appends the canonical text of `map`, leaving out the member named `skip`.
pub(crate) fn write_object(map: &Map<String, Value>, skip: Option<&str>, out: &mut String) {
    // Names in UTF-8 byte order are in UTF-16 order too unless one holds a
    // character above U+FFFF (a 4-byte UTF-8 sequence, lead byte 0xF0 or
    // more). serde_json's map is usually in byte order already (unless its
    // `preserve_order` feature is on): then nothing needs sorting.
    let mut prev: Option<&str> = None;
    let sorted = map.keys().all(|k| {
        let ok = prev.is_none_or(|p| p < k.as_str()) && !k.bytes().any(|b| b >= 0xF0);
        prev = Some(k);
        ok
    });
    if sorted {
        out.push('{');
        let mut first = true;
        for (k, v) in map.iter().filter(|(k, _)| Some(k.as_str()) != skip) {
            if !first {
                out.push(',');
            }
            first = false;
            write_string(k, out);
            out.push(':');
            write_value(v, out);
        }
        out.push('}');
        return;
    }
    let mut members: Vec<(&String, &Value)> = map.iter().filter(|(k, _)| Some(k.as_str()) != skip).collect();
    members.sort_unstable_by(|a, b| cmp_utf16(a.0, b.0));
    out.push('{');
    for (i, (k, v)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(k, out);
        out.push(':');
        write_value(v, out);
    }
    out.push('}');
}

/// Appends the canonical form of the JSON `text` to `out`. Text written by
/// this module, or by `JSON.stringify` of an object that came from it, is
/// canonical already and is copied after one check of its bytes; anything
/// else is parsed into a [`Value`] and written from that. On an error `out`
/// is left as it was.
pub fn write_canonical_text(text: &str, out: &mut String) -> serde_json::Result<()> {
    if is_canonical(text) {
        out.push_str(text);
        return Ok(());
    }
    let value: Value = serde_json::from_str(text)?;
    write_value(&value, out);
    Ok(())
}

/// Whether `text` is, byte for byte, the canonical form of the value it
/// holds. Answers `false` whenever unsure (any fraction or exponent, an
/// escape in a member name, very deep nesting): the caller then takes the
/// slower road, which is always right.
pub fn is_canonical(text: &str) -> bool {
    let bytes = text.as_bytes();
    matches!(canonical_value(bytes, 0, 0), Some(end) if end == bytes.len())
}

/// The end of the canonical value that starts at byte `at` of `b`, or
/// `None` if what starts there is not one (the same judgement as
/// [`is_canonical`], for a value inside a larger text).
pub(crate) fn canonical_value_at(b: &[u8], at: usize) -> Option<usize> {
    canonical_value(b, at, 0)
}

/// The end of the string literal that starts at byte `at` of `b` if it
/// holds no escape at all (its text is then the bytes between the quotes,
/// and [`write_string`] writes it back unchanged), or `None`.
pub(crate) fn plain_string_at(b: &[u8], at: usize) -> Option<usize> {
    match canonical_string(b, at)? {
        (end, true) => Some(end),
        _ => None,
    }
}

/// The end of the canonical non-negative integer that starts at byte `at`
/// of `b`, and its value, or `None`.
pub(crate) fn canonical_u64_at(b: &[u8], at: usize) -> Option<(usize, u64)> {
    if b.get(at)? == &b'-' {
        return None;
    }
    let end = canonical_integer(b, at)?;
    Some((end, b[at..end].iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'))))
}

/// Reads one canonical value starting at `at`; its end, or `None`.
fn canonical_value(b: &[u8], at: usize, depth: usize) -> Option<usize> {
    if depth > 64 {
        return None;
    }
    match *b.get(at)? {
        b'n' => b[at..].starts_with(b"null").then_some(at + 4),
        b't' => b[at..].starts_with(b"true").then_some(at + 4),
        b'f' => b[at..].starts_with(b"false").then_some(at + 5),
        b'"' => canonical_string(b, at).map(|(end, _)| end),
        b'-' | b'0'..=b'9' => canonical_integer(b, at),
        b'[' => {
            let mut at = at + 1;
            if b.get(at) == Some(&b']') {
                return Some(at + 1);
            }
            loop {
                at = canonical_value(b, at, depth + 1)?;
                match *b.get(at)? {
                    b',' => at += 1,
                    b']' => return Some(at + 1),
                    _ => return None,
                }
            }
        }
        b'{' => {
            let mut at = at + 1;
            if b.get(at) == Some(&b'}') {
                return Some(at + 1);
            }
            let mut prev: Option<&str> = None;
            loop {
                let (end, plain) = canonical_string(b, at)?;
                // Names are compared as written, so none may hold an escape.
                if !plain {
                    return None;
                }
                let name = std::str::from_utf8(&b[at + 1..end - 1]).ok()?;
                if prev.is_some_and(|p| cmp_utf16(p, name) != Ordering::Less) {
                    return None;
                }
                prev = Some(name);
                if b.get(end) != Some(&b':') {
                    return None;
                }
                at = canonical_value(b, end + 1, depth + 1)?;
                match *b.get(at)? {
                    b',' => at += 1,
                    b'}' => return Some(at + 1),
                    _ => return None,
                }
            }
        }
        _ => None,
    }
}

/// Reads a string literal written with exactly the escapes
/// [`write_string`] uses; its end and whether it held no escape at all.
fn canonical_string(b: &[u8], at: usize) -> Option<(usize, bool)> {
    if b.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    let mut plain = true;
    loop {
        match *b.get(i)? {
            b'"' => return Some((i + 1, plain)),
            0x00..=0x1f => return None,
            b'\\' => {
                plain = false;
                match *b.get(i + 1)? {
                    b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                    b'u' => {
                        // Only other control characters, as \u00xx in lowercase.
                        let hex = b.get(i + 2..i + 6)?;
                        let lower = |c: u8| matches!(c, b'0'..=b'9' | b'a'..=b'f');
                        if !(hex[0] == b'0' && hex[1] == b'0' && matches!(hex[2], b'0' | b'1') && lower(hex[3])) {
                            return None;
                        }
                        let code = (hex[2] - b'0') * 16 + if hex[3] <= b'9' { hex[3] - b'0' } else { hex[3] - b'a' + 10 };
                        if matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d) {
                            return None;
                        }
                        i += 6;
                    }
                    _ => return None,
                }
            }
            _ => i += 1,
        }
    }
}

/// Reads an integer as canonical JSON writes it: no leading zero, no `-0`,
/// no fraction or exponent, within the doubles' exact range.
fn canonical_integer(b: &[u8], at: usize) -> Option<usize> {
    let digits_at = if b[at] == b'-' { at + 1 } else { at };
    let len = b[digits_at..].iter().take_while(|c| c.is_ascii_digit()).count();
    let end = digits_at + len;
    let digits = &b[digits_at..end];
    if len == 0 || len > 16 || (digits[0] == b'0' && (len > 1 || digits_at > at)) {
        return None;
    }
    if matches!(b.get(end), Some(b'.' | b'e' | b'E')) {
        return None;
    }
    let value = digits.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    (value <= MAX_SAFE_INTEGER).then_some(end)
}

/// Orders two strings by their UTF-16 code units, as JCS requires.
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    // UTF-8 byte order equals UTF-16 order unless a character at or above
    // U+E000 is involved (lead byte 0xEE or higher); skip the re-encoding
    // in the common all-below case.
    if a.bytes().chain(b.bytes()).all(|c| c < 0xEE) {
        return a.as_bytes().cmp(b.as_bytes());
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Appends `s` as a JCS string literal.
pub fn write_string(s: &str, out: &mut String) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// The largest integer a double holds exactly together with all smaller
/// ones (2^53 - 1), JavaScript's `Number.MAX_SAFE_INTEGER`.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn write_number(n: &Number, out: &mut String) {
    if let Some(u) = n.as_u64() {
        if u <= MAX_SAFE_INTEGER {
            push_u64(u, out);
            return;
        }
    } else if let Some(i) = n.as_i64() {
        if i.unsigned_abs() <= MAX_SAFE_INTEGER {
            out.push('-');
            push_u64(i.unsigned_abs(), out);
            return;
        }
    }
    // serde_json only holds finite numbers, so this never sees NaN or infinity.
    write_f64(n.as_f64().unwrap_or(0.0), out);
}

pub(crate) fn push_u64(mut u: u64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// Appends a finite double the way ECMAScript's `Number::toString` does
/// (ECMA-262, 7.1.12.1), which is what RFC 8785 section 3.2.2.3 requires.
pub fn write_f64(x: f64, out: &mut String) {
    if x == 0.0 || !x.is_finite() {
        // -0 is written as 0; non-finite values cannot occur in JSON.
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    // Rust's `{:e}` gives the shortest digit string that round-trips, with
    // the closest such string chosen on ties: the same digits ECMAScript picks.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    let n = exp + 1; // value = 0.d1d2...dk * 10^n
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n - 1 < 0 { '-' } else { '+' });
        push_u64(u64::from((n - 1).unsigned_abs()), out);
    }
}

/// Lowercase hex of the SHA-256 digest of `bytes`.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(bytes.as_ref()))
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 0xf) as usize] as char);
    }
    s
}

/// Whether `hex` is the lowercase hex of `digest`, without writing it out.
pub(crate) fn digest_is_hex(digest: &[u8], hex: &str) -> bool {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    hex.len() == digest.len() * 2
        && digest
            .iter()
            .zip(hex.as_bytes().chunks_exact(2))
            .all(|(&d, pair)| pair[0] == HEX[(d >> 4) as usize] && pair[1] == HEX[(d & 0xf) as usize])
}

/// Whether `s` is 64 lowercase hex digits, the form of every hash here.
pub fn is_hash_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
}

/// The short form of a hash, for reading aloud or copying by hand: its
/// first 16 hex digits in four groups of four joined by `-`
/// (`3018-d506-cd18-6b17`). `None` unless `hash` is 64 lowercase hex digits.
pub fn short_hash(hash: &str) -> Option<String> {
    if !is_hash_hex(hash) {
        return None;
    }
    let h = &hash[..16];
    Some(format!("{}-{}-{}-{}", &h[..4], &h[4..8], &h[8..12], &h[12..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_hash_is_four_groups() {
        let h = "3018d506cd186b17c00f9908f3e621edd20e9ef5d1ba2e4fc21bd694752ff8d6";
        assert_eq!(short_hash(h).as_deref(), Some("3018-d506-cd18-6b17"));
        assert_eq!(short_hash(&h[..63]), None);
        assert_eq!(short_hash(&h.to_uppercase()), None);
    }

    fn num(x: f64) -> String {
        let mut s = String::new();
        write_f64(x, &mut s);
        s
    }

    #[test]
    fn numbers_follow_ecmascript() {
        // Values from RFC 8785 appendix B and ECMA-262 behaviour.
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-1.5), "-1.5");
        assert_eq!(num(1e21), "1e+21");
        assert_eq!(num(1e20), "100000000000000000000");
        assert_eq!(num(123456789012345680000.0), "123456789012345680000");
        assert_eq!(num(1e-6), "0.000001");
        assert_eq!(num(1e-7), "1e-7");
        assert_eq!(num(5e-324), "5e-324");
        assert_eq!(num(1.7976931348623157e308), "1.7976931348623157e+308");
        assert_eq!(num(4.5), "4.5");
        assert_eq!(num(0.002), "0.002");
        assert_eq!(num(0.000001), "0.000001");
        assert_eq!(num(333333333.3333333), "333333333.3333333");
        assert_eq!(num(9007199254740994.0), "9007199254740994");
        assert_eq!(num(295147905179352830000.0), "295147905179352830000");
        assert_eq!(num(1.2345e-10), "1.2345e-10");
    }

    #[test]
    fn big_integers_become_doubles() {
        assert_eq!(canonicalize(&json!(9007199254740993u64)), "9007199254740992");
        assert_eq!(canonicalize(&json!(-9007199254740991i64)), "-9007199254740991");
        assert_eq!(canonicalize(&json!(u64::MAX)), "18446744073709552000");
    }

    #[test]
    fn keys_sort_by_utf16_units() {
        // U+1F600 is D83D DE00 in UTF-16, below U+FB01 (FB01) there, though
        // its UTF-8 (F0...) sorts after U+FB01's (EF...).
        let v = json!({"\u{fb01}": 1, "\u{1f600}": 2, "b": 3, "a": 4, "": 5});
        assert_eq!(canonicalize(&v), "{\"\":5,\"a\":4,\"b\":3,\"\u{1f600}\":2,\"\u{fb01}\":1}");
    }

    #[test]
    fn strings_use_minimal_escapes() {
        let v = json!("a\"b\\c\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}\u{2028}é/");
        assert_eq!(canonicalize(&v), "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\u{7f}\u{2028}é/\"");
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the RFC's literal, kept as written
    fn rfc8785_sample() {
        // The example object of RFC 8785 section 3.2.2. The numbers are
        // built from Rust literals: serde_json's default (fast) float parser
        // may land one unit off for long fractions like 333333333.33333329,
        // which is why entries carry integers only.
        let mut v: Value = serde_json::from_str(
            r#"{"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
                "literals":[null,true,false]}"#,
        )
        .unwrap();
        v["numbers"] = json!([333333333.33333329f64, 1e30, 4.50, 2e-3, 0.000000000000000000000000001]);
        assert_eq!(
            canonicalize(&v),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn hex_and_hash() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
