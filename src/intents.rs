//! Intent-level commits: the entries a user action writes, each shaped here
//! by a typed struct and written by one [`Recorder`] method returning a
//! [`Commit`]. The extension asks for an intent (`site_added`,
//! `export_made`...); it cannot hand the journal data the core did not
//! shape, because there is no generic "record this" call to hand it to.
//!
//! Field names are the public contract of docs/evidence-format.md and
//! docs/evidence.schema.json. What JavaScript still reports (an export's
//! counts, a letter's hash) it reports as typed input read by hand
//! ([`crate::checked`]: serde's derived readers would weigh on the module
//! loaded at every wake), with unknown fields refused, so a stray field is
//! refused, not journaled.

use crate::vocab::spelled;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::checked::{exactly, invalid, object, only, opt_string, opt_whole, string, whole, word, Fields};

use crate::cleanup::{CleanupPlan, Outcome, ResultSummary, Trigger};
use crate::consent::ConsentState;
use crate::error::{Error, ErrorKind, Result};
use crate::journal::EntryType;
use crate::letters::LetterKind;
use crate::model::{Category, FindingKind, Millis, Party};
use crate::recorder::{Commit, Recorder};
use crate::sites::{AutoClean, Language, Site};

/// `site.added`: the site as it was saved.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteAdded<'a> {
    /// Name shown to the user.
    pub name: &'a str,
    /// Host patterns.
    pub hosts: &'a [String],
}

/// `site.updated`: the site's editable fields after the change.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteUpdated<'a> {
    /// Name shown to the user.
    pub name: &'a str,
    /// Host patterns.
    pub hosts: &'a [String],
    /// Whether the site is watched.
    pub enabled: bool,
    /// Names cleanup keeps.
    pub keep: &'a [String],
    /// Automatic cleanup mode.
    pub auto_clean: AutoClean,
}

/// `site.removed`.
#[derive(Debug, Serialize)]
pub struct SiteRemoved<'a> {
    /// The removed site's name.
    pub name: &'a str,
}

