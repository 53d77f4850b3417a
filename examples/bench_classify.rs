//! Prints the native cost of classifying one observation (`make bench`):
//! with a [`SiteContext`] built once (the per-observation path), and through
//! `classify`, which works the site's registrable domains out on every call.
//! Run with `cargo run --release --example bench_classify`.
use std::hint::black_box;
use std::time::Instant;
use tracking_witness::catalog::catalog;
use tracking_witness::classify::{classify, classify_with_context, SiteContext};
use tracking_witness::model::*;

fn main() {
    let site = vec!["findajob.dwp.gov.uk".to_owned()];
    let domains: Vec<&str> = catalog().vendors().iter().flat_map(|v| v.domains.iter().copied()).collect();
    let mut observations = Vec::new();
    for (i, d) in domains.iter().enumerate() {
        observations.push(Observation::Request(RequestObservation {
            host: format!("cdn{}.{d}", i % 3),
            request_type: RequestType::Script,
            path: "/x.js".into(),
            page_host: "findajob.dwp.gov.uk".into(),
            filter_match: None,
        }));
        observations.push(Observation::Request(RequestObservation {
            host: format!("unknown{i}.example.net"),
            request_type: RequestType::Image,
            path: "/p.gif".into(),
            page_host: "findajob.dwp.gov.uk".into(),
            filter_match: None,
        }));
    }
    for name in ["_ga", "_ga_ABC123", "_gid", "_fbp", "dtCookie", "_hjSessionUser_123", "mystery", "JSESSIONID"] {
        observations.push(Observation::Cookie(CookieObservation::new(name, "v", ".dwp.gov.uk")));
    }
    // A first-party cookie on a subdomain and a first-party request too,
    // so the registrable-domain path is in the mix.
    observations.push(Observation::Request(RequestObservation {
        host: "findajob.dwp.gov.uk".into(),
        request_type: RequestType::Script,
        path: "/app.js".into(),
        page_host: "findajob.dwp.gov.uk".into(),
        filter_match: None,
    }));
    let ctx = SiteContext::new(&site);
    // Warm the lazily built indexes, and check both paths agree.
    for o in &observations {
        assert_eq!(classify(o, &site), classify_with_context(o, &ctx));
    }
    let rounds = 2000;
    let n = rounds * observations.len();
    let time = |f: &dyn Fn(&Observation) -> Classification| {
        // Best of three, to keep other load on the machine out of it.
        (0..3)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..rounds {
                    for o in &observations {
                        black_box(f(black_box(o)));
                    }
                }
                start.elapsed().as_nanos() as f64 / n as f64
            })
            .fold(f64::INFINITY, f64::min)
    };
    let with_context = time(&|o| classify_with_context(o, &ctx));
    let per_call = time(&|o| classify(o, &site));
    println!("native classify: {n} observations, {with_context:.0} ns per observation with a SiteContext");
    println!("native classify: {per_call:.0} ns per observation through classify(obs, site_hosts)");
}
