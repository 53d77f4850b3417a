//! `docs/evidence.schema.json` and the entry-type table of
//! `docs/evidence-format.md` are generated from the entry descriptions
//! (`src/journal/entries.rs`): these tests fail when either file is not
//! what the descriptions make, and show that what the core writes is what
//! the schema accepts, with no field outside a type's description.
//!
//! `TW_WRITE_SCHEMA=1 cargo test --test schema` (`make schema`) writes the
//! two files anew instead of comparing them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use tracking_witness::behaviour::{BehaviourObservation, Encoding, PageReport, SendApi, Signal};
use tracking_witness::cleanup::{self, PlanOptions};
use tracking_witness::diary::{Activity, ActivityKind, Details, Method};
use tracking_witness::export::{to_json, ExportInput, Filter, Generator};
use tracking_witness::intents::{DiaryExportMade, ExportMade, LetterDrafted, SettingsChanged, TimestampAdded};
use tracking_witness::journal::describe::{generate, Shape};
use tracking_witness::journal::{append, entries, Entry, EntryType, Head};
use tracking_witness::model::{CookieObservation, RequestObservation, RequestType, StorageArea, StorageObservation};
use tracking_witness::recorder::{Commit, Recorder};
use tracking_witness::sites::SiteConfig;
use tracking_witness::state::CausedBy;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const NOW: i64 = 1_764_000_000_000;
const HASH: &str = "3018d506cd186b17a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";
const SITE: &str = "findajob.dwp.gov.uk";
const TSA: &str = "https://tsa.example/tsr";

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Compares `path` with `made`, or writes it when `TW_WRITE_SCHEMA` is set.
fn fresh(path: &str, made: &str) {
    if std::env::var_os("TW_WRITE_SCHEMA").is_some() {
        std::fs::write(format!("{ROOT}/{path}"), made).unwrap();
        return;
    }
    let now = read(path);
    if now != made {
        let line = now.lines().zip(made.lines()).position(|(a, b)| a != b).unwrap_or(now.lines().count().min(made.lines().count()));
        panic!(
            "{path} is not what the entry descriptions (src/journal/entries.rs) make: it differs from line {}. Run `make schema` to write it anew.",
            line + 1
        );
    }
}

fn made_schema() -> String {
    generate::schema(&read("docs/evidence.schema.template.json")).unwrap()
}

#[test]
fn the_schema_is_what_the_entry_types_make() {
    fresh("docs/evidence.schema.json", &made_schema());
}

#[test]
fn the_docs_table_is_what_the_entry_types_make() {
    fresh("docs/evidence-format.md", &generate::with_table(&read("docs/evidence-format.md")).unwrap());
}

/// A schema or table edited by hand, or left behind by a change to the
/// descriptions, is caught: the comparison above is the one that fails.
#[test]
fn a_stale_schema_or_table_is_told_apart() {
    let made = made_schema();
    let stale = made.replacen("\"rawExpiry\"", "\"rawExpires\"", 1);
    assert_ne!(stale, made, "the schema lists rawExpiry");
    let doc = read("docs/evidence-format.md");
    let table = generate::with_table(&doc).unwrap();
    let row = table.lines().find(|l| l.starts_with("| `site.added`")).unwrap();
    let edited = table.replacen(row, &row.replace("**`hosts`**", "**`hosts`**, `icon`"), 1);
    assert_ne!(generate::with_table(&edited).unwrap(), edited, "a hand-edited row is written anew");
    assert_eq!(generate::with_table(&table).unwrap(), table, "writing it anew changes nothing more");
    assert!(generate::with_table("no markers").is_err());
}

