//! Issue 11: what a hostile site sends never blinds the witness. Each test
//! feeds the core what a page or a response could really contain, through
//! the same calls the extension makes, and checks the journal it writes.

use serde_json::Value;
use tracking_witness::journal::{EntryType, Head};
use tracking_witness::model::{read_each, CookieObservation, RequestObservation, RequestType, StorageArea, StorageObservation};
use tracking_witness::recorder::Recorder;
use tracking_witness::set_cookie;
use tracking_witness::sites::SiteConfig;
use tracking_witness::state::{limits, CausedBy};
use tracking_witness::untrusted::repair_json_surrogates;

mod common;
use common::stored;

/// Commits and confirms, as the extension does once the store has the commit.
const HOST: &str = "findajob.dwp.gov.uk";
const NOW: i64 = 1_795_348_436_123;
const fn super_now() -> i64 {
    NOW
}
const TRACKER_KEY: &str = "_hjSessionUser_3547190";

fn recorder() -> Recorder {
    Recorder::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap(), &[9; 32], Head::default())
}

fn item(key: &str, value: &str) -> StorageObservation {
    serde_json::from_value(serde_json::json!({
        "area": "local", "host": HOST, "key": key, "size": key.encode_utf16().count() + value.encode_utf16().count(), "value": value,
    }))
    .unwrap()
}

fn kinds(entries: &[tracking_witness::journal::Entry]) -> Vec<(EntryType, Value)> {
    entries.iter().map(|e| (e.kind, e.to_value()["data"].clone())).collect()
}

