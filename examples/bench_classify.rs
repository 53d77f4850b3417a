//! Prints the native cost of classifying one observation (`make bench`).
//! Run with `cargo run --release --example bench_classify`.
use std::hint::black_box;
use std::time::Instant;
use tracking_witness::catalog::catalog;
use tracking_witness::classify::classify;
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
        }));
        observations.push(Observation::Request(RequestObservation {
            host: format!("unknown{i}.example.net"),
            request_type: RequestType::Image,
            path: "/p.gif".into(),
            page_host: "findajob.dwp.gov.uk".into(),
        }));
    }
    for name in ["_ga", "_ga_ABC123", "_gid", "_fbp", "dtCookie", "_hjSessionUser_123", "mystery", "JSESSIONID"] {
        observations.push(Observation::Cookie(CookieObservation {
            name: name.into(),
            value: "v".into(),
            domain: ".dwp.gov.uk".into(),
            path: "/".into(),
            host_only: false,
            secure: true,
            http_only: false,
            same_site: SameSite::Lax,
            expiration_date: None,
            partition_key: None,
            store_id: None,
        }));
    }
    // warm the lazily built indexes
    for o in &observations {
        black_box(classify(o, &site));
    }
    let rounds = 2000;
    let start = Instant::now();
    for _ in 0..rounds {
        for o in &observations {
            black_box(classify(black_box(o), &site));
        }
    }
    let n = rounds * observations.len();
    let ns = start.elapsed().as_nanos() as f64 / n as f64;
    println!("native classify: {n} observations, {ns:.0} ns per observation");
}
