//! Tracker knowledge: vendors, the host names they use, and the cookie
//! names and storage keys they leave behind, each with a category, a typical
//! retention, a plain-English purpose and the public source that states it.
//!
//! The knowledge is static Rust data ([`vendors`], [`cookies`], [`storage`],
//! [`requests`]); nothing is parsed at start-up. The first lookup builds hash
//! indexes over it, once ([`OnceLock`]). This module answers "what is this
//! name or host?" and nothing else: party, consent and the site being
//! visited are decided elsewhere (`classify`, `consent`).
//!
//! Names are matched in three ways, cheapest first:
//!
//! - **exact** (`_gid`): one hash lookup;
//! - **template** (`_ga_<id>`, `mp_<token>_mixpanel`): `<id>` and `<token>`
//!   stand for one or more of `A-Z a-z 0-9 . _ - % @`, `<any>` for one or
//!   more of anything;
//! - **prefix** (`_hjSession`, shown as `_hjSession*`).
//!
//! Templates and prefixes are indexed by their first [`BUCKET_LEN`] bytes, so a
//! name is checked against a handful of candidates, the most specific first.
//! Hosts are matched by walking their suffixes (`a.b.hotjar.com`,
//! `b.hotjar.com`, `hotjar.com`) through one hash map.
//!
//! ```
//! use tracking_witness::catalog::catalog;
//! let m = catalog().match_cookie("_ga_ABC123XYZ").unwrap();
//! assert_eq!(m.vendor.unwrap().id, "google-analytics");
//! assert_eq!(m.rule, "cookie-pattern:_ga_<id>");
//! ```

pub(crate) mod fast_hash;
pub mod cookies;
pub mod requests;
pub mod storage;
pub mod vendors;

use std::sync::OnceLock;

use serde_json::json;

use crate::model::Category;
use fast_hash::FastMap;

/// A company or product whose code runs on the sites we watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    /// Stable id, kebab-case (`google-analytics`); used in evidence files.
    pub id: &'static str,
    /// Product name as people know it (`Google Analytics`).
    pub name: &'static str,
    /// Legal owner (`Google LLC`).
    pub owner: &'static str,
    /// Owner's country, ISO 3166-1 alpha-2 (`US`).
    pub country: &'static str,
    /// URL of the owner's privacy policy.
    pub privacy_policy: &'static str,
    /// The vendor's main category; single cookies may differ.
    pub category: Category,
    /// Registrable domains or host names the vendor serves from; a host
    /// matches an entry when it equals it or is a subdomain of it.
    pub domains: &'static [&'static str],
    /// URL of the vendor's public cookie policy or documentation that
    /// states what this entry says.
    pub source: &'static str,
    /// What we could not confirm from the source, or `""`.
    pub note: &'static str,
}

impl Vendor {
    /// The vendor as the UI shows it: camelCase keys `id`, `name`, `owner`,
    /// `country`, `privacyPolicy`, `category`, `source` (and `note` when
    /// there is one).
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = json!({
            "id": self.id,
            "name": self.name,
            "owner": self.owner,
            "country": self.country,
            "privacyPolicy": self.privacy_policy,
            "category": self.category.as_str(),
            "source": self.source,
        });
        if !self.note.is_empty() {
            value["note"] = json!(self.note);
        }
        value
    }
}

