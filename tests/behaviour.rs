//! Behaviour verdicts through the public API: findings, counts per page
//! load, journal entries, and `setBy` on the cookie a script wrote.
use tracking_witness::behaviour::{BehaviourObservation, Encoding, PageReport, SendApi, Signal};
use tracking_witness::journal::EntryType;
use tracking_witness::model::{CookieObservation, FindingKind};
use tracking_witness::sites::SiteConfig;
use tracking_witness::state::Engine;

const SITE: &str = "findajob.dwp.gov.uk";
const ASSIST: &str = "https://cdn.formassist.example/assist.js";

fn report(page: &str, extra: bool) -> PageReport {
    let mut observations = vec![
        BehaviourObservation { script: ASSIST.into(), signal: Signal::CookieWritten { name: "_fa_uid".into() } },
        BehaviourObservation {
            script: ASSIST.into(),
            signal: Signal::TypedDataSent {
                to: "cdn.formassist.example".into(),
                api: SendApi::Fetch,
                field: "q".into(),
                encoding: Encoding::Base64,
                submitted: false,
            },
        },
    ];
    if extra {
        observations.push(BehaviourObservation {
            script: ASSIST.into(),
            signal: Signal::TypedDataSent {
                to: "cdn.formassist.example".into(),
                api: SendApi::Beacon,
                field: "q".into(),
                encoding: Encoding::Plain,
                submitted: false,
            },
        });
    }
    PageReport { page: page.into(), observations }
}

#[test]
fn a_behaviour_is_counted_once_per_page_load_and_journaled() {
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    e.observe_cookie(None, &CookieObservation::new("_fa_uid", "x", ".dwp.gov.uk"), 1);
    let first = e.observe_behaviour(SITE, None, &report("p1", false), 10);
    // The verdict, and the host the script sent to as a request (once).
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first[0].kind, EntryType::BehaviourSeen);
    assert_eq!(first[1].kind, EntryType::RequestSeen);
    assert_eq!(first[0].data["category"], "key-logging");
    assert_eq!(first[0].data["field"], "q");
    assert!(e.observe_behaviour(SITE, None, &report("p1", false), 11).is_empty(), "the same page again is no news");
    assert_eq!(e.observe_behaviour(SITE, None, &report("p1", true), 12).len(), 1, "new signals on the same page are");
    assert_eq!(e.observe_behaviour(SITE, None, &report("p2", true), 13).len(), 1, "a new page load is");
    let s = e.summary(SITE).unwrap();
    let f = s.findings.iter().find(|f| f.kind == FindingKind::Behaviour).unwrap();
    assert_eq!(f.count, 2, "two page loads");
    assert_eq!(f.detail.script.as_deref(), Some(ASSIST));
    assert_eq!(f.detail.signals.as_deref(), Some(&["typed-data-sent".to_owned(), "base64".to_owned(), "plain".to_owned()][..]));
    let cookie = s.findings.iter().find(|f| f.name == "_fa_uid").unwrap();
    assert_eq!(cookie.detail.set_by.as_deref(), Some(ASSIST));
    // Set again by the site (an update): who wrote it is kept.
    e.observe_cookie(None, &CookieObservation::new("_fa_uid", "y", ".dwp.gov.uk"), 20);
    let s = e.summary(SITE).unwrap();
    assert_eq!(s.findings.iter().find(|f| f.name == "_fa_uid").unwrap().detail.set_by.as_deref(), Some(ASSIST));
    // A page of another site reports nothing.
    assert!(e.observe_behaviour("www.bystander-news.example", None, &report("p3", false), 30).is_empty());
}

#[test]
fn cookies_nobody_was_seen_writing() {
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    e.observe_cookie(None, &CookieObservation { http_only: true, ..CookieObservation::new("sess", "1", "findajob.dwp.gov.uk") }, 1);
    e.observe_cookie(None, &CookieObservation::new("pref", "1", "findajob.dwp.gov.uk"), 1);
    let s = e.summary(SITE).unwrap();
    let by = |n: &str| s.findings.iter().find(|f| f.name == n).unwrap().detail.set_by.clone();
    assert_eq!(by("sess").as_deref(), Some("http"));
    assert_eq!(by("pref").as_deref(), Some("unknown"));
}

