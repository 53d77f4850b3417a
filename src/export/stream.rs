//! Streamed exports: the journal goes through a chunk at a time, so an
//! export of any size holds one chunk of entries and one chunk of output,
//! never the journal or the file.
//!
//! The JSON file's header (`withheld`, `screenshots` and the `journal`
//! counts, ends and head hash, most of them covered by the signature)
//! comes before the entries, and the `from` / `to` filter's run of entries
//! ends at the *last* entry at or before `to`, which only the end of the
//! journal settles. So an export takes two passes over the same chunks:
//!
//! 1. a [`Planner`] reads each entry's place (`seq`, `time`, `site`,
//!    `hash`, and the screenshot an `evidence.recorded` entry names)
//!    without formatting anything, and gives the [`Span`] the header
//!    describes;
//! 2. an [`ExportStream`] made from that span writes the header, then the
//!    entries of each chunk pushed to it, then the end. It checks that the
//!    entries it is given are the ones the span describes (in order, as
//!    many, ending at the planned head hash) and refuses to finish
//!    otherwise, so a journal that changed between the passes gives an
//!    error, never a file whose header is wrong. The links between entries
//!    are not its business: a journal damaged in storage still exports,
//!    and the verifier says where.
//!
//! An export without a filter may plan every chunk but the last from the
//! summary the store keeps beside it ([`Planner::summary`]), without
//! reading its entries.
//!
//! Both passes read chunks as the extension stores them: entries as JSON
//! objects separated by commas, no brackets. The file is byte for byte the
//! one [`super::to_json`] / [`super::to_csv`] make from the whole input.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{csv, json, push_run, site_id, ExportInput, Filter, Span};
use crate::error::{Error, ErrorKind, Result};
use crate::journal::{jcs, EntryType, Members};

fn invalid(m: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, m)
}

/// Parses a chunk of comma-separated entries as a list.
fn entries_of<'a, T: Deserialize<'a>>(chunk: &[u8], buf: &'a mut Vec<u8>) -> Result<Vec<T>> {
    buf.clear();
    buf.reserve(chunk.len() + 2);
    buf.push(b'[');
    buf.extend_from_slice(chunk);
    buf.push(b']');
    serde_json::from_slice(buf).map_err(|e| invalid(format!("a chunk of the journal is not a list of entries: {e}")))
}

/// An entry as both passes read it: its members borrowed from the chunk,
/// nothing built. The plan pass looks only at its place (seq, time, site,
/// hashes); the JSON write pass copies it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Borrowed<'a> {
    seq: u64,
    #[serde(borrow)]
    time: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: EntryType,
    #[serde(borrow)]
    site: Option<Cow<'a, str>>,
    #[serde(borrow)]
    data: &'a RawValue,
    #[serde(borrow)]
    prev_hash: Cow<'a, str>,
    #[serde(borrow)]
    hash: Cow<'a, str>,
}

/// What both passes need of an entry, whichever way it was read.
struct Place<'a> {
    seq: u64,
    time: &'a str,
    kind: EntryType,
    site: Option<&'a str>,
    /// The `data` member's JSON text.
    data: &'a str,
    prev_hash: &'a str,
    hash: &'a str,
    /// The whole entry's stored text, when it is already byte for byte
    /// what the JSON file holds (the write pass then copies it).
    text: Option<&'a str>,
}

