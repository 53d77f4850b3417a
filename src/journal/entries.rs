//! What each entry type's `data` holds: one description per type, the one
//! source of the required fields the core checks, of the fields it lets an
//! entry carry, of `docs/evidence.schema.json`'s `data:*` definitions and
//! of the entry-type table in `docs/evidence-format.md` (section 3). See
//! [`super::describe`] for how it is expanded, and `tests/schema.rs` for
//! the check that the two files are what these descriptions make.
//!
//! The required fields are those every version of the extension wrote, so
//! that older files still verify: a field added later is optional here even
//! when the core now always writes it. Where the core has a closed
//! vocabulary the shape lists its words, taken from the enum itself
//! (`WORDS`, see [`crate::vocab`]) or, for the few words written as plain
//! text, listed here and checked against the code by the tests beside it.

// The wasm builds read the shapes of required fields only.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use super::describe::{entry_data, opt, req, Field, Shape, Shape::*};
use crate::cleanup::{DataType, KeepReason, Trigger, UncheckedKind};
use crate::letters::LetterKind;
use crate::model::{FindingKind, Party, RequestType, SameSite, StorageArea};
use crate::sites::AutoClean;

/// The behaviours `behaviour.seen` names, by their category.
pub const BEHAVIOURS: &[&str] = &["fingerprinting", "session-replay", "key-logging"];
/// What `consent.changed` says of the site's consent cookie.
pub const CONSENT_STATES: &[&str] = &["accepted", "refused", "partial", "not-given"];
/// The core's limits (`limit.reached`, docs/security.md).
pub const LIMITS: &[&str] = &[
    "storage-items-per-origin",
    "items-per-site",
    "key-length",
    "value-length",
    "third-party-hosts",
    "entries-per-minute",
    "unreadable-items",
];
/// The settings `settings.changed` records.
pub const SETTINGS: &[&str] = &[
    "presets",
    "import",
    "filterList",
    "filterListRemoved",
    "deepInspection",
    "keepRawValues",
    "notifyAutoClean",
    "watchPrivateWindows",
    "diary",
    "language",
    "timestampAuthority",
];
/// The formats `export.made` names: the evidence exports, then the diary's.
pub const EXPORT_FORMATS: &[&str] = &["json", "csv", "html", "har", "casefile", "diary-html", "diary-csv"];
/// How each item of a cleanup ended.
pub const CLEANUP_STATUSES: &[&str] = &["removed", "failed", "not-attempted", "still-present", "unsupported"];
/// Why a cookie was found after a cleanup.
pub const RESIDUE_CAUSES: &[&str] = &["not-removed", "appeared"];
/// The work-search diary's vocabularies (`crate::diary`).
pub const DIARY_KINDS: &[&str] = &["search", "view", "application", "manual"];
/// Who added a diary entry.
pub const DIARY_SOURCES: &[&str] = &["page", "user"];
/// How far an application went.
pub const DIARY_STATUSES: &[&str] = &["started", "submitted"];
/// How an activity the user adds was done.
pub const DIARY_METHODS: &[&str] = &["online", "phone", "visit", "post", "email", "other"];

const PARTY: Shape = Words(Party::WORDS);
const VENDOR: Shape = OrNull(&Text);
const FINGERPRINT: Shape = TextMatching("^[0-9a-f]{4}(-[0-9a-f]{4}){4}$");

const CAUSED_BY: &[Field] = &[
    opt("tabId", OrNull(&Whole), "the browser's tab id"),
    opt("frameId", OrNull(&Whole), "the frame within the tab, 0 for the top one"),
    opt("initiator", OrNull(&Text), "the origin that made the request"),
    opt("requestType", OrNull(&Text), "as the browser names it: `script`, `sub_frame`…"),
];

const CONSENT: &[Field] = &[
    opt("source", OrNull(&Text), "the consent cookie's name"),
    opt("usage", OrNull(&Flag), "measuring use of the service: analytics, session replay"),
    opt("campaigns", OrNull(&Flag), "advertising and campaign tracking"),
    opt("settings", OrNull(&Flag), "remembering settings"),
];

