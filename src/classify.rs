//! Turns one observation into a verdict: which vendor, what for, and whose.
//!
//! Pure and on the per-observation path: no I/O, no state, and no
//! allocation beyond the verdict's own strings (catalog lookups borrow).
//! Party comes from registrable domains ([`crate::domain`]); vendor and
//! category come only from the [`catalog`](crate::catalog). Anything the
//! catalog does not know stays [`Category::Unknown`] with reason
//! `no-match`: a cookie on the site's own domain is not assumed essential.

use std::borrow::Cow;

use crate::catalog::{catalog, Match};
use crate::consent;
use crate::domain;
use crate::model::{Category, Classification, CookieObservation, Millis, Observation, Party};

/// What classification needs to know about the site being visited, worked
/// out once rather than per observation: the registrable domains of the
/// site's hosts. Build one when the site's configuration is read and keep
/// it; [`classify_with_context`] then decides party with string compares,
/// and with registrable-domain work only for hosts under one of those
/// domains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteContext {
    /// In the order of the site's hosts, without repeats.
    registrable_domains: Vec<String>,
}

impl SiteContext {
    /// The context for a site whose hosts are `site_hosts` (plain host
    /// names such as `findajob.dwp.gov.uk`; a leading `*.` is ignored, since
    /// the party test is by registrable domain anyway). Hosts that are not
    /// valid host names are left out: they are nobody's party.
    pub fn new<S: AsRef<str>>(site_hosts: &[S]) -> Self {
        let mut registrable_domains: Vec<String> = Vec::with_capacity(site_hosts.len());
        for h in site_hosts {
            let h = h.as_ref();
            let Some(h) = domain::canonical(h.strip_prefix("*.").unwrap_or(h)) else { continue };
            let rd = domain::registrable_domain_str(&h);
            // Sites have a handful of hosts: a scan beats sorting (and links
            // in less code).
            if !registrable_domains.iter().any(|known| known == rd) {
                registrable_domains.push(rd.to_owned());
            }
        }
        SiteContext { registrable_domains }
    }

    /// The site's registrable domains, in the order of its hosts, each once.
    pub fn registrable_domains(&self) -> &[String] {
        &self.registrable_domains
    }

    /// First party when `host` has the same registrable domain as one of the
    /// site's hosts; third otherwise, including when `host` is not a valid
    /// host name. Same answer as [`domain::same_party`] against each site
    /// host.
    pub fn party_of(&self, host: &str) -> Party {
        let Some(host) = domain::canonical(host) else { return Party::Third };
        // A host's registrable domain is always the host itself or a
        // dot-separated suffix of it, so only hosts ending in one of the
        // site's domains can share it; most hosts stop here, at a string
        // compare.
        let under = |rd: &String| {
            host.len() >= rd.len()
                && host.ends_with(rd.as_str())
                && (host.len() == rd.len() || host.as_bytes()[host.len() - rd.len() - 1] == b'.')
        };
        let mut candidates = self.registrable_domains.iter().filter(|rd| under(rd)).peekable();
        if candidates.peek().is_none() {
            return Party::Third;
        }
        // A registrable domain is its own registrable domain, so an exact hit
        // needs no suffix-list work; a subdomain does (`x.service.gov.uk` is
        // not under `service.gov.uk`'s party). Several of the site's domains
        // can be suffixes of one host (`uk` and `dwp.gov.uk`): any may match.
        let mut own = None;
        for rd in candidates {
            if host.len() == rd.len() || *own.get_or_insert_with(|| domain::registrable_domain_str(&host)) == rd.as_str() {
                return Party::First;
            }
        }
        Party::Third
    }
}

/// Classifies one observation for a site whose hosts are `site_hosts`
/// (plain host names such as `findajob.dwp.gov.uk`; a leading `*.` is
/// ignored, since the party test is by registrable domain anyway).
///
/// This works out the site's registrable domains on every call; on the
/// per-observation path build a [`SiteContext`] once and call
/// [`classify_with_context`], which gives the same verdict.
pub fn classify(obs: &Observation, site_hosts: &[String]) -> Classification {
    classify_with_context(obs, &SiteContext::new(site_hosts))
}

