//! What JavaScript hands an intent, read by hand and strictly: every field
//! named, every value of the type and vocabulary it must have, and a field
//! the core does not know refused.
//!
//! Two kinds of input come through here. The small intents (`export.made`,
//! `letter.drafted`, `settings.changed`...) are read into their typed
//! structs in [`crate::intents`]; a cleanup's `cleanup.requested` and
//! `cleanup.result` data, which the actions module shapes from the plan and
//! what the browser saw (the judging runs there, not in the module loaded
//! at every wake), are checked field by field against the shape
//! [`crate::cleanup::result_entry`] writes, including the counts agreeing
//! with the items and the fixed explanations, before the recorder journals
//! them.
//!
//! Why by hand: serde's derived readers cost about 1 KB of wasm per field
//! type and per reader, in the module the background loads at every wake.
//! These read a `serde_json::Value`, whose one reader the module has anyway.
//! The small readers are kept out of line (`#[inline(never)]`): inlined at
//! each of their many call sites they made the checks larger, not faster
//! in any way that matters for a check run once per user action.

use serde_json::{Map, Value};

use crate::cleanup::{KeepReason, UncheckedKind, MAX_ERROR_LEN};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Category, Millis};

/// The members of an object.
pub type Fields<'a> = &'a Map<String, Value>;

/// An error for input that is not what an intent takes.
#[inline(never)]
pub fn invalid(what: &str, message: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::InvalidInput, format!("{what}: {message}"))
}

/// `v` as an object, or an error naming `what`.
#[inline(never)]
pub fn object<'a>(v: &'a Value, what: &str) -> Result<Fields<'a>> {
    v.as_object().ok_or_else(|| invalid(what, "must be an object"))
}

/// Refuses a member not in `allowed`.
#[inline(never)]
pub fn only(m: Fields, allowed: &[&str], what: &str) -> Result<()> {
    match m.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(what, format_args!("unknown field {k:?}"))),
        None => Ok(()),
    }
}

/// Refuses a member not in `allowed` and requires every one of them.
#[inline(never)]
pub fn exactly(m: Fields, allowed: &[&str], what: &str) -> Result<()> {
    only(m, allowed, what)?;
    match allowed.iter().find(|k| !m.contains_key(**k)) {
        Some(k) => Err(invalid(what, format_args!("missing field {k:?}"))),
        None => Ok(()),
    }
}

fn get<'a>(m: Fields<'a>, k: &str) -> &'a Value {
    m.get(k).unwrap_or(&Value::Null)
}

/// A string member.
#[inline(never)]
pub fn string<'a>(m: Fields<'a>, k: &str, what: &str) -> Result<&'a str> {
    get(m, k).as_str().ok_or_else(|| invalid(what, format_args!("{k:?} must be a string")))
}

/// A string member, or null / absent.
#[inline(never)]
pub fn opt_string<'a>(m: Fields<'a>, k: &str, what: &str) -> Result<Option<&'a str>> {
    match get(m, k) {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(invalid(what, format_args!("{k:?} must be a string or null"))),
    }
}

/// A whole number member.
#[inline(never)]
pub fn whole(m: Fields, k: &str, what: &str) -> Result<u64> {
    get(m, k).as_u64().ok_or_else(|| invalid(what, format_args!("{k:?} must be a whole number")))
}

/// A whole number member, or null / absent.
#[inline(never)]
pub fn opt_whole(m: Fields, k: &str, what: &str) -> Result<Option<u64>> {
    if get(m, k).is_null() {
        return Ok(None);
    }
    whole(m, k, what).map(Some)
}

/// A `true` / `false` member.
#[inline(never)]
pub fn boolean(m: Fields, k: &str, what: &str) -> Result<bool> {
    get(m, k).as_bool().ok_or_else(|| invalid(what, format_args!("{k:?} must be true or false")))
}

/// A list member.
#[inline(never)]
pub fn list<'a>(m: Fields<'a>, k: &str, what: &str) -> Result<&'a [Value]> {
    get(m, k).as_array().map(Vec::as_slice).ok_or_else(|| invalid(what, format_args!("{k:?} must be a list")))
}