impl<'a> Borrowed<'a> {
    fn place(&'a self) -> Place<'a> {
        Place {
            seq: self.seq,
            time: &self.time,
            kind: self.kind,
            site: self.site.as_deref(),
            data: self.data.get(),
            prev_hash: &self.prev_hash,
            hash: &self.hash,
            text: None,
        }
    }
}

/// Reads a chunk whose every entry is stored exactly as the JSON file
/// writes it: members in the file's order (`seq`, `time`, `type`, `site`,
/// `data`, `prevHash`, `hash`), `data` in canonical form, the other
/// strings without escapes, no space anywhere. The extension stores what
/// the core wrote, so this is the usual case, and it needs no parser: one
/// pass over the bytes finds every member. `None` as soon as anything
/// differs (an integer-like name that JavaScript moved to the front of an
/// object, an escape, a member missing or extra); the caller then reads
/// the chunk with serde, which is always right.
fn laid_out(chunk: &[u8]) -> Option<Vec<Place<'_>>> {
    let text = std::str::from_utf8(chunk).ok()?;
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 400 + 1);
    let mut at = 0;
    // `want` moves past a literal; `plain` past a string without escapes,
    // giving its text.
    let want = |at: &mut usize, lit: &[u8]| -> Option<()> {
        b.get(*at..*at + lit.len()).filter(|s| *s == lit)?;
        *at += lit.len();
        Some(())
    };
    let plain = |at: &mut usize| -> Option<&str> {
        let end = jcs::plain_string_at(b, *at)?;
        let s = text.get(*at + 1..end - 1)?;
        *at = end;
        Some(s)
    };
    while at < b.len() {
        if !out.is_empty() {
            want(&mut at, b",")?;
        }
        let start = at;
        want(&mut at, b"{\"seq\":")?;
        let (end, seq) = jcs::canonical_u64_at(b, at)?;
        at = end;
        want(&mut at, b",\"time\":")?;
        let time = plain(&mut at)?;
        want(&mut at, b",\"type\":")?;
        let kind = EntryType::parse(plain(&mut at)?)?;
        want(&mut at, b",\"site\":")?;
        let site = if want(&mut at, b"null").is_some() { None } else { Some(plain(&mut at)?) };
        want(&mut at, b",\"data\":")?;
        let data_at = at;
        at = jcs::canonical_value_at(b, at)?;
        let data = text.get(data_at..at)?;
        want(&mut at, b",\"prevHash\":")?;
        let prev_hash = plain(&mut at)?;
        want(&mut at, b",\"hash\":")?;
        let hash = plain(&mut at)?;
        want(&mut at, b"}")?;
        out.push(Place { seq, time, kind, site, data, prev_hash, hash, text: text.get(start..at) });
    }
    Some(out)
}

