//! Intent-level commits: each entry a user action writes has exactly the
//! fields docs/evidence.schema.json lists for its type (no more, no fewer),
//! and the extension's input to an intent is refused when it carries a
//! field the core does not know.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use tracking_witness::cleanup::{self, PlanOptions};
use tracking_witness::intents::{ExportMade, LetterDrafted, SettingsChanged, TimestampAdded};
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
        json!({"setting": "timestampAuthority", "value": "https://tsa.example/tsr"}),
        json!({"setting": "timestampAuthority", "value": null}),
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

/// The main module journals a cleanup's request and verdict as the actions
/// module shaped them, after checking them: anything the judge would not
/// have written is refused, so JavaScript cannot slip its own data in.
#[test]
fn a_cleanup_verdict_the_judge_did_not_write_is_refused() {
    use tracking_witness::checked;
    let mut r = recorder();
    for name in ["_ga", "_hjSessionUser_1"] {
        let changes = r.engine_mut().observe_cookie(None, &CookieObservation::new(name, "1", "findajob.dwp.gov.uk"), NOW);
        let c = r.commit(changes, NOW).unwrap();
        r.confirm(c.head.seq).unwrap();
    }
    let input = cleanup::PlanInput::read(&cleanup::plan_input(r.engine(), "findajob.dwp.gov.uk").unwrap()).unwrap();
    let plan = input.plan(NOW, &PlanOptions::default());
    assert_eq!(plan.cookies.len(), 2);
    let outcome =
        cleanup::parse_outcome(&json!({"attempts": [{"id": "c0", "ok": true}, {"id": "c1", "ok": false, "error": "no"}]}).to_string())
            .unwrap();
    let (data, _) = cleanup::result_entry(&plan, &outcome, NOW, NOW + 5).unwrap();
    checked::cleanup_result(&data, NOW, NOW + 5).unwrap();

    type Tamper = Box<dyn Fn(&mut Value)>;
    let tampered: Vec<(&str, Tamper)> = vec![
        ("a stray field", Box::new(|d| d["note"] = json!("hello"))),
        ("a stray field in an item", Box::new(|d| d["details"][0]["value"] = json!("secret"))),
        ("a count that disagrees", Box::new(|d| d["removed"] = json!(2))),
        ("ok without removal", Box::new(|d| d["details"][1]["ok"] = json!(true))),
        ("an unknown status", Box::new(|d| d["details"][1]["status"] = json!("vanished"))),
        ("items renumbered", Box::new(|d| d["details"][0]["id"] = json!("c7"))),
        ("an item dropped", Box::new(|d| drop(d["details"].as_array_mut().unwrap().pop()))),
        (
            "a made-up explanation",
            Box::new(|d| {
                d["kept"] = json!([{"kind": "cookie", "name": "x", "host": "h", "reason": "keep-list", "explanation": "trust me"}])
            }),
        ),
        ("residue names that are not its items", Box::new(|d| d["residue"]["names"] = json!(["_ga"]))),
        ("other times", Box::new(|d| d["durationMs"] = json!(4))),
        ("an unknown trigger", Box::new(|d| d["trigger"] = json!("javascript"))),
        ("a missing field", Box::new(|d| drop(d.as_object_mut().unwrap().remove("openTabs")))),
    ];
    for (what, change) in tampered {
        let mut bad = data.clone();
        change(&mut bad);
        assert!(checked::cleanup_result(&bad, NOW, NOW + 5).is_err(), "{what} was accepted");
        assert!(r.cleanup_result_data("uk-find-a-job", bad, NOW, NOW + 5).is_err(), "{what} was journaled");
    }
    assert!(r.cleanup_result_data("nobody", data.clone(), NOW, NOW + 5).is_err(), "a verdict for a site not watched");
    let c = r.cleanup_result_data("uk-find-a-job", data, NOW, NOW + 5).unwrap();
    assert_eq!(entry(&mut r, c)["data"]["details"][1]["status"], "failed");

    let request = cleanup::requested_entry(&plan);
    checked::cleanup_requested(&request).unwrap();
    for (what, key, value) in [
        ("a stray field", "note", json!("x")),
        ("items that are not the cookies and storage", "items", json!(1)),
        ("an origin that is not one", "origins", json!(["javascript:alert(1)"])),
        ("an unknown mode", "mode", json!("sometimes")),
    ] {
        let mut bad = request.clone();
        bad[key] = value;
        assert!(r.cleanup_requested_data("uk-find-a-job", bad, NOW).is_err(), "{what} was journaled");
    }
}