/// A list of strings.
#[inline(never)]
pub fn strings<'a>(m: Fields<'a>, k: &str, what: &str) -> Result<Vec<&'a str>> {
    list(m, k, what)?.iter().map(|v| v.as_str().ok_or_else(|| invalid(what, format_args!("{k:?} must hold strings")))).collect()
}

/// A string member that is one of `words`.
#[inline(never)]
pub fn word<'a>(m: Fields<'a>, k: &str, words: &[&str], what: &str) -> Result<&'a str> {
    let s = string(m, k, what)?;
    if words.contains(&s) {
        Ok(s)
    } else {
        Err(invalid(what, format_args!("{k:?} must be one of {}", words.join(", "))))
    }
}

/// The spellings of the closed vocabularies a cleanup's entries use (each
/// the serde spelling of the core's enum; a test holds them equal).
pub mod words {
    /// [`crate::model::Party`].
    pub const PARTIES: &[&str] = &["first", "third"];
    /// [`crate::model::FindingKind`].
    pub const FINDING_KINDS: &[&str] = &["cookie", "storage", "request", "behaviour"];
    /// [`crate::model::StorageArea`].
    pub const AREAS: &[&str] = &["local", "session", "indexed-db", "cache-storage", "service-worker"];
    /// [`crate::cleanup::DataType`].
    pub const DATA_TYPES: &[&str] = &["localStorage", "sessionStorage", "indexedDB", "cacheStorage", "serviceWorkers", "cache"];
    /// [`crate::cleanup::Trigger`].
    pub const TRIGGERS: &[&str] = &["manual", "message", "automatic"];
    /// [`crate::sites::AutoClean`].
    pub const AUTO_CLEAN: &[&str] = &["off", "last-tab-closed", "idle", "browser-start"];
    /// The status of one item of a cleanup's result.
    pub const STATUSES: &[&str] = &["removed", "failed", "not-attempted", "still-present", "unsupported"];
    /// Why a cookie is in a cleanup's residue.
    pub const CAUSES: &[&str] = &["not-removed", "appeared"];
}
use words::*;

#[inline(never)]
fn category(m: Fields, k: &str, what: &str) -> Result<()> {
    let s = string(m, k, what)?;
    if Category::ALL.iter().any(|c| c.as_str() == s) {
        Ok(())
    } else {
        Err(invalid(what, format_args!("{k:?} is not a category")))
    }
}

#[inline(never)]
fn origin_like(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(['/', '?', '#', '@', ' ']))
}

#[inline(never)]
fn origins(m: Fields, k: &str, what: &str) -> Result<Vec<String>> {
    let list = strings(m, k, what)?;
    if let Some(bad) = list.iter().find(|o| !origin_like(o)) {
        return Err(invalid(what, format_args!("{bad:?} is not a web origin")));
    }
    Ok(list.into_iter().map(str::to_owned).collect())
}

/// Strictly ascending (as a `BTreeSet` iterates): sorted, each once.
fn ascending(list: &[&str]) -> bool {
    list.windows(2).all(|w| w[0] < w[1])
}

/// Checks `cleanup.requested` data: `{items, cookies, storage, kept,
/// origins, trigger, mode}`, `items` the sum of the two kinds.
pub fn cleanup_requested(d: &Value) -> Result<()> {
    const WHAT: &str = "cleanup request";
    let m = object(d, WHAT)?;
    exactly(m, &["items", "cookies", "storage", "kept", "origins", "trigger", "mode"], WHAT)?;
    let (items, cookies, storage) = (whole(m, "items", WHAT)?, whole(m, "cookies", WHAT)?, whole(m, "storage", WHAT)?);
    whole(m, "kept", WHAT)?;
    if items != cookies + storage {
        return Err(invalid(WHAT, "items must be the cookies and storage areas together"));
    }
    origins(m, "origins", WHAT)?;
    word(m, "trigger", TRIGGERS, WHAT)?;
    word(m, "mode", AUTO_CLEAN, WHAT)?;
    Ok(())
}

const DETAIL_COOKIE: &[&str] =
    &["id", "kind", "name", "host", "domain", "path", "partitionKey", "party", "vendor", "category", "ok", "status", "error"];
