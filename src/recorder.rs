//! Joins the live state to the journal: every [`Change`] the state reports
//! becomes a redacted, hash-chained entry, and the caller gets back one
//! [`Commit`] to write atomically (entries, the site pictures they touched,
//! the new head). The extension counts an event as handled only once its
//! commit is stored, so a service worker stopped mid-way loses nothing that
//! was acknowledged and the chain never forks.

use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::journal::{self, Entry, EntryType, Head, Redactor};
use crate::model::Millis;
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
    head: Head,
    redactor: Redactor,
    secret: Vec<u8>,
}

impl Recorder {
    /// A recorder continuing the journal after `head`, redacting values
    /// with the per-install `secret`.
    pub fn new(config: SiteConfig, secret: &[u8], head: Head) -> Self {
        let redactor = Redactor::new(secret, config.keep_raw_values);
        Recorder { engine: Engine::new(config), head, redactor, secret: secret.to_vec() }
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

    /// The end of the chain.
    pub fn head(&self) -> &Head {
        &self.head
    }

    /// Installs a new configuration (value redaction follows its setting).
    pub fn set_config(&mut self, config: SiteConfig) {
        self.redactor = Redactor::new(&self.secret, config.keep_raw_values);
        self.engine.set_config(config);
    }

    /// Journals state changes and collects the pictures they touched.
    pub fn commit(&mut self, changes: Vec<Change>, now: Millis) -> Result<Commit> {
        let mut commit = Commit::default();
        let mut head = self.head.clone();
        for change in changes {
            let mut data = change.data;
            if let (Some(v), Value::Object(map)) = (&change.value, &mut data) {
                map.insert("value".to_owned(), self.redactor.redact(v));
            }
            let entry = journal::append(&mut head, now, change.kind, Some(&change.site), data)?;
            commit.entries.push(entry);
        }
        commit.records = self.engine.take_changed();
        self.head = head.clone();
        commit.head = head;
        Ok(commit)
    }

    /// Journals a user action or other entry not caused by an observation.
    pub fn record(&mut self, kind: EntryType, site: Option<&str>, data: Value, now: Millis) -> Result<Commit> {
        let mut head = self.head.clone();
        let entry = journal::append(&mut head, now, kind, site, data)?;
        self.head = head.clone();
        Ok(Commit { entries: vec![entry], records: self.engine.take_changed(), head })
    }

    /// Starts a cleared journal with a checkpoint carrying the chain on.
    pub fn archive(&mut self, archived_count: u64, now: Millis) -> Commit {
        let entry = journal::checkpoint(&mut self.head, now, archived_count);
        Commit { entries: vec![entry], records: Vec::new(), head: self.head.clone() }
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
        journal::verify(&values, journal::ZERO_HASH, &journal::Expected::head(commit.head.clone())).unwrap();
    }
}
