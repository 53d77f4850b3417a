//! Reads the cookie-consent decision a GOV.UK-style service records in its
//! own cookies, so findings can be checked against it.
//!
//! GOV.UK's pattern is a `cookies_policy` cookie holding URL-encoded JSON,
//! `{"essential":true,"settings":false,"usage":false,"campaigns":false}`.
//! Services vary it: `uc_cookies_policy` and other `<prefix>_cookies_policy`
//! names, or a `cookie_consent_decision` cookie holding a word (`accept`,
//! `reject`, `true`, `false`) or JSON. This module only parses; it never
//! decides what a finding is (that is `classify`) and keeps no state.
//!
//! Cookie values come from websites: parsing never panics and returns
//! `None` for anything it cannot read.
//!
//! ```
//! use tracking_witness::consent::parse;
//! use tracking_witness::model::Category;
//! let s = parse("cookies_policy",
//!     "%7B%22essential%22%3Atrue%2C%22usage%22%3Afalse%2C%22campaigns%22%3Afalse%7D").unwrap();
//! assert_eq!(s.usage, Some(false));
//! assert!(s.breach(Category::Analytics));
//! assert!(!s.breach(Category::Essential));
//! ```

use serde::{Deserialize, Serialize};

use crate::model::Category;

/// Longest cookie value worth reading; consent cookies are tiny.
const MAX_VALUE_LEN: usize = 4096;

/// What the visitor agreed to, as far as the site's own cookie says.
/// `None` in a field means no decision is recorded for it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentState {
    /// Name of the cookie the decision was read from.
    pub source: Option<String>,
    /// Measuring use of the service: analytics and session replay.
    pub usage: Option<bool>,
    /// Advertising and campaign tracking.
    pub campaigns: Option<bool>,
    /// Remembering settings (functional cookies).
    pub settings: Option<bool>,
}

impl ConsentState {
    /// No decision recorded.
    pub fn unknown() -> Self {
        ConsentState::default()
    }

    /// Whether something of `category` being present goes against this
    /// decision: analytics and session replay unless `usage` was accepted,
    /// advertising unless `campaigns` was accepted. A missing decision
    /// counts as not accepted, since consent must come first. Other
    /// categories never breach.
    pub fn breach(&self, category: Category) -> bool {
        match category {
            Category::Analytics | Category::SessionReplay => self.usage != Some(true),
            Category::Advertising => self.campaigns != Some(true),
            _ => false,
        }
    }

    fn all(source: &str, value: bool) -> Self {
        ConsentState { source: Some(source.to_owned()), usage: Some(value), campaigns: Some(value), settings: Some(value) }
    }
}

/// Whether `name` is a cookie that records a consent decision this module
/// can read: `cookies_policy`, `<prefix>_cookies_policy` (such as
/// `uc_cookies_policy`) or `cookie_consent_decision`.
///
/// `cookies_preferences_set` and `seen_cookie_message` only say that the
/// banner was answered or shown, not what was chosen, so they are not
/// included (the catalog still files them as consent cookies).
pub fn is_consent_cookie(name: &str) -> bool {
    if name == "cookies_policy" || name == "cookie_consent_decision" {
        return true;
    }
    match name.strip_suffix("_cookies_policy") {
        Some(prefix) => {
            !prefix.is_empty() && prefix.len() <= 64 && prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        }
        None => false,
    }
}

/// Reads the decision in a consent cookie. `None` when `name` is not a
/// consent cookie ([`is_consent_cookie`]) or `value` cannot be read.
pub fn parse(name: &str, value: &str) -> Option<ConsentState> {
    if !is_consent_cookie(name) || value.len() > MAX_VALUE_LEN {
        return None;
    }
    let decoded = percent_decode(value)?;
    let text = decoded.trim().trim_matches('"').trim();
    if text.starts_with('{') {
        return parse_json(name, text);
    }
    word(text).map(|accepted| ConsentState::all(name, accepted))
}

fn parse_json(name: &str, text: &str) -> Option<ConsentState> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    let pick = |keys: &[&str]| keys.iter().find_map(|k| object.get(*k).and_then(flag));
    let mut state = ConsentState {
        source: Some(name.to_owned()),
        usage: pick(&["usage", "analytics", "analytical", "performance", "statistics"]),
        campaigns: pick(&["campaigns", "marketing", "advertising"]),
        settings: pick(&["settings", "functional", "preferences"]),
    };
    // `{"decision":"accept"}`-style objects carry one word for everything.
    if state.usage.is_none() && state.campaigns.is_none() && state.settings.is_none() {
        if let Some(all) = pick(&["decision", "consent", "status", "value"]) {
            state = ConsentState::all(name, all);
        }
    }
    Some(state)
}

