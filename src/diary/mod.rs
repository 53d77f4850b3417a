//! The work-search diary: the claimant's own record of their job search,
//! kept in the same hash chain as the tracking log.
//!
//! Owns the diary's vocabulary (the data of the `diary.added`,
//! `diary.edited` and `diary.removed` entries), the checks on what a page
//! or the user hands in, and the decision whether a page of a watched site
//! is an activity ([`from_page`], with the site's rules in
//! [`crate::sites::diary`]). It writes no entry itself: the
//! [`crate::recorder::Recorder`] does. [`book`] reads the entries back into
//! the diary as it stands, with the time per day; [`export`] makes the
//! weekly summary and the CSV. docs/diary.md describes all of it.
//!
//! A diary entry's id is the seq of its `diary.added` entry, so every edit
//! and removal names, inside the chain, the entry it changes.

pub mod book;
pub mod export;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::sites::diary::{Field, PageRule};

/// The most characters kept of a search's terms or place, or a reference.
pub const SHORT_CHARS: usize = 200;
/// The most characters kept of a job title or an employer's name.
pub const NAME_CHARS: usize = 300;
/// The most characters kept of a note.
pub const NOTE_CHARS: usize = 2000;
/// The most characters kept of the reason for an edit or a removal.
pub const REASON_CHARS: usize = 500;
/// The most minutes one entry may say it took (a whole day).
pub const MAX_MINUTES: u32 = 24 * 60;

/// What the activity was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    /// A search for jobs (terms and place).
    Search,
    /// A job's page was read.
    View,
    /// An application, started or submitted.
    Application,
    /// Anything else the user did: a phone call, a visit, a letter.
    Manual,
}

impl ActivityKind {
    /// The wire name (`"search"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Search => "search",
            ActivityKind::View => "view",
            ActivityKind::Application => "application",
            ActivityKind::Manual => "manual",
        }
    }
}

/// How far an application went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplicationStatus {
    /// The application form was opened.
    Started,
    /// The site confirmed the application was sent.
    Submitted,
}

/// How an activity the user adds was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// On a website.
    Online,
    /// By telephone.
    Phone,
    /// In person.
    Visit,
    /// By post.
    Post,
    /// By email.
    Email,
    /// Some other way.
    Other,
}

/// Who added an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Seen on a watched site's page while the diary was on.
    Page,
    /// Typed in by the user.
    User,
}

/// The details of an activity; which ones are present depends on its kind.
/// In an edit, a text field given as `""` is cleared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Details {
    /// A search's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
    /// A search's town or postcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The job's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The employer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    /// The job's reference on the site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// An application's progress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ApplicationStatus>,
    /// How it was done (for what the user adds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// The day it happened, `YYYY-MM-DD`, when not the day it was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// How long it took, in minutes, as the user says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// The user's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What the user asks `diary.add` to add: `{kind, ...details}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// What it was.
    pub kind: ActivityKind,
    /// Its details.
    pub details: Details,
}

/// The data of a `diary.added` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiaryAdded {
    /// What it was.
    pub kind: ActivityKind,
    /// Seen on a page, or added by the user.
    pub source: Source,
    /// The path of the page it was seen on (never its query string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Its details.
    #[serde(flatten)]
    pub details: Details,
}

/// The data of a `diary.edited` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiaryEdited {
    /// The entry changed: the seq of its `diary.added`.
    pub id: u64,
    /// The fields that change, with their new values.
    pub changes: Details,
    /// Why, in the user's words.
    pub reason: String,
}

/// The data of a `diary.removed` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiaryRemoved {
    /// The entry removed: the seq of its `diary.added`.
    pub id: u64,
    /// Why, in the user's words.
    pub reason: String,
}

fn put(map: &mut serde_json::Map<String, serde_json::Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), serde_json::Value::String(v.to_owned()));
    }
}

impl ActivityKind {
    /// The kind with wire name `s`.
    pub fn parse(s: &str) -> Option<ActivityKind> {
        [ActivityKind::Search, ActivityKind::View, ActivityKind::Application, ActivityKind::Manual].into_iter().find(|k| k.as_str() == s)
    }
}

impl ApplicationStatus {
    /// The status with wire name `s`.
    pub fn parse(s: &str) -> Option<ApplicationStatus> {
        [ApplicationStatus::Started, ApplicationStatus::Submitted].into_iter().find(|k| k.as_str() == s)
    }

