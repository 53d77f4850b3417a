//! The catalog's tables, checked entry by entry through the public API.

use std::collections::HashSet;

use tracking_witness::catalog::{catalog, Name, Pattern, Scope, BUCKET_LEN};
use tracking_witness::classify::classify;
use tracking_witness::model::*;

const SITE: &str = "findajob.dwp.gov.uk";

fn cookie(name: &str, domain: &str) -> Observation {
    Observation::Cookie(CookieObservation { host_only: false, ..CookieObservation::new(name, "x", domain) })
}

fn storage(key: &str, host: &str) -> Observation {
    Observation::Storage(StorageObservation {
        area: StorageArea::Local,
        host: host.into(),
        key: key.into(),
        size: 1,
        value: None,
        origin: None,
        repaired: false,
        truncated: false,
    })
}

fn sites() -> Vec<String> {
    vec![SITE.to_owned()]
}

/// A concrete name the pattern must match: placeholders filled, a prefix
/// extended.
fn example(name: &Name) -> String {
    match name {
        Name::Exact(s) => (*s).to_owned(),
        Name::Prefix(s) => format!("{s}Zz9"),
        Name::Template(t) => t.replace("<id>", "A1b2C3").replace("<token>", "0123abcd").replace("<any>", "~Common~pool_1"),
    }
}

/// The cookie domain to test a pattern on: its scope, or the site's own.
fn domain_for(p: &Pattern) -> &'static str {
    match p.scope {
        Scope::Anywhere => ".dwp.gov.uk",
        Scope::Only(list) => list[0],
    }
}

#[test]
fn every_cookie_pattern_classifies_to_its_vendor() {
    for p in catalog().cookie_patterns() {
        let name = example(&p.name);
        let v = classify(&cookie(&name, domain_for(p)), &sites());
        assert_eq!(v.vendor.as_deref(), p.vendor, "{name}");
        assert_eq!(v.category, p.category, "{name}");
        let kind = if matches!(p.name, Name::Exact(_)) { "cookie" } else { "cookie-pattern" };
        assert_eq!(v.reason, format!("{kind}:{}", p.name.display()), "{name}");
        if let Scope::Only(_) = p.scope {
            // Off its domains, a scoped name is not trusted.
            let off = classify(&cookie(&name, ".dwp.gov.uk"), &sites());
            assert_ne!(off.reason, v.reason, "{name} matched off its domains");
        }
    }
}

#[test]
fn every_storage_pattern_classifies_to_its_vendor() {
    for p in catalog().storage_patterns() {
        let key = example(&p.name);
        let v = classify(&storage(&key, SITE), &sites());
        assert_eq!(v.vendor.as_deref(), p.vendor, "{key}");
        assert_eq!(v.category, p.category, "{key}");
        let kind = if matches!(p.name, Name::Exact(_)) { "storage" } else { "storage-pattern" };
        assert_eq!(v.reason, format!("{kind}:{}", p.name.display()), "{key}");
        assert_eq!(v.party, Party::First);
    }
}

#[test]
fn every_vendor_domain_classifies_requests_to_its_vendor() {
    for vendor in catalog().vendors() {
        for d in vendor.domains {
            for host in [(*d).to_owned(), format!("a.b.{d}")] {
                let obs = Observation::Request(RequestObservation {
                    host: host.clone(),
                    request_type: RequestType::Script,
                    path: "/script.js".into(),
                    page_host: SITE.into(),
                    filter_match: None,
                });
                let v = classify(&obs, &sites());
                assert_eq!(v.vendor.as_deref(), Some(vendor.id), "{host}");
                assert_eq!(v.category, vendor.category, "{host}");
                assert_eq!(v.reason, format!("domain:{d}"));
            }
        }
    }
}

#[test]
fn every_request_rule_classifies() {
    for r in catalog().request_rules() {
        let obs = Observation::Request(RequestObservation {
            host: format!("www.{}", r.host),
            request_type: RequestType::Image,
            path: format!("{}/", r.path_prefix),
            page_host: SITE.into(),
            filter_match: None,
        });
        let v = classify(&obs, &sites());
        assert_eq!(v.vendor.as_deref(), Some(r.vendor));
        assert_eq!(v.category, r.category);
    }
}

