//! Configured sites: which hosts the user watches, with presets, host
//! matching, validation and the versioned settings file.
//!
//! Owns the user's configuration and nothing else: it does not know what
//! was observed (see [`crate::state`]) nor how permissions are requested
//! (the extension shim asks the browser for [`Site::permission_origins`]).

pub mod controllers;
pub mod diary;
pub mod presets;
mod stored;

pub use stored::StoredConfig;

use crate::vocab::spelled;
use serde::{Deserialize, Serialize};

use crate::domain;
use crate::error::{Error, ErrorKind, Result};

/// The `format` field of a settings file.
pub const SETTINGS_FORMAT: &str = "tracking-witness/settings";
/// The settings-file version this build writes and the newest it reads.
pub const SETTINGS_VERSION: u32 = 1;

/// When a site is cleaned without the user clicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AutoClean {
    /// Only when the user asks.
    #[default]
    Off,
    /// When the site's last open tab closes.
    LastTabClosed,
    /// After the site has had no activity for `autoCleanMinutes`.
    Idle,
    /// When the browser starts.
    BrowserStart,
}

/// One watched site: a name and the host patterns that belong to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Site {
    /// Stable id (a preset id, or a slug made from the name).
    pub id: String,
    /// Name shown to the user.
    pub name: String,
    /// Host patterns: `findajob.dwp.gov.uk`, or `*.dwp.gov.uk` for a domain
    /// and all its subdomains. Normalised and validated.
    pub hosts: Vec<String>,
    /// Disabled sites are kept but not watched.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The preset this site came from, if any.
    #[serde(default)]
    pub preset: Option<String>,
    /// Cookie and storage names that cleanup keeps (e.g. the session cookie).
    #[serde(default)]
    pub keep: Vec<String>,
    /// Automatic cleanup mode.
    #[serde(default)]
    pub auto_clean: AutoClean,
    /// Minutes of inactivity before an `idle` cleanup.
    #[serde(default = "default_idle")]
    pub auto_clean_minutes: u32,
}

fn yes() -> bool {
    true
}

fn default_idle() -> u32 {
    30
}

impl Site {
    /// Whether `host` (already normalised) belongs to this site.
    pub fn matches_host(&self, host: &str) -> bool {
        self.hosts.iter().any(|p| pattern_matches(p, host))
    }

    /// How narrowly this site's patterns cover `host`, or `None` when none
    /// does. A larger rank is narrower: an exact host outranks every
    /// wildcard, and `*.findajob.dwp.gov.uk` outranks `*.dwp.gov.uk`. When
    /// two sites both cover a host, the one with the larger rank owns it.
    pub fn match_rank(&self, host: &str) -> Option<usize> {
        self.hosts.iter().filter(|p| pattern_matches(p, host)).map(|p| pattern_rank(p)).max()
    }

    /// Plain host names of the site (wildcards without their `*.`), used
    /// for first/third-party decisions.
    pub fn base_hosts(&self) -> Vec<String> {
        self.hosts.iter().map(|p| p.trim_start_matches("*.").to_owned()).collect()
    }

    /// Whether a cookie with this bare domain applies to the site: set on one
    /// of its hosts, on a parent domain of one (`.dwp.gov.uk` for
    /// `findajob.dwp.gov.uk`), or on a subdomain a wildcard covers.
    pub fn cookie_domain_applies(&self, bare_domain: &str) -> bool {
        self.hosts.iter().any(|p| match p.strip_prefix("*.") {
            Some(base) => domain::domain_matches(base, bare_domain) || domain::domain_matches(bare_domain, base),
            None => domain::domain_matches(bare_domain, p),
        })
    }

    /// The registrable domains the site's hosts live under.
    pub fn registrable_domains(&self) -> Vec<String> {
        let mut out: Vec<String> = self.base_hosts().iter().map(|h| domain::registrable_domain(h)).collect();
        out.sort();
        out.dedup();
        out
    }

    /// Host-permission match patterns the browser must grant so the
    /// extension sees the site's cookies, including those on its parent
    /// domain (`*://*.dwp.gov.uk/*`). Both schemes: the browsers show an
    /// extension a cookie without `Secure` only with access to the `http:`
    /// address, and real SDKs (Mixpanel by default) set such cookies on
    /// `https:` pages.
    pub fn permission_origins(&self) -> Vec<String> {
        self.registrable_domains().into_iter().map(|d| format!("*://*.{d}/*")).collect()
    }
}

