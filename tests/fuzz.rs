//! Property tests of the parsers and escapers that see hostile input
//! (issue 11): the `Set-Cookie` reader, settings import, the CSV and HTML
//! escaping, and the storage observation path fed arbitrary UTF-16 the way
//! JavaScript sends it. (Evidence verify is in tests/verify.rs and filter-list
//! import in filters/tests/arbitrary.rs; `make fuzz` runs those with a
//! million cases too.) `cargo test` runs a short pass; `make fuzz` runs each with a million
//! cases (TW_FUZZ_CASES), in release mode.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tracking_witness::export::{to_csv, to_html, ExportInput, Filter, Generator, Labels};
use tracking_witness::journal::{Head, MAX_SAFE_INTEGER};
use tracking_witness::model::{read_each, StorageArea, StorageObservation};
use tracking_witness::recorder::Recorder;
use tracking_witness::set_cookie::{self, MAX_LIFETIME_SECONDS};
use tracking_witness::sites::SiteConfig;
use tracking_witness::state::CausedBy;
use tracking_witness::untrusted::{is_invisible_control, repair_json_surrogates};

mod common;
use common::stored;

/// Commits and confirms, as the extension does once the store has the commit.
const HOST: &str = "findajob.dwp.gov.uk";
const NOW: i64 = 1_795_348_436_000;

thread_local! {
    // One recorder per test thread, reused by every case: building the
    // site contexts is most of a fresh one's cost. Cases use new minutes
    // and new keys so earlier ones do not change what is checked.
    static RECORDER: std::cell::RefCell<(Recorder, i64)> =
        std::cell::RefCell::new((Recorder::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap(), &[1; 32], Head::default()), 0));
}

/// Runs `f` with the shared recorder and a time in a minute no case used.
fn with_recorder<T>(f: impl FnOnce(&mut Recorder, i64, i64) -> T) -> T {
    RECORDER.with(|r| {
        let (rec, n) = &mut *r.borrow_mut();
        *n += 1;
        f(rec, NOW + *n * 60_000, *n)
    })
}

fn config() -> Config {
    let cases = std::env::var("TW_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    Config { cases, rng_seed: RngSeed::Fixed(0x686f_7374), failure_persistence: None, ..Config::default() }
}

/// What `JSON.stringify` writes for a JavaScript string of these UTF-16
/// code units: pairs as characters, lone surrogates as `\uXXXX` escapes.
fn js_stringify(units: &[u16]) -> String {
    let mut out = String::from("\"");
    for r in char::decode_utf16(units.iter().copied()) {
        match r {
            Ok('"') => out.push_str("\\\""),
            Ok('\\') => out.push_str("\\\\"),
            Ok(c) if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            Ok(c) => out.push(c),
            Err(e) => out.push_str(&format!("\\u{:04x}", e.unpaired_surrogate())),
        }
    }
    out.push('"');
    out
}

/// Code units weighted towards the ones that break things.
fn units() -> impl Strategy<Value = Vec<u16>> {
    let unit = prop_oneof![
        3 => any::<u16>(),
        2 => 0xD800u16..0xE000,
        1 => Just(0x202E),
        1 => prop::sample::select(vec![b'=' as u16, b'<' as u16, b'"' as u16, b'\\' as u16, b'\n' as u16, 0xFF1D, 0]),
        2 => 0x20u16..0x7F,
    ];
    prop::collection::vec(unit, 0..40)
}

fn line() -> impl Strategy<Value = String> {
    let attr = prop_oneof![
        Just("Max-Age=99999999999999999".to_owned()),
        Just("Max-Age=-1".to_owned()),
        Just("Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned()),
        Just("Domain=.dwp.gov.uk".to_owned()),
        Just("Partitioned; Secure".to_owned()),
        "(?i)(max-age|expires|domain|path|samesite)=[ -~]{0,30}",
        any::<String>(),
    ];
    ("[ -~]{0,12}", "[ -~]{0,12}", prop::collection::vec(attr, 0..5))
        .prop_map(|(n, v, attrs)| std::iter::once(format!("{n}={v}")).chain(attrs).collect::<Vec<_>>().join("; "))
}

/// A value a hostile or broken settings file might hold anywhere.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::String),
        units().prop_map(|u| Value::String(String::from_utf16_lossy(&u))),
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        any::<bool>().prop_map(Value::Bool),
        Just(json!({"unknown": [1, {"x": null}]})),
        Just(json!([])),
        Just(json!("*.gov.uk")),
        Just(json!(["gov.uk", "*", "", "localhost"])),
    ]
}

/// Every leaf of `v` (and every array and object), as JSON pointers.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| pointers(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)),
        _ => {}
    }
    out.push(at);
}

