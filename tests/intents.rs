//! Intent-level commits: each entry a user action writes has exactly the
//! fields docs/evidence.schema.json lists for its type (no more, no fewer),
//! and the extension's input to an intent is refused when it carries a
//! field the core does not know.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use tracking_witness::cleanup::{self, PlanOptions};
use tracking_witness::intents::{ExportMade, LetterDrafted, SettingsChanged};
use tracking_witness::journal::Head;
use tracking_witness::model::CookieObservation;
use tracking_witness::recorder::{Commit, Recorder};
use tracking_witness::sites::SiteConfig;

const NOW: i64 = 1_764_000_000_000;
const HASH: &str = "3018d506cd186b17a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";

fn schema() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/evidence.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The properties the schema lists for `data` of entries of type `kind`.
fn documented(kind: &str) -> BTreeSet<String> {
    let schema = schema();
    let def = &schema["$defs"][format!("data:{kind}")];
    def["properties"].as_object().unwrap_or_else(|| panic!("no data:{kind} in the schema")).keys().cloned().collect()
}

/// A validator for one entry, with every type's `data` closed: a field the
/// schema does not list fails.
fn strict_entry_validator() -> jsonschema::Validator {
    let mut schema = schema();
    for (name, def) in schema["$defs"].as_object_mut().unwrap() {
        if name.starts_with("data:") {
            def["additionalProperties"] = Value::Bool(false);
        }
    }
    let entry = json!({ "$schema": schema["$schema"], "$ref": "#/$defs/entry", "$defs": schema["$defs"] });
    jsonschema::draft202012::new(&entry).expect("the schema is valid")
}

fn recorder() -> Recorder {
    Recorder::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap(), &[7; 32], Head::default())
}

/// The one entry of `commit`, confirmed, checked against the closed schema.
fn entry(r: &mut Recorder, commit: Commit) -> Value {
    assert_eq!(commit.entries.len(), 1);
    r.confirm(commit.head.seq).unwrap();
    let e = commit.entries[0].to_value();
    let v = strict_entry_validator();
    let errors: Vec<String> = v.iter_errors(&e).map(|err| format!("{err} at {}", err.instance_path)).collect();
    assert!(errors.is_empty(), "{} entry against the schema: {errors:#?}\n{e:#}", e["type"]);
    e
}

fn keys(e: &Value) -> BTreeSet<String> {
    e["data"].as_object().unwrap().keys().cloned().collect()
}

#[test]
fn site_intents_write_the_documented_fields() {
    let mut r = recorder();
    let mut cfg = r.engine().config().clone();
    let id = cfg.add_site("My council", &["council.example".to_owned()]).unwrap().id.clone();
    r.set_config(cfg.clone());
    let c = r.site_added(&id, NOW).unwrap();
    let added = entry(&mut r, c);
    assert_eq!(added["site"], id.as_str());
    assert_eq!(added["data"], json!({"name": "My council", "hosts": ["council.example"]}));
    assert_eq!(keys(&added), documented("site.added"));

    let c = r.site_updated(&id, NOW + 1).unwrap();
    let updated = entry(&mut r, c);
    assert_eq!(keys(&updated), documented("site.updated"));
    assert_eq!(updated["data"]["autoClean"], "off");

    let removed_site = cfg.remove_site(&id).unwrap();
    assert!(r.site_removed(&removed_site, NOW).is_err(), "a site still watched is not journaled as removed");
    r.set_config(cfg);
    let c = r.site_removed(&removed_site, NOW + 2).unwrap();
    let removed = entry(&mut r, c);
    assert_eq!(keys(&removed), documented("site.removed"));
    assert_eq!(r.site_added("nobody", NOW).unwrap_err().kind(), tracking_witness::ErrorKind::UnknownSite);
}

#[test]
fn settings_changes_are_the_known_settings_only() {
    let mut r = recorder();
    let mut seen = BTreeSet::new();
    for change in [
        json!({"setting": "presets", "value": ["uk-find-a-job"]}),
        json!({"setting": "import", "value": ["uk-find-a-job"]}),
        json!({"setting": "filterList", "value": {"name": "EasyPrivacy", "rules": 12, "category": "analytics"}}),
        json!({"setting": "filterListRemoved", "value": "EasyPrivacy"}),
        json!({"setting": "keepRawValues", "value": true, "source": "import"}),
        json!({"setting": "deepInspection", "value": false}),
        json!({"setting": "notifyAutoClean", "value": true}),
        json!({"setting": "watchPrivateWindows", "value": true}),
        json!({"setting": "diary", "value": false}),
        json!({"setting": "language", "value": "cy"}),
        json!({"setting": "language", "value": null}),
    ] {
        let typed: SettingsChanged = serde_json::from_value(change.clone()).unwrap_or_else(|e| panic!("{change}: {e}"));
        let c = r.settings_changed(&typed, NOW).unwrap();
        let e = entry(&mut r, c);
        assert_eq!(e["data"], change, "written as the extension wrote it before");
        seen.extend(keys(&e));
    }
    assert_eq!(seen, documented("settings.changed"));
    for bad in [
        json!({"setting": "keepRawValues", "value": "yes"}),
        json!({"setting": "somethingElse", "value": true}),
        json!({"setting": "deepInspection", "value": true, "by": "page"}),
        json!({"setting": "filterList", "value": {"name": "x", "rules": 1, "category": "analytics", "extra": 1}}),
        json!({"setting": "presets"}),
    ] {
        assert!(serde_json::from_value::<SettingsChanged>(bad.clone()).is_err(), "{bad} was accepted");
    }
}