/// Whether the host `pattern` covers `host`.
pub fn pattern_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(base) => domain::domain_matches(base, host),
        None => pattern == host,
    }
}

/// The rank of one pattern (see [`Site::match_rank`]). Two patterns that
/// both cover a host are nested, so the longer base is the narrower one.
fn pattern_rank(pattern: &str) -> usize {
    match pattern.strip_prefix("*.") {
        Some(base) => base.len(),
        None => usize::MAX,
    }
}

/// Whether some host is covered by both patterns.
fn patterns_overlap(a: &str, b: &str) -> bool {
    match (a.strip_prefix("*."), b.strip_prefix("*.")) {
        (Some(x), Some(y)) => domain::domain_matches(x, y) || domain::domain_matches(y, x),
        (Some(_), None) => pattern_matches(a, b),
        (None, Some(_)) => pattern_matches(b, a),
        (None, None) => a == b,
    }
}

/// One pattern of a site that covers some of the same hosts as a pattern
/// of another site, shown to the user when the site is added or edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overlap {
    /// This site's pattern.
    pub pattern: String,
    /// The other site's id.
    pub other_site: String,
    /// The other site's name, as the user gave it.
    pub other_name: String,
    /// The other site's pattern.
    pub other_pattern: String,
    /// Which site the shared hosts go to: `"this"` when this site's pattern
    /// is the narrower one, `"other"` when the other's is, `"first"` when
    /// they are equally narrow and the site listed first keeps them.
    pub shared_hosts_go_to: &'static str,
}

/// Checks and normalises a host pattern typed by a user or read from a file.
pub fn normalize_pattern(raw: &str) -> Result<String> {
    let trimmed = raw.trim();
    let bad = |why: &str| Error::new(ErrorKind::InvalidPattern, format!("{trimmed:?} is not a usable site address: {why}"));
    if trimmed.is_empty() {
        return Err(bad("it is empty"));
    }
    // People paste whole addresses; keep only the host part.
    let without_scheme = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    let host_part = without_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let (wild, host) = match host_part.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, host_part),
    };
    if host.contains('*') {
        return Err(bad("a * is only allowed at the start, as in *.example.gov.uk"));
    }
    let host = domain::normalize_host(host).ok_or_else(|| bad("it is not a host name"))?;
    if domain::is_public_suffix(&host) {
        return Err(bad("it is a whole public domain such as gov.uk, shared by unrelated sites"));
    }
    if wild && host.parse::<std::net::IpAddr>().is_ok() {
        return Err(bad("an IP address cannot have subdomains"));
    }
    Ok(if wild { format!("*.{host}") } else { host })
}

/// The user's configuration: watched sites and the settings in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SiteConfig {
    /// Watched sites.
    #[serde(default)]
    pub sites: Vec<Site>,
    /// The user granted wide host access to see third-party cookie jars.
    #[serde(default)]
    pub deep_inspection: bool,
    /// Keep cookie and storage values in clear in the journal (off by default).
    #[serde(default)]
    pub keep_raw_values: bool,
    /// Watch private windows too (off by default). Takes effect only where
    /// the user has also allowed the extension in private windows in the
    /// browser's own settings; without both, nothing from a private window
    /// is journaled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub watch_private_windows: bool,
    /// The first-run choice of presets was made.
    #[serde(default)]
    pub onboarded: bool,
    /// Show a notification after an automatic cleanup.
    #[serde(default = "yes")]
    pub notify_auto_clean: bool,
    /// The language the user chose for the extension's pages, notifications
    /// and reports; `None` follows the browser's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Keep the work-search diary (off until the user turns it on; see
    /// [`crate::diary`]).
    #[serde(default)]
    pub diary: bool,
    /// The RFC 3161 timestamp authority the user named (an `https://` or
    /// `http://` URL), or none: trusted timestamps are off until the user
    /// names one, and even then a request is made only when the user
    /// presses a button (see [`crate::timestamp`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_authority: Option<String>,
}

/// The longest timestamp authority URL accepted.
pub const MAX_AUTHORITY_URL: usize = 500;

