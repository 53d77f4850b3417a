//! One-click cleanup of a site's tracking: the deciding half.
//!
//! [`plan`] reads a site's live picture ([`SiteSummary`]) and the user's
//! keep-list and says exactly which cookies to remove and which storage to
//! clear on which origins, and what stays and why. The browser shim only
//! executes that plan, enumerates again afterwards and reports back an
//! [`Outcome`]; [`result_entry`] turns plan and outcome into the
//! `cleanup.result` journal data and the few facts the popup shows.
//! [`auto_clean_due`] decides when an automatic cleanup runs.
//!
//! This module owns the cleanup rules (see `docs/cleanup.md`): what belongs
//! to the site, the keep rules, how residue is judged. It never talks to the
//! browser, reads no clock and keeps no state; it does not write the journal
//! (the caller appends the data it returns).
//!
//! The one rule that must never break: nothing belonging to another site is
//! planned. A cookie is planned only when its domain is under one of the
//! site's registrable domains, or it is a third-party cookie seen on this
//! site; a third-party cookie another watched site also uses stays unless
//! the user asks; a partitioned cookie goes only from this site's partition.

use crate::vocab::spelled;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::catalog;
use crate::consent::{self, ConsentState};
use crate::domain;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Category, FindingKind, Millis, Party, StorageArea};
use crate::sites::{AutoClean, Site};
use crate::state::{Finding, SiteSummary};
use crate::time::{parse_rfc3339, rfc3339};

/// Version of the plan's serialized shape.
pub const PLAN_VERSION: u32 = 1;

/// Longest error message from the shim kept in the journal.
pub(crate) const MAX_ERROR_LEN: usize = 300;

/// What started a cleanup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trigger {
    /// The user clicked "Clean this site".
    #[default]
    Manual,
    /// The `site.clean` runtime message (automation).
    Message,
    /// An automatic mode of the site ([`AutoClean`]).
    Automatic,
}

/// Choices for one cleanup, from the confirmation dialog or the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanOptions {
    /// Also remove the site's consent cookie when it records a refusal.
    #[serde(default)]
    pub remove_consent_refusal: bool,
    /// Also remove third-party cookies other watched sites use.
    #[serde(default)]
    pub remove_shared_third_party: bool,
    /// Ask the browser to clear the site's HTTP cache (where it can do so
    /// for one site only).
    #[serde(default = "yes")]
    pub clear_http_cache: bool,
    /// Origins with scheme and port the shim has seen for the site
    /// (`https://findajob.dwp.gov.uk:8443`), from open tabs or history.
    /// They replace the `https://<host>` the plan would otherwise assume
    /// for their host. Origins that do not belong to the site are ignored.
    #[serde(default)]
    pub known_origins: Vec<String>,
    /// What started the cleanup.
    #[serde(default)]
    pub trigger: Trigger,
    /// The automatic mode that fired; `off` for other triggers.
    #[serde(default)]
    pub mode: AutoClean,
    /// Every cookie the browser's jar holds at planning time, as the shim
    /// enumerated it (all partitions, every store it can list). Cookies of
    /// the site in it are planned even when no event ever reported them.
    #[serde(default)]
    pub jar: Vec<JarCookie>,
    /// Other companies' unpartitioned cookies the user ticked for removal
    /// (each a [`KeepReason::OtherSitesCookie`] item of an earlier plan).
    /// Ignored for automatic cleanups.
    #[serde(default)]
    pub remove_third_party: Vec<CookieRef>,
    /// Also clean the site's cookies in Firefox containers and private
    /// windows (each in its own store). Off: they are left alone.
    #[serde(default)]
    pub clean_other_stores: bool,
}

/// A cookie as the browser's jar holds it, without its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JarCookie {
    /// Name.
    pub name: String,
    /// Domain as the browser reports it (`.dwp.gov.uk` or a bare host).
    pub domain: String,
    /// Path.
    #[serde(default = "crate::model::root_path")]
    pub path: String,
    /// `Secure`.
    #[serde(default)]
    pub secure: bool,
    /// Top-level site of the partition, or null.
    #[serde(default)]
    pub partition_key: Option<String>,
    /// The cookie store, or null for the browser's default store.
    #[serde(default)]
    pub store_id: Option<String>,
}

/// Names one cookie: what the user ticks in the confirmation dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CookieRef {
    /// Name.
    pub name: String,
    /// Domain as set (`.google.com`).
    pub domain: String,
    /// Path.
    #[serde(default = "crate::model::root_path")]
    pub path: String,
}

fn yes() -> bool {
    true
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            remove_consent_refusal: false,
            remove_shared_third_party: false,
            clear_http_cache: true,
            known_origins: Vec::new(),
            trigger: Trigger::Manual,
            mode: AutoClean::Off,
            jar: Vec::new(),
            remove_third_party: Vec::new(),
            clean_other_stores: false,
        }
    }
}

/// A kind of site data the shim clears per origin. The wire names are the
/// keys of the browsers' `browsingData` `DataTypeSet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataType {
    /// `localStorage`.
    LocalStorage,
    /// `sessionStorage` of open tabs.
    SessionStorage,
    /// IndexedDB databases.
    IndexedDb,
    /// Cache Storage caches.
    CacheStorage,
    /// Service-worker registrations.
    ServiceWorkers,
    /// The HTTP cache.
    Cache,
}

impl DataType {
    /// The wire name (`"indexedDB"`).
    pub fn as_str(self) -> &'static str {
        match self {
            DataType::LocalStorage => "localStorage",
            DataType::SessionStorage => "sessionStorage",
            DataType::IndexedDb => "indexedDB",
            DataType::CacheStorage => "cacheStorage",
            DataType::ServiceWorkers => "serviceWorkers",
            DataType::Cache => "cache",
        }
    }

    /// The data type a storage area is cleared with.
    pub fn of_area(area: StorageArea) -> DataType {
        match area {
            StorageArea::Local => DataType::LocalStorage,
            StorageArea::Session => DataType::SessionStorage,
            StorageArea::IndexedDb => DataType::IndexedDb,
            StorageArea::CacheStorage => DataType::CacheStorage,
            StorageArea::ServiceWorker => DataType::ServiceWorkers,
        }
    }
}

/// Storage data types cleared on every origin, in execution order.
const STORAGE_TYPES: [DataType; 5] =
    [DataType::LocalStorage, DataType::SessionStorage, DataType::IndexedDb, DataType::CacheStorage, DataType::ServiceWorkers];

/// One cookie to remove, with everything `cookies.remove` needs to address
/// exactly that cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CookieRemoval {
    /// Id the outcome refers to (`c0`, `c1`...).
    pub id: String,
    /// Cookie name.
    pub name: String,
    /// Domain as set: `.dwp.gov.uk` for a domain cookie, the bare host for
    /// a host-only one.
    pub domain: String,
    /// True for a host-only cookie (no leading dot).
    pub host_only: bool,
    /// Path attribute.
    pub path: String,
    /// `Secure`: the shim builds an `https` URL for it.
    pub secure: bool,
    /// Top-level site of the partition (`https://dwp.gov.uk`), or null.
    pub partition_key: Option<String>,
    /// Browser cookie store, when known.
    pub store_id: Option<String>,
    /// First or third party.
    pub party: Party,
    /// Catalog vendor id, or null.
    pub vendor: Option<String>,
    /// Category.
    pub category: Category,
    /// Other watched sites this cookie is also sent to (first-party cookies
    /// on a domain they share).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_used_by: Vec<String>,
    /// Found in the browser's jar at planning time but never recorded as
    /// a finding.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unrecorded: bool,
}

