//! Registrable domains (eTLD+1) for the engine's first/third-party test.
//!
//! The engine needs one answer from outside: which part of a host is its
//! registrable domain, so that `$third-party` filters can compare the
//! request's domain with the page's. Its own answer (the `addr` crate's
//! compiled-in list) costs about 0.9 MB of wasm, so this module asks the
//! public-suffix crate the core uses (`crates/psl`, the Public Suffix List
//! in `data/`): one implementation and one list, so the two modules cannot
//! disagree on who is a third party.

use adblock::url_parser::ResolvesDomain;

/// Byte offset in `host` where its registrable domain starts: the shared
/// public-suffix crate's answer, which is always a suffix of the host. A
/// host that is itself a public suffix, or an IP address, is its own
/// domain (0).
pub(crate) fn registrable_start(host: &str) -> usize {
    host.len() - tracking_witness_psl::registrable_domain_str(host).len()
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