/// Checks a timestamp authority's URL as the user typed it: `https://` or
/// `http://` (many authorities answer on plain HTTP; the token is signed,
/// and only a hash is sent), then a host name, printable ASCII only, no
/// `@` (a user name or password) and no `#`. Returns it with surrounding
/// spaces trimmed. (Kept small: this runs in the main module.)
pub fn check_authority_url(url: &str) -> Result<String> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or("");
    let host_len = rest.find(['/', '?', ':']).unwrap_or(rest.len());
    if url.len() <= MAX_AUTHORITY_URL && host_len > 0 && url.bytes().all(|b| b.is_ascii_graphic() && b != b'@' && b != b'#') {
        Ok(url.to_owned())
    } else {
        Err(Error::new(
            ErrorKind::InvalidInput,
            "a timestamp authority's address is an https:// or http:// address with a host name, without spaces, @ or #",
        ))
    }
}

/// A language the extension is translated into (`extension/_locales/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English.
    En,
    /// Welsh (Cymraeg).
    Cy,
}

impl Language {
    /// The locale folder's name, as in `_locales/cy`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Cy => "cy",
        }
    }
}

/// The longest site id a settings file may give.
pub const MAX_SITE_ID: usize = 200;

/// Whether `id` can be a site id: 1 to [`MAX_SITE_ID`] lowercase ASCII
/// letters, digits and dashes, as presets and [`SiteConfig::add_site`]
/// make them. Ids become parts of stored keys, so nothing else is allowed.
pub fn valid_site_id(id: &str) -> bool {
    (1..=MAX_SITE_ID).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What importing a settings file would change, shown to the user before
/// anything changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDiff {
    /// Sites the file adds: `[id, name, hosts]`.
    pub added: Vec<(String, String, Vec<String>)>,
    /// Sites the file does not have, which the import removes: `[id, name]`.
    pub removed: Vec<(String, String)>,
    /// Sites in both whose settings differ: `[id, name]`.
    pub changed: Vec<(String, String)>,
    /// Global options that change: `[name, before, after]`.
    pub options: Vec<(String, bool, bool)>,
    /// Options the import switches on that need the user's explicit
    /// confirmation: `keepRawValues` (values then kept in clear),
    /// `deepInspection` (wide host access) and `diary` (a record of the
    /// user's job search).
    pub confirm: Vec<String>,
}

/// A settings file as written by [`SiteConfig::to_settings_file`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SettingsFile {
    format: String,
    version: u32,
    settings: serde_json::Value,
}

impl SiteConfig {
    /// Changes one setting by its name in the `settings.update` message:
    /// `deepInspection`, `keepRawValues`, `notifyAutoClean` and `diary` take a
    /// boolean, `language` takes `"en"`, `"cy"` or `null` (follow the
    /// browser), `timestampAuthority` an address ([`check_authority_url`])
    /// or `null` (none). Anything else is refused and nothing changes.
    pub fn set_option(&mut self, name: &str, value: &serde_json::Value) -> Result<()> {
        let bad = |what: &str| Error::new(ErrorKind::InvalidInput, format!("{name} must be {what}"));
        let flag = || value.as_bool().ok_or_else(|| bad("true or false"));
        match name {
            "deepInspection" => self.deep_inspection = flag()?,
            "keepRawValues" => self.keep_raw_values = flag()?,
            "notifyAutoClean" => self.notify_auto_clean = flag()?,
            "watchPrivateWindows" => self.watch_private_windows = flag()?,
            "diary" => self.diary = flag()?,
            "timestampAuthority" => {
                self.timestamp_authority = match value {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(u) if u.trim().is_empty() => None,
                    serde_json::Value::String(u) => Some(check_authority_url(u)?),
                    _ => return Err(bad("an https:// or http:// address, or null")),
                }
            }
            "language" => {
                self.language = match value {
                    serde_json::Value::Null => None,
                    v => Some(serde_json::from_value(v.clone()).map_err(|_| bad("\"en\", \"cy\" or null"))?),
                }
            }
            _ => return Err(Error::new(ErrorKind::InvalidInput, format!("{name:?} is not a setting"))),
        }
        Ok(())
    }

    /// A configuration watching the given presets.
    pub fn with_presets(ids: &[&str]) -> Result<SiteConfig> {
        let mut cfg = SiteConfig { notify_auto_clean: true, ..SiteConfig::default() };
        for id in ids {
            cfg.add_preset(id)?;
        }
        Ok(cfg)
    }

