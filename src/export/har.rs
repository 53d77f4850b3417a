//! The requests the extension saw, as an HTTP Archive (HAR 1.2), for Chrome
//! DevTools and HAR viewers.
//!
//! One HAR entry per `request.seen` journal entry the filter keeps. A HAR
//! file normally holds what a browser's network panel captured; this one
//! holds only what the journal knows, and says nothing it does not know:
//!
//! - the URL is `https://` + host + path, with no query string (the journal
//!   never records one; watched sites are HTTPS pages, which cannot load
//!   plain-HTTP resources);
//! - the method is `GET` for the resource types a browser always fetches
//!   with GET (scripts, images, frames), `POST` for beacons
//!   (`navigator.sendBeacon` always posts), and `UNKNOWN` otherwise;
//! - headers, cookies, bodies, status and timings were not observed: the
//!   lists are empty, sizes `-1`, status `0`, timings `0`, and each entry's
//!   `comment` says so;
//! - how many times the request was seen, its vendor and category, and the
//!   journal entry it comes from (`_twSeq`, `_twHash`) are custom fields,
//!   which HAR allows when their names start with `_`.

use serde_json::{json, Value};

use super::{ExportInput, Selection};
use crate::journal::EntryType;

/// The HAR file for `input`'s `request.seen` entries, as JSON text.
pub fn to_har(input: &ExportInput) -> String {
    let sel = Selection::new(input);
    let entries: Vec<Value> = sel
        .full()
        .filter(|e| e.kind == EntryType::RequestSeen)
        .map(|e| entry(e.seq, &e.hash, &e.time, e.site.as_deref(), &e.data()))
        .collect();
    let har = json!({
        "log": {
            "version": "1.2",
            "creator": {"name": input.generator.name, "version": input.generator.version},
            "comment": "Requests seen by Tracking Witness on watched sites. Only the host and path of each request were recorded: no query strings, headers, cookies, bodies or timings.",
            "entries": entries,
        }
    });
    let mut out = serde_json::to_string_pretty(&har).unwrap_or_default();
    out.push('\n');
    out
}

fn entry(seq: u64, hash: &str, time: &str, site: Option<&str>, data: &Value) -> Value {
    let s = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or("");
    let kind = s("requestType");
    let method = match kind {
        "script" | "image" | "frame" => "GET",
        "beacon" => "POST",
        _ => "UNKNOWN",
    };
    let path = match s("path") {
        "" => "/",
        p if p.starts_with('/') => p,
        _ => "/",
    };
    let count = data.get("count").and_then(Value::as_u64).unwrap_or(1);
    let first = data.get("firstTime").and_then(Value::as_str).unwrap_or(time);
    let last = data.get("lastTime").and_then(Value::as_str).unwrap_or(time);
    json!({
        "startedDateTime": first,
        "time": 0,
        "request": {
            "method": method,
            "url": format!("https://{}{}", s("host"), path),
            "httpVersion": "",
            "cookies": [],
            "headers": [],
            "queryString": [],
            "headersSize": -1,
            "bodySize": -1,
        },
        "response": {
            "status": 0,
            "statusText": "",
            "httpVersion": "",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": ""},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
        "comment": format!("Seen {count} time(s) from {first} to {last} as a {} request; response and timings not observed.", if kind.is_empty() { "other" } else { kind }),
        "_twSeq": seq,
        "_twHash": hash,
        "_twSite": site,
        "_twCount": count,
        "_twVendor": data.get("vendor").cloned().unwrap_or(Value::Null),
        "_twCategory": data.get("category").cloned().unwrap_or(Value::Null),
        "_twPageHost": data.get("pageHost").cloned().unwrap_or(Value::Null),
    })
}