/// Calls `f` with every entry of `chunk` in order: read by [`laid_out`]
/// when it can, by serde otherwise. All of a chunk is read before `f` sees
/// any of it, so a chunk that cannot be read changes nothing.
fn for_each_place(chunk: &[u8], buf: &mut Vec<u8>, mut f: impl FnMut(&Place<'_>) -> Result<()>) -> Result<()> {
    if let Some(places) = laid_out(chunk) {
        return places.iter().try_for_each(f);
    }
    let entries = entries_of::<Borrowed>(chunk, buf)?;
    entries.iter().try_for_each(|e| f(&e.place()))
}

/// The state of the run the filter keeps, once it has begun.
#[derive(Debug, Default)]
struct Run {
    prev_hash: String,
    first_seq: u64,
    count: u64,
    omitted: u64,
    runs: Vec<[u64; 2]>,
    shots: Vec<(u64, String)>,
    /// `(count, omitted, seq, hash)` at the last entry at or before `to`.
    end: Option<(u64, u64, u64, String)>,
}

/// Pass 1: learns the [`Span`] of an export from the journal's chunks, in
/// order. Applies the filter exactly as the whole-input export does.
#[derive(Debug)]
pub struct Planner {
    filter: Filter,
    last_hash: String,
    last_seq: Option<u64>,
    run: Option<Run>,
    /// After [`Planner::summary`]: the last hash is the next chunk's first
    /// `prevHash`, not known yet.
    hash_pending: bool,
    buf: Vec<u8>,
}

impl Planner {
    /// A planner for `filter`, over a journal run whose first entry
    /// follows `prev_hash`.
    pub fn new(filter: &Filter, prev_hash: &str) -> Self {
        Planner { filter: filter.clone(), last_hash: prev_hash.to_owned(), last_seq: None, run: None, hash_pending: false, buf: Vec::new() }
    }

    /// Reads one chunk of entries (JSON objects separated by commas).
    pub fn scan(&mut self, chunk: &[u8]) -> Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = for_each_place(chunk, &mut buf, |p| self.visit(p));
        self.buf = buf;
        result
    }

    /// Plans a whole chunk from what the store keeps beside it, without
    /// reading its entries: the seqs of its first and last entries, the
    /// first one's `prevHash`, the screenshots its `evidence.recorded`
    /// entries name. Only for an export with no filter (every entry is
    /// then in the file, in full), and never for the last chunk: the head
    /// hash is read from the chunk after it. The second pass checks every
    /// entry against what was planned, so a wrong summary gives an error.
    pub fn summary(&mut self, first: u64, last: u64, prev_hash: &str, shots: Vec<String>) -> Result<()> {
        if self.filter != Filter::default() {
            return Err(invalid("only an export without a filter is planned from summaries"));
        }
        if last < first || self.last_seq.is_some_and(|s| first <= s) {
            return Err(invalid(format!("the journal's entries are out of order at seq {first}")));
        }
        self.settle(prev_hash)?;
        let run = self.run.get_or_insert_with(|| Run { prev_hash: prev_hash.to_owned(), first_seq: first, ..Run::default() });
        run.count += last - first + 1;
        run.shots.extend(shots.into_iter().map(|sha| (last, sha)));
        run.end = Some((run.count, run.omitted, last, String::new()));
        self.last_seq = Some(last);
        self.hash_pending = true;
        Ok(())
    }

    /// Fills in the hash a summary left open from the `prevHash` of the
    /// entry that follows it.
    fn settle(&mut self, prev_hash: &str) -> Result<()> {
        if self.last_seq.is_some() && !self.hash_pending && self.last_hash != prev_hash {
            return Err(invalid("the journal's chunks do not link up"));
        }
        if !self.hash_pending {
            return Ok(());
        }
        self.hash_pending = false;
        self.last_hash.clear();
        self.last_hash.push_str(prev_hash);
        if let Some(Run { end: Some(end), .. }) = &mut self.run {
            if Some(end.2) == self.last_seq {
                end.3 = prev_hash.to_owned();
            }
        }
        Ok(())
    }

    fn visit(&mut self, p: &Place<'_>) -> Result<()> {
        if self.last_seq.is_some_and(|s| p.seq <= s) {
            return Err(invalid(format!("the journal's entries are out of order at seq {}", p.seq)));
        }
        if self.hash_pending {
            self.settle(p.prev_hash)?;
        }
        self.last_seq = Some(p.seq);
        let time = || crate::time::parse_rfc3339(p.time).ok();
        let f = &self.filter;
        if self.run.is_none() && f.from.is_none_or(|from| time().is_some_and(|t| t >= from)) {
            self.run = Some(Run { prev_hash: self.last_hash.clone(), first_seq: p.seq, ..Run::default() });
        }
        if let Some(run) = &mut self.run {
            run.count += 1;
            let omit = matches!((&f.site, p.site), (Some(want), Some(site)) if want != site);
            if omit {
                run.omitted += 1;
                push_run(&mut run.runs, p.seq);
            } else if p.kind == EntryType::EvidenceRecorded {
                #[derive(Deserialize)]
                #[serde(rename_all = "camelCase")]
                struct Shot {
                    screenshot_sha256: Option<Value>,
                }
                if let Ok(Shot { screenshot_sha256: Some(Value::String(sha)) }) = serde_json::from_str(p.data) {
                    run.shots.push((p.seq, sha));
                }
            }
            if f.to.is_none_or(|to| time().is_some_and(|t| t <= to)) {
                run.end = Some((run.count, run.omitted, p.seq, p.hash.to_owned()));
            }
        }
        self.last_hash.clear();
        self.last_hash.push_str(p.hash);
        Ok(())
    }

    /// The span the export's header describes. Fails if the last chunk
    /// was planned from its summary (its head hash is then unknown).
    pub fn finish(self) -> Result<Span> {
        if self.hash_pending {
            return Err(invalid("the last chunk of the journal must be read, not summarised"));
        }
        let Some(run) = self.run else {
            // No entry at or after `from`: an empty run after the last entry.
            return Ok(Span { prev_hash: self.last_hash.clone(), head_hash: self.last_hash, ..Span::default() });
        };
        let Some((count, omitted, last, head_hash)) = run.end else {
            return Ok(Span { head_hash: run.prev_hash.clone(), prev_hash: run.prev_hash, ..Span::default() });
        };
        let withheld = run.runs.into_iter().filter(|r| r[0] <= last).map(|r| [r[0], r[1].min(last)]).collect();
        let shots = run.shots.into_iter().filter(|(seq, _)| *seq <= last).map(|(_, sha)| sha).collect();
        Ok(Span {
            prev_hash: run.prev_hash,
            count,
            omitted,
            first_seq: Some(run.first_seq),
            last_seq: Some(last),
            head_hash,
            withheld,
            shots,
        })
    }
}

/// The formats a stream can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    /// The JSON evidence file.
    Json,
    /// The CSV.
    Csv,
}

impl StreamFormat {
    /// `json` or `csv`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "json" => Some(StreamFormat::Json),
            "csv" => Some(StreamFormat::Csv),
            _ => None,
        }
    }
}

