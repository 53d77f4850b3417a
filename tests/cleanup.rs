//! Cleanup planning and results on the public API: a realistic Find a job
//! picture built the way the stand-in produces it, the keep rules, the
//! journal data, and a property test that a plan never reaches into
//! another site.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};

use tracking_witness::cleanup::*;
use tracking_witness::consent::ConsentState;
use tracking_witness::domain::registrable_domain;
use tracking_witness::journal::EntryType;
use tracking_witness::model::*;
use tracking_witness::sites::{AutoClean, Site, SiteConfig};
use tracking_witness::state::{Detail, Engine, Finding, SiteRef, SiteSummary};
use tracking_witness::ErrorKind;

const NOW: Millis = 1_795_434_836_000;
const FINDAJOB: &str = "findajob.dwp.gov.uk";
const UC: &str = "www.universal-credit.service.gov.uk";
const REFUSED: &str = "%7B%22essential%22%3Atrue%2C%22settings%22%3Afalse%2C%22usage%22%3Afalse%2C%22campaigns%22%3Afalse%7D";

fn cookie(name: &str, domain: &str) -> CookieObservation {
    CookieObservation { expiration_date: Some(1.9e9), ..CookieObservation::new(name, &format!("value-of-{name}"), domain) }
}

fn storage(area: StorageArea, host: &str, key: &str) -> StorageObservation {
    StorageObservation { area, host: host.into(), key: key.into(), size: 10, value: Some("secret-value".into()), origin: None }
}

/// What a visit to the findajob and UC stand-ins, and to the bystander,
/// leaves in the engine.
fn engine(keep: &[&str]) -> Engine {
    let mut cfg = SiteConfig::with_presets(&["uk-find-a-job", "uk-universal-credit"]).unwrap();
    cfg.sites[0].keep = keep.iter().map(|s| (*s).to_owned()).collect();
    let mut e = Engine::new(cfg);
    e.observe_cookie(None, &cookie("_ga", ".dwp.gov.uk"), NOW);
    e.observe_cookie(None, &cookie("findajob_session", FINDAJOB), NOW);
    e.observe_cookie(None, &cookie("JSESSIONID", FINDAJOB), NOW);
    let mut policy = cookie("cookies_policy", FINDAJOB);
    policy.value = REFUSED.into();
    e.observe_cookie(None, &policy, NOW);
    let mut widget = cookie("widget_uid", "embed.jobs-widget.example");
    widget.partition_key = Some("https://dwp.gov.uk".into());
    widget.same_site = SameSite::NoRestriction;
    e.observe_cookie(None, &widget, NOW);
    e.observe_cookie(Some(FINDAJOB), &cookie("fr", ".facebook.com"), NOW);
    // ar_debug is caused by both job sites: shared.
    e.observe_cookie(Some(FINDAJOB), &cookie("ar_debug", ".google-analytics.com"), NOW);
    e.observe_cookie(Some(UC), &cookie("ar_debug", ".google-analytics.com"), NOW);
    e.observe_cookie(None, &cookie("_ga", ".universal-credit.service.gov.uk"), NOW);
    let items = [
        storage(StorageArea::Local, FINDAJOB, "findajob_recent_searches"),
        storage(StorageArea::Local, FINDAJOB, "rxVisitor"),
        storage(StorageArea::Session, FINDAJOB, "rxvisitid"),
        storage(StorageArea::IndexedDb, FINDAJOB, "hotjar"),
        storage(StorageArea::CacheStorage, FINDAJOB, "findajob-static-v1"),
        storage(StorageArea::ServiceWorker, FINDAJOB, "https://findajob.dwp.gov.uk/"),
    ];
    let areas = [StorageArea::Local, StorageArea::Session, StorageArea::IndexedDb, StorageArea::CacheStorage, StorageArea::ServiceWorker];
    e.observe_storage(FINDAJOB, &areas, &items, NOW);
    // The bystander: never watched, never touched.
    e.observe_cookie(None, &cookie("bystander_pref", "www.bystander-news.example"), NOW);
    e.observe_cookie(None, &cookie("_ga", ".bystander-news.example"), NOW);
    e.observe_cookie(Some("www.bystander-news.example"), &cookie("fr", ".facebook.com"), NOW);
    e.observe_storage("www.bystander-news.example", &[StorageArea::Local], &[storage(StorageArea::Local, "www.bystander-news.example", "bystander_seen")], NOW);
    e
}