    /// The wire name (`"started"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Started => "started",
            ApplicationStatus::Submitted => "submitted",
        }
    }
}

impl Method {
    /// The method with wire name `s`.
    pub fn parse(s: &str) -> Option<Method> {
        [Method::Online, Method::Phone, Method::Visit, Method::Post, Method::Email, Method::Other].into_iter().find(|k| k.as_str() == s)
    }

    /// The wire name (`"phone"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Online => "online",
            Method::Phone => "phone",
            Method::Visit => "visit",
            Method::Post => "post",
            Method::Email => "email",
            Method::Other => "other",
        }
    }
}

impl Source {
    /// The source with wire name `s`.
    pub fn parse(s: &str) -> Option<Source> {
        [Source::Page, Source::User].into_iter().find(|k| k.as_str() == s)
    }

    /// The wire name (`"page"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Page => "page",
            Source::User => "user",
        }
    }
}

// The entries' data are written field by field rather than by serde's
// derive: the main wasm module, which records pages, then carries no
// serialiser code of its own for them (it is over its size budget).
impl Details {
    fn write(&self, map: &mut serde_json::Map<String, serde_json::Value>) {
        put(map, "terms", self.terms.as_deref());
        put(map, "place", self.place.as_deref());
        put(map, "title", self.title.as_deref());
        put(map, "employer", self.employer.as_deref());
        put(map, "reference", self.reference.as_deref());
        put(map, "status", self.status.map(ApplicationStatus::as_str));
        put(map, "method", self.method.map(Method::as_str));
        put(map, "date", self.date.as_deref());
        if let Some(m) = self.minutes {
            map.insert("minutes".to_owned(), m.into());
        }
        put(map, "note", self.note.as_deref());
    }

    /// The details as a JSON object.
    pub fn to_data(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        self.write(&mut map);
        serde_json::Value::Object(map)
    }
}

// Read field by field too: serde's derive (with `flatten`) made the actions
// module tens of kilobytes larger.
impl Details {
    /// Reads details from a JSON object. `strict` (what the user sends):
    /// every member must be a detail of the right type. Otherwise (what the
    /// journal holds) members this version does not know are passed over.
    pub fn from_map(map: &Map<String, Value>, skip: &[&str], strict: bool) -> Result<Details> {
        let mut d = Details::default();
        for (key, value) in map {
            if skip.contains(&key.as_str()) {
                continue;
            }
            let text = || value.as_str().map(str::to_owned).ok_or_else(|| invalid(format!("{key} must be text")));
            let named = |what: &str| invalid(format!("{key} must be one of: {what}"));
            match key.as_str() {
                "terms" => d.terms = Some(text()?),
                "place" => d.place = Some(text()?),
                "title" => d.title = Some(text()?),
                "employer" => d.employer = Some(text()?),
                "reference" => d.reference = Some(text()?),
                "date" => d.date = Some(text()?),
                "note" => d.note = Some(text()?),
                "status" => d.status = Some(value.as_str().and_then(ApplicationStatus::parse).ok_or_else(|| named("started, submitted"))?),
                "method" => {
                    d.method =
                        Some(value.as_str().and_then(Method::parse).ok_or_else(|| named("online, phone, visit, post, email, other"))?)
                }
                "minutes" => {
                    let m = value.as_u64().and_then(|m| u32::try_from(m).ok());
                    d.minutes = Some(m.ok_or_else(|| invalid(format!("minutes must be a whole number from 0 to {MAX_MINUTES}")))?);
                }
                other if strict => return Err(invalid(format!("{:?} is not a detail of an activity", tidy(other, 40)))),
                _ => {}
            }
        }
        Ok(d)
    }

    /// Reads details from what the user sent (see [`Details::from_map`]).
    pub fn from_value(value: &Value) -> Result<Details> {
        let map = value.as_object().ok_or_else(|| invalid("the changes are an object"))?;
        Details::from_map(map, &[], true)
    }
}

impl DiaryAdded {
    /// Reads a `diary.added` entry's `data`.
    pub fn from_data(data: &Value) -> Option<DiaryAdded> {
        let map = data.as_object()?;
        let kind = ActivityKind::parse(map.get("kind")?.as_str()?)?;
        let source = Source::parse(map.get("source")?.as_str()?)?;
        let page = map.get("page").and_then(Value::as_str).map(str::to_owned);
        let details = Details::from_map(map, &["kind", "source", "page"], false).ok()?;
        Some(DiaryAdded { kind, source, page, details })
    }

