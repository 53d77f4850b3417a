//! The imported lists and the compiled engine built from them.
//!
//! Owns the list texts (the engine cannot drop or add one list in place, so
//! every change rebuilds it from all of them) and the one `adblock::Engine`.
//! Pure: no wasm, no clock, no I/O.

use adblock::lists::{parse_filter, FilterSet as AdblockLists, ParseOptions, ParsedLine, RuleTypes};
use adblock::request::Request;
use adblock::Engine;
use serde::Serialize;

use crate::domain;
use crate::error::{Error, ErrorKind};
use crate::request::RequestKind;
use crate::snapshot;

/// What a list contributed, as shown on the options page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListInfo {
    /// The name the user gave the list (usually its file name).
    pub name: String,
    /// Network filters the engine uses.
    pub rules: u32,
    /// Lines that are neither blank nor comments but were not used: element
    /// hiding (`##`) rules, which say nothing about requests, and lines the
    /// engine cannot parse.
    pub ignored: u32,
}

/// Which list, and which of its filters, classified a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterMatch {
    /// The name of the list the filter came from.
    pub list: String,
    /// The filter exactly as it is written in the list.
    pub filter: String,
}

#[derive(Debug, Clone)]
pub(crate) struct List {
    pub(crate) info: ListInfo,
    pub(crate) text: String,
}

/// Imported filter lists, compiled into one engine.
pub struct FilterSet {
    lists: Vec<List>,
    engine: Engine,
    rebuilt: bool,
}

impl Default for FilterSet {
    fn default() -> Self {
        FilterSet::new()
    }
}

impl std::fmt::Debug for FilterSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterSet").field("lists", &self.lists()).finish_non_exhaustive()
    }
}

impl FilterSet {
    /// A set with no list: matches nothing.
    pub fn new() -> Self {
        domain::install();
        FilterSet { lists: Vec::new(), engine: Engine::default(), rebuilt: false }
    }

    /// Adds a list, or replaces the list of that name (a re-import updates
    /// it). The text is checked before anything changes: a file that is
    /// empty, is not text, or has no network filter leaves the set as it was.
    pub fn add_list(&mut self, name: &str, text: &str) -> Result<ListInfo, Error> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::new(ErrorKind::InvalidInput, "a filter list needs a name"));
        }
        let (rules, ignored) = count_rules(text)?;
        let info = ListInfo { name: name.to_string(), rules, ignored };
        let list = List { info: info.clone(), text: text.to_string() };
        match self.lists.iter_mut().find(|l| l.info.name == name) {
            Some(old) => *old = list,
            None => self.lists.push(list),
        }
        self.engine = build_engine(&self.lists);
        Ok(info)
    }

    /// Drops the list of that name; false if there was none.
    pub fn remove_list(&mut self, name: &str) -> bool {
        let before = self.lists.len();
        self.lists.retain(|l| l.info.name != name.trim());
        if self.lists.len() == before {
            return false;
        }
        self.engine = build_engine(&self.lists);
        true
    }

    /// The lists in the order they were added.
    pub fn lists(&self) -> Vec<ListInfo> {
        self.lists.iter().map(|l| l.info.clone()).collect()
    }

    /// The filter that classifies a request to `url` made by a page at
    /// `source_url`, if any list has one. An exception (`@@`) filter that
    /// matches wins over a blocking one unless that is `$important`, as in a
    /// blocker: the list's authors have said the request is not tracking.
    /// A URL the engine cannot parse matches nothing.
    pub fn match_request(&self, url: &str, source_url: &str, kind: RequestKind) -> Option<FilterMatch> {
        if self.lists.is_empty() {
            return None;
        }
        let request = Request::new(url, source_url, kind.engine_name(), "GET").ok()?;
        let result = self.engine.check_network_request(&request);
        if result.exception.is_some() && !result.important {
            return None;
        }
        let info = result.filter?;
        // Filters are compiled unfused, so each keeps its own line and source.
        let index = info.source_location?.source_index as usize;
        let list = self.lists.get(index)?;
        Some(FilterMatch { list: list.info.name.clone(), filter: info.raw_line.unwrap_or_default() })
    }

    /// The lists and the compiled engine as bytes, for the worker to keep in
    /// IndexedDB and restore with [`FilterSet::deserialize`] on waking.
    pub fn serialize(&self) -> Vec<u8> {
        snapshot::encode(&self.lists, &self.engine.serialize())
    }

    /// Restores a set saved by [`FilterSet::serialize`], normally without
    /// recompiling. The list texts are the source of truth and the compiled
    /// engine only a cache: if the engine part is damaged or was written by
    /// another build of the engine, the set is recompiled from the texts and
    /// [`FilterSet::rebuilt_on_restore`] says so, so the caller saves it
    /// again. Only bytes whose lists cannot be read are `CorruptData`.
    pub fn deserialize(bytes: &[u8]) -> Result<FilterSet, Error> {
        domain::install();
        let (lists, engine_bytes) = snapshot::decode(bytes)?;
        let mut engine = Engine::default();
        match engine.deserialize(engine_bytes) {
            Ok(()) => Ok(FilterSet { lists, engine, rebuilt: false }),
            Err(_) => {
                let engine = build_engine(&lists);
                Ok(FilterSet { lists, engine, rebuilt: true })
            }
        }
    }

    /// True if [`FilterSet::deserialize`] had to recompile: serialize the
    /// set again so the next restore is fast.
    pub fn rebuilt_on_restore(&self) -> bool {
        self.rebuilt
    }
}

