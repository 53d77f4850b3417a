//! A second opinion for names the catalog does not know: the Open Cookie
//! Database (Apache-2.0), as facts only (name, platform, category,
//! retention), in `data/open-cookie-database.tsv` (see data/README.md).
//!
//! It is never part of a verdict: the catalog decides what a finding is,
//! with its own sources. This table only lets the popup say, of an item the
//! catalog left "not recognised", what that public database lists it as.
//! It is compiled natively and into the actions module, which the extension
//! loads on first use, never into the module loaded at every wake.
//!
//! Names match exactly, or by the longest listed prefix for the database's
//! "wildcard" entries (`_ga_` for `_ga_ABC123`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::Category;

/// The database as this project ships it.
pub const DATA: &str = include_str!("../../data/open-cookie-database.tsv");

/// One entry of the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The name as listed (for a prefix entry, the prefix).
    pub name: String,
    /// Who the database says sets it ("Google Analytics", "Hotjar").
    pub platform: String,
    /// Its category, in this project's words.
    pub category: Category,
    /// Retention as the database writes it ("2 years", "session").
    pub retention: String,
    /// The name is a prefix of the names it stands for.
    pub prefix: bool,
}

/// The parsed table: a hash map for exact names, prefixes longest first.
#[derive(Debug)]
pub struct OpenCookieDb {
    exact: HashMap<String, usize>,
    prefixes: Vec<usize>,
    listings: Vec<Listing>,
}

/// A line that could not be read, by its number (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine(pub usize);

impl OpenCookieDb {
    /// Reads the tab-separated table (comment lines start with `#`).
    pub fn parse(text: &str) -> Result<Self, BadLine> {
        let mut listings = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(name), Some(platform), Some(category), Some(retention), Some(prefix), None) =
                (f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Err(BadLine(i + 1));
            };
            let category = match category {
                "functional" => Category::Functional,
                "advertising" => Category::Advertising,
                "analytics" => Category::Analytics,
                "essential" => Category::Essential,
                _ => return Err(BadLine(i + 1)),
            };
            let prefix = match prefix {
                "0" => false,
                "1" => true,
                _ => return Err(BadLine(i + 1)),
            };
            if name.is_empty() || platform.is_empty() {
                return Err(BadLine(i + 1));
            }
            listings.push(Listing {
                name: name.to_owned(),
                platform: platform.to_owned(),
                category,
                retention: retention.to_owned(),
                prefix,
            });
        }
        let mut exact = HashMap::new();
        let mut prefixes = Vec::new();
        for (i, l) in listings.iter().enumerate() {
            if l.prefix {
                prefixes.push(i);
            } else {
                exact.entry(l.name.clone()).or_insert(i);
            }
        }
        prefixes.sort_by_key(|&i| std::cmp::Reverse(listings[i].name.len()));
        Ok(Self { exact, prefixes, listings })
    }

    /// What the database lists `name` as: its exact entry, else the longest
    /// prefix entry that starts it (and is shorter than it).
    pub fn lookup(&self, name: &str) -> Option<&Listing> {
        if let Some(&i) = self.exact.get(name) {
            return Some(&self.listings[i]);
        }
        self.prefixes.iter().map(|&i| &self.listings[i]).find(|l| name.len() > l.name.len() && name.starts_with(&l.name))
    }

    /// How many entries the table holds.
    pub fn len(&self) -> usize {
        self.listings.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.listings.is_empty()
    }
}

/// What the table says of one name asked about (`catalog.lookup`'s reply).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Found {
    /// The name asked about.
    pub name: String,
    /// The entry that matched it (a prefix entry's prefix).
    pub listed_as: String,
    /// As in [`Listing`].
    pub platform: String,
    /// As in [`Listing`].
    pub category: Category,
    /// As in [`Listing`].
    pub retention: String,
}

/// The listed ones among `names`, in their order; a name the table does
/// not list is left out. At most [`LOOKUP_MAX`] names are looked at.
pub fn look_up(names: &[String]) -> Vec<Found> {
    let db = open_cookie_db();
    names
        .iter()
        .take(LOOKUP_MAX)
        .filter_map(|n| {
            db.lookup(n).map(|l| Found {
                name: n.clone(),
                listed_as: l.name.clone(),
                platform: l.platform.clone(),
                category: l.category,
                retention: l.retention.clone(),
            })
        })
        .collect()
}

/// The most names one lookup looks at.
pub const LOOKUP_MAX: usize = 2000;

/// The shipped table, read once.
pub fn open_cookie_db() -> &'static OpenCookieDb {
    static DB: OnceLock<OpenCookieDb> = OnceLock::new();
    DB.get_or_init(|| OpenCookieDb::parse(DATA).expect("data/open-cookie-database.tsv is checked by tests/open_cookie_db.rs"))
}
