//! The live picture of each watched site: which cookies, storage items and
//! third-party requests are there right now, classified. The popup and the
//! `site.summary` message read it; every change it sees comes back as a
//! [`Change`] for the journal.
//!
//! It owns per-site findings and their persistence format. It does not
//! decide what a tracker is (see [`crate::classify`]) nor write the journal.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog;
use crate::classify;
use crate::consent::{self, ConsentState};
use crate::domain;
use crate::error::{Error, ErrorKind, Result};
use crate::journal::EntryType;
use crate::model::*;
use crate::sites::{Site, SiteConfig};
use crate::time::rfc3339;

/// Extra facts about a finding, by kind. Absent fields are omitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    /// Cookie domain as set (`.dwp.gov.uk`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Cookie path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Cookie `Secure`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure: Option<bool>,
    /// Cookie `HttpOnly`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_only: Option<bool>,
    /// Cookie `SameSite`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_site: Option<SameSite>,
    /// Cookie without an expiry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<bool>,
    /// Cookie partition (top-level site).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_key: Option<String>,
    /// Cookie expiry, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Storage area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<StorageArea>,
    /// Storage size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// sessionStorage: how many open tabs hold the key (in summaries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tabs: Option<u32>,
    /// Origin of the storage, with its port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Requests by type, for request findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<BTreeMap<RequestType, u64>>,
    /// What the catalog says the item is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Behaviour findings: the responsible script's URL (no query).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// Behaviour findings: the techniques seen (docs/detection.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<Vec<String>>,
    /// Key-logging findings: the field whose text left (never the text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Behaviour findings: hosts the script's data went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_to: Option<Vec<String>>,
    /// Behaviour findings in a frame: the frame's origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
    /// Cookie and storage findings: the script that wrote it, as seen by
    /// the page-world observers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by: Option<String>,
    /// With `setBy` a script, in summaries only: the catalog vendor of its
    /// host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by_vendor: Option<String>,
    /// With `setBy` a script, in summaries only: the script's party (a
    /// first-party cookie written by a third party's script is the usual
    /// case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by_party: Option<Party>,
    /// The page's key or value held a lone UTF-16 surrogate, shown as
    /// U+FFFD (see [`StorageObservation::repaired`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repaired: Option<bool>,
    /// The key was longer than [`limits::KEY_CHARS`]: its length in
    /// characters, of which the name keeps the first part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_length: Option<u64>,
    /// The expiry attribute as the site wrote it, when it was clamped or
    /// unreadable (`Max-Age=99999999999999999`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_expiry: Option<String>,
}

/// One thing found on a site, as the popup, `site.summary` and exports show
/// it. Field names are a public contract (docs/messages.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Cookie, storage or request.
    pub kind: FindingKind,
    /// Cookie name, storage key / database / cache / scope, or request path.
    pub name: String,
    /// Cookie domain (without dot), storage origin host, or request host.
    pub host: String,
    /// First or third party relative to the site.
    pub party: Party,
    /// Whether the cookie lives in a partition (CHIPS / Total Cookie Protection).
    pub partitioned: bool,
    /// Catalog vendor id, or null when unknown.
    pub vendor: Option<String>,
    /// Vendor's display name, or null when unknown.
    pub vendor_name: Option<String>,
    /// Category.
    pub category: Category,
    /// How long the item is kept, in seconds; null for session items.
    pub retention_seconds: Option<u64>,
    /// When first seen (RFC 3339 UTC).
    pub first_seen: String,
    /// When last seen (RFC 3339 UTC).
    pub last_seen: String,
    /// How many times seen: each time a cookie was set (again, even to the
    /// same value), a storage item changed, or a request was made.
    pub count: u64,
    /// Which catalog rule decided the vendor and category.
    pub reason: String,
    /// Present while the consent it needs is refused or not given.
    pub consent_breach: bool,
    /// Kind-specific facts.
    pub detail: Detail,
}

/// What `site.summary` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteSummary {
    /// The site: id, name, hosts.
    pub site: SiteRef,
    /// Current findings, consent breaches first, then by vendor.
    pub findings: Vec<Finding>,
    /// The consent the site's own consent cookie records.
    pub consent: ConsentState,
    /// Catalog entries of the vendors among the findings, by id.
    pub vendors: BTreeMap<String, serde_json::Value>,
    /// The one-line verdict the popup leads with.
    pub verdict: Verdict,
}

/// How many trackers are active: companies whose findings fall in a
/// tracking category (everything but essential, functional, consent and
/// unknown), in total and by category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Distinct tracking vendors.
    pub trackers: u32,
    /// Distinct tracking vendors per category, most first.
    pub by_category: Vec<(Category, u32)>,
    /// Distinct tracking vendors with at least one finding present while
    /// the consent it needs is refused or not given (`consentBreach`):
    /// the popup's "N of them although you refused".
    pub without_consent: u32,
    /// Limits the site went past, so what is shown is not all it did
    /// (the popup says "this site stores unusually many items").
    pub limits: Vec<LimitNote>,
}

/// The core's limits on what one site can make it keep and journal. A site
/// past one keeps what fits (items the catalog knows first), and a
/// `limit.reached` entry names the limit, once.
pub mod limits {
    /// Storage items (all areas of a snapshot) kept per origin.
    pub const STORAGE_ITEMS_PER_ORIGIN: usize = 2_000;
    /// Findings kept per site (cookies, storage items, request hosts).
    pub const ITEMS_PER_SITE: usize = 10_000;
    /// Characters of a storage key or database name kept.
    pub const KEY_CHARS: usize = 4_096;
    /// Characters of a value passed on for redaction (or kept raw).
    pub const VALUE_CHARS: usize = 4_096;
    /// Distinct third-party hosts kept per site.
    pub const THIRD_PARTY_HOSTS: usize = 1_000;
    /// Observation entries journaled per site per minute.
    pub const ENTRIES_PER_MINUTE: u32 = 5_000;
    /// How often a storage item seen again unchanged has its `lastSeen`
    /// moved on and saved: snapshots then write only what changed, and a
    /// storage finding's `lastSeen` is right to within this.
    pub const LAST_SEEN_REFRESH_MS: i64 = 3_600_000;
}

/// A limit a site went past (the `limit.reached` entry's data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitNote {
    /// Which limit: `storage-items-per-origin`, `items-per-site`,
    /// `key-length`, `value-length`, `third-party-hosts`,
    /// `entries-per-minute` or `unreadable-items`.
    pub limit: String,
    /// The limit.
    pub max: u64,
    /// How many the site had (items, hosts, characters) when last seen past it.
    pub seen: u64,
    /// The origin or host concerned, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

impl Verdict {
    fn of(findings: &[Finding]) -> Verdict {
        let tracking = |c: Category| !matches!(c, Category::Essential | Category::Functional | Category::Consent | Category::Unknown);
        let mut all = std::collections::BTreeSet::new();
        let mut breached = std::collections::BTreeSet::new();
        let mut per: BTreeMap<Category, std::collections::BTreeSet<&str>> = BTreeMap::new();
        for f in findings.iter().filter(|f| tracking(f.category)) {
            if let Some(v) = f.vendor.as_deref() {
                all.insert(v);
                if f.consent_breach {
                    breached.insert(v);
                }
                per.entry(f.category).or_default().insert(v);
            }
        }
        let mut by_category: Vec<(Category, u32)> = per.into_iter().map(|(c, v)| (c, v.len() as u32)).collect();
        by_category.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Verdict { trackers: all.len() as u32, by_category, without_consent: breached.len() as u32, limits: Vec::new() }
    }
}

/// The site part of a summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteRef {
    /// Site id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Host patterns.
    pub hosts: Vec<String>,
}

/// A change to a site's picture, to be journaled by the caller. `kind` is
/// the journal entry type (`cookie.set`, `storage.removed`...).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Journal entry type.
    pub kind: EntryType,
    /// Site id.
    pub site: String,
    /// Entry data, without the redacted value.
    pub data: serde_json::Value,
    /// The raw value (cookie or storage), for the journal to redact.
    pub value: Option<String>,
}

/// A finding as kept between service-worker lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Record {
    kind: FindingKind,
    name: String,
    host: String,
    party: Party,
    partitioned: bool,
    vendor: Option<String>,
    category: Category,
    reason: String,
    retention_seconds: Option<u64>,
    first_seen: Millis,
    last_seen: Millis,
    count: u64,
    detail: Detail,
    /// Fingerprint of the value, to tell a change from a repeat.
    #[serde(default)]
    fingerprint: u64,
    /// Known only from a `Set-Cookie` header, not (yet) from the cookie API.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    from_header: bool,
    /// A request host known so far only from a script's call (its one
    /// request counted), not from the page's list of requests.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    from_call: bool,
    /// For a sessionStorage item: the tab that holds it. Each tab has its
    /// own sessionStorage, so one tab's snapshot never removes another's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tab: Option<u32>,
}