/// How a [`Pattern`] matches a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// The whole name, case-sensitive: `_gid`.
    Exact(&'static str),
    /// Any name starting with this text: `_hjSession`.
    Prefix(&'static str),
    /// A template with `<id>`, `<token>` or `<any>` placeholders:
    /// `_ga_<id>`. The text before the first placeholder is at least
    /// [`BUCKET_LEN`] bytes long.
    Template(&'static str),
}

impl Name {
    /// The pattern as written in a [`Match::rule`]: the exact name, the
    /// template, or the prefix followed by `*`.
    pub fn display(&self) -> String {
        match self {
            Name::Exact(s) | Name::Template(s) => (*s).to_owned(),
            Name::Prefix(s) => format!("{s}*"),
        }
    }

    /// The literal text every matching name starts with.
    pub fn literal_prefix(&self) -> &'static str {
        match self {
            Name::Exact(s) | Name::Prefix(s) => s,
            Name::Template(s) => s.find('<').map_or(s, |i| &s[..i]),
        }
    }

    /// Whether `name` matches this pattern.
    pub fn matches(&self, name: &str) -> bool {
        match self {
            Name::Exact(s) => *s == name,
            Name::Prefix(s) => name.starts_with(s),
            Name::Template(t) => template_matches(t.as_bytes(), name.as_bytes()),
        }
    }
}

/// Where a name pattern counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// On any domain: the name is distinctive enough (`_ga`, `_hjSessionUser_1`).
    Anywhere,
    /// Only on these cookie domains and their subdomains, because the name
    /// is common enough to clash (`fr` on facebook.com, `CLID` on
    /// clarity.ms). Storage patterns never use this.
    Only(&'static [&'static str]),
}

/// One cookie name or storage key the catalog recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pattern {
    /// What it matches.
    pub name: Name,
    /// Vendor id, or `None` for generic names (`JSESSIONID`).
    pub vendor: Option<&'static str>,
    /// What it is for.
    pub category: Category,
    /// Typical lifetime in seconds as documented; `None` for a session
    /// cookie, for storage with no expiry of its own, or when unknown (then
    /// `confirmed` is false).
    pub retention_seconds: Option<u64>,
    /// A short plain-English purpose.
    pub purpose: &'static str,
    /// URL of the public document that states the facts above.
    pub source: &'static str,
    /// Where the pattern counts.
    pub scope: Scope,
    /// False when the name is known but a detail (usually the retention) is
    /// not confirmed by the source; see `docs/catalog.md`.
    pub confirmed: bool,
}

impl Pattern {
    /// A pattern with the usual defaults: counts anywhere, confirmed.
    pub const fn new(
        name: Name,
        vendor: Option<&'static str>,
        category: Category,
        retention_seconds: Option<u64>,
        purpose: &'static str,
        source: &'static str,
    ) -> Self {
        Pattern {
            name,
            vendor,
            category,
            retention_seconds,
            purpose,
            source,
            scope: Scope::Anywhere,
            confirmed: true,
        }
    }

    /// The same pattern, counted only on these cookie domains.
    pub const fn only_on(self, domains: &'static [&'static str]) -> Self {
        Pattern { scope: Scope::Only(domains), ..self }
    }

    /// The same pattern, marked as not fully confirmed.
    pub const fn unconfirmed(self) -> Self {
        Pattern { confirmed: false, ..self }
    }
}

/// A request rule for vendors that share a host with other products
/// (`www.facebook.com/tr` is the Meta pixel; the rest of facebook.com is
/// not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestRule {
    /// Host, matched with its subdomains.
    pub host: &'static str,
    /// Path prefix, starting with `/`.
    pub path_prefix: &'static str,
    /// Vendor id.
    pub vendor: &'static str,
    /// Category of such requests.
    pub category: Category,
    /// What the request does.
    pub purpose: &'static str,
    /// Public document stating it.
    pub source: &'static str,
}

/// Bytes of a name's start used to pick candidate templates and prefixes.
pub const BUCKET_LEN: usize = 3;

/// Names longer than this are not matched against templates, which bounds
/// the work a hostile page can cause.
const MAX_TEMPLATE_INPUT: usize = 512;

/// The catalog's verdict on one name or host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The vendor, or `None` for generic names.
    pub vendor: Option<&'static Vendor>,
    /// Category.
    pub category: Category,
    /// Typical retention in seconds; `None` for session or unknown.
    pub retention_seconds: Option<u64>,
    /// Plain-English purpose.
    pub purpose: &'static str,
    /// Which rule matched: `cookie:_gid`, `cookie-pattern:_ga_<id>`,
    /// `storage:rxVisitor`, `storage-pattern:...`, `domain:hotjar.com`,
    /// `request:www.facebook.com/tr`.
    pub rule: String,
}