// Issue 11 item 1: one key with a lone surrogate made observeStorage refuse
// the whole snapshot, so no key of the origin was recorded.
#[test]
fn lone_surrogates_do_not_take_the_neighbours_down() {
    // What JSON.stringify writes for the content script's items; the
    // content script marks the items it repaired itself, but an older one
    // (or any other caller) may not have.
    let text = format!(
        r#"[{{"area":"local","host":"{HOST}","key":"lz\ud800key","size":6,"value":"ok"}},
            {{"area":"local","host":"{HOST}","key":"{TRACKER_KEY}","size":30,"value":"v\udc00alue"}},
            {{"area":"indexed-db","host":"{HOST}","key":"db\ud83d","size":0}},
            {{"area":"local","host":"{HOST}","key":42}}]"#
    );
    assert!(serde_json::from_str::<Vec<Value>>(&text).is_err(), "serde_json itself refuses lone surrogates");
    let (text, repaired) = repair_json_surrogates(&text);
    assert!(repaired);
    let values: Vec<Value> = serde_json::from_str(&text).unwrap();
    let (items, unreadable) = read_each::<StorageObservation>(values);
    assert_eq!((items.len(), unreadable), (3, 1), "the item with a numeric key is skipped alone");
    let mut r = recorder();
    let mut changes = r.engine_mut().observe_storage(HOST, &[StorageArea::Local, StorageArea::IndexedDb], &items, NOW);
    changes.extend(r.engine_mut().note_unreadable(HOST, unreadable));
    let commit = stored(&mut r, changes, NOW).unwrap();
    let seen = kinds(&commit.entries);
    let keys: Vec<&str> = seen.iter().filter(|(k, _)| *k == EntryType::StorageAdded).map(|(_, d)| d["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["lz\u{fffd}key", TRACKER_KEY, "db\u{fffd}"]);
    let tracker = &seen.iter().find(|(_, d)| d["key"] == TRACKER_KEY).unwrap().1;
    assert_eq!(tracker["vendor"], "hotjar");
    let limit = seen.iter().find(|(k, _)| *k == EntryType::LimitReached).expect("the unreadable item is reported");
    assert_eq!((limit.1["limit"].as_str(), limit.1["seen"].as_u64()), (Some("unreadable-items"), Some(1)));
}

#[test]
fn a_repaired_item_carries_its_flag_into_the_journal_and_the_picture() {
    let mut r = recorder();
    let mut bad = item("k\u{fffd}", "v");
    bad.repaired = true;
    let changes = r.engine_mut().observe_storage(HOST, &[StorageArea::Local], &[bad], NOW);
    let commit = stored(&mut r, changes, NOW).unwrap();
    assert_eq!(commit.entries[0].to_value()["data"]["repaired"], true);
    let f = &r.engine().summary(HOST).unwrap().findings[0];
    assert_eq!(f.detail.repaired, Some(true));
    assert_eq!(f.detail.size, Some(3), "the original's length in UTF-16 code units");
}

// Issue 11 item 2: Max-Age=99999999999999999 made a retention above 2^53,
// and the commit check refused the whole commit.
#[test]
fn a_huge_max_age_commits_with_a_clamped_retention_and_the_raw_attribute() {
    let mut r = recorder();
    const NOW: i64 = super_now() / 1000 * 1000;
    let by =
        CausedBy { tab_id: Some(1), frame_id: Some(0), initiator: Some(format!("https://{HOST}")), request_type: Some("image".into()) };
    let mut changes = Vec::new();
    for line in ["big=1; Domain=tracker.example; Max-Age=99999999999999999", "max=1; Max-Age=9223372036854775807", "fine=1; Max-Age=60"] {
        let sc = set_cookie::read(line, "px.tracker.example", NOW).unwrap();
        changes.extend(r.engine_mut().observe_set_cookie_header(HOST, &sc, &by, NOW));
    }
    let commit = stored(&mut r, changes, NOW).expect("the journal accepts every entry");
    let seen = kinds(&commit.entries);
    assert_eq!(seen.len(), 3, "{seen:?}");
    let max = set_cookie::MAX_LIFETIME_SECONDS as u64;
    assert_eq!(seen[0].1["retentionSeconds"].as_u64(), Some(max));
    assert_eq!(seen[0].1["rawExpiry"], "Max-Age=99999999999999999");
    assert_eq!(seen[1].1["retentionSeconds"].as_u64(), Some(max));
    assert_eq!(seen[2].1["retentionSeconds"].as_u64(), Some(60));
    assert!(seen[2].1.get("rawExpiry").is_none());
    let big = r.engine().summary(HOST).unwrap().findings.into_iter().find(|f| f.name == "big").unwrap();
    assert_eq!(big.detail.raw_expiry.as_deref(), Some("Max-Age=99999999999999999"));
    // The cookie API path: an absurd expiry from the browser commits too.
    let c = CookieObservation { expiration_date: Some(1e300), ..CookieObservation::new("far", "1", HOST) };
    let changes = r.engine_mut().observe_cookie(None, &c, NOW);
    let commit = stored(&mut r, changes, NOW).expect("an absurd expiry does not stop the commit");
    assert_eq!(commit.entries.len(), 1);
}

// Issue 11 item 2: an Expires in 1970 was journaled as cookie.set with a
// year's retention.
#[test]
fn an_expires_in_1970_is_journaled_as_a_removal() {
    let mut r = recorder();
    let by = CausedBy::default();
    let set = set_cookie::read("gone=1; Max-Age=3600", "px.tracker.example", NOW).unwrap();
    let changes = r.engine_mut().observe_set_cookie_header(HOST, &set, &by, NOW);
    stored(&mut r, changes, NOW).unwrap();
    let del = set_cookie::read("gone=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "px.tracker.example", NOW + 1).unwrap();
    let changes = r.engine_mut().observe_set_cookie_header(HOST, &del, &by, NOW + 1);
    let commit = stored(&mut r, changes, NOW + 1).unwrap();
    let seen = kinds(&commit.entries);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, EntryType::CookieRemoved);
    assert_eq!(seen[0].1["cause"], "expired");
    assert!(r.engine().summary(HOST).unwrap().findings.is_empty());
    // A deletion of a cookie never seen records nothing, and never a set.
    let del = set_cookie::read("never=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "px.tracker.example", NOW + 2).unwrap();
    assert!(r.engine_mut().observe_set_cookie_header(HOST, &del, &by, NOW + 2).is_empty());
}

// Issue 11 item 3: no limit on items; and every snapshot rewrote every record.
#[test]
fn a_storage_flood_keeps_the_known_keys_says_so_and_writes_only_what_changed() {
    let mut r = recorder();
    let mut items: Vec<StorageObservation> = (0..20_000).map(|i| item(&format!("flood-{i:05}"), "x")).collect();
    items.push(item(TRACKER_KEY, "{\"id\":\"abc\"}"));
    let areas = [StorageArea::Local];
    let changes = r.engine_mut().observe_storage(HOST, &areas, &items, NOW);
    let commit = stored(&mut r, changes, NOW).unwrap();
    let seen = kinds(&commit.entries);
    let limits_hit: Vec<&Value> = seen.iter().filter(|(k, _)| *k == EntryType::LimitReached).map(|(_, d)| d).collect();
    assert_eq!(limits_hit.len(), 1, "{limits_hit:?}");
    assert_eq!(limits_hit[0]["limit"], "storage-items-per-origin");
    assert_eq!(limits_hit[0]["seen"].as_u64(), Some(20_001));
    assert_eq!(limits_hit[0]["max"].as_u64(), Some(limits::STORAGE_ITEMS_PER_ORIGIN as u64));
    let added = seen.iter().filter(|(k, _)| *k == EntryType::StorageAdded).count();
    assert_eq!(added, limits::STORAGE_ITEMS_PER_ORIGIN);
    assert!(seen.iter().any(|(_, d)| d["key"] == TRACKER_KEY), "the tracker key is kept ahead of the flood");
    let summary = r.engine().summary(HOST).unwrap();
    assert_eq!(summary.verdict.limits.len(), 1);
    assert_eq!(summary.verdict.limits[0].seen, 20_001);

    // The same snapshot again: nothing to journal, nothing to write.
    let changes = r.engine_mut().observe_storage(HOST, &areas, &items, NOW + 10_000);
    assert!(changes.is_empty(), "{} changes", changes.len());
    let commit = stored(&mut r, changes, NOW + 10_000).unwrap();
    assert!(commit.records.is_empty(), "{} records written for an unchanged snapshot", commit.records.len());
    // One value changes: one entry, one record.
    items.last_mut().unwrap().value = Some("{\"id\":\"abd\"}".into());
    let changes = r.engine_mut().observe_storage(HOST, &areas, &items, NOW + 20_000);
    let commit = stored(&mut r, changes, NOW + 20_000).unwrap();
    assert_eq!((commit.entries.len(), commit.records.len()), (1, 1));
    // Keys past the limit are not thereby "removed".
    assert!(kinds(&commit.entries).iter().all(|(k, _)| *k != EntryType::StorageRemoved));
}

#[test]
fn long_keys_and_values_are_cut_with_their_length_kept() {
    let mut r = recorder();
    let key = "k".repeat(10_000);
    let value = "v".repeat(100_000);
    let changes = r.engine_mut().observe_storage(HOST, &[StorageArea::Local], &[item(&key, &value)], NOW);
    let commit = stored(&mut r, changes, NOW).unwrap();
    let seen = kinds(&commit.entries);
    let added = &seen.iter().find(|(k, _)| *k == EntryType::StorageAdded).unwrap().1;
    assert_eq!(added["key"].as_str().unwrap().len(), limits::KEY_CHARS);
    assert_eq!(added["keyLength"].as_u64(), Some(10_000));
    assert_eq!(added["valueTruncated"], true);
    assert_eq!(added["size"].as_u64(), Some(110_000));
    let names: Vec<&str> = seen.iter().filter(|(k, _)| *k == EntryType::LimitReached).map(|(_, d)| d["limit"].as_str().unwrap()).collect();
    assert_eq!(names, ["key-length", "value-length"]);
}

#[test]
fn a_flood_of_third_party_hosts_is_capped_and_said() {
    let mut r = recorder();
    let requests: Vec<RequestObservation> = (0..5_000)
        .map(|i| RequestObservation {
            host: format!("h{i}.flood.example"),
            request_type: RequestType::Image,
            path: "/p".into(),
            page_host: HOST.into(),
            filter_match: None,
        })
        .collect();
    let changes = r.engine_mut().observe_requests(HOST, &requests, NOW);
    let commit = stored(&mut r, changes, NOW).unwrap();
    let seen = kinds(&commit.entries);
    assert_eq!(seen.iter().filter(|(k, _)| *k == EntryType::RequestSeen).count(), limits::THIRD_PARTY_HOSTS);
    let limit: Vec<&Value> = seen.iter().filter(|(k, _)| *k == EntryType::LimitReached).map(|(_, d)| d).collect();
    assert_eq!(limit.len(), 1);
    assert_eq!((limit[0]["limit"].as_str(), limit[0]["seen"].as_u64()), (Some("third-party-hosts"), Some(5_000)));
    // Hosts already known still count their requests.
    let again = r.engine_mut().observe_requests(HOST, &requests[..1], NOW + 1);
    assert_eq!(again.len(), 1);
}

// A browser reports a flood in batches (a content script's every half
// second): the number said is the distinct hosts contacted in all, not
// the limit plus the last batch's (found by tests/e2e/flood.test.mjs, where
// the popup said 1,250 of 5,000). A host refused twice counts once.
#[test]
fn a_flood_reported_in_batches_counts_every_distinct_host_once() {
    let mut r = recorder();
    let requests: Vec<RequestObservation> = (0..5_000)
        .map(|i| RequestObservation {
            host: format!("h{i}.flood.example"),
            request_type: RequestType::Xhr,
            path: "/p".into(),
            page_host: HOST.into(),
            filter_match: None,
        })
        .collect();
    let mut limits_said = 0;
    for (n, batch) in requests.chunks(250).chain(requests[4_000..].chunks(500)).enumerate() {
        let changes = r.engine_mut().observe_requests(HOST, batch, NOW + n as i64);
        limits_said += changes.iter().filter(|c| c.kind == EntryType::LimitReached).count();
    }
    assert_eq!(limits_said, 1);
    let summary = r.engine().summary(HOST).unwrap();
    let note = summary.verdict.limits.iter().find(|l| l.limit == "third-party-hosts").expect("the limit is noted");
    assert_eq!((note.max, note.seen), (1_000, 5_000));
}

#[test]
fn entries_per_minute_are_capped_per_site_and_the_next_minute_starts_afresh() {
    let mut r = recorder();
    let mut total = 0;
    let mut limit_entries = 0;
    // Values that change on every snapshot, 1,000 keys, every 5 s for a minute.
    for round in 0..12 {
        let items: Vec<StorageObservation> = (0..1_000).map(|i| item(&format!("churn-{i}"), &format!("{round}"))).collect();
        let changes = r.engine_mut().observe_storage(HOST, &[StorageArea::Local], &items, NOW - NOW % 60_000 + round * 5_000);
        limit_entries += changes.iter().filter(|c| c.kind == EntryType::LimitReached).count();
        total += changes.len();
    }
    assert_eq!(limit_entries, 1);
    assert_eq!(total, limits::ENTRIES_PER_MINUTE as usize + 1);
    let items: Vec<StorageObservation> = (0..1_000).map(|i| item(&format!("churn-{i}"), "next minute")).collect();
    let changes = r.engine_mut().observe_storage(HOST, &[StorageArea::Local], &items, NOW - NOW % 60_000 + 60_000);
    assert_eq!(changes.len(), 1_000);
}
