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

pub mod cookies;
// A second opinion from the Open Cookie Database: natively and in the
// actions module only (its data stays out of the module loaded at each wake).
#[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
pub mod open_cookie_db;
pub mod requests;
pub mod storage;
pub mod vendors;

use std::sync::OnceLock;

use crate::model::Category;
use tracking_witness_psl::fast_hash::FastMap;

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
    /// states what this entry says. Empty in the wasm build, which the
    /// extension ships: sources are listed in `docs/catalog.md` instead.
    pub source: &'static str,
    /// What we could not confirm from the source, or `""`.
    pub note: &'static str,
}

impl Vendor {
    /// The vendor as the UI shows it: camelCase keys `id`, `name`, `owner`,
    /// `country`, `privacyPolicy`, `category`, then `source` and `note` when
    /// they are not empty (`source` always is in the wasm build).
    pub fn to_json(&self) -> serde_json::Value {
        let fields = [
            ("id", self.id),
            ("name", self.name),
            ("owner", self.owner),
            ("country", self.country),
            ("privacyPolicy", self.privacy_policy),
            ("category", self.category.as_str()),
            ("source", self.source),
            ("note", self.note),
        ];
        let mut map = serde_json::Map::new();
        for (key, value) in fields {
            if !value.is_empty() {
                map.insert(key.to_owned(), value.into());
            }
        }
        serde_json::Value::Object(map)
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
    /// URL of the public document that states the facts above; empty in
    /// the wasm build (see [`Vendor::source`]).
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
            source: shipped_source(source),
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
    /// Public document stating it; empty in the wasm build (see
    /// [`Vendor::source`]).
    pub source: &'static str,
}

/// `source` as the build keeps it. The extension never shows source URLs,
/// so the wasm build leaves them out (a few kilobytes); native builds,
/// tests and `docs/catalog.md` keep every one. Used in the `const fn`s that
/// build the tables, so the dropped strings never reach the binary.
pub(crate) const fn shipped_source(source: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        source
    }
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
    /// `request:www.facebook.com/tr`. Written once when the indexes are
    /// built, so a match allocates nothing.
    pub rule: &'static str,
}

/// Hash indexes over one pattern table.
struct NameIndex {
    table: &'static [Pattern],
    /// Each pattern's [`Match::rule`], by table position.
    rules: Vec<Box<str>>,
    /// Exact name to table positions (usually one; more when a name is
    /// scoped to different vendors).
    exact: FastMap<&'static str, Vec<u16>>,
    /// First [`BUCKET_LEN`] bytes to template/prefix positions, most
    /// specific (longest literal prefix) first. Literals are ASCII (a test
    /// checks), so the key is always a whole `str`.
    buckets: FastMap<&'static str, Vec<u16>>,
}

impl NameIndex {
    fn build(table: &'static [Pattern], kind: &str) -> Self {
        // Sized up front: a waking worker builds these on its first
        // observation, and growing a map rehashes everything in it.
        let mut exact: FastMap<&'static str, Vec<u16>> = FastMap::default();
        exact.reserve(table.len());
        let mut buckets: FastMap<&'static str, Vec<u16>> = FastMap::default();
        buckets.reserve(table.len() / 2);
        let mut rules = Vec::with_capacity(table.len());
        for (i, p) in table.iter().enumerate() {
            let i = u16::try_from(i).expect("pattern table fits in u16");
            let literal = p.name.literal_prefix();
            let rule = match p.name {
                Name::Exact(s) => {
                    exact.entry(s).or_default().push(i);
                    [kind, ":", s].concat()
                }
                Name::Prefix(s) => [kind, "-pattern:", s, "*"].concat(),
                Name::Template(s) => [kind, "-pattern:", s].concat(),
            };
            rules.push(rule.into_boxed_str());
            // Tests keep literals at least BUCKET_LEN long; a shorter one
            // would simply never be found.
            if let (false, Some(key)) = (matches!(p.name, Name::Exact(_)), literal.get(..BUCKET_LEN)) {
                let list = buckets.entry(key).or_default();
                // Insertion keeps table order among equally long literals
                // (a plain loop: a sort would link in a lot of code).
                let at = list.iter().position(|&j| table[usize::from(j)].name.literal_prefix().len() < literal.len()).unwrap_or(list.len());
                list.insert(at, i);
            }
        }
        NameIndex { table, rules, exact, buckets }
    }