/// Implements `Deserialize` through the type's hand reader `from_value`.
macro_rules! read_by_hand {
    ($t:ty) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                <$t>::from_value(&Value::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A filter list the user imported (`settings.changed`, `filterList`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilterListAdded {
    /// The list's name.
    pub name: String,
    /// How many rules it holds.
    pub rules: u64,
    /// The category its matches count as.
    pub category: Category,
}

/// The known settings and their new values: `setting` is the name,
/// `value` the value (docs/evidence-format.md, `settings.changed`).
#[derive(Debug, Clone, PartialEq)]
pub enum SettingChange {
    /// Presets chosen on the first-run page, by id.
    Presets(Vec<String>),
    /// A settings file was imported: the site ids it holds.
    Import(Vec<String>),
    /// A filter list was imported.
    FilterList(FilterListAdded),
    /// A filter list was removed, by name.
    FilterListRemoved(String),
    /// Deep inspection switched on or off.
    DeepInspection(bool),
    /// Values kept in clear (or redacted).
    KeepRawValues(bool),
    /// Notifications after an automatic cleanup.
    NotifyAutoClean(bool),
    /// Private windows watched too.
    WatchPrivateWindows(bool),
    /// The work-search diary on or off.
    Diary(bool),
    /// The language chosen in the options (none: the browser's).
    Language(Option<Language>),
    /// The timestamp authority named in the options (none: timestamps off).
    TimestampAuthority(Option<String>),
}

/// Where a setting change came from, when it was not the options page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingSource {
    /// Switched on by an imported settings file, confirmed by the user.
    Import,
}

/// `settings.changed`: `{setting, value}`, and `source` when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsChanged {
    /// Which setting, and its new value.
    pub change: SettingChange,
    /// Where the change came from.
    pub source: Option<SettingSource>,
}

impl FilterListAdded {
    /// Reads `{name, rules, category}`.
    pub fn from_value(v: &Value) -> Result<FilterListAdded> {
        const WHAT: &str = "filter list";
        let m = object(v, WHAT)?;
        exactly(m, &["name", "rules", "category"], WHAT)?;
        let category = string(m, "category", WHAT)?;
        Ok(FilterListAdded {
            name: string(m, "name", WHAT)?.to_owned(),
            rules: whole(m, "rules", WHAT)?,
            category: Category::ALL
                .into_iter()
                .find(|c| c.as_str() == category)
                .ok_or_else(|| invalid(WHAT, format_args!("{category:?} is not a category")))?,
        })
    }
}

impl SettingsChanged {
    /// Reads `{setting, value, source?}` for a known setting.
    pub fn from_value(v: &Value) -> Result<SettingsChanged> {
        const WHAT: &str = "setting change";
        let m = object(v, WHAT)?;
        only(m, &["setting", "value", "source"], WHAT)?;
        let value = m.get("value").ok_or_else(|| invalid(WHAT, "missing field \"value\""))?;
        let bad = |kind: &str| invalid(WHAT, format_args!("the value must be {kind}"));
        let flag = || value.as_bool().ok_or_else(|| bad("true or false"));
        let ids = || {
            let list = value.as_array().ok_or_else(|| bad("a list of site ids"))?;
            list.iter().map(|id| id.as_str().map(str::to_owned).ok_or_else(|| bad("a list of site ids"))).collect::<Result<Vec<_>>>()
        };
        let change = match string(m, "setting", WHAT)? {
            "presets" => SettingChange::Presets(ids()?),
            "import" => SettingChange::Import(ids()?),
            "filterList" => SettingChange::FilterList(FilterListAdded::from_value(value)?),
            "filterListRemoved" => SettingChange::FilterListRemoved(value.as_str().ok_or_else(|| bad("a list's name"))?.to_owned()),
            "deepInspection" => SettingChange::DeepInspection(flag()?),
            "keepRawValues" => SettingChange::KeepRawValues(flag()?),
            "notifyAutoClean" => SettingChange::NotifyAutoClean(flag()?),
            "watchPrivateWindows" => SettingChange::WatchPrivateWindows(flag()?),
            "diary" => SettingChange::Diary(flag()?),
            "language" => SettingChange::Language(match value {
                Value::Null => None,
                Value::String(s) if s == "en" => Some(Language::En),
                Value::String(s) if s == "cy" => Some(Language::Cy),
                _ => return Err(bad("en, cy or null")),
            }),
            "timestampAuthority" => SettingChange::TimestampAuthority(match value {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                _ => return Err(bad("an address or null")),
            }),
            other => return Err(invalid(WHAT, format_args!("{other:?} is not a known setting"))),
        };
        let source = match opt_string(m, "source", WHAT)? {
            None => None,
            Some("import") => Some(SettingSource::Import),
            Some(_) => return Err(invalid(WHAT, "the source must be import")),
        };
        Ok(SettingsChanged { change, source })
    }

    /// The entry's data.
    pub fn to_value(&self) -> Value {
        let strings = |list: &[String]| Value::from(list.to_vec());
        let (setting, value) = match &self.change {
            SettingChange::Presets(ids) => ("presets", strings(ids)),
            SettingChange::Import(ids) => ("import", strings(ids)),
            SettingChange::FilterList(list) => {
                let mut m = serde_json::Map::new();
                m.insert("name".to_owned(), Value::from(list.name.as_str()));
                m.insert("rules".to_owned(), Value::from(list.rules));
                m.insert("category".to_owned(), Value::from(list.category.as_str()));
                ("filterList", Value::Object(m))
            }
            SettingChange::FilterListRemoved(name) => ("filterListRemoved", Value::from(name.as_str())),
            SettingChange::DeepInspection(on) => ("deepInspection", Value::from(*on)),
            SettingChange::KeepRawValues(on) => ("keepRawValues", Value::from(*on)),
            SettingChange::NotifyAutoClean(on) => ("notifyAutoClean", Value::from(*on)),
            SettingChange::WatchPrivateWindows(on) => ("watchPrivateWindows", Value::from(*on)),
            SettingChange::Diary(on) => ("diary", Value::from(*on)),
            SettingChange::Language(lang) => ("language", lang.map_or(Value::Null, |l| Value::from(l.code()))),
            SettingChange::TimestampAuthority(url) => ("timestampAuthority", url.as_deref().map_or(Value::Null, Value::from)),
        };
        let mut map = serde_json::Map::new();
        map.insert("setting".to_owned(), Value::from(setting));
        map.insert("value".to_owned(), value);
        if let Some(SettingSource::Import) = self.source {
            map.insert("source".to_owned(), Value::from("import"));
        }
        Value::Object(map)
    }
}

read_by_hand!(FilterListAdded);
read_by_hand!(SettingsChanged);

impl Serialize for SettingsChanged {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

/// The formats an export is made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The signed JSON file.
    Json,
    /// A spreadsheet.
    Csv,
    /// The printable report.
    Html,
    /// The HTTP archive.
    Har,
    /// The case-file zip.
    Casefile,
}

/// `export.made`: what the file holds, as the export job counted it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportMade {
    /// The file's format.
    pub format: ExportFormat,
    /// Entries in the file.
    pub count: u64,
    /// Entries left out (the site filter, or the limit).
    pub omitted: u64,
    /// The period asked for, as the user typed it.
    pub from: Option<String>,
    /// The period asked for, as the user typed it.
    pub to: Option<String>,
    /// Seq of the first exported entry (null for an empty file).
    pub first_seq: Option<u64>,
    /// Seq of the last exported entry (null for an empty file).
    pub last_seq: Option<u64>,
    /// The head of the exported run.
    pub head_hash: String,
    /// HAR files: the SHA-256 of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Case files: the SHA-256 of `manifest.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest_sha256: Option<String>,
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

impl ExportMade {
    /// Reads `{format, count, omitted, from?, to?, firstSeq?, lastSeq?,
    /// headHash, sha256?, manifestSha256?}` (null for an absent one).
    pub fn from_value(v: &Value) -> Result<ExportMade> {
        const WHAT: &str = "export";
        let m = object(v, WHAT)?;
        only(m, &["format", "count", "omitted", "from", "to", "firstSeq", "lastSeq", "headHash", "sha256", "manifestSha256"], WHAT)?;
        let format = match word(m, "format", &["json", "csv", "html", "har", "casefile"], WHAT)? {
            "json" => ExportFormat::Json,
            "csv" => ExportFormat::Csv,
            "html" => ExportFormat::Html,
            "har" => ExportFormat::Har,
            _ => ExportFormat::Casefile,
        };
        Ok(ExportMade {
            format,
            count: whole(m, "count", WHAT)?,
            omitted: whole(m, "omitted", WHAT)?,
            from: owned(opt_string(m, "from", WHAT)?),
            to: owned(opt_string(m, "to", WHAT)?),
            first_seq: opt_whole(m, "firstSeq", WHAT)?,
            last_seq: opt_whole(m, "lastSeq", WHAT)?,
            head_hash: string(m, "headHash", WHAT)?.to_owned(),
            sha256: owned(opt_string(m, "sha256", WHAT)?),
            manifest_sha256: owned(opt_string(m, "manifestSha256", WHAT)?),
        })
    }
}

read_by_hand!(ExportMade);

/// The work-search diary's two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiaryFormat {
    /// The printable diary.
    DiaryHtml,
    /// The diary as a spreadsheet.
    DiaryCsv,
}