#[test]
fn hand_written_cases() {
    let cases: &[(&str, &str, Option<&str>, Category)] = &[
        ("_ga_ABC123XYZ", ".dwp.gov.uk", Some("google-analytics"), Category::Analytics),
        ("_gat_UA-1234567-1", ".dwp.gov.uk", Some("google-analytics"), Category::Analytics),
        ("_dc_gtm_UA-1234567-1", ".dwp.gov.uk", Some("google-analytics"), Category::Analytics),
        ("AMP_TOKEN", ".dwp.gov.uk", Some("google-analytics"), Category::Analytics),
        ("AMP_a1b2c3d4e5", ".dwp.gov.uk", Some("amplitude"), Category::Analytics),
        ("AMP_MKTG_a1b2c3d4e5", ".dwp.gov.uk", Some("amplitude"), Category::Advertising),
        ("mp_0123abcd_mixpanel", ".dwp.gov.uk", Some("mixpanel"), Category::Analytics),
        ("ph_phc_AbC123_posthog", ".dwp.gov.uk", Some("posthog"), Category::Analytics),
        ("AMCV_1234%40AdobeOrg", ".dwp.gov.uk", Some("adobe-experience-cloud"), Category::Analytics),
        ("AMCVS_1234%40AdobeOrg", ".dwp.gov.uk", Some("adobe-experience-cloud"), Category::Analytics),
        ("_hjSessionUser_123456", ".dwp.gov.uk", Some("hotjar"), Category::SessionReplay),
        ("_hjSession_123456", ".dwp.gov.uk", Some("hotjar"), Category::SessionReplay),
        ("_pk_id.1.1fff", ".dwp.gov.uk", Some("matomo"), Category::Analytics),
        ("_pk_ses.12.ab34", ".dwp.gov.uk", Some("matomo"), Category::Analytics),
        ("_hp2_id.1234567", ".dwp.gov.uk", Some("heap"), Category::Analytics),
        ("mf_5f8e2a1c-1234-4bcd-9e0f-0123456789ab", ".dwp.gov.uk", Some("mouseflow"), Category::SessionReplay),
        ("mf_user", ".dwp.gov.uk", Some("mouseflow"), Category::SessionReplay),
        ("QSI_HistorySession", ".dwp.gov.uk", Some("qualtrics"), Category::Analytics),
        ("dtCookie", ".dwp.gov.uk", Some("dynatrace"), Category::PerformanceMonitoring),
        ("dtCookie_abc", ".dwp.gov.uk", Some("dynatrace"), Category::PerformanceMonitoring),
        ("ADRUM_BTa", ".dwp.gov.uk", Some("appdynamics"), Category::PerformanceMonitoring),
        ("ADRUM_BT1", ".dwp.gov.uk", Some("appdynamics"), Category::PerformanceMonitoring),
        ("BIGipServer~Common~pool_findajob", "findajob.dwp.gov.uk", None, Category::Essential),
        ("TS01a2b3c4d5", "findajob.dwp.gov.uk", None, Category::Essential),
        ("__RequestVerificationToken_L2FwcA2", "findajob.dwp.gov.uk", None, Category::Essential),
        ("JSESSIONID", "findajob.dwp.gov.uk", None, Category::Essential),
        ("cookies_policy", ".dwp.gov.uk", None, Category::Consent),
        ("MUID", ".bing.com", Some("microsoft-advertising"), Category::Advertising),
        ("CLID", "www.clarity.ms", Some("microsoft-clarity"), Category::SessionReplay),
        ("CTK", ".indeed.com", Some("indeed"), Category::Analytics),
    ];
    for (name, domain, vendor, category) in cases {
        let v = classify(&cookie(name, domain), &sites());
        assert_eq!(v.vendor.as_deref(), *vendor, "{name}");
        assert_eq!(v.category, *category, "{name}");
    }
}

