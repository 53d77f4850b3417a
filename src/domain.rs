//! Host names and registrable domains: the public-suffix crate
//! (`crates/psl`), which the filter-list engine (`filters/`) uses too, so
//! the core and the engine cannot disagree on who is a third party.
//!
//! ```
//! use tracking_witness::domain::*;
//! assert_eq!(registrable_domain("www.universal-credit.service.gov.uk"),
//!            "universal-credit.service.gov.uk");
//! assert!(!same_party("findajob.dwp.gov.uk", "www.gov.uk"));
//! ```

pub use tracking_witness_psl::{
    canonical, domain_matches, is_public_suffix, normalize_host, registrable_domain, registrable_domain_str, same_party,
};
