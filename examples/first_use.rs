//! How long the lazily built tables take on first use (native).
//!
//! ```text
//! cargo run --release --example first_use
//! ```
use std::time::Instant;

fn main() {
    for host in ["findajob.dwp.gov.uk", "www.google-analytics.com", "connect.facebook.net", "www.dwp.gov.uk"] {
        let t = Instant::now();
        let d = tracking_witness::domain::registrable_domain(host);
        println!("public suffixes, first lookup under {host}: {:?} ({d})", t.elapsed());
    }
    let t = Instant::now();
    let v = tracking_witness::catalog::catalog().match_host("www.google-analytics.com").is_some();
    println!("catalog indexes, first lookup: {:?} ({v:?})", t.elapsed());
}