#[test]
fn near_misses_do_not_match() {
    for name in ["_ga_", "_gaX", "mp_abc_mixpane", "AMCV_", "_pk_id.1", "_pk_id..x", "mf_", "fr", "CLID", "CTK", "lang", "NID"] {
        let v = classify(&cookie(name, "findajob.dwp.gov.uk"), &sites());
        assert_eq!(v.category, Category::Unknown, "{name} matched {}", v.reason);
    }
}

#[test]
fn tables_are_well_formed() {
    let c = catalog();
    assert!(c.vendors().len() >= 45, "only {} vendors", c.vendors().len());
    let mut ids = HashSet::new();
    let mut domains = HashSet::new();
    for v in c.vendors() {
        assert!(ids.insert(v.id), "duplicate vendor id {}", v.id);
        assert!(v.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", v.id);
        assert!(v.country.len() == 2 && v.country.bytes().all(|b| b.is_ascii_uppercase()), "{}", v.id);
        assert!(v.source.starts_with("https://"), "{}", v.id);
        assert!(v.privacy_policy.starts_with("https://"), "{}", v.id);
        assert_ne!(v.category, Category::Unknown, "{}", v.id);
        for d in v.domains {
            assert!(domains.insert(*d), "domain {d} listed twice");
            assert_eq!(tracking_witness::domain::normalize_host(d).as_deref(), Some(*d), "{d}");
            assert!(!tracking_witness::domain::is_public_suffix(d), "{d} is a public suffix");
        }
        let json = v.to_json();
        for key in ["id", "name", "owner", "country", "privacyPolicy", "category", "source"] {
            assert!(json.get(key).is_some_and(|x| x.is_string()), "{} lacks {key}", v.id);
        }
    }
    for (table, patterns) in [("cookie", c.cookie_patterns()), ("storage", c.storage_patterns())] {
        let mut exact = HashSet::new();
        for p in patterns {
            if let Some(id) = p.vendor {
                assert!(c.vendor(id).is_some(), "{table} {:?}: unknown vendor {id}", p.name);
            }
            assert!(p.source.starts_with("https://"), "{:?}", p.name);
            assert!(!p.purpose.is_empty(), "{:?}", p.name);
            assert_ne!(p.category, Category::Unknown, "{:?}", p.name);
            match p.name {
                Name::Exact(s) => assert!(exact.insert(s), "{table} {s} listed twice"),
                Name::Prefix(_) | Name::Template(_) => {
                    assert!(p.name.literal_prefix().len() >= BUCKET_LEN, "{:?} literal too short", p.name)
                }
            }
            if let Name::Template(t) = p.name {
                let stripped = t.replace("<id>", "").replace("<token>", "").replace("<any>", "");
                assert!(!stripped.contains('<') && !stripped.contains('>'), "{t}: unknown placeholder");
            }
            if table == "storage" {
                assert_eq!(p.scope, Scope::Anywhere, "storage patterns have no domain");
            }
        }
    }
    for r in c.request_rules() {
        assert!(c.vendor(r.vendor).is_some(), "{}", r.vendor);
        assert!(r.path_prefix.starts_with('/'));
    }
}

#[test]
fn required_vendors_are_present() {
    for id in [
        "google-analytics",
        "google-tag-manager",
        "google-ads",
        "doubleclick",
        "meta-pixel",
        "microsoft-clarity",
        "microsoft-advertising",
        "azure-app-insights",
        "linkedin-insight",
        "x-twitter",
        "tiktok-pixel",
        "hotjar",
        "contentsquare",
        "quantum-metric",
        "fullstory",
        "mouseflow",
        "glassbox",
        "dynatrace",
        "datadog-rum",
        "new-relic",
        "appdynamics",
        "akamai-mpulse",
        "akamai-bot-manager",
        "adobe-analytics",
        "adobe-audience-manager",
        "siteimprove",
        "matomo",
        "mixpanel",
        "posthog",
        "amplitude",
        "segment",
        "heap",
        "optimizely",
        "qualtrics",
        "medallia",
        "adzuna",
        "monster",
        "indeed",
    ] {
        assert!(catalog().vendor(id).is_some(), "{id}");
    }
    for host in ["region1.google-analytics.com", "abc123.live.dynatrace.com", "bat.bing.com", "static.hotjar.com", "snap.licdn.com"] {
        assert!(catalog().match_host(host).is_some(), "{host}");
    }
    assert!(catalog().match_host("www.bing.com").is_none(), "only bat.bing.com is UET");
}

/// Rough cost of classification, for comparison with filter-list engines.
/// Run with `cargo test --release --test catalog -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_classification_cost() {
    let observations: Vec<Observation> = vec![
        cookie("_ga", ".dwp.gov.uk"),
        cookie("_ga_ABC123XYZ", ".dwp.gov.uk"),
        cookie("_hjSessionUser_123456", ".dwp.gov.uk"),
        cookie("some_unknown_cookie", "findajob.dwp.gov.uk"),
        cookie("fr", ".facebook.com"),
        storage("rxVisitor", SITE),
        storage("unknown-key", SITE),
        Observation::Request(RequestObservation {
            host: "region1.google-analytics.com".into(),
            request_type: RequestType::Beacon,
            path: "/g/collect".into(),
            page_host: SITE.into(),
            filter_match: None,
        }),
        Observation::Request(RequestObservation {
            host: "cdn.unknown.example.org".into(),
            request_type: RequestType::Script,
            path: "/x.js".into(),
            page_host: SITE.into(),
            filter_match: None,
        }),
    ];
    let hosts = sites();
    for o in &observations {
        std::hint::black_box(classify(o, &hosts));
    }
    let rounds = 200_000;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        for o in &observations {
            std::hint::black_box(classify(std::hint::black_box(o), &hosts));
        }
    }
    let per = start.elapsed().as_nanos() as f64 / (rounds * observations.len()) as f64;
    println!("classify: {per:.0} ns per observation over {} kinds", observations.len());
}

