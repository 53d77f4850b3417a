//! The diary as it stands, read back from its journal entries: each
//! `diary.added` with the `diary.edited` applied in order, marked when a
//! `diary.removed` took it out; and the time per day.
//!
//! **Time per day** is two figures, both worked out from the entries alone
//! (so anyone holding the evidence file can work them out again):
//! - *on the site*: the entries seen on pages, taken in time order within
//!   each UTC day, are split into sittings wherever more than
//!   [`SITTING_GAP_MS`] passes between one and the next; each sitting counts
//!   from its first page to its last. Reading after the last page of a
//!   sitting, and pages that are not activities, are not counted, so this
//!   is a lower bound.
//! - *added*: the minutes the user gave on entries of that day.
//!
//! Removed entries count in neither.

use serde::Serialize;

use super::{ActivityKind, Details, DiaryAdded, DiaryEdited, DiaryRemoved, Source};
use crate::error::{Error, ErrorKind, Result};
use crate::journal::{Entry, EntryType};
use crate::time;

/// Within one sitting, no more than this passes between two pages: 30
/// minutes.
pub const SITTING_GAP_MS: i64 = 30 * 60 * 1000;

const DAY_MS: i64 = 86_400_000;

/// A change made to an entry, for the record shown with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The seq of the `diary.edited` or `diary.removed` entry.
    pub seq: u64,
    /// When.
    pub time: String,
    /// The user's reason.
    pub reason: String,
    /// What changed (edits only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Details>,
}

/// One diary entry as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// Its id: the seq of its `diary.added` entry.
    pub id: u64,
    /// When it was added.
    pub time: String,
    /// The day it counts for: its `date`, or the UTC day it was added.
    pub day: String,
    /// The watched site it was seen on (none for what the user added).
    pub site: Option<String>,
    /// What it was.
    pub kind: ActivityKind,
    /// Seen on a page, or added by the user.
    pub source: Source,
    /// The page's path, for what was seen on a page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Its details, every edit applied.
    pub details: Details,
    /// Its edits, oldest first.
    pub edits: Vec<Change>,
    /// Its removal, if it was removed.
    pub removed: Option<Change>,
    #[serde(skip)]
    time_ms: i64,
}

/// The time of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Minutes on the watched sites (see the module docs).
    pub on_site_minutes: u32,
    /// Minutes the user gave on that day's entries.
    pub added_minutes: u32,
    /// The two together.
    pub minutes: u32,
    /// Entries that count for the day.
    pub activities: u32,
}

/// One week, Monday to Sunday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Week {
    /// Its Monday.
    pub start: String,
    /// Its Sunday.
    pub end: String,
    /// Its minutes, every day together.
    pub minutes: u32,
    /// Its seven days, Monday first.
    pub days: Vec<Day>,
}

/// The `diary.list` reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
    /// Entries in the period, not removed, by day and time.
    pub entries: Vec<Item>,
    /// Entries in the period that were removed, with why.
    pub removed: Vec<Item>,
    /// Every week with an entry in the period, oldest first.
    pub weeks: Vec<Week>,
}

/// Every diary entry, in the order added.
#[derive(Debug, Clone, Default)]
pub struct Book {
    items: Vec<Item>,
}

fn day_number(date: &str) -> Option<i64> {
    time::parse_rfc3339(&format!("{date}T00:00:00Z")).ok().map(|ms| ms.div_euclid(DAY_MS))
}

fn date_of(day: i64) -> String {
    time::day(day * DAY_MS)
}

fn unknown(id: u64) -> Error {
    Error::new(ErrorKind::UnknownEntry, format!("no diary entry has the id {id}"))
}