/// One kind of data to clear on one origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageClear {
    /// Id the outcome refers to (`s0`, `s1`...).
    pub id: String,
    /// `https://findajob.dwp.gov.uk` (with a port when one was seen).
    pub origin: String,
    /// The origin's host.
    pub host: String,
    /// What to clear.
    pub data_type: DataType,
    /// Names in this area the keep-list protects. Empty: clear the whole
    /// area. Otherwise delete everything but these, item by item.
    pub keep: Vec<String>,
    /// Keys, databases, caches or scopes seen here that will go.
    pub known: Vec<String>,
    /// Other watched sites that share this origin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_used_by: Vec<String>,
}

/// Why something stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeepReason {
    /// On the site's keep-list.
    KeepList,
    /// The site's consent cookie, recording a refusal.
    ConsentRefusal,
    /// A third-party cookie another watched site also uses.
    SharedThirdParty,
    /// A partitioned cookie in another site's partition.
    OtherPartition,
    /// Belongs to another site, or is not on any of this site's addresses.
    OtherSite,
    /// Another company's own cookie (not in this site's partition): it is
    /// the same cookie on every site, often a sign-in. Removed only when the
    /// user ticks it, never automatically.
    OtherSitesCookie,
    /// In a Firefox container or a private window; left alone unless the
    /// user asks to clean those too.
    OtherStore,
}

impl KeepReason {
    /// Every reason, in order.
    pub const ALL: [KeepReason; 7] = [
        KeepReason::KeepList,
        KeepReason::ConsentRefusal,
        KeepReason::SharedThirdParty,
        KeepReason::OtherPartition,
        KeepReason::OtherSite,
        KeepReason::OtherSitesCookie,
        KeepReason::OtherStore,
    ];

    /// The wire name (`"consent-refusal"`), also the `_locales` key suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            KeepReason::KeepList => "keep-list",
            KeepReason::ConsentRefusal => "consent-refusal",
            KeepReason::SharedThirdParty => "shared-third-party",
            KeepReason::OtherPartition => "other-partition",
            KeepReason::OtherSite => "other-site",
            KeepReason::OtherSitesCookie => "other-sites-cookie",
            KeepReason::OtherStore => "other-store",
        }
    }

    /// The reason in plain English.
    pub fn explanation(self) -> &'static str {
        match self {
            KeepReason::KeepList => "You asked to keep this (for example to stay signed in).",
            KeepReason::ConsentRefusal => {
                "It records that you refused tracking cookies. Deleting it can switch tracking back on until you refuse again."
            }
            KeepReason::SharedThirdParty => {
                "Another of your watched sites uses this third-party cookie too. Removing it affects that site as well."
            }
            KeepReason::OtherPartition => "It is stored for another website, not for this one.",
            KeepReason::OtherSite => "It belongs to another website, so cleaning this site leaves it alone.",
            KeepReason::OtherSitesCookie => {
                "It is another company's own cookie, the same one on every site that uses that company. Removing it can sign you out of that company everywhere, so it goes only if you tick it."
            }
            KeepReason::OtherStore => {
                "It is in a container or a private window, which this cleanup leaves alone unless you choose to clean those too."
            }
        }
    }
}

/// Something the cleanup leaves in place, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptItem {
    /// Cookie or storage.
    pub kind: FindingKind,
    /// Cookie name, or storage key / database / cache / scope.
    pub name: String,
    /// Cookie domain as set, or the storage origin's host.
    pub host: String,
    /// Cookie path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Cookie partition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_key: Option<String>,
    /// Storage area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<StorageArea>,
    /// Cookie store, when not the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
    /// Why it stays (code).
    pub reason: KeepReason,
    /// Why it stays, in plain English.
    pub explanation: String,
    /// What removing it would do, for an item the user may tick
    /// (`"Removing it can sign you out of google.com (Google LLC) ..."`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    /// The user may tick it for removal (`removeThirdParty`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// Counts and lines for the confirmation dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    /// Cookies to remove.
    pub cookies: u32,
    /// Of which first-party (unpartitioned).
    pub first_party_cookies: u32,
    /// Of which third-party (unpartitioned).
    pub third_party_cookies: u32,
    /// Of which partitioned.
    pub partitioned_cookies: u32,
    /// Storage areas (origin and data type) holding something seen.
    pub storage_areas: u32,
    /// Origins whose storage is cleared.
    pub origins: u32,
    /// Items kept.
    pub kept: u32,
    /// Names of the site's cookies the catalog knows as sign-in sessions
    /// and the keep-list lacks ([`suggested_keep`]); the dialog offers them.
    pub suggested_keep: Vec<String>,
    /// One English sentence; the UI may build its own from the counts.
    pub text: String,
}

/// The site a plan is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanSite {
    /// Site id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Host patterns.
    pub hosts: Vec<String>,
    /// The keep-list in force: names found again afterwards are not residue.
    #[serde(default)]
    pub keep: Vec<String>,
}

/// Everything one cleanup will do, as the shim executes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CleanupPlan {
    /// [`PLAN_VERSION`].
    pub version: u32,
    /// The site.
    pub site: PlanSite,
    /// When planned (RFC 3339 UTC).
    pub created_at: String,
    /// What started it.
    pub trigger: Trigger,
    /// The automatic mode that fired, or `off`.
    pub mode: AutoClean,
    /// Cookies to remove, one `cookies.remove` each.
    pub cookies: Vec<CookieRemoval>,
    /// Data to clear, per origin and type.
    pub storage: Vec<StorageClear>,
    /// Origins of `storage` (Chrome's `browsingData` `origins`).
    pub origins: Vec<String>,
    /// Their hosts (Firefox's `browsingData` `hostnames`).
    pub hostnames: Vec<String>,
    /// Registrable domains to enumerate cookies under afterwards, by domain
    /// suffix (`cookies.getAll({domain})`), so parent-domain cookies are seen.
    pub cookie_domains: Vec<String>,
    /// Partitions (top-level sites) to enumerate afterwards.
    pub partitions: Vec<String>,
    /// What stays, and why.
    pub kept: Vec<KeptItem>,
    /// For the confirmation dialog.
    pub summary: PlanSummary,
}