/// Break-down of [`measure_classification_cost`].
#[test]
#[ignore]
fn measure_lookup_parts() {
    use std::hint::black_box;
    use tracking_witness::domain::same_party;
    let c = catalog();
    let rounds = 1_000_000u32;
    let time = |label: &str, f: &dyn Fn()| {
        f();
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            f();
        }
        println!("{label}: {:.0} ns", start.elapsed().as_nanos() as f64 / f64::from(rounds));
    };
    let baseline: std::collections::HashSet<String> = (0..10_000).map(|i| format!("label{i}.example")).collect();
    time("baseline: std HashSet<String> lookup", &|| {
        black_box(baseline.contains(black_box("label5000.example")));
    });
    time("same_party", &|| {
        black_box(same_party(black_box("region1.google-analytics.com"), black_box("findajob.dwp.gov.uk")));
    });
    time("match_cookie exact", &|| {
        black_box(c.match_cookie(black_box("_ga")));
    });
    time("match_cookie template", &|| {
        black_box(c.match_cookie(black_box("_hjSessionUser_123456")));
    });
    time("match_cookie miss", &|| {
        black_box(c.match_cookie(black_box("some_unknown_cookie")));
    });
    time("match_host hit", &|| {
        black_box(c.match_host(black_box("region1.google-analytics.com")));
    });
    time("match_host miss", &|| {
        black_box(c.match_host(black_box("cdn.unknown.example.org")));
    });
}