const FINDING: &[Field] = &[
    opt("kind", Words(FindingKind::WORDS), ""),
    opt("name", Text, ""),
    opt("host", Text, ""),
    opt("party", PARTY, ""),
    opt("vendor", VENDOR, ""),
    opt("category", Category, ""),
    opt("consentBreach", Flag, "whether it breaks the consent the site recorded"),
];

const CLEANED: &[Field] = &[
    req("id", Text, "the plan item"),
    req("kind", Words(&["cookie", "storage"]), ""),
    req("name", Text, "the cookie's name, or the storage area"),
    req("host", Text, ""),
    req("ok", Flag, "removed"),
    req("status", Words(CLEANUP_STATUSES), ""),
    opt("error", OrNull(&Text), "the browser's message"),
    opt("domain", Text, "cookies"),
    opt("path", Text, "cookies"),
    opt("partitionKey", OrNull(&Text), "cookies"),
    opt("party", PARTY, "cookies"),
    opt("vendor", VENDOR, "cookies"),
    opt("category", Category, "cookies"),
    opt("origin", Text, "storage"),
    opt("dataType", Words(DataType::WORDS), "storage"),
    opt("keys", List(&Text), "storage: the keys known in it"),
];

const KEPT: &[Field] = &[
    req("kind", Words(FindingKind::WORDS), ""),
    req("name", Text, ""),
    req("host", Text, ""),
    opt("path", Text, ""),
    opt("partitionKey", Text, ""),
    opt("area", Words(StorageArea::WORDS), ""),
    opt("storeId", Text, "the cookie store, when not the default one"),
    req("reason", Words(KeepReason::WORDS), ""),
    req("explanation", Text, "the reason in plain English"),
    opt("effect", Text, "what removing it would do"),
    opt("optional", True, "the user may tick it for removal"),
];

const RESIDUE: &[Field] = &[
    opt(
        "cookies",
        List(&Object(&[
            req("name", Text, ""),
            req("domain", Text, ""),
            req("path", Text, ""),
            opt("partitionKey", OrNull(&Text), ""),
            req("cause", Words(RESIDUE_CAUSES), ""),
        ])),
        "",
    ),
    opt("storage", List(&Object(&[req("origin", Text, ""), req("area", Words(StorageArea::WORDS), ""), req("key", Text, "")])), ""),
    opt("names", List(&Text), ""),
];

const UNCHECKED: &[Field] = &[
    req("what", Words(UncheckedKind::WORDS), ""),
    opt("permission", OrNull(&Text), "the permission that would allow the check"),
    opt("explanation", Text, "in plain English"),
];

/// The details of a diary activity (`diary.added`, and `diary.edited`'s
/// `changes`).
const DIARY_DETAILS: &[Field] = &[
    opt("terms", Text, "a search's words, at most 200 characters"),
    opt("place", Text, "a search's town or postcode, at most 200 characters"),
    opt("title", Text, "the job's title, at most 300 characters"),
    opt("employer", Text, "at most 300 characters"),
    opt("reference", Text, "the job's reference on the site, at most 200 characters"),
    opt("status", Words(DIARY_STATUSES), "applications only"),
    opt("method", Words(DIARY_METHODS), ""),
    opt("date", Day, "the day it happened, when not the day it was recorded"),
    opt("minutes", WholeIn(0, 1440), "as the user says"),
    opt("note", Text, "the user's words, at most 2,000 characters"),
];

