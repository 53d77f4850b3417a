//! The closed list of entry types and the checks of their `data`.
//!
//! What each type's `data` holds is described once, in `entries.rs`: the
//! required fields (checked here, on writing and on verifying) and every
//! field the core may write (checked on writing only, so older files whose
//! entries carry fields this version no longer writes still verify).

use crate::vocab::spelled;
use serde_json::Value;
use std::fmt;

use super::jcs::MAX_SAFE_INTEGER;

/// What a journal entry records. Serialized as its dotted wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryType {
    /// A cookie appeared. data: `name`, `domain`, `path`, `value` (redacted),
    /// optional `partitionKey`, `hostOnly`, `secure`, `httpOnly`, `sameSite`,
    /// `expires`, `vendor`, `category`, `party`.
    CookieSet,
    /// A cookie's value or attributes changed. data: as `cookie.set`.
    CookieChanged,
    /// A cookie went away. data: `name`, `domain`, `path`, optional
    /// `partitionKey`, `cause`.
    CookieRemoved,
    /// A storage item appeared. data: `area`, `host`, `key`, optional
    /// `size`, `value` (redacted), `vendor`, `category`, `party`.
    StorageAdded,
    /// A storage item changed. data: as `storage.added`.
    StorageChanged,
    /// A storage item went away. data: `area`, `host`, `key`.
    StorageRemoved,
    /// A request to a tracker or third party. data: `host`, `requestType`,
    /// optional `path`, `pageHost`, `vendor`, `category`, `party`.
    RequestSeen,
    /// A script was seen fingerprinting, recording the session or sending
    /// typed text (a behaviour verdict). data: `category`, `script`,
    /// `signals`, optional `host`, `vendor`, `party`, `field`, `sentTo`,
    /// `frame`.
    BehaviourSeen,
    /// The site's consent state changed. data: `state`, optional
    /// `previous`, `source`.
    ConsentChanged,
    /// A site was configured. data: `name`, `hosts`, optional `preset`.
    SiteAdded,
    /// A site was removed from the configuration. data: optional `name`.
    SiteRemoved,
    /// A site's configuration changed. data: optional `name`, `hosts`.
    SiteUpdated,
    /// The user asked for a cleanup. data: `items` (planned), optional
    /// `cookies`, `storage`.
    CleanupRequested,
    /// What a cleanup achieved. data: `removed`, `failed`, optional
    /// `details` (list of `{kind, name, host, ok, error}`).
    CleanupResult,
    /// An export was made. data: `format`, `count`, optional `firstSeq`,
    /// `lastSeq`, `headHash`, `filter`.
    ExportMade,
    /// The user recorded evidence by hand. data: optional
    /// `screenshotSha256`, `mime`, `url`, `note`.
    EvidenceRecorded,
    /// First entry after the user archived (exported, then cleared) the
    /// journal. data: `previousSeq`, `previousHash`, `archivedCount`.
    ArchiveCheckpoint,
    /// A setting changed. data: `setting`, `value` (any JSON).
    SettingsChanged,
    /// The installation made its signing key pair (on first run, or again
    /// when the stored key was lost). data: `algorithm` (`Ed25519`),
    /// `publicKey` (base64url of the raw key), `fingerprint`. The private
    /// key is never journaled.
    KeyCreated,
    /// The user asked for a receipt. data: `fingerprint` of the signing
    /// key. The receipt names this very entry's seq and hash.
    ReceiptIssued,
    /// A letter was drafted from the evidence (`letter.draft`). data:
    /// `kind` (`subject-access`, `complaint-organisation`,
    /// `complaint-regulator`, `adviser-note`), `sha256` of its text.
    LetterDrafted,
    /// A site went past one of the core's limits, so some of what it did
    /// is not recorded item by item. data: `limit` (which one), `max`,
    /// optional `seen`, `host`.
    LimitReached,
    /// An activity was added to the work-search diary, seen on a page or
    /// typed in by the user (`crate::diary::DiaryAdded`). data: `kind`,
    /// `source`, optional `terms`, `place`, `title`, `employer`,
    /// `reference`, `status`, `method`, `date`, `minutes`, `note`, `page`.
    /// Its seq is the diary entry's id.
    DiaryAdded,
    /// The user changed a diary entry (`crate::diary::DiaryEdited`). data:
    /// `id`, `changes` (the fields that changed, new values), `reason`.
    DiaryEdited,
    /// The user removed a diary entry (`crate::diary::DiaryRemoved`).
    /// data: `id`, `reason`.
    DiaryRemoved,
    /// A trusted timestamp (RFC 3161) of the journal's head, made when the
    /// user asked for one (`crate::intents::TimestampAdded`). data:
    /// `headSeq`, `headHash` (always this entry's `prevHash`: the head it
    /// follows), `authority` (the URL asked), `token` (standard base64 of
    /// the DER timestamp token), `genTime` (the time the authority signed),
    /// optional `signer`.
    TimestampAdded,
}

