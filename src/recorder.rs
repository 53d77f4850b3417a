//! Joins the live state to the journal: every [`Change`] the state reports
//! becomes a redacted, hash-chained entry, and the caller gets back one
//! [`Commit`] to write atomically (entries, the site pictures they touched,
//! the new head). The extension counts an event as handled only once its
//! commit is stored, so a service worker stopped mid-way loses nothing that
//! was acknowledged and the chain never forks.
//!
//! Commits are two-phase. [`Recorder::commit`], [`Recorder::record`] and
//! [`Recorder::archive`] only *prepare*: the head they return is pending,
//! and [`Recorder::head`] stays where the store has it until the caller,
//! having stored the commit, calls [`Recorder::confirm`]. While a commit is
//! pending no other can be prepared, so no entry can ever be chained to one
//! that was not stored. If the store refuses, [`Recorder::abort`] leaves the
//! head as it was; the live pictures may already hold the refused change,
//! so the recorder is then *stale* and prepares nothing more: the caller
//! builds a new one from the store, which is the state of record.

use serde::Serialize;
use serde_json::Value;

use crate::diary::{self, Activity, Details, PageSeen};
use crate::error::{Error, ErrorKind, Result};
use crate::journal::{self, Entry, EntryType, Head, Redactor};
use crate::model::Millis;
use crate::receipt::{self, Receipt};
use crate::sites::SiteConfig;
use crate::state::{Change, Engine};

/// What the extension must store, in one transaction, after one event.
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Commit {
    /// New journal entries, in order.
    pub entries: Vec<Entry>,
    /// Pieces of the site pictures to save: `(key, Some(json))` to write,
    /// `(key, None)` to delete (see `Engine::take_changed`).
    pub records: Vec<(String, Option<String>)>,
    /// The journal head after these entries.
    pub head: Head,
}

/// The engine, the journal head and the redaction key.
#[derive(Debug)]
pub struct Recorder {
    engine: Engine,
    /// The head as stored: only [`Recorder::confirm`] moves it.
    head: Head,
    /// The head of the commit handed out and not yet confirmed or aborted.
    pending: Option<Head>,
    /// The live state may differ from the store (a refused commit).
    stale: bool,
    redactor: Redactor,
    secret: Vec<u8>,
    /// Ids of the last pages the diary took, so a page sent twice (its
    /// reply was lost) is recorded once.
    diary_pages: Vec<String>,
}

impl Recorder {
    /// A recorder continuing the journal after `head`, redacting values
    /// with the per-install `secret`.
    pub fn new(config: SiteConfig, secret: &[u8], head: Head) -> Self {
        let redactor = Redactor::new(secret, config.keep_raw_values);
        Recorder {
            engine: Engine::new(config),
            head,
            pending: None,
            stale: false,
            redactor,
            secret: secret.to_vec(),
            diary_pages: Vec::new(),
        }
    }

    /// The live state, to read.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The live state, to feed observations to. Pass what they return to
    /// [`Recorder::commit`].
    pub fn engine_mut(&mut self) -> &mut Engine {
        &mut self.engine
    }

    /// The end of the chain as stored (a pending commit's head is not).
    pub fn head(&self) -> &Head {
        &self.head
    }

    /// The head of the commit waiting for [`Recorder::confirm`], if any.
    pub fn pending(&self) -> Option<&Head> {
        self.pending.as_ref()
    }

    /// Whether a refused commit left the live state ahead of the store: the
    /// recorder then prepares nothing more and must be rebuilt from the store.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// The store has the commit whose head has sequence number `seq`: the
    /// head moves there. Confirming when nothing is pending is accepted only
    /// for the stored head itself (a commit that had nothing to store).
    pub fn confirm(&mut self, seq: u64) -> Result<()> {
        match self.pending.take() {
            Some(head) if head.seq == seq => {
                self.head = head;
                Ok(())
            }
            None if seq == self.head.seq => Ok(()),
            other => {
                let expected = other.as_ref().map_or(self.head.seq, |h| h.seq);
                self.pending = other;
                Err(Error::new(ErrorKind::InvalidInput, format!("confirmed commit {seq}, but the pending commit ends at {expected}")))
            }
        }
    }

    /// The store refused the pending commit: the head stays where it was
    /// and the recorder is stale (see the module docs).
    pub fn abort(&mut self) {
        if self.pending.take().is_some() {
            self.stale = true;
        }
    }