/// Hash indexes over one pattern table.
struct NameIndex {
    table: &'static [Pattern],
    /// Exact name to table positions (usually one; more when a name is
    /// scoped to different vendors).
    exact: FastMap<&'static str, Vec<u16>>,
    /// First [`BUCKET_LEN`] bytes to template/prefix positions, most
    /// specific (longest literal prefix) first.
    buckets: FastMap<&'static [u8], Vec<u16>>,
}

impl NameIndex {
    fn build(table: &'static [Pattern]) -> Self {
        let mut exact: FastMap<&'static str, Vec<u16>> = FastMap::default();
        let mut buckets: FastMap<&'static [u8], Vec<u16>> = FastMap::default();
        for (i, p) in table.iter().enumerate() {
            let i = u16::try_from(i).expect("pattern table fits in u16");
            match p.name {
                Name::Exact(s) => exact.entry(s).or_default().push(i),
                Name::Prefix(_) | Name::Template(_) => {
                    let lit = p.name.literal_prefix().as_bytes();
                    // Tests keep literals at least BUCKET_LEN long; a
                    // shorter one would simply never be found.
                    if lit.len() >= BUCKET_LEN {
                        buckets.entry(&lit[..BUCKET_LEN]).or_default().push(i);
                    }
                }
            }
        }
        for list in buckets.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(table[usize::from(i)].name.literal_prefix().len()));
        }
        NameIndex { table, exact, buckets }
    }

    /// First pattern matching `name` that is allowed on `domain` (`None`:
    /// only patterns that count anywhere).
    fn find(&self, name: &str, domain: Option<&str>) -> Option<&'static Pattern> {
        let table = self.table;
        let allowed = |p: &Pattern| match (p.scope, domain) {
            (Scope::Anywhere, _) => true,
            (Scope::Only(list), Some(d)) => list.iter().any(|s| crate::domain::domain_matches(s, d)),
            (Scope::Only(_), None) => false,
        };
        if let Some(list) = self.exact.get(name) {
            if let Some(p) = list.iter().map(|&i| &table[usize::from(i)]).find(|p| allowed(p)) {
                return Some(p);
            }
        }
        if name.len() < BUCKET_LEN || name.len() > MAX_TEMPLATE_INPUT {
            return None;
        }
        let list = self.buckets.get(&name.as_bytes()[..BUCKET_LEN])?;
        list.iter()
            .map(|&i| &table[usize::from(i)])
            .find(|p| p.name.matches(name) && allowed(p))
    }
}

/// The tracker catalog: static tables plus lazily built indexes.
pub struct Catalog {
    vendor_index: FastMap<&'static str, u16>,
    domain_index: FastMap<&'static str, u16>,
    cookie_index: NameIndex,
    storage_index: NameIndex,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("vendors", &vendors::VENDORS.len())
            .field("cookie_patterns", &cookies::COOKIES.len())
            .field("storage_patterns", &storage::STORAGE.len())
            .finish()
    }
}

/// The catalog, its indexes built on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut vendor_index = FastMap::default();
        let mut domain_index = FastMap::default();
        for (i, v) in vendors::VENDORS.iter().enumerate() {
            let i = u16::try_from(i).expect("vendor table fits in u16");
            vendor_index.insert(v.id, i);
            for d in v.domains {
                // First vendor listed for a domain wins; tests forbid clashes.
                domain_index.entry(*d).or_insert(i);
            }
        }
        Catalog {
            vendor_index,
            domain_index,
            cookie_index: NameIndex::build(cookies::COOKIES),
            storage_index: NameIndex::build(storage::STORAGE),
        }
    })
}

