//! Host names and registrable domains.
//!
//! This module owns one question: do two hosts belong to the same party?
//! It answers with the Public Suffix List (`data/public_suffix_list.dat`,
//! MPL-2.0, see `data/README.md`), embedded at compile time and turned into
//! three hash sets the first time it is needed. It does no I/O and knows
//! nothing about sites, trackers or the browser.
//!
//! Every function takes a host as the browser reports it (ASCII, punycode
//! for international names). [`normalize_host`] turns loose input (upper
//! case, trailing dot, port, brackets) into that form; the other functions
//! expect it and, given anything else, still return without panicking.
//!
//! ```
//! use tracking_witness::domain::*;
//! assert_eq!(registrable_domain("www.universal-credit.service.gov.uk"),
//!            "universal-credit.service.gov.uk");
//! assert!(!same_party("findajob.dwp.gov.uk", "www.gov.uk"));
//! assert!(same_party("findajob.dwp.gov.uk", "account.dwp.gov.uk"));
//! ```

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use crate::catalog::fast_hash::FastMap;

/// The list, comments mostly stripped, international rules in punycode.
static PSL_TEXT: &str = include_str!("../data/public_suffix_list.dat");

/// Longest host name the DNS allows, in its dotted text form.
const MAX_HOST_LEN: usize = 253;
/// Longest DNS label.
const MAX_LABEL_LEN: usize = 63;

/// What the list says about one suffix; a suffix can carry several rules
/// (`ck` is both a plain rule and the base of `*.ck`).
#[derive(Clone, Copy, Default)]
struct RuleFlags(u8);

impl RuleFlags {
    const NORMAL: u8 = 1;
    const WILDCARD: u8 = 2;
    const EXCEPTION: u8 = 4;

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// The list as one hash map from suffix to its rules: `gov.uk` (plain),
/// `ck` for `*.ck` (wildcard), `www.ck` for `!www.ck` (exception). Keys
/// borrow from [`PSL_TEXT`], so building it copies no strings, and each
/// suffix of a host costs one lookup.
fn rules() -> &'static FastMap<&'static str, RuleFlags> {
    static RULES: OnceLock<FastMap<&'static str, RuleFlags>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules: FastMap<&'static str, RuleFlags> = FastMap::default();
        rules.reserve(10_500);
        for line in PSL_TEXT.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            let (key, flag) = if let Some(rest) = line.strip_prefix("*.") {
                (rest, RuleFlags::WILDCARD)
            } else if let Some(rest) = line.strip_prefix('!') {
                (rest, RuleFlags::EXCEPTION)
            } else {
                (line, RuleFlags::NORMAL)
            };
            rules.entry(key).or_default().0 |= flag;
        }
        rules
    })
}

fn flags_of(suffix: &str) -> RuleFlags {
    rules().get(suffix).copied().unwrap_or_default()
}

/// Cleans up a host name or IP literal as a browser, a user or a settings
/// file might write it: trims, lowercases, strips one trailing dot, the
/// brackets around an IPv6 literal and a `:port`.
///
/// Returns `None` for anything that is not a DNS name (labels of
/// `a-z 0-9 - _`, 1 to 63 bytes each, 253 in all), an IPv4 literal in
/// dotted-decimal form or an IPv6 literal. IPv6 literals come back in their
/// canonical short form without brackets (`::1`).
pub fn normalize_host(host: &str) -> Option<String> {
    let host = host.trim();
    if host.is_empty() || host.len() > MAX_HOST_LEN + 8 + 2 {
        // Room for a port and brackets; anything longer cannot be valid.
        return None;
    }
    if let Some(inner) = host.strip_prefix('[') {
        let (addr, after) = inner.split_once(']')?;
        if !(after.is_empty() || valid_port(after.strip_prefix(':')?)) {
            return None;
        }
        return addr.parse::<Ipv6Addr>().ok().map(|ip| ip.to_string());
    }
    if host.bytes().filter(|&b| b == b':').count() > 1 {
        return host.parse::<Ipv6Addr>().ok().map(|ip| ip.to_string());
    }
    let host = match host.split_once(':') {
        Some((name, port)) if valid_port(port) => name,
        Some(_) => return None,
        None => host,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.len() > MAX_HOST_LEN {
        return None;
    }
    let lower = host.to_ascii_lowercase();
    if lower.parse::<Ipv4Addr>().is_ok() {
        return Some(lower);
    }
    let mut last_label = "";
    for label in lower.split('.') {
        let ok_len = (1..=MAX_LABEL_LEN).contains(&label.len());
        let ok_bytes = label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok_len || !ok_bytes {
            return None;
        }
        last_label = label;
    }
    // URL parsers read a name ending in a number as an IPv4 address; one
    // that failed to parse as such (`1.2.3`, `256.0.0.1`) is not a host.
    if last_label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(lower)
}

fn valid_port(port: &str) -> bool {
    (1..=5).contains(&port.len())
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| p <= 65_535)
}