fn walk<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(m) => {
            out.push((at.clone(), v));
            for (k, x) in m {
                walk(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                walk(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_entry_data_definition_is_closed_at_every_depth() {
    let schema: Value = serde_json::from_str(&made_schema()).unwrap();
    let defs = schema["$defs"].as_object().unwrap();
    let types: Vec<&str> =
        schema["$defs"]["entry"]["properties"]["type"]["enum"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(types, EntryType::ALL.map(|t| t.as_str()));
    for t in EntryType::ALL {
        let def = &defs[&format!("data:{t}")];
        let mut objects = Vec::new();
        walk(def, format!("data:{t}"), &mut objects);
        for (at, o) in objects.iter().filter(|(_, o)| o.get("properties").is_some()) {
            assert_eq!(o["additionalProperties"], json!(false), "{at} is not closed");
        }
        let names: Vec<&str> = def["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut want: Vec<&str> = t.field_names().collect();
        let mut got = names.clone();
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "data:{t} lists the type's fields");
        let required: Vec<&str> =
            def.get("required").map_or(vec![], |r| r.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect());
        assert_eq!(required, t.required_data().iter().map(|(f, _)| *f).collect::<Vec<_>>(), "data:{t} requires what the core checks");
    }
}

/// The word lists written as text in the descriptions are the code's own.
#[test]
fn the_descriptions_spell_the_vocabularies_as_the_code_does() {
    use tracking_witness::behaviour::Behaviour;
    use tracking_witness::diary::{ApplicationStatus, Source};
    let behaviours: Vec<&str> =
        [Behaviour::Fingerprinting, Behaviour::SessionReplay, Behaviour::KeyLogging].map(|b| b.category().as_str()).to_vec();
    assert_eq!(behaviours, entries::BEHAVIOURS);
    for w in entries::DIARY_METHODS {
        assert_eq!(Method::parse(w).map(Method::as_str), Some(*w));
    }
    for w in entries::DIARY_STATUSES {
        assert_eq!(ApplicationStatus::parse(w).map(ApplicationStatus::as_str), Some(*w));
    }
    for w in entries::DIARY_SOURCES {
        assert_eq!(Source::parse(w).map(Source::as_str), Some(*w));
    }
    let kinds = [ActivityKind::Search, ActivityKind::View, ActivityKind::Application, ActivityKind::Manual].map(ActivityKind::as_str);
    assert_eq!(kinds, entries::DIARY_KINDS);
    let formats: Vec<String> = ["json", "csv", "html", "har", "casefile"]
        .iter()
        .map(|f| {
            serde_json::to_value(
                serde_json::from_value::<ExportMade>(json!({"format": f, "count": 0, "omitted": 0, "headHash": HASH})).unwrap().format,
            )
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
        })
        .collect();
    assert_eq!(formats, entries::EXPORT_FORMATS[..5]);
    for (i, setting) in entries::SETTINGS.iter().enumerate() {
        let value = match *setting {
            "presets" | "import" => json!(["uk-find-a-job"]),
            "filterList" => json!({"name": "L", "rules": 1, "category": "analytics"}),
            "filterListRemoved" => json!("L"),
            "language" => json!("cy"),
            "timestampAuthority" => json!(TSA),
            _ => json!(i % 2 == 0),
        };
        SettingsChanged::from_value(&json!({"setting": setting, "value": value})).unwrap_or_else(|e| panic!("{setting}: {e}"));
    }
}

// ---- what the core writes ----

struct Run {
    r: Recorder,
    entries: Vec<Entry>,
}

impl Run {
    fn keep(&mut self, commit: tracking_witness::Result<Commit>) {
        let commit = commit.unwrap();
        self.r.confirm(commit.head.seq).unwrap();
        self.entries.extend(commit.entries);
    }

    fn observed(&mut self, changes: Vec<tracking_witness::state::Change>) {
        let c = self.r.commit(changes, NOW);
        self.keep(c);
    }
}

fn storage(area: StorageArea, key: &str, value: &str) -> StorageObservation {
    serde_json::from_value(json!({"area": area, "host": SITE, "key": key, "size": value.len(), "value": value})).unwrap()
}

/// Drives the recorder through every kind of commit the extension asks
/// for, with the marks that appear only now and then (reconciled cookies,
/// clamped expiries, repaired and cut storage, tabs closed, limits).
fn everything() -> Vec<Entry> {
    let mut cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
    cfg.set_option("diary", &json!(true)).unwrap();
    cfg.set_option("timestampAuthority", &json!(TSA)).unwrap();
    let mut run = Run { r: Recorder::new(cfg.clone(), &[7; 32], Head::default()), entries: Vec::new() };
    let key = "A".repeat(43);
    let c = run.r.key_created(&key, NOW);
    run.keep(c);

    // Sites.
    let id = cfg.add_site("My council", &["council.example".to_owned()]).unwrap().id.clone();
    run.r.set_config(cfg.clone());
    let c = run.r.site_added(&id, NOW);
    run.keep(c);
    let c = run.r.site_updated(&id, NOW);
    run.keep(c);
    let gone = cfg.remove_site(&id).unwrap();
    run.r.set_config(cfg.clone());
    let c = run.r.site_removed(&gone, NOW);
    run.keep(c);
    for s in entries::SETTINGS {
        let value = match *s {
            "presets" | "import" => json!(["uk-find-a-job"]),
            "filterList" => json!({"name": "L", "rules": 1, "category": "analytics"}),
            "filterListRemoved" => json!("L"),
            "language" => json!(null),
            "timestampAuthority" => json!(TSA),
            _ => json!(true),
        };
        let change = SettingsChanged::from_value(&json!({"setting": s, "value": value, "source": "import"})).unwrap();
        let c = run.r.settings_changed(&change, NOW);
        run.keep(c);
    }

    // Cookies: set, changed, from a header (clamped), reconciled, removed, consent.
    let e = run.r.engine_mut();
    let mut changes = e.observe_cookie(None, &CookieObservation::new("_ga", "GA1.1.1", SITE), NOW);
    changes.extend(e.observe_cookie(None, &CookieObservation::new("_ga", "GA1.1.2", SITE), NOW + 1));
    changes.extend(e.observe_cookie(
        None,
        &CookieObservation::new("cookies_policy", r#"{"essential":true,"settings":false,"usage":false,"campaigns":false}"#, SITE),
        NOW,
    ));
    let caused =
        CausedBy { tab_id: Some(3), frame_id: Some(0), initiator: Some(format!("https://{SITE}")), request_type: Some("script".into()) };
    let header = tracking_witness::set_cookie::read(
        "IDE=abc; Domain=doubleclick.net; Max-Age=99999999999999999; Secure; SameSite=None",
        "ad.doubleclick.net",
        NOW,
    )
    .unwrap();
    changes.extend(e.observe_set_cookie_header(SITE, &header, &caused, NOW));
    let jar = [
        CookieObservation::new("_ga", "GA1.1.2", SITE),
        CookieObservation::new("cookies_policy", r#"{"essential":true,"settings":false,"usage":false,"campaigns":false}"#, SITE),
        CookieObservation::new("lost", "1", SITE),
    ];
    changes.extend(e.reconcile_cookies(&jar, NOW + 2));
    changes.extend(e.remove_cookie(&CookieObservation::new("lost", "1", SITE), "explicit", NOW + 3));
    changes.extend(e.remove_cookie(&CookieObservation::new("cookies_policy", "", SITE), "explicit", NOW + 3));
    run.observed(changes);

    // Storage: added in a tab (one repaired, one cut), changed, gone with its tab, limits.
    let long_key = "k".repeat(5000);
    let long_value = "v".repeat(5000);
    let mut repaired = storage(StorageArea::Local, "_hjid", "x");
    repaired.repaired = true;
    let items = [repaired, storage(StorageArea::Session, &long_key, &long_value), storage(StorageArea::Local, "ab", "1")];
    let e = run.r.engine_mut();
    let mut changes = e.observe_storage_in_tab(SITE, Some(4), &[StorageArea::Local, StorageArea::Session], &items, NOW);
    let again = [items[0].clone(), items[1].clone(), storage(StorageArea::Local, "ab", "2")];
    changes.extend(e.observe_storage_in_tab(SITE, Some(4), &[StorageArea::Local, StorageArea::Session], &again, NOW + 1));
    changes.extend(e.tab_closed(4, NOW + 2));
    changes.extend(e.note_unreadable(SITE, 3));
    run.observed(changes);

    // Requests and behaviour.
    let request = RequestObservation {
        host: "www.google-analytics.com".into(),
        request_type: RequestType::Beacon,
        path: "/g/collect".into(),
        page_host: SITE.into(),
        filter_match: None,
    };
    let e = run.r.engine_mut();
    let mut changes = e.observe_requests(SITE, &[request], NOW);
    let script = "https://cdn.formassist.example/assist.js";
    let report = PageReport {
        page: "p1".into(),
        observations: vec![BehaviourObservation {
            script: script.into(),
            signal: Signal::TypedDataSent {
                to: "cdn.formassist.example".into(),
                api: SendApi::Fetch,
                field: "q".into(),
                encoding: Encoding::Base64,
                submitted: false,
            },
        }],
    };
    changes.extend(e.observe_behaviour(SITE, Some("https://frame.example"), &report, NOW));
    run.observed(changes);

    // What the user asks for.
    let (c, _) = run.r.evidence_recorded(SITE, &format!("https://{SITE}/search"), b"\x89PNG picture", NOW).unwrap();
    run.keep(Ok(c));
    let site = run.r.engine().config().site("uk-find-a-job").unwrap().clone();
    let summary = run.r.engine().summary_by_id(&site.id).unwrap();
    let plan = cleanup::plan(&site, &summary, &[], NOW, &PlanOptions::default());
    let c = run.r.cleanup_requested(&plan, NOW);
    run.keep(c);
    let mut attempts: Vec<Value> = plan.cookies.iter().map(|c| json!({"id": c.id, "ok": true})).collect();
    attempts.extend(plan.storage.iter().map(|s| json!({"id": s.id, "ok": false, "error": "not allowed"})));
    let outcome = json!({
        "attempts": attempts,
        "residue": {"cookies": [{"name": "_ga", "domain": SITE, "path": "/"}, {"name": "new", "domain": SITE, "path": "/"}],
                    "storage": [{"origin": format!("https://{SITE}"), "area": "local", "key": "ab"}]},
        "openTabs": 1,
        "notChecked": [{"what": "third-party-partitioned", "permission": "<all_urls>"}],
    });
    let outcome = cleanup::parse_outcome(&outcome.to_string()).unwrap();
    let (c, _) = run.r.cleanup_result(&plan, &outcome, NOW, NOW + 5).unwrap();
    run.keep(Ok(c));
    for made in [
        json!({"format": "json", "count": 3, "omitted": 0, "from": "2026-11-01", "to": null, "firstSeq": 1, "lastSeq": 3, "headHash": HASH}),
        json!({"format": "har", "count": 3, "omitted": 1, "from": null, "to": null, "firstSeq": 1, "lastSeq": 3, "headHash": HASH, "sha256": HASH}),
        json!({"format": "casefile", "count": 0, "omitted": 0, "firstSeq": null, "lastSeq": null, "headHash": HASH, "manifestSha256": HASH}),
    ] {
        let c = run.r.export_made(Some("uk-find-a-job"), &ExportMade::from_value(&made).unwrap(), NOW);
        run.keep(c);
    }
    let diary_file =
        json!({"format": "diary-html", "count": 1, "sha256": HASH, "headHash": HASH, "filter": {"from": null, "to": "2026-11-30"}});
    let c = run.r.diary_export_made(&DiaryExportMade::from_value(&diary_file).unwrap(), NOW);
    run.keep(c);
    let c = run.r.letter_drafted(
        Some("uk-find-a-job"),
        &LetterDrafted::from_value(&json!({"kind": "complaint-regulator", "sha256": HASH})).unwrap(),
        NOW,
    );
    run.keep(c);
    let (c, _) = run.r.receipt_issued(&key, NOW).unwrap();
    run.keep(Ok(c));

    // The diary.
    let details = Details {
        note: Some("Rang the depot".into()),
        method: Some(Method::Phone),
        minutes: Some(20),
        date: Some("2026-11-20".into()),
        employer: Some("Depot Ltd".into()),
        ..Details::default()
    };
    let c = run.r.diary_add(Activity { kind: ActivityKind::Manual, details }, NOW);
    run.keep(c);
    let added = run.entries.last().unwrap().seq;
    let c = run.r.diary_edit(added, Details { minutes: Some(25), ..Details::default() }, "It took longer", NOW);
    run.keep(c);
    let c = run.r.diary_remove(added, "Entered twice", NOW);
    run.keep(c);

    // A timestamp of the head, then the archive.
    let head = run.r.head().clone();
    let stamp = TimestampAdded {
        head_seq: head.seq,
        head_hash: head.hash,
        authority: TSA.into(),
        token: "MIIBAA==".into(),
        gen_time: "2026-12-02T06:00:00.000Z".into(),
        signer: Some("CN=Test TSA".into()),
    };
    let c = run.r.timestamp_added(&stamp, NOW);
    run.keep(c);
    let count = run.entries.len() as u64;
    let c = run.r.archive(count, NOW + 10);
    run.keep(c);
    run.entries
}

fn export(entries: Vec<Entry>) -> Value {
    let input = ExportInput {
        generated_at_ms: NOW + 20,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: json!({"browser": {"name": "Firefox", "version": "140"}}),
        sites: vec![],
        entries: entries.into_iter().map(Into::into).collect(),
        prev_hash: tracking_witness::journal::ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: BTreeMap::new(),
        signer_public_key: None,
    };
    serde_json::from_str(&to_json(&input)).unwrap()
}

fn validator(schema: &str) -> jsonschema::Validator {
    jsonschema::draft202012::new(&serde_json::from_str::<Value>(schema).unwrap()).expect("a valid draft 2020-12 schema")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{e} at {}", e.instance_path)).collect()
}

/// Every kind of entry the core writes, exported, is valid against the
/// schema; together they use every field the descriptions list (so the
/// table lists no field the core never writes) but for the few named here.
#[test]
fn what_the_core_writes_the_generated_schema_accepts() {
    let entries = everything();
    let kinds: BTreeSet<EntryType> = entries.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds.len(),
        EntryType::ALL.len(),
        "every type is written: missing {:?}",
        EntryType::ALL.iter().filter(|t| !kinds.contains(t)).collect::<Vec<_>>()
    );
    let mut seen: BTreeSet<(EntryType, String)> = BTreeSet::new();
    for e in &entries {
        for k in e.data.as_object().unwrap().keys() {
            seen.insert((e.kind, k.clone()));
        }
    }
    // Written only by paths this run does not take: the coalescer (not used
    // by the extension today), pages the diary reads, and the change of
    // a site's consent cookie's value (`consent` as an object is written
    // by `evidence.recorded` here).
    let elsewhere: &[(EntryType, &str)] = &[
        (EntryType::CookieSet, "count"),
        (EntryType::CookieSet, "firstTime"),
        (EntryType::CookieSet, "lastTime"),
        (EntryType::StorageAdded, "count"),
        (EntryType::StorageAdded, "firstTime"),
        (EntryType::StorageAdded, "lastTime"),
        (EntryType::RequestSeen, "firstTime"),
        (EntryType::RequestSeen, "lastTime"),
        (EntryType::DiaryAdded, "page"),
        (EntryType::DiaryAdded, "terms"),
        (EntryType::DiaryAdded, "place"),
        (EntryType::DiaryAdded, "title"),
        (EntryType::DiaryAdded, "reference"),
        (EntryType::DiaryAdded, "status"),
    ];
    // The two pairs that share one description count as one.
    let family = |t: EntryType| match t {
        EntryType::CookieChanged => EntryType::CookieSet,
        EntryType::StorageChanged => EntryType::StorageAdded,
        other => other,
    };
    let mut unseen = Vec::new();
    for t in EntryType::ALL {
        for f in t.field_names() {
            let written = seen.iter().any(|(k, g)| family(*k) == family(t) && g == f);
            if !written && !elsewhere.contains(&(family(t), f)) {
                unseen.push(format!("{t}.{f}"));
            }
        }
    }
    assert!(unseen.is_empty(), "described but never written: {unseen:?}");

    let doc = export(entries);
    let generated = made_schema();
    let v = validator(&generated);
    let found = errors(&v, &doc);
    assert!(found.is_empty(), "the export against the generated schema: {found:#?}");
    // And against the file as committed (the other tests say it is the same).
    assert!(errors(&validator(&read("docs/evidence.schema.json")), &doc).is_empty());
}

/// A field the description does not list is refused when the entry is
/// written, whoever hands it over, and refused by the schema when a file
/// holds one.
#[test]
fn a_stray_field_is_refused_on_writing_and_by_the_schema() {
    let mut head = Head::default();
    let err = append(&mut head, NOW, EntryType::SiteAdded, Some("s"), json!({"name": "n", "hosts": [], "icon": "x"})).unwrap_err();
    assert_eq!(err.to_string(), "site.added entry: data.icon is not a field of site.added entries");
    assert_eq!(head, Head::default(), "nothing was appended");
    append(&mut head, NOW, EntryType::SiteAdded, Some("s"), json!({"name": "n", "hosts": []})).unwrap();

    // Data the extension hands over (the actions module made it; JavaScript
    // carries it): a diary entry with a field of its own is not journaled.
    let mut cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
    cfg.set_option("diary", &json!(true)).unwrap();
    let mut r = Recorder::new(cfg, &[7; 32], Head::default());
    let stray = json!({"kind": "manual", "source": "user", "note": "hello", "colour": "red"});
    let err = r.diary_record(EntryType::DiaryAdded, stray, NOW).unwrap_err();
    assert!(err.to_string().contains("data.colour is not a field"), "{err}");
    assert_eq!(r.head(), &Head::default());
    r.diary_record(EntryType::DiaryAdded, json!({"kind": "manual", "source": "user", "note": "hello"}), NOW).unwrap();

    // The schema refuses one at the top and one inside.
    let v = validator(&made_schema());
    let entries = everything();
    let clean = export(entries.clone());
    assert!(errors(&v, &clean).is_empty());
    let i = entries.iter().position(|e| e.kind == EntryType::CookieSet && e.data.get("causedBy").is_some()).unwrap();
    for (at, path) in [("top", vec!["data"]), ("inside", vec!["data", "causedBy"])] {
        let mut doc = clean.clone();
        let mut target = &mut doc["journal"]["entries"][i];
        for p in &path {
            target = &mut target[*p];
        }
        target["stray"] = json!(1);
        let found = errors(&v, &doc);
        assert!(found.iter().any(|e| e.contains("stray")), "a stray field {at} was accepted: {found:?}");
    }
}

/// The shapes' notes in the table: a closed vocabulary lists its words.
#[test]
fn the_table_lists_each_vocabulary() {
    let table = generate::table();
    let row = table.lines().find(|l| l.starts_with("| `storage.added`")).unwrap();
    for w in StorageArea::WORDS {
        assert!(row.contains(&format!("`{w}`")), "{w} missing from {row}");
    }
    assert!(matches!(EntryType::StorageAdded.description().fields[0].shape, Shape::Words(_)));
    assert_eq!(table.lines().count(), 2 + EntryType::ALL.len());
}