/// An imported filter list decides only what the catalog does not know, and
/// never names a vendor.
#[test]
fn filter_lists_speak_only_for_unknown_hosts() {
    use tracking_witness::classify::classify;
    let fm = FilterMatch { list: "EasyPrivacy".into(), filter: "||jobs-widget.example^".into(), category: Category::Analytics };
    let request = |host: &str| {
        Observation::Request(RequestObservation {
            host: host.into(),
            request_type: RequestType::Script,
            path: "/w.js".into(),
            page_host: SITE.into(),
            filter_match: Some(fm.clone()),
        })
    };
    let site = vec![SITE.to_owned()];
    let unknown = classify(&request("embed.jobs-widget.example"), &site);
    assert_eq!(unknown.vendor, None);
    assert_eq!(unknown.category, Category::Analytics);
    assert_eq!(unknown.reason, "filter-list:EasyPrivacy:||jobs-widget.example^");
    let known = classify(&request("static.hotjar.com"), &site);
    assert_eq!(known.vendor.as_deref(), Some("hotjar"));
}

/// The batch path used at the boundary names the same vendor as the full
/// classification, for every vendor domain and for unknown hosts.
#[test]
fn request_vendor_agrees_with_classify() {
    use tracking_witness::classify::{classify, request_vendor};
    let site = vec![SITE.to_owned()];
    for v in catalog().vendors() {
        for d in v.domains {
            for host in [d.to_string(), format!("cdn.{d}"), format!("x{d}")] {
                let full = classify(
                    &Observation::Request(RequestObservation {
                        host: host.clone(),
                        request_type: RequestType::Script,
                        path: String::new(),
                        page_host: SITE.into(),
                        filter_match: None,
                    }),
                    &site,
                );
                assert_eq!(request_vendor(&host, "").map(str::to_owned), full.vendor, "{host}");
            }
        }
    }
}

/// The vendor table and the list of unconfirmed patterns in
/// `docs/catalog.md`, as the catalog says they should read.
fn doc_sections() -> [(&'static str, String); 2] {
    let c = catalog();
    let mut vendors = String::from("| id | name | category | domains | note |\n| --- | --- | --- | --- | --- |\n");
    for v in c.vendors() {
        let domains = if v.domains.is_empty() { "(none: runs on the site's own host)".to_owned() } else { v.domains.join(", ") };
        vendors.push_str(&format!("| `{}` | {} | {:?} | {domains} | {} |\n", v.id, v.name, v.category, v.note));
    }
    let mut unconfirmed = String::new();
    for (kind, table) in [("cookie", c.cookie_patterns()), ("storage", c.storage_patterns())] {
        for p in table.iter().filter(|p| !p.confirmed) {
            unconfirmed.push_str(&format!("- {kind} `{}`\n", p.name.display()));
        }
    }
    [("vendors", vendors), ("unconfirmed", unconfirmed)]
}

// Regenerate with `TW_UPDATE_DOCS=1 cargo test --test catalog catalog_doc_tables_are_current`.
#[test]
fn catalog_doc_tables_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/catalog.md");
    let mut doc = std::fs::read_to_string(path).unwrap();
    for (name, wanted) in doc_sections() {
        let begin = format!("<!-- {name}:begin (generated by tests/catalog.rs) -->\n");
        let end = format!("<!-- {name}:end -->");
        let start = doc.find(&begin).unwrap_or_else(|| panic!("docs/catalog.md lacks the {name} markers")) + begin.len();
        let stop = doc[start..].find(&end).expect("end marker") + start;
        if std::env::var_os("TW_UPDATE_DOCS").is_some() {
            doc = format!("{}{wanted}{}", &doc[..start], &doc[stop..]);
        } else {
            assert!(doc[start..stop] == wanted, "docs/catalog.md {name} section is stale: run with TW_UPDATE_DOCS=1");
        }
    }
    if std::env::var_os("TW_UPDATE_DOCS").is_some() {
        std::fs::write(path, doc).unwrap();
    }
}