impl Catalog {
    /// Every vendor, in catalog order.
    pub fn vendors(&self) -> &'static [Vendor] {
        vendors::VENDORS
    }

    /// Every cookie-name pattern.
    pub fn cookie_patterns(&self) -> &'static [Pattern] {
        cookies::COOKIES
    }

    /// Every storage-key pattern.
    pub fn storage_patterns(&self) -> &'static [Pattern] {
        storage::STORAGE
    }

    /// Every host-and-path request rule.
    pub fn request_rules(&self) -> &'static [RequestRule] {
        requests::REQUESTS
    }

    /// The vendor with this id.
    pub fn vendor(&self, id: &str) -> Option<&'static Vendor> {
        self.vendor_index.get(id).map(|&i| &vendors::VENDORS[usize::from(i)])
    }

    /// What a cookie name is, judged by its name alone. Patterns whose names
    /// are too common to trust off the vendor's domains are skipped; use
    /// [`Catalog::match_cookie_on`] when the cookie's domain is known.
    pub fn match_cookie(&self, name: &str) -> Option<Match> {
        self.cookie_index.find(name, None).map(|p| self.pattern_match("cookie", p))
    }

    /// What a cookie is, judged by its name and bare domain
    /// (`facebook.com`): like [`Catalog::match_cookie`], plus the patterns
    /// that count only on their vendor's domains.
    pub fn match_cookie_on(&self, name: &str, domain: &str) -> Option<Match> {
        self.cookie_index.find(name, Some(domain)).map(|p| self.pattern_match("cookie", p))
    }

    /// What a web-storage key, IndexedDB name or cache name is.
    pub fn match_storage_key(&self, key: &str) -> Option<Match> {
        self.storage_index.find(key, None).map(|p| self.pattern_match("storage", p))
    }

    /// Which vendor serves from `host` (normalized), by walking its
    /// suffixes: `a.b.hotjar.com`, `b.hotjar.com`, `hotjar.com`.
    pub fn match_host(&self, host: &str) -> Option<Match> {
        let (domain, i) = self.host_vendor(host)?;
        let v = &vendors::VENDORS[usize::from(i)];
        Some(Match {
            vendor: Some(v),
            category: v.category,
            retention_seconds: None,
            purpose: "",
            rule: format!("domain:{domain}"),
        })
    }

    /// What a request to `host` with URL path `path` is: a host-and-path
    /// rule first (`www.facebook.com/tr`), then [`Catalog::match_host`].
    pub fn match_request(&self, host: &str, path: &str) -> Option<Match> {
        let rule = requests::REQUESTS.iter().find(|r| {
            path_has_prefix(path, r.path_prefix) && crate::domain::domain_matches(r.host, host)
        });
        if let Some(r) = rule {
            return Some(Match {
                vendor: self.vendor(r.vendor),
                category: r.category,
                retention_seconds: None,
                purpose: r.purpose,
                rule: format!("request:{}{}", r.host, r.path_prefix),
            });
        }
        self.match_host(host)
    }

    fn host_vendor<'h>(&self, host: &'h str) -> Option<(&'h str, u16)> {
        let mut rest = host;
        loop {
            if let Some(&i) = self.domain_index.get(rest) {
                return Some((rest, i));
            }
            rest = &rest[rest.find('.')? + 1..];
        }
    }

    fn pattern_match(&self, kind: &str, p: &'static Pattern) -> Match {
        let rule = match p.name {
            Name::Exact(s) => format!("{kind}:{s}"),
            other => format!("{kind}-pattern:{}", other.display()),
        };
        Match {
            vendor: p.vendor.and_then(|v| self.vendor(v)),
            category: p.category,
            retention_seconds: p.retention_seconds,
            purpose: p.purpose,
            rule,
        }
    }
}