/// Classifies one observation for the site described by `site`.
///
/// - **Party:** first when the observation's host (a cookie's bare domain, a
///   storage item's origin host, a request's host) has the same registrable
///   domain as any of the site's hosts; third otherwise, including when the
///   host is not a valid host name.
/// - **Cookies:** the name patterns first (including those that count only
///   on the cookie's domain), then the cookie's domain against vendor
///   domains, then the GOV.UK-style consent cookie names.
/// - **Storage:** the key patterns, then, for third-party storage only, the
///   origin host against vendor domains.
/// - **Requests:** host-and-path rules, then the host against vendor domains.
///
/// Cost: a few hash lookups (name, then the host's suffixes); the only
/// allocations are the verdict's two strings.
pub fn classify_with_context(obs: &Observation, site: &SiteContext) -> Classification {
    let host = match obs {
        Observation::Cookie(c) => lower(c.domain.trim_start_matches('.')),
        Observation::Storage(s) => lower(&s.host),
        Observation::Request(r) => lower(&r.host),
    };
    let party = site.party_of(&host);
    let cat = catalog();
    let found: Option<Match> = match obs {
        Observation::Cookie(c) => cat.match_cookie_on(&c.name, &host).or_else(|| cat.match_host(&host)),
        Observation::Storage(s) => {
            cat.match_storage_key(&s.key).or_else(|| if party == Party::Third { cat.match_host(&host) } else { None })
        }
        Observation::Request(r) => cat.match_request(&host, &r.path),
    };
    match found {
        Some(m) => Classification { vendor: m.vendor.map(|v| v.id.to_owned()), category: m.category, party, reason: m.rule.to_owned() },
        None => match obs {
            Observation::Cookie(c) if consent::is_consent_cookie(&c.name) => {
                Classification { vendor: None, category: Category::Consent, party, reason: ["consent-cookie:", c.name.as_str()].concat() }
            }
            // The catalog comes first; a filter list the user imported only
            // speaks for hosts it does not know, and never names a vendor.
            Observation::Request(r) if r.filter_match.is_some() => {
                let m = r.filter_match.as_ref().expect("checked");
                Classification {
                    vendor: None,
                    category: m.category,
                    party,
                    reason: ["filter-list:", m.list.as_str(), ":", m.filter.as_str()].concat(),
                }
            }
            _ => Classification { vendor: None, category: Category::Unknown, party, reason: "no-match".to_owned() },
        },
    }
}

/// The vendor the catalog attributes a request to `host` (path `path`) to,
/// without building a whole [`Classification`]: the allocation-free path for
/// a batch of requests, agreeing with [`classify_with_context`]'s vendor.
pub fn request_vendor(host: &str, path: &str) -> Option<&'static str> {
    if path.is_empty() {
        // No host-and-path rule has an empty prefix, so only the host
        // decides; the catalog lowers what it reads of it, so the host is
        // not copied or scanned twice.
        return catalog().match_host(host.strip_suffix('.').unwrap_or(host)).and_then(|m| m.vendor).map(|v| v.id);
    }
    catalog().match_request(&lower(host), path).and_then(|m| m.vendor).map(|v| v.id)
}

/// The catalog's vendor for each host of a batch of requests, the way the
/// content script reports them: `hosts` is UTF-8 text, one host per line
/// (`\n`). For each line, in order, the vendor's position in
/// [`Catalog::vendors`](crate::catalog::Catalog::vendors) plus one, or 0
/// when the catalog attributes the host to nobody (or the line is not
/// UTF-8). The same vendor as [`request_vendor`] with an empty path; no
/// allocation but the answer.
pub fn request_vendor_batch(hosts: &[u8]) -> Vec<u16> {
    let cat = catalog();
    let mut out = Vec::with_capacity(hosts.len() / 16 + 1);
    for line in hosts.split(|&b| b == b'\n') {
        let position = std::str::from_utf8(line).ok().and_then(|h| cat.host_vendor_position(h.strip_suffix('.').unwrap_or(h)));
        out.push(position.map_or(0, |p| p + 1));
    }
    out
}

/// `host` lowercased with one trailing dot removed, borrowed when it
/// already is (browsers report hosts that way).
fn lower(host: &str) -> Cow<'_, str> {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(host.to_ascii_lowercase())
    } else {
        Cow::Borrowed(host)
    }
}