/// The checks' word lists are the core's own spellings.
#[test]
fn the_checks_spell_each_vocabulary_as_the_core_does() {
    use tracking_witness::checked::words;
    use tracking_witness::cleanup::{DataType, Trigger};
    use tracking_witness::model::{FindingKind, Party, StorageArea};
    use tracking_witness::sites::AutoClean;
    fn spelled<T: serde::Serialize>(all: &[T]) -> Vec<String> {
        all.iter().map(|v| serde_json::to_value(v).unwrap().as_str().unwrap().to_owned()).collect()
    }
    assert_eq!(spelled(&[Party::First, Party::Third]), words::PARTIES);
    assert_eq!(spelled(&[FindingKind::Cookie, FindingKind::Storage, FindingKind::Request, FindingKind::Behaviour]), words::FINDING_KINDS);
    let areas = [StorageArea::Local, StorageArea::Session, StorageArea::IndexedDb, StorageArea::CacheStorage, StorageArea::ServiceWorker];
    assert_eq!(spelled(&areas), words::AREAS);
    let types = [
        DataType::LocalStorage,
        DataType::SessionStorage,
        DataType::IndexedDb,
        DataType::CacheStorage,
        DataType::ServiceWorkers,
        DataType::Cache,
    ];
    assert_eq!(spelled(&types), words::DATA_TYPES);
    assert_eq!(spelled(&[Trigger::Manual, Trigger::Message, Trigger::Automatic]), words::TRIGGERS);
    assert_eq!(spelled(&[AutoClean::Off, AutoClean::LastTabClosed, AutoClean::Idle, AutoClean::BrowserStart]), words::AUTO_CLEAN);
    assert_eq!(spelled(&tracking_witness::cleanup::KeepReason::ALL), tracking_witness::cleanup::KeepReason::ALL.map(|r| r.as_str()));
    assert_eq!(spelled(&tracking_witness::cleanup::UncheckedKind::ALL), tracking_witness::cleanup::UncheckedKind::ALL.map(|k| k.as_str()));
}

/// Issue 10: `timestamp.added` is taken only for the head as it stands,
/// only from the authority the options name, with the documented fields.
#[test]
fn timestamp_added_is_for_the_current_head_and_the_named_authority() {
    let mut r = recorder();
    let c = CookieObservation::new("a", "v", "findajob.dwp.gov.uk");
    let changes = r.engine_mut().observe_cookie(None, &c, NOW);
    let commit = r.commit(changes, NOW).unwrap();
    r.confirm(commit.head.seq).unwrap();
    let head = r.head().clone();
    let stamp = |seq: u64, hash: &str, authority: &str, gen_time: &str| TimestampAdded {
        head_seq: seq,
        head_hash: hash.to_owned(),
        authority: authority.to_owned(),
        token: "MIIBAA==".to_owned(),
        gen_time: gen_time.to_owned(),
        signer: Some("CN=Test TSA".to_owned()),
    };
    const URL: &str = "https://tsa.example/tsr";
    const TIME: &str = "2026-12-02T06:00:00.000Z";
    let good = stamp(head.seq, &head.hash, URL, TIME);
    assert!(r.timestamp_added(&good, NOW).is_err(), "no authority named in the options yet");
    let mut cfg = r.engine().config().clone();
    for bad in ["ftp://tsa.example/", "https://user:pw@tsa.example/", "https:///x", "https://tsa.example/#x", "https://tsa example/"] {
        assert!(cfg.set_option("timestampAuthority", &json!(bad)).is_err(), "{bad} accepted");
    }
    cfg.set_option("timestampAuthority", &json!(format!(" {URL} "))).unwrap();
    assert_eq!(cfg.timestamp_authority.as_deref(), Some(URL), "trimmed");
    r.set_config(cfg);
    for (why, bad) in [
        ("an older head", stamp(head.seq - 1, &head.hash, URL, TIME)),
        ("another hash", stamp(head.seq, HASH, URL, TIME)),
        ("another authority", stamp(head.seq, &head.hash, "https://other.example/", TIME)),
        ("a time without milliseconds", stamp(head.seq, &head.hash, URL, "2026-12-02T06:00:00Z")),
        ("a token that is not base64", TimestampAdded { token: "<svg>".into(), ..stamp(head.seq, &head.hash, URL, TIME) }),
    ] {
        assert!(r.timestamp_added(&bad, NOW).is_err(), "{why} was journaled");
    }
    let c = r.timestamp_added(&good, NOW + 1).unwrap();
    let e = entry(&mut r, c);
    assert_eq!(e["prevHash"], head.hash.as_str(), "it follows the entry it timestamps");
    assert_eq!(e["data"]["headSeq"], head.seq);
    assert_eq!(keys(&e), documented("timestamp.added"));
}