fn plan_for(e: &Engine, options: &PlanOptions) -> CleanupPlan {
    let site = e.config().site("uk-find-a-job").unwrap();
    let summary = e.summary_by_id("uk-find-a-job").unwrap();
    let others = vec![e.summary_by_id("uk-universal-credit").unwrap()];
    plan(site, &summary, &others, NOW, options)
}

fn planned_names(p: &CleanupPlan) -> Vec<&str> {
    let mut v: Vec<&str> = p.cookies.iter().map(|c| c.name.as_str()).collect();
    v.sort_unstable();
    v
}

fn kept(p: &CleanupPlan, name: &str) -> Option<KeepReason> {
    p.kept.iter().find(|k| k.name == name).map(|k| k.reason)
}

#[test]
fn findajob_plan_covers_first_third_party_and_partitioned_cookies() {
    let p = plan_for(&engine(&[]), &PlanOptions::default());
    assert_eq!(planned_names(&p), ["JSESSIONID", "_ga", "findajob_session", "fr", "widget_uid"]);
    let ga = p.cookies.iter().find(|c| c.name == "_ga").unwrap();
    assert_eq!((ga.domain.as_str(), ga.host_only, ga.party), (".dwp.gov.uk", false, Party::First));
    let session = p.cookies.iter().find(|c| c.name == "findajob_session").unwrap();
    assert_eq!((session.domain.as_str(), session.host_only), (FINDAJOB, true));
    let widget = p.cookies.iter().find(|c| c.name == "widget_uid").unwrap();
    assert_eq!(widget.partition_key.as_deref(), Some("https://dwp.gov.uk"));
    assert_eq!(widget.party, Party::Third);
    assert!(widget.secure);
    let fr = p.cookies.iter().find(|c| c.name == "fr").unwrap();
    assert_eq!((fr.domain.as_str(), fr.party), (".facebook.com", Party::Third));

    assert_eq!(kept(&p, "cookies_policy"), Some(KeepReason::ConsentRefusal));
    assert_eq!(kept(&p, "ar_debug"), Some(KeepReason::SharedThirdParty));
    assert_eq!(p.summary.suggested_keep, ["JSESSIONID"]);
    assert_eq!(
        (p.summary.cookies, p.summary.first_party_cookies, p.summary.third_party_cookies, p.summary.partitioned_cookies),
        (5, 3, 1, 1)
    );

    assert_eq!(p.origins, ["https://findajob.dwp.gov.uk"]);
    assert_eq!(p.hostnames, [FINDAJOB]);
    assert_eq!(p.cookie_domains, ["dwp.gov.uk"]);
    assert_eq!(p.partitions, ["https://dwp.gov.uk"]);
    let types: Vec<DataType> = p.storage.iter().map(|s| s.data_type).collect();
    assert_eq!(
        types,
        [DataType::LocalStorage, DataType::SessionStorage, DataType::IndexedDb, DataType::CacheStorage, DataType::ServiceWorkers, DataType::Cache]
    );
    let local = &p.storage[0];
    assert_eq!(local.known, ["findajob_recent_searches", "rxVisitor"]);
    assert!(local.keep.is_empty());
    assert_eq!(p.summary.storage_areas, 5);

    let text = serde_json::to_string(&p).unwrap();
    for stranger in ["bystander", "universal-credit", "value-of-", "secret-value"] {
        assert!(!text.contains(stranger), "{stranger} in the plan: {text}");
    }
}

