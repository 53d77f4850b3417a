//! The work-search diary on the public API: nothing is recorded while it is
//! off; on, the recorder decides from Find a job's pages what is an
//! activity and journals it; edits and removals name the entry and say
//! why; the entries validate against the evidence schema and verify in the
//! chain; the CSV holds no live formula.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use tracking_witness::diary::book::Book;
use tracking_witness::diary::{export, Activity, Details, PageSeen};
use tracking_witness::export::{to_json, verify_document, ExportInput, Filter, Generator};
use tracking_witness::journal::{Entry, Head, ZERO_HASH};
use tracking_witness::recorder::{Commit, Recorder};
use tracking_witness::sites::SiteConfig;
use tracking_witness::ErrorKind;

mod common;

const T0: i64 = 1_796_112_000_000; // 2026-12-01T08:00:00Z
const MIN: i64 = 60_000;
const SITE: &str = "https://findajob.dwp.gov.uk:8443";

fn recorder(diary: bool) -> Recorder {
    let mut cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
    cfg.set_option("diary", &json!(diary)).unwrap();
    Recorder::new(cfg, &[7; 32], Head::default())
}

fn seen(page: &str, fields: &[(&str, &str)]) -> PageSeen {
    let get = |name: &str| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned());
    PageSeen { page: page.into(), title: get("title"), employer: get("employer"), reference: get("reference") }
}

fn store(r: &mut Recorder, commit: Commit, journal: &mut Vec<Entry>) {
    r.confirm(commit.head.seq).unwrap();
    journal.extend(commit.entries);
}

#[test]
fn with_the_diary_off_nothing_is_recorded() {
    let mut r = recorder(false);
    assert!(r.diary_fields(&format!("{SITE}/details/1001")).is_none(), "the content script is told to read nothing");
    let none = r.diary_page(&format!("{SITE}/search?q=care&w=Leeds"), &seen("p1", &[]), T0).unwrap();
    assert!(none.is_none());
    let activity = Activity::from_value(json!({"kind": "manual", "note": "phoned"})).unwrap();
    assert_eq!(r.diary_add(activity, T0).unwrap_err().kind(), ErrorKind::DiaryOff);
    assert_eq!(r.diary_remove(1, "x", T0).unwrap_err().kind(), ErrorKind::DiaryOff);
    assert_eq!(r.head().seq, 0, "no entry at all");
    assert!(!SiteConfig::default().diary, "off by default");
}

#[test]
fn pages_and_the_user_make_one_checkable_diary() {
    let mut r = recorder(true);
    let mut journal = Vec::new();
    // Only what the site's rule names is read.
    let fields = r.diary_fields(&format!("{SITE}/details/1002")).unwrap();
    assert_eq!(fields, [("title", "main h1"), ("employer", "#job-company"), ("reference", "#job-reference")]);
    assert_eq!(r.diary_fields(&format!("{SITE}/search?q=x")).unwrap(), []);
    assert!(r.diary_fields(&format!("{SITE}/account/saved")).is_none());
    assert!(r.diary_fields("https://www.bystander-news.example/details/1").is_none(), "not a watched site");

    let c = r.diary_page(&format!("{SITE}/search?q=care+assistant&w=Bradford"), &seen("p1", &[]), T0).unwrap().unwrap();
    store(&mut r, c, &mut journal);
    // The same page load sent again (its reply was lost) is taken once.
    assert!(r.diary_page(&format!("{SITE}/search?q=care+assistant&w=Bradford"), &seen("p1", &[]), T0 + 1).unwrap().is_none());
    let job = [("title", "Care Assistant"), ("employer", "Moorside Care Home"), ("reference", "1002")];
    let c = r.diary_page(&format!("{SITE}/details/1002"), &seen("p2", &job), T0 + 5 * MIN).unwrap().unwrap();
    store(&mut r, c, &mut journal);
    let c = r.diary_page(&format!("{SITE}/apply/1002/sent"), &seen("p3", &job), T0 + 20 * MIN).unwrap().unwrap();
    store(&mut r, c, &mut journal);
    // The home page with no search is no activity.
    assert!(r.diary_page(&format!("{SITE}/"), &seen("p4", &[]), T0 + 21 * MIN).unwrap().is_none());

    let call =
        Activity::from_value(json!({"kind": "manual", "note": "Phoned Moorside about the interview", "method": "phone", "minutes": 15}))
            .unwrap();
    let c = r.diary_add(call, T0 + 60 * MIN).unwrap();
    store(&mut r, c, &mut journal);
    let manual_id = journal.last().unwrap().seq;
    let changes = Details::from_value(&json!({"minutes": 25})).unwrap();
    assert!(r.diary_edit(manual_id, changes.clone(), " ", T0).is_err(), "an edit needs a reason");
    let c = r.diary_edit(manual_id, changes, "the call was longer", T0 + 61 * MIN).unwrap();
    store(&mut r, c, &mut journal);
    let c = r.diary_remove(1, "searched for my neighbour", T0 + 62 * MIN).unwrap();
    store(&mut r, c, &mut journal);

    assert_eq!(
        journal.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        ["diary.added", "diary.added", "diary.added", "diary.added", "diary.edited", "diary.removed"]
    );
    assert_eq!(journal[1].site.as_deref(), Some("uk-find-a-job"));
    assert_eq!(journal[2].data["status"], "submitted");
    assert_eq!(journal[0].data["page"], "/search", "no query string in the journal");

    let book = Book::from_entries(&journal);
    let listing = book.list(None, None);
    assert_eq!(listing.entries.len(), 3);
    assert_eq!(listing.removed[0].id, 1);
    assert_eq!(listing.entries[2].details.minutes, Some(25));
    let day = &listing.weeks[0].days[1];
    // The removed search no longer starts the sitting: job page to
    // application, 15 minutes; and the call's 25.
    assert_eq!((day.date.as_str(), day.on_site_minutes, day.added_minutes), ("2026-12-01", 15, 25));

    // In an evidence file the entries validate and the chain verifies.
    let input = ExportInput {
        generated_at_ms: T0 + 70 * MIN,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: json!({}),
        sites: vec![],
        entries: journal.iter().cloned().map(Into::into).collect(),
        prev_hash: ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: BTreeMap::new(),
        signer_public_key: None,
    };
    let doc: Value = serde_json::from_str(&to_json(&input)).unwrap();
    verify_document(&doc).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/evidence.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut bad = doc.clone();
    bad["journal"]["entries"][4]["data"].as_object_mut().unwrap().remove("reason");
    assert!(!validator.is_valid(&bad), "an edit without its reason is refused by the schema");
}