/// The days a diary file covers, as the user chose them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiaryDays {
    /// First day, or null for the start.
    pub from: Option<String>,
    /// Last day, or null for today.
    pub to: Option<String>,
}

/// `export.made` for a diary file: its hash, the journal's head then, and
/// the days it covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiaryExportMade {
    /// Which file.
    pub format: DiaryFormat,
    /// Diary entries in it.
    pub count: u64,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The journal's head when it was made.
    pub head_hash: String,
    /// The days it covers.
    pub filter: DiaryDays,
}

/// `letter.drafted`: which letter, and the hash of its text (the text,
/// which may hold the user's name and address, is not kept).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterDrafted {
    /// Which letter.
    pub kind: LetterKind,
    /// SHA-256 of the drafted text.
    pub sha256: String,
}

impl DiaryExportMade {
    /// Reads `{format, count, sha256, headHash, filter: {from, to}}`.
    pub fn from_value(v: &Value) -> Result<DiaryExportMade> {
        const WHAT: &str = "diary file";
        let m = object(v, WHAT)?;
        exactly(m, &["format", "count", "sha256", "headHash", "filter"], WHAT)?;
        let format = match word(m, "format", &["diary-html", "diary-csv"], WHAT)? {
            "diary-html" => DiaryFormat::DiaryHtml,
            _ => DiaryFormat::DiaryCsv,
        };
        let filter: Fields = object(&m["filter"], WHAT)?;
        only(filter, &["from", "to"], WHAT)?;
        Ok(DiaryExportMade {
            format,
            count: whole(m, "count", WHAT)?,
            sha256: string(m, "sha256", WHAT)?.to_owned(),
            head_hash: string(m, "headHash", WHAT)?.to_owned(),
            filter: DiaryDays { from: owned(opt_string(filter, "from", WHAT)?), to: owned(opt_string(filter, "to", WHAT)?) },
        })
    }
}