#[test]
fn plan_serializes_for_the_shim() {
    let p = plan_for(&engine(&[]), &PlanOptions { known_origins: vec!["https://findajob.dwp.gov.uk:8443/".into(), "https://www.bystander-news.example:8443".into()], ..PlanOptions::default() });
    let v = serde_json::to_value(&p).unwrap();
    let c = v["cookies"].as_array().unwrap().iter().find(|c| c["name"] == "widget_uid").unwrap();
    for key in ["id", "name", "domain", "hostOnly", "path", "secure", "partitionKey", "storeId", "party", "vendor", "category"] {
        assert!(c.get(key).is_some(), "cookie lacks {key}: {c}");
    }
    assert_eq!(v["storage"][2]["dataType"], "indexedDB");
    assert_eq!(v["origins"], json!(["https://findajob.dwp.gov.uk:8443"]));
    assert_eq!(v["hostnames"], json!([FINDAJOB]));
    assert_eq!(v["kept"][0]["explanation"].as_str().map(|s| !s.is_empty()), Some(true));
    assert!(v["summary"]["text"].as_str().unwrap().starts_with("Will remove 5 cookies"));
    // The plan comes back from JS unchanged.
    let back: CleanupPlan = serde_json::from_value(v).unwrap();
    assert_eq!(back, p);
}

#[test]
fn keep_list_is_respected_for_cookies_and_storage() {
    let p = plan_for(&engine(&["findajob_session", "findajob_recent_searches", "hotjar"]), &PlanOptions::default());
    assert!(!planned_names(&p).contains(&"findajob_session"));
    assert_eq!(kept(&p, "findajob_session"), Some(KeepReason::KeepList));
    assert_eq!(kept(&p, "findajob_recent_searches"), Some(KeepReason::KeepList));
    let local = p.storage.iter().find(|s| s.data_type == DataType::LocalStorage).unwrap();
    assert_eq!(local.keep, ["findajob_recent_searches"]);
    assert_eq!(local.known, ["rxVisitor"]);
    let idb = p.storage.iter().find(|s| s.data_type == DataType::IndexedDb).unwrap();
    assert_eq!(idb.keep, ["hotjar"]);
    assert!(idb.known.is_empty());
    // Kept names are no longer suggested; unknown names never are.
    assert_eq!(p.summary.suggested_keep, ["JSESSIONID"]);
    assert!(p.summary.text.contains("keeping"));
}

#[test]
fn consent_refusal_is_kept_unless_the_user_removes_it() {
    let e = engine(&[]);
    assert!(!planned_names(&plan_for(&e, &PlanOptions::default())).contains(&"cookies_policy"));
    let p = plan_for(&e, &PlanOptions { remove_consent_refusal: true, ..PlanOptions::default() });
    assert!(planned_names(&p).contains(&"cookies_policy"));
    assert_eq!(kept(&p, "cookies_policy"), None);
}

#[test]
fn accepted_consent_is_not_protected() {
    let mut e = engine(&[]);
    let mut policy = cookie("cookies_policy", FINDAJOB);
    policy.value = r#"{"essential":true,"settings":true,"usage":true,"campaigns":true}"#.into();
    e.observe_cookie(None, &policy, NOW + 1);
    assert!(planned_names(&plan_for(&e, &PlanOptions::default())).contains(&"cookies_policy"));
}

#[test]
fn shared_third_party_cookie_is_kept_unless_the_user_removes_it() {
    let e = engine(&[]);
    let p = plan_for(&e, &PlanOptions { remove_shared_third_party: true, ..PlanOptions::default() });
    assert!(planned_names(&p).contains(&"ar_debug"));
    // Without the other site's picture, ar_debug is not known to be shared.
    let site = e.config().site("uk-find-a-job").unwrap();
    let alone = plan(site, &e.summary_by_id("uk-find-a-job").unwrap(), &[], NOW, &PlanOptions::default());
    assert!(planned_names(&alone).contains(&"ar_debug"));
}

#[test]
fn expired_cookies_are_not_planned() {
    let p = plan_for(&engine(&[]), &PlanOptions::default());
    let e = engine(&[]);
    let site = e.config().site("uk-find-a-job").unwrap();
    let later = plan(site, &e.summary_by_id("uk-find-a-job").unwrap(), &[], 2_000_000_000_000, &PlanOptions::default());
    assert!(!p.cookies.is_empty());
    assert!(later.cookies.is_empty(), "{:?}", planned_names(&later));
}