/// The persisted picture of one site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SiteState {
    records: BTreeMap<String, Record>,
    #[serde(default)]
    consent: Option<ConsentState>,
    /// Limits reached, by limit and host.
    #[serde(default)]
    limits: BTreeMap<String, LimitNote>,
    /// Fingerprints of the third-party hosts refused past
    /// [`limits::THIRD_PARTY_HOSTS`] since this picture was loaded (at most
    /// [`REFUSED_HOSTS_COUNTED`]), so the number the popup shows counts the
    /// hosts contacted, not those of the last batch. Not stored: after a
    /// wake the count starts again from the stored one, never below it.
    #[serde(skip)]
    refused_hosts: std::collections::BTreeSet<u64>,
}

/// How many refused third-party hosts a site's picture tells apart.
const REFUSED_HOSTS_COUNTED: usize = 100_000;

/// The per-site live pictures of every configured site, and the
/// configuration they are kept for.
#[derive(Debug, Clone)]
pub struct Engine {
    config: SiteConfig,
    sites: BTreeMap<String, SiteState>,
    /// (site id, record key) touched since the last [`Engine::take_changed`];
    /// an empty record key stands for the site's consent.
    dirty: std::collections::BTreeSet<(String, String)>,
    /// Each site's registrable domains, worked out once per configuration
    /// rather than on every observation, and only when first needed: the
    /// public-suffix lookup they take is not start-up work.
    contexts: BTreeMap<String, LazyContext>,
    /// Per site: the minute (epoch ms / 60 000), entries journaled in it,
    /// and whether its `entries-per-minute` limit was journaled.
    rate: BTreeMap<String, (i64, u32, bool)>,
    /// Who set a cookie (area `None`) or a storage item that has no record
    /// yet, by (site id, area, name): `http` from the site's own
    /// `Set-Cookie` headers (the jar reports the cookie afterwards), or the
    /// script the page-world observers saw writing it (the storage snapshot
    /// often comes later). The record, once made, takes it as `setBy`. In
    /// memory only, and small: a list searched in order (a map of its own
    /// would cost the main module another `BTreeMap` instantiation).
    set_by_pending: Vec<PendingSetBy>,
}

#[derive(Debug, Clone)]
struct LazyContext {
    hosts: Vec<String>,
    ctx: std::cell::OnceCell<classify::SiteContext>,
}

impl LazyContext {
    fn get(&self) -> &classify::SiteContext {
        self.ctx.get_or_init(|| classify::SiteContext::new(&self.hosts))
    }
}

fn contexts_of(config: &SiteConfig) -> BTreeMap<String, LazyContext> {
    config.sites.iter().map(|s| (s.id.clone(), LazyContext { hosts: s.base_hosts(), ctx: std::cell::OnceCell::new() })).collect()
}

/// What caused a `Set-Cookie` response: the page's tab and frame and the
/// origin that made the request. Journaled with the cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CausedBy {
    /// Browser tab id.
    #[serde(default)]
    pub tab_id: Option<i64>,
    /// Frame id within the tab (0 is the top frame).
    #[serde(default)]
    pub frame_id: Option<i64>,
    /// Origin that made the request.
    #[serde(default)]
    pub initiator: Option<String>,
    /// Request type (`script`, `image`, `sub_frame`...), as the browser names it.
    #[serde(default)]
    pub request_type: Option<String>,
}

/// Where a cookie observation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source<'a> {
    /// The browser's cookie API reported a change.
    CookieEvent,
    /// A `Set-Cookie` response header, what caused the request, and the
    /// expiry attribute as written when it was clamped.
    Header(&'a CausedBy, Option<&'a str>),
    /// The jar read again on wake: a cookie already known is no new sighting.
    Reconcile,
}

/// Separates the site id from the record key in a saved key.
pub const SAVED_KEY_SEPARATOR: char = '\u{1f}';

/// The site-wide part of a saved picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SiteMeta {
    consent: Option<ConsentState>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    limits: BTreeMap<String, LimitNote>,
}

