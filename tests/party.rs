//! First- or third-party decisions on hosts where a naive "last two
//! labels" rule goes wrong.

use tracking_witness::classify::classify;
use tracking_witness::domain::{is_public_suffix, registrable_domain, same_party};
use tracking_witness::model::*;

fn party(observed_host: &str, site_hosts: &[&str]) -> Party {
    let obs = Observation::Request(RequestObservation {
        host: observed_host.into(),
        request_type: RequestType::Xhr,
        path: "/".into(),
        page_host: site_hosts[0].trim_start_matches("*.").into(),
        filter_match: None,
    });
    let hosts: Vec<String> = site_hosts.iter().map(|h| (*h).to_owned()).collect();
    classify(&obs, &hosts).party
}

#[test]
fn services_under_service_gov_uk_are_separate_parties() {
    assert_eq!(party("www.universal-credit.service.gov.uk", &["universal-credit.service.gov.uk"]), Party::First);
    assert_eq!(party("universal-credit.service.gov.uk", &["*.universal-credit.service.gov.uk"]), Party::First);
    assert_eq!(party("apply.jobseekers-allowance.service.gov.uk", &["universal-credit.service.gov.uk"]), Party::Third);
    assert_eq!(party("service.gov.uk", &["universal-credit.service.gov.uk"]), Party::Third);
    assert_eq!(registrable_domain("www.universal-credit.service.gov.uk"), "universal-credit.service.gov.uk");
    assert!(is_public_suffix("service.gov.uk"));
}

#[test]
fn departments_under_gov_uk() {
    assert_eq!(party("account.dwp.gov.uk", &["findajob.dwp.gov.uk"]), Party::First);
    assert_eq!(party("www.gov.uk", &["findajob.dwp.gov.uk"]), Party::Third);
    assert_eq!(party("www.gov.uk", &["www.gov.uk"]), Party::First);
    assert_eq!(party("assets.publishing.service.gov.uk", &["www.gov.uk"]), Party::Third);
    assert_eq!(registrable_domain("findajob.dwp.gov.uk"), "dwp.gov.uk");
    assert_eq!(registrable_domain("gov.uk"), "gov.uk");
}

#[test]
fn co_uk_neighbours_are_strangers() {
    assert_eq!(party("x.co.uk", &["y.co.uk"]), Party::Third);
    assert_eq!(party("www.x.co.uk", &["x.co.uk"]), Party::First);
    assert_eq!(party("co.uk", &["x.co.uk"]), Party::Third);
    assert_eq!(registrable_domain("co.uk"), "co.uk");
}

#[test]
fn ip_addresses_are_their_own_party() {
    assert_eq!(party("127.0.0.1", &["127.0.0.2"]), Party::Third);
    assert_eq!(party("127.0.0.1", &["127.0.0.1"]), Party::First);
    assert_eq!(party("::1", &["::1"]), Party::First);
    assert_eq!(party("::1", &["127.0.0.1"]), Party::Third);
    assert!(!same_party("10.0.0.1", "0.0.1"));
}

#[test]
fn localhost_and_single_labels() {
    assert_eq!(party("localhost", &["localhost"]), Party::First);
    assert_eq!(party("localhost", &["findajob.dwp.gov.uk"]), Party::Third);
    assert_eq!(party("intranet", &["localhost"]), Party::Third);
    assert_eq!(registrable_domain("localhost"), "localhost");
    // `localhost` is not in the list, so the implicit `*` rule makes it a
    // suffix for its subdomains: each `*.localhost` name is its own party.
    assert_eq!(party("tracker.localhost", &["localhost"]), Party::Third);
    assert_eq!(party("a.tracker.localhost", &["tracker.localhost"]), Party::First);
}

#[test]
fn any_of_several_site_hosts_makes_first_party() {
    let hosts = ["findajob.dwp.gov.uk", "*.universal-credit.service.gov.uk"];
    assert_eq!(party("www.universal-credit.service.gov.uk", &hosts), Party::First);
    assert_eq!(party("account.dwp.gov.uk", &hosts), Party::First);
    assert_eq!(party("www.gov.uk", &hosts), Party::Third);
}

#[test]
fn cookie_domains_use_the_bare_domain() {
    let obs = Observation::Cookie(CookieObservation {
        name: "_ga".into(),
        value: String::new(),
        domain: ".DWP.gov.uk".into(),
        path: "/".into(),
        host_only: false,
        secure: false,
        http_only: false,
        same_site: SameSite::Unspecified,
        expiration_date: None,
        partition_key: None,
        store_id: None,
    });
    assert_eq!(classify(&obs, &["findajob.dwp.gov.uk".to_owned()]).party, Party::First);
    assert_eq!(classify(&obs, &["www.gov.uk".to_owned()]).party, Party::Third);
}

#[test]
fn garbage_hosts_are_never_first_party() {
    for bad in ["", "a b", "dwp.gov.uk/evil", "user@dwp.gov.uk"] {
        assert_eq!(party(bad, &["findajob.dwp.gov.uk"]), Party::Third, "{bad:?}");
    }
}

/// Every preset's permission pattern is declared in the manifest source, so
/// its cookies (including those on the parent domain) are visible at install.
#[test]
fn manifest_covers_every_preset() {
    let manifest: serde_json::Value = serde_json::from_str(include_str!("../extension/manifest.json")).expect("manifest parses");
    let declared: Vec<&str> = manifest["host_permissions"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let cfg = tracking_witness::sites::SiteConfig::with_presets(
        &tracking_witness::sites::presets::PRESETS.iter().map(|p| p.id).collect::<Vec<_>>(),
    )
    .unwrap();
    for site in &cfg.sites {
        for origin in site.permission_origins() {
            assert!(declared.contains(&origin.as_str()), "{} needs {origin} in extension/manifest.json", site.id);
        }
    }
    assert!(!declared.contains(&"<all_urls>"), "<all_urls> only as an optional permission");
}