/// A JSON field read as yes/no: booleans, numbers 0/1 and the usual words.
fn flag(v: &serde_json::Value) -> Option<bool> {
    match v {
        serde_json::Value::Bool(b) => Some(*b),
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        serde_json::Value::String(s) => word(s),
        _ => None,
    }
}

fn word(s: &str) -> Option<bool> {
    const YES: &[&str] = &["accept", "accepted", "true", "yes", "all", "1", "on", "allow", "granted"];
    const NO: &[&str] = &["reject", "rejected", "false", "no", "none", "0", "off", "deny", "denied", "essential"];
    let s = s.trim();
    if YES.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if NO.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

/// Decodes `%XX` escapes; `None` for a broken escape or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names() {
        assert!(is_consent_cookie("cookies_policy"));
        assert!(is_consent_cookie("uc_cookies_policy"));
        assert!(is_consent_cookie("find-a-job_cookies_policy"));
        assert!(is_consent_cookie("cookie_consent_decision"));
        assert!(!is_consent_cookie("_cookies_policy"));
        assert!(!is_consent_cookie("cookies_preferences_set"));
        assert!(!is_consent_cookie("_ga"));
        assert!(!is_consent_cookie("a b_cookies_policy"));
    }

    #[test]
    fn govuk_json() {
        let v = "%7B%22essential%22%3Atrue%2C%22settings%22%3Afalse%2C%22usage%22%3Atrue%2C%22campaigns%22%3Afalse%7D";
        let s = parse("cookies_policy", v).unwrap();
        assert_eq!(s.source.as_deref(), Some("cookies_policy"));
        assert_eq!((s.usage, s.campaigns, s.settings), (Some(true), Some(false), Some(false)));
        assert!(!s.breach(Category::Analytics));
        assert!(!s.breach(Category::SessionReplay));
        assert!(s.breach(Category::Advertising));
        assert!(!s.breach(Category::PerformanceMonitoring));
        let plain = r#"{"essential":true,"settings":true,"usage":true,"campaigns":true}"#;
        let s = parse("uc_cookies_policy", plain).unwrap();
        assert_eq!((s.usage, s.campaigns, s.settings), (Some(true), Some(true), Some(true)));
    }

    #[test]
    fn words_and_variants() {
        for (v, want) in [("accept", true), ("reject", false), ("true", true), ("FALSE", false), ("%22accept%22", true)] {
            let s = parse("cookie_consent_decision", v).unwrap();
            assert_eq!(s.usage, Some(want), "{v}");
            assert_eq!(s.campaigns, Some(want), "{v}");
        }
        let s = parse("cookie_consent_decision", r#"{"analytics":"yes","marketing":"no"}"#).unwrap();
        assert_eq!((s.usage, s.campaigns, s.settings), (Some(true), Some(false), None));
        let s = parse("cookie_consent_decision", r#"{"decision":"reject"}"#).unwrap();
        assert_eq!(s.usage, Some(false));
        let s = parse("cookies_policy", r#"{"essential":true}"#).unwrap();
        assert_eq!(s.usage, None);
        assert!(s.breach(Category::Analytics));
    }

    #[test]
    fn unreadable_is_none() {
        assert_eq!(parse("cookies_policy", "%7B%22usage"), None);
        assert_eq!(parse("cookies_policy", "%ZZ"), None);
        assert_eq!(parse("cookies_policy", "%"), None);
        assert_eq!(parse("cookies_policy", "maybe"), None);
        assert_eq!(parse("cookies_policy", "[true]"), None);
        assert_eq!(parse("_ga", "accept"), None);
        assert_eq!(parse("cookies_policy", &"1".repeat(MAX_VALUE_LEN + 1)), None);
    }

    #[test]
    fn unknown_breaches_consent_categories_only() {
        let u = ConsentState::unknown();
        for c in Category::ALL {
            assert_eq!(u.breach(c), c.needs_consent(), "{c:?}");
        }
    }

    #[test]
    fn serializes_camel_case() {
        let s = parse("cookies_policy", "accept").unwrap();
        let j = serde_json::to_value(&s).unwrap();
        assert_eq!(j["source"], "cookies_policy");
        assert_eq!(j["usage"], true);
    }

    proptest! {
        #[test]
        fn parse_never_panics(name in "\\PC{0,30}", value in "\\PC{0,200}") {
            let _ = parse(&name, &value);
            let _ = parse("cookies_policy", &value);
        }

        #[test]
        fn parse_never_panics_on_json_like(value in "[{}\":,a-z%0-9 ]{0,80}") {
            let _ = parse("uc_cookies_policy", &value);
        }
    }
}