impl Engine {
    /// An engine with no observations yet.
    pub fn new(config: SiteConfig) -> Self {
        Engine {
            contexts: contexts_of(&config),
            config,
            sites: BTreeMap::new(),
            dirty: Default::default(),
            rate: BTreeMap::new(),
            set_by_pending: Vec::new(),
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    /// Replaces the configuration; pictures of removed sites are dropped.
    pub fn set_config(&mut self, config: SiteConfig) {
        self.sites.retain(|id, _| config.site(id).is_some());
        self.contexts = contexts_of(&config);
        self.config = config;
    }

    /// The pieces of the pictures changed since the last call, to save:
    /// `(key, Some(json))` to write, `(key, None)` to delete. Keys are
    /// `<site id>` [`SAVED_KEY_SEPARATOR`] `<record key>`, so one event
    /// saves only what it touched, however large the picture has grown.
    pub fn take_changed(&mut self) -> Vec<(String, Option<String>)> {
        let dirty = std::mem::take(&mut self.dirty);
        dirty
            .into_iter()
            .map(|(site, key)| {
                let state = self.sites.get(&site);
                let json = if key.is_empty() {
                    state.map(|s| {
                        serde_json::to_string(&SiteMeta { consent: s.consent.clone(), limits: s.limits.clone() }).expect("serialises")
                    })
                } else {
                    state.and_then(|s| s.records.get(&key)).map(|r| serde_json::to_string(r).expect("serialises"))
                };
                (format!("{site}{SAVED_KEY_SEPARATOR}{key}"), json)
            })
            .collect()
    }

    /// Restores every saved piece at once: `pieces` is a JSON array of
    /// `[key, json]` pairs as [`Engine::take_changed`] gave them. Returns how
    /// many could not be read (they are skipped; the next look at the
    /// cookie jar fills the gaps).
    pub fn load_saved_all(&mut self, pieces: &str) -> Result<usize> {
        let pieces: Vec<(String, String)> = serde_json::from_str(pieces)?;
        Ok(pieces.iter().filter(|(key, json)| self.load_saved(key, json).is_err()).count())
    }

    /// Restores one piece saved from [`Engine::take_changed`]. Pieces of
    /// sites no longer configured are ignored.
    pub fn load_saved(&mut self, key: &str, json: &str) -> Result<()> {
        let bad = |e: String| Error::new(ErrorKind::InvalidInput, format!("saved picture piece {key:?} is unreadable: {e}"));
        let (site, record) = key.split_once(SAVED_KEY_SEPARATOR).ok_or_else(|| bad("no site id".into()))?;
        if self.config.site(site).is_none() {
            return Ok(());
        }
        let state = self.sites.entry(site.to_owned()).or_default();
        if record.is_empty() {
            let meta = serde_json::from_str::<SiteMeta>(json).map_err(|e| bad(e.to_string()))?;
            state.consent = meta.consent;
            state.limits = meta.limits;
        } else {
            let r: Record = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
            state.records.insert(record.to_owned(), r);
        }
        Ok(())
    }

    /// Forgets everything seen for a site (after it was removed or reset).
    pub fn clear_site(&mut self, site_id: &str) {
        self.sites.remove(site_id);
    }

    /// A cookie was set or changed. `context_host` is the page that caused
    /// it, when known (webRequest `Set-Cookie` of a third-party response);
    /// otherwise the cookie is attributed to every site its domain applies
    /// to, or whose partition it lives in.
    pub fn observe_cookie(&mut self, context_host: Option<&str>, c: &CookieObservation, now: Millis) -> Vec<Change> {
        self.observe_cookie_from(context_host, c, now, Source::CookieEvent)
    }

    /// A cookie read from a `Set-Cookie` response header that a page of
    /// `page_host` caused. The cookie API stays the authority: a cookie it
    /// already reported (in any partition) is not recorded again, and a
    /// header-only record gives way when the API reports the cookie in a
    /// partition (Firefox partitions every third-party cookie).
    pub fn observe_set_cookie(&mut self, page_host: &str, c: &CookieObservation, caused_by: &CausedBy, now: Millis) -> Vec<Change> {
        self.observe_cookie_from(Some(page_host), c, now, Source::Header(caused_by, None))
    }

    /// A `Set-Cookie` header line as [`crate::set_cookie::read`] gave it: a
    /// line that deletes the cookie (an `Expires` in the past, `Max-Age=0`)
    /// is journaled as its removal, never as a new cookie; a clamped expiry
    /// is journaled with the attribute as written (`rawExpiry`).
    pub fn observe_set_cookie_header(
        &mut self,
        page_host: &str,
        sc: &crate::set_cookie::SetCookie,
        caused_by: &CausedBy,
        now: Millis,
    ) -> Vec<Change> {
        if sc.expired {
            let changes = self.remove_cookie(&sc.cookie, "expired", now);
            return self.budget(changes, now);
        }
        if self.note_first_party_header(page_host, &sc.cookie) {
            return Vec::new();
        }
        self.observe_cookie_from(Some(page_host), &sc.cookie, now, Source::Header(caused_by, sc.raw_expiry.as_deref()))
    }

    /// A `Set-Cookie` header of the site's own response: the cookie jar
    /// reports the cookie itself (so it is not recorded from the header,
    /// which would count it twice), but its record says it was set by
    /// `http`, now or once it is made. True when the header was the site's.
    fn note_first_party_header(&mut self, page_host: &str, c: &CookieObservation) -> bool {
        let Some(page) = domain::normalize_host(page_host) else { return false };
        let Some(site) = self.config.site_for_host(&page) else { return false };
        let bare = c.bare_domain();
        if self.contexts[&site.id].get().party_of(&bare) != Party::First || c.partition_key.is_some() {
            return false;
        }
        let id = site.id.clone();
        let mut found = false;
        if let Some(state) = self.sites.get_mut(&id) {
            for (key, r) in state.records.iter_mut() {
                if r.kind == FindingKind::Cookie && r.name == c.name && r.host == bare {
                    found = true;
                    if r.detail.set_by.is_none() {
                        r.detail.set_by = Some("http".to_owned());
                        self.dirty.insert((id.clone(), key.clone()));
                    }
                }
            }
        }
        if !found {
            pending_note(&mut self.set_by_pending, (id, None, c.name.clone()), "http", false);
        }
        true
    }

    fn observe_cookie_from(&mut self, context_host: Option<&str>, c: &CookieObservation, now: Millis, source: Source) -> Vec<Change> {
        let from_header = matches!(source, Source::Header(..));
        let raw_expiry = match source {
            Source::Header(_, raw) => raw,
            _ => None,
        };
        let bare = c.bare_domain();
        let ids = self.sites_for_cookie(context_host, &bare, c.partition_key.as_deref());
        let mut changes = Vec::new();
        for id in ids {
            let obs = Observation::Cookie(c.clone());
            let verdict = classify::classify_with_context(&obs, self.contexts[&id].get());
            let m = catalog::catalog().match_cookie_on(&c.name, &bare);
            let key = cookie_key(&bare, &c.path, &c.name, c.partition_key.as_deref());
            let fp = fingerprint(&c.value);
            let detail = Detail {
                domain: Some(c.domain.clone()),
                path: Some(c.path.clone()),
                secure: Some(c.secure),
                http_only: Some(c.http_only),
                same_site: Some(c.same_site),
                session: Some(c.expiration_date.is_none()),
                partition_key: c.partition_key.clone(),
                expires: c.expiration_date.map(|s| rfc3339(expiry_ms(s))),
                purpose: m.as_ref().map(|m| m.purpose.to_owned()),
                raw_expiry: raw_expiry.map(str::to_owned),
                ..Detail::default()
            };
            // An expiry a browser would never keep must not make a number
            // the journal refuses (issue 11: Max-Age=99999999999999999).
            let retention = classify::retention_seconds(c, now).map(|r| r.min(crate::journal::MAX_SAFE_INTEGER));
            let state = self.sites.entry(id.clone()).or_default();
            let unpartitioned = cookie_key(&bare, &c.path, &c.name, None);
            if from_header {
                // The unpartitioned key is a prefix of the same cookie's keys in every partition.
                let mut same_cookie = state.records.range(unpartitioned.clone()..).take_while(|(k, _)| k.starts_with(&unpartitioned));
                if same_cookie.any(|(_, r)| !r.from_header) {
                    continue;
                }
            } else if c.partition_key.is_some() && state.records.get(&unpartitioned).is_some_and(|r| r.from_header) {
                state.records.remove(&unpartitioned);
                self.dirty.insert((id.clone(), unpartitioned));
            }
            if consent::is_consent_cookie(&c.name) && verdict.party == Party::First {
                // An unreadable value keeps the decision already read.
                let parsed = consent::parse(&c.name, &c.value).or_else(|| state.consent.clone());
                if parsed != state.consent {
                    state.consent = parsed.clone();
                    self.dirty.insert((id.clone(), String::new()));
                    changes.push(Change {
                        kind: EntryType::ConsentChanged,
                        site: id.clone(),
                        data: serde_json::json!({ "cookie": c.name, "state": consent_word(parsed.as_ref()), "consent": parsed }),
                        value: None,
                    });
                }
            }
            let full = state.records.len() >= limits::ITEMS_PER_SITE;
            let mut unchanged = false;
            let kind = match state.records.get_mut(&key) {
                // The jar holds the cookie exactly as recorded: the
                // comparison on each wake learnt nothing, so nothing is
                // saved (a save would make every cached answer stale, and
                // the retention would only drift with the clock).
                Some(r)
                    if source == Source::Reconcile
                        && r.fingerprint == fp
                        && !r.from_header
                        && r.detail == Detail { set_by: r.detail.set_by.clone(), ..detail.clone() } =>
                {
                    unchanged = true;
                    None
                }
                // Trackers re-set the same value with a fresh expiry on every
                // page; only a new value is a change worth journaling.
                // Repeats are counted, not journaled one by one.
                Some(r) if r.fingerprint == fp => {
                    if source != Source::Reconcile {
                        r.last_seen = now;
                        r.count += 1;
                    }
                    r.detail = Detail { set_by: r.detail.set_by.take(), ..detail };
                    r.retention_seconds = retention;
                    r.from_header &= from_header;
                    None
                }
                Some(r) => {
                    r.last_seen = now;
                    r.count += 1;
                    r.fingerprint = fp;
                    r.detail = Detail { set_by: r.detail.set_by.take(), ..detail };
                    r.retention_seconds = retention;
                    r.from_header &= from_header;
                    Some(EntryType::CookieChanged)
                }
                None if full => {
                    self.dirty.insert((id.clone(), key.clone()));
                    let seen = state.records.len() as u64 + 1;
                    changes.extend(note_limit(state, &mut self.dirty, &id, "items-per-site", limits::ITEMS_PER_SITE, seen, None));
                    continue;
                }
                None => {
                    let mut detail = detail;
                    detail.set_by = pending_take(&mut self.set_by_pending, &id, None, &c.name);
                    state.records.insert(
                        key.clone(),
                        Record {
                            kind: FindingKind::Cookie,
                            name: c.name.clone(),
                            host: bare.clone(),
                            party: verdict.party,
                            partitioned: c.partition_key.is_some(),
                            vendor: verdict.vendor.clone(),
                            category: verdict.category,
                            reason: verdict.reason.clone(),
                            retention_seconds: retention,
                            first_seen: now,
                            last_seen: now,
                            count: 1,
                            detail,
                            fingerprint: fp,
                            from_header,
                            from_call: false,
                            tab: None,
                        },
                    );
                    Some(EntryType::CookieSet)
                }
            };
            if !unchanged {
                self.dirty.insert((id.clone(), key.clone()));
            }
            if let Some(kind) = kind {
                changes.push(Change {
                    kind,
                    site: id.clone(),
                    data: {
                        let mut data = cookie_data(c, &verdict, retention);
                        if let Source::Header(caused_by, raw) = source {
                            data["causedBy"] = serde_json::to_value(caused_by).expect("serialises");
                            if let Some(raw) = raw {
                                data["rawExpiry"] = raw.into();
                            }
                        }
                        // Found by comparing with the jar, not by its event:
                        // an event was lost, and this entry says so.
                        if source == Source::Reconcile {
                            data["source"] = "reconcile".into();
                        }
                        data
                    },
                    value: Some(crate::untrusted::clip(&c.value, limits::VALUE_CHARS).0.to_owned()),
                });
            }
        }
        self.budget(changes, now)
    }

    /// A cookie was removed (expired, deleted by the site, or cleaned).
    pub fn remove_cookie(&mut self, c: &CookieObservation, cause: &str, _now: Millis) -> Vec<Change> {
        let bare = c.bare_domain();
        let key = cookie_key(&bare, &c.path, &c.name, c.partition_key.as_deref());
        let mut changes = Vec::new();
        for (id, state) in self.sites.iter_mut() {
            if let Some(r) = state.records.remove(&key) {
                self.dirty.insert((id.clone(), key.clone()));
                changes.push(Change {
                    kind: EntryType::CookieRemoved,
                    site: id.clone(),
                    data: serde_json::json!({
                        "name": c.name, "domain": c.domain, "path": c.path,
                        "partitionKey": c.partition_key, "vendor": r.vendor,
                        "category": r.category, "cause": cause,
                    }),
                    value: None,
                });
                if consent::is_consent_cookie(&c.name) && r.party == Party::First && state.consent.is_some() {
                    state.consent = None;
                    self.dirty.insert((id.clone(), String::new()));
                    changes.push(Change {
                        kind: EntryType::ConsentChanged,
                        site: id.clone(),
                        data: serde_json::json!({ "cookie": c.name, "state": consent_word(None), "consent": null }),
                        value: None,
                    });
                }
            }
        }
        changes
    }

    /// Replaces what is known of the storage of `origin_host` in the given
    /// areas with a fresh snapshot from the page, reporting what was added,
    /// changed and removed. Only what changed is marked to be saved (and an
    /// unchanged item's `lastSeen` once an hour), so a snapshot of a large
    /// origin costs what changed in it. Past [`limits`], items the catalog
    /// knows and items already recorded are kept first, and a
    /// `limit.reached` change says which limit.
    pub fn observe_storage(&mut self, origin_host: &str, areas: &[StorageArea], items: &[StorageObservation], now: Millis) -> Vec<Change> {
        self.observe_storage_in_tab(origin_host, None, areas, items, now)
    }

    /// [`Engine::observe_storage`] for a snapshot taken in one tab. Its
    /// sessionStorage items belong to that tab: they are recorded apart
    /// from another tab's items of the same origin, and only that tab's
    /// records can be found gone by it. Records from before tabs were
    /// told apart (no tab) are treated as the snapshot's own.
    pub fn observe_storage_in_tab(
        &mut self,
        origin_host: &str,
        tab: Option<u32>,
        areas: &[StorageArea],
        items: &[StorageObservation],
        now: Millis,
    ) -> Vec<Change> {
        self.observe_storage_of(None, origin_host, tab, areas, items, now)
    }

    /// [`Engine::observe_storage_in_tab`] for a frame of another origin
    /// inside a page of the site at `site_host` (the tab's top-level page):
    /// the frame's storage (its origin's, as the browser keeps it for that
    /// site) is attributed to that site, its findings naming the frame's
    /// origin.
    pub fn observe_frame_storage(
        &mut self,
        site_host: &str,
        origin_host: &str,
        tab: Option<u32>,
        areas: &[StorageArea],
        items: &[StorageObservation],
        now: Millis,
    ) -> Vec<Change> {
        self.observe_storage_of(Some(site_host), origin_host, tab, areas, items, now)
    }

    fn observe_storage_of(
        &mut self,
        site_host: Option<&str>,
        origin_host: &str,
        tab: Option<u32>,
        areas: &[StorageArea],
        items: &[StorageObservation],
        now: Millis,
    ) -> Vec<Change> {
        let Some(origin) = domain::normalize_host(origin_host) else { return Vec::new() };
        let top = match site_host {
            Some(h) => match domain::normalize_host(h) {
                Some(h) => h,
                None => return Vec::new(),
            },
            None => origin.clone(),
        };
        let Some(site) = self.config.site_for_host(&top).cloned() else { return Vec::new() };
        let in_frame = site_host.is_some();
        let ctx = self.contexts[&site.id].get();
        let state = self.sites.entry(site.id.clone()).or_default();
        let dirty = &mut self.dirty;
        let mut changes = Vec::new();
        let mut long_key = 0;
        let mut long_value = 0;
        // This origin's items in these areas, under the keys their records have.
        let mut mine: Vec<(String, &StorageObservation)> = items
            .iter()
            .filter(|item| areas.contains(&item.area) && domain::normalize_host(&item.host).as_deref() == Some(origin.as_str()))
            .map(|item| {
                let (key, cut) = crate::untrusted::clip(&item.key, limits::KEY_CHARS);
                if cut {
                    long_key = long_key.max(item.key.chars().count());
                }
                if item.truncated || item.value.as_deref().is_some_and(|v| crate::untrusted::clip(v, limits::VALUE_CHARS).1) {
                    long_value = long_value.max(item.size as usize);
                }
                (storage_key_in_tab(&origin, item.area, key, tab), item)
            })
            .collect();
        // Everything the page has is "seen", kept or not: what did not fit
        // is not thereby removed.
        let seen: std::collections::BTreeSet<String> = mine.iter().map(|(k, _)| k.clone()).collect();
        if long_key > 0 {
            changes.extend(note_limit(state, dirty, &site.id, "key-length", limits::KEY_CHARS, long_key as u64, Some(&origin)));
        }
        if long_value > 0 {
            changes.extend(note_limit(state, dirty, &site.id, "value-length", limits::VALUE_CHARS, long_value as u64, Some(&origin)));
        }
        if seen.len() > limits::STORAGE_ITEMS_PER_ORIGIN {
            let cat = catalog::catalog();
            // A stable sort: known and recorded items first, then the page's order.
            mine.sort_by_key(|(k, item)| !(state.records.contains_key(k) || cat.match_storage_key(&item.key).is_some()));
            mine.truncate(limits::STORAGE_ITEMS_PER_ORIGIN);
            let n = seen.len() as u64;
            changes.extend(note_limit(
                state,
                dirty,
                &site.id,
                "storage-items-per-origin",
                limits::STORAGE_ITEMS_PER_ORIGIN,
                n,
                Some(&origin),
            ));
        }
        for (key, item) in mine {
            let fp = fingerprint(item.value.as_deref().unwrap_or(""));
            let full = state.records.len() >= limits::ITEMS_PER_SITE;
            match state.records.get_mut(&key) {
                Some(r) if r.fingerprint == fp && r.detail.size == Some(item.size) => {
                    // lastSeen moves only when it is saved, so an answer made
                    // from memory and one made from the store after a restart
                    // agree (and a page looked at every few seconds still has
                    // it saved once an hour, not never).
                    if now - r.last_seen >= limits::LAST_SEEN_REFRESH_MS {
                        dirty.insert((site.id.clone(), key.clone()));
                        r.last_seen = now;
                    }
                }
                Some(r) => {
                    r.last_seen = now;
                    r.count += 1;
                    r.fingerprint = fp;
                    r.detail.size = Some(item.size);
                    r.detail.repaired = item.repaired.then_some(true);
                    dirty.insert((site.id.clone(), key.clone()));
                    changes.push(storage_change(EntryType::StorageChanged, &site.id, item, r));
                }
                None if full => {
                    let n = state.records.len() as u64 + 1;
                    changes.extend(note_limit(state, dirty, &site.id, "items-per-site", limits::ITEMS_PER_SITE, n, None));
                }
                None => {
                    let obs = Observation::Storage(item.clone());
                    let verdict = classify::classify_with_context(&obs, ctx);
                    let m = catalog::catalog().match_storage_key(&item.key);
                    let retention = if item.area == StorageArea::Session { None } else { m.as_ref().and_then(|m| m.retention_seconds) };
                    let (name, cut) = crate::untrusted::clip(&item.key, limits::KEY_CHARS);
                    let r = Record {
                        kind: FindingKind::Storage,
                        name: name.to_owned(),
                        host: origin.clone(),
                        party: verdict.party,
                        partitioned: false,
                        vendor: verdict.vendor,
                        category: verdict.category,
                        reason: verdict.reason,
                        retention_seconds: retention,
                        first_seen: now,
                        last_seen: now,
                        count: 1,
                        detail: Detail {
                            area: Some(item.area),
                            size: Some(item.size),
                            origin: item.origin.clone(),
                            purpose: m.map(|m| m.purpose.to_owned()),
                            repaired: item.repaired.then_some(true),
                            key_length: cut.then(|| item.key.chars().count() as u64),
                            frame: item.origin.clone().filter(|_| in_frame),
                            set_by: pending_take(&mut self.set_by_pending, &site.id, Some(item.area), name),
                            ..Detail::default()
                        },
                        fingerprint: fp,
                        from_header: false,
                        from_call: false,
                        tab: None,
                    };
                    let r = Record { tab: tab.filter(|_| item.area == StorageArea::Session), ..r };
                    dirty.insert((site.id.clone(), key.clone()));
                    changes.push(storage_change(EntryType::StorageAdded, &site.id, item, &r));
                    state.records.insert(key, r);
                }
            }
        }
        // Only this origin's records: their keys share the prefix.
        let prefix = format!("s|{origin}|");
        let gone: Vec<String> = state
            .records
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, r)| r.kind == FindingKind::Storage && r.detail.area.is_some_and(|a| areas.contains(&a)) && !seen.contains(*k))
            // Another tab's sessionStorage is not in this snapshot.
            .filter(|(_, r)| r.tab.is_none() || r.tab == tab)
            .map(|(k, _)| k.clone())
            .collect();
        for k in gone {
            let r = state.records.remove(&k).expect("listed above");
            dirty.insert((site.id.clone(), k.clone()));
            changes.push(storage_removed(&site.id, &r, None));
        }
        self.budget(changes, now)
    }