    /// Refuses to prepare on top of an unconfirmed commit or a stale state.
    fn check_ready(&self) -> Result<()> {
        if self.stale {
            return Err(Error::new(ErrorKind::NotStored, "a change could not be saved; the state must be read again from storage"));
        }
        if let Some(p) = &self.pending {
            return Err(Error::new(ErrorKind::NotStored, format!("the entries up to {} are not saved yet", p.seq)));
        }
        Ok(())
    }

    /// Hands out `commit` as pending when it has anything to store.
    fn prepared(&mut self, commit: Commit) -> Commit {
        if !commit.entries.is_empty() || !commit.records.is_empty() {
            self.pending = Some(commit.head.clone());
        }
        commit
    }

    /// Installs a new configuration (value redaction follows its setting).
    pub fn set_config(&mut self, config: SiteConfig) {
        self.redactor = Redactor::new(&self.secret, config.keep_raw_values);
        self.engine.set_config(config);
    }

    /// Prepares the journal entries for state changes and collects the
    /// pictures they touched. The changes are already in the live state, so
    /// a refused entry makes the recorder stale.
    pub fn commit(&mut self, changes: Vec<Change>, now: Millis) -> Result<Commit> {
        self.check_ready()?;
        let mut commit = Commit::default();
        let mut head = self.head.clone();
        for change in changes {
            let mut data = change.data;
            if let (Some(v), Value::Object(map)) = (&change.value, &mut data) {
                map.insert("value".to_owned(), self.redactor.redact(v));
            }
            let entry = journal::append(&mut head, now, change.kind, Some(&change.site), data).inspect_err(|_| self.stale = true)?;
            commit.entries.push(entry);
        }
        commit.records = self.engine.take_changed();
        commit.head = head;
        Ok(self.prepared(commit))
    }

    /// Prepares an entry for a user action or anything else no observation
    /// caused.
    pub fn record(&mut self, kind: EntryType, site: Option<&str>, data: Value, now: Millis) -> Result<Commit> {
        self.check_ready()?;
        let mut head = self.head.clone();
        let entry = journal::append(&mut head, now, kind, site, data)?;
        let records = self.engine.take_changed();
        Ok(self.prepared(Commit { entries: vec![entry], records, head }))
    }

    /// Prepares the `key.created` entry for the installation's signing key pair, from
    /// its public key (base64url of the 32 raw bytes): `key.created` with
    /// the algorithm, the key and its fingerprint. A key made again later
    /// (the stored one was lost) is journaled the same way, so the change
    /// shows in the chain.
    pub fn key_created(&mut self, public_key: &str, now: Millis) -> Result<Commit> {
        let data = receipt::key_created_data(public_key)?;
        self.record(EntryType::KeyCreated, None, data, now)
    }

    /// Prepares the entry for issuing a receipt (`receipt.issued` with the key's
    /// fingerprint) and returns the receipt, which names that entry.
    pub fn receipt_issued(&mut self, public_key: &str, now: Millis) -> Result<(Commit, Receipt)> {
        let fingerprint = receipt::fingerprint(public_key)?;
        let commit = self.record(EntryType::ReceiptIssued, None, serde_json::json!({ "fingerprint": fingerprint }), now)?;
        let receipt = Receipt::for_entry(&commit.entries[0], &fingerprint);
        Ok((commit, receipt))
    }

