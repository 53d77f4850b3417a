//! Registrable domains (eTLD+1) for the engine's first/third-party test.
//!
//! The engine needs one answer from outside: which part of a host is its
//! registrable domain, so that `$third-party` filters can compare the
//! request's domain with the page's. Its own answer (the `addr` crate's
//! compiled-in list) costs about 0.9 MB of wasm, so this module answers
//! instead from the Public Suffix List the main crate already ships
//! (`data/public_suffix_list.dat`, MPL-2.0): 150 KB of text, and the same
//! list, so both modules agree on who is a third party.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use adblock::url_parser::ResolvesDomain;

static PSL_TEXT: &str = include_str!("../../data/public_suffix_list.dat");

const NORMAL: u8 = 1;
const WILDCARD: u8 = 2;
const EXCEPTION: u8 = 4;

/// Suffix → rule flags: `gov.uk` normal, `ck` for `*.ck`, `www.ck` for `!www.ck`.
fn rules() -> &'static HashMap<&'static str, u8> {
    static RULES: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = HashMap::with_capacity(10_500);
        for line in PSL_TEXT.lines().map(str::trim) {
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            let (key, flag) = match (line.strip_prefix("*."), line.strip_prefix('!')) {
                (Some(rest), _) => (rest, WILDCARD),
                (_, Some(rest)) => (rest, EXCEPTION),
                _ => (line, NORMAL),
            };
            *rules.entry(key).or_insert(0) |= flag;
        }
        rules
    })
}

fn flags(suffix: &str) -> u8 {
    rules().get(suffix).copied().unwrap_or(0)
}

/// Byte offset in `host` where its registrable domain starts. A host that
/// is itself a public suffix, or an IP address, is its own domain (0).
pub(crate) fn registrable_start(host: &str) -> usize {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.contains(':') || host.parse::<Ipv4Addr>().is_ok() || host.parse::<Ipv6Addr>().is_ok() {
        return 0;
    }
    // Label starts, rightmost first: "a.b.co.uk" -> [7, 4, 2, 0].
    let mut starts: Vec<usize> = host.match_indices('.').map(|(i, _)| i + 1).collect();
    starts.reverse();
    starts.push(0);
    // An unlisted top-level label is a suffix of its own (the implicit `*`).
    let mut suffix_at = 0; // index into `starts` of the public suffix's first label
    for (n, &start) in starts.iter().enumerate() {
        let candidate = &host[start..];
        let f = flags(candidate);
        if f & EXCEPTION != 0 {
            suffix_at = n.saturating_sub(1);
            break;
        }
        let parent_wild = n > 0 && flags(&host[starts[n - 1]..]) & WILDCARD != 0;
        if f & NORMAL != 0 || parent_wild {
            suffix_at = n;
        }
    }
    starts.get(suffix_at + 1).copied().unwrap_or(0)
}

/// The resolver handed to the engine; see [`install`].
struct Psl;

impl ResolvesDomain for Psl {
    fn get_host_domain(&self, host: &str) -> (usize, usize) {
        (registrable_start(host), host.len())
    }
}

/// Gives the engine this module's resolver. The engine panics on its first
/// request without one, so every way to a [`crate::FilterSet`] calls this.
pub(crate) fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Fails only if a resolver is already set, which is as good.
        let _ = adblock::url_parser::set_domain_resolver(Box::new(Psl));
    });
}

#[cfg(test)]
mod tests {
    use super::registrable_start;

    fn domain(host: &str) -> &str {
        &host[registrable_start(host)..]
    }

    #[test]
    fn registrable_domains_follow_the_list() {
        assert_eq!(domain("findajob.dwp.gov.uk"), "dwp.gov.uk");
        assert_eq!(domain("www.universal-credit.service.gov.uk"), "universal-credit.service.gov.uk");
        assert_eq!(domain("www.google-analytics.com"), "google-analytics.com");
        assert_eq!(domain("a.b.example"), "b.example");
        assert_eq!(domain("example.com"), "example.com");
        assert_eq!(domain("gov.uk"), "gov.uk");
        assert_eq!(domain("com"), "com");
        assert_eq!(domain("x.y.unlisted-tld"), "y.unlisted-tld");
        assert_eq!(domain("127.0.0.1"), "127.0.0.1");
        assert_eq!(domain("::1"), "::1");
        assert_eq!(domain(""), "");
    }

    #[test]
    fn wildcard_and_exception_rules() {
        // *.ck and !www.ck are in the list.
        assert_eq!(domain("a.b.foo.ck"), "b.foo.ck");
        assert_eq!(domain("a.www.ck"), "www.ck");
    }
}