    /// First pattern matching `name` that is allowed on `domain` (`None`:
    /// only patterns that count anywhere), with its rule text.
    fn find(&self, name: &str, domain: Option<&str>) -> Option<(&Pattern, &str)> {
        let table = self.table;
        let allowed = |p: &Pattern| match (p.scope, domain) {
            (Scope::Anywhere, _) => true,
            (Scope::Only(list), Some(d)) => list.iter().any(|s| crate::domain::domain_matches(s, d)),
            (Scope::Only(_), None) => false,
        };
        let hit = |i: u16| Some((&table[usize::from(i)], &*self.rules[usize::from(i)]));
        if let Some(list) = self.exact.get(name) {
            if let Some(&i) = list.iter().find(|&&i| allowed(&table[usize::from(i)])) {
                return hit(i);
            }
        }
        if name.len() > MAX_TEMPLATE_INPUT {
            return None;
        }
        let list = self.buckets.get(name.get(..BUCKET_LEN)?)?;
        let &i = list.iter().find(|&&i| {
            let p = &table[usize::from(i)];
            p.name.matches(name) && allowed(p)
        })?;
        hit(i)
    }
}

/// The tracker catalog: static tables plus lazily built indexes.
pub struct Catalog {
    vendor_index: FastMap<&'static str, u16>,
    /// Every vendor domain, and the last two labels of each (`google.com`
    /// for `analytics.google.com`), so that most hosts, which end in no
    /// vendor's two labels, cost one lookup.
    domain_index: SuffixTable,
    /// Vendor position and [`Match::rule`] (`domain:hotjar.com`) of each
    /// vendor domain.
    domain_rules: Vec<(u16, Box<str>)>,
    /// [`Match::rule`] of each request rule, by position.
    request_rules: Vec<Box<str>>,
    cookie_index: NameIndex,
    storage_index: NameIndex,
}

/// An open-addressing table keyed by host suffixes, hashed from their last
/// byte towards their first ([`suffix_hash`]), so that one backward pass over
/// a host hashes every suffix that starts after a dot: looking up two or
/// three of them costs no more hashing than the pass itself. Built once from
/// static data, never from the network.
struct SuffixTable {
    /// Length a power of two, at most half full; an empty key marks a free slot.
    slots: Box<[(u64, &'static str, DomainEntry)]>,
}

/// FNV-1a over `bytes` from the last to the first, continuing from `hash`.
#[inline]
fn suffix_hash_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
}

const SUFFIX_HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

fn suffix_hash(s: &str) -> u64 {
    s.bytes().rev().fold(SUFFIX_HASH_START, suffix_hash_step)
}

impl SuffixTable {
    fn build(entries: FastMap<&'static str, DomainEntry>) -> Self {
        let size = (2 * entries.len()).next_power_of_two().max(2);
        let mut slots = vec![(0, "", DomainEntry { rule: None, max_labels: 0 }); size].into_boxed_slice();
        for (key, entry) in entries {
            assert!(!key.is_empty(), "the catalog has an empty vendor domain");
            let hash = suffix_hash(key);
            let mut at = Self::slot_of(hash, size);
            while !slots[at].1.is_empty() {
                at = (at + 1) & (size - 1);
            }
            slots[at] = (hash, key, entry);
        }
        SuffixTable { slots }
    }

    #[inline]
    fn slot_of(hash: u64, size: usize) -> usize {
        // FNV's low bits are its weakest: fold the high half in.
        ((hash ^ (hash >> 32)) as usize) & (size - 1)
    }