fn parse_options() -> ParseOptions {
    // Element hiding says nothing about requests; not compiling it keeps the
    // engine smaller.
    ParseOptions { rule_types: RuleTypes::NetworkOnly, ..ParseOptions::default() }
}

fn build_engine(lists: &[List]) -> Engine {
    // Debug mode keeps each filter's text and source list; it is what lets a
    // finding name the filter. No-optimize keeps filters from being fused
    // into one pattern whose origin is lost.
    let mut set = AdblockLists::new(true);
    for list in lists {
        set.add_filter_list(list.text.clone(), parse_options());
    }
    Engine::new_with_filter_set_no_optimize(set)
}

fn is_comment(line: &str) -> bool {
    line.starts_with('!') || line.starts_with("[Adblock") || line.starts_with("# ") || line == "#"
}

/// Counts the usable network filters and the ignored lines, and rejects
/// files that are not an Adblock Plus list. The engine itself accepts almost
/// any line as a URL substring filter, so a wrong file would otherwise
/// "import" fine and quietly match nothing, or the wrong things.
fn count_rules(text: &str) -> Result<(u32, u32), Error> {
    let invalid = |why: &str| Error::new(ErrorKind::InvalidInput, format!("not an Adblock Plus filter list: {why}"));
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let Some(first) = first else {
        return Err(invalid("the file is empty"));
    };
    if text.contains('\0') {
        return Err(invalid("it is a binary file"));
    }
    if first.starts_with('<') {
        return Err(invalid("it looks like an HTML or XML page"));
    }
    if first.starts_with('{') || (first.starts_with('[') && !first.starts_with("[Adblock")) {
        return Err(invalid("it looks like JSON"));
    }
    let (mut rules, mut ignored, mut spaced, mut candidates) = (0u32, 0u32, 0u32, 0u32);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || is_comment(line) {
            continue;
        }
        candidates += 1;
        let pattern = line.split('$').next().unwrap_or(line);
        if pattern.contains(char::is_whitespace) && !line.contains("##") && !line.contains("#@#") {
            spaced += 1;
        }
        match parse_filter(line, false, parse_options()) {
            Ok(ParsedLine::Network(_)) => rules += 1,
            _ => ignored += 1,
        }
    }
    // URLs hold no spaces, so real network filters have none either; a file
    // where most lines do is prose, a CSV, or a hosts file.
    if spaced * 2 > candidates {
        return Err(invalid("most lines contain spaces (a text document or a hosts file?)"));
    }
    if rules == 0 {
        return Err(invalid("it has no network filters, only comments or element-hiding rules"));
    }
    Ok((rules, ignored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_headers_are_not_counted() {
        let (rules, ignored) = count_rules("[Adblock Plus 2.0]\n! Title: t\n\n||a.example^\nexample.com##.ad\n").unwrap();
        assert_eq!((rules, ignored), (1, 1));
    }

    #[test]
    fn prose_is_rejected() {
        let err = count_rules("Dear claimant,\nplease find attached the letter\n").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn kinds_map_to_engine_names() {
        assert_eq!(RequestKind::parse("beacon").engine_name(), "ping");
        assert_eq!(RequestKind::parse("frame").engine_name(), "sub_frame");
        assert_eq!(RequestKind::parse("font"), RequestKind::Other);
    }
}