    /// A tab closed: its sessionStorage went with it. Each of its records is
    /// removed and reported as `storage.removed` with `cause: "tab-closed"`.
    pub fn tab_closed(&mut self, tab: u32, now: Millis) -> Vec<Change> {
        self.drop_session_tabs(|t| t == tab, now)
    }

    /// The browser started: tabs of the last session are gone, and their ids
    /// are not reused for the same pages, so every sessionStorage record of
    /// a tab not in `open` is removed, as for [`Engine::tab_closed`]. A
    /// restored tab's items are recorded again by its next snapshot.
    pub fn tabs_open(&mut self, open: &[u32], now: Millis) -> Vec<Change> {
        self.drop_session_tabs(|t| !open.contains(&t), now)
    }

    fn drop_session_tabs(&mut self, gone: impl Fn(u32) -> bool, now: Millis) -> Vec<Change> {
        let mut changes = Vec::new();
        for (site, state) in &mut self.sites {
            let keys: Vec<String> = state.records.iter().filter(|(_, r)| r.tab.is_some_and(&gone)).map(|(k, _)| k.clone()).collect();
            for k in keys {
                let r = state.records.remove(&k).expect("listed above");
                self.dirty.insert((site.clone(), k));
                changes.push(storage_removed(site, &r, Some("tab-closed")));
            }
        }
        self.budget(changes, now)
    }

    /// Items the core could not read at all (not even after repair) in a
    /// snapshot from a page of `origin_host`: skipped one by one, and said
    /// so once per origin.
    pub fn note_unreadable(&mut self, origin_host: &str, count: usize) -> Vec<Change> {
        let Some(origin) = domain::normalize_host(origin_host) else { return Vec::new() };
        let Some(site) = self.config.site_for_host(&origin).cloned() else { return Vec::new() };
        if count == 0 {
            return Vec::new();
        }
        let state = self.sites.entry(site.id.clone()).or_default();
        note_limit(state, &mut self.dirty, &site.id, "unreadable-items", 0, count as u64, Some(&origin)).into_iter().collect()
    }