/// How long a cookie has left to live, in whole seconds from `now_ms`:
/// `None` for a session cookie (or an expiry that is not a finite number),
/// zero for one already expired.
pub fn retention_seconds(c: &CookieObservation, now_ms: Millis) -> Option<u64> {
    let expiry = c.expiration_date?;
    if !expiry.is_finite() {
        return None;
    }
    let left = expiry - now_ms as f64 / 1000.0;
    // `as` saturates, so absurd expiries cannot wrap.
    Some(left.max(0.0).floor() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RequestObservation, RequestType, StorageArea, StorageObservation};
    use proptest::prelude::*;

    /// Party as `classify` decided it before [`SiteContext`]: the host
    /// against each site host with [`domain::same_party`].
    fn party_by_pairs(host: &str, site_hosts: &[String]) -> Party {
        let first = site_hosts.iter().any(|site| domain::same_party(host, site.strip_prefix("*.").unwrap_or(site)));
        if first {
            Party::First
        } else {
            Party::Third
        }
    }

    #[test]
    fn context_party_matches_pairwise_party() {
        let site = sites(&[
            "findajob.dwp.gov.uk",
            "*.universal-credit.service.gov.uk",
            "localhost",
            "127.0.0.1",
            "x.kawasaki.jp",
            "1.2.3",
            "not a host",
        ]);
        let ctx = SiteContext::new(&site);
        for host in [
            "findajob.dwp.gov.uk",
            "dwp.gov.uk",
            "a.b.dwp.gov.uk",
            "gov.uk",
            "www.gov.uk",
            "service.gov.uk",
            "universal-credit.service.gov.uk",
            "www.universal-credit.service.gov.uk",
            "other.service.gov.uk",
            "localhost",
            "x.localhost",
            "127.0.0.1",
            "1.127.0.0.1",
            "x.kawasaki.jp",
            "a.x.kawasaki.jp",
            "kawasaki.jp",
            "city.kawasaki.jp",
            "2.3",
            "1.2.3",
            "",
            ".",
            "a..dwp.gov.uk",
            "DWP.GOV.UK.",
            "not a host",
            "evil-dwp.gov.uk",
            "dwp.gov.uk.evil.com",
        ] {
            assert_eq!(ctx.party_of(host), party_by_pairs(host, &site), "{host:?}");
        }
        assert_eq!(ctx.registrable_domains().len(), 6);
    }

    proptest! {
        #[test]
        fn context_party_matches_pairwise_party_anywhere(
            host in "([a-z0-9-]{1,6}\\.){0,4}(uk|gov\\.uk|service\\.gov\\.uk|dwp\\.gov\\.uk|ck|www\\.ck|kawasaki\\.jp|com|[a-z]{2,4})\\.?",
            sites in prop::collection::vec("(\\*\\.)?([a-z0-9-]{1,6}\\.){0,3}(uk|gov\\.uk|service\\.gov\\.uk|dwp\\.gov\\.uk|ck|kawasaki\\.jp|com)", 0..4),
        ) {
            let ctx = SiteContext::new(&sites);
            prop_assert_eq!(ctx.party_of(&host), party_by_pairs(&host, &sites));
            // The exact-hit shortcut relies on this.
            for rd in ctx.registrable_domains() {
                prop_assert_eq!(domain::registrable_domain_str(rd), rd.as_str());
            }
        }

        #[test]
        fn context_party_never_panics(host in "\\PC{0,40}", site in "\\PC{0,40}") {
            let sites = vec![site];
            prop_assert_eq!(SiteContext::new(&sites).party_of(&host), party_by_pairs(&host, &sites));
        }
    }

    fn cookie(name: &str, domain: &str) -> CookieObservation {
        CookieObservation { host_only: false, expiration_date: Some(2_000_000_000.0), ..CookieObservation::new(name, "", domain) }
    }

    fn sites(hosts: &[&str]) -> Vec<String> {
        hosts.iter().map(|h| (*h).to_owned()).collect()
    }

    #[test]
    fn ga_on_dwp_is_first_party_analytics() {
        let v = classify(&Observation::Cookie(cookie("_ga", ".dwp.gov.uk")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!(v.vendor.as_deref(), Some("google-analytics"));
        assert_eq!(v.category, Category::Analytics);
        assert_eq!(v.party, Party::First);
        assert_eq!(v.reason, "cookie:_ga");
    }

    #[test]
    fn unknown_first_party_cookie_stays_unknown() {
        let v = classify(&Observation::Cookie(cookie("session_thing", "findajob.dwp.gov.uk")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!((v.vendor, v.category, v.party), (None, Category::Unknown, Party::First));
        assert_eq!(v.reason, "no-match");
    }

    #[test]
    fn cookie_falls_back_to_vendor_domain() {
        let v = classify(&Observation::Cookie(cookie("_some_new_cookie", ".Hotjar.com")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!(v.vendor.as_deref(), Some("hotjar"));
        assert_eq!(v.party, Party::Third);
        assert_eq!(v.reason, "domain:hotjar.com");
    }

    #[test]
    fn scoped_cookie_needs_its_domain() {
        let fb = classify(&Observation::Cookie(cookie("fr", ".facebook.com")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!(fb.vendor.as_deref(), Some("meta-pixel"));
        assert_eq!(fb.category, Category::Advertising);
        let own = classify(&Observation::Cookie(cookie("fr", "findajob.dwp.gov.uk")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!(own.category, Category::Unknown);
    }

    #[test]
    fn service_consent_cookie_variant() {
        let v = classify(&Observation::Cookie(cookie("jsa_cookies_policy", ".service.gov.uk")), &sites(&["x.service.gov.uk"]));
        assert_eq!(v.category, Category::Consent);
        assert_eq!(v.reason, "consent-cookie:jsa_cookies_policy");
        // `.service.gov.uk` is a public suffix: nobody's first party.
        assert_eq!(v.party, Party::Third);
    }

    #[test]
    fn storage_and_requests() {
        let s = StorageObservation {
            area: StorageArea::Local,
            host: "www.universal-credit.service.gov.uk".into(),
            key: "rxVisitor".into(),
            size: 10,
            value: None,
            origin: None,
            repaired: false,
            truncated: false,
        };
        let v = classify(&Observation::Storage(s.clone()), &sites(&["*.universal-credit.service.gov.uk"]));
        assert_eq!((v.vendor.as_deref(), v.party), (Some("dynatrace"), Party::First));
        assert_eq!(v.reason, "storage-pattern:rxVisitor*");
        // First-party storage is not attributed by host, third-party is.
        let mine = StorageObservation { key: "whatever".into(), ..s.clone() };
        assert_eq!(classify(&Observation::Storage(mine), &sites(&["universal-credit.service.gov.uk"])).category, Category::Unknown);
        let theirs = StorageObservation { key: "whatever".into(), host: "static.hotjar.com".into(), ..s };
        assert_eq!(classify(&Observation::Storage(theirs), &sites(&["universal-credit.service.gov.uk"])).vendor.as_deref(), Some("hotjar"));

        let r = |host: &str, path: &str| RequestObservation {
            host: host.into(),
            request_type: RequestType::Script,
            path: path.into(),
            page_host: "findajob.dwp.gov.uk".into(),
            filter_match: None,
        };
        let v = classify(&Observation::Request(r("www.googletagmanager.com", "/gtm.js")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!((v.vendor.as_deref(), v.category, v.party), (Some("google-tag-manager"), Category::TagManager, Party::Third));
        let v = classify(&Observation::Request(r("www.facebook.com", "/tr/")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!(v.vendor.as_deref(), Some("meta-pixel"));
        let v = classify(&Observation::Request(r("www.facebook.com", "/trending")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!(v.vendor.as_deref(), Some("facebook"));
        let v = classify(&Observation::Request(r("cdn.example.org", "/x.js")), &sites(&["findajob.dwp.gov.uk"]));
        assert_eq!((v.category, v.reason.as_str()), (Category::Unknown, "no-match"));
    }

    #[test]
    fn batch_verdicts_are_request_vendor() {
        let vendors = catalog().vendors();
        let mut hosts: Vec<String> = Vec::new();
        for (i, v) in vendors.iter().enumerate() {
            for d in v.domains {
                hosts.extend([
                    format!("cdn{}.{d}", i % 3),
                    d.to_uppercase(),
                    format!("{d}."),
                    format!("x{d}"),
                    format!("{d}.evil.example"),
                ]);
            }
        }
        hosts.extend(["".into(), ".".into(), "findajob.dwp.gov.uk".into(), "localhost".into(), "a..b".into()]);
        let joined = hosts.join("\n");
        let got = request_vendor_batch(joined.as_bytes());
        assert_eq!(got.len(), hosts.len());
        for (host, &at) in hosts.iter().zip(&got) {
            let want = request_vendor(host, "");
            assert_eq!(at.checked_sub(1).map(|p| vendors[usize::from(p)].id), want, "{host:?}");
        }
        assert!(got.iter().filter(|&&v| v > 0).count() >= vendors.len());
        // A line that is not UTF-8 is nobody's, and does not shift the rest.
        assert_eq!(request_vendor_batch(b"\xff\xfe.hotjar.com\nstatic.hotjar.com"), vec![0, 1 + hotjar_position()]);
        assert_eq!(request_vendor_batch(b""), vec![0]);
    }

    fn hotjar_position() -> u16 {
        catalog().vendors().iter().position(|v| v.id == "hotjar").unwrap() as u16
    }

    #[test]
    fn retention() {
        let mut c = cookie("_ga", ".dwp.gov.uk");
        c.expiration_date = Some(1_000.5);
        assert_eq!(retention_seconds(&c, 0), Some(1_000));
        assert_eq!(retention_seconds(&c, 999_000), Some(1));
        assert_eq!(retention_seconds(&c, 2_000_000), Some(0));
        c.expiration_date = None;
        assert_eq!(retention_seconds(&c, 0), None);
        c.expiration_date = Some(f64::NAN);
        assert_eq!(retention_seconds(&c, 0), None);
        c.expiration_date = Some(1e300);
        assert_eq!(retention_seconds(&c, 0), Some(u64::MAX));
    }
}