/// Pass 2: writes an export a chunk at a time for the [`Span`] a
/// [`Planner`] gave. Entries outside the span's seqs are skipped, so the
/// chunks may hold more of the journal than the export does.
#[derive(Debug)]
pub struct ExportStream {
    format: StreamFormat,
    span: Span,
    site: Option<String>,
    findings: String,
    to_sign: Option<String>,
    public_key: Option<String>,
    written: u64,
    omitted: u64,
    last: Option<(u64, String)>,
    unnamed_shot: Option<String>,
    data: String,
    buf: Vec<u8>,
}

impl ExportStream {
    /// Starts an export of `format` with everything but the entries from
    /// `head` (its `entries` are ignored; its `filter` must be the one the
    /// span was planned with). Returns the stream and the file's first
    /// bytes. Fails if `head` names a signer key that is not base64url of
    /// 32 bytes.
    pub fn start(format: StreamFormat, head: &ExportInput, span: Span) -> Result<(Self, String)> {
        if let Some(key) = &head.signer_public_key {
            super::signature::public_key_bytes(key)?;
        }
        let want = head.filter.site.as_deref();
        let sites: Vec<&Value> = head.sites.iter().filter(|s| want.is_none_or(|w| site_id(s) == Some(w))).collect();
        let mut out = String::new();
        let mut findings = String::new();
        let to_sign = match format {
            StreamFormat::Json => json::write_header(head, &sites, &span, &mut out),
            StreamFormat::Csv => {
                csv::write_header(&mut out);
                csv::write_findings(&sites, &mut findings);
                None
            }
        };
        let stream = ExportStream {
            format,
            span,
            site: head.filter.site.clone(),
            findings,
            to_sign,
            public_key: head.signer_public_key.clone(),
            written: 0,
            omitted: 0,
            last: None,
            unnamed_shot: None,
            data: String::new(),
            buf: Vec::new(),
        };
        Ok((stream, out))
    }

    /// The signed header's text (sign its UTF-8 bytes); `None` for a CSV or
    /// when the head named no signer key.
    pub fn to_sign(&self) -> Option<&str> {
        self.to_sign.as_deref()
    }

    /// What the header says.
    pub fn span(&self) -> &Span {
        &self.span
    }

    /// Writes the span's entries among `chunk` (JSON objects separated by
    /// commas) to `out`.
    pub fn push(&mut self, chunk: &[u8], out: &mut String) -> Result<()> {
        let (Some(first), Some(last)) = (self.span.first_seq, self.span.last_seq) else { return Ok(()) };
        let mut buf = std::mem::take(&mut self.buf);
        let in_span = |seq: u64| seq >= first && seq <= last;
        // JSON copies each entry's members from the chunk as they are (no
        // entry is built); CSV needs the entry to read its data members.
        let result = match self.format {
            StreamFormat::Json => for_each_place(chunk, &mut buf, |e| if in_span(e.seq) { self.write_json(e, out) } else { Ok(()) }),
            StreamFormat::Csv => for_each_place(chunk, &mut buf, |e| if in_span(e.seq) { self.write_csv(e, out) } else { Ok(()) }),
        };
        self.buf = buf;
        result
    }

    /// Checks an entry against the plan and counts it; whether it is shown
    /// as an omitted stub.
    fn admit(&mut self, seq: u64, site: Option<&str>, kind: EntryType, data: &str, hash: &str) -> Result<bool> {
        // Only what the plan saw is compared: the links between entries are
        // for the verifier to judge, so a journal damaged in storage still
        // exports, and tw-verify says where.
        if self.last.as_ref().is_some_and(|(last, _)| seq <= *last) {
            return Err(invalid(format!("the journal changed during the export: entry {seq} is out of order")));
        }
        let omit = matches!((self.site.as_deref(), site), (Some(want), Some(site)) if want != site);
        if omit {
            self.omitted += 1;
        } else if kind == EntryType::EvidenceRecorded && self.unnamed_shot.is_none() {
            let data: Value = serde_json::from_str(data).unwrap_or(Value::Null);
            if let Some(sha) = data.get("screenshotSha256").and_then(Value::as_str) {
                if !self.span.shots.contains(sha) {
                    self.unnamed_shot = Some(sha.to_owned());
                }
            }
        }
        self.written += 1;
        match &mut self.last {
            Some((last, h)) => {
                *last = seq;
                h.clear();
                h.push_str(hash);
            }
            None => self.last = Some((seq, hash.to_owned())),
        }
        Ok(omit)
    }