    /// Keeps each site's observation entries within
    /// [`limits::ENTRIES_PER_MINUTE`]: the rest are not journaled (the
    /// picture still has them), and the first minute a site goes past it
    /// gets a `limit.reached` change.
    fn budget(&mut self, changes: Vec<Change>, now: Millis) -> Vec<Change> {
        let minute = now.div_euclid(60_000);
        let mut out = Vec::with_capacity(changes.len());
        for c in changes {
            if c.kind == EntryType::LimitReached {
                out.push(c);
                continue;
            }
            let slot = self.rate.entry(c.site.clone()).or_insert((minute, 0, false));
            if slot.0 != minute {
                *slot = (minute, 0, false);
            }
            if slot.1 < limits::ENTRIES_PER_MINUTE {
                slot.1 += 1;
                out.push(c);
            } else if !slot.2 {
                slot.2 = true;
                out.push(limit_change(
                    &c.site,
                    &LimitNote {
                        limit: "entries-per-minute".into(),
                        max: u64::from(limits::ENTRIES_PER_MINUTE),
                        seen: u64::from(limits::ENTRIES_PER_MINUTE) + 1,
                        host: None,
                    },
                ));
            }
        }
        out
    }

    /// Requests made by a page of `page_host`, reported in batches. Only
    /// third-party hosts are kept. Identical requests in a batch are
    /// coalesced: one change per host and request type, with a `count`.
    pub fn observe_requests(&mut self, page_host: &str, requests: &[RequestObservation], now: Millis) -> Vec<Change> {
        let Some(page) = domain::normalize_host(page_host) else { return Vec::new() };
        let Some(site) = self.config.site_for_host(&page).cloned() else { return Vec::new() };
        let ctx = self.contexts[&site.id].get();
        let state = self.sites.entry(site.id.clone()).or_default();
        let mut batch: BTreeMap<(String, RequestType), (u64, String, Classification)> = BTreeMap::new();
        for req in requests {
            let Some(host) = domain::normalize_host(&req.host) else { continue };
            if let Some(group) = batch.get_mut(&(host.clone(), req.request_type)) {
                group.0 += 1;
                continue;
            }
            let mut req = req.clone();
            req.host = host.clone();
            let verdict = classify::classify_with_context(&Observation::Request(req.clone()), ctx);
            if verdict.party == Party::First {
                continue;
            }
            batch.insert((host, req.request_type), (1, req.path, verdict));
        }
        let mut changes = Vec::with_capacity(batch.len());
        let mut hosts = state.records.range("r|".to_owned().."r}".to_owned()).count();
        let mut refused: std::collections::BTreeSet<&str> = Default::default();
        for ((host, request_type), (count, path, verdict)) in &batch {
            let key = format!("r|{host}");
            if !state.records.contains_key(&key) {
                if hosts >= limits::THIRD_PARTY_HOSTS || state.records.len() >= limits::ITEMS_PER_SITE {
                    refused.insert(host);
                    continue;
                }
                hosts += 1;
            }
            let (host, request_type, count, path) = (host.clone(), *request_type, *count, path.clone());
            self.dirty.insert((site.id.clone(), key.clone()));
            let r = state.records.entry(key).or_insert_with(|| Record {
                kind: FindingKind::Request,
                name: host.clone(),
                host: host.clone(),
                party: verdict.party,
                partitioned: false,
                vendor: verdict.vendor.clone(),
                category: verdict.category,
                reason: verdict.reason.clone(),
                retention_seconds: None,
                first_seen: now,
                last_seen: now,
                count: 0,
                detail: Detail { requests: Some(BTreeMap::new()), ..Detail::default() },
                fingerprint: 0,
                from_header: false,
                from_call: false,
                tab: None,
            });
            // A list imported since the host was first seen may now say
            // what it is; the latest verdict is the one shown.
            r.vendor.clone_from(&verdict.vendor);
            r.category = verdict.category;
            r.reason.clone_from(&verdict.reason);
            // The one request a script's call stood for is among those the
            // page's list now holds: counted once, under the type the list gives.
            let new_count = if r.from_call {
                r.from_call = false;
                r.count = r.count.saturating_sub(1);
                r.detail.requests = Some(BTreeMap::new());
                count - 1
            } else {
                count
            };
            r.count += count;
            r.last_seen = now;
            *r.detail.requests.get_or_insert_with(BTreeMap::new).entry(request_type).or_insert(0) += count;
            if new_count == 0 {
                continue;
            }
            let count = new_count;
            changes.push(Change {
                kind: EntryType::RequestSeen,
                site: site.id.clone(),
                data: serde_json::json!({
                    "host": host, "requestType": request_type, "path": path, "count": count,
                    "pageHost": page, "vendor": verdict.vendor, "category": verdict.category,
                    "reason": verdict.reason,
                }),
                value: None,
            });
        }
        if !refused.is_empty() {
            let (limit, max) = if hosts >= limits::THIRD_PARTY_HOSTS {
                ("third-party-hosts", limits::THIRD_PARTY_HOSTS)
            } else {
                ("items-per-site", limits::ITEMS_PER_SITE)
            };
            for h in &refused {
                if state.refused_hosts.len() < REFUSED_HOSTS_COUNTED {
                    state.refused_hosts.insert(fingerprint(h));
                }
            }
            let seen = (hosts + state.refused_hosts.len()) as u64;
            changes.extend(note_limit(state, &mut self.dirty, &site.id, limit, max, seen, None));
        }
        self.budget(changes, now)
    }

    /// The live picture of the site that `host` belongs to.
    pub fn summary(&self, host: &str) -> Result<SiteSummary> {
        let site = self
            .config
            .site_for_host(host)
            .ok_or_else(|| Error::new(ErrorKind::UnknownSite, format!("{host} is not one of the watched sites")))?;
        Ok(self.summary_of(site))
    }

    /// The live picture of the site with this id.
    pub fn summary_by_id(&self, id: &str) -> Result<SiteSummary> {
        let site = self.config.site(id).ok_or_else(|| Error::new(ErrorKind::UnknownSite, format!("no site has the id {id:?}")))?;
        Ok(self.summary_of(site))
    }

    fn summary_of(&self, site: &Site) -> SiteSummary {
        let empty = SiteState::default();
        let state = self.sites.get(&site.id).unwrap_or(&empty);
        let consent = state.consent.clone().unwrap_or_else(ConsentState::unknown);
        let cat = catalog::catalog();
        let ctx = self.contexts[&site.id].get();
        let mut vendors = BTreeMap::new();
        // One finding for a sessionStorage key however many tabs hold it:
        // counts summed, first and last seen over all of them.
        let mut across_tabs: BTreeMap<(&str, &str), (u64, Millis, Millis, u32)> = BTreeMap::new();
        for r in state.records.values().filter(|r| r.tab.is_some()) {
            let e = across_tabs.entry((r.host.as_str(), r.name.as_str())).or_insert((0, r.first_seen, r.last_seen, 0));
            *e = (e.0 + r.count, e.1.min(r.first_seen), e.2.max(r.last_seen), e.3 + 1);
        }
        let mut findings: Vec<Finding> = state
            .records
            .values()
            .filter_map(|r| {
                let mut shown = None;
                if r.tab.is_some() {
                    let merged = across_tabs.remove(&(r.host.as_str(), r.name.as_str()))?;
                    shown = Some(merged);
                }
                let (count, first_seen, last_seen) = shown.map_or((r.count, r.first_seen, r.last_seen), |(c, f, l, _)| (c, f, l));
                let vendor = r.vendor.as_deref().and_then(|v| cat.vendor(v));
                if let Some(v) = vendor {
                    vendors.entry(v.id.to_owned()).or_insert_with(|| v.to_json());
                }
                let mut detail = with_set_by(r);
                if let Some(script) = detail.set_by.as_deref().filter(|s| s.contains("://")) {
                    let info = crate::behaviour::script_info(ctx, site.hosts.first().map_or("", String::as_str), script);
                    if let Some(v) = info.vendor.as_deref().and_then(|v| cat.vendor(v)) {
                        vendors.entry(v.id.to_owned()).or_insert_with(|| v.to_json());
                    }
                    detail.set_by_vendor = info.vendor;
                    detail.set_by_party = Some(info.party);
                }
                Some(Finding {
                    kind: r.kind,
                    name: r.name.clone(),
                    host: r.host.clone(),
                    party: r.party,
                    partitioned: r.partitioned,
                    vendor: r.vendor.clone(),
                    vendor_name: vendor.map(|v| v.name.to_owned()),
                    category: r.category,
                    retention_seconds: r.retention_seconds,
                    first_seen: rfc3339(first_seen),
                    last_seen: rfc3339(last_seen),
                    count,
                    reason: r.reason.clone(),
                    consent_breach: consent.breach(r.category),
                    detail: Detail { tabs: shown.map(|m| m.3), ..detail },
                })
            })
            .collect();
        findings.sort_by(|a, b| {
            b.consent_breach
                .cmp(&a.consent_breach)
                .then_with(|| a.vendor.is_none().cmp(&b.vendor.is_none()))
                .then_with(|| a.vendor_name.cmp(&b.vendor_name))
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.name.cmp(&b.name))
        });
        SiteSummary {
            site: SiteRef { id: site.id.clone(), name: site.name.clone(), hosts: site.hosts.clone() },
            verdict: Verdict { limits: state.limits.values().cloned().collect(), ..Verdict::of(&findings) },
            findings,
            consent,
            vendors,
        }
    }

    fn sites_for_cookie(&self, context_host: Option<&str>, bare: &str, partition: Option<&str>) -> Vec<String> {
        let mut ids: Vec<String> = self.config.sites_for_cookie_domain(bare).map(|s| s.id.clone()).collect();
        if let Some(site) = context_host.and_then(|h| self.config.site_for_host(h)) {
            ids.push(site.id.clone());
        }
        if let Some(top) = partition.and_then(partition_host) {
            let top_rd = domain::registrable_domain(&top);
            for s in self.config.sites.iter().filter(|s| s.enabled) {
                if s.registrable_domains().contains(&top_rd) {
                    ids.push(s.id.clone());
                }
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }
}

/// The host of a partition key's top-level site (`https://dwp.gov.uk` or,
/// in Firefox, `(https,dwp.gov.uk)` / a bare site).
fn partition_host(key: &str) -> Option<String> {
    let s = key.trim().trim_start_matches('(').trim_end_matches(')');
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let s = s.strip_prefix("https,").or_else(|| s.strip_prefix("http,")).unwrap_or(s);
    let host = s.split([',', '/']).next()?;
    domain::normalize_host(host)
}

/// One word for a consent state, for the journal: `accepted`, `refused`,
/// `partial` or `not-given`.
fn consent_word(c: Option<&ConsentState>) -> &'static str {
    let Some(c) = c else { return "not-given" };
    match (c.usage, c.campaigns) {
        (None, None) => "not-given",
        (Some(true), Some(true)) => "accepted",
        (Some(false) | None, Some(false) | None) => "refused",
        _ => "partial",
    }
}