/// Plans the cleanup of `site` from its live picture `summary`.
///
/// `others` are the summaries of the other watched sites (this site's own
/// summary among them is ignored): a third-party cookie one of them also
/// uses, or a cookie on one of their registrable domains, is shared. `now`
/// drops cookies that have already expired.
pub fn plan(site: &Site, summary: &SiteSummary, others: &[SiteSummary], now: Millis, options: &PlanOptions) -> CleanupPlan {
    let ctx = Context::new(site, others);
    let mut cookies = Vec::new();
    let mut kept = Vec::new();
    let mut seen_cookies = BTreeSet::new();

    // What was recorded, then what the jar holds that was not: a cookie
    // whose events were lost is still the site's cookie.
    let jar_findings: Vec<(Finding, Option<String>)> =
        options.jar.iter().filter_map(|c| ctx.jar_finding(c).map(|f| (f, c.store_id.clone()))).collect();
    let recorded = summary.findings.iter().filter(|f| f.kind == FindingKind::Cookie).map(|f| (f, None, false));
    let unrecorded = jar_findings.iter().map(|(f, store)| (f, store.clone(), true));
    for (f, store_id, from_jar) in recorded.chain(unrecorded) {
        if expired(f, now) {
            continue;
        }
        let bare = f.host.trim_start_matches('.').to_ascii_lowercase();
        let path = f.detail.path.clone().unwrap_or_else(|| "/".to_owned());
        let partition = if f.partitioned { f.detail.partition_key.clone() } else { None };
        let identity = cookie_identity(&f.name, &bare, &path, partition.as_deref(), store_id.as_deref());
        if !seen_cookies.insert(identity) {
            continue;
        }
        let domain_as_set = f.detail.domain.clone().unwrap_or_else(|| bare.clone());
        let keep = |reason: KeepReason| KeptItem {
            kind: FindingKind::Cookie,
            name: f.name.clone(),
            host: domain_as_set.clone(),
            path: Some(path.clone()),
            partition_key: partition.clone(),
            area: None,
            store_id: store_id.clone(),
            reason,
            explanation: reason.explanation().to_owned(),
            effect: (reason == KeepReason::OtherSitesCookie).then(|| sign_out_effect(f, &bare)),
            optional: reason == KeepReason::OtherSitesCookie,
        };
        let verdict = if store_id.is_some() && !options.clean_other_stores {
            Verdict::Keep(KeepReason::OtherStore)
        } else {
            ctx.cookie_verdict(f, &bare, partition.as_deref(), &summary.consent, options)
        };
        match verdict {
            Verdict::Keep(reason) => kept.push(keep(reason)),
            Verdict::Remove { also_used_by } => cookies.push(CookieRemoval {
                id: format!("c{}", cookies.len()),
                name: f.name.clone(),
                host_only: !domain_as_set.starts_with('.'),
                domain: domain_as_set,
                path,
                secure: f.detail.secure.unwrap_or(false),
                partition_key: partition,
                store_id,
                party: if ctx.own_rds.contains(&domain::registrable_domain(&bare)) { Party::First } else { Party::Third },
                vendor: f.vendor.clone(),
                category: f.category,
                also_used_by,
                unrecorded: from_jar,
            }),
        }
    }

    // Storage seen, by host and area; kept names listed once per item.
    let mut known: BTreeMap<(String, DataType), BTreeSet<String>> = BTreeMap::new();
    let mut kept_names: BTreeMap<(String, DataType), BTreeSet<String>> = BTreeMap::new();
    let mut default_hosts: BTreeSet<String> = BTreeSet::new();
    for f in summary.findings.iter().filter(|f| f.kind == FindingKind::Storage) {
        let Some(host) = domain::normalize_host(&f.host) else { continue };
        let area = f.detail.area.unwrap_or(StorageArea::Local);
        let keep = |reason: KeepReason| KeptItem {
            kind: FindingKind::Storage,
            name: f.name.clone(),
            host: host.clone(),
            path: None,
            partition_key: None,
            area: Some(area),
            store_id: None,
            reason,
            explanation: reason.explanation().to_owned(),
            effect: None,
            optional: false,
        };
        if !ctx.owns_origin_host(&host) {
            kept.push(keep(KeepReason::OtherSite));
            continue;
        }
        default_hosts.insert(host.clone());
        let slot = (host.clone(), DataType::of_area(area));
        if site.keep.contains(&f.name) {
            if kept_names.entry(slot).or_default().insert(f.name.clone()) {
                kept.push(keep(KeepReason::KeepList));
            }
        } else {
            known.entry(slot).or_default().insert(f.name.clone());
        }
    }
    for host in site.base_hosts() {
        if let Some(h) = domain::normalize_host(&host).filter(|h| ctx.owns_origin_host(h)) {
            default_hosts.insert(h);
        }
    }
    // Origins the shim actually saw (with their ports) replace the
    // `https://<host>` guess for their host.
    let mut origins: BTreeMap<String, String> = BTreeMap::new();
    let seen_origins = summary.findings.iter().filter_map(|f| f.detail.origin.as_ref());
    for raw in options.known_origins.iter().chain(seen_origins) {
        if let Some(o) = Origin::parse(raw).filter(|o| ctx.owns_origin_host(&o.host)) {
            default_hosts.remove(&o.host);
            origins.insert(o.to_string(), o.host);
        }
    }
    for host in default_hosts {
        origins.insert(Origin::https(&host).to_string(), host);
    }

    let mut storage = Vec::new();
    let mut hostnames = BTreeSet::new();
    let mut areas_with_data = BTreeSet::new();
    let types: Vec<DataType> = STORAGE_TYPES.iter().copied().chain(options.clear_http_cache.then_some(DataType::Cache)).collect();
    for (origin, host) in &origins {
        hostnames.insert(host.clone());
        let also_used_by = ctx.others_on_host(host);
        for &data_type in &types {
            let slot = (host.clone(), data_type);
            let known: Vec<String> = known.get(&slot).map(|s| s.iter().cloned().collect()).unwrap_or_default();
            if !known.is_empty() {
                areas_with_data.insert(slot.clone());
            }
            storage.push(StorageClear {
                id: format!("s{}", storage.len()),
                origin: origin.clone(),
                host: host.clone(),
                data_type,
                keep: kept_names.get(&slot).map(|s| s.iter().cloned().collect()).unwrap_or_default(),
                known,
                also_used_by: also_used_by.clone(),
            });
        }
    }

    let partitions: Vec<String> = ctx.own_rds.iter().map(|d| Origin::https(d).to_string()).collect();
    let count = |p: &dyn Fn(&CookieRemoval) -> bool| cookies.iter().filter(|c| p(c)).count() as u32;
    let mut plan_summary = PlanSummary {
        cookies: cookies.len() as u32,
        first_party_cookies: count(&|c| c.partition_key.is_none() && c.party == Party::First),
        third_party_cookies: count(&|c| c.partition_key.is_none() && c.party == Party::Third),
        partitioned_cookies: count(&|c| c.partition_key.is_some()),
        storage_areas: areas_with_data.len() as u32,
        origins: origins.len() as u32,
        kept: kept.len() as u32,
        suggested_keep: suggested_keep(site, summary),
        text: String::new(),
    };
    plan_summary.text = plan_text(&plan_summary, &kept);
    CleanupPlan {
        version: PLAN_VERSION,
        site: PlanSite { id: site.id.clone(), name: site.name.clone(), hosts: site.hosts.clone(), keep: site.keep.clone() },
        created_at: rfc3339(now),
        trigger: options.trigger,
        mode: if options.trigger == Trigger::Automatic { options.mode } else { AutoClean::Off },
        cookies,
        storage,
        origins: origins.into_keys().collect(),
        hostnames: hostnames.into_iter().collect(),
        cookie_domains: ctx.own_rds.iter().cloned().collect(),
        partitions,
        kept,
        summary: plan_summary,
    }
}

/// What planning a cleanup needs from the live state: the site, its
/// summary and those of the other enabled sites. The main module writes it
/// ([`plan_input`]); the actions module reads it and plans
/// ([`PlanInput::plan`]), so the planner is not in the module loaded at
/// every wake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanInput {
    /// The site to clean, as configured.
    pub site: Site,
    /// Its live picture.
    pub summary: SiteSummary,
    /// The pictures of the other enabled sites.
    pub others: Vec<SiteSummary>,
}

#[derive(Serialize)]
struct PlanInputRef<'a> {
    site: &'a Site,
    summary: &'a SiteSummary,
    others: &'a [SiteSummary],
}

/// The [`PlanInput`] for the site `host` belongs to, as JSON text; errors
/// with [`ErrorKind::UnknownSite`] when no enabled site has it.
pub fn plan_input(engine: &crate::state::Engine, host: &str) -> Result<String> {
    let config = engine.config();
    let site =
        config.site_for_host(host).ok_or_else(|| Error::new(ErrorKind::UnknownSite, format!("{host} is not one of the watched sites")))?;
    let summary = engine.summary_by_id(&site.id)?;
    let others: Vec<SiteSummary> =
        config.sites.iter().filter(|s| s.enabled && s.id != site.id).filter_map(|s| engine.summary_by_id(&s.id).ok()).collect();
    serde_json::to_string(&PlanInputRef { site, summary: &summary, others: &others })
        .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("cleanup input: {e}")))
}

impl PlanInput {
    /// Reads what [`plan_input`] wrote.
    pub fn read(json: &str) -> Result<PlanInput> {
        serde_json::from_str(json).map_err(|e| Error::new(ErrorKind::InvalidInput, format!("cleanup input: {e}")))
    }

