//! The public API on a small list written for these tests
//! (tests/data/sample-list.txt), the same one `smoke.mjs` loads in wasm.

use tracking_witness_filters::{ErrorKind, FilterMatch, FilterSet, RequestKind};

const SAMPLE: &str = include_str!("data/sample-list.txt");
const PAGE: &str = "https://jobs.example/search";

fn sample() -> FilterSet {
    let mut set = FilterSet::new();
    set.add_list("sample-list.txt", SAMPLE).unwrap();
    set
}

fn found(set: &FilterSet, url: &str, kind: RequestKind) -> Option<(String, String)> {
    set.match_request(url, PAGE, kind).map(|FilterMatch { list, filter }| (list, filter))
}

fn by(filter: &str) -> Option<(String, String)> {
    Some(("sample-list.txt".to_string(), filter.to_string()))
}

#[test]
fn counts_network_rules_and_ignores_element_hiding() {
    let info = sample().add_list("again", SAMPLE).unwrap();
    assert_eq!((info.name.as_str(), info.rules, info.ignored), ("again", 9, 1));
}

#[test]
fn a_host_filter_names_the_list_and_the_filter() {
    let set = sample();
    assert_eq!(found(&set, "https://tracker.example/t.js", RequestKind::Script), by("||tracker.example^"));
    assert_eq!(found(&set, "https://cdn.tracker.example/p.gif", RequestKind::Image), by("||tracker.example^"));
}

#[test]
fn an_exception_means_no_finding() {
    let set = sample();
    assert_eq!(found(&set, "https://tracker.example/ok.js", RequestKind::Script), None);
}

#[test]
fn important_wins_over_an_exception() {
    let set = sample();
    assert_eq!(found(&set, "https://always.example/allowed.js", RequestKind::Script), by("||always.example^$important"));
}

#[test]
fn third_party_filters_skip_first_party_requests() {
    let set = sample();
    assert_eq!(found(&set, "https://stats.example/collect?v=2&tid=1", RequestKind::Xhr), by("/collect?$third-party"));
    assert_eq!(found(&set, "https://jobs.example/collect?v=2", RequestKind::Xhr), None);
}

#[test]
fn type_options_follow_the_request_kind() {
    let set = sample();
    assert_eq!(found(&set, "https://pixel.adnetwork.example/i.gif", RequestKind::Image), by("||pixel.adnetwork.example^$image"));
    assert_eq!(found(&set, "https://pixel.adnetwork.example/i.js", RequestKind::Script), None);
    assert_eq!(found(&set, "https://cdn.example/beacon/v2/hit", RequestKind::Beacon), by("/beacon/v2/*$ping,third-party"));
    assert_eq!(found(&set, "https://cdn.example/beacon/v2/hit", RequestKind::Image), None);
}

#[test]
fn regex_filters_match() {
    let set = sample();
    assert_eq!(
        found(&set, "https://metrics.acme.example/m.js", RequestKind::Script),
        by(r"/^https?:\/\/metrics\.[a-z]+\.example\/m\.js/$script")
    );
}

#[test]
fn unknown_requests_and_bad_urls_match_nothing() {
    let set = sample();
    assert_eq!(found(&set, "https://fonts.example/a.woff2", RequestKind::Other), None);
    assert_eq!(found(&set, "not a url", RequestKind::Other), None);
    assert_eq!(FilterSet::new().match_request("https://tracker.example/", PAGE, RequestKind::Script), None);
}

#[test]
fn the_deciding_list_is_named_when_there_are_several() {
    let mut set = sample();
    set.add_list("mine", "||cdn.other.example^\n").unwrap();
    assert_eq!(
        found(&set, "https://cdn.other.example/x.js", RequestKind::Script),
        Some(("mine".to_string(), "||cdn.other.example^".to_string()))
    );
    assert_eq!(found(&set, "https://tracker.example/t.js", RequestKind::Script), by("||tracker.example^"));
    let names: Vec<_> = set.lists().into_iter().map(|l| (l.name, l.rules)).collect();
    assert_eq!(names, [("sample-list.txt".to_string(), 9), ("mine".to_string(), 1)]);
}

#[test]
fn re_importing_a_name_replaces_the_list() {
    let mut set = sample();
    set.add_list("sample-list.txt", "||new.example^\n").unwrap();
    assert_eq!(set.lists().len(), 1);
    assert_eq!(found(&set, "https://tracker.example/t.js", RequestKind::Script), None);
    assert!(found(&set, "https://new.example/t.js", RequestKind::Script).is_some());
}