    #[inline]
    fn get(&self, hash: u64, key: &str) -> Option<&DomainEntry> {
        let mask = self.slots.len() - 1;
        let mut at = Self::slot_of(hash, self.slots.len());
        loop {
            let (h, k, entry) = &self.slots[at];
            if k.is_empty() {
                return None;
            }
            if *h == hash && *k == key {
                return Some(entry);
            }
            at = (at + 1) & mask;
        }
    }
}

/// A host had an ASCII capital in a label [`Catalog::host_vendor`] looked at.
struct Capital;

/// A host's suffixes after each dot, last label first, with their
/// [`suffix_hash`]es, worked out while reading the host backwards.
struct Suffixes<'a> {
    bytes: &'a [u8],
    /// Everything from here on has been read and hashed.
    at: usize,
    hash: u64,
    done: bool,
}

impl Suffixes<'_> {
    /// Where the next longer suffix starts and its hash; `None` once the
    /// whole host was given.
    #[inline]
    fn next_suffix(&mut self) -> Result<Option<(usize, u64)>, Capital> {
        if self.done {
            return Ok(None);
        }
        while let Some(&byte) = self.bytes[..self.at].last() {
            if byte == b'.' {
                let found = (self.at, self.hash);
                self.hash = suffix_hash_step(self.hash, byte);
                self.at -= 1;
                return Ok(Some(found));
            }
            if byte.is_ascii_uppercase() {
                return Err(Capital);
            }
            self.hash = suffix_hash_step(self.hash, byte);
            self.at -= 1;
        }
        self.done = true;
        Ok(Some((0, self.hash)))
    }
}

/// What [`Catalog::domain_index`] knows about one suffix.
#[derive(Clone, Copy)]
struct DomainEntry {
    /// Position in `domain_rules` when the suffix is a vendor domain.
    rule: Option<u16>,
    /// For a two-label suffix: the most labels any vendor domain ending in
    /// it has.
    max_labels: u8,
}