impl LetterDrafted {
    /// Reads `{kind, sha256}`.
    pub fn from_value(v: &Value) -> Result<LetterDrafted> {
        const WHAT: &str = "letter";
        let m = object(v, WHAT)?;
        exactly(m, &["kind", "sha256"], WHAT)?;
        let kind = string(m, "kind", WHAT)?;
        Ok(LetterDrafted {
            kind: LetterKind::ALL
                .into_iter()
                .find(|k| k.as_str() == kind)
                .ok_or_else(|| invalid(WHAT, format_args!("{kind:?} is not a letter")))?,
            sha256: string(m, "sha256", WHAT)?.to_owned(),
        })
    }
}

read_by_hand!(DiaryExportMade);
read_by_hand!(LetterDrafted);

/// The largest timestamp token journaled (a real one is a few kilobytes).
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// `timestamp.added`: an authority's RFC 3161 token for the journal's
/// head, as the actions module read and checked it
/// ([`crate::timestamp::read_reply`]). The recorder takes it only for the
/// head as it stands, and only from the authority the options name. The
/// extension hands it over field by field (no field the core does not
/// know can come along), and the entry's data is written by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct TimestampAdded {
    /// Seq of the head the token is for.
    pub head_seq: u64,
    /// Its hash: what the token's message imprint holds.
    pub head_hash: String,
    /// The URL the request went to.
    pub authority: String,
    /// The token (DER `ContentInfo`), standard base64.
    pub token: String,
    /// The time the authority signed, RFC 3339 UTC.
    pub gen_time: String,
    /// The subject of the certificate that signed it.
    pub signer: Option<String>,
}

impl TimestampAdded {
    /// The entry's data: `{headSeq, headHash, authority, token, genTime,
    /// signer?}`.
    pub fn to_value(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("headSeq".to_owned(), Value::from(self.head_seq));
        m.insert("headHash".to_owned(), Value::from(self.head_hash.as_str()));
        m.insert("authority".to_owned(), Value::from(self.authority.as_str()));
        m.insert("token".to_owned(), Value::from(self.token.as_str()));
        m.insert("genTime".to_owned(), Value::from(self.gen_time.as_str()));
        if let Some(signer) = &self.signer {
            m.insert("signer".to_owned(), Value::from(signer.as_str()));
        }
        Value::Object(m)
    }
}

/// One finding as `evidence.recorded` keeps it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceFinding<'a> {
    /// Cookie, storage or request.
    pub kind: FindingKind,
    /// The name.
    pub name: &'a str,
    /// The host.
    pub host: &'a str,
    /// First or third party.
    pub party: Party,
    /// The catalog's vendor id.
    pub vendor: Option<&'a str>,
    /// The category.
    pub category: Category,
    /// Whether it breaks the consent the site recorded.
    pub consent_breach: bool,
}

/// `evidence.recorded`: "Record evidence now".
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceRecorded<'a> {
    /// SHA-256 of the image bytes.
    pub screenshot_sha256: &'a str,
    /// The page shown.
    pub page_url: &'a str,
    /// Size of the image.
    pub image_bytes: usize,
    /// How many findings follow.
    pub finding_count: usize,
    /// The site's findings at that moment.
    pub findings: Vec<EvidenceFinding<'a>>,
    /// The consent the site's own cookie recorded.
    pub consent: ConsentState,
}

/// `cleanup.requested`: what the plan was going to remove.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CleanupRequested<'a> {
    /// Planned removals.
    pub items: usize,
    /// Cookies among them.
    pub cookies: usize,
    /// Storage areas among them.
    pub storage: usize,
    /// Items the keep-list keeps.
    pub kept: usize,
    /// Origins the plan covers.
    pub origins: &'a [String],
    /// What started it.
    pub trigger: Trigger,
    /// The site's automatic mode.
    pub mode: AutoClean,
}