    /// The entry's `data`.
    pub fn to_data(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        put(&mut map, "kind", Some(self.kind.as_str()));
        put(&mut map, "source", Some(self.source.as_str()));
        put(&mut map, "page", self.page.as_deref());
        self.details.write(&mut map);
        serde_json::Value::Object(map)
    }
}

impl DiaryEdited {
    /// Reads a `diary.edited` entry's `data`.
    pub fn from_data(data: &Value) -> Option<DiaryEdited> {
        let changes = Details::from_map(data.get("changes")?.as_object()?, &[], false).ok()?;
        Some(DiaryEdited { id: data.get("id")?.as_u64()?, changes, reason: data.get("reason")?.as_str()?.to_owned() })
    }

    /// The entry's `data`.
    pub fn to_data(&self) -> serde_json::Value {
        serde_json::json!({ "id": self.id, "changes": self.changes.to_data(), "reason": self.reason })
    }
}

impl DiaryRemoved {
    /// Reads a `diary.removed` entry's `data`.
    pub fn from_data(data: &Value) -> Option<DiaryRemoved> {
        Some(DiaryRemoved { id: data.get("id")?.as_u64()?, reason: data.get("reason")?.as_str()?.to_owned() })
    }

    /// The entry's `data`.
    pub fn to_data(&self) -> serde_json::Value {
        serde_json::json!({ "id": self.id, "reason": self.reason })
    }
}

/// What the content script read from a page (`content.diary`): the text
/// of the elements the site's rule names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageSeen {
    /// A random id of the page load, so a message sent twice counts once.
    pub page: String,
    /// The job's title.
    pub title: Option<String>,
    /// The employer.
    pub employer: Option<String>,
    /// The reference.
    pub reference: Option<String>,
}