fn all_ok(p: &CleanupPlan) -> Vec<Value> {
    p.cookies.iter().map(|c| &c.id).chain(p.storage.iter().map(|s| &s.id)).map(|id| json!({"id": id, "ok": true})).collect()
}

#[test]
fn clean_result_passes_the_journal_check() {
    let p = plan_for(&engine(&[]), &PlanOptions::default());
    let outcome = parse_outcome(&json!({"attempts": all_ok(&p), "storageChecked": ["https://findajob.dwp.gov.uk"]}).to_string()).unwrap();
    let (data, summary) = result_entry(&p, &outcome, NOW, NOW + 840).unwrap();
    EntryType::CleanupResult.check_data(&data).unwrap();
    assert_eq!(data["removed"], p.cookies.len() + p.storage.len());
    assert_eq!(data["failed"], 0);
    assert_eq!(data["durationMs"], 840);
    assert_eq!(data["details"].as_array().unwrap().len(), p.cookies.len() + p.storage.len());
    assert_eq!(data["kept"].as_array().unwrap().len(), p.kept.len());
    assert!(summary.clean, "{summary:?}");
    assert_eq!((summary.removed_cookies, summary.storage_areas_cleared), (5, 5));
    assert_eq!(summary.text, "Removed 5 cookies and 5 storage areas; nothing left behind.");
    let requested = requested_entry(&p);
    EntryType::CleanupRequested.check_data(&requested).unwrap();
    assert_eq!(requested["items"], p.cookies.len() + p.storage.len());
    assert_eq!(requested["trigger"], "manual");
}

#[test]
fn stand_in_origins_with_a_port_are_cleared_and_checked() {
    let options = PlanOptions { known_origins: vec!["https://findajob.dwp.gov.uk:8443".into()], ..PlanOptions::default() };
    let p = plan_for(&engine(&[]), &options);
    assert!(p.storage.iter().all(|s| s.origin == "https://findajob.dwp.gov.uk:8443"));
    let outcome = json!({
        "attempts": all_ok(&p),
        "storageChecked": ["https://findajob.dwp.gov.uk:8443/"],
        "residue": {"storage": [{"origin": "https://findajob.dwp.gov.uk:8443", "area": "indexed-db", "key": "hotjar"}]}
    });
    let (data, summary) = result_entry(&p, &parse_outcome(&outcome.to_string()).unwrap(), NOW, NOW + 5).unwrap();
    assert!(summary.unverified_origins.is_empty());
    assert_eq!(summary.residue, ["hotjar"]);
    assert_eq!(data["residue"]["storage"][0]["origin"], "https://findajob.dwp.gov.uk:8443");
    let idb = p.storage.iter().find(|s| s.data_type == DataType::IndexedDb).unwrap();
    let detail = data["details"].as_array().unwrap().iter().find(|d| d["id"] == idb.id.as_str()).unwrap();
    assert_eq!(detail["status"], "still-present");
}