    /// The plan (see [`plan`]).
    pub fn plan(&self, now: Millis, options: &PlanOptions) -> CleanupPlan {
        plan(&self.site, &self.summary, &self.others, now, options)
    }
}

/// Names of the site's first-party cookies that the catalog knows as
/// essential session ids (`JSESSIONID`, `PHPSESSID`, `connect.sid`...) and
/// that are not on the keep-list yet: keeping them keeps the user signed
/// in. Names the catalog does not know are never suggested.
pub fn suggested_keep(site: &Site, summary: &SiteSummary) -> Vec<String> {
    let cat = catalog::catalog();
    let mut out: BTreeSet<String> = BTreeSet::new();
    for f in &summary.findings {
        if f.kind != FindingKind::Cookie || f.category != Category::Essential || f.partitioned {
            continue;
        }
        let bare = f.host.trim_start_matches('.').to_ascii_lowercase();
        if !site.cookie_domain_applies(&bare) || site.keep.contains(&f.name) {
            continue;
        }
        if cat.match_cookie_on(&f.name, &bare).is_some_and(|m| is_session_id(&m)) {
            out.insert(f.name.clone());
        }
    }
    out.into_iter().collect()
}

/// Whether a catalog entry describes a server-side session id: an
/// essential, vendor-less pattern whose purpose says so.
fn is_session_id(m: &catalog::Match) -> bool {
    m.category == Category::Essential && m.vendor.is_none() && m.purpose.to_ascii_lowercase().contains("session id")
}

/// What removing another company's cookie does, in plain English.
fn sign_out_effect(f: &Finding, bare: &str) -> String {
    let rd = domain::registrable_domain(bare);
    let cat = catalog::catalog();
    let owner = f.vendor.as_deref().and_then(|id| cat.vendor(id)).or_else(|| cat.match_host(bare).and_then(|m| m.vendor)).map(|v| v.owner);
    match owner {
        Some(owner) => format!("Removing it can sign you out of {rd} ({owner}) on every site, not only this one."),
        None => format!("Removing it can sign you out of {rd} on every site, not only this one."),
    }
}

fn expired(f: &Finding, now: Millis) -> bool {
    f.detail.expires.as_deref().and_then(|e| parse_rfc3339(e).ok()).is_some_and(|t| t <= now)
}

enum Verdict {
    Remove { also_used_by: Vec<String> },
    Keep(KeepReason),
}

/// What the planner knows about this site and the others.
struct Context<'a> {
    site: &'a Site,
    own_rds: BTreeSet<String>,
    /// Other watched sites, rebuilt from their summaries.
    others: Vec<Site>,
    /// Registrable domains of other sites that are not also this site's.
    other_rds: BTreeSet<String>,
    /// Unpartitioned cookies other sites have seen: (bare domain, path,
    /// name) -> site ids.
    other_cookies: BTreeMap<(String, String, String), BTreeSet<String>>,
}

impl<'a> Context<'a> {
    fn new(site: &'a Site, others: &[SiteSummary]) -> Self {
        let own_rds: BTreeSet<String> = site.registrable_domains().into_iter().collect();
        let mut other_sites = Vec::new();
        let mut other_cookies: BTreeMap<(String, String, String), BTreeSet<String>> = BTreeMap::new();
        for s in others.iter().filter(|s| s.site.id != site.id) {
            other_sites.push(Site {
                id: s.site.id.clone(),
                name: s.site.name.clone(),
                hosts: s.site.hosts.clone(),
                enabled: true,
                preset: None,
                keep: Vec::new(),
                auto_clean: AutoClean::Off,
                auto_clean_minutes: 30,
            });
            for f in s.findings.iter().filter(|f| f.kind == FindingKind::Cookie && !f.partitioned) {
                let key = (
                    f.host.trim_start_matches('.').to_ascii_lowercase(),
                    f.detail.path.clone().unwrap_or_else(|| "/".to_owned()),
                    f.name.clone(),
                );
                other_cookies.entry(key).or_default().insert(s.site.id.clone());
            }
        }
        let other_rds = other_sites.iter().flat_map(Site::registrable_domains).filter(|d| !own_rds.contains(d)).collect();
        Context { site, own_rds, others: other_sites, other_rds, other_cookies }
    }

    /// A jar cookie of this site as a finding, classified by the catalog;
    /// `None` when it is not the site's: neither on its registrable
    /// domains (unpartitioned) nor in its partition.
    fn jar_finding(&self, c: &JarCookie) -> Option<Finding> {
        let bare = c.domain.trim_start_matches('.').to_ascii_lowercase();
        let rd = domain::registrable_domain(&bare);
        let own_partition =
            c.partition_key.as_deref().and_then(partition_site).is_some_and(|top| self.own_rds.contains(&domain::registrable_domain(&top)));
        // Unpartitioned: only what the browser sends to the site's hosts,
        // so a sibling service's host-only cookie is not taken for this one.
        let ours = if c.partition_key.is_some() { own_partition } else { self.site.cookie_domain_applies(&bare) };
        if !ours {
            return None;
        }
        let m = catalog::catalog().match_cookie_on(&c.name, &bare);
        Some(Finding {
            kind: FindingKind::Cookie,
            name: c.name.clone(),
            host: bare,
            party: if self.own_rds.contains(&rd) { Party::First } else { Party::Third },
            partitioned: c.partition_key.is_some(),
            vendor: m.as_ref().and_then(|m| m.vendor).map(|v| v.id.to_owned()),
            vendor_name: m.as_ref().and_then(|m| m.vendor).map(|v| v.name.to_owned()),
            category: m.as_ref().map_or(Category::Unknown, |m| m.category),
            retention_seconds: None,
            first_seen: String::new(),
            last_seen: String::new(),
            count: 0,
            reason: "cookie-jar".to_owned(),
            consent_breach: false,
            detail: crate::state::Detail {
                domain: Some(c.domain.clone()),
                path: Some(c.path.clone()),
                secure: Some(c.secure),
                partition_key: c.partition_key.clone(),
                ..crate::state::Detail::default()
            },
        })
    }

    /// Whether storage of this origin host may be cleared for the site: the
    /// site covers it, and no other watched site covers it more narrowly
    /// (`findajob.dwp.gov.uk` is Find a job's, even for a `*.dwp.gov.uk`
    /// site).
    fn owns_origin_host(&self, host: &str) -> bool {
        let Some(rank) = self.site.match_rank(host) else { return false };
        !self.other_rds.contains(&domain::registrable_domain(host))
            && !self.others.iter().any(|s| s.match_rank(host).is_some_and(|r| r > rank))
    }

    fn others_on_host(&self, host: &str) -> Vec<String> {
        self.others.iter().filter(|s| s.matches_host(host)).map(|s| s.id.clone()).collect()
    }