impl<'a> CleanupRequested<'a> {
    /// The request for `plan`.
    pub fn of(plan: &'a CleanupPlan) -> Self {
        CleanupRequested {
            items: plan.cookies.len() + plan.storage.len(),
            cookies: plan.cookies.len(),
            storage: plan.storage.len(),
            kept: plan.kept.len(),
            origins: &plan.origins,
            trigger: plan.trigger,
            mode: plan.mode,
        }
    }
}

fn data<T: Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::new(ErrorKind::InvalidInput, format!("entry data: {e}")))
}

fn check_sha256(what: &str, hex: &str) -> Result<()> {
    if hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::InvalidInput, format!("{what} must be 64 lowercase hex digits")))
    }
}

impl Recorder {
    fn site_by_id(&self, id: &str) -> Result<&Site> {
        self.engine().config().site(id).ok_or_else(|| Error::new(ErrorKind::UnknownSite, format!("no site has the id {id:?}")))
    }

    /// `site.added` for the site `id` as the configuration holds it now.
    pub fn site_added(&mut self, id: &str, now: Millis) -> Result<Commit> {
        let site = self.site_by_id(id)?;
        let d = data(&SiteAdded { name: &site.name, hosts: &site.hosts })?;
        let id = site.id.clone();
        self.record(EntryType::SiteAdded, Some(&id), d, now)
    }

    /// `site.updated` for the site `id` as the configuration holds it now.
    pub fn site_updated(&mut self, id: &str, now: Millis) -> Result<Commit> {
        let s = self.site_by_id(id)?;
        let d = data(&SiteUpdated { name: &s.name, hosts: &s.hosts, enabled: s.enabled, keep: &s.keep, auto_clean: s.auto_clean })?;
        let id = s.id.clone();
        self.record(EntryType::SiteUpdated, Some(&id), d, now)
    }

    /// `site.removed` for a site no longer in the configuration.
    pub fn site_removed(&mut self, site: &Site, now: Millis) -> Result<Commit> {
        if self.engine().config().site(&site.id).is_some() {
            return Err(Error::new(ErrorKind::InvalidInput, format!("{} is still watched", site.id)));
        }
        let d = data(&SiteRemoved { name: &site.name })?;
        self.record(EntryType::SiteRemoved, Some(&site.id), d, now)
    }

    /// `settings.changed`.
    pub fn settings_changed(&mut self, change: &SettingsChanged, now: Millis) -> Result<Commit> {
        self.record(EntryType::SettingsChanged, None, change.to_value(), now)
    }

    /// `export.made`, for the site the export was filtered to, if any.
    pub fn export_made(&mut self, site: Option<&str>, made: &ExportMade, now: Millis) -> Result<Commit> {
        check_sha256("headHash", &made.head_hash)?;
        for hex in [&made.sha256, &made.manifest_sha256].into_iter().flatten() {
            check_sha256("an export's SHA-256", hex)?;
        }
        self.record(EntryType::ExportMade, site, data(made)?, now)
    }

    /// `timestamp.added` for the head as it stands now (it follows the entry
    /// it timestamps, so `headHash` is its `prevHash`).
    pub fn timestamp_added(&mut self, stamp: &TimestampAdded, now: Millis) -> Result<Commit> {
        let head = self.head();
        let t = &stamp.token;
        let problem = if stamp.head_seq != head.seq || stamp.head_hash != head.hash || head.seq == 0 {
            "a timestamp is journaled for the head as it stands, right after it"
        } else if self.engine().config().timestamp_authority.as_deref() != Some(stamp.authority.as_str()) {
            "the token is not from the timestamp authority the options name"
        } else if t.is_empty()
            || !t.len().is_multiple_of(4)
            || t.len() > MAX_TOKEN_BYTES * 4 / 3 + 4
            || !t.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        {
            "the token must be standard base64 of at most 64 KiB"
        } else if crate::time::parse_rfc3339(&stamp.gen_time).map(crate::time::rfc3339).as_deref() != Ok(stamp.gen_time.as_str()) {
            "genTime must be an RFC 3339 UTC time with milliseconds"
        } else {
            ""
        };
        if !problem.is_empty() {
            return Err(Error::new(ErrorKind::InvalidInput, problem));
        }
        self.record(EntryType::TimestampAdded, None, stamp.to_value(), now)
    }