fn cookie_key(bare: &str, path: &str, name: &str, partition: Option<&str>) -> String {
    format!("c|{bare}|{path}|{name}|{}", partition.unwrap_or(""))
}

fn storage_key(origin: &str, area: StorageArea, key: &str) -> String {
    format!("s|{origin}|{}|{key}", area.as_str())
}

/// A sessionStorage item seen in a tab is keyed by the tab as well.
fn storage_key_in_tab(origin: &str, area: StorageArea, key: &str, tab: Option<u32>) -> String {
    match tab {
        Some(t) if area == StorageArea::Session => format!("s|{origin}|{}|{key}|tab {t}", area.as_str()),
        _ => storage_key(origin, area, key),
    }
}

/// The `storage.removed` change for a record: `tab` for a tab's
/// sessionStorage, and `cause` when the site did not remove it itself.
fn storage_removed(site: &str, r: &Record, cause: Option<&str>) -> Change {
    let mut data = serde_json::json!({
        "area": r.detail.area, "host": r.host, "key": r.name,
        "vendor": r.vendor, "category": r.category,
    });
    if let Some(t) = r.tab {
        data["tab"] = t.into();
    }
    if let Some(c) = cause {
        data["cause"] = c.into();
    }
    Change { kind: EntryType::StorageRemoved, site: site.to_owned(), data, value: None }
}

fn cookie_data(c: &CookieObservation, v: &Classification, retention: Option<u64>) -> serde_json::Value {
    serde_json::json!({
        "name": c.name, "domain": c.domain, "path": c.path,
        "secure": c.secure, "httpOnly": c.http_only, "sameSite": c.same_site,
        "partitionKey": c.partition_key, "retentionSeconds": retention,
        "party": v.party, "vendor": v.vendor, "category": v.category, "reason": v.reason,
    })
}

fn storage_change(kind: EntryType, site: &str, item: &StorageObservation, r: &Record) -> Change {
    let (value, value_cut) = match item.value.as_deref() {
        Some(v) => {
            let (v, cut) = crate::untrusted::clip(v, limits::VALUE_CHARS);
            (Some(v.to_owned()), cut || item.truncated)
        }
        None => (None, false),
    };
    let mut data = serde_json::json!({
        "area": item.area, "host": r.host, "key": r.name, "size": item.size,
        "party": r.party, "vendor": r.vendor, "category": r.category, "reason": r.reason,
    });
    if item.repaired {
        data["repaired"] = true.into();
    }
    if value_cut {
        data["valueTruncated"] = true.into();
    }
    if let Some(n) = r.detail.key_length {
        data["keyLength"] = n.into();
    }
    if let Some(t) = r.tab {
        data["tab"] = t.into();
    }
    Change { kind, site: site.to_owned(), data, value }
}

/// Records that `site` went past `limit`: a `limit.reached` change the
/// first time for this limit and host; later only the count is updated.
fn note_limit(
    state: &mut SiteState,
    dirty: &mut std::collections::BTreeSet<(String, String)>,
    site: &str,
    limit: &str,
    max: usize,
    seen: u64,
    host: Option<&str>,
) -> Option<Change> {
    let id = format!("{limit}|{}", host.unwrap_or(""));
    if let Some(n) = state.limits.get_mut(&id) {
        if seen > n.seen {
            n.seen = seen;
            dirty.insert((site.to_owned(), String::new()));
        }
        return None;
    }
    let note = LimitNote { limit: limit.to_owned(), max: max as u64, seen, host: host.map(str::to_owned) };
    let change = limit_change(site, &note);
    state.limits.insert(id, note);
    dirty.insert((site.to_owned(), String::new()));
    Some(change)
}

fn limit_change(site: &str, note: &LimitNote) -> Change {
    // Native tests catch a limit the entry description does not list.
    debug_assert!(crate::journal::entries::LIMITS.contains(&note.limit.as_str()), "{} is not a described limit", note.limit);
    Change { kind: EntryType::LimitReached, site: site.to_owned(), data: serde_json::to_value(note).expect("serialises"), value: None }
}

/// A cookie expiry (seconds, as the browser reports it) in epoch ms,
/// within the years RFC 3339 can write.
fn expiry_ms(seconds: f64) -> Millis {
    let ms = seconds * 1000.0;
    if ms.is_nan() {
        0
    } else {
        ms.clamp(0.0, 253_402_300_799_999.0) as Millis
    }
}

/// (site id, area, name) and who set it: see [`Engine`]'s `set_by_pending`.
type PendingSetBy = ((String, Option<StorageArea>, String), String);

/// Notes who set an item not recorded yet (`replace`: a later writer wins).
fn pending_note(list: &mut Vec<PendingSetBy>, key: (String, Option<StorageArea>, String), by: &str, replace: bool) {
    if let Some((_, v)) = list.iter_mut().find(|(k, _)| *k == key) {
        if replace {
            by.clone_into(v);
        }
    } else if list.len() < 256 {
        list.push((key, by.to_owned()));
    }
}

/// Who set the item about to be recorded, if noted.
fn pending_take(list: &mut Vec<PendingSetBy>, site: &str, area: Option<StorageArea>, name: &str) -> Option<String> {
    let i = list.iter().position(|((s, a, n), _)| s == site && *a == area && n == name)?;
    Some(list.swap_remove(i).1)
}

/// A finding's detail, with `setBy` for cookies and storage: the script seen
/// writing it, `http` for a cookie only a response header can have set
/// (HttpOnly, or known from a `Set-Cookie` header), else `unknown`.
fn with_set_by(r: &Record) -> Detail {
    let mut d = r.detail.clone();
    if matches!(r.kind, FindingKind::Cookie | FindingKind::Storage) && d.set_by.is_none() {
        let http = r.kind == FindingKind::Cookie && (r.from_header || d.http_only == Some(true));
        d.set_by = Some(if http { "http" } else { "unknown" }.to_owned());
    }
    d
}