    fn cookie_verdict(
        &self,
        f: &Finding,
        bare: &str,
        partition: Option<&str>,
        consent_state: &ConsentState,
        options: &PlanOptions,
    ) -> Verdict {
        let rd = domain::registrable_domain(bare);
        let own_domain = self.own_rds.contains(&rd);
        let mut also_used_by = Vec::new();
        // Safety first: these stay whatever the options say.
        if let Some(key) = partition {
            let ours = partition_site(key).is_some_and(|top| self.own_rds.contains(&domain::registrable_domain(&top)));
            if !ours {
                return Verdict::Keep(KeepReason::OtherPartition);
            }
        } else if own_domain {
            also_used_by = self.others.iter().filter(|s| s.cookie_domain_applies(bare)).map(|s| s.id.clone()).collect();
            if !self.site.cookie_domain_applies(bare) && !also_used_by.is_empty() {
                // A sibling subdomain that is another watched site's address.
                return Verdict::Keep(KeepReason::OtherSite);
            }
        } else if f.party != Party::Third {
            // Inconsistent record: not on our domains, yet not third party.
            return Verdict::Keep(KeepReason::OtherSite);
        }
        if self.site.keep.contains(&f.name) {
            return Verdict::Keep(KeepReason::KeepList);
        }
        if partition.is_none()
            && own_domain
            && !options.remove_consent_refusal
            && consent::is_consent_cookie(&f.name)
            && consent_state.source.as_deref() == Some(f.name.as_str())
            && records_refusal(consent_state)
        {
            return Verdict::Keep(KeepReason::ConsentRefusal);
        }
        if partition.is_none() && !own_domain {
            // Another company's own cookie: the user's tick, never a default,
            // and never an automatic cleanup.
            let path = f.detail.path.clone().unwrap_or_else(|| "/".to_owned());
            let domain_as_set = f.detail.domain.as_deref().unwrap_or(bare);
            let ticked = options.remove_third_party.iter().any(|r| {
                r.name == f.name
                    && r.path == path
                    && r.domain.trim_start_matches('.').eq_ignore_ascii_case(domain_as_set.trim_start_matches('.'))
            });
            if !ticked || options.trigger == Trigger::Automatic {
                return Verdict::Keep(KeepReason::OtherSitesCookie);
            }
            let seen_elsewhere = self.other_cookies.contains_key(&(bare.to_owned(), path, f.name.clone()));
            if (seen_elsewhere || self.other_rds.contains(&rd)) && !options.remove_shared_third_party {
                return Verdict::Keep(KeepReason::SharedThirdParty);
            }
        }
        Verdict::Remove { also_used_by }
    }
}

/// Whether a consent decision refuses something: deleting its cookie would
/// forget that refusal.
fn records_refusal(c: &ConsentState) -> bool {
    [c.usage, c.campaigns, c.settings].contains(&Some(false))
}

/// The host of a partition key's top-level site: `https://dwp.gov.uk`, or
/// Firefox's `(https,dwp.gov.uk)`, or a bare site.
fn partition_site(key: &str) -> Option<String> {
    let s = key.trim().trim_start_matches('(').trim_end_matches(')');
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let s = s.strip_prefix("https,").or_else(|| s.strip_prefix("http,")).unwrap_or(s);
    domain::normalize_host(s.split([',', '/']).next()?)
}

/// An `http(s)://host[:port]` origin, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    scheme: &'static str,
    host: String,
    port: Option<u16>,
}

impl Origin {
    fn https(host: &str) -> Origin {
        Origin { scheme: "https", host: host.to_owned(), port: None }
    }

    fn parse(raw: &str) -> Option<Origin> {
        let raw = raw.trim();
        let (scheme, rest) = raw.split_once("://")?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "https" => "https",
            "http" => "http",
            _ => return None,
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.is_empty() || authority.contains(['/', '?', '#', '@']) {
            return None;
        }
        let (host_part, port) = match authority.rfind(':') {
            Some(i) if !authority[i..].contains(']') && authority.starts_with('[') == authority[..i].ends_with(']') => {
                let port: u16 = authority[i + 1..].parse().ok().filter(|p| *p > 0)?;
                (&authority[..i], Some(port))
            }
            _ => (authority, None),
        };
        let host = domain::normalize_host(host_part)?;
        let default = if scheme == "https" { 443 } else { 80 };
        Some(Origin { scheme, host, port: port.filter(|p| *p != default) })
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match self.port {
            Some(p) => write!(f, "{}://{host}:{p}", self.scheme),
            None => write!(f, "{}://{host}", self.scheme),
        }
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn plan_text(s: &PlanSummary, kept: &[KeptItem]) -> String {
    let mut text = format!(
        "Will remove {} and clear the storage of {}",
        plural(s.cookies, "cookie", "cookies"),
        plural(s.origins, "address", "addresses")
    );
    let kept_names: Vec<&str> = kept
        .iter()
        .filter(|k| k.reason != KeepReason::OtherSite && k.reason != KeepReason::OtherPartition)
        .map(|k| k.name.as_str())
        .collect();
    if kept_names.is_empty() {
        text.push('.');
    } else {
        text.push_str(&format!("; keeping {}.", kept_names.join(", ")));
    }
    text
}

/// The `cleanup.requested` journal data for a plan: `items` (planned
/// removals: cookies plus storage clears), `cookies`, `storage`, `kept`,
/// `origins`, `trigger`, `mode`.
pub fn requested_entry(plan: &CleanupPlan) -> Value {
    serde_json::to_value(crate::intents::CleanupRequested::of(plan)).expect("a cleanup request serialises")
}

/// A cookie still present after a cleanup, as the shim enumerated it.
/// Values are never sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResidueCookie {
    /// Name.
    pub name: String,
    /// Domain as reported (`.dwp.gov.uk` or a bare host).
    pub domain: String,
    /// Path.
    #[serde(default = "crate::model::root_path")]
    pub path: String,
    /// Partition's top-level site, or null.
    #[serde(default)]
    pub partition_key: Option<String>,
    /// Cookie store.
    #[serde(default)]
    pub store_id: Option<String>,
}

/// A storage item still present after a cleanup, as a page of the origin
/// reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResidueStorage {
    /// The page's origin (`https://findajob.dwp.gov.uk:8443`).
    pub origin: String,
    /// Area.
    pub area: StorageArea,
    /// Key, database, cache name or service-worker scope.
    pub key: String,
}

/// What was found by enumerating again after the cleanup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Residue {
    /// Cookies of the site's domains and partitions still present.
    #[serde(default)]
    pub cookies: Vec<ResidueCookie>,
    /// Storage still present.
    #[serde(default)]
    pub storage: Vec<ResidueStorage>,
}

/// One removal the shim tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Attempt {
    /// The plan item's id.
    pub id: String,
    /// The browser reported success.
    pub ok: bool,
    /// The browser's error message when not ok.
    #[serde(default)]
    pub error: Option<String>,
    /// This browser cannot do it for one site (Firefox and the HTTP cache);
    /// not counted as a failure.
    #[serde(default)]
    pub unsupported: bool,
}

/// What the shim reports after executing a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Outcome {
    /// One per plan item tried.
    pub attempts: Vec<Attempt>,
    /// What enumeration found afterwards.
    #[serde(default)]
    pub residue: Residue,
    /// Origins whose storage a page re-enumerated afterwards.
    #[serde(default)]
    pub storage_checked: Vec<String>,
    /// Tabs of the site still open (their scripts can re-create storage).
    #[serde(default)]
    pub open_tabs: u32,
    /// What the shim could not look at, and which permission would let it.
    #[serde(default)]
    pub not_checked: Vec<Unchecked>,
}

/// Something the residue check could not look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UncheckedKind {
    /// Other companies' cookies stored in the site's partition (a
    /// third-party iframe's): the browser lists a cookie only to an
    /// extension with access to the cookie's own host.
    ThirdPartyPartitioned,
    /// The HTTP cache: no browser lets an extension list what it holds.
    HttpCache,
    /// Storage of the site's origins that had no open page, after an
    /// automatic cleanup: it opens no page of the site to look (that would
    /// send the site a request the user did not ask for).
    Unopened,
}

impl UncheckedKind {
    /// Every kind, in order.
    pub const ALL: [UncheckedKind; 3] = [UncheckedKind::ThirdPartyPartitioned, UncheckedKind::HttpCache, UncheckedKind::Unopened];