#[test]
fn a_call_resource_timing_never_lists_is_still_a_request_once() {
    // Chromium lists a fetch in Resource Timing only once its response is
    // read: the stand-in's Hotjar POST never is. The page-world observers
    // saw the call, so the host is a request finding all the same.
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    let hotjar = "https://static.hotjar.com/c/hotjar-123.js";
    let sent = |to: &str, api| BehaviourObservation { script: hotjar.into(), signal: Signal::DataSent { to: to.into(), api, body: true } };
    let page = |id: &str| PageReport {
        page: id.into(),
        observations: vec![
            sent("in.hotjar.com", SendApi::Fetch),
            sent("in.hotjar.com", SendApi::Xhr),
            sent("findajob.dwp.gov.uk", SendApi::Beacon),
        ],
    };
    let changes = e.observe_behaviour(SITE, None, &page("p1"), 10);
    let requests: Vec<_> = changes.iter().filter(|c| c.kind == EntryType::RequestSeen).collect();
    assert_eq!(requests.len(), 1, "one host, the site's own not counted: {changes:?}");
    assert_eq!(requests[0].data["host"], "in.hotjar.com");
    assert_eq!(requests[0].data["requestType"], "xhr");
    assert_eq!(requests[0].data["count"], 1);
    let find =
        |e: &Engine| e.summary(SITE).unwrap().findings.into_iter().find(|f| f.kind == FindingKind::Request && f.host == "in.hotjar.com");
    let f = find(&e).expect("in.hotjar.com is a request finding");
    assert_eq!((f.vendor.as_deref(), f.count), (Some("hotjar"), 1));
    // The same report again, and another page load: the host is known now.
    assert!(e.observe_behaviour(SITE, None, &page("p1"), 11).iter().all(|c| c.kind != EntryType::RequestSeen));
    assert!(e.observe_behaviour(SITE, None, &page("p2"), 12).iter().all(|c| c.kind != EntryType::RequestSeen));
    assert_eq!(find(&e).unwrap().count, 1);
    // A host Resource Timing already listed is not counted again from the call.
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    let rt = tracking_witness::model::RequestObservation {
        host: "in.hotjar.com".into(),
        request_type: tracking_witness::model::RequestType::Xhr,
        path: "/api".into(),
        page_host: SITE.into(),
        filter_match: None,
    };
    e.observe_requests(SITE, &[rt], 5);
    assert!(e.observe_behaviour(SITE, None, &page("p1"), 10).iter().all(|c| c.kind != EntryType::RequestSeen));
    assert_eq!(find(&e).unwrap().count, 1);
}

#[test]
fn a_call_seen_before_the_page_lists_it_is_not_counted_twice() {
    // The page-world's report of a beacon can arrive before the batch read
    // from Resource Timing: the host is first known from the call (one
    // request), then the list names 40 beacons, among them that one.
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    let script = "https://findajob.dwp.gov.uk/burst.js";
    let report = PageReport {
        page: "p1".into(),
        observations: vec![BehaviourObservation {
            script: script.into(),
            signal: Signal::DataSent { to: "in.hotjar.com".into(), api: SendApi::Beacon, body: true },
        }],
    };
    let first = e.observe_behaviour(SITE, None, &report, 10);
    let journaled = |changes: &[tracking_witness::state::Change]| -> u64 {
        changes.iter().filter(|c| c.kind == EntryType::RequestSeen).map(|c| c.data["count"].as_u64().unwrap()).sum()
    };
    assert_eq!(journaled(&first), 1);
    let beacons: Vec<_> = (0..40)
        .map(|i| tracking_witness::model::RequestObservation {
            host: "in.hotjar.com".into(),
            request_type: tracking_witness::model::RequestType::Beacon,
            path: format!("/b{i}"),
            page_host: SITE.into(),
            filter_match: None,
        })
        .collect();
    let listed = e.observe_requests(SITE, &beacons, 11);
    assert_eq!(journaled(&first) + journaled(&listed), 40, "the journal counts 40 requests in all");
    let f = e.summary(SITE).unwrap().findings.into_iter().find(|f| f.kind == FindingKind::Request && f.host == "in.hotjar.com").unwrap();
    assert_eq!(f.count, 40);
    let by_type = f.detail.requests.unwrap();
    assert_eq!(by_type.values().sum::<u64>(), 40, "{by_type:?}");
    // Later batches add as usual.
    let more = e.observe_requests(SITE, &beacons[..2], 12);
    assert_eq!(journaled(&more), 2);
}