/// FNV-1a: tells a changed value from a repeated one. Not a security
/// measure; values are never stored.
fn fingerprint(value: &str) -> u64 {
    value.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `consent.changed` may say are those its description lists
    /// (the schema's `enum`).
    #[test]
    fn consent_words_are_the_described_ones() {
        let choices = [None, Some(true), Some(false)];
        let mut said = vec![consent_word(None)];
        for usage in choices {
            for campaigns in choices {
                said.push(consent_word(Some(&ConsentState { usage, campaigns, ..ConsentState::default() })));
            }
        }
        for w in &said {
            assert!(crate::journal::entries::CONSENT_STATES.contains(w), "{w}");
        }
        for w in crate::journal::entries::CONSENT_STATES {
            assert!(said.contains(w), "{w} is described but never said");
        }
    }

    fn cookie(name: &str, value: &str, domain: &str) -> CookieObservation {
        CookieObservation { expiration_date: Some(1_900_000_000.0), ..CookieObservation::new(name, value, domain) }
    }

    fn engine() -> Engine {
        Engine::new(SiteConfig::with_presets(&["uk-find-a-job", "uk-universal-credit"]).unwrap())
    }

    #[test]
    fn parent_domain_cookie_reaches_the_site_and_repeats_are_not_changes() {
        let mut e = engine();
        let c = cookie("_ga", "GA1.1", ".dwp.gov.uk");
        assert_eq!(e.observe_cookie(None, &c, 1000).len(), 1);
        assert!(e.observe_cookie(None, &c, 2000).is_empty());
        let changed = e.observe_cookie(None, &cookie("_ga", "GA1.2", ".dwp.gov.uk"), 3000);
        assert_eq!(changed[0].kind, EntryType::CookieChanged);
        let s = e.summary("findajob.dwp.gov.uk").unwrap();
        assert_eq!(s.findings.len(), 1);
        assert_eq!(s.findings[0].count, 3, "set, set again with the same value, changed");
        assert_eq!(s.findings[0].party, Party::First);
        assert!(e.summary("www.universal-credit.service.gov.uk").unwrap().findings.is_empty());
    }

    #[test]
    fn bystander_cookies_are_ignored() {
        let mut e = engine();
        assert!(e.observe_cookie(None, &cookie("bystander_pref", "1", "www.bystander-news.example"), 1).is_empty());
    }

    #[test]
    fn third_party_cookie_attributed_by_context_or_partition() {
        let mut e = engine();
        let tp = cookie("fr", "x", ".facebook.com");
        assert!(e.observe_cookie(None, &tp, 1).is_empty());
        assert_eq!(e.observe_cookie(Some("findajob.dwp.gov.uk"), &tp, 1).len(), 1);
        let mut part = cookie("widget_uid", "y", "embed.jobs-widget.example");
        part.partition_key = Some("https://dwp.gov.uk".into());
        assert_eq!(e.observe_cookie(None, &part, 2).len(), 1);
        let s = e.summary("findajob.dwp.gov.uk").unwrap();
        let w = s.findings.iter().find(|f| f.name == "widget_uid").unwrap();
        assert!(w.partitioned);
        assert_eq!(w.party, Party::Third);
    }

    #[test]
    fn header_records_give_way_to_the_cookie_api() {
        let mut e = engine();
        let fr = cookie("fr", "x", ".facebook.com");
        let by = CausedBy {
            tab_id: Some(3),
            frame_id: Some(0),
            initiator: Some("https://findajob.dwp.gov.uk".into()),
            request_type: Some("image".into()),
        };
        let set = e.observe_set_cookie("findajob.dwp.gov.uk", &fr, &by, 1);
        assert_eq!(set[0].data["causedBy"]["tabId"], 3, "the journal says which tab caused it");
        let mut partitioned = fr.clone();
        partitioned.partition_key = Some("https://dwp.gov.uk".into());
        e.observe_cookie(None, &partitioned, 2);
        let names: Vec<_> = e.summary("findajob.dwp.gov.uk").unwrap().findings.into_iter().map(|f| (f.name, f.partitioned)).collect();
        assert_eq!(names, vec![("fr".to_owned(), true)], "one fr, in the partition");
        assert!(e.observe_set_cookie("findajob.dwp.gov.uk", &fr, &by, 3).is_empty(), "the API already reported it");
    }

    #[test]
    fn storage_snapshot_reports_added_changed_removed() {
        let mut e = engine();
        let item = |k: &str, v: &str| StorageObservation {
            area: StorageArea::Local,
            host: "findajob.dwp.gov.uk".into(),
            key: k.into(),
            size: (k.len() + v.len()) as u64,
            value: Some(v.into()),
            origin: None,
            repaired: false,
            truncated: false,
        };
        let areas = [StorageArea::Local];
        let c = e.observe_storage("findajob.dwp.gov.uk", &areas, &[item("a", "1"), item("b", "2")], 1);
        assert_eq!(c.len(), 2);
        let c = e.observe_storage("findajob.dwp.gov.uk", &areas, &[item("a", "3")], 2);
        let kinds: Vec<_> = c.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![EntryType::StorageChanged, EntryType::StorageRemoved]);
    }

    #[test]
    fn state_survives_a_save_and_restore() {
        let mut e = engine();
        e.observe_cookie(None, &cookie("_ga", "GA1.1", ".dwp.gov.uk"), 1000);
        e.observe_cookie(None, &cookie("cookies_policy", "%7B%22usage%22%3Afalse%7D", "findajob.dwp.gov.uk"), 1000);
        let saved = e.take_changed();
        assert_eq!(saved.len(), 3, "two records and the consent");
        assert!(e.take_changed().is_empty(), "nothing new to save");
        let mut fresh = engine();
        for (key, json) in &saved {
            fresh.load_saved(key, json.as_deref().unwrap()).unwrap();
        }
        assert_eq!(fresh.summary("findajob.dwp.gov.uk").unwrap(), e.summary("findajob.dwp.gov.uk").unwrap());
        assert!(fresh.load_saved(&saved[0].0, "{broken").is_err());
        e.remove_cookie(&cookie("_ga", "", ".dwp.gov.uk"), "explicit", 2000);
        let deleted = e.take_changed();
        assert_eq!(deleted.len(), 1);
        assert!(deleted[0].1.is_none(), "a removed record is deleted from storage");
    }

    #[test]
    fn partition_keys_in_both_browser_spellings() {
        assert_eq!(partition_host("https://dwp.gov.uk").as_deref(), Some("dwp.gov.uk"));
        assert_eq!(partition_host("(https,dwp.gov.uk)").as_deref(), Some("dwp.gov.uk"));
        assert_eq!(partition_host("https://dwp.gov.uk:8443").as_deref(), Some("dwp.gov.uk"));
    }
}

impl Engine {
    /// Brings the pictures in line with the cookies the browser holds now:
    /// called when the background wakes, so a change whose event was lost
    /// while the worker was being stopped is still recorded (once: a cookie
    /// already known with the same value is no change). `present` is every
    /// cookie of the watched sites' registrable domains, all partitions.
    /// First-party cookies known but no longer present are reported
    /// removed; third-party records are left alone, as the browser may not
    /// let us see those jars.
    pub fn reconcile_cookies(&mut self, present: &[CookieObservation], now: Millis) -> Vec<Change> {
        let mut changes = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for c in present {
            seen.insert(cookie_key(&c.bare_domain(), &c.path, &c.name, c.partition_key.as_deref()));
            changes.extend(self.observe_cookie_from(None, c, now, Source::Reconcile));
        }
        let mut gone: Vec<CookieObservation> = Vec::new();
        for (id, state) in &self.sites {
            let Some(site) = self.config.site(id).filter(|s| s.enabled) else { continue };
            for (key, r) in &state.records {
                if r.kind != FindingKind::Cookie || r.party != Party::First || r.partitioned || seen.contains(key) {
                    continue;
                }
                if !site.cookie_domain_applies(&r.host) {
                    continue;
                }
                gone.push(CookieObservation {
                    name: r.name.clone(),
                    value: String::new(),
                    domain: r.detail.domain.clone().unwrap_or_else(|| r.host.clone()),
                    path: r.detail.path.clone().unwrap_or_else(|| "/".to_owned()),
                    host_only: false,
                    secure: r.detail.secure.unwrap_or(false),
                    http_only: r.detail.http_only.unwrap_or(false),
                    same_site: r.detail.same_site.unwrap_or_default(),
                    expiration_date: None,
                    partition_key: None,
                    store_id: None,
                });
            }
        }
        for c in gone {
            changes.extend(self.remove_cookie(&c, "reconciled", now));
        }
        changes
    }
}

#[cfg(test)]
mod reconcile_tests {
    use super::*;

    fn cookie(name: &str, value: &str) -> CookieObservation {
        CookieObservation { expiration_date: Some(1_900_000_000.0), ..CookieObservation::new(name, value, ".dwp.gov.uk") }
    }

    #[test]
    fn a_lost_event_is_recorded_once_and_a_vanished_cookie_removed() {
        let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
        e.observe_cookie(None, &cookie("_ga", "1"), 1);
        e.observe_cookie(None, &cookie("old", "1"), 1);
        let changes = e.reconcile_cookies(&[cookie("_ga", "1"), cookie("burst_7", "x")], 2);
        let kinds: Vec<_> = changes.iter().map(|c| (c.kind, c.data["name"].as_str().unwrap().to_owned())).collect();
        assert_eq!(kinds, vec![(EntryType::CookieSet, "burst_7".to_owned()), (EntryType::CookieRemoved, "old".to_owned())]);
        assert!(e.reconcile_cookies(&[cookie("_ga", "1"), cookie("burst_7", "x")], 3).is_empty());
    }

    // Issue 14: every wake's comparison with the jar saved the unchanged
    // cookies again (their retention drifting with the clock), so every
    // wake made the cached answers stale and the next popup waited for the core.
    #[test]
    fn a_jar_that_matches_the_pictures_saves_nothing() {
        let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
        e.observe_cookie(None, &cookie("_ga", "1"), 1);
        e.take_changed();
        assert!(e.reconcile_cookies(&[cookie("_ga", "1")], 60_000).is_empty());
        assert_eq!(e.take_changed(), vec![], "nothing to save");
        // A different expiry is news, and saved.
        let later = CookieObservation { expiration_date: Some(1_950_000_000.0), ..cookie("_ga", "1") };
        assert!(e.reconcile_cookies(&[later], 120_000).is_empty());
        assert_eq!(e.take_changed().len(), 1);
    }