/// The JSON type a required `data` field must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A string.
    String,
    /// An integer within ±(2^53 - 1).
    Integer,
    /// An array.
    Array,
    /// An object.
    Object,
    /// `true` or `false`.
    Boolean,
    /// A 64-digit lowercase hex SHA-256.
    Hash,
    /// Anything, but present.
    Any,
}

impl FieldKind {
    /// The name used in messages and in the JSON Schema.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::String => "string",
            FieldKind::Integer => "integer",
            FieldKind::Array => "array",
            FieldKind::Object => "object",
            FieldKind::Boolean => "boolean",
            FieldKind::Hash => "hash",
            FieldKind::Any => "any",
        }
    }

    fn accepts(self, v: &Value) -> bool {
        match self {
            FieldKind::String => v.is_string(),
            FieldKind::Integer => is_safe_integer(v),
            FieldKind::Array => v.is_array(),
            FieldKind::Object => v.is_object(),
            FieldKind::Boolean => v.is_boolean(),
            FieldKind::Hash => v.as_str().is_some_and(super::jcs::is_hash_hex),
            FieldKind::Any => true,
        }
    }
}

impl EntryType {
    /// Every entry type, in documentation order.
    pub const ALL: [EntryType; 26] = [
        EntryType::CookieSet,
        EntryType::CookieChanged,
        EntryType::CookieRemoved,
        EntryType::StorageAdded,
        EntryType::StorageChanged,
        EntryType::StorageRemoved,
        EntryType::RequestSeen,
        EntryType::BehaviourSeen,
        EntryType::ConsentChanged,
        EntryType::SiteAdded,
        EntryType::SiteRemoved,
        EntryType::SiteUpdated,
        EntryType::CleanupRequested,
        EntryType::CleanupResult,
        EntryType::ExportMade,
        EntryType::EvidenceRecorded,
        EntryType::ArchiveCheckpoint,
        EntryType::SettingsChanged,
        EntryType::KeyCreated,
        EntryType::ReceiptIssued,
        EntryType::LetterDrafted,
        EntryType::LimitReached,
        EntryType::DiaryAdded,
        EntryType::DiaryEdited,
        EntryType::DiaryRemoved,
        EntryType::TimestampAdded,
    ];