/// Whether `host` is an IPv4 or IPv6 literal (without brackets).
fn is_ip(host: &str) -> bool {
    if host.contains(':') {
        return host.parse::<Ipv6Addr>().is_ok();
    }
    // Cheap test first: DNS names never end in a digit-only label after
    // normalisation, so only those need a real parse.
    host.as_bytes().last().is_some_and(u8::is_ascii_digit) && host.parse::<Ipv4Addr>().is_ok()
}

/// Byte offset at which `host`'s public suffix starts, following an
/// explicit rule of the list. `None` when no rule matches (the list's
/// implicit `*` rule is left to the caller).
///
/// Suffixes are tried from the longest, so the first hit is the prevailing
/// rule. That relies on the list never placing a rule below an exception
/// rule, which a unit test checks against the embedded data.
fn listed_suffix_start(host: &str) -> Option<usize> {
    let mut start = 0;
    let mut flags = flags_of(host);
    loop {
        if flags.has(RuleFlags::EXCEPTION) {
            // `!www.ck`: the suffix is the exception minus its first label.
            return host[start..].find('.').map(|dot| start + dot + 1);
        }
        let parent = host[start..].find('.').map(|dot| start + dot + 1);
        // Each suffix is looked up once: the parent's flags serve both the
        // wildcard test here and the next round of the loop.
        let parent_flags = parent.map(|p| flags_of(&host[p..])).unwrap_or_default();
        if flags.has(RuleFlags::NORMAL) || parent_flags.has(RuleFlags::WILDCARD) {
            return Some(start);
        }
        start = parent?;
        flags = parent_flags;
    }
}

/// Whether `host` is itself a public suffix by an explicit rule of the list
/// (`co.uk`, `gov.uk`, `service.gov.uk`, `uk`, anything under `*.ck`
/// except `www.ck`).
///
/// The list's implicit `*` rule, which makes every unknown top-level label
/// a suffix, is not applied: `localhost` and other single-label intranet
/// names are hosts, not suffixes. IP literals are never suffixes.
pub fn is_public_suffix(host: &str) -> bool {
    !host.is_empty() && !is_ip(host) && listed_suffix_start(host) == Some(0)
}

/// The registrable domain (eTLD+1) of a normalized host, borrowed from it:
/// the public suffix plus one label. See [`registrable_domain`].
pub fn registrable_domain_str(host: &str) -> &str {
    if host.is_empty() || !host.contains('.') || is_ip(host) {
        return host;
    }
    let suffix_start = match listed_suffix_start(host) {
        Some(0) => return host,
        Some(start) => start,
        // Implicit `*` rule: the last label is the suffix.
        None => host.rfind('.').map_or(0, |dot| dot + 1),
    };
    // `suffix_start` follows a dot, so `suffix_start - 1` is that dot.
    match host[..suffix_start - 1].rfind('.') {
        Some(dot) => &host[dot + 1..],
        None => host,
    }
}

/// The registrable domain (eTLD+1) of a normalized host: the public suffix
/// plus one label, so `findajob.dwp.gov.uk` gives `dwp.gov.uk` and
/// `www.universal-credit.service.gov.uk` gives
/// `universal-credit.service.gov.uk`.
///
/// IP literals, `localhost`, other single-label names and hosts that are a
/// public suffix themselves (`co.uk`, `service.gov.uk`) give the host
/// itself. The result is always a suffix of `host`.
pub fn registrable_domain(host: &str) -> String {
    registrable_domain_str(host).to_owned()
}