/// Issue 11: the catalog had no entry for the open-source fingerprinting
/// library's CDN, nor for fraud-prevention, chat and more session-replay
/// vendors. Every expectation here is read from the vendor's own page or the
/// Open Cookie Database row named beside it, not from the catalog's tables.
#[test]
fn issue_11_documented_cookies_classify_to_their_vendor() {
    const DAY: u64 = 86_400;
    const YEAR: u64 = 365 * DAY;
    // (cookie, vendor, category, documented lifetime in seconds if any)
    let cases: &[(&str, &str, Category, Option<u64>)] = &[
        // docs.humansecurity.com "Use of Cookies": bot detection, `_pxde` is its Analytics row.
        ("_pxvid", "human-security", Category::Fingerprinting, Some(YEAR)),
        ("_px3", "human-security", Category::Fingerprinting, Some(330)),
        ("_px2", "human-security", Category::Fingerprinting, Some(330)),
        ("_pxhd", "human-security", Category::Fingerprinting, Some(YEAR)),
        ("_pxff_tm", "human-security", Category::Fingerprinting, Some(DAY)),
        ("pxcts", "human-security", Category::Fingerprinting, None),
        ("_pxde", "human-security", Category::Analytics, Some(5 * DAY)),
        // docs.datadome.co "Cookies and stored data".
        ("datadome", "datadome", Category::Fingerprinting, Some(YEAR)),
        // Intercom "Intercom Messenger Cookies": ids for 9 months, session a week.
        ("intercom-id-abc123de", "intercom", Category::Analytics, None),
        ("intercom-device-id-abc123de", "intercom", Category::Analytics, None),
        ("intercom-session-abc123de", "intercom", Category::Functional, Some(7 * DAY)),
        // docs.logrocket.com "Cookies": prefixes `_lr_tabs_` and `_lr_hb_`.
        ("_lr_tabs_-abc%2Fmy-app", "logrocket", Category::SessionReplay, None),
        ("_lr_hb_-abc%2Fmy-app", "logrocket", Category::SessionReplay, None),
        // Open Cookie Database rows (platform, retention).
        ("_lo_uid", "lucky-orange", Category::SessionReplay, Some(2 * YEAR)),
        ("_lo_rid", "lucky-orange", Category::SessionReplay, Some(30 * 60)),
        ("__insp_uid", "inspectlet", Category::SessionReplay, Some(YEAR)),
        ("__insp_targlpu", "inspectlet", Category::SessionReplay, None),
        ("_ceir", "crazy-egg", Category::Analytics, Some(YEAR)),
        ("__lc_cid", "livechat", Category::Functional, Some(3 * YEAR)),
        ("__lc2_cst", "livechat", Category::Functional, Some(3 * YEAR)),
        ("__zlcmid", "zendesk", Category::Functional, Some(YEAR)),
        ("drift_aid", "drift", Category::Functional, Some(2 * YEAR)),
        ("liveagent_sid", "salesforce-chat", Category::Functional, None),
        ("usbls", "usabilla", Category::Analytics, None),
    ];
    for &(name, vendor, category, lifetime) in cases {
        let v = classify(&cookie(name, ".dwp.gov.uk"), &sites());
        assert_eq!(v.vendor.as_deref(), Some(vendor), "{name}: {}", v.reason);
        assert_eq!(v.category, category, "{name}");
        if let Some(seconds) = lifetime {
            assert_eq!(catalog().match_cookie(name).unwrap().retention_seconds, Some(seconds), "{name}");
        }
    }
    // "9 months", as whole days: between 273 and 275.
    for name in ["intercom-id-abc123de", "intercom-device-id-abc123de"] {
        let kept = catalog().match_cookie(name).unwrap().retention_seconds.unwrap();
        assert!((273 * DAY..=275 * DAY).contains(&kept), "{name}: {kept}");
    }
}