/// Most labels a vendor domain may have (a test checks).
const MAX_DOMAIN_LABELS: usize = 6;

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
        let domains: usize = vendors::VENDORS.iter().map(|v| v.domains.len()).sum();
        let mut vendor_index = FastMap::default();
        vendor_index.reserve(vendors::VENDORS.len());
        let mut domain_index = FastMap::default();
        domain_index.reserve(2 * domains);
        let mut domain_rules = Vec::with_capacity(domains);
        for (i, v) in vendors::VENDORS.iter().enumerate() {
            let i = u16::try_from(i).expect("vendor table fits in u16");
            vendor_index.insert(v.id, i);
            for &d in v.domains {
                // First vendor listed for a domain wins; tests forbid clashes.
                let entry = domain_index.entry(d).or_insert(DomainEntry { rule: None, max_labels: 0 });
                if entry.rule.is_none() {
                    entry.rule = Some(u16::try_from(domain_rules.len()).expect("domain table fits in u16"));
                    domain_rules.push((i, ["domain:", d].concat().into_boxed_str()));
                }
                let labels = d.split('.').count();
                let tail_start = d.rmatch_indices('.').nth(1).map_or(0, |(dot, _)| dot + 1);
                let tail = domain_index.entry(&d[tail_start..]).or_insert(DomainEntry { rule: None, max_labels: 0 });
                tail.max_labels = tail.max_labels.max(u8::try_from(labels).unwrap_or(u8::MAX));
            }
        }
        let request_rules = requests::REQUESTS.iter().map(|r| ["request:", r.host, r.path_prefix].concat().into_boxed_str()).collect();
        Catalog {
            vendor_index,
            domain_index: SuffixTable::build(domain_index),
            domain_rules,
            request_rules,
            cookie_index: NameIndex::build(cookies::COOKIES, "cookie"),
            storage_index: NameIndex::build(storage::STORAGE, "storage"),
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
    pub fn match_cookie(&'static self, name: &str) -> Option<Match> {
        self.cookie_index.find(name, None).map(|(p, rule)| self.pattern_match(p, rule))
    }

    /// What a cookie is, judged by its name and bare domain
    /// (`facebook.com`): like [`Catalog::match_cookie`], plus the patterns
    /// that count only on their vendor's domains.
    pub fn match_cookie_on(&'static self, name: &str, domain: &str) -> Option<Match> {
        self.cookie_index.find(name, Some(domain)).map(|(p, rule)| self.pattern_match(p, rule))
    }

    /// What a web-storage key, IndexedDB name or cache name is.
    pub fn match_storage_key(&'static self, key: &str) -> Option<Match> {
        self.storage_index.find(key, None).map(|(p, rule)| self.pattern_match(p, rule))
    }

    /// Which vendor serves from `host` (normalized; ASCII capitals are
    /// lowered), by walking its
    /// suffixes: `a.b.hotjar.com`, `b.hotjar.com`, `hotjar.com`.
    pub fn match_host(&'static self, host: &str) -> Option<Match> {
        let (i, rule) = self.host_vendor(host)?;
        let v = &vendors::VENDORS[usize::from(*i)];
        Some(Match { vendor: Some(v), category: v.category, retention_seconds: None, purpose: "", rule })
    }

    /// The position in [`Catalog::vendors`] of the vendor serving from
    /// `host`, as [`Catalog::match_host`] finds it, without building a
    /// [`Match`].
    pub fn host_vendor_position(&self, host: &str) -> Option<u16> {
        self.host_vendor(host).map(|(at, _)| *at)
    }

    /// What a request to `host` with URL path `path` is: a host-and-path
    /// rule first (`www.facebook.com/tr`), then [`Catalog::match_host`].
    pub fn match_request(&'static self, host: &str, path: &str) -> Option<Match> {
        let rule = requests::REQUESTS
            .iter()
            .zip(&self.request_rules)
            .find(|(r, _)| path_has_prefix(path, r.path_prefix) && crate::domain::domain_matches(r.host, host));
        if let Some((r, rule)) = rule {
            return Some(Match { vendor: self.vendor(r.vendor), category: r.category, retention_seconds: None, purpose: r.purpose, rule });
        }
        self.match_host(host)
    }

    /// The most specific vendor domain `host` equals or lies under. Looks
    /// up the host's last two labels first: a miss there (most hosts) ends
    /// the search; a hit says how deep to look. ASCII capitals are lowered
    /// (only in the labels looked at, which is all that decides).
    fn host_vendor(&self, host: &str) -> Option<&(u16, Box<str>)> {
        match self.host_vendor_lowercase(host) {
            Ok(found) => found,
            Err(Capital) => self.host_vendor_lowercase(&host.to_ascii_lowercase()).ok().flatten(),
        }
    }

    /// [`Catalog::host_vendor`] for a host whose labels looked at are
    /// lowercase; `Err` when one is not. The host is read backwards once,
    /// and only as far as the labels looked at: most hosts stop after
    /// their last two.
    fn host_vendor_lowercase(&self, host: &str) -> Result<Option<&(u16, Box<str>)>, Capital> {
        let mut suffixes = Suffixes { bytes: host.as_bytes(), at: host.len(), hash: SUFFIX_HASH_START, done: false };
        // Where the host's suffixes of 1, 2, 3 ... labels start, and their hashes.
        let mut starts = [0; MAX_DOMAIN_LABELS];
        let mut hashes = [0; MAX_DOMAIN_LABELS];
        let mut count = 0;
        while count < 2 {
            let Some((start, hash)) = suffixes.next_suffix()? else { return Ok(None) };
            (starts[count], hashes[count]) = (start, hash);
            count += 1;
        }
        let Some(tail) = self.domain_index.get(hashes[1], &host[starts[1]..]) else { return Ok(None) };
        let deepest = MAX_DOMAIN_LABELS.min(usize::from(tail.max_labels));
        while count < deepest {
            let Some((start, hash)) = suffixes.next_suffix()? else { break };
            (starts[count], hashes[count]) = (start, hash);
            count += 1;
        }
        let rule_of = |entry: &DomainEntry| entry.rule.and_then(|at| self.domain_rules.get(usize::from(at)));
        Ok((2..count).rev().find_map(|k| self.domain_index.get(hashes[k], &host[starts[k]..]).and_then(rule_of)).or_else(|| rule_of(tail)))
    }

    fn pattern_match(&self, p: &'static Pattern, rule: &'static str) -> Match {
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
    let allowed = |b: u8| -> bool { placeholder == b"any" || b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'%' | b'@') };
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
        // Bucket keys are the literals' first bytes as a `str`.
        for p in c.cookie_patterns().iter().chain(c.storage_patterns()) {
            assert!(p.name.literal_prefix().is_ascii(), "{:?}", p.name);
        }
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
    fn vendor_domains_fit_the_host_walk() {
        for v in catalog().vendors() {
            for d in v.domains {
                let labels = d.split('.').count();
                assert!((2..=MAX_DOMAIN_LABELS).contains(&labels), "{d}");
            }
        }
        let c = catalog();
        assert_eq!(c.match_host("analytics.google.com").unwrap().vendor.unwrap().id, "google-analytics");
        assert_eq!(c.match_host("x.region1.analytics.google.com").unwrap().rule, "domain:analytics.google.com");
        assert!(c.match_host("google.com").is_none());
        assert!(c.match_host("www.google.com").is_none());
        assert_eq!(c.match_host("connect.facebook.net").unwrap().vendor.unwrap().id, "meta-pixel");
        assert_eq!(c.match_host("static.xx.facebook.net").unwrap().vendor.unwrap().id, "facebook");
        for odd in ["com", ".", "..", ".com", "hotjar.com.", "a..hotjar.com", "a.b.c.d.e.f.g.h.i.j.hotjar.com"] {
            let _ = c.match_host(odd);
        }
        assert_eq!(c.match_host("a.b.c.d.e.f.g.h.i.j.hotjar.com").unwrap().vendor.unwrap().id, "hotjar");
    }

    /// The plain walk the indexed one replaced: every suffix, longest first.
    fn host_vendor_by_walk(host: &str) -> Option<&'static str> {
        let mut rest = host;
        loop {
            if let Some(v) = catalog().vendors().iter().find(|v| v.domains.contains(&rest)) {
                return Some(v.id);
            }
            rest = &rest[rest.find('.')? + 1..];
        }
    }

    #[test]
    fn indexed_host_walk_agrees_with_plain_walk() {
        for v in catalog().vendors() {
            for d in v.domains {
                for host in
                    [d.to_string(), format!("x.{d}"), format!("a.b.{d}"), d[d.find('.').unwrap() + 1..].to_owned(), format!("{d}.evil")]
                {
                    let got = catalog().match_host(&host).map(|m| m.vendor.unwrap().id);
                    assert_eq!(got, host_vendor_by_walk(&host), "{host}");
                }
            }
        }
    }

    /// `request_vendor` skips the host-and-path rules for an empty path.
    #[test]
    fn every_request_rule_needs_a_path() {
        for r in catalog().request_rules() {
            assert!(r.path_prefix.starts_with('/') && r.path_prefix.len() > 1, "{}{}", r.host, r.path_prefix);
        }
    }

    #[test]
    fn capitals_and_trailing_dots() {
        let c = catalog();
        for host in ["CDN.Hotjar.COM", "static.hotjar.com", "A.B.C.D.E.F.G.HOTJAR.COM", "HOTJAR.com"] {
            assert_eq!(c.match_host(host).map(|m| m.rule), Some("domain:hotjar.com"), "{host}");
        }
        assert_eq!(crate::classify::request_vendor("Static.HotJar.com.", ""), Some("hotjar"));
        assert_eq!(crate::classify::request_vendor("hotjar.com.evil", ""), None);
        assert_eq!(c.match_host("Hotjar.Com.Evil"), None);
        assert_eq!(c.match_host(""), None);
        assert_eq!(c.match_host("."), None);
        assert_eq!(c.match_host("com"), None);
    }

    #[test]
    fn scoped_names_need_the_vendor_domain() {
        let c = catalog();
        assert!(c.match_cookie("fr").is_none());
        assert!(c.match_cookie_on("fr", "dwp.gov.uk").is_none());
        let m = c.match_cookie_on("fr", "facebook.com").unwrap();
        assert_eq!(m.vendor.unwrap().id, "meta-pixel");
    }

    /// The "Sources" section of `docs/catalog.md`: every source URL the
    /// catalog cites, with what it is cited for, in catalog order.
    fn sources_section() -> String {
        let c = catalog();
        let mut cited: Vec<(&str, Vec<String>)> = Vec::new();
        let mut cite = |url: &'static str, what: String| {
            assert!(url.starts_with("https://"), "{what} has no source");
            match cited.iter_mut().find(|(u, _)| *u == url) {
                Some((_, list)) => list.push(what),
                None => cited.push((url, vec![what])),
            }
        };
        for v in c.vendors() {
            cite(v.source, format!("vendor `{}`", v.id));
        }
        for (kind, table) in [("cookie", c.cookie_patterns()), ("storage", c.storage_patterns())] {
            for p in table {
                cite(p.source, format!("{kind} `{}`", p.name.display()));
            }
        }
        for r in c.request_rules() {
            cite(r.source, format!("request `{}{}`", r.host, r.path_prefix));
        }
        let mut out = String::new();
        for (url, what) in cited {
            out.push_str(&format!("- <{url}>: {}\n", what.join(", ")));
        }
        out
    }

    // Regenerate with `TW_UPDATE_DOCS=1 cargo test --lib catalog_doc_lists_every_source`.
    #[test]
    fn catalog_doc_lists_every_source() {
        const BEGIN: &str = "<!-- sources:begin (generated from src/catalog; see src/catalog/mod.rs tests) -->\n";
        const END: &str = "<!-- sources:end -->";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/catalog.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let start = doc.find(BEGIN).expect("docs/catalog.md has the sources markers") + BEGIN.len();
        let end = doc[start..].find(END).expect("sources end marker") + start;
        let wanted = sources_section();
        if std::env::var_os("TW_UPDATE_DOCS").is_some() {
            std::fs::write(path, format!("{}{wanted}{}", &doc[..start], &doc[end..])).unwrap();
        } else {
            assert!(doc[start..end] == wanted, "docs/catalog.md sources are stale: run with TW_UPDATE_DOCS=1");
        }
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

        #[test]
        fn indexed_host_walk_agrees_anywhere(s in "([a-z0-9-]{1,5}\\.){0,3}(google|facebook|hotjar|bing|x|tiktok|analytics)\\.(com|net|co\\.uk|io)") {
            prop_assert_eq!(catalog().match_host(&s).map(|m| m.vendor.unwrap().id), host_vendor_by_walk(&s));
        }

        /// The host is read backwards and lowered only as far as needed:
        /// capitals anywhere give the lowercase host's answer.
        #[test]
        fn capitals_give_the_lowercase_answer(s in "([a-zA-Z0-9-]{1,5}\\.){0,4}(google|Google|hotjar|HOTJAR|bing|x|X|tiktok|analytics)\\.(com|COM|net|co\\.uk|co\\.UK|io)\\.?") {
            let lower = s.to_ascii_lowercase();
            prop_assert_eq!(catalog().match_host(&s).map(|m| m.rule), catalog().match_host(&lower).map(|m| m.rule));
            prop_assert_eq!(crate::classify::request_vendor(&s, ""), crate::classify::request_vendor(&lower, "/"));
        }
    }
}
