//! The nouns of the domain: what the browser observes, and what the core
//! concludes about it.
//!
//! Observations come from websites through the browser shim, so every string
//! in them is hostile until proven otherwise: the core stores and compares
//! them, it never interprets them. Field names here are public contracts
//! (runtime messages and evidence files use them), documented in
//! `docs/messages.md` and `docs/evidence-format.md`.

use crate::vocab::spelled;
use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC. The core never reads a clock:
/// every caller passes the time in.
pub type Millis = i64;

/// Whether something belongs to the site being visited or to somebody else,
/// decided by registrable domain (public suffix list + one label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// Same registrable domain as one of the site's configured hosts.
    First,
    /// Any other registrable domain.
    Third,
}

/// What a tracker or cookie is for. A closed list: anything the catalog does
/// not know is [`Category::Unknown`], never a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Needed for the service to work (sessions, CSRF, load balancing).
    Essential,
    /// Remembers choices such as language; not needed for the service.
    Functional,
    /// Records the user's cookie-consent decision.
    Consent,
    /// Measures visits and behaviour.
    Analytics,
    /// Ad targeting, conversion tracking, retargeting.
    Advertising,
    /// Social-network widgets and pixels.
    Social,
    /// Records mouse, keyboard and scrolling to replay the visit.
    SessionReplay,
    /// Identifies the browser from its characteristics.
    Fingerprinting,
    /// Sends what the user types before the form is sent (a behaviour
    /// verdict, never a catalog category).
    KeyLogging,
    /// Real-user monitoring of speed and errors (RUM, APM).
    PerformanceMonitoring,
    /// Loads other tags (Google Tag Manager, Adobe Launch).
    TagManager,
    /// Not in the catalog.
    Unknown,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 12] = [
        Category::Essential,
        Category::Functional,
        Category::Consent,
        Category::Analytics,
        Category::Advertising,
        Category::Social,
        Category::SessionReplay,
        Category::Fingerprinting,
        Category::KeyLogging,
        Category::PerformanceMonitoring,
        Category::TagManager,
        Category::Unknown,
    ];

    /// The wire name (`"session-replay"`), also the `_locales` key suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Essential => "essential",
            Category::Functional => "functional",
            Category::Consent => "consent",
            Category::Analytics => "analytics",
            Category::Advertising => "advertising",
            Category::Social => "social",
            Category::SessionReplay => "session-replay",
            Category::Fingerprinting => "fingerprinting",
            Category::KeyLogging => "key-logging",
            Category::PerformanceMonitoring => "performance-monitoring",
            Category::TagManager => "tag-manager",
            Category::Unknown => "unknown",
        }
    }

    /// Whether this category needs the user's consent under UK PECR / GDPR
    /// practice, so that its presence while consent is refused or missing
    /// is a breach worth flagging.
    pub fn needs_consent(self) -> bool {
        matches!(self, Category::Analytics | Category::Advertising | Category::SessionReplay)
    }
}

/// The three kinds of thing a finding can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// A cookie in the site's context.
    Cookie,
    /// A web-storage key, IndexedDB database, cache or service worker.
    Storage,
    /// A request to a third-party host.
    Request,
    /// Something a script did: fingerprinting, session replay, key-logging
    /// (see [`crate::behaviour`]).
    Behaviour,
}

/// `SameSite` attribute as the browsers report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SameSite {
    /// `SameSite=None`.
    NoRestriction,
    /// `SameSite=Lax`.
    Lax,
    /// `SameSite=Strict`.
    Strict,
    /// Not set (Chrome) or unknown.
    #[default]
    Unspecified,
}

/// A cookie as the browser's cookie API reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CookieObservation {
    /// Cookie name.
    pub name: String,
    /// Cookie value: never stored in clear unless the user asks (see journal).
    #[serde(default)]
    pub value: String,
    /// Domain as reported: `.dwp.gov.uk` for domain cookies, the bare host for
    /// host-only ones.
    pub domain: String,
    /// Path attribute.
    #[serde(default = "root_path")]
    pub path: String,
    /// True when the cookie has no `Domain` attribute.
    #[serde(default)]
    pub host_only: bool,
    /// `Secure` attribute.
    #[serde(default)]
    pub secure: bool,
    /// `HttpOnly` attribute.
    #[serde(default)]
    pub http_only: bool,
    /// `SameSite` attribute.
    #[serde(default)]
    pub same_site: SameSite,
    /// Expiry in seconds since the epoch; `None` for a session cookie.
    #[serde(default)]
    pub expiration_date: Option<f64>,
    /// Top-level site of the partition (CHIPS / Total Cookie Protection),
    /// e.g. `https://dwp.gov.uk`; `None` for unpartitioned cookies.
    #[serde(default)]
    pub partition_key: Option<String>,
    /// Browser cookie store id (containers, incognito).
    #[serde(default)]
    pub store_id: Option<String>,
}

/// The path a cookie has when none is given.
pub(crate) fn root_path() -> String {
    "/".to_owned()
}

impl CookieObservation {
    /// A cookie with the attributes most cookies have: path `/`, `Secure`,
    /// `SameSite=Lax`, not `HttpOnly`, a session cookie, unpartitioned, in
    /// the default store; host-only unless `domain` starts with a dot. Set
    /// other fields with struct update syntax.
    pub fn new(name: &str, value: &str, domain: &str) -> Self {
        CookieObservation {
            name: name.into(),
            value: value.into(),
            domain: domain.into(),
            path: root_path(),
            host_only: !domain.starts_with('.'),
            secure: true,
            http_only: false,
            same_site: SameSite::Lax,
            expiration_date: None,
            partition_key: None,
            store_id: None,
        }
    }