    /// `export.made` for a work-search diary file.
    pub fn diary_export_made(&mut self, made: &DiaryExportMade, now: Millis) -> Result<Commit> {
        check_sha256("headHash", &made.head_hash)?;
        check_sha256("a diary file's sha256", &made.sha256)?;
        self.record(EntryType::ExportMade, None, data(made)?, now)
    }

    /// `letter.drafted` for the site `site`.
    pub fn letter_drafted(&mut self, site: Option<&str>, letter: &LetterDrafted, now: Millis) -> Result<Commit> {
        check_sha256("a letter's sha256", &letter.sha256)?;
        self.record(EntryType::LetterDrafted, site, data(letter)?, now)
    }

    /// `evidence.recorded` for the site `host` belongs to: the screenshot's
    /// SHA-256 and the site's findings now. Returns the commit and the hash.
    pub fn evidence_recorded(&mut self, host: &str, page_url: &str, image: &[u8], now: Millis) -> Result<(Commit, String)> {
        let summary = self.engine().summary(host)?;
        let sha = crate::journal::sha256_hex(image);
        let findings: Vec<EvidenceFinding> = summary
            .findings
            .iter()
            .map(|f| EvidenceFinding {
                kind: f.kind,
                name: &f.name,
                host: &f.host,
                party: f.party,
                vendor: f.vendor.as_deref(),
                category: f.category,
                consent_breach: f.consent_breach,
            })
            .collect();
        let d = data(&EvidenceRecorded {
            screenshot_sha256: &sha,
            page_url,
            image_bytes: image.len(),
            finding_count: findings.len(),
            findings,
            consent: summary.consent,
        })?;
        let commit = self.record(EntryType::EvidenceRecorded, Some(&summary.site.id), d, now)?;
        Ok((commit, sha))
    }

    /// `cleanup.requested` for a plan of a watched site.
    pub fn cleanup_requested(&mut self, plan: &CleanupPlan, now: Millis) -> Result<Commit> {
        self.cleanup_requested_data(&plan.site.id, data(&CleanupRequested::of(plan))?, now)
    }

    /// `cleanup.requested` for the site `site_id`, its data as
    /// [`crate::cleanup::requested_entry`] wrote it (in the actions module,
    /// which plans), checked by [`crate::checked::cleanup_requested`].
    pub fn cleanup_requested_data(&mut self, site_id: &str, data: serde_json::Value, now: Millis) -> Result<Commit> {
        let id = self.site_by_id(site_id)?.id.clone();
        crate::checked::cleanup_requested(&data)?;
        self.record(EntryType::CleanupRequested, Some(&id), data, now)
    }

    /// `cleanup.result`: judges what the shim did and found against the
    /// plan (see [`crate::cleanup::result_entry`]) and journals the verdict.
    /// Returns the commit and what the popup shows.
    pub fn cleanup_result(
        &mut self,
        plan: &CleanupPlan,
        outcome: &Outcome,
        started: Millis,
        finished: Millis,
    ) -> Result<(Commit, ResultSummary)> {
        let (d, summary) = crate::cleanup::result_entry(plan, outcome, started, finished)?;
        Ok((self.cleanup_result_data(&plan.site.id, d, started, finished)?, summary))
    }

    /// `cleanup.result` for the site `site_id`, its data as
    /// [`crate::cleanup::result_entry`] judged it (in the actions module),
    /// checked by [`crate::checked::cleanup_result`] for a cleanup that ran
    /// from `started` to `finished`.
    pub fn cleanup_result_data(&mut self, site_id: &str, data: serde_json::Value, started: Millis, finished: Millis) -> Result<Commit> {
        let id = self.site_by_id(site_id)?.id.clone();
        crate::checked::cleanup_result(&data, started, finished)?;
        self.record(EntryType::CleanupResult, Some(&id), data, finished)
    }
}

spelled!(ExportFormat { Json => "json", Csv => "csv", Html => "html", Har => "har", Casefile => "casefile" });
spelled!(DiaryFormat { DiaryHtml => "diary-html", DiaryCsv => "diary-csv" });
spelled!(SettingSource { Import => "import" });