const DETAIL_STORAGE: &[&str] = &["id", "kind", "name", "host", "origin", "dataType", "keys", "ok", "status", "error"];
const KEPT: &[&str] = &["kind", "name", "host", "path", "partitionKey", "area", "storeId", "reason", "explanation", "effect", "optional"];

/// Checks `cleanup.result` data as [`crate::cleanup::result_entry`] writes
/// it for a cleanup that ran from `started` to `finished`: the fields and
/// their types, the closed vocabularies, each item's `ok` agreeing with its
/// status and the totals with the items, the items numbered in plan order
/// (`c0`... then `s0`...), the residue's `names` being its cookies' names
/// and storage keys, the fixed explanations, and the times.
pub fn cleanup_result(d: &Value, started: Millis, finished: Millis) -> Result<()> {
    const WHAT: &str = "cleanup result";
    let bad = |msg: &str| invalid(WHAT, msg);
    let m = object(d, WHAT)?;
    exactly(
        m,
        &[
            "removed",
            "failed",
            "unsupported",
            "requested",
            "details",
            "kept",
            "residue",
            "unverifiedOrigins",
            "notChecked",
            "openTabs",
            "trigger",
            "mode",
            "startedAt",
            "finishedAt",
            "durationMs",
        ],
        WHAT,
    )?;
    let requested = object(get(m, "requested"), WHAT)?;
    exactly(requested, &["items", "cookies", "storage"], WHAT)?;
    let (items, cookies, storage) =
        (whole(requested, "items", WHAT)?, whole(requested, "cookies", WHAT)?, whole(requested, "storage", WHAT)?);
    if items != cookies + storage {
        return Err(bad("requested items must be its cookies and storage areas together"));
    }

    // Each item: cookies first, then storage, numbered as the plan did.
    let mut tally = [0u64; 3]; // removed, failed, unsupported
    let (mut n_cookies, mut n_storage) = (0u64, 0u64);
    let details = list(m, "details", WHAT)?;
    for item in details {
        let o = object(item, WHAT)?;
        let id = string(o, "id", WHAT)?;
        match word(o, "kind", &["cookie", "storage"], WHAT)? {
            "cookie" => {
                exactly(o, DETAIL_COOKIE, WHAT)?;
                if n_storage > 0 || id != format!("c{n_cookies}") {
                    return Err(bad("the cookies must come first, numbered c0, c1..."));
                }
                n_cookies += 1;
                string(o, "domain", WHAT)?;
                string(o, "path", WHAT)?;
                opt_string(o, "partitionKey", WHAT)?;
                word(o, "party", PARTIES, WHAT)?;
                opt_string(o, "vendor", WHAT)?;
                category(o, "category", WHAT)?;
            }
            _ => {
                exactly(o, DETAIL_STORAGE, WHAT)?;
                if id != format!("s{n_storage}") {
                    return Err(bad("the storage areas must be numbered s0, s1..."));
                }
                n_storage += 1;
                let data_type = word(o, "dataType", DATA_TYPES, WHAT)?;
                if string(o, "name", WHAT)? != data_type {
                    return Err(bad("a storage item is named by its data type"));
                }
                if !origin_like(string(o, "origin", WHAT)?) {
                    return Err(bad("a storage item's origin must be a web origin"));
                }
                strings(o, "keys", WHAT)?;
            }
        }
        string(o, "name", WHAT)?;
        string(o, "host", WHAT)?;
        let status = word(o, "status", STATUSES, WHAT)?;
        if boolean(o, "ok", WHAT)? != (status == "removed") {
            return Err(bad("an item is ok exactly when it was removed"));
        }
        let error = opt_string(o, "error", WHAT)?;
        if error.is_some() == (status == "removed") && status != "unsupported" {
            return Err(bad("an item has an error exactly when it was not removed"));
        }
        if error.is_some_and(|e| e.chars().count() > MAX_ERROR_LEN + 1) {
            return Err(bad("an item's error is too long"));
        }
        tally[match status {
            "removed" => 0,
            "unsupported" => 2,
            _ => 1,
        }] += 1;
    }
    if (n_cookies, n_storage) != (cookies, storage) {
        return Err(bad("the items must be the ones requested"));
    }
    if [whole(m, "removed", WHAT)?, whole(m, "failed", WHAT)?, whole(m, "unsupported", WHAT)?] != tally {
        return Err(bad("removed, failed and unsupported must count the items"));
    }

    for k in list(m, "kept", WHAT)? {
        let o = object(k, WHAT)?;
        only(o, KEPT, WHAT)?;
        word(o, "kind", FINDING_KINDS, WHAT)?;
        string(o, "name", WHAT)?;
        string(o, "host", WHAT)?;
        for optional in ["path", "partitionKey", "storeId", "effect"] {
            if o.contains_key(optional) {
                string(o, optional, WHAT)?;
            }
        }
        if o.contains_key("area") {
            word(o, "area", AREAS, WHAT)?;
        }
        if o.contains_key("optional") && !boolean(o, "optional", WHAT)? {
            return Err(bad("\"optional\" is written only when true"));
        }
        let reason = string(o, "reason", WHAT)?;
        let reason = KeepReason::ALL.into_iter().find(|r| r.as_str() == reason).ok_or_else(|| bad("unknown reason to keep"))?;
        if string(o, "explanation", WHAT)? != reason.explanation() {
            return Err(bad("a kept item's explanation must be its reason's"));
        }
    }

    let residue = object(get(m, "residue"), WHAT)?;
    exactly(residue, &["cookies", "storage", "names"], WHAT)?;
    let mut found = std::collections::BTreeSet::new();
    for c in list(residue, "cookies", WHAT)? {
        let o = object(c, WHAT)?;
        exactly(o, &["name", "domain", "path", "partitionKey", "cause"], WHAT)?;
        found.insert(string(o, "name", WHAT)?);
        string(o, "domain", WHAT)?;
        string(o, "path", WHAT)?;
        opt_string(o, "partitionKey", WHAT)?;
        word(o, "cause", CAUSES, WHAT)?;
    }
    for s in list(residue, "storage", WHAT)? {
        let o = object(s, WHAT)?;
        exactly(o, &["origin", "area", "key"], WHAT)?;
        if !origin_like(string(o, "origin", WHAT)?) {
            return Err(bad("a residue's origin must be a web origin"));
        }
        word(o, "area", AREAS, WHAT)?;
        found.insert(string(o, "key", WHAT)?);
    }
    let names = strings(residue, "names", WHAT)?;
    if !names.iter().copied().eq(found.iter().copied()) {
        return Err(bad("the residue's names must be its cookies' names and storage keys, sorted"));
    }

    let unverified = strings(m, "unverifiedOrigins", WHAT)?;
    if !ascending(&unverified) || !unverified.iter().all(|o| origin_like(o)) {
        return Err(bad("unverifiedOrigins must be web origins, sorted"));
    }
    let mut last = None;
    for u in list(m, "notChecked", WHAT)? {
        let o = object(u, WHAT)?;
        exactly(o, &["what", "permission", "explanation"], WHAT)?;
        let what = string(o, "what", WHAT)?;
        let kind = UncheckedKind::ALL.into_iter().find(|k| k.as_str() == what).ok_or_else(|| bad("unknown thing not checked"))?;
        if last.is_some_and(|l| l >= kind) {
            return Err(bad("notChecked must be in order, each once"));
        }
        last = Some(kind);
        opt_string(o, "permission", WHAT)?;
        if string(o, "explanation", WHAT)? != kind.explanation() {
            return Err(bad("what was not checked must be explained in the core's words"));
        }
    }

    if whole(m, "openTabs", WHAT)? > u64::from(u32::MAX) {
        return Err(bad("openTabs is too large"));
    }
    word(m, "trigger", TRIGGERS, WHAT)?;
    word(m, "mode", AUTO_CLEAN, WHAT)?;
    if finished < started
        || string(m, "startedAt", WHAT)? != crate::time::rfc3339(started)
        || string(m, "finishedAt", WHAT)? != crate::time::rfc3339(finished)
        || get(m, "durationMs").as_i64() != Some(finished - started)
    {
        return Err(bad("the times must be those of the cleanup"));
    }
    Ok(())
}
