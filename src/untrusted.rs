//! Text that a website chose, made safe to carry and to show.
//!
//! Websites pick their cookie names, storage keys, database and cache names,
//! and nothing stops them from using text that breaks a naive reader:
//! - a lone UTF-16 surrogate (`"\ud800"`), which JavaScript allows in any
//!   string but JSON parsers (serde_json among them) refuse;
//! - control and bidirectional-formatting characters (U+202E RIGHT-TO-LEFT
//!   OVERRIDE) that reorder or hide what a reader sees.
//!
//! This module owns the repairs and the visible escapes; it never decides
//! what an item is.

use std::borrow::Cow;

/// Rewrites JSON text so that every `\uXXXX` escape of a lone surrogate
/// (a high surrogate not followed by a low one, or a low one on its own)
/// becomes `\ufffd`, the replacement character. Everything else is left as
/// it was, byte for byte. Returns whether anything was replaced.
///
/// `JSON.stringify` in every current engine writes lone surrogates as such
/// escapes, so this makes any stringified JavaScript value readable here.
pub fn repair_json_surrogates(text: &str) -> (Cow<'_, str>, bool) {
    if !text.contains("\\u") {
        return (Cow::Borrowed(text), false);
    }
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        // An escape: `\\`, `\"`, `\n`... are two bytes; `\uXXXX` six.
        if b.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let Some(unit) = hex4(b, i + 2) else {
            i += 2;
            continue;
        };
        let lone = match unit {
            0xD800..=0xDBFF => {
                let next = (b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u')).then(|| hex4(b, i + 8)).flatten();
                if matches!(next, Some(0xDC00..=0xDFFF)) {
                    i += 12;
                    continue;
                }
                true
            }
            0xDC00..=0xDFFF => true,
            _ => false,
        };
        if lone {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..i]);
            o.push_str("\\ufffd");
            copied = i + 6;
        }
        i += 6;
    }
    match out {
        None => (Cow::Borrowed(text), false),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            (Cow::Owned(o), true)
        }
    }
}

fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    let s = std::str::from_utf8(s).ok()?;
    u32::from_str_radix(s, 16).ok().filter(|_| s.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// Whether a character would act on the text around it instead of being
/// seen: C0 and C1 controls, bidirectional embeddings, overrides, isolates
/// and marks, zero-width characters, line and paragraph separators, and the
/// byte-order mark.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{061c}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// The text with each invisible control written as a visible escape
/// (`\u202E`), so a reader sees that it is there and it cannot reorder or
/// hide the characters around it. A backslash is left as it is: the escape
/// is for eyes, not for a parser.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_invisible_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_invisible_control(c) {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The first `max` characters of `s` (on a character boundary), and whether
/// anything was cut.
pub fn clip(s: &str, max: usize) -> (&str, bool) {
    match s.char_indices().nth(max) {
        Some((at, _)) => (&s[..at], true),
        None => (s, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_are_replaced_and_pairs_kept() {
        let (t, r) = repair_json_surrogates(r#"["a\ud800b","\udc00","\ud83d\ude00","\\ud800","\u00e9"]"#);
        assert!(r);
        assert_eq!(t, r#"["a\ufffdb","\ufffd","\ud83d\ude00","\\ud800","\u00e9"]"#);
        let v: Vec<String> = serde_json::from_str(&t).unwrap();
        assert_eq!(v, ["a\u{fffd}b", "\u{fffd}", "😀", "\\ud800", "é"]);
        let (t, r) = repair_json_surrogates(r#"["\ud800\ud800\udc00"]"#);
        assert!(r);
        assert_eq!(serde_json::from_str::<Vec<String>>(&t).unwrap(), ["\u{fffd}\u{10000}"]);
        assert!(!repair_json_surrogates(r#"{"k":"plain"}"#).1);
        assert!(!repair_json_surrogates(r#""\u12"#).1, "a cut escape is left for the parser to refuse");
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(visible("abc"), "abc");
        assert_eq!(visible("gpj.\u{202e}exe"), "gpj.\\u202Eexe");
        assert_eq!(visible("a\nb\u{0}"), "a\\u000Ab\\u0000");
        assert_eq!(visible("\u{2067}x\u{2069}"), "\\u2067x\\u2069");
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("héllo", 2), ("hé", true));
        assert_eq!(clip("hé", 2), ("hé", false));
    }
}