#[test]
fn residue_failures_and_open_tabs_are_reported_by_name() {
    // keep_me_signed_in was never seen before the cleanup, but the keep-list
    // names it: finding it afterwards is not residue.
    let p = plan_for(&engine(&["keep_me_signed_in"]), &PlanOptions { trigger: Trigger::Automatic, mode: AutoClean::LastTabClosed, ..PlanOptions::default() });
    let fr = p.cookies.iter().find(|c| c.name == "fr").unwrap().id.clone();
    let cache = p.storage.iter().find(|s| s.data_type == DataType::Cache).unwrap().id.clone();
    let mut attempts: Vec<Value> = all_ok(&p).into_iter().filter(|a| a["id"] != fr && a["id"] != cache).collect();
    attempts.push(json!({"id": fr, "ok": false, "error": "No host permission"}));
    attempts.push(json!({"id": cache, "ok": false, "unsupported": true, "error": "not per site in this browser"}));
    let outcome = json!({
        "attempts": attempts,
        "residue": {
            "cookies": [
                {"name": "_ga", "domain": ".dwp.gov.uk", "path": "/"},
                {"name": "_hjSession_123", "domain": ".dwp.gov.uk"},
                {"name": "cookies_policy", "domain": FINDAJOB},
                {"name": "keep_me_signed_in", "domain": FINDAJOB},
                {"name": "bystander_pref", "domain": "www.bystander-news.example"},
                {"name": "widget_uid", "domain": "embed.jobs-widget.example", "partitionKey": "https://bystander-news.example"}
            ],
            "storage": [
                {"origin": "https://findajob.dwp.gov.uk", "area": "local", "key": "rxVisitor"},
                {"origin": "https://www.bystander-news.example", "area": "local", "key": "bystander_seen"}
            ]
        },
        "openTabs": 1
    });
    let (data, summary) = result_entry(&p, &parse_outcome(&outcome.to_string()).unwrap(), NOW, NOW + 1200).unwrap();
    EntryType::CleanupResult.check_data(&data).unwrap();
    assert_eq!(summary.residue, ["_ga", "_hjSession_123", "rxVisitor"]);
    // fr failed; _ga and localStorage said ok but were found again.
    assert_eq!(data["failed"], 3);
    assert_eq!(data["unsupported"], 1);
    assert_eq!(summary.failed, 3);
    assert_eq!(summary.removed_cookies, 3);
    assert!(summary.open_tabs_warning);
    assert_eq!(summary.unverified_origins, ["https://findajob.dwp.gov.uk"]);
    assert!(!summary.clean);
    assert!(summary.text.contains("still there: _ga, _hjSession_123, rxVisitor"), "{}", summary.text);
    assert!(summary.text.contains("Reload or close it"), "{}", summary.text);
    let details = data["details"].as_array().unwrap();
    let fr_detail = details.iter().find(|d| d["id"] == fr).unwrap();
    assert_eq!((fr_detail["ok"].clone(), fr_detail["status"].clone()), (json!(false), json!("failed")));
    assert_eq!(fr_detail["error"], "No host permission");
    let ga_detail = details.iter().find(|d| d["name"] == "_ga").unwrap();
    assert_eq!(ga_detail["status"], "still-present");
    let causes: BTreeMap<String, String> = data["residue"]["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_owned(), c["cause"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(causes["_ga"], "not-removed");
    assert_eq!(causes["_hjSession_123"], "appeared");
    assert_eq!(data["trigger"], "automatic");
    assert_eq!(data["mode"], "last-tab-closed");
    let text = data.to_string();
    assert!(!text.contains("bystander"), "{text}");
    assert!(!text.contains("value-of-"), "{text}");
}

#[test]
fn missing_attempts_count_as_failures() {
    let p = plan_for(&engine(&[]), &PlanOptions::default());
    let (data, summary) = result_entry(&p, &parse_outcome(r#"{"attempts":[]}"#).unwrap(), NOW, NOW).unwrap();
    assert_eq!(data["removed"], 0);
    assert_eq!(data["failed"], p.cookies.len() + p.storage.len());
    assert_eq!(data["details"][0]["status"], "not-attempted");
    assert!(!summary.clean);
}

#[test]
fn bad_outcomes_are_refused_with_a_reason() {
    let p = plan_for(&engine(&[]), &PlanOptions::default());
    let id = p.cookies[0].id.clone();
    let bad_json = [
        r#"{"attempts":[{"id":"c0","ok":true,"value":"leak"}]}"#.to_owned(),
        r#"{"attempts":"all"}"#.to_owned(),
        r#"{"attempts":[],"residue":{"cookies":[{"name":"_ga","domain":".dwp.gov.uk","value":"x"}]}}"#.to_owned(),
        "not json".to_owned(),
    ];
    for text in &bad_json {
        let err = parse_outcome(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{text}");
        assert!(err.message().contains("cleanup report"), "{err}");
    }
    let cases = [
        json!({"attempts": [{"id": "c999", "ok": true}]}),
        json!({"attempts": [{"id": id, "ok": true}, {"id": id, "ok": true}]}),
        json!({"attempts": [{"id": id, "ok": true, "error": "boom"}]}),
        json!({"attempts": [], "residue": {"storage": [{"origin": "nowhere", "area": "local", "key": "k"}]}}),
        json!({"attempts": [], "storageChecked": ["ftp://findajob.dwp.gov.uk"]}),
    ];
    for case in cases {
        let outcome = parse_outcome(&case.to_string()).unwrap();
        let err = result_entry(&p, &outcome, NOW, NOW).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{case}");
    }
    let ok = parse_outcome(r#"{"attempts":[]}"#).unwrap();
    assert_eq!(result_entry(&p, &ok, NOW, NOW - 1).unwrap_err().kind(), ErrorKind::InvalidInput);
}

// ---- property: a plan never reaches into another site ----

const DOMAINS: [&str; 6] = [
    "dwp.gov.uk",
    "universal-credit.service.gov.uk",
    "bystander-news.example",
    "facebook.com",
    "jobs-widget.example",
    "example.co.uk",
];
const PREFIXES: [&str; 4] = ["", "www.", "findajob.", "a.b."];
const NAMES: [&str; 6] = ["a", "_ga", "cookies_policy", "JSESSIONID", "fr", "keep_me"];

fn host_strategy() -> impl Strategy<Value = String> {
    (0..PREFIXES.len(), 0..DOMAINS.len()).prop_map(|(p, d)| format!("{}{}", PREFIXES[p], DOMAINS[d]))
}

fn pattern_strategy() -> impl Strategy<Value = String> {
    (any::<bool>(), host_strategy()).prop_map(|(wild, h)| if wild { format!("*.{h}") } else { h })
}

#[derive(Debug, Clone)]
struct CookieSpec {
    kind: FindingKind,
    name: usize,
    host: String,
    dot: bool,
    third: bool,
    partition: Option<usize>,
    area: usize,
}

fn finding_strategy() -> impl Strategy<Value = CookieSpec> {
    (
        prop_oneof![Just(FindingKind::Cookie), Just(FindingKind::Storage), Just(FindingKind::Request)],
        0..NAMES.len(),
        host_strategy(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0..DOMAINS.len()),
        0usize..5,
    )
        .prop_map(|(kind, name, host, dot, third, partition, area)| CookieSpec { kind, name, host, dot, third, partition, area })
}

fn finding(spec: &CookieSpec) -> Finding {
    let areas = [StorageArea::Local, StorageArea::Session, StorageArea::IndexedDb, StorageArea::CacheStorage, StorageArea::ServiceWorker];
    let is_cookie = spec.kind == FindingKind::Cookie;
    let partition_key = spec.partition.filter(|_| is_cookie).map(|d| format!("https://{}", DOMAINS[d]));
    Finding {
        kind: spec.kind,
        name: NAMES[spec.name].to_owned(),
        host: spec.host.clone(),
        party: if spec.third { Party::Third } else { Party::First },
        partitioned: partition_key.is_some(),
        vendor: None,
        vendor_name: None,
        category: if NAMES[spec.name] == "JSESSIONID" { Category::Essential } else { Category::Unknown },
        retention_seconds: None,
        first_seen: "2026-11-22T11:53:56.000Z".into(),
        last_seen: "2026-11-22T11:53:56.000Z".into(),
        count: 1,
        reason: "no-match".into(),
        consent_breach: false,
        detail: Detail {
            domain: is_cookie.then(|| if spec.dot { format!(".{}", spec.host) } else { spec.host.clone() }),
            path: is_cookie.then(|| "/".to_owned()),
            secure: is_cookie.then_some(true),
            partition_key,
            area: (spec.kind == FindingKind::Storage).then_some(areas[spec.area]),
            ..Detail::default()
        },
    }
}

fn site(id: &str, hosts: Vec<String>, keep: Vec<String>) -> Site {
    Site {
        id: id.into(),
        name: id.into(),
        hosts,
        enabled: true,
        preset: None,
        keep,
        auto_clean: AutoClean::Off,
        auto_clean_minutes: 30,
    }
}

fn summary_of(site: &Site, specs: &[CookieSpec], refused: bool) -> SiteSummary {
    SiteSummary {
        site: SiteRef { id: site.id.clone(), name: site.name.clone(), hosts: site.hosts.clone() },
        findings: specs.iter().map(finding).collect(),
        consent: if refused {
            ConsentState { source: Some("cookies_policy".into()), usage: Some(false), campaigns: Some(false), settings: None }
        } else {
            ConsentState::unknown()
        },
        vendors: BTreeMap::new(),
        verdict: Default::default(),
    }
}

fn config() -> Config {
    Config { cases: 512, rng_seed: RngSeed::Fixed(0x636c_6561), failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn plans_never_reach_into_another_site(
        own_hosts in prop::collection::vec(pattern_strategy(), 1..3),
        others_hosts in prop::collection::vec(prop::collection::vec(pattern_strategy(), 1..3), 0..4),
        own_findings in prop::collection::vec(finding_strategy(), 0..25),
        others_findings in prop::collection::vec(finding_strategy(), 0..12),
        keep in prop::collection::vec(0..NAMES.len(), 0..2),
        flags in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        known_origin in prop::option::of(host_strategy()),
    ) {
        let (refused, remove_consent, remove_shared, clear_cache) = flags;
        let this = site("this", own_hosts, keep.iter().map(|&k| NAMES[k].to_owned()).collect());
        let summary = summary_of(&this, &own_findings, refused);
        let others: Vec<Site> = others_hosts.into_iter().enumerate().map(|(i, h)| site(&format!("o{i}"), h, Vec::new())).collect();
        let other_summaries: Vec<SiteSummary> = others.iter().map(|s| summary_of(s, &others_findings, false)).collect();
        let options = PlanOptions {
            remove_consent_refusal: remove_consent,
            remove_shared_third_party: remove_shared,
            clear_http_cache: clear_cache,
            known_origins: known_origin.into_iter().map(|h| format!("https://{h}:8443")).collect(),
            ..PlanOptions::default()
        };
        let p = plan(&this, &summary, &other_summaries, NOW, &options);

        let own_rds = this.registrable_domains();
        let foreign: Vec<String> = others.iter().flat_map(Site::registrable_domains).filter(|d| !own_rds.contains(d)).collect();
        for c in &p.cookies {
            let bare = c.domain.trim_start_matches('.');
            let rd = registrable_domain(bare);
            let in_own_partition = c.partition_key.as_deref().is_some_and(|k| own_rds.contains(&registrable_domain(k.trim_start_matches("https://"))));
            let source = summary
                .findings
                .iter()
                .find(|f| f.kind == FindingKind::Cookie && f.name == c.name && f.host == bare && f.detail.partition_key == c.partition_key)
                .unwrap();
            if c.partition_key.is_some() {
                prop_assert!(in_own_partition, "cookie from another partition planned: {c:?}");
            } else {
                prop_assert!(own_rds.contains(&rd) || source.party == Party::Third, "stranger's cookie planned: {c:?}");
                if foreign.contains(&rd) {
                    prop_assert!(source.party == Party::Third && remove_shared, "another site's cookie planned: {c:?}");
                }
            }
            prop_assert!(!this.keep.contains(&c.name), "kept name planned: {c:?}");
            if c.name == "cookies_policy" && refused && !remove_consent && own_rds.contains(&rd) && c.partition_key.is_none() {
                prop_assert!(false, "consent refusal planned without the option: {c:?}");
            }
        }
        for s in &p.storage {
            prop_assert!(this.matches_host(&s.host), "origin of another host: {s:?}");
            prop_assert!(!foreign.contains(&registrable_domain(&s.host)), "another site's origin: {s:?}");
            prop_assert!(p.origins.contains(&s.origin));
            prop_assert!(s.known.iter().all(|k| !this.keep.contains(k)));
            prop_assert!(clear_cache || s.data_type != DataType::Cache);
        }
        // Every cookie finding is either planned or kept with a reason.
        let cookie_findings = summary.findings.iter().filter(|f| f.kind == FindingKind::Cookie).count();
        let kept_cookies = p.kept.iter().filter(|k| k.kind == FindingKind::Cookie).count();
        prop_assert!(p.cookies.len() + kept_cookies <= cookie_findings);
        let data = requested_entry(&p);
        prop_assert!(EntryType::CleanupRequested.check_data(&data).is_ok());
    }
}