    /// The wire name (`"cookie.set"`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntryType::CookieSet => "cookie.set",
            EntryType::CookieChanged => "cookie.changed",
            EntryType::CookieRemoved => "cookie.removed",
            EntryType::StorageAdded => "storage.added",
            EntryType::StorageChanged => "storage.changed",
            EntryType::StorageRemoved => "storage.removed",
            EntryType::RequestSeen => "request.seen",
            EntryType::BehaviourSeen => "behaviour.seen",
            EntryType::ConsentChanged => "consent.changed",
            EntryType::SiteAdded => "site.added",
            EntryType::SiteRemoved => "site.removed",
            EntryType::SiteUpdated => "site.updated",
            EntryType::CleanupRequested => "cleanup.requested",
            EntryType::CleanupResult => "cleanup.result",
            EntryType::ExportMade => "export.made",
            EntryType::EvidenceRecorded => "evidence.recorded",
            EntryType::ArchiveCheckpoint => "archive.checkpoint",
            EntryType::SettingsChanged => "settings.changed",
            EntryType::KeyCreated => "key.created",
            EntryType::ReceiptIssued => "receipt.issued",
            EntryType::LetterDrafted => "letter.drafted",
            EntryType::LimitReached => "limit.reached",
            EntryType::DiaryAdded => "diary.added",
            EntryType::DiaryEdited => "diary.edited",
            EntryType::DiaryRemoved => "diary.removed",
            EntryType::TimestampAdded => "timestamp.added",
        }
    }

    /// The type with wire name `s`, or `None` if it is not in the list.
    pub fn parse(s: &str) -> Option<EntryType> {
        // Told apart by length first (most names differ in it), then by
        // the name itself: this runs once per entry of every file checked.
        EntryType::ALL.into_iter().find(|t| t.as_str().len() == s.len() && t.as_str() == s)
    }

    /// Whether this type records tracking seen on a site (what the report's
    /// timeline counts).
    pub fn is_tracking(self) -> bool {
        matches!(
            self,
            EntryType::CookieSet
                | EntryType::CookieChanged
                | EntryType::StorageAdded
                | EntryType::StorageChanged
                | EntryType::RequestSeen
                | EntryType::BehaviourSeen
        )
    }

    /// Checks `data` for this type: an object, with the required fields of
    /// the right JSON types, and no number anywhere that is not a safe
    /// integer. The message says what is wrong.
    pub fn check_data(self, data: &Value) -> Result<(), String> {
        let Some(map) = data.as_object() else {
            return Err("data is not an object".to_owned());
        };
        for &(field, kind) in self.required_data() {
            match map.get(field) {
                None => return Err(format!("data.{field} is missing")),
                Some(v) if !kind.accepts(v) => return Err(format!("data.{field} is not {} {}", article(kind), kind.as_str())),
                Some(_) => {}
            }
        }
        let mut path = String::from("data");
        check_integers(data, &mut path)
    }

    /// Checks that `data` (an object) holds no field outside this type's
    /// description ([`EntryType::field_names`]). Only entries being written
    /// are held to it: a file from a version that wrote other fields still
    /// verifies.
    pub fn check_fields(self, data: &Value) -> Result<(), String> {
        match data.as_object().and_then(|m| m.keys().find(|k| !self.field_names().any(|n| n == k.as_str()))) {
            Some(stray) => Err(format!("data.{stray} is not a field of {self} entries")),
            None => Ok(()),
        }
    }
}

impl fmt::Display for EntryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn article(k: FieldKind) -> &'static str {
    match k {
        FieldKind::Integer | FieldKind::Array | FieldKind::Object => "an",
        _ => "a",
    }
}

/// Whether `v` is a number with an integer value within ±(2^53 - 1).
pub fn is_safe_integer(v: &Value) -> bool {
    let Value::Number(n) = v else { return false };
    if let Some(u) = n.as_u64() {
        u <= MAX_SAFE_INTEGER
    } else if let Some(i) = n.as_i64() {
        i.unsigned_abs() <= MAX_SAFE_INTEGER
    } else {
        n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER as f64)
    }
}

// Entries carry integers only: fractions would make the hash depend on
// every implementation agreeing on float parsing and printing.
fn check_integers(v: &Value, path: &mut String) -> Result<(), String> {
    match v {
        Value::Number(_) if !is_safe_integer(v) => Err(format!("{path} is {v}, but entries carry only integers within ±(2^53 - 1)")),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_integers(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, item) in map {
                if matches!(item, Value::Number(_) | Value::Array(_) | Value::Object(_)) {
                    let len = path.len();
                    path.push('.');
                    path.push_str(k);
                    check_integers(item, path)?;
                    path.truncate(len);
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

spelled!(EntryType { CookieSet => "cookie.set", CookieChanged => "cookie.changed", CookieRemoved => "cookie.removed", StorageAdded => "storage.added", StorageChanged => "storage.changed", StorageRemoved => "storage.removed", RequestSeen => "request.seen", BehaviourSeen => "behaviour.seen", ConsentChanged => "consent.changed", SiteAdded => "site.added", SiteRemoved => "site.removed", SiteUpdated => "site.updated", CleanupRequested => "cleanup.requested", CleanupResult => "cleanup.result", ExportMade => "export.made", EvidenceRecorded => "evidence.recorded", ArchiveCheckpoint => "archive.checkpoint", SettingsChanged => "settings.changed", KeyCreated => "key.created", ReceiptIssued => "receipt.issued", LetterDrafted => "letter.drafted", LimitReached => "limit.reached", DiaryAdded => "diary.added", DiaryEdited => "diary.edited", DiaryRemoved => "diary.removed", TimestampAdded => "timestamp.added" });