// Issue 12: the site's own Set-Cookie headers were never read (only third
// parties' were), so a cookie a response set said "unknown" unless it was
// HttpOnly.
#[test]
fn a_cookie_the_sites_response_set_says_http() {
    use tracking_witness::state::CausedBy;
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    let header = |e: &mut Engine, line: &str| {
        let sc = tracking_witness::set_cookie::read(line, SITE, 1).unwrap();
        e.observe_set_cookie_header(SITE, &sc, &CausedBy::default(), 1)
    };
    // The header first (as browsers report them): nothing recorded from it...
    assert!(header(&mut e, "AWSALB=abc; Path=/").is_empty(), "the jar reports the cookie, not the header");
    assert!(e.summary(SITE).unwrap().findings.iter().all(|f| f.name != "AWSALB"));
    // ...then the jar: one cookie, set by http.
    e.observe_cookie(None, &CookieObservation::new("AWSALB", "abc", SITE), 2);
    let set_by = |e: &Engine, name: &str| {
        let s = e.summary(SITE).unwrap();
        let f = s.findings.iter().find(|f| f.kind == FindingKind::Cookie && f.name == name).unwrap().clone();
        (f.count, f.detail.set_by)
    };
    assert_eq!(set_by(&e, "AWSALB"), (1, Some("http".into())));
    // The jar first, then the header: the same.
    e.observe_cookie(None, &CookieObservation::new("lb2", "x", SITE), 3);
    assert_eq!(set_by(&e, "lb2").1.as_deref(), Some("unknown"));
    header(&mut e, "lb2=x; Path=/");
    assert_eq!(set_by(&e, "lb2"), (1, Some("http".into())));
}

// Issue 12: storage written inside a third-party frame was never seen (the
// content script ran only in the top frame, and a frame's origin is no
// watched site). It belongs to the tab's site and names the frame.
#[test]
fn a_third_party_frames_storage_belongs_to_the_top_level_site() {
    use tracking_witness::model::{Party, StorageArea, StorageObservation};
    let mut e = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    let widget = "embed.jobs-widget.example";
    let origin = format!("https://{widget}:8443");
    let item = StorageObservation {
        area: StorageArea::Local,
        host: widget.into(),
        key: "jw_visitor".into(),
        size: 20,
        value: Some("v".into()),
        origin: Some(origin.clone()),
        repaired: false,
        truncated: false,
    };
    // The frame's observers saw the script write it before the frame's
    // snapshot arrived (the usual order: the snapshot waits for idle time).
    let script = format!("{origin}/saved.js");
    let written = BehaviourObservation {
        script: script.clone(),
        signal: Signal::StorageWritten { area: StorageArea::Local, key: "jw_visitor".into() },
    };
    e.observe_behaviour(SITE, Some(&origin), &PageReport { page: "f1".into(), observations: vec![written] }, 1);
    // Alone, the frame's origin is no site of ours.
    assert!(e.observe_storage(widget, &[StorageArea::Local], std::slice::from_ref(&item), 1).is_empty());
    let changes = e.observe_frame_storage(SITE, widget, Some(3), &[StorageArea::Local], std::slice::from_ref(&item), 1);
    assert_eq!(changes.len(), 1);
    let s = e.summary(SITE).unwrap();
    let f = s.findings.iter().find(|f| f.name == "jw_visitor").expect("the frame's item is the site's finding");
    assert_eq!((f.kind, f.host.as_str(), f.party), (FindingKind::Storage, widget, Party::Third));
    assert_eq!(f.detail.frame.as_deref(), Some(origin.as_str()));
    assert_eq!(f.detail.origin.as_deref(), Some(origin.as_str()));
    assert_eq!(f.detail.set_by.as_deref(), Some(script.as_str()), "the writer seen before the snapshot");
    // A site's own storage names no frame.
    let own = StorageObservation { host: SITE.into(), origin: Some(format!("https://{SITE}")), key: "k".into(), ..item };
    e.observe_storage(SITE, &[StorageArea::Local], &[own], 2);
    assert_eq!(e.summary(SITE).unwrap().findings.iter().find(|f| f.name == "k").unwrap().detail.frame, None);
}