impl Book {
    /// The diary from its journal entries (any order; other types are
    /// skipped, and so is an edit of an entry that is not there, which only
    /// an archived journal has).
    pub fn from_entries(entries: &[Entry]) -> Book {
        let mut sorted: Vec<&Entry> = entries.iter().collect();
        sorted.sort_by_key(|e| e.seq);
        let mut book = Book::default();
        for e in sorted {
            let Ok(time_ms) = time::parse_rfc3339(&e.time) else { continue };
            match e.kind {
                EntryType::DiaryAdded => {
                    let Some(added) = DiaryAdded::from_data(&e.data) else { continue };
                    let day = added.details.date.clone().unwrap_or_else(|| time::day(time_ms));
                    book.items.push(Item {
                        id: e.seq,
                        time: e.time.clone(),
                        day,
                        site: e.site.clone(),
                        kind: added.kind,
                        source: added.source,
                        page: added.page,
                        details: added.details,
                        edits: Vec::new(),
                        removed: None,
                        time_ms,
                    });
                }
                EntryType::DiaryEdited => {
                    let Some(edit) = DiaryEdited::from_data(&e.data) else { continue };
                    if let Some(item) = book.items.iter_mut().find(|i| i.id == edit.id && i.removed.is_none()) {
                        item.details = item.details.with(&edit.changes);
                        item.day = item.details.date.clone().unwrap_or_else(|| time::day(item.time_ms));
                        item.edits.push(Change { seq: e.seq, time: e.time.clone(), reason: edit.reason, changes: Some(edit.changes) });
                    }
                }
                EntryType::DiaryRemoved => {
                    let Some(gone) = DiaryRemoved::from_data(&e.data) else { continue };
                    if let Some(item) = book.items.iter_mut().find(|i| i.id == gone.id && i.removed.is_none()) {
                        item.removed = Some(Change { seq: e.seq, time: e.time.clone(), reason: gone.reason, changes: None });
                    }
                }
                _ => {}
            }
        }
        book
    }