    /// The wire name (`"http-cache"`).
    pub fn as_str(self) -> &'static str {
        match self {
            UncheckedKind::ThirdPartyPartitioned => "third-party-partitioned",
            UncheckedKind::HttpCache => "http-cache",
            UncheckedKind::Unopened => "unopened",
        }
    }

    /// What was not checked and why, in plain English.
    pub fn explanation(self) -> &'static str {
        match self {
            UncheckedKind::ThirdPartyPartitioned => {
                "Cookies that other companies' frames stored for this site were not checked, because the browser shows an extension only the cookies of sites it has access to."
            }
            UncheckedKind::HttpCache => {
                "The browser's cache of this site's pages and files was not checked, because no browser lets an extension list what its cache holds."
            }
            UncheckedKind::Unopened => {
                "The storage of the site's addresses that had no open page was cleared without opening them, and not checked again: automatic cleanup never opens the site, because that would send it a request. Whatever is still there shows in the popup on the next visit."
            }
        }
    }
}

/// One thing not checked, as the shim reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Unchecked {
    /// What.
    pub what: UncheckedKind,
    /// The permission that would allow the check (`<all_urls>`: deep
    /// inspection), or null when none would.
    #[serde(default)]
    pub permission: Option<String>,
}

/// Reads the shim's outcome JSON.
pub fn parse_outcome(json: &str) -> Result<Outcome> {
    serde_json::from_str(json)
        .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("the cleanup report from the browser is not valid: {e}")))
}

/// The facts the popup shows after a cleanup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ResultSummary {
    /// Cookies removed (and not found again).
    pub removed_cookies: u32,
    /// Storage areas cleared that held something seen.
    pub storage_areas_cleared: u32,
    /// Removals that failed, were not attempted, or did not stick.
    pub failed: u32,
    /// Removals this browser cannot do for one site.
    pub unsupported: u32,
    /// Items kept.
    pub kept: u32,
    /// Names of what was found afterwards, sorted, once each.
    pub residue: Vec<String>,
    /// Tabs of the site still open.
    pub open_tabs: u32,
    /// A tab is open, so scripts may put storage back: offer to reload or
    /// close it.
    pub open_tabs_warning: bool,
    /// Origins whose storage could not be checked afterwards.
    pub unverified_origins: Vec<String>,
    /// What was not checked (`third-party-partitioned`, `http-cache`, `unopened`),
    /// each with the permission that would allow it, if any.
    pub not_checked: Vec<Unchecked>,
    /// Nothing failed, nothing left, everything checked (no origin
    /// unverified, nothing in `not_checked`), no tab open.
    pub clean: bool,
    /// Time taken.
    pub duration_ms: i64,
    /// One English sentence for the popup.
    pub text: String,
}

/// Status of one plan item after the cleanup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    Removed,
    Failed,
    NotAttempted,
    StillPresent,
    Unsupported,
}

/// A cookie's identity: bare domain, path, name, partition site, store.
type CookieIdentity = (String, String, String, Option<String>, Option<String>);

fn cookie_identity(name: &str, domain: &str, path: &str, partition: Option<&str>, store: Option<&str>) -> CookieIdentity {
    (
        domain.trim_start_matches('.').to_ascii_lowercase(),
        path.to_owned(),
        name.to_owned(),
        partition.map(|p| partition_site(p).unwrap_or_else(|| p.to_owned())),
        store.map(str::to_owned),
    )
}