/// `host` in normalized form, borrowed when it already is (the usual case).
fn canonical(host: &str) -> Option<Cow<'_, str>> {
    let already = !host.is_empty()
        && host.len() <= MAX_HOST_LEN
        && !host.ends_with('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.');
    if already && !host.starts_with('.') && !host.contains("..") {
        Some(Cow::Borrowed(host))
    } else {
        normalize_host(host).map(Cow::Owned)
    }
}

/// Whether two hosts have the same registrable domain, so belong to the same
/// party. Inputs are normalized first; a host that does not normalize is
/// nobody's party and never matches.
pub fn same_party(a: &str, b: &str) -> bool {
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => registrable_domain_str(&a) == registrable_domain_str(&b),
        _ => false,
    }
}

/// Cookie domain-matching (RFC 6265 §5.1.3): whether a cookie whose bare
/// domain (leading dot removed) is `domain` is sent to `host`. True when the
/// two are equal, or `host` ends with `.` + `domain` and neither is an IP
/// literal. Comparison ignores ASCII case.
pub fn domain_matches(domain: &str, host: &str) -> bool {
    if domain.is_empty() {
        return false;
    }
    if host.eq_ignore_ascii_case(domain) {
        return true;
    }
    if host.len() <= domain.len() || is_ip(host) || is_ip(domain) {
        return false;
    }
    let split = host.len() - domain.len();
    host.as_bytes()[split - 1] == b'.'
        && host.is_char_boundary(split)
        && host[split..].eq_ignore_ascii_case(domain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalizes_names_ports_and_dots() {
        assert_eq!(normalize_host(" FindAJob.DWP.gov.uk. ").as_deref(), Some("findajob.dwp.gov.uk"));
        assert_eq!(normalize_host("localhost:8080").as_deref(), Some("localhost"));
        assert_eq!(normalize_host("_dmarc.example.com").as_deref(), Some("_dmarc.example.com"));
        assert_eq!(normalize_host("xn--55qx5d.cn").as_deref(), Some("xn--55qx5d.cn"));
    }

    #[test]
    fn normalizes_ip_literals() {
        assert_eq!(normalize_host("127.0.0.1:443").as_deref(), Some("127.0.0.1"));
        assert_eq!(normalize_host("[::1]").as_deref(), Some("::1"));
        assert_eq!(normalize_host("[0:0::1]:8443").as_deref(), Some("::1"));
        assert_eq!(normalize_host("2001:DB8::1").as_deref(), Some("2001:db8::1"));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "", " ", ".", "..", "a..b", "a b.com", "a/b", "user@host", "host:", "host:99999",
            "host:12ab", "[::1", "[::1]x", "[nope]", "1.2.3", "256.1.1.1",
            "ex ample.com", "http://x.com", "münchen.de", "a,b", "*.gov.uk",
        ] {
            assert_eq!(normalize_host(bad), None, "{bad:?}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        assert_eq!(normalize_host(&long_label), None);
        let long_host = ["abcdefghi"; 26].join(".");
        assert!(long_host.len() > MAX_HOST_LEN);
        assert_eq!(normalize_host(&long_host), None);
    }

    #[test]
    fn registrable_domains() {
        let cases = [
            ("findajob.dwp.gov.uk", "dwp.gov.uk"),
            ("www.gov.uk", "www.gov.uk"),
            ("gov.uk", "gov.uk"),
            ("service.gov.uk", "service.gov.uk"),
            ("www.universal-credit.service.gov.uk", "universal-credit.service.gov.uk"),
            ("universal-credit.service.gov.uk", "universal-credit.service.gov.uk"),
            ("a.b.example.co.uk", "example.co.uk"),
            ("co.uk", "co.uk"),
            ("uk", "uk"),
            ("localhost", "localhost"),
            ("127.0.0.1", "127.0.0.1"),
            ("::1", "::1"),
            ("region1.analytics.google.com", "google.com"),
            ("x.y.unknowntld", "y.unknowntld"),
            // Wildcard and exception rules.
            ("foo.bar.ck", "foo.bar.ck"),
            ("bar.ck", "bar.ck"),
            ("www.ck", "www.ck"),
            ("a.www.ck", "www.ck"),
            ("city.kawasaki.jp", "city.kawasaki.jp"),
            ("x.city.kawasaki.jp", "city.kawasaki.jp"),
            ("x.y.kawasaki.jp", "x.y.kawasaki.jp"),
            // International rule stored as punycode (公司.cn).
            ("shop.xn--55qx5d.cn", "shop.xn--55qx5d.cn"),
            ("a.shop.xn--55qx5d.cn", "shop.xn--55qx5d.cn"),
            // Private section.
            ("user.github.io", "user.github.io"),
        ];
        for (host, want) in cases {
            assert_eq!(registrable_domain(host), want, "{host}");
        }
    }

    #[test]
    fn public_suffixes() {
        for yes in ["uk", "co.uk", "gov.uk", "service.gov.uk", "com", "bar.ck", "github.io"] {
            assert!(is_public_suffix(yes), "{yes}");
        }
        for no in ["www.ck", "dwp.gov.uk", "localhost", "127.0.0.1", "::1", "", "intranet"] {
            assert!(!is_public_suffix(no), "{no}");
        }
    }

    #[test]
    fn parties() {
        assert!(same_party("findajob.dwp.gov.uk", "FINDAJOB.dwp.gov.uk."));
        assert!(!same_party("x.co.uk", "y.co.uk"));
        assert!(!same_party("127.0.0.1", "127.0.0.2"));
        assert!(same_party("127.0.0.1", "127.0.0.1"));
        assert!(!same_party("", ""));
        assert!(!same_party("a b", "a b"));
    }

    #[test]
    fn cookie_domain_matching() {
        assert!(domain_matches("dwp.gov.uk", "findajob.dwp.gov.uk"));
        assert!(domain_matches("dwp.gov.uk", "dwp.gov.uk"));
        assert!(domain_matches("DWP.gov.uk", "findajob.dwp.gov.uk"));
        assert!(!domain_matches("wp.gov.uk", "findajob.dwp.gov.uk"));
        assert!(!domain_matches("findajob.dwp.gov.uk", "dwp.gov.uk"));
        assert!(!domain_matches("", "dwp.gov.uk"));
        assert!(domain_matches("127.0.0.1", "127.0.0.1"));
        assert!(!domain_matches("0.0.1", "127.0.0.1"));
        assert!(!domain_matches("1", "127.0.0.1"));
        assert!(!domain_matches("é", "aé"));
    }

    #[test]
    fn data_has_no_rule_below_an_exception() {
        // listed_suffix_start stops at the longest hit; that is only the
        // prevailing rule if no other rule sits below an exception.
        let rules = rules();
        let exceptions: Vec<&str> =
            rules.iter().filter(|(_, f)| f.has(RuleFlags::EXCEPTION)).map(|(k, _)| *k).collect();
        assert!(!exceptions.is_empty());
        for exception in exceptions {
            let below = format!(".{exception}");
            assert!(!rules.keys().any(|r| r.ends_with(&below)), "{exception}");
            assert!(!flags_of(exception).has(RuleFlags::WILDCARD | RuleFlags::NORMAL), "{exception}");
        }
        assert!(flags_of("service.gov.uk").has(RuleFlags::NORMAL));
        assert!(rules.len() > 9_000);
    }

    proptest! {
        #[test]
        fn normalize_never_panics(s in "\\PC{0,80}") {
            let _ = normalize_host(&s);
        }

        #[test]
        fn normalize_is_idempotent(s in "[a-zA-Z0-9.:\\[\\]_-]{0,40}") {
            if let Some(n) = normalize_host(&s) {
                prop_assert_eq!(normalize_host(&n), Some(n.clone()));
            }
        }

        #[test]
        fn registrable_domain_is_a_suffix(s in "([a-z0-9-]{1,8}\\.){0,5}(uk|com|gov\\.uk|service\\.gov\\.uk|ck|jp|[a-z]{2,6})") {
            let rd = registrable_domain(&s);
            prop_assert!(s.ends_with(&rd));
            prop_assert!(rd == s || s[..s.len() - rd.len()].ends_with('.'));
            prop_assert!(same_party(&s, &rd) || normalize_host(&s).is_none());
        }

        #[test]
        fn registrable_domain_of_anything_is_a_suffix(s in "\\PC{0,60}") {
            let rd = registrable_domain(&s);
            prop_assert!(s.ends_with(&rd));
            let _ = is_public_suffix(&s);
            let _ = domain_matches(&s, &rd);
        }
    }
}