#[test]
fn the_csv_holds_what_pages_and_users_typed_as_text() {
    let mut r = recorder(true);
    let mut journal = Vec::new();
    let hostile = [("title", "=HYPERLINK(\"http://x\",\"y\")"), ("employer", "@SUM(A1)\u{202e}"), ("reference", "+1")];
    let c = r.diary_page(&format!("{SITE}/details/6"), &seen("p1", &hostile), T0).unwrap().unwrap();
    store(&mut r, c, &mut journal);
    let c = r.diary_add(Activity::from_value(json!({"kind": "manual", "note": "-2+3 cells", "minutes": 5})).unwrap(), T0 + MIN).unwrap();
    store(&mut r, c, &mut journal);
    let csv = export::to_csv(&Book::from_entries(&journal).list(None, None));
    let rows = common::parse_csv(csv.trim_start_matches('\u{feff}'));
    assert_eq!(rows[0], export::ENTRY_COLUMNS);
    assert_eq!(rows[1][8], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(rows[1][9], "'@SUM(A1)\u{202e}");
    assert_eq!(rows[1][10], "'+1");
    assert_eq!(rows[2][14], "'-2+3 cells");
    for cell in rows.iter().flatten() {
        assert!(!tracking_witness::export::is_formula_risk(cell) || cell.starts_with('\''), "live formula: {cell:?}");
    }
    let days = rows.iter().position(|r| r[0] == "date").expect("the table of days");
    assert_eq!(rows[days + 2][..4], ["2026-12-01", "0", "5", "5"]);
}

// The entries' data are written and read field by field (for the wasm
// modules' size); serde's derive on the same types says what they must be.
#[test]
fn entry_data_is_what_the_types_say_and_reads_back() {
    use tracking_witness::diary::{DiaryAdded, DiaryEdited, DiaryRemoved};
    let details = Details::from_value(&json!({
        "terms": "care", "place": "Leeds", "title": "T", "employer": "E", "reference": "R",
        "status": "submitted", "method": "post", "date": "2026-12-01", "minutes": 30, "note": "N"
    }))
    .unwrap();
    let added = DiaryAdded {
        kind: tracking_witness::diary::ActivityKind::Application,
        source: tracking_witness::diary::Source::User,
        page: Some("/apply/1".into()),
        details: details.clone(),
    };
    assert_eq!(added.to_data(), serde_json::to_value(&added).unwrap());
    assert_eq!(DiaryAdded::from_data(&added.to_data()), Some(added));
    let edit = DiaryEdited { id: 3, changes: details, reason: "why".into() };
    assert_eq!(edit.to_data(), serde_json::to_value(&edit).unwrap());
    assert_eq!(DiaryEdited::from_data(&edit.to_data()), Some(edit));
    let gone = DiaryRemoved { id: 3, reason: "why".into() };
    assert_eq!(gone.to_data(), serde_json::to_value(&gone).unwrap());
    assert_eq!(DiaryRemoved::from_data(&gone.to_data()), Some(gone));
    // What the user sends is read strictly; the journal leniently.
    assert!(Details::from_value(&json!({"colour": "red"})).is_err());
    assert!(Details::from_value(&json!({"minutes": -1})).is_err());
    assert!(Details::from_value(&json!({"note": null})).is_err());
    assert!(DiaryAdded::from_data(&json!({"kind": "manual", "source": "user", "note": "x", "count": 2, "futureField": 1})).is_some());
}