#[test]
fn removing_a_list_stops_its_matches() {
    let mut set = sample();
    set.add_list("mine", "||cdn.other.example^\n").unwrap();
    assert!(set.remove_list("sample-list.txt"));
    assert!(!set.remove_list("sample-list.txt"));
    assert_eq!(found(&set, "https://tracker.example/t.js", RequestKind::Script), None);
    assert!(found(&set, "https://cdn.other.example/x.js", RequestKind::Script).is_some());
    assert!(set.remove_list("mine"));
    assert!(set.lists().is_empty());
}

#[test]
fn files_that_are_not_filter_lists_are_refused_and_change_nothing() {
    let mut set = sample();
    let cases = [
        ("empty", ""),
        ("blank", "\n  \n\t\n"),
        ("comments only", "[Adblock Plus 2.0]\n! Title: nothing here\n"),
        ("element hiding only", "jobs.example##.banner\n##.ad\n"),
        ("html", "<!doctype html>\n<html><body>Not found</body></html>\n"),
        ("json", "{\"sites\": []}\n"),
        ("binary", "PK\u{3}\u{4}\0\0\0binary"),
        ("prose", "Dear claimant,\nyour appointment is on Monday.\n"),
        ("hosts file", "0.0.0.0 tracker.example\n0.0.0.0 ads.example\n"),
    ];
    for (what, text) in cases {
        let err = set.add_list(what, text).expect_err(what);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{what}");
        assert_eq!(err.kind().as_str(), "InvalidInput");
    }
    assert_eq!(set.add_list("  ", SAMPLE).unwrap_err().kind(), ErrorKind::InvalidInput);
    assert_eq!(set.lists().len(), 1);
    assert!(found(&set, "https://tracker.example/t.js", RequestKind::Script).is_some());
}

#[test]
fn serialize_round_trip_keeps_lists_and_matches() {
    let mut set = sample();
    set.add_list("mine", "||cdn.other.example^\n").unwrap();
    let bytes = set.serialize();
    let mut back = FilterSet::deserialize(&bytes).unwrap();
    assert_eq!(back.lists(), set.lists());
    for (url, kind) in [
        ("https://tracker.example/t.js", RequestKind::Script),
        ("https://tracker.example/ok.js", RequestKind::Script),
        ("https://stats.example/collect?v=2", RequestKind::Xhr),
        ("https://cdn.other.example/x.js", RequestKind::Script),
    ] {
        assert_eq!(found(&back, url, kind), found(&set, url, kind), "{url}");
    }
    // The texts came along, so the restored set can still change.
    assert!(back.remove_list("mine"));
    assert_eq!(found(&back, "https://tracker.example/t.js", RequestKind::Script), by("||tracker.example^"));
}

#[test]
fn unreadable_saved_lists_are_corrupt_data() {
    let bytes = sample().serialize();
    let header = 4 + 1 + 4 + 4 + "sample-list.txt".len() + 8 + 4;
    for bad in [&b""[..], &b"TWFL"[..], &b"XXXX\x01\0\0\0\0"[..], &bytes[..header + 10]] {
        assert_eq!(FilterSet::deserialize(bad).unwrap_err().kind(), ErrorKind::CorruptData);
    }
    let mut version = bytes.clone();
    version[4] = 99;
    assert_eq!(FilterSet::deserialize(&version).unwrap_err().kind(), ErrorKind::CorruptData);
}

#[test]
fn a_damaged_engine_is_rebuilt_from_the_saved_lists() {
    let bytes = sample().serialize();
    let engine_start = 4 + 1 + 4 + 4 + "sample-list.txt".len() + 8 + 4 + SAMPLE.len();
    let mut flipped = bytes.clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 0xff;
    for damaged in [&bytes[..engine_start], &bytes[..bytes.len() - 1], &flipped[..]] {
        let set = FilterSet::deserialize(damaged).unwrap();
        assert!(set.rebuilt_on_restore());
        assert_eq!(found(&set, "https://tracker.example/t.js", RequestKind::Script), by("||tracker.example^"));
    }
    assert!(!FilterSet::deserialize(&bytes).unwrap().rebuilt_on_restore());
}

#[test]
fn a_large_list_compiles() {
    let text: String = (0..20_000).map(|i| format!("||t{i}.example^\n")).collect();
    let mut set = FilterSet::new();
    assert_eq!(set.add_list("big", &text).unwrap().rules, 20_000);
    assert!(found(&set, "https://t19999.example/x", RequestKind::Other).is_some());
}

#[test]
fn third_party_uses_the_public_suffix_list() {
    let set = sample();
    let page = "https://findajob.dwp.gov.uk/search";
    let hit = |url: &str| set.match_request(url, page, RequestKind::Xhr).map(|m| m.filter);
    // Another department under gov.uk is another party; dwp.gov.uk is not.
    assert_eq!(hit("https://www.gov.uk/collect?x=1").as_deref(), Some("/collect?$third-party"));
    assert_eq!(hit("https://account.dwp.gov.uk/collect?x=1"), None);
}