/// Turns a plan and the shim's outcome into the `cleanup.result` journal
/// data and the popup's facts.
///
/// The data: `removed`, `failed` (integers, required by the journal),
/// `unsupported`, `requested` (`{items, cookies, storage}`), `details` (one
/// per plan item: `{id, kind, name, host, ok, status, error}` plus `domain`,
/// `path`, `partitionKey`, `party`, `vendor`, `category` for cookies and
/// `origin`, `dataType`, `keys` for storage), `kept` (with reasons),
/// `residue` (`{cookies, storage, names}`), `unverifiedOrigins`, `openTabs`,
/// `trigger`, `mode`, `startedAt`, `finishedAt`, `durationMs`. No values.
///
/// Errors with [`ErrorKind::InvalidInput`] when the outcome names an item
/// the plan lacks or twice, contradicts itself, or times run backwards.
pub fn result_entry(plan: &CleanupPlan, outcome: &Outcome, started_ms: Millis, finished_ms: Millis) -> Result<(Value, ResultSummary)> {
    let bad = |msg: String| Error::new(ErrorKind::InvalidInput, msg);
    if finished_ms < started_ms {
        return Err(bad(format!("the cleanup finished ({finished_ms}) before it started ({started_ms})")));
    }
    let ids: BTreeSet<&str> = plan.cookies.iter().map(|c| c.id.as_str()).chain(plan.storage.iter().map(|s| s.id.as_str())).collect();
    let mut attempts: BTreeMap<&str, &Attempt> = BTreeMap::new();
    for a in &outcome.attempts {
        if !ids.contains(a.id.as_str()) {
            return Err(bad(format!("the cleanup report names item {:?}, which is not in the plan", a.id)));
        }
        if a.ok && (a.unsupported || a.error.is_some()) {
            return Err(bad(format!("the cleanup report says item {:?} succeeded and also failed", a.id)));
        }
        if attempts.insert(a.id.as_str(), a).is_some() {
            return Err(bad(format!("the cleanup report lists item {:?} twice", a.id)));
        }
    }
    let mut residue_origins = Vec::with_capacity(outcome.residue.storage.len());
    for r in &outcome.residue.storage {
        let o = Origin::parse(&r.origin).ok_or_else(|| bad(format!("{:?} in the cleanup report is not a web origin", r.origin)))?;
        residue_origins.push(o);
    }
    let mut checked = BTreeSet::new();
    for raw in &outcome.storage_checked {
        let o = Origin::parse(raw).ok_or_else(|| bad(format!("{raw:?} in the cleanup report is not a web origin")))?;
        checked.insert(o.to_string());
    }

    let site = Site {
        id: plan.site.id.clone(),
        name: plan.site.name.clone(),
        hosts: plan.site.hosts.clone(),
        enabled: true,
        preset: None,
        keep: plan.site.keep.clone(),
        auto_clean: AutoClean::Off,
        auto_clean_minutes: 30,
    };
    let own_rds: BTreeSet<String> = site.registrable_domains().into_iter().collect();
    let planned: BTreeMap<CookieIdentity, &CookieRemoval> = plan
        .cookies
        .iter()
        .map(|c| (cookie_identity(&c.name, &c.domain, &c.path, c.partition_key.as_deref(), c.store_id.as_deref()), c))
        .collect();
    let kept_cookies: BTreeSet<CookieIdentity> = plan
        .kept
        .iter()
        .filter(|k| k.kind == FindingKind::Cookie)
        .map(|k| cookie_identity(&k.name, &k.host, k.path.as_deref().unwrap_or("/"), k.partition_key.as_deref(), k.store_id.as_deref()))
        .collect();
    let kept_names: BTreeSet<&str> = plan.site.keep.iter().map(String::as_str).collect();

    // Cookies found again: planned ones that did not go, and new ones on
    // the site's own domains or partition.
    let mut still_present: BTreeSet<&str> = BTreeSet::new();
    let mut residue_cookies = Vec::new();
    let mut residue_names = BTreeSet::new();
    for r in &outcome.residue.cookies {
        let identity = cookie_identity(&r.name, &r.domain, &r.path, r.partition_key.as_deref(), r.store_id.as_deref());
        let cause = if let Some(c) = planned.get(&identity) {
            still_present.insert(c.id.as_str());
            "not-removed"
        } else if kept_cookies.contains(&identity) || kept_names.contains(r.name.as_str()) {
            continue;
        } else {
            let ours = match identity.3.as_deref() {
                Some(top) => own_rds.contains(&domain::registrable_domain(top)),
                None => site.cookie_domain_applies(&identity.0),
            };
            if !ours {
                continue;
            }
            "appeared"
        };
        residue_names.insert(r.name.clone());
        residue_cookies.push(json!({
            "name": r.name, "domain": r.domain, "path": r.path,
            "partitionKey": r.partition_key, "cause": cause,
        }));
    }

    // Storage found again on the site's origins, outside the keep-list.
    let mut residue_storage = Vec::new();
    for (r, origin) in outcome.residue.storage.iter().zip(&residue_origins) {
        if !site.matches_host(&origin.host) || kept_names.contains(r.key.as_str()) {
            continue;
        }
        let origin_text = origin.to_string();
        let data_type = DataType::of_area(r.area);
        if let Some(s) = plan.storage.iter().find(|s| s.origin == origin_text && s.data_type == data_type) {
            if s.keep.contains(&r.key) {
                continue;
            }
            still_present.insert(s.id.as_str());
        }
        residue_names.insert(r.key.clone());
        residue_storage.push(json!({ "origin": origin_text, "area": r.area, "key": r.key }));
    }

    let status_of = |id: &str| -> (Status, Option<String>) {
        match attempts.get(id) {
            None => (Status::NotAttempted, Some("not attempted".to_owned())),
            Some(a) if a.unsupported => (Status::Unsupported, a.error.as_deref().map(truncate)),
            Some(a) if !a.ok => (Status::Failed, Some(a.error.as_deref().map_or_else(|| "failed".to_owned(), truncate))),
            Some(_) if still_present.contains(id) => (Status::StillPresent, Some("found again afterwards".to_owned())),
            Some(_) => (Status::Removed, None),
        }
    };
    let mut details = Vec::with_capacity(ids.len());
    let (mut removed, mut failed, mut unsupported) = (0u32, 0u32, 0u32);
    let mut tally = |s: Status| match s {
        Status::Removed => removed += 1,
        Status::Unsupported => unsupported += 1,
        _ => failed += 1,
    };
    let mut removed_cookies = 0u32;
    for c in &plan.cookies {
        let (status, error) = status_of(&c.id);
        tally(status);
        if status == Status::Removed {
            removed_cookies += 1;
        }
        details.push(json!({
            "id": c.id, "kind": "cookie", "name": c.name, "host": c.domain.trim_start_matches('.'),
            "domain": c.domain, "path": c.path, "partitionKey": c.partition_key,
            "party": c.party, "vendor": c.vendor, "category": c.category,
            "ok": status == Status::Removed, "status": status, "error": error,
        }));
    }
    let mut areas_cleared = BTreeSet::new();
    let mut unverified = BTreeSet::new();
    for s in &plan.storage {
        let (status, error) = status_of(&s.id);
        tally(status);
        if status == Status::Removed && !s.known.is_empty() {
            areas_cleared.insert((s.host.as_str(), s.data_type));
        }
        // The HTTP cache cannot be listed by a page; everything else should
        // have been checked by one.
        if s.data_type != DataType::Cache && !checked.contains(&s.origin) && status != Status::Unsupported {
            unverified.insert(s.origin.clone());
        }
        details.push(json!({
            "id": s.id, "kind": "storage", "name": s.data_type.as_str(), "host": s.host,
            "origin": s.origin, "dataType": s.data_type, "keys": s.known,
            "ok": status == Status::Removed, "status": status, "error": error,
        }));
    }

    // The HTTP cache is cleared blind: say so whenever it was in the plan.
    let mut not_checked: BTreeMap<UncheckedKind, Option<String>> =
        outcome.not_checked.iter().map(|u| (u.what, u.permission.clone())).collect();
    if plan.storage.iter().any(|s| s.data_type == DataType::Cache) {
        not_checked.entry(UncheckedKind::HttpCache).or_insert(None);
    }
    let not_checked: Vec<Unchecked> = not_checked.into_iter().map(|(what, permission)| Unchecked { what, permission }).collect();

    let duration_ms = finished_ms - started_ms;
    let residue: Vec<String> = residue_names.into_iter().collect();
    let unverified: Vec<String> = unverified.into_iter().collect();
    let mut summary = ResultSummary {
        removed_cookies,
        storage_areas_cleared: areas_cleared.len() as u32,
        failed,
        unsupported,
        kept: plan.kept.len() as u32,
        residue: residue.clone(),
        open_tabs: outcome.open_tabs,
        open_tabs_warning: outcome.open_tabs > 0,
        unverified_origins: unverified.clone(),
        not_checked: not_checked.clone(),
        clean: failed == 0 && residue.is_empty() && unverified.is_empty() && not_checked.is_empty() && outcome.open_tabs == 0,
        duration_ms,
        text: String::new(),
    };
    summary.text = result_text(&summary);
    let data = json!({
        "removed": removed,
        "failed": failed,
        "unsupported": unsupported,
        "requested": { "items": ids.len(), "cookies": plan.cookies.len(), "storage": plan.storage.len() },
        "details": details,
        "kept": plan.kept,
        "residue": { "cookies": residue_cookies, "storage": residue_storage, "names": residue },
        "unverifiedOrigins": unverified,
        "notChecked": not_checked
            .iter()
            .map(|u| json!({ "what": u.what, "permission": u.permission, "explanation": u.what.explanation() }))
            .collect::<Vec<_>>(),
        "openTabs": outcome.open_tabs,
        "trigger": plan.trigger,
        "mode": plan.mode,
        "startedAt": rfc3339(started_ms),
        "finishedAt": rfc3339(finished_ms),
        "durationMs": duration_ms,
    });
    Ok((data, summary))
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(MAX_ERROR_LEN) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn result_text(s: &ResultSummary) -> String {
    let mut text = format!(
        "Removed {} and {}",
        plural(s.removed_cookies, "cookie", "cookies"),
        plural(s.storage_areas_cleared, "storage area", "storage areas")
    );
    // "Nothing left behind" only from a check that looked everywhere.
    let looked_everywhere = s.unverified_origins.is_empty() && s.not_checked.is_empty();
    if s.residue.is_empty() && looked_everywhere {
        text.push_str("; nothing left behind.");
    } else if s.residue.is_empty() {
        text.push_str("; nothing found again where it could look.");
    } else {
        text.push_str(&format!("; still there: {}.", s.residue.join(", ")));
    }
    if s.failed > 0 {
        text.push_str(&format!(" {} could not be removed.", plural(s.failed, "item", "items")));
    }
    if !s.unverified_origins.is_empty() {
        text.push_str(&format!(" Storage not checked again on {}.", s.unverified_origins.join(", ")));
    }
    for u in &s.not_checked {
        text.push(' ');
        text.push_str(u.what.explanation());
        if let Some(p) = &u.permission {
            text.push_str(&format!(" The permission {p} (deep inspection) would allow it."));
        }
    }
    if s.open_tabs > 0 {
        text.push_str(" A tab of this site is still open: its scripts can put tracking back. Reload or close it.");
    }
    text
}

/// Something that may start an automatic cleanup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoEvent {
    /// The site's last open tab closed.
    LastTabClosed,
    /// The periodic alarm fired: time to check for idle sites.
    IdleCheck,
    /// The browser started.
    BrowserStart,
}

/// Whether `event` should clean `site` now. `last_activity_ms` is when a
/// page of the site was last open or active; `None` when nothing happened
/// since the last cleanup, so an idle check has nothing to clean.
pub fn auto_clean_due(site: &Site, event: AutoEvent, now: Millis, last_activity_ms: Option<Millis>) -> bool {
    if !site.enabled {
        return false;
    }
    match (site.auto_clean, event) {
        (AutoClean::LastTabClosed, AutoEvent::LastTabClosed) | (AutoClean::BrowserStart, AutoEvent::BrowserStart) => true,
        (AutoClean::Idle, AutoEvent::IdleCheck) => {
            let wait = i64::from(site.auto_clean_minutes.max(1)) * 60_000;
            last_activity_ms.is_some_and(|last| now.saturating_sub(last) >= wait)
        }
        _ => false,
    }
}