fn export_with(name: &str) -> ExportInput {
    ExportInput {
        generated_at_ms: NOW,
        generator: Generator { name: "Tracking Witness".into(), version: "fuzz".into() },
        environment: Value::Null,
        sites: vec![json!({
            "site": {"id": "s", "name": name, "hosts": [name]},
            "findings": [{"kind": "storage", "name": name, "host": name, "party": "first", "partitioned": false,
                          "vendor": null, "vendorName": null, "category": "analytics", "retentionSeconds": null,
                          "firstSeen": "2026-11-22T11:53:56.000Z", "lastSeen": "2026-11-22T11:53:56.000Z", "count": 1,
                          "reason": name, "consentBreach": true, "detail": {}}],
            "consent": {"usage": name},
        })],
        entries: Vec::new(),
        prev_hash: tracking_witness::journal::ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: BTreeMap::new(),
        signer_public_key: None,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn set_cookie_never_panics_and_every_expiry_is_one_a_browser_keeps(line in line()) {
        if let Some(sc) = set_cookie::read(&line, "px.tracker.example", NOW) {
            if let Some(e) = sc.cookie.expiration_date {
                prop_assert!(e >= 0.0 && e <= (NOW / 1000 + MAX_LIFETIME_SECONDS) as f64, "{e} from {line:?}");
            }
            // Whatever it read, the journal takes it.
            let commit = with_recorder(|r, now, _| {
                let changes = r.engine_mut().observe_set_cookie_header(HOST, &sc, &CausedBy::default(), now);
                stored(r, changes, now)
            });
            prop_assert!(commit.is_ok(), "{:?} from {line:?}", commit.err());
            for e in commit.unwrap().entries {
                if let Some(n) = e.to_value()["data"]["retentionSeconds"].as_u64() {
                    prop_assert!(n <= MAX_LIFETIME_SECONDS as u64 && n <= MAX_SAFE_INTEGER);
                }
            }
        }
    }

    #[test]
    fn storage_snapshots_of_arbitrary_utf16_are_read_item_by_item(keys in prop::collection::vec((units(), units()), 1..6)) {
        let case = with_recorder(|_, _, n| n);
        // Keys no earlier case used.
        let keys: Vec<(Vec<u16>, Vec<u16>)> = keys
            .into_iter()
            .map(|(k, v)| (format!("{case}:").encode_utf16().chain(k).collect(), v))
            .collect();
        // The snapshot as JSON.stringify would send it.
        let items: Vec<String> = keys
            .iter()
            .map(|(k, v)| format!(r#"{{"area":"local","host":"{HOST}","key":{},"size":{},"value":{}}}"#, js_stringify(k), k.len() + v.len(), js_stringify(v)))
            .collect();
        let text = format!("[{}]", items.join(","));
        let (text, _) = repair_json_surrogates(&text);
        let values: Vec<Value> = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        let (read, bad) = read_each::<StorageObservation>(values);
        prop_assert_eq!(bad, 0);
        prop_assert_eq!(read.len(), keys.len());
        for ((k, _), item) in keys.iter().zip(&read) {
            // U+FFFD for each lone surrogate: the length in code units is kept.
            prop_assert_eq!(item.key.encode_utf16().count(), k.len());
            prop_assert_eq!(&item.key, &String::from_utf16_lossy(k));
        }
        let commit = with_recorder(|r, now, _| {
            let changes = r.engine_mut().observe_storage(HOST, &[StorageArea::Local], &read, now);
            stored(r, changes, now)
        });
        prop_assert!(commit.is_ok());
        let distinct: std::collections::BTreeSet<&String> = read.iter().map(|i| &i.key).collect();
        let added = commit.unwrap().entries.iter().filter(|e| e.kind == tracking_witness::journal::EntryType::StorageAdded).count();
        prop_assert_eq!(added, distinct.len());
    }

    #[test]
    fn csv_cells_come_back_as_text_never_as_formulas(s in any::<String>(), u in units()) {
        for name in [s, String::from_utf16_lossy(&u)] {
            let csv = to_csv(&export_with(&name));
            let cells = common::csv_cells(&csv);
            prop_assert!(cells.iter().any(|c| *c == name || c.strip_prefix('\'') == Some(name.as_str())), "{name:?} lost in {csv:?}");
            for c in &cells {
                let first = c.chars().find(|c| !(c.is_whitespace() || is_invisible_control(*c)));
                let live = c.starts_with(['\t', '\r', '\n']) || matches!(first, Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠'));
                prop_assert!(!live, "live formula {c:?}");
            }
        }
    }

    #[test]
    fn settings_import_answers_and_what_it_takes_round_trips(pick in any::<prop::sample::Index>(), with in hostile_value(), junk in any::<String>()) {
        // A real settings file with one value (or one whole part) swapped.
        let mut cfg = SiteConfig::with_presets(&["uk-find-a-job", "uk-universal-credit"]).unwrap();
        cfg.add_site("My council", &["www.mycouncil.gov.uk".to_owned(), "*.mycouncil.gov.uk".to_owned()]).unwrap();
        let mut file: Value = serde_json::from_str(&cfg.to_settings_file()).unwrap();
        let mut all = Vec::new();
        pointers(&file, String::new(), &mut all);
        let at = &all[pick.index(all.len())];
        if at.is_empty() { file = with } else { *file.pointer_mut(at).unwrap() = with; }
        for text in [serde_json::to_string(&file).unwrap(), junk] {
            // Answers, never panics; what it accepts round-trips.
            if let Ok(read) = SiteConfig::from_settings_file(&text) {
                prop_assert_eq!(SiteConfig::from_settings_file(&read.to_settings_file()).unwrap(), read);
            }
        }
    }

    #[test]
    fn html_shows_site_text_only_as_isolated_inert_text(s in any::<String>(), u in units()) {
        for name in [s, String::from_utf16_lossy(&u)] {
            let html = to_html(&export_with(&name), &Labels::english());
            prop_assert!(!html.chars().any(|c| is_invisible_control(c) && c != '\n'), "raw control in the report for {name:?}");
            // Every tag is the report's own.
            for (i, _) in html.match_indices('<') {
                let tag: String = html[i + 1..].trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
                prop_assert!(!tag.is_empty() && !["script", "img", "svg", "iframe", "a", "object"].contains(&tag.to_ascii_lowercase().as_str()) || tag == "svg" && html[i..].starts_with("<svg viewBox"), "tag {tag:?} from {name:?}");
            }
            prop_assert!(html.contains("<bdi>"));
        }
    }
}