    /// The domain without its leading dot, lowercased.
    pub fn bare_domain(&self) -> String {
        self.domain.trim_start_matches('.').to_ascii_lowercase()
    }
}

/// The storage areas a content script or the shim can enumerate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StorageArea {
    /// `window.localStorage`.
    Local,
    /// `window.sessionStorage`.
    Session,
    /// An IndexedDB database (the key is its name).
    IndexedDb,
    /// A Cache Storage cache (the key is its name).
    CacheStorage,
    /// A service-worker registration (the key is its scope).
    ServiceWorker,
}

impl StorageArea {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageArea::Local => "local",
            StorageArea::Session => "session",
            StorageArea::IndexedDb => "indexed-db",
            StorageArea::CacheStorage => "cache-storage",
            StorageArea::ServiceWorker => "service-worker",
        }
    }
}

/// One storage item seen by the content script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorageObservation {
    /// Which area.
    pub area: StorageArea,
    /// Host of the origin that owns the item (`findajob.dwp.gov.uk`).
    pub host: String,
    /// Key, database name, cache name or service-worker scope.
    pub key: String,
    /// Size in bytes (key + value for web storage; 0 where unknown).
    #[serde(default)]
    pub size: u64,
    /// Value, for web storage only; redacted like cookie values.
    #[serde(default)]
    pub value: Option<String>,
    /// Origin of the page that reported it, with its port
    /// (`https://findajob.dwp.gov.uk:8443`), so cleanup can address it.
    #[serde(default)]
    pub origin: Option<String>,
    /// The page's key or value held a lone UTF-16 surrogate, replaced by
    /// U+FFFD before it was sent; `size` counts the original's UTF-16 code
    /// units, which the replacement keeps.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repaired: bool,
    /// The value was longer than the content script sends, and only its
    /// start was sent; `size` is the whole item's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// Reads each value as a `T` on its own, so that one item the core cannot
/// read is skipped without taking its neighbours down. Returns the items
/// read and how many were not.
pub fn read_each<T: serde::de::DeserializeOwned>(values: Vec<serde_json::Value>) -> (Vec<T>, usize) {
    let total = values.len();
    let read: Vec<T> = values.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect();
    let bad = total - read.len();
    (read, bad)
}

/// How a third-party request was made, from Resource Timing's
/// `initiatorType` or webRequest's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestType {
    /// `<script>`.
    Script,
    /// `navigator.sendBeacon` or `<a ping>`.
    Beacon,
    /// An image, typically a tracking pixel.
    Image,
    /// `fetch` or `XMLHttpRequest`.
    Xhr,
    /// An `<iframe>`.
    Frame,
    /// Anything else (stylesheet, font, media...).
    Other,
}

/// A request from one of the site's pages to some host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestObservation {
    /// Host contacted.
    pub host: String,
    /// How it was made.
    pub request_type: RequestType,
    /// Path of the URL without query (queries can carry personal data).
    #[serde(default)]
    pub path: String,
    /// Host of the page that made it.
    #[serde(default)]
    pub page_host: String,
    /// What an imported filter list said of it, when the catalog does not
    /// know the host (see docs/filter-lists.md).
    #[serde(default)]
    pub filter_match: Option<FilterMatch>,
}

/// A request matched by a filter list the user imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FilterMatch {
    /// The list's name, as the user gave it on import.
    pub list: String,
    /// The filter that matched, as written in the list.
    pub filter: String,
    /// What the user said the list blocks (`analytics` for a tracking list
    /// such as EasyPrivacy, `advertising` for an ad list).
    pub category: Category,
}

/// Anything the browser shim can report about a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Observation {
    /// A cookie exists now (set or changed).
    Cookie(CookieObservation),
    /// A storage item exists now.
    Storage(StorageObservation),
    /// A request was made.
    Request(RequestObservation),
}

/// The verdict of the catalog on one observation, before it is merged into
/// a site's live state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Classification {
    /// Catalog vendor id (`google-analytics`), or `None` when unknown.
    pub vendor: Option<String>,
    /// Category from the catalog; `Unknown` when no rule matched.
    pub category: Category,
    /// First or third party relative to the site.
    pub party: Party,
    /// Which rule decided: `cookie-pattern:_ga_<id>`, `domain:hotjar.com`,
    /// `filter-list:EasyPrivacy`, or `no-match`.
    pub reason: String,
}

spelled!(Party { First => "first", Third => "third" });
spelled!(Category { Essential => "essential", Functional => "functional", Consent => "consent", Analytics => "analytics", Advertising => "advertising", Social => "social", SessionReplay => "session-replay", Fingerprinting => "fingerprinting", KeyLogging => "key-logging", PerformanceMonitoring => "performance-monitoring", TagManager => "tag-manager", Unknown => "unknown" });
spelled!(FindingKind { Cookie => "cookie", Storage => "storage", Request => "request", Behaviour => "behaviour" });
spelled!(SameSite { NoRestriction => "no_restriction", Lax => "lax", Strict => "strict", Unspecified => "unspecified" });
spelled!(StorageArea { Local => "local", Session => "session", IndexedDb => "indexed-db", CacheStorage => "cache-storage", ServiceWorker => "service-worker" });
spelled!(RequestType { Script => "script", Beacon => "beacon", Image => "image", Xhr => "xhr", Frame => "frame", Other => "other" });