spelled!(Trigger { Manual => "manual", Message => "message", Automatic => "automatic" });
spelled!(DataType { LocalStorage => "localStorage", SessionStorage => "sessionStorage", IndexedDb => "indexedDB", CacheStorage => "cacheStorage", ServiceWorkers => "serviceWorkers", Cache => "cache" });
spelled!(KeepReason { KeepList => "keep-list", ConsentRefusal => "consent-refusal", SharedThirdParty => "shared-third-party", OtherPartition => "other-partition", OtherSite => "other-site", OtherSitesCookie => "other-sites-cookie", OtherStore => "other-store" });
spelled!(UncheckedKind { ThirdPartyPartitioned => "third-party-partitioned", HttpCache => "http-cache", Unopened => "unopened" });
spelled!(AutoEvent { LastTabClosed => "last-tab-closed", IdleCheck => "idle-check", BrowserStart => "browser-start" });

#[cfg(test)]
mod tests {
    use super::*;

    /// Each item's status is spelled as the entry description lists it.
    #[test]
    fn statuses_are_the_described_ones() {
        let all = [Status::Removed, Status::Failed, Status::NotAttempted, Status::StillPresent, Status::Unsupported];
        let words: Vec<String> = all.iter().map(|s| serde_json::to_value(s).unwrap().as_str().unwrap().to_owned()).collect();
        assert_eq!(words, crate::journal::entries::CLEANUP_STATUSES);
    }
    use crate::sites::SiteConfig;

    #[test]
    fn data_types_are_named_as_browsing_data_names_them() {
        // The journal's cleanup entries and the shim both use these names;
        // browsingData's DataTypeSet keys, as MDN lists them.
        let all = [
            (DataType::LocalStorage, "localStorage"),
            (DataType::SessionStorage, "sessionStorage"),
            (DataType::IndexedDb, "indexedDB"),
            (DataType::CacheStorage, "cacheStorage"),
            (DataType::ServiceWorkers, "serviceWorkers"),
            (DataType::Cache, "cache"),
        ];
        for (t, name) in all {
            assert_eq!(t.as_str(), name);
            assert_eq!(serde_json::to_value(t).unwrap(), name, "the wire name and as_str agree");
        }
    }

    #[test]
    fn origins_are_normalised_and_checked() {
        let o = |s: &str| Origin::parse(s).map(|o| o.to_string());
        assert_eq!(o("https://FindAJob.dwp.gov.uk:8443/").as_deref(), Some("https://findajob.dwp.gov.uk:8443"));
        assert_eq!(o("https://findajob.dwp.gov.uk:443").as_deref(), Some("https://findajob.dwp.gov.uk"));
        assert_eq!(o("http://[::1]:8080").as_deref(), Some("http://[::1]:8080"));
        assert_eq!(o("http://[::1]").as_deref(), Some("http://[::1]"));
        for bad in [
            "findajob.dwp.gov.uk",
            "ftp://x.example",
            "https://a.example/path",
            "https://u@a.example",
            "https://a.example:0",
            "https://a.example:99999",
            "https://",
        ] {
            assert_eq!(o(bad), None, "{bad}");
        }
    }

    #[test]
    fn ip_literal_sites_get_bracketed_origins() {
        let site = Site {
            id: "local".into(),
            name: "Local".into(),
            hosts: vec!["::1".into(), "127.0.0.1".into()],
            enabled: true,
            preset: None,
            keep: Vec::new(),
            auto_clean: AutoClean::Off,
            auto_clean_minutes: 30,
        };
        let summary = SiteSummary {
            site: crate::state::SiteRef { id: site.id.clone(), name: site.name.clone(), hosts: site.hosts.clone() },
            findings: Vec::new(),
            consent: ConsentState::unknown(),
            vendors: BTreeMap::new(),
            verdict: Default::default(),
        };
        let options = PlanOptions { known_origins: vec!["http://[::1]:8080".into()], ..PlanOptions::default() };
        let p = plan(&site, &summary, &[], 0, &options);
        assert_eq!(p.origins, ["http://[::1]:8080", "https://127.0.0.1"]);
        assert_eq!(p.partitions, ["https://127.0.0.1", "https://[::1]"]);
    }

    #[test]
    fn partition_keys_in_both_spellings() {
        assert_eq!(partition_site("https://dwp.gov.uk").as_deref(), Some("dwp.gov.uk"));
        assert_eq!(partition_site("(https,dwp.gov.uk)").as_deref(), Some("dwp.gov.uk"));
        assert_eq!(partition_site("https://dwp.gov.uk:8443").as_deref(), Some("dwp.gov.uk"));
    }

    #[test]
    fn session_ids_the_catalog_knows() {
        let cat = catalog::catalog();
        let is = |n: &str| cat.match_cookie(n).is_some_and(|m| is_session_id(&m));
        for n in ["JSESSIONID", "PHPSESSID", "ASP.NET_SessionId", ".AspNetCore.Session", "connect.sid", "laravel_session"] {
            assert!(is(n), "{n}");
        }
        for n in ["AWSALB", "XSRF-TOKEN", "cf_clearance", "findajob_session", "_ga", "BIGipServerpool"] {
            assert!(!is(n), "{n}");
        }
    }

    #[test]
    fn automatic_modes() {
        let mut site = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap().sites.remove(0);
        let now = 10_000_000;
        assert!(!auto_clean_due(&site, AutoEvent::LastTabClosed, now, Some(0)));
        site.auto_clean = AutoClean::LastTabClosed;
        assert!(auto_clean_due(&site, AutoEvent::LastTabClosed, now, None));
        assert!(!auto_clean_due(&site, AutoEvent::BrowserStart, now, None));
        site.auto_clean = AutoClean::BrowserStart;
        assert!(auto_clean_due(&site, AutoEvent::BrowserStart, now, None));
        assert!(!auto_clean_due(&site, AutoEvent::IdleCheck, now, Some(0)));
        site.auto_clean = AutoClean::Idle;
        site.auto_clean_minutes = 30;
        assert!(!auto_clean_due(&site, AutoEvent::IdleCheck, now, Some(now - 29 * 60_000)));
        assert!(auto_clean_due(&site, AutoEvent::IdleCheck, now, Some(now - 30 * 60_000)));
        assert!(!auto_clean_due(&site, AutoEvent::IdleCheck, now, None));
        assert!(!auto_clean_due(&site, AutoEvent::LastTabClosed, now, Some(0)));
        site.auto_clean_minutes = 0;
        assert!(auto_clean_due(&site, AutoEvent::IdleCheck, now, Some(now - 60_000)));
        site.enabled = false;
        assert!(!auto_clean_due(&site, AutoEvent::IdleCheck, now, Some(0)));
    }

    #[test]
    fn wire_names() {
        assert_eq!(serde_json::to_value(DataType::IndexedDb).unwrap(), "indexedDB");
        assert_eq!(serde_json::to_value(KeepReason::ConsentRefusal).unwrap(), "consent-refusal");
        assert_eq!(serde_json::to_value(AutoEvent::IdleCheck).unwrap(), "idle-check");
        let o: PlanOptions = serde_json::from_str("{}").unwrap();
        assert_eq!(o, PlanOptions::default());
        assert!(o.clear_http_cache);
        assert!(serde_json::from_str::<PlanOptions>(r#"{"removeEverything":true}"#).is_err());
    }

    #[test]
    fn long_errors_are_cut() {
        let long = "é".repeat(MAX_ERROR_LEN + 10);
        assert_eq!(truncate(&long).chars().count(), MAX_ERROR_LEN + 1);
        assert_eq!(truncate("short"), "short");
    }
}
