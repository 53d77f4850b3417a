//! Tracking Witness core: sees, explains, cleans and records the tracking on
//! the job-search and benefits sites a claimant is required to use.
//!
//! # Data flow
//!
//! ```text
//! browser shim (JS) --Observation--> classify (catalog + public suffixes)
//!        |                                  |
//!        |                                  v
//!        |                      state: per-site live findings --> popup, site.summary
//!        |                                  |
//!        +--------- user actions ---------> journal: hash-chained entries --> export
//!                                           |
//!                             cleanup: plan (JS executes) --> results journaled
//! ```
//!
//! The core is pure: it takes time (`now`, epoch milliseconds) and secrets as
//! arguments, does no I/O, and never touches JavaScript. Only
//! [`bindings`] (compiled for `wasm32` alone) talks to the extension.
//!
//! # Example
//!
//! ```
//! use tracking_witness::{sites::SiteConfig, state::Engine, model::*};
//! let mut engine = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
//! let cookie = CookieObservation { expiration_date: Some(1.9e9), ..CookieObservation::new("_ga", "GA1.2.1.2", ".dwp.gov.uk") };
//! engine.observe_cookie(None, &cookie, 1_795_434_836_000);
//! let summary = engine.summary("findajob.dwp.gov.uk").unwrap();
//! assert_eq!(summary.findings[0].vendor.as_deref(), Some("google-analytics"));
//! ```
#![deny(missing_docs)]

pub mod behaviour;
pub mod catalog;
pub mod checked;
pub mod classify;
pub mod cleanup;
pub mod consent;
pub mod diary;
pub mod domain;
pub mod error;
pub mod export;
pub mod intents;
pub mod journal;
pub mod letters;
pub mod model;
pub mod receipt;
pub mod recorder;
pub mod set_cookie;
pub mod sites;
pub mod state;
pub mod time;
#[cfg(any(not(target_arch = "wasm32"), feature = "actions-module"))]
pub mod timestamp;
pub mod untrusted;
mod vocab;

#[cfg(target_arch = "wasm32")]
pub mod bindings;

pub use error::{Error, ErrorKind, Result};