#[test]
fn export_made_writes_the_documented_fields() {
    let mut r = recorder();
    let mut seen = BTreeSet::new();
    for made in [
        json!({"format": "json", "count": 3, "omitted": 0, "from": "2026-11-01", "to": null, "firstSeq": 1, "lastSeq": 3, "headHash": HASH}),
        json!({"format": "har", "count": 3, "omitted": 1, "from": null, "to": null, "firstSeq": 1, "lastSeq": 3, "headHash": HASH, "sha256": HASH}),
        json!({"format": "casefile", "count": 0, "omitted": 0, "from": null, "to": null, "firstSeq": null, "lastSeq": null, "headHash": HASH, "manifestSha256": HASH}),
    ] {
        let typed: ExportMade = serde_json::from_value(made.clone()).unwrap();
        let c = r.export_made(None, &typed, NOW).unwrap();
        let e = entry(&mut r, c);
        assert_eq!(e["data"], made);
        seen.extend(keys(&e));
    }
    let diary = json!({"format": "diary-csv", "count": 2, "sha256": HASH, "headHash": HASH, "filter": {"from": "2026-11-01", "to": null}});
    let c = r.diary_export_made(&serde_json::from_value(diary.clone()).unwrap(), NOW).unwrap();
    let e = entry(&mut r, c);
    assert_eq!(e["data"], diary);
    seen.extend(keys(&e));
    assert_eq!(seen, documented("export.made"));
    let stray = json!({"format": "csv", "count": 1, "omitted": 0, "headHash": HASH, "note": "hello"});
    assert!(serde_json::from_value::<ExportMade>(stray).is_err());
    let bad_hash: ExportMade = serde_json::from_value(json!({"format": "csv", "count": 1, "omitted": 0, "headHash": "<b>"})).unwrap();
    assert!(r.export_made(None, &bad_hash, NOW).is_err());
}

#[test]
fn letter_drafted_writes_the_documented_fields() {
    let mut r = recorder();
    let letter: LetterDrafted = serde_json::from_value(json!({"kind": "subject-access", "sha256": HASH})).unwrap();
    let c = r.letter_drafted(Some("uk-find-a-job"), &letter, NOW).unwrap();
    let e = entry(&mut r, c);
    assert_eq!(keys(&e), documented("letter.drafted"));
    assert!(serde_json::from_value::<LetterDrafted>(json!({"kind": "subject-access", "sha256": HASH, "text": "Dear"})).is_err());
    assert!(serde_json::from_value::<LetterDrafted>(json!({"kind": "love-letter", "sha256": HASH})).is_err());
}

#[test]
fn evidence_recorded_writes_the_documented_fields() {
    let mut r = recorder();
    let changes = r.engine_mut().observe_cookie(None, &CookieObservation::new("_ga", "GA1.1.1", "findajob.dwp.gov.uk"), NOW);
    let c = r.commit(changes, NOW).unwrap();
    r.confirm(c.head.seq).unwrap();
    let (c, sha) = r.evidence_recorded("findajob.dwp.gov.uk", "https://findajob.dwp.gov.uk/search", b"\x89PNG picture", NOW).unwrap();
    let e = entry(&mut r, c);
    assert_eq!(keys(&e), documented("evidence.recorded"));
    assert_eq!(e["data"]["screenshotSha256"], sha.as_str());
    assert_eq!(e["data"]["findingCount"], 1);
    assert_eq!(e["data"]["findings"][0]["name"], "_ga");
}

#[test]
fn cleanup_intents_write_the_documented_fields() {
    let mut r = recorder();
    let changes = r.engine_mut().observe_cookie(None, &CookieObservation::new("_ga", "GA1.1.1", "findajob.dwp.gov.uk"), NOW);
    let c = r.commit(changes, NOW).unwrap();
    r.confirm(c.head.seq).unwrap();
    let site = r.engine().config().site("uk-find-a-job").unwrap().clone();
    let summary = r.engine().summary_by_id(&site.id).unwrap();
    let plan = cleanup::plan(&site, &summary, &[], NOW, &PlanOptions::default());
    let c = r.cleanup_requested(&plan, NOW).unwrap();
    let requested = entry(&mut r, c);
    assert_eq!(keys(&requested), documented("cleanup.requested"));
    let attempts: Vec<Value> = plan.cookies.iter().map(|c| json!({"id": c.id, "ok": true})).collect();
    let outcome = cleanup::parse_outcome(&json!({"attempts": attempts}).to_string()).unwrap();
    let (c, summary) = r.cleanup_result(&plan, &outcome, NOW, NOW + 5).unwrap();
    let result = entry(&mut r, c);
    assert_eq!(keys(&result), documented("cleanup.result"));
    assert_eq!(result["data"]["removed"], 1);
    assert_eq!(summary.removed_cookies, 1);
}