    fn write_json(&mut self, e: &Place<'_>, out: &mut String) -> Result<()> {
        let first = self.written == 0;
        let omit = self.admit(e.seq, e.site, e.kind, e.data, e.hash)?;
        out.push_str(if first { "\n" } else { ",\n" });
        if omit {
            json::write_stub_parts(e.seq, e.prev_hash, e.hash, out);
        } else if let Some(text) = e.text {
            out.push_str(text);
        } else {
            let members = Members { seq: e.seq, time: e.time, kind: e.kind, site: e.site };
            members.write_json(e.prev_hash, e.hash, out, |out| {
                if crate::journal::write_canonical_text(e.data, out).is_err() {
                    // Cannot happen: the text was checked when it was read.
                    out.push_str("null");
                }
            });
        }
        Ok(())
    }

    fn write_csv(&mut self, e: &Place<'_>, out: &mut String) -> Result<()> {
        let omit = self.admit(e.seq, e.site, e.kind, e.data, e.hash)?;
        let row = csv::Row {
            seq: e.seq,
            time: e.time,
            kind: e.kind,
            site: e.site,
            data: e.data,
            // Read by `laid_out`, which checked its canonical form.
            canonical: e.text.is_some(),
            prev_hash: e.prev_hash,
            hash: e.hash,
        };
        csv::write_row(&row, omit, &mut self.data, out);
        Ok(())
    }

    /// The file's last bytes. `signature` (JSON only) is base64url of the
    /// Ed25519 signature over [`Self::to_sign`], or `None` for an unsigned
    /// file. Fails if the entries pushed are not the ones the span
    /// describes, or if the signature does not verify.
    pub fn finish(self, signature: Option<&str>) -> Result<String> {
        let head = self.last.as_ref().map_or(self.span.prev_hash.as_str(), |(_, h)| h.as_str());
        if self.written != self.span.count || self.omitted != self.span.omitted || head != self.span.head_hash {
            return Err(invalid(format!(
                "the journal changed during the export: {} entries were written of the {} planned, ending at {head}",
                self.written, self.span.count
            )));
        }
        if let Some(sha) = &self.unnamed_shot {
            return Err(invalid(format!("the journal changed during the export: screenshot {sha} was not planned")));
        }
        let mut out = String::new();
        match self.format {
            StreamFormat::Json => {
                out.push_str(json::JOURNAL_END);
                json::write_end(self.public_key.as_deref(), self.to_sign.as_deref(), signature, &mut out)?;
            }
            StreamFormat::Csv => {
                if signature.is_some() {
                    return Err(invalid("a CSV is not signed"));
                }
                out.push_str(&self.findings);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{append, Head};
    use serde_json::json;

    #[test]
    fn the_cores_own_stored_form_is_read_without_serde_and_anything_else_is_not() {
        let mut head = Head::default();
        let a = append(
            &mut head,
            1_795_348_436_123,
            EntryType::RequestSeen,
            Some("fj"),
            json!({"host": "x\n\"", "requestType": "beacon", "count": 3}),
        )
        .unwrap();
        let b = append(&mut head, 1_795_348_437_123, EntryType::RequestSeen, None, json!({"host": "y", "requestType": "image"})).unwrap();
        let stored = format!("{},{}", serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        let places = laid_out(stored.as_bytes()).expect("the core's form is read");
        assert_eq!(places.len(), 2);
        assert_eq!(
            (places[0].seq, places[0].site, places[0].data),
            (1, Some("fj"), r#"{"count":3,"host":"x\n\"","requestType":"beacon"}"#)
        );
        assert_eq!((places[1].site, places[1].kind, places[1].prev_hash), (None, EntryType::RequestSeen, a.hash.as_str()));
        let mut written = String::new();
        a.write_json(&mut written);
        assert_eq!(places[0].text, Some(written.as_str()));
        for odd in [
            stored.replacen(",{", ", {", 1),
            stored.replacen("\"count\":3,\"host\"", "\"host\":\"y\",\"count\"", 1),
            stored.replacen("\"seq\":1", "\"seq\":01", 1),
            stored.replacen("\"seq\":1", "\"seq\":-1", 1),
            stored.replacen("request.seen", "request.eaten", 1),
            stored.replacen("\"site\":\"fj\"", "\"site\":\"\\u0066j\"", 1),
            format!("{stored},"),
            stored[..stored.len() - 1].to_owned(),
        ] {
            assert!(laid_out(odd.as_bytes()).is_none(), "read as the core's form: {odd}");
        }
    }
}