    /// Adds a preset site.
    pub fn add_preset(&mut self, id: &str) -> Result<&Site> {
        let p = presets::preset(id).ok_or_else(|| Error::new(ErrorKind::UnknownSite, format!("there is no preset called {id:?}")))?;
        if self.sites.iter().any(|s| s.id == p.id) {
            return Err(Error::new(ErrorKind::DuplicateSite, format!("{} is already watched", p.name)));
        }
        let site = Site {
            id: p.id.to_owned(),
            name: p.name.to_owned(),
            hosts: p.hosts.iter().map(|h| (*h).to_owned()).collect(),
            enabled: true,
            preset: Some(p.id.to_owned()),
            keep: Vec::new(),
            auto_clean: AutoClean::Off,
            auto_clean_minutes: default_idle(),
        };
        self.sites.push(site);
        Ok(self.sites.last().expect("just pushed"))
    }

    /// Adds a site the user typed in. Nothing changes on error.
    pub fn add_site(&mut self, name: &str, hosts: &[String]) -> Result<&Site> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::new(ErrorKind::InvalidInput, "the site needs a name"));
        }
        let hosts = self.checked_hosts(hosts, None)?;
        let id = self.fresh_id(name);
        self.sites.push(Site {
            id,
            name: name.to_owned(),
            hosts,
            enabled: true,
            preset: None,
            keep: Vec::new(),
            auto_clean: AutoClean::Off,
            auto_clean_minutes: default_idle(),
        });
        Ok(self.sites.last().expect("just pushed"))
    }

    /// Replaces a site's editable fields after validating them. Nothing
    /// changes on error.
    pub fn update_site(&mut self, updated: Site) -> Result<&Site> {
        let idx = self.index_of(&updated.id)?;
        let hosts = self.checked_hosts(&updated.hosts, Some(&updated.id))?;
        if updated.name.trim().is_empty() {
            return Err(Error::new(ErrorKind::InvalidInput, "the site needs a name"));
        }
        if updated.auto_clean == AutoClean::Idle && updated.auto_clean_minutes == 0 {
            return Err(Error::new(ErrorKind::InvalidInput, "idle cleanup needs at least one minute"));
        }
        let site = &mut self.sites[idx];
        *site = Site { hosts, name: updated.name.trim().to_owned(), ..updated };
        Ok(&self.sites[idx])
    }

    /// Removes a site, returning it.
    pub fn remove_site(&mut self, id: &str) -> Result<Site> {
        let idx = self.index_of(id)?;
        Ok(self.sites.remove(idx))
    }

    /// The site with that id.
    pub fn site(&self, id: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.id == id)
    }

    /// The enabled site a page host belongs to. When several sites cover
    /// the host, the most specific pattern wins (see [`Site::match_rank`]);
    /// between equally specific ones, the site listed first.
    pub fn site_for_host(&self, host: &str) -> Option<&Site> {
        let host = domain::normalize_host(host)?;
        self.sites
            .iter()
            .filter(|s| s.enabled)
            .filter_map(|s| Some((s.match_rank(&host)?, s)))
            .min_by_key(|(rank, _)| std::cmp::Reverse(*rank))
            .map(|(_, s)| s)
    }

    /// Where the site's patterns overlap another site's, and which site
    /// gets the hosts they share. Empty for an unknown id.
    pub fn overlaps(&self, id: &str) -> Vec<Overlap> {
        let Some(pos) = self.sites.iter().position(|s| s.id == id) else { return Vec::new() };
        let site = &self.sites[pos];
        let mut out = Vec::new();
        for (other_pos, other) in self.sites.iter().enumerate().filter(|(i, _)| *i != pos) {
            for mine in &site.hosts {
                for theirs in other.hosts.iter().filter(|t| patterns_overlap(mine, t)) {
                    let shared_hosts_go_to = match pattern_rank(mine).cmp(&pattern_rank(theirs)) {
                        std::cmp::Ordering::Greater => "this",
                        std::cmp::Ordering::Less => "other",
                        std::cmp::Ordering::Equal if pos < other_pos => "this",
                        std::cmp::Ordering::Equal => "other",
                    };
                    out.push(Overlap {
                        pattern: mine.clone(),
                        other_site: other.id.clone(),
                        other_name: other.name.clone(),
                        other_pattern: theirs.clone(),
                        shared_hosts_go_to,
                    });
                }
            }
        }
        out
    }

    /// Enabled sites a cookie with this bare domain applies to.
    pub fn sites_for_cookie_domain<'a>(&'a self, bare_domain: &'a str) -> impl Iterator<Item = &'a Site> + 'a {
        self.sites.iter().filter(move |s| s.enabled && s.cookie_domain_applies(bare_domain))
    }

    /// Registrable domains of the enabled sites, sorted, without repeats:
    /// where to ask the browser for their cookies.
    pub fn watched_domains(&self) -> Vec<String> {
        self.enabled_union(Site::registrable_domains)
    }

    /// Host permissions the enabled sites need, sorted, without repeats.
    pub fn permission_origins(&self) -> Vec<String> {
        self.enabled_union(Site::permission_origins)
    }

    fn enabled_union(&self, of: impl Fn(&Site) -> Vec<String>) -> Vec<String> {
        let mut all: Vec<String> = self.sites.iter().filter(|s| s.enabled).flat_map(of).collect();
        all.sort();
        all.dedup();
        all
    }

    /// Serialises to a versioned settings file.
    pub fn to_settings_file(&self) -> String {
        let file = SettingsFile {
            format: SETTINGS_FORMAT.to_owned(),
            version: SETTINGS_VERSION,
            settings: serde_json::to_value(self).expect("config serialises"),
        };
        serde_json::to_string_pretty(&file).expect("settings serialise")
    }

    /// Reads a settings file, refusing anything malformed or from a newer
    /// version with a message a person can act on.
    pub fn from_settings_file(text: &str) -> Result<SiteConfig> {
        let file: SettingsFile = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("this is not a Tracking Witness settings file ({e})")))?;
        if file.format != SETTINGS_FORMAT {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("this file's format is {:?}, not a Tracking Witness settings file", file.format),
            ));
        }
        if file.version > SETTINGS_VERSION {
            return Err(Error::new(
                ErrorKind::UnsupportedVersion,
                format!("this settings file is version {}, made by a newer Tracking Witness; this one reads up to version {SETTINGS_VERSION}. Update the extension first.", file.version),
            ));
        }
        if file.version == 0 {
            return Err(Error::new(ErrorKind::InvalidInput, "settings file version 0 does not exist"));
        }
        let cfg: SiteConfig = serde_json::from_value(file.settings)
            .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("the settings in this file are not valid: {e}")))?;
        let mut checked = SiteConfig { sites: Vec::new(), ..cfg.clone() };
        for site in cfg.sites {
            if !valid_site_id(&site.id) {
                let shown = crate::untrusted::visible(crate::untrusted::clip(&site.id, 80).0).into_owned();
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!("a site in the file has the id {shown:?}; ids are 1 to {MAX_SITE_ID} lowercase letters, digits and dashes"),
                ));
            }
            if checked.site(&site.id).is_some() {
                return Err(Error::new(ErrorKind::DuplicateSite, format!("the file lists site {:?} twice", site.id)));
            }
            let hosts = checked.checked_hosts(&site.hosts, Some(&site.id))?;
            checked.sites.push(Site { hosts, ..site });
        }
        Ok(checked)
    }

    /// What replacing this configuration with `incoming` would change.
    pub fn diff_to(&self, incoming: &SiteConfig) -> SettingsDiff {
        let mut d = SettingsDiff::default();
        for s in &incoming.sites {
            match self.site(&s.id) {
                None => d.added.push((s.id.clone(), s.name.clone(), s.hosts.clone())),
                Some(old) if old != s => d.changed.push((s.id.clone(), s.name.clone())),
                Some(_) => {}
            }
        }
        for s in &self.sites {
            if incoming.site(&s.id).is_none() {
                d.removed.push((s.id.clone(), s.name.clone()));
            }
        }
        let options = [
            ("keepRawValues", self.keep_raw_values, incoming.keep_raw_values),
            ("deepInspection", self.deep_inspection, incoming.deep_inspection),
            ("notifyAutoClean", self.notify_auto_clean, incoming.notify_auto_clean),
            ("watchPrivateWindows", self.watch_private_windows, incoming.watch_private_windows),
            ("diary", self.diary, incoming.diary),
        ];
        for (name, before, after) in options {
            if before != after {
                d.options.push((name.to_owned(), before, after));
                if after && name != "notifyAutoClean" {
                    d.confirm.push(name.to_owned());
                }
            }
        }
        d
    }

    fn index_of(&self, id: &str) -> Result<usize> {
        self.sites.iter().position(|s| s.id == id).ok_or_else(|| Error::new(ErrorKind::UnknownSite, format!("no site has the id {id:?}")))
    }

    fn checked_hosts(&self, hosts: &[String], own_id: Option<&str>) -> Result<Vec<String>> {
        if hosts.is_empty() {
            return Err(Error::new(ErrorKind::InvalidPattern, "a site needs at least one address"));
        }
        let mut out = Vec::with_capacity(hosts.len());
        for raw in hosts {
            let p = normalize_pattern(raw)?;
            if let Some(other) = self.sites.iter().find(|s| Some(s.id.as_str()) != own_id && s.hosts.contains(&p)) {
                return Err(Error::new(ErrorKind::DuplicateSite, format!("{p} already belongs to the site {:?}", other.name)));
            }
            if !out.contains(&p) {
                out.push(p);
            }
        }
        Ok(out)
    }

    fn fresh_id(&self, name: &str) -> String {
        let mut slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        while slug.contains("--") {
            slug = slug.replace("--", "-");
        }
        let slug = slug.trim_matches('-');
        let base = if slug.is_empty() { "site".to_owned() } else { format!("user-{slug}") };
        let mut id = base.clone();
        let mut n = 2;
        while self.site(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

spelled!(AutoClean { Off => "off", LastTabClosed => "last-tab-closed", Idle => "idle", BrowserStart => "browser-start" });
spelled!(Language { En => "en", Cy => "cy" });

#[cfg(test)]
mod tests {
    use super::*;

    // The actions module writes the settings file from the stored
    // configuration the main module hands it: the same file as from the
    // configuration itself.
    #[test]
    fn a_settings_file_from_the_stored_configuration_is_the_same_file() {
        use serde_json::json;
        let mut cfg = SiteConfig::with_presets(&["uk-find-a-job", "uk-universal-credit"]).unwrap();
        cfg.add_site("My council", &["council.example".to_owned(), "*.council.example".to_owned()]).unwrap();
        cfg.sites[0].keep = vec!["JSESSIONID".to_owned()];
        cfg.sites[1].enabled = false;
        cfg.sites[1].auto_clean = AutoClean::Idle;
        cfg.sites[1].auto_clean_minutes = 45;
        cfg.set_option("keepRawValues", &json!(true)).unwrap();
        cfg.set_option("language", &json!("cy")).unwrap();
        cfg.onboarded = true;
        for stored in [StoredConfig::fresh(cfg.clone()), StoredConfig::read(r#"{"futureField":1,"sites":[]}"#).unwrap()] {
            let read = StoredConfig::read(&stored.write(&cfg)).unwrap();
            assert_eq!(read.config.to_settings_file(), cfg.to_settings_file());
        }
    }

    #[test]
    fn settings_change_by_name_and_refuse_wrong_values() {
        use serde_json::json;
        let mut cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
        cfg.set_option("keepRawValues", &json!(true)).unwrap();
        assert!(cfg.keep_raw_values);
        assert!(!serde_json::to_string(&cfg).unwrap().contains("watchPrivateWindows"), "off is not written");
        cfg.set_option("watchPrivateWindows", &json!(true)).unwrap();
        assert!(cfg.watch_private_windows);
        cfg.set_option("watchPrivateWindows", &json!(false)).unwrap();
        cfg.set_option("language", &json!("cy")).unwrap();
        assert_eq!(cfg.language, Some(Language::Cy));
        let text = serde_json::to_string(&cfg).unwrap();
        assert!(text.contains(r#""language":"cy""#), "{text}");
        assert_eq!(serde_json::from_str::<SiteConfig>(&text).unwrap(), cfg);
        let before = cfg.clone();
        for (name, value) in [("language", json!("fr")), ("language", json!(true)), ("keepRawValues", json!("yes")), ("colour", json!(1))] {
            let err = cfg.set_option(name, &value).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name} = {value}");
            assert_eq!(cfg, before, "a refused {name} changed nothing");
        }
        cfg.set_option("language", &json!(null)).unwrap();
        assert_eq!(cfg.language, None);
        assert!(!serde_json::to_string(&cfg).unwrap().contains("language"), "no choice is not written");
    }

    #[test]
    fn presets_load_and_match_their_hosts() {
        let cfg = SiteConfig::with_presets(&["uk-find-a-job", "uk-universal-credit"]).unwrap();
        assert_eq!(cfg.site_for_host("findajob.dwp.gov.uk").unwrap().id, "uk-find-a-job");
        assert_eq!(cfg.site_for_host("FindAJob.DWP.gov.uk.").unwrap().id, "uk-find-a-job");
        assert!(cfg.site_for_host("www.gov.uk").is_none());
        assert_eq!(cfg.site("uk-find-a-job").unwrap().permission_origins(), vec!["*://*.dwp.gov.uk/*".to_owned()]);
    }

    // Issue 11: `*.dwp.gov.uk` listed first must not swallow Find a job.
    #[test]
    fn the_most_specific_pattern_wins_whatever_the_order() {
        let mut cfg = SiteConfig::default();
        cfg.add_site("All of DWP", &["*.dwp.gov.uk".to_owned()]).unwrap();
        cfg.add_site("Find a job", &["findajob.dwp.gov.uk".to_owned()]).unwrap();
        cfg.add_site("Jobs area", &["*.jobs.dwp.gov.uk".to_owned()]).unwrap();
        let owner = |c: &SiteConfig, h: &str| c.site_for_host(h).map(|s| s.name.clone());
        assert_eq!(owner(&cfg, "findajob.dwp.gov.uk").as_deref(), Some("Find a job"));
        assert_eq!(owner(&cfg, "x.jobs.dwp.gov.uk").as_deref(), Some("Jobs area"));
        assert_eq!(owner(&cfg, "account.dwp.gov.uk").as_deref(), Some("All of DWP"));
        assert_eq!(owner(&cfg, "dwp.gov.uk").as_deref(), Some("All of DWP"));
        cfg.sites.reverse();
        assert_eq!(owner(&cfg, "findajob.dwp.gov.uk").as_deref(), Some("Find a job"));
        assert_eq!(owner(&cfg, "x.jobs.dwp.gov.uk").as_deref(), Some("Jobs area"));
        // A disabled narrow site gives its hosts back to the wide one.
        cfg.sites.iter_mut().find(|s| s.name == "Find a job").unwrap().enabled = false;
        assert_eq!(owner(&cfg, "findajob.dwp.gov.uk").as_deref(), Some("All of DWP"));
    }

    #[test]
    fn overlaps_name_both_patterns_and_who_gets_the_shared_hosts() {
        let mut cfg = SiteConfig::default();
        let wide = cfg.add_site("All of DWP", &["*.dwp.gov.uk".to_owned()]).unwrap().id.clone();
        let narrow = cfg.add_site("Find a job", &["findajob.dwp.gov.uk".to_owned(), "www.example.org".to_owned()]).unwrap().id.clone();
        let other = cfg.add_site("Elsewhere", &["*.example.com".to_owned()]).unwrap().id.clone();
        let o = cfg.overlaps(&narrow);
        assert_eq!(o.len(), 1, "{o:?}");
        assert_eq!(
            (o[0].pattern.as_str(), o[0].other_pattern.as_str(), o[0].other_site.as_str()),
            ("findajob.dwp.gov.uk", "*.dwp.gov.uk", wide.as_str())
        );
        assert_eq!(o[0].shared_hosts_go_to, "this");
        let o = cfg.overlaps(&wide);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].shared_hosts_go_to, "other");
        assert!(cfg.overlaps(&other).is_empty());
        assert!(cfg.overlaps("no-such-site").is_empty());
        // Two nested wildcards overlap; siblings do not.
        let sub = cfg.add_site("Sub", &["*.a.dwp.gov.uk".to_owned()]).unwrap().id.clone();
        let sibling = cfg.add_site("Sibling", &["*.b.example.com".to_owned(), "c.example.com".to_owned()]).unwrap().id.clone();
        assert_eq!(cfg.overlaps(&sub).iter().map(|o| o.other_pattern.as_str()).collect::<Vec<_>>(), ["*.dwp.gov.uk"]);
        assert_eq!(
            cfg.overlaps(&sibling).iter().map(|o| (o.pattern.as_str(), o.shared_hosts_go_to)).collect::<Vec<_>>(),
            [("*.b.example.com", "this"), ("c.example.com", "this")]
        );
    }

    #[test]
    fn parent_domain_cookies_apply_but_siblings_do_not() {
        let cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
        let site = cfg.site("uk-find-a-job").unwrap();
        assert!(site.cookie_domain_applies("dwp.gov.uk"));
        assert!(site.cookie_domain_applies("findajob.dwp.gov.uk"));
        assert!(!site.cookie_domain_applies("account.dwp.gov.uk"));
        assert!(!site.cookie_domain_applies("google-analytics.com"));
    }

    #[test]
    fn bad_patterns_get_a_message_and_change_nothing() {
        let mut cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
        let before = cfg.clone();
        for bad in ["", "gov.uk", "*.co.uk", "find*.gov.uk", "exa mple.com", "*.127.0.0.1"] {
            let err = cfg.add_site("Mine", &[bad.to_owned()]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidPattern, "{bad}: {err}");
        }
        let dup = cfg.add_site("Again", &["findajob.dwp.gov.uk".to_owned()]).unwrap_err();
        assert_eq!(dup.kind(), ErrorKind::DuplicateSite);
        assert_eq!(cfg, before);
    }

    #[test]
    fn pasted_addresses_are_reduced_to_hosts() {
        assert_eq!(normalize_pattern("https://Jobs.Example.org/search?q=1").unwrap(), "jobs.example.org");
        assert_eq!(normalize_pattern("*.example.org").unwrap(), "*.example.org");
    }

    #[test]
    fn settings_round_trip_and_refuse_future_versions() {
        let mut cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
        cfg.add_site("My council", &["www.mycouncil.gov.uk".to_owned()]).unwrap();
        let text = cfg.to_settings_file();
        assert_eq!(SiteConfig::from_settings_file(&text).unwrap(), cfg);
        let future = text.replace("\"version\": 1", "\"version\": 2");
        assert_eq!(SiteConfig::from_settings_file(&future).unwrap_err().kind(), ErrorKind::UnsupportedVersion);
        assert_eq!(SiteConfig::from_settings_file("{nope").unwrap_err().kind(), ErrorKind::InvalidInput);
        let bad_host = text.replace("www.mycouncil.gov.uk", "gov.uk");
        assert_eq!(SiteConfig::from_settings_file(&bad_host).unwrap_err().kind(), ErrorKind::InvalidPattern);
    }

    // Issue 11: site ids from a file become parts of stored keys.
    #[test]
    fn settings_files_with_strange_site_ids_are_refused() {
        let text = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap().to_settings_file();
        for id in ["", "UK", "a\\u001fb", "a b", "<script>", "\\u202e", &"x".repeat(MAX_SITE_ID + 1)] {
            let bad = text.replace("\"id\": \"uk-find-a-job\"", &format!("\"id\": \"{id}\""));
            assert_ne!(bad, text);
            let err = SiteConfig::from_settings_file(&bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{id:?}");
            assert!(!err.message().contains('\u{1f}') && !err.message().contains('\u{202e}'), "{}", err.message());
        }
        assert!(valid_site_id("user-my-council-2") && valid_site_id("uk-find-a-job"));
    }

    #[test]
    fn the_diff_names_what_changes_and_what_needs_confirmation() {
        let now = SiteConfig::with_presets(&["uk-find-a-job", "uk-universal-credit"]).unwrap();
        let mut file = SiteConfig::with_presets(&["uk-find-a-job", "uk-gov-uk"]).unwrap();
        file.sites[0].keep.push("JSESSIONID".into());
        file.keep_raw_values = true;
        file.deep_inspection = true;
        file.watch_private_windows = true;
        let d = now.diff_to(&file);
        assert_eq!(d.added.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), ["uk-gov-uk"]);
        assert_eq!(d.removed.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), ["uk-universal-credit"]);
        assert_eq!(d.changed.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), ["uk-find-a-job"]);
        assert_eq!(d.confirm, ["keepRawValues", "deepInspection", "watchPrivateWindows"]);
        assert!(file.diff_to(&now).confirm.is_empty(), "switching off needs no confirmation");
    }
}
