//! Issue 11: sessionStorage is per tab. Two tabs of one site each hold their
//! own; a snapshot from one tab never journals the other's items as removed,
//! and a closed tab's items go with it, said so.

use serde_json::{json, Value};
use tracking_witness::journal::EntryType;
use tracking_witness::model::{FindingKind, StorageArea, StorageObservation};
use tracking_witness::sites::SiteConfig;
use tracking_witness::state::{Change, Engine};

const HOST: &str = "findajob.dwp.gov.uk";
const NOW: i64 = 1_795_348_436_000;

fn session(key: &str) -> StorageObservation {
    serde_json::from_value(json!({"area": "session", "host": HOST, "key": key, "size": 10, "value": "v"})).unwrap()
}

fn snapshot(e: &mut Engine, tab: u32, keys: &[&str], at: i64) -> Vec<Change> {
    let items: Vec<StorageObservation> = keys.iter().map(|k| session(k)).collect();
    e.observe_storage_in_tab(HOST, Some(tab), &[StorageArea::Session], &items, at)
}

fn kinds(changes: &[Change]) -> Vec<(EntryType, String, Value, Value)> {
    changes
        .iter()
        .map(|c| (c.kind, c.data["key"].as_str().unwrap_or("").to_owned(), c.data["tab"].clone(), c.data["cause"].clone()))
        .collect()
}

fn session_findings(e: &Engine) -> Vec<(String, u64, Option<u32>)> {
    let s = e.summary(HOST).unwrap();
    let mut v: Vec<_> = s
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Storage && f.detail.area == Some(StorageArea::Session))
        .map(|f| (f.name.clone(), f.count, f.detail.tabs))
        .collect();
    v.sort();
    v
}

#[test]
fn one_tabs_snapshot_does_not_remove_another_tabs_items() {
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    let added = snapshot(&mut e, 1, &["rxvisitid", "search_state"], NOW);
    assert_eq!(
        kinds(&added).iter().map(|k| (k.0, k.2.clone())).collect::<Vec<_>>(),
        [(EntryType::StorageAdded, json!(1)), (EntryType::StorageAdded, json!(1))]
    );
    // Tab 2 has only its own rxvisitid: nothing of tab 1 is removed.
    let second = snapshot(&mut e, 2, &["rxvisitid"], NOW + 1000);
    assert_eq!(kinds(&second), [(EntryType::StorageAdded, "rxvisitid".into(), json!(2), Value::Null)]);
    // The popup shows one row per key, with how many tabs hold it.
    assert_eq!(session_findings(&e), [("rxvisitid".into(), 2, Some(2)), ("search_state".into(), 1, Some(1))]);
    // Tab 2's page removes its item: only tab 2's record goes.
    let removed = snapshot(&mut e, 2, &[], NOW + 2000);
    assert_eq!(kinds(&removed), [(EntryType::StorageRemoved, "rxvisitid".into(), json!(2), Value::Null)]);
    assert_eq!(session_findings(&e), [("rxvisitid".into(), 1, Some(1)), ("search_state".into(), 1, Some(1))]);
    // Tab 1 closes: its items go, said to be the tab's closing.
    let closed = e.tab_closed(1, NOW + 3000);
    let mut k = kinds(&closed);
    k.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        k,
        [
            (EntryType::StorageRemoved, "rxvisitid".into(), json!(1), json!("tab-closed")),
            (EntryType::StorageRemoved, "search_state".into(), json!(1), json!("tab-closed")),
        ]
    );
    assert!(session_findings(&e).is_empty());
    assert!(e.tab_closed(1, NOW + 4000).is_empty(), "a second close changes nothing");
}

#[test]
fn at_browser_start_tabs_of_the_last_session_are_forgotten() {
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    snapshot(&mut e, 7, &["a"], NOW);
    snapshot(&mut e, 8, &["b"], NOW);
    // localStorage is not a tab's: a start-up never touches it.
    let local: StorageObservation = serde_json::from_value(json!({"area": "local", "host": HOST, "key": "keep_me", "size": 1})).unwrap();
    e.observe_storage_in_tab(HOST, Some(7), &[StorageArea::Local], &[local], NOW);
    let gone = e.tabs_open(&[8], NOW + 1000);
    assert_eq!(kinds(&gone), [(EntryType::StorageRemoved, "a".into(), json!(7), json!("tab-closed"))]);
    let names: Vec<String> = e.summary(HOST).unwrap().findings.iter().map(|f| f.name.clone()).collect();
    assert!(names.contains(&"b".to_owned()) && names.contains(&"keep_me".to_owned()), "{names:?}");
}

#[test]
fn snapshots_without_a_tab_behave_as_before() {
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    e.observe_storage(HOST, &[StorageArea::Session], &[session("x")], NOW);
    // A tab's snapshot sees a record with no tab as its own (written before
    // tabs were told apart).
    let c = snapshot(&mut e, 3, &[], NOW + 1);
    assert_eq!(kinds(&c), [(EntryType::StorageRemoved, "x".into(), Value::Null, Value::Null)]);
}

// An unchanged item seen again moves its lastSeen only when that is saved
// (hourly): otherwise the popup's answer from memory and the answer after a
// worker restart (from the store) disagree, and a page snapshotted every few
// seconds never had its lastSeen saved at all.
#[test]
fn last_seen_moves_only_when_it_is_saved() {
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    let local: StorageObservation =
        serde_json::from_value(json!({"area": "local", "host": HOST, "key": "rxVisitor", "size": 3, "value": "abc"})).unwrap();
    let last_seen = |e: &Engine| e.summary(HOST).unwrap().findings.iter().find(|f| f.name == "rxVisitor").unwrap().last_seen.clone();
    e.observe_storage(HOST, &[StorageArea::Local], std::slice::from_ref(&local), NOW);
    let first = last_seen(&e);
    for step in 1..=30 {
        assert!(e.observe_storage(HOST, &[StorageArea::Local], std::slice::from_ref(&local), NOW + step * 10_000).is_empty());
    }
    assert_eq!(last_seen(&e), first, "seen again within the hour: unchanged, as the store has it");
    e.observe_storage(HOST, &[StorageArea::Local], std::slice::from_ref(&local), NOW + 3_600_000);
    assert_ne!(last_seen(&e), first, "an hour on, it moves (and is saved)");
}