/// Issue 11: hosts as the vendors' own install instructions give them, seen
/// from the Find a job stand-in, and storage keys from the vendors' pages.
#[test]
fn issue_11_documented_hosts_and_keys_classify_to_their_vendor() {
    let hosts: &[(&str, &str, Category)] = &[
        // FingerprintJS README: `import('https://openfpcdn.io/fingerprintjs/v3')`.
        ("openfpcdn.io", "fingerprintjs", Category::Fingerprinting),
        // @fingerprintjs/fingerprintjs-pro README: `https://fpjscdn.net/v3/<key>`,
        // older agents `https://fpcdn.io/v3/<key>` and `cdn.fpjs.io`.
        ("fpjscdn.net", "fingerprint-pro", Category::Fingerprinting),
        ("fpcdn.io", "fingerprint-pro", Category::Fingerprinting),
        ("cdn.fpjs.io", "fingerprint-pro", Category::Fingerprinting),
        // Ping Identity's ThreatMetrix guide: default base URL h-api.online-metrix.net.
        ("h-api.online-metrix.net", "threatmetrix", Category::Fingerprinting),
        ("h.online-metrix.net", "threatmetrix", Category::Fingerprinting),
        // smartlook-client (Smartlook's npm package) loads web-sdk.smartlook.com/recorder.js.
        ("web-sdk.smartlook.com", "smartlook", Category::SessionReplay),
        // Intercom's web SDK loads from widget.intercom.io.
        ("widget.intercom.io", "intercom", Category::Functional),
    ];
    for &(host, vendor, category) in hosts {
        let obs = Observation::Request(RequestObservation {
            host: host.into(),
            request_type: RequestType::Script,
            path: "/v3/agent".into(),
            page_host: SITE.into(),
            filter_match: None,
        });
        let v = classify(&obs, &sites());
        assert_eq!(v.vendor.as_deref(), Some(vendor), "{host}: {}", v.reason);
        assert_eq!(v.category, category, "{host}");
        assert_eq!(v.party, Party::Third, "{host}");
    }
    let keys: &[(&str, &str, Category)] = &[
        // DataDome: ddSession (local), ddOriginalReferrer (session).
        ("ddSession", "datadome", Category::Fingerprinting),
        ("ddOriginalReferrer", "datadome", Category::Fingerprinting),
        // Open Cookie Database, Zendesk: ZD-suid / ZD-buid are its Analytics rows.
        ("ZD-suid", "zendesk", Category::Analytics),
        ("ZD-buid", "zendesk", Category::Analytics),
        ("ZD-widgetOpen", "zendesk", Category::Functional),
    ];
    for &(key, vendor, category) in keys {
        let v = classify(&storage(key, SITE), &sites());
        assert_eq!(v.vendor.as_deref(), Some(vendor), "{key}: {}", v.reason);
        assert_eq!(v.category, category, "{key}");
    }
    // A site's own names that merely look alike stay unknown.
    for name in ["pxcount", "drift", "intercom", "ZD", "_lo", "__insp", "datadome_x"] {
        let v = classify(&cookie(name, "findajob.dwp.gov.uk"), &sites());
        assert_eq!(v.category, Category::Unknown, "{name} matched {}", v.reason);
    }
}

/// The vendor names and categories the log page words its entries with
/// (`extension/report/vendor-names.js`), as the catalog has them: the log
/// names a company as the popup does, without asking the background.
fn vendor_names_module() -> String {
    let mut out = String::from(
        "// Generated by tests/catalog.rs from the catalog (src/catalog/vendors.rs): each\n\
         // vendor's id, the name the popup shows and its category, for the log page.\n\
         // Do not edit: `TW_UPDATE_DOCS=1 cargo test --test catalog` writes it again.\n\
         export const VENDORS = {\n",
    );
    for v in catalog().vendors() {
        let category = serde_json::to_string(&v.category).unwrap();
        out.push_str(&format!("  {}: [{}, {category}],\n", serde_json::to_string(v.id).unwrap(), serde_json::to_string(v.name).unwrap()));
    }
    out.push_str("};\n");
    out
}

// Regenerate with `TW_UPDATE_DOCS=1 cargo test --test catalog vendor_names_module_is_current`.
#[test]
fn vendor_names_module_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/report/vendor-names.js");
    let wanted = vendor_names_module();
    if std::env::var_os("TW_UPDATE_DOCS").is_some() {
        std::fs::write(path, &wanted).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == wanted, "extension/report/vendor-names.js is stale: run with TW_UPDATE_DOCS=1");
}