/// Whether `path` is `prefix` or lies below it (`/tr`, `/tr/`, but not
/// `/trending`).
fn path_has_prefix(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether `name` fits `template`. Placeholders match one or more bytes, so
/// a template with two of them (`_pk_id.<id>.<id>`) may need to backtrack;
/// names are capped at [`MAX_TEMPLATE_INPUT`] bytes and templates hold at
/// most a few placeholders, so the work stays small.
fn template_matches(template: &[u8], name: &[u8]) -> bool {
    let Some(open) = template.iter().position(|&b| b == b'<') else {
        return template == name;
    };
    if name.len() < open || template[..open] != name[..open] {
        return false;
    }
    let Some(close) = template[open..].iter().position(|&b| b == b'>') else {
        return false;
    };
    let placeholder = &template[open + 1..open + close];
    let rest = &template[open + close + 1..];
    let name = &name[open..];
    let allowed = |b: u8| -> bool {
        placeholder == b"any"
            || b.is_ascii_alphanumeric()
            || matches!(b, b'.' | b'_' | b'-' | b'%' | b'@')
    };
    // Try every length the placeholder could take, shortest first.
    for len in 1..=name.len() {
        if !allowed(name[len - 1]) {
            return false;
        }
        if template_matches(rest, &name[len..]) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn templates() {
        let t = |t: &str, n: &str| template_matches(t.as_bytes(), n.as_bytes());
        assert!(t("_ga_<id>", "_ga_ABC123XYZ"));
        assert!(!t("_ga_<id>", "_ga_"));
        assert!(t("mp_<token>_mixpanel", "mp_0123abcd_mixpanel"));
        assert!(!t("mp_<token>_mixpanel", "mp_0123abcd_mixpane"));
        assert!(t("_pk_id.<id>.<id>", "_pk_id.1.1fff"));
        assert!(!t("_pk_id.<id>.<id>", "_pk_id.1."));
        assert!(t("AMCV_<id>", "AMCV_1234%40AdobeOrg"));
        assert!(t("AMCV_<id>", "AMCV_1234@AdobeOrg"));
        assert!(!t("AMCV_<id>", "AMCV_12 34"));
        assert!(t("BIGipServer<any>", "BIGipServer~Common~pool 1"));
    }

    #[test]
    fn indexes_agree_with_tables() {
        let c = catalog();
        for v in c.vendors() {
            assert_eq!(c.vendor(v.id).map(|x| x.id), Some(v.id));
        }
        assert!(c.vendor("nobody").is_none());
    }

    #[test]
    fn hosts_walk_suffixes() {
        let c = catalog();
        let m = c.match_host("a.b.hotjar.com").unwrap();
        assert_eq!(m.vendor.unwrap().id, "hotjar");
        assert_eq!(m.rule, "domain:hotjar.com");
        assert!(c.match_host("nothotjar.com").is_none());
        assert!(c.match_host("hotjar.com.evil.example").is_none());
        assert!(c.match_host("").is_none());
    }

    #[test]
    fn scoped_names_need_the_vendor_domain() {
        let c = catalog();
        assert!(c.match_cookie("fr").is_none());
        assert!(c.match_cookie_on("fr", "dwp.gov.uk").is_none());
        let m = c.match_cookie_on("fr", "facebook.com").unwrap();
        assert_eq!(m.vendor.unwrap().id, "meta-pixel");
    }

    #[test]
    fn vendor_json_is_camel_case() {
        let v = catalog().vendor("hotjar").unwrap().to_json();
        assert_eq!(v["id"], "hotjar");
        assert_eq!(v["category"], "session-replay");
        assert!(v["privacyPolicy"].as_str().unwrap().starts_with("https://"));
        assert!(v["source"].as_str().unwrap().starts_with("https://"));
    }

    proptest! {
        #[test]
        fn lookups_never_panic(s in "\\PC{0,80}") {
            let c = catalog();
            let _ = c.match_cookie(&s);
            let _ = c.match_cookie_on(&s, &s);
            let _ = c.match_storage_key(&s);
            let _ = c.match_host(&s);
            let _ = c.match_request(&s, &s);
        }
    }
}