    // Issue 8: a reconcile that rebuilt a lost event looked like the event
    // itself, so "nothing lost" and "recovered" could not be told apart.
    #[test]
    fn what_the_reconcile_finds_is_marked_and_what_events_bring_is_not() {
        let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
        let by_event = e.observe_cookie(None, &cookie("_ga", "1"), 1);
        assert_eq!(by_event[0].data.get("source"), None);
        let found = e.reconcile_cookies(&[cookie("_ga", "2"), cookie("burst_7", "x")], 2);
        let sources: Vec<_> = found.iter().map(|c| (c.kind, c.data["source"].as_str())).collect();
        assert_eq!(sources, vec![(EntryType::CookieChanged, Some("reconcile")), (EntryType::CookieSet, Some("reconcile"))]);
    }
}

impl Engine {
    /// When the site was last active: the latest `lastSeen` of its
    /// findings, or `None` when nothing was ever seen.
    pub fn last_activity(&self, site_id: &str) -> Option<Millis> {
        self.sites.get(site_id)?.records.values().map(|r| r.last_seen).max()
    }
}

impl Engine {
    /// Classifies an observation for the enabled site `page_host` belongs
    /// to, without recording it; `None` when no watched site has that host.
    pub fn classify(&self, page_host: &str, obs: &Observation) -> Option<Classification> {
        Some(classify::classify_with_context(obs, self.context_for_host(page_host)?))
    }

    /// The classification context of the enabled site `page_host` belongs
    /// to, for classifying many observations of one page.
    pub fn context_for_host(&self, page_host: &str) -> Option<&classify::SiteContext> {
        let site = self.config.site_for_host(page_host)?;
        Some(self.contexts[&site.id].get())
    }
}

#[cfg(test)]
mod verdict_tests {
    use super::*;

    #[test]
    fn verdict_counts_tracking_companies_not_cookies() {
        let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
        let c = |name: &str| CookieObservation::new(name, "1", ".dwp.gov.uk");
        for name in ["_ga", "_gid", "_fbp", "JSESSIONID", "mystery"] {
            e.observe_cookie(None, &c(name), 1);
        }
        let v = e.summary("findajob.dwp.gov.uk").unwrap().verdict;
        assert_eq!(v.trackers, 2, "{v:?}");
        assert_eq!(v.by_category, vec![(Category::Analytics, 1), (Category::Advertising, 1)]);
        assert_eq!(v.without_consent, 2, "no consent recorded: both need it");
    }

    #[test]
    fn without_consent_counts_companies_present_despite_the_choice() {
        let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
        let c = |name: &str, value: &str| CookieObservation::new(name, value, ".dwp.gov.uk");
        // Analytics agreed to, campaigns refused: only the advertiser counts.
        e.observe_cookie(None, &c("cookies_policy", "%7B%22essential%22%3Atrue%2C%22usage%22%3Atrue%2C%22campaigns%22%3Afalse%7D"), 1);
        for name in ["_ga", "_gid", "_fbp", "_gcl_au"] {
            e.observe_cookie(None, &c(name, "1"), 2);
        }
        let v = e.summary("findajob.dwp.gov.uk").unwrap().verdict;
        assert_eq!(v.trackers, 3, "{v:?}");
        assert_eq!(v.without_consent, 2, "Meta and Google Ads, not Google Analytics: {v:?}");
    }
}

impl Engine {
    /// One page's behaviour facts (the whole picture so far; see
    /// [`crate::behaviour::PageReport`]), from a page whose top-level host is
    /// `page_host`; `frame` is the origin of the frame they come from, when
    /// not the top one. Each verdict becomes a behaviour finding, counted
    /// once per page load; a new page, or new signals, is journaled as
    /// `behaviour.seen`. Scripts seen writing cookies and storage are
    /// remembered on those findings as `setBy`.
    pub fn observe_behaviour(
        &mut self,
        page_host: &str,
        frame: Option<&str>,
        report: &crate::behaviour::PageReport,
        now: Millis,
    ) -> Vec<Change> {
        let Some(page) = domain::normalize_host(page_host) else { return Vec::new() };
        let Some(site) = self.config.site_for_host(&page).cloned() else { return Vec::new() };
        let ctx = self.contexts[&site.id].get();
        let verdicts = crate::behaviour::decide(ctx, &page, report);
        let state = self.sites.entry(site.id.clone()).or_default();
        let mut changes = Vec::new();
        for (area, name, script) in crate::behaviour::writers(report) {
            let mut found = false;
            for (key, r) in state.records.iter_mut() {
                let same = match area {
                    None => r.kind == FindingKind::Cookie && r.name == name,
                    Some(a) => r.kind == FindingKind::Storage && r.detail.area == Some(a) && r.name == name,
                };
                found |= same;
                if same && r.detail.set_by.as_deref() != Some(script) {
                    r.detail.set_by = Some(script.to_owned());
                    self.dirty.insert((site.id.clone(), key.clone()));
                }
            }
            // Written before the snapshot or the jar said so: kept for the
            // record to come.
            if !found {
                pending_note(&mut self.set_by_pending, (site.id.clone(), area, name.to_owned()), script, true);
            }
        }
        let page_fp = fingerprint(&report.page);
        for v in verdicts {
            let category = v.behaviour.category();
            let key = format!("b|{}|{}|{}", category.as_str(), v.script, v.field.as_deref().unwrap_or(""));
            let detail = Detail {
                script: Some(v.script.clone()),
                signals: Some(v.signals.clone()),
                field: v.field.clone(),
                sent_to: Some(v.sent_to.clone()),
                frame: frame.map(str::to_owned),
                ..Detail::default()
            };
            let news = match state.records.get_mut(&key) {
                Some(r) if r.fingerprint == page_fp => {
                    // The same page again: only new signals are news.
                    let news = r.detail != detail;
                    r.detail = detail;
                    r.last_seen = now;
                    news
                }
                Some(r) => {
                    r.fingerprint = page_fp;
                    r.count += 1;
                    r.last_seen = now;
                    r.detail = detail;
                    true
                }
                None => {
                    state.records.insert(
                        key.clone(),
                        Record {
                            kind: FindingKind::Behaviour,
                            name: v.script.clone(),
                            host: v.host.clone(),
                            party: v.party,
                            partitioned: false,
                            vendor: v.vendor.clone(),
                            category,
                            reason: format!("behaviour:{}", category.as_str()),
                            retention_seconds: None,
                            first_seen: now,
                            last_seen: now,
                            count: 1,
                            detail,
                            fingerprint: page_fp,
                            from_header: false,
                            from_call: false,
                            tab: None,
                        },
                    );
                    true
                }
            };
            self.dirty.insert((site.id.clone(), key));
            if news {
                changes.push(Change {
                    kind: EntryType::BehaviourSeen,
                    site: site.id.clone(),
                    data: serde_json::json!({
                        "category": category, "script": v.script, "host": v.host, "vendor": v.vendor,
                        "party": v.party, "signals": v.signals, "field": v.field, "sentTo": v.sent_to,
                        "frame": frame,
                    }),
                    value: None,
                });
            }
        }
        changes.extend(self.requests_from_calls(&page, report, now));
        changes
    }

    /// Hosts the page's scripts sent data to (`fetch`, `XMLHttpRequest`,
    /// `sendBeacon`, seen by the page-world observers) that no request
    /// finding has yet. Resource Timing does not list every request:
    /// Chromium adds a `fetch` to it only once its response has been read,
    /// so a tracker's fire-and-forget POST is never there. Such a host is
    /// recorded as a request, once. When the page's list later names the
    /// host, the request the call stood for is among those it lists, so it
    /// is not counted twice.
    fn requests_from_calls(&mut self, page: &str, report: &crate::behaviour::PageReport, now: Millis) -> Vec<Change> {
        use crate::behaviour::{SendApi, Signal};
        let Some(site) = self.config.site_for_host(page) else { return Vec::new() };
        let known = self.sites.get(&site.id);
        let mut calls: Vec<RequestObservation> = Vec::new();
        for o in &report.observations {
            let (Signal::DataSent { to, api, .. } | Signal::TypedDataSent { to, api, .. }) = &o.signal else { continue };
            let Some(host) = domain::normalize_host(to) else { continue };
            if known.is_some_and(|s| s.records.contains_key(&format!("r|{host}"))) || calls.iter().any(|c| c.host == host) {
                continue;
            }
            let request_type = match api {
                SendApi::Beacon => RequestType::Beacon,
                SendApi::Fetch | SendApi::Xhr => RequestType::Xhr,
            };
            calls.push(RequestObservation { host, request_type, path: String::new(), page_host: page.to_owned(), filter_match: None });
        }
        if calls.is_empty() {
            return Vec::new();
        }
        let site_id = site.id.clone();
        let changes = self.observe_requests(page, &calls, now);
        if let Some(state) = self.sites.get_mut(&site_id) {
            for c in &calls {
                if let Some(r) = state.records.get_mut(&format!("r|{}", c.host)) {
                    r.from_call = true;
                }
            }
        }
        changes
    }
}