impl PageSeen {
    /// The text read for `field`.
    pub fn get(&self, field: Field) -> Option<&String> {
        match field {
            Field::Title => self.title.as_ref(),
            Field::Employer => self.employer.as_ref(),
            Field::Reference => self.reference.as_ref(),
        }
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

/// Page or user text as kept: runs of white space (line breaks included)
/// become one space, and at most `max` characters are kept.
pub fn tidy(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::untrusted::clip(&joined, max).0.to_owned()
}

fn tidy_field(field: &mut Option<String>, max: usize, keep_empty: bool) {
    if let Some(text) = field.take() {
        let text = tidy(&text, max);
        if keep_empty || !text.is_empty() {
            *field = Some(text);
        }
    }
}

fn non_empty(field: &Option<String>) -> bool {
    field.as_deref().is_some_and(|s| !s.is_empty())
}

/// Whether `date` is a real calendar day written `YYYY-MM-DD`.
pub fn valid_date(date: &str) -> bool {
    date.len() == 10 && crate::time::parse_rfc3339(&format!("{date}T00:00:00Z")).is_ok_and(|ms| crate::time::day(ms) == date)
}

impl Details {
    /// The details tidied (see [`tidy`]) and checked: a real date, at most
    /// [`MAX_MINUTES`]. In an edit (`keep_empty`) an empty text stays, to
    /// clear the field.
    pub fn tidied(mut self, keep_empty: bool) -> Result<Details> {
        self.tidy_texts(keep_empty);
        if let Some(date) = &self.date {
            if !valid_date(date) {
                return Err(invalid(format!("date must be a day written YYYY-MM-DD, not {:?}", tidy(date, 20))));
            }
        }
        if self.minutes.is_some_and(|m| m > MAX_MINUTES) {
            return Err(invalid(format!("minutes must be at most {MAX_MINUTES}")));
        }
        Ok(self)
    }

    fn tidy_texts(&mut self, keep_empty: bool) {
        for (field, max) in [
            (&mut self.terms, SHORT_CHARS),
            (&mut self.place, SHORT_CHARS),
            (&mut self.reference, SHORT_CHARS),
            (&mut self.title, NAME_CHARS),
            (&mut self.employer, NAME_CHARS),
            (&mut self.note, NOTE_CHARS),
        ] {
            tidy_field(field, max, keep_empty);
        }
    }

    /// Whether these details say enough for an activity of `kind` (see
    /// [`Details::check_for`]).
    pub fn enough_for(&self, kind: ActivityKind) -> bool {
        match kind {
            ActivityKind::Search => non_empty(&self.terms) || non_empty(&self.place),
            ActivityKind::View => non_empty(&self.title) || non_empty(&self.reference),
            ActivityKind::Application => non_empty(&self.title) || non_empty(&self.employer) || non_empty(&self.reference),
            ActivityKind::Manual => non_empty(&self.note),
        }
    }

    /// Whether these details say enough for an activity of `kind`: a
    /// search its terms or place, a job page its title or reference, an
    /// application its title, employer or reference, anything else a note.
    pub fn check_for(&self, kind: ActivityKind) -> Result<()> {
        if !self.enough_for(kind) {
            let needs = match kind {
                ActivityKind::Search => "the words searched for or the place",
                ActivityKind::View => "the job's title or reference",
                ActivityKind::Application => "the job's title, the employer or the reference",
                ActivityKind::Manual => "a note saying what was done",
            };
            return Err(invalid(format!("a {} entry needs {needs}", kind.as_str())));
        }
        if self.status.is_some() && kind != ActivityKind::Application {
            return Err(invalid("only an application has a status"));
        }
        Ok(())
    }

    /// These details with `changes` applied: each field given replaces the
    /// one here, and an empty text clears it.
    pub fn with(&self, changes: &Details) -> Details {
        let text = |now: &Option<String>, new: &Option<String>| match new {
            Some(s) if s.is_empty() => None,
            Some(s) => Some(s.clone()),
            None => now.clone(),
        };
        Details {
            terms: text(&self.terms, &changes.terms),
            place: text(&self.place, &changes.place),
            title: text(&self.title, &changes.title),
            employer: text(&self.employer, &changes.employer),
            reference: text(&self.reference, &changes.reference),
            status: changes.status.or(self.status),
            method: changes.method.or(self.method),
            date: text(&self.date, &changes.date),
            minutes: changes.minutes.or(self.minutes),
            note: text(&self.note, &changes.note),
        }
    }

    fn is_empty(&self) -> bool {
        self == &Details::default()
    }
}

impl Activity {
    /// Reads `{kind, ...details}`, refusing any other member.
    pub fn from_value(value: serde_json::Value) -> Result<Activity> {
        let serde_json::Value::Object(mut map) = value else { return Err(invalid("an activity is an object")) };
        let kind = map.remove("kind").ok_or_else(|| invalid("an activity needs a kind"))?;
        let kind =
            kind.as_str().and_then(ActivityKind::parse).ok_or_else(|| invalid("kind must be search, view, application or manual"))?;
        let details = Details::from_map(&map, &[], true)?;
        Ok(Activity { kind, details })
    }

    /// The `diary.added` data for what the user typed in, checked.
    pub fn added_by_user(self) -> Result<DiaryAdded> {
        let details = self.details.tidied(false)?;
        details.check_for(self.kind)?;
        Ok(DiaryAdded { kind: self.kind, source: Source::User, page: None, details })
    }
}

/// A period asked for (`diary.list`, the diary's files): each end a day
/// `YYYY-MM-DD`, or absent.
pub fn period(from: Option<String>, to: Option<String>) -> Result<(Option<String>, Option<String>)> {
    for (name, day) in [("from", &from), ("to", &to)] {
        if let Some(d) = day {
            if !valid_date(d) {
                return Err(invalid(format!("{name} must be a day written YYYY-MM-DD")));
            }
        }
    }
    Ok((from, to))
}

/// The id of a diary entry as JavaScript gives it (a number): a seq.
pub fn entry_id(id: f64) -> Result<u64> {
    if id >= 1.0 && id.fract() == 0.0 && id <= crate::journal::MAX_SAFE_INTEGER as f64 {
        Ok(id as u64)
    } else {
        Err(invalid("id must be the number of a diary entry"))
    }
}

/// A reason for an edit or a removal, tidied; refused when empty.
pub fn reason(text: &str) -> Result<String> {
    let reason = tidy(text, REASON_CHARS);
    if reason.is_empty() {
        return Err(invalid("a reason is needed: say why the entry changes"));
    }
    Ok(reason)
}

/// The `diary.edited` data for an edit, checked as far as it can be
/// without the entry it changes (see [`book::Book::check_edit`]).
pub fn edited(id: u64, changes: Details, reason_text: &str) -> Result<DiaryEdited> {
    let changes = changes.tidied(true)?;
    if changes.is_empty() {
        return Err(invalid("the edit changes nothing"));
    }
    Ok(DiaryEdited { id, changes, reason: reason(reason_text)? })
}

/// The `diary.removed` data for a removal.
pub fn removed(id: u64, reason_text: &str) -> Result<DiaryRemoved> {
    Ok(DiaryRemoved { id, reason: reason(reason_text)? })
}

/// The host of a page address (`https://host:port/...`), lowercased by
/// [`crate::domain::normalize_host`] when the caller looks it up.
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    (!host.is_empty()).then_some(host)
}

/// The data of the `diary.added` entry for what the user asks to add
/// (`{kind, ...details}`), checked.
pub fn prepare_add(activity: serde_json::Value) -> Result<serde_json::Value> {
    Ok(Activity::from_value(activity)?.added_by_user()?.to_data())
}

/// The data of the `diary.edited` entry for an edit of entry `id`, checked
/// against the diary as `book` has it.
pub fn prepare_edit(book: &book::Book, id: u64, changes: Details, reason_text: &str) -> Result<serde_json::Value> {
    let edit = edited(id, changes, reason_text)?;
    book.check_edit(&edit)?;
    Ok(edit.to_data())
}

/// The data of the `diary.removed` entry for removing entry `id`, checked
/// against the diary as `book` has it.
pub fn prepare_remove(book: &book::Book, id: u64, reason_text: &str) -> Result<serde_json::Value> {
    book.check_remove(id)?;
    Ok(removed(id, reason_text)?.to_data())
}

/// Splits a page address into its path and query (without `#...`).
pub fn path_and_query(url: &str) -> Option<(&str, &str)> {
    let rest = url.split_once("://")?.1;
    let rest = rest.split('#').next().unwrap_or("");
    let at = rest.find(['/', '?']).unwrap_or(rest.len());
    let tail = &rest[at..];
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    Some((if path.is_empty() { "/" } else { path }, query))
}

/// The value of parameter `name` in a query string, decoded as a form
/// sends it (`+` a space, `%XX` a byte; bytes that are not UTF-8 become
/// U+FFFD).
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(k) == name).then(|| decode(v))
    })
}