    fn diary_on(&self) -> Result<()> {
        if self.engine.config().diary {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::DiaryOff, "the work-search diary is off: turn it on in the options first"))
        }
    }

    /// The diary rule for the page at `url`: its site's id and the rule,
    /// with the path's `*` segment, path and query. `None` while the diary
    /// is off, or when the page is not one the site's rules name.
    fn diary_rule<'u>(&self, url: &'u str) -> Option<(String, &'static crate::sites::diary::PageRule, Option<&'u str>, &'u str, &'u str)> {
        let config = self.engine.config();
        if !config.diary {
            return None;
        }
        let site = config.site_for_host(diary::host_of(url)?)?;
        let rules = crate::sites::diary::rules_for(site.preset.as_deref()?)?;
        let (path, query) = diary::path_and_query(url)?;
        let (rule, star) = crate::sites::diary::page_rule(rules, path)?;
        Some((site.id.clone(), rule, star, path, query))
    }

    /// What the content script may read on the page at `url` for the
    /// diary: `(field name, CSS selector)` pairs (none needed for a search,
    /// whose details are in the address). `None`: read nothing.
    pub fn diary_fields(&self, url: &str) -> Option<Vec<(&'static str, &'static str)>> {
        let (_, rule, ..) = self.diary_rule(url)?;
        Some(rule.fields.iter().map(|(f, selector)| (f.as_str(), *selector)).collect())
    }

    /// Prepares the `diary.added` entry for a page the content script
    /// read (`seen`), if the diary is on and the page shows an activity;
    /// `None` means nothing is recorded.
    pub fn diary_page(&mut self, url: &str, seen: &PageSeen, now: Millis) -> Result<Option<Commit>> {
        let Some((site, rule, star, path, query)) = self.diary_rule(url) else { return Ok(None) };
        if self.diary_pages.contains(&seen.page) {
            return Ok(None);
        }
        let Some(added) = diary::from_page(rule, path, star, query, seen) else { return Ok(None) };
        let commit = self.record(EntryType::DiaryAdded, Some(&site), added.to_data(), now)?;
        if self.diary_pages.len() >= 64 {
            self.diary_pages.remove(0);
        }
        self.diary_pages.push(crate::untrusted::clip(&seen.page, 100).0.to_owned());
        Ok(Some(commit))
    }

    /// Prepares a diary entry the user asked for (`diary.added` with
    /// source `user`, `diary.edited`, `diary.removed`), its data made and
    /// checked by [`diary`] (in the extension, by the actions module: see
    /// [`diary::prepare_add`]). Refused while the diary is off, for any
    /// other type, and for an addition that claims to come from a page.
    pub fn diary_record(&mut self, kind: EntryType, data: Value, now: Millis) -> Result<Commit> {
        self.diary_on()?;
        let user_added = kind == EntryType::DiaryAdded && data.get("source").and_then(Value::as_str) == Some("user");
        if !(user_added || matches!(kind, EntryType::DiaryEdited | EntryType::DiaryRemoved)) {
            return Err(Error::new(ErrorKind::InvalidInput, format!("{kind} is not a diary change the user can make")));
        }
        self.record(kind, None, data, now)
    }

    /// Prepares the `diary.added` entry for an activity the user adds.
    pub fn diary_add(&mut self, activity: Activity, now: Millis) -> Result<Commit> {
        self.diary_on()?;
        let added = activity.added_by_user()?;
        self.diary_record(EntryType::DiaryAdded, added.to_data(), now)
    }

    /// Prepares the `diary.edited` entry for an edit of entry `id`. That
    /// the entry exists and the edit leaves it whole is checked against the
    /// journal beforehand ([`diary::book::Book::check_edit`]).
    pub fn diary_edit(&mut self, id: u64, changes: Details, reason: &str, now: Millis) -> Result<Commit> {
        self.diary_on()?;
        let edit = diary::edited(id, changes, reason)?;
        self.diary_record(EntryType::DiaryEdited, edit.to_data(), now)
    }

    /// Prepares the `diary.removed` entry for removing entry `id`.
    pub fn diary_remove(&mut self, id: u64, reason: &str, now: Millis) -> Result<Commit> {
        self.diary_on()?;
        let gone = diary::removed(id, reason)?;
        self.diary_record(EntryType::DiaryRemoved, gone.to_data(), now)
    }

    /// Prepares the checkpoint that starts a cleared journal, carrying the
    /// chain on. Confirm it once the store has cleared the journal and
    /// written it.
    pub fn archive(&mut self, archived_count: u64, now: Millis) -> Result<Commit> {
        self.check_ready()?;
        let mut head = self.head.clone();
        let entry = journal::checkpoint(&mut head, now, archived_count);
        Ok(self.prepared(Commit { entries: vec![entry], records: Vec::new(), head }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CookieObservation;

    #[test]
    fn cookie_values_are_redacted_and_chained() {
        let cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
        let mut r = Recorder::new(cfg, &[7; 32], Head::default());
        let c = CookieObservation::new("tw_hostile", "+1-1", "findajob.dwp.gov.uk");
        let changes = r.engine_mut().observe_cookie(None, &c, 1_000);
        let commit = r.commit(changes, 1_000).unwrap();
        assert_eq!(commit.entries.len(), 1);
        let text = commit.entries[0].to_json_string();
        assert!(!text.contains("+1-1"), "value leaked: {text}");
        assert_eq!(commit.head.seq, 1);
        assert!(commit.records.iter().any(|(k, v)| k.starts_with("uk-find-a-job") && v.is_some()));
        let values: Vec<_> = commit.entries.iter().map(|e| e.to_value()).collect();
        r.confirm(commit.head.seq).unwrap();
        journal::verify(&values, journal::ZERO_HASH, &journal::Expected::head(commit.head.clone())).unwrap();
    }

    fn recorder() -> Recorder {
        Recorder::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap(), &[7; 32], Head::default())
    }

    fn cookie_commit(r: &mut Recorder, name: &str, now: Millis) -> Result<Commit> {
        let c = CookieObservation::new(name, "v", "findajob.dwp.gov.uk");
        let changes = r.engine_mut().observe_cookie(None, &c, now);
        r.commit(changes, now)
    }

    #[test]
    fn the_head_moves_only_when_the_store_confirms() {
        let mut r = recorder();
        let commit = cookie_commit(&mut r, "a", 1).unwrap();
        assert_eq!(commit.head.seq, 1);
        assert_eq!(r.head().seq, 0, "prepared, not stored");
        assert_eq!(r.pending().map(|h| h.seq), Some(1));
        // Nothing can be chained to an entry the store does not have yet.
        let refused = r.record(EntryType::ExportMade, None, serde_json::json!({"format": "json", "count": 1, "omitted": 0}), 2);
        assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotStored);
        assert_eq!(r.confirm(2).unwrap_err().kind(), ErrorKind::InvalidInput, "another commit's seq");
        r.confirm(1).unwrap();
        assert_eq!(r.head(), &commit.head);
        assert!(r.pending().is_none());
        // A commit with nothing to store needs no confirmation.
        let empty = r.commit(Vec::new(), 3).unwrap();
        assert!(r.pending().is_none());
        r.confirm(empty.head.seq).unwrap();
    }

    #[test]
    fn a_refused_commit_leaves_the_head_and_stops_the_recorder() {
        let mut r = recorder();
        let first = cookie_commit(&mut r, "a", 1).unwrap();
        r.confirm(first.head.seq).unwrap();
        let refused = cookie_commit(&mut r, "b", 2).unwrap();
        r.abort();
        assert_eq!(r.head(), &first.head);
        assert!(r.is_stale());
        assert_eq!(cookie_commit(&mut r, "c", 3).unwrap_err().kind(), ErrorKind::NotStored);
        assert_eq!(r.archive(1, 3).unwrap_err().kind(), ErrorKind::NotStored);
        // Rebuilt from the store, the chain goes on from the stored head and
        // the refused cookie is news again (the wake-time reconcile finds it).
        let mut again = Recorder::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap(), &[7; 32], r.head().clone());
        let next = cookie_commit(&mut again, "b", 4).unwrap();
        assert_eq!(next.entries[0].seq, refused.entries[0].seq);
        assert_eq!(next.entries[0].prev_hash, first.head.hash);
    }

    #[test]
    fn an_archive_is_pending_like_any_commit() {
        let mut r = recorder();
        let c = cookie_commit(&mut r, "a", 1).unwrap();
        r.confirm(c.head.seq).unwrap();
        let archive = r.archive(1, 2).unwrap();
        assert_eq!(archive.entries[0].kind, EntryType::ArchiveCheckpoint);
        assert_eq!(r.head(), &c.head);
        r.abort();
        assert_eq!(r.head(), &c.head, "a refused archive changes nothing");
        let mut r = recorder();
        let c = cookie_commit(&mut r, "a", 1).unwrap();
        r.confirm(c.head.seq).unwrap();
        let archive = r.archive(1, 2).unwrap();
        r.confirm(archive.head.seq).unwrap();
        assert_eq!(r.head(), &archive.head);
        assert_eq!(archive.entries[0].prev_hash, c.head.hash);
    }

    // A store that refuses writes now and then, and a caller that does what
    // the extension does: retry once, then abort and rebuild from the store.
    // Whatever the store refused, what it holds is one unbroken chain.
    #[test]
    fn a_store_that_refuses_writes_still_holds_one_chain() {
        let cfg = || SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
        let mut stored: Vec<Entry> = Vec::new();
        let mut stored_head = Head::default();
        let mut r = Recorder::new(cfg(), &[7; 32], Head::default());
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut refused = 0;
        for i in 0..400 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let commit = cookie_commit(&mut r, &format!("c{}", i % 50), i).unwrap();
            // Two refusals in a row (the write and its retry) one time in five.
            if seed.is_multiple_of(5) && !commit.entries.is_empty() {
                refused += 1;
                r.abort();
                // Only when the recorder says its state is ahead of the store.
                if r.is_stale() {
                    r = Recorder::new(cfg(), &[7; 32], stored_head.clone());
                }
                continue;
            }
            stored.extend(commit.entries);
            stored_head = commit.head.clone();
            r.confirm(commit.head.seq).unwrap();
        }
        assert!(refused > 20, "{refused} refusals");
        let values: Vec<_> = stored.iter().map(|e| e.to_value()).collect();
        journal::verify(&values, journal::ZERO_HASH, &journal::Expected::head(stored_head.clone())).unwrap();
        assert_eq!(r.head(), &stored_head);
    }
}
