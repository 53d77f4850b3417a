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
//!    entries it is given are the ones the span describes (each linked to
//!    the one before, the counts, the head hash) and refuses to finish
//!    otherwise, so a journal that changed between the passes gives an
//!    error, never a file whose header is wrong.
//!
//! Both passes read chunks as the extension stores them: entries as JSON
//! objects separated by commas, no brackets. The file is byte for byte the
//! one [`super::to_json`] / [`super::to_csv`] make from the whole input.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{csv, json, push_run, site_id, ExportInput, Filter, Item, Span, StoredEntry};
use crate::error::{Error, ErrorKind, Result};
use crate::journal::EntryType;

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

/// What the first pass reads of an entry: its place, not its contents.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Place<'a> {
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
    hash: Cow<'a, str>,
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
    buf: Vec<u8>,
}

impl Planner {
    /// A planner for `filter`, over a journal run whose first entry
    /// follows `prev_hash`.
    pub fn new(filter: &Filter, prev_hash: &str) -> Self {
        Planner { filter: filter.clone(), last_hash: prev_hash.to_owned(), last_seq: None, run: None, buf: Vec::new() }
    }

    /// Reads one chunk of entries (JSON objects separated by commas).
    pub fn scan(&mut self, chunk: &[u8]) -> Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = entries_of::<Place>(chunk, &mut buf).and_then(|places| places.iter().try_for_each(|p| self.visit(p)));
        self.buf = buf;
        result
    }

    fn visit(&mut self, p: &Place<'_>) -> Result<()> {
        if self.last_seq.is_some_and(|s| p.seq <= s) {
            return Err(invalid(format!("the journal's entries are out of order at seq {}", p.seq)));
        }
        self.last_seq = Some(p.seq);
        let time = || crate::time::parse_rfc3339(&p.time).ok();
        let f = &self.filter;
        if self.run.is_none() && f.from.map_or(true, |from| time().is_some_and(|t| t >= from)) {
            self.run = Some(Run { prev_hash: self.last_hash.clone(), first_seq: p.seq, ..Run::default() });
        }
        if let Some(run) = &mut self.run {
            run.count += 1;
            let omit = matches!((&f.site, &p.site), (Some(want), Some(site)) if want != site);
            if omit {
                run.omitted += 1;
                push_run(&mut run.runs, p.seq);
            } else if p.kind == EntryType::EvidenceRecorded {
                #[derive(Deserialize)]
                #[serde(rename_all = "camelCase")]
                struct Shot {
                    screenshot_sha256: Option<Value>,
                }
                if let Ok(Shot { screenshot_sha256: Some(Value::String(sha)) }) = serde_json::from_str(p.data.get()) {
                    run.shots.push((p.seq, sha));
                }
            }
            if f.to.map_or(true, |to| time().is_some_and(|t| t <= to)) {
                run.end = Some((run.count, run.omitted, p.seq, p.hash.clone().into_owned()));
            }
        }
        self.last_hash.clear();
        self.last_hash.push_str(&p.hash);
        Ok(())
    }

    /// The span the export's header describes.
    pub fn finish(self) -> Span {
        let Some(run) = self.run else {
            // No entry at or after `from`: an empty run after the last entry.
            return Span { prev_hash: self.last_hash.clone(), head_hash: self.last_hash, ..Span::default() };
        };
        let Some((count, omitted, last, head_hash)) = run.end else {
            return Span { head_hash: run.prev_hash.clone(), prev_hash: run.prev_hash, ..Span::default() };
        };
        let withheld = run.runs.into_iter().filter(|r| r[0] <= last).map(|r| [r[0], r[1].min(last)]).collect();
        let shots = run.shots.into_iter().filter(|(seq, _)| *seq <= last).map(|(_, sha)| sha).collect();
        Span { prev_hash: run.prev_hash, count, omitted, first_seq: Some(run.first_seq), last_seq: Some(last), head_hash, withheld, shots }
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
        let sites: Vec<&Value> = head.sites.iter().filter(|s| want.map_or(true, |w| site_id(s) == Some(w))).collect();
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
        let result = entries_of::<StoredEntry>(chunk, &mut buf)
            .and_then(|entries| entries.iter().filter(|e| e.seq >= first && e.seq <= last).try_for_each(|e| self.write(e, out)));
        self.buf = buf;
        result
    }

    fn write(&mut self, e: &StoredEntry, out: &mut String) -> Result<()> {
        let (want_seq, want_prev) = match &self.last {
            None => (self.span.first_seq.unwrap_or(0), self.span.prev_hash.as_str()),
            Some((seq, hash)) => (seq + 1, hash.as_str()),
        };
        if e.seq != want_seq || e.prev_hash != want_prev {
            return Err(invalid(format!(
                "the journal changed during the export: entry {} is not the one that follows {}",
                e.seq,
                want_seq.saturating_sub(1)
            )));
        }
        let omit = matches!((&self.site, &e.site), (Some(want), Some(site)) if want != site);
        let item = if omit { Item::Omitted(e) } else { Item::Full(e) };
        if omit {
            self.omitted += 1;
        } else if e.kind == EntryType::EvidenceRecorded && self.unnamed_shot.is_none() {
            if let Some(sha) = e.data().get("screenshotSha256").and_then(Value::as_str) {
                if !self.span.shots.contains(sha) {
                    self.unnamed_shot = Some(sha.to_owned());
                }
            }
        }
        match self.format {
            StreamFormat::Json => {
                out.push_str(if self.written == 0 { "\n" } else { ",\n" });
                match item {
                    Item::Full(e) => e.write_json(out),
                    Item::Omitted(e) => json::write_stub(e, out),
                }
            }
            StreamFormat::Csv => csv::write_entry(item, &mut self.data, out),
        }
        self.written += 1;
        self.last = Some((e.seq, e.hash.clone()));
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