fn decode(text: &str) -> String {
    let hex = |c: u8| char::from(c).to_digit(16);
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            (c, _, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a page that matched `rule` adds to the diary, from its address
/// (`star`: the path's `*` segment; `query`) and the text the content
/// script read; `None` when the page does not show an activity after all
/// (a search page with nothing searched for, a job page with no title).
pub fn from_page(rule: &PageRule, path: &str, star: Option<&str>, query: &str, seen: &PageSeen) -> Option<DiaryAdded> {
    let read = |field: Field| rule.fields.iter().any(|(f, _)| *f == field).then(|| seen.get(field).cloned()).flatten();
    let mut details = Details {
        terms: rule.terms_param.and_then(|p| query_param(query, p)),
        place: rule.place_param.and_then(|p| query_param(query, p)),
        title: read(Field::Title),
        employer: read(Field::Employer),
        reference: read(Field::Reference),
        status: rule.status,
        ..Details::default()
    };
    details.tidy_texts(false);
    if details.reference.is_none() && rule.reference_in_path {
        details.reference = star.map(|s| tidy(&decode(s), SHORT_CHARS)).filter(|s| !s.is_empty());
    }
    if !details.enough_for(rule.kind) {
        return None;
    }
    Some(DiaryAdded { kind: rule.kind, source: Source::Page, page: Some(tidy(&decode(path), SHORT_CHARS)), details })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites::diary::{page_rule, rules_for};

    pub(crate) fn seen(fields: &[(&str, &str)]) -> PageSeen {
        let get = |name: &str| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned());
        PageSeen { page: "p1".into(), title: get("title"), employer: get("employer"), reference: get("reference") }
    }

    fn decide(url: &str, fields: &[(&str, &str)]) -> Option<DiaryAdded> {
        let (path, query) = path_and_query(url).unwrap();
        let (rule, star) = page_rule(rules_for("uk-find-a-job").unwrap(), path)?;
        from_page(rule, path, star, query, &seen(fields))
    }

    #[test]
    fn a_search_is_its_terms_and_place_from_the_address() {
        let a = decide("https://findajob.dwp.gov.uk:8443/search?q=care+assistant&w=Leeds%20LS1&x=1#top", &[]).unwrap();
        assert_eq!((a.kind, a.source), (ActivityKind::Search, Source::Page));
        assert_eq!(a.details.terms.as_deref(), Some("care assistant"));
        assert_eq!(a.details.place.as_deref(), Some("Leeds LS1"));
        assert_eq!(a.page.as_deref(), Some("/search"), "the path only, never the query");
        assert!(decide("https://findajob.dwp.gov.uk/", &[]).is_none(), "the home page with nothing searched is no search");
        assert!(decide("https://findajob.dwp.gov.uk/?q=&w=", &[]).is_none());
    }

    #[test]
    fn a_job_page_is_its_title_employer_and_reference() {
        let a = decide(
            "https://findajob.dwp.gov.uk/details/1001",
            &[("title", "  Warehouse\n Operative "), ("employer", "Northgate"), ("reference", " \n ")],
        )
        .unwrap();
        assert_eq!(a.kind, ActivityKind::View);
        assert_eq!(a.details.title.as_deref(), Some("Warehouse Operative"));
        assert_eq!(a.details.reference.as_deref(), Some("1001"), "from the path when the page shows none");
        assert!(decide("https://findajob.dwp.gov.uk/details/1001", &[("employer", "Northgate")]).is_some(), "the path gives the reference");
        // Fields the rule does not name are never taken.
        let b = decide("https://findajob.dwp.gov.uk/search?q=x", &[("title", "ignored")]).unwrap();
        assert_eq!(b.details.title, None);
    }

    #[test]
    fn an_application_is_started_or_submitted() {
        let s = decide("https://findajob.dwp.gov.uk/apply/1001", &[("title", "Care Assistant")]).unwrap();
        assert_eq!((s.kind, s.details.status), (ActivityKind::Application, Some(ApplicationStatus::Started)));
        let d = decide("https://findajob.dwp.gov.uk/apply/1001/sent", &[("title", "Care Assistant")]).unwrap();
        assert_eq!(d.details.status, Some(ApplicationStatus::Submitted));
    }

    #[test]
    fn page_text_is_clipped_and_bad_escapes_are_harmless() {
        let long = "x".repeat(5000);
        let a = decide("https://findajob.dwp.gov.uk/details/9", &[("title", &long)]).unwrap();
        assert_eq!(a.details.title.unwrap().chars().count(), NAME_CHARS);
        let b = decide("https://findajob.dwp.gov.uk/search?q=%ZZ%e2%82%ac%ff%", &[]).unwrap();
        assert_eq!(b.details.terms.as_deref(), Some("%ZZ€\u{fffd}%"));
    }

    #[test]
    fn what_the_user_adds_is_checked() {
        let add = |json: &str| {
            Activity::from_value(serde_json::from_str(json).unwrap()).and_then(Activity::added_by_user).map_err(|e| e.to_string())
        };
        let a = add(r#"{"kind":"manual","note":"Phoned  the\tagency","method":"phone","minutes":20,"date":"2026-11-30"}"#).unwrap();
        assert_eq!((a.source, a.details.note.as_deref(), a.details.minutes), (Source::User, Some("Phoned the agency"), Some(20)));
        assert!(add(r#"{"kind":"manual"}"#).unwrap_err().contains("needs a note"));
        assert!(add(r#"{"kind":"manual","note":"x","date":"2026-02-30"}"#).is_err(), "no 30 February");
        assert!(add(r#"{"kind":"manual","note":"x","minutes":2000}"#).is_err());
        assert!(add(r#"{"kind":"manual","note":"x","source":"page"}"#).is_err(), "a user cannot pass an entry off as seen on a page");
        assert!(add(r#"{"kind":"search","terms":"x","status":"submitted"}"#).is_err());
        assert!(add(r#"{"kind":"party","note":"x"}"#).is_err());
    }

    #[test]
    fn an_edit_needs_a_reason_and_a_change() {
        let changes = Details { title: Some("Care worker".into()), ..Details::default() };
        assert!(edited(3, changes.clone(), "  ").is_err());
        assert!(edited(3, Details::default(), "typo").is_err());
        let e = edited(3, changes, " typo\n").unwrap();
        assert_eq!(e.reason, "typo");
        let cleared = Details { title: Some("A".into()), employer: Some("B".into()), ..Details::default() }
            .with(&Details { employer: Some(String::new()), ..Details::default() });
        assert_eq!((cleared.title.as_deref(), cleared.employer), (Some("A"), None));
        assert!(removed(3, "").is_err());
    }
}
