//! Optional Adblock Plus filter lists for Tracking Witness.
//!
//! The main crate's catalog names the trackers it knows. A user can also
//! import a list they trust (EasyPrivacy, say, from a file they picked); this
//! crate compiles such lists with Brave's `adblock` engine and answers, for a
//! third-party request the catalog did not recognise, which list and which
//! filter in it call the request tracking.
//!
//! It is a separate wasm module (`pkg-filters/`) so that the engine costs the
//! extension nothing until a list is imported: the background worker loads
//! it on import, or on the first classification after waking with a list
//! stored. See `docs/filter-lists.md`.
//!
//! Data flow: list text → [`FilterSet::add_list`] (checked, counted,
//! compiled with every other list into one engine) → [`FilterSet::match_request`]
//! → [`FilterMatch`] `{list, filter}`. [`FilterSet::serialize`] and
//! [`FilterSet::deserialize`] let the worker keep the compiled engine.
//!
//! ```
//! use tracking_witness_filters::{FilterSet, RequestKind};
//!
//! let mut set = FilterSet::new();
//! set.add_list("my-list.txt", "! Title: mine\n||tracker.example^\n").unwrap();
//! let found = set
//!     .match_request("https://tracker.example/p.gif", "https://jobs.example/", RequestKind::Image)
//!     .unwrap();
//! assert_eq!((found.list.as_str(), found.filter.as_str()), ("my-list.txt", "||tracker.example^"));
//! ```
//!
//! [`bindings`] (wasm only) is the one place that talks to JavaScript.
#![deny(missing_docs)]

mod domain;
mod error;
mod request;
mod set;
mod snapshot;

#[cfg(target_arch = "wasm32")]
pub mod bindings;

pub use error::{Error, ErrorKind};
pub use request::RequestKind;
pub use set::{FilterMatch, FilterSet, ListInfo};