    /// Every entry, in the order added.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    fn live(&self, id: u64) -> Result<&Item> {
        self.items.iter().find(|i| i.id == id && i.removed.is_none()).ok_or_else(|| unknown(id))
    }

    /// Refuses an edit of an entry that is not there or was removed, or one
    /// that would leave it without what its kind needs.
    pub fn check_edit(&self, edit: &DiaryEdited) -> Result<()> {
        let item = self.live(edit.id)?;
        item.details.with(&edit.changes).check_for(item.kind)
    }

    /// Refuses removing an entry that is not there or was removed already.
    pub fn check_remove(&self, id: u64) -> Result<()> {
        self.live(id).map(|_| ())
    }

    /// The entries whose day is within `from` and `to` (days
    /// `YYYY-MM-DD`, both included, either open), and their weeks.
    pub fn list(&self, from: Option<&str>, to: Option<&str>) -> Listing {
        let within = |day: &str| from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t);
        let mut entries: Vec<Item> = self.items.iter().filter(|i| i.removed.is_none() && within(&i.day)).cloned().collect();
        entries.sort_by(|a, b| (&a.day, a.time_ms, a.id).cmp(&(&b.day, b.time_ms, b.id)));
        let removed = self.items.iter().filter(|i| i.removed.is_some() && within(&i.day)).cloned().collect();
        let mut weeks: Vec<Week> = Vec::new();
        for item in &entries {
            let Some(n) = day_number(&item.day) else { continue };
            let monday = n - (n + 3).rem_euclid(7);
            if weeks.iter().any(|w| w.start == date_of(monday)) {
                continue;
            }
            let days: Vec<Day> = (monday..monday + 7).map(|d| self.day(&date_of(d))).collect();
            weeks.push(Week { start: date_of(monday), end: date_of(monday + 6), minutes: days.iter().map(|d| d.minutes).sum(), days });
        }
        weeks.sort_by(|a, b| a.start.cmp(&b.start));
        Listing { entries, removed, weeks }
    }

    /// The time of day `date` (see the module docs).
    pub fn day(&self, date: &str) -> Day {
        let live = || self.items.iter().filter(|i| i.removed.is_none());
        let mut pages: Vec<i64> = live().filter(|i| i.source == Source::Page && time::day(i.time_ms) == date).map(|i| i.time_ms).collect();
        pages.sort_unstable();
        let mut on_site_ms = 0;
        for pair in pages.windows(2) {
            let gap = pair[1] - pair[0];
            if gap <= SITTING_GAP_MS {
                on_site_ms += gap;
            }
        }
        let on_site_minutes = (on_site_ms / 60_000) as u32;
        let counted: Vec<&Item> = live().filter(|i| i.day == date).collect();
        let added_minutes = counted.iter().filter_map(|i| i.details.minutes).sum::<u32>();
        Day {
            date: date.to_owned(),
            on_site_minutes,
            added_minutes,
            minutes: on_site_minutes + added_minutes,
            activities: counted.len() as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{append, Head};
    use serde_json::json;

    const T0: i64 = 1_796_083_200_000; // 2026-12-01T00:00:00Z, a Tuesday

    fn journal(steps: &[(i64, EntryType, serde_json::Value)]) -> Vec<Entry> {
        let mut head = Head::default();
        steps.iter().map(|(t, k, d)| append(&mut head, T0 + t, *k, Some("uk-find-a-job"), d.clone()).unwrap()).collect()
    }

    const MIN: i64 = 60_000;

    #[test]
    fn sittings_count_from_first_page_to_last() {
        let page = |terms: &str| json!({"kind": "search", "source": "page", "terms": terms});
        let entries = journal(&[
            (9 * 60 * MIN, EntryType::DiaryAdded, page("a")),
            (9 * 60 * MIN + 10 * MIN, EntryType::DiaryAdded, page("b")),
            (9 * 60 * MIN + 40 * MIN, EntryType::DiaryAdded, page("c")), // 30 min later: same sitting
            (11 * 60 * MIN, EntryType::DiaryAdded, page("d")),           // 80 min later: a new one
            (11 * 60 * MIN + 5 * MIN, EntryType::DiaryAdded, page("e")),
            (12 * 60 * MIN, EntryType::DiaryAdded, json!({"kind": "manual", "source": "user", "note": "phoned", "minutes": 25})),
        ]);
        let book = Book::from_entries(&entries);
        let day = book.day("2026-12-01");
        assert_eq!((day.on_site_minutes, day.added_minutes, day.minutes, day.activities), (45, 25, 70, 6));
        let listing = book.list(None, None);
        assert_eq!(listing.weeks.len(), 1);
        assert_eq!((listing.weeks[0].start.as_str(), listing.weeks[0].end.as_str()), ("2026-11-30", "2026-12-06"));
        assert_eq!(listing.weeks[0].days[1], day);
        assert_eq!(listing.weeks[0].minutes, 70);
    }

    #[test]
    fn edits_apply_in_order_and_removals_take_entries_out() {
        let entries = journal(&[
            (0, EntryType::DiaryAdded, json!({"kind": "view", "source": "page", "title": "Care Asistant", "reference": "1002"})),
            (MIN, EntryType::DiaryAdded, json!({"kind": "search", "source": "page", "terms": "care"})),
            (2 * MIN, EntryType::DiaryEdited, json!({"id": 1, "changes": {"title": "Care Assistant"}, "reason": "typo"})),
            (3 * MIN, EntryType::DiaryRemoved, json!({"id": 2, "reason": "my daughter's search"})),
            (4 * MIN, EntryType::DiaryEdited, json!({"id": 2, "changes": {"terms": "x"}, "reason": "after removal: ignored"})),
        ]);
        let book = Book::from_entries(&entries);
        let listing = book.list(None, None);
        assert_eq!(listing.entries.len(), 1);
        assert_eq!(listing.entries[0].details.title.as_deref(), Some("Care Assistant"));
        assert_eq!(listing.entries[0].edits[0].reason, "typo");
        assert_eq!(listing.removed[0].removed.as_ref().unwrap().reason, "my daughter's search");
        assert_eq!(listing.removed[0].details.terms.as_deref(), Some("care"));
        assert_eq!(book.day("2026-12-01").on_site_minutes, 0, "a removed page does not count");
        // Checks against the diary as it stands.
        let edit = |id, changes: serde_json::Value| DiaryEdited { id, changes: Details::from_value(&changes).unwrap(), reason: "r".into() };
        assert_eq!(book.check_edit(&edit(2, json!({"terms": "y"}))).unwrap_err().kind(), ErrorKind::UnknownEntry);
        assert_eq!(book.check_edit(&edit(9, json!({"terms": "y"}))).unwrap_err().kind(), ErrorKind::UnknownEntry);
        assert!(book.check_edit(&edit(1, json!({"title": "", "reference": ""}))).is_err(), "a job page needs a title or reference");
        book.check_edit(&edit(1, json!({"title": ""}))).unwrap();
        assert!(book.check_remove(2).is_err());
        book.check_remove(1).unwrap();
    }

    #[test]
    fn a_date_moves_an_entry_to_its_day_and_the_period_filters_by_day() {
        let entries = journal(&[
            (0, EntryType::DiaryAdded, json!({"kind": "manual", "source": "user", "note": "visit", "date": "2026-11-27", "minutes": 60})),
            (MIN, EntryType::DiaryAdded, json!({"kind": "manual", "source": "user", "note": "call", "minutes": 10})),
        ]);
        let book = Book::from_entries(&entries);
        let all = book.list(None, None);
        assert_eq!(all.entries.iter().map(|i| i.day.as_str()).collect::<Vec<_>>(), ["2026-11-27", "2026-12-01"]);
        assert_eq!(all.weeks.iter().map(|w| w.start.as_str()).collect::<Vec<_>>(), ["2026-11-23", "2026-11-30"]);
        assert_eq!(all.weeks[0].days[4].minutes, 60, "Friday 27 November");
        let one = book.list(Some("2026-11-28"), Some("2026-12-31"));
        assert_eq!(one.entries.len(), 1);
        assert_eq!(one.weeks.len(), 1);
    }
}