entry_data! {
    CookieSet ("site") "A cookie appeared on the site. Set again with the same value, it is not journaled again: the finding's count goes up." {
        required {
            "name": Text => "";
            "domain": Text => "as set: `.dwp.gov.uk` for a domain cookie";
            "path": Text => "";
            "value": Redacted => "redacted, section 2";
        }
        optional {
            "partitionKey": OrNull(&Text) => "the CHIPS / Total Cookie Protection partition";
            "secure": Flag => "";
            "httpOnly": Flag => "";
            "sameSite": Words(SameSite::WORDS) => "";
            "retentionSeconds": OrNull(&Whole) => "how long it is set to last; null for a session cookie";
            "party": PARTY => "";
            "vendor": VENDOR => "the catalog's vendor id";
            "category": Category => "";
            "reason": Text => "the catalog rule that decided";
            "causedBy": Object(CAUSED_BY) => "a third-party cookie seen in a response header: the tab, frame and requesting origin that caused it";
            "rawExpiry": Text => "the Expires or Max-Age attribute as the header wrote it, when the expiry had to be clamped to the 400 days browsers keep a cookie";
            "source": Word("reconcile") => "no event reported the cookie: it was found by comparing the browser's cookie jar with what was recorded (an event was lost, or a write failed)";
            "count": Count => "identical observations coalesced, section 4";
            "firstTime": Time => "coalesced: the first";
            "lastTime": Time => "coalesced: the last";
        }
    }
    CookieRemoved ("site") "A cookie went away (expired, deleted by the site, or cleaned up). A header that deletes a cookie is journaled as this, with cause `expired`." {
        required {
            "name": Text => "";
            "domain": Text => "";
            "path": Text => "";
        }
        optional {
            "partitionKey": OrNull(&Text) => "";
            "cause": Text => "as the browser says: `expired`, `explicit`, `evicted`, `overwrite`, `cleanup`…";
            "vendor": VENDOR => "";
            "category": Category => "";
        }
    }
    StorageAdded ("site") "A web-storage key, IndexedDB database, cache or service worker appeared." {
        required {
            "area": Words(StorageArea::WORDS) => "";
            "host": Text => "the origin's host";
            "key": Text => "key, database or cache name, worker scope";
        }
        optional {
            "size": Whole => "in UTF-16 code units of the original";
            "value": OrNull(&Redacted) => "redacted; web storage only";
            "party": PARTY => "";
            "vendor": VENDOR => "";
            "category": Category => "";
            "reason": Text => "";
            "tab": Whole => "sessionStorage: the browser's id of the tab that holds it, since each tab has its own";
            "repaired": True => "the page's key or value held a lone UTF-16 surrogate, shown as U+FFFD";
            "valueTruncated": True => "the value was longer than 4,096 characters: only its start was redacted, or kept";
            "keyLength": Whole => "the key's length when it was longer than 4,096 characters and only its start is kept";
            "count": Count => "identical observations coalesced, section 4";
            "firstTime": Time => "coalesced: the first";
            "lastTime": Time => "coalesced: the last";
        }
    }
    StorageRemoved ("site") "A storage item went away." {
        required {
            "area": Words(StorageArea::WORDS) => "";
            "host": Text => "";
            "key": Text => "";
        }
        optional {
            "vendor": VENDOR => "";
            "category": Category => "";
            "tab": Whole => "sessionStorage: whose tab's item went";
            "cause": Word("tab-closed") => "the item went because its tab closed, or the browser restarted without it; absent when the page removed it";
        }
    }
    RequestSeen ("site") "A page of the site made a request to another party." {
        required {
            "host": Text => "the host contacted";
            "requestType": Words(RequestType::WORDS) => "";
        }
        optional {
            "path": Text => "no query string";
            "pageHost": Text => "";
            "vendor": VENDOR => "";
            "category": Category => "";
            "reason": Text => "";
            "count": Count => "how many such requests";
            "firstTime": Time => "coalesced: the first";
            "lastTime": Time => "coalesced: the last";
        }
    }
    BehaviourSeen ("site") "A script was seen fingerprinting, recording the session or sending typed text (docs/detection.md). Written for each page load that shows the behaviour, and again when the same page shows new signals." {
        required {
            "category": Words(BEHAVIOURS) => "";
            "script": Text => "the responsible script's URL, no query string; empty when the call stack named none";
            "signals": List(&Text) => "the techniques seen";
        }
        optional {
            "host": Text => "the script's";
            "vendor": VENDOR => "";
            "party": PARTY => "";
            "field": OrNull(&Text) => "key-logging: the field's name, id, label or placeholder, never what was typed nor a hash of it";
            "sentTo": List(&Text) => "hosts the data went to";
            "frame": OrNull(&Text) => "the frame's origin when not the top one";
        }
    }
    ConsentChanged ("site") "The consent choice the site's own consent cookie records changed." {
        required {
            "state": Words(CONSENT_STATES) => "";
        }
        optional {
            "cookie": Text => "the consent cookie's name";
            "consent": OrNull(&Object(CONSENT)) => "its parsed content";
        }
    }
    SiteAdded ("site") "A site was added to the watched sites." {
        required {
            "name": Text => "";
            "hosts": List(&Text) => "host patterns";
        }
        optional {}
    }
    SiteRemoved ("site") "A site was removed from the watched sites." {
        required {}
        optional {
            "name": Text => "";
        }
    }
    SiteUpdated ("site") "A watched site's settings changed: its fields after the change." {
        required {}
        optional {
            "name": Text => "";
            "hosts": List(&Text) => "";
            "enabled": Flag => "";
            "keep": List(&Text) => "names cleanup keeps";
            "autoClean": Words(AutoClean::WORDS) => "";
        }
    }
    CleanupRequested ("site") "The user (or the automatic mode) asked to clean a site." {
        required {
            "items": Whole => "planned removals";
        }
        optional {
            "cookies": Whole => "";
            "storage": Whole => "";
            "kept": Whole => "items the keep-list keeps";
            "origins": List(&Text) => "the origins the plan covers";
            "trigger": Words(Trigger::WORDS) => "";
            "mode": Words(AutoClean::WORDS) => "the site's automatic mode";
        }
    }
    CleanupResult ("site") "What a cleanup removed, what it could not, and what was found again." {
        required {
            "removed": Whole => "";
            "failed": Whole => "";
        }
        optional {
            "unsupported": Whole => "";
            "requested": Object(&[req("items", Whole, ""), req("cookies", Whole, ""), req("storage", Whole, "")]) => "";
            "details": List(&Object(CLEANED)) => "each item of the plan";
            "kept": List(&Object(KEPT)) => "what stays, and why";
            "residue": Object(RESIDUE) => "what was found again";
            "unverifiedOrigins": List(&Text) => "origins no page could check";
            "notChecked": List(&Object(UNCHECKED)) => "";
            "openTabs": Whole => "";
            "trigger": Words(Trigger::WORDS) => "";
            "mode": Words(AutoClean::WORDS) => "";
            "startedAt": Time => "";
            "finishedAt": Time => "";
            "durationMs": Whole => "";
        }
    }
    ExportMade ("") "An export was made (site: the site it was filtered to, if any)." {
        required {
            "format": Words(EXPORT_FORMATS) => "";
            "count": Whole => "";
        }
        optional {
            "omitted": Whole => "entries left out";
            "from": OrNull(&Text) => "the period asked for";
            "to": OrNull(&Text) => "";
            "firstSeq": OrNull(&Whole) => "";
            "lastSeq": OrNull(&Whole) => "";
            "headHash": Hash => "the head of the exported run, or of the journal when a diary file was made";
            "sha256": Hash => "HAR and diary files: the SHA-256 of the file";
            "manifestSha256": Hash => "case files: the SHA-256 of `manifest.json`, section 11";
            "filter": Object(&[opt("from", OrNull(&Text), ""), opt("to", OrNull(&Text), "")]) => "diary files: the days";
        }
    }
    EvidenceRecorded ("site") "The user recorded evidence by hand: a screenshot's hash and the site's findings at that moment." {
        required {}
        optional {
            "screenshotSha256": Hash => "SHA-256 of the image bytes";
            "pageUrl": Text => "the page's origin and path, no query string";
            "imageBytes": Whole => "the image's size";
            "findingCount": Whole => "";
            "findings": List(&Object(FINDING)) => "the site's findings";
            "consent": Object(CONSENT) => "what the site's own consent cookie recorded, each null when unknown";
        }
    }
    ArchiveCheckpoint ("") "First entry after the journal was exported and cleared; it carries the chain on (section 5)." {
        required {
            "previousSeq": Whole => "";
            "previousHash": Hash => "";
            "archivedCount": Whole => "";
        }
        optional {}
    }
    SettingsChanged ("") "A setting changed." {
        required {
            "setting": Words(SETTINGS) => "";
            "value": Any => "the new value: preset or site ids, `{name, rules, category}` for a filter list, a list's name, `true`/`false`, a language or null, the timestamp authority's URL or null";
        }
        optional {
            "source": Word("import") => "a settings file switched it on";
        }
    }
    KeyCreated ("") "The installation made its signing key pair (first run, or again after the stored key was lost, so a key change shows in the chain). The private key is never journaled." {
        required {
            "algorithm": Word("Ed25519") => "";
            "publicKey": TextMatching("^[A-Za-z0-9_-]{43}$") => "base64url of the raw 32-byte key";
            "fingerprint": FINGERPRINT => "";
        }
        optional {}
    }
    ReceiptIssued ("") "The user asked for a receipt, which names this very entry's seq and hash." {
        required {
            "fingerprint": FINGERPRINT => "of the signing key";
        }
        optional {}
    }
    LetterDrafted ("") "A letter was drafted from the evidence. The letter, which may hold the user's name and address, is not kept." {
        required {
            "kind": Words(LetterKind::WORDS) => "";
            "sha256": Hash => "of the drafted text";
        }
        optional {}
    }
    LimitReached ("site") "A site went past one of the core's limits: past it the extension keeps what fits, items the catalog knows first (docs/security.md). Written once per limit and host." {
        required {
            "limit": Words(LIMITS) => "";
            "max": Whole => "the limit";
        }
        optional {
            "seen": Whole => "how many the site had";
            "host": Text => "the origin concerned";
        }
    }
    DiaryAdded ("site when seen on a page") "An activity in the work-search diary (docs/diary.md); the entry's seq is the diary entry's id. Texts are the page's or the user's words with runs of white space made one space." {
        required {
            "kind": Words(DIARY_KINDS) => "";
            "source": Words(DIARY_SOURCES) => "who added it: seen on a watched site's page while the diary was on, or typed in by the user";
        }
        optional {
            "page": Text => "the page's path, never its query string";
            "terms": Text => "a search's words, at most 200 characters";
            "place": Text => "a search's town or postcode, at most 200 characters";
            "title": Text => "the job's title, at most 300 characters";
            "employer": Text => "at most 300 characters";
            "reference": Text => "the job's reference on the site, at most 200 characters";
            "status": Words(DIARY_STATUSES) => "applications only";
            "method": Words(DIARY_METHODS) => "";
            "date": Day => "the day it happened, when not the day it was recorded";
            "minutes": WholeIn(0, 1440) => "as the user says";
            "note": Text => "the user's words, at most 2,000 characters";
        }
    }
    DiaryEdited ("") "The user changed a diary entry." {
        required {
            "id": Whole => "the seq of its `diary.added`";
            "changes": Object(DIARY_DETAILS) => "the details that change, with their new values; an empty text clears one";
            "reason": NonEmptyText => "the user's words, at most 500 characters";
        }
        optional {}
    }
    DiaryRemoved ("") "The user took a diary entry out of the diary (its `diary.added` stays in the chain)." {
        required {
            "id": Whole => "";
            "reason": NonEmptyText => "";
        }
        optional {}
    }
    TimestampAdded ("") "A trusted timestamp (RFC 3161) of the journal's head, made when the user asked for one (section 12): the authority signed headHash at genTime." {
        required {
            "headSeq": Seq => "the entry timestamped: always this entry's seq − 1";
            "headHash": Hash => "its hash: always this entry's prevHash, and the token's message imprint";
            "authority": TextMatching("^https?://") => "the URL the request went to, as the options name it";
            "token": TextMatching("^[A-Za-z0-9+/]+={0,2}$") => "the TimeStampToken, a DER CMS SignedData, in standard base64";
            "genTime": Time => "the time in the token";
        }
        optional {
            "signer": Text => "the subject of the certificate that signed it, as the extension read it";
        }
    }
    ;
    CookieChanged as CookieSet ("site") "A cookie's value or attributes changed: the new value and attributes.";
    StorageChanged as StorageAdded ("site") "A storage item's value or size changed.";
}
