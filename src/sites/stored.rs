//! The configuration as the extension stores it between wakes. A newer
//! version of the extension may have written fields this one does not know
//! (the user downgraded, or a profile was copied back). Those are set aside
//! instead of failing every wake, and written back unchanged with the next
//! save, so going back to the newer version loses nothing.
//!
//! Settings *files* stay strict (see [`SiteConfig::from_settings_file`]):
//! this leniency is only for what the extension itself wrote.

use serde_json::{Map, Value};

use super::{presets, SiteConfig};
use crate::error::Result;

/// A configuration read from storage, with what this version did not know.
#[derive(Debug, Clone, Default)]
pub struct StoredConfig {
    /// What this version understood.
    pub config: SiteConfig,
    /// Top-level fields it did not know.
    unknown: Map<String, Value>,
    /// Per site id, the site's fields it did not know.
    unknown_in_sites: Vec<(String, Map<String, Value>)>,
}

fn keys_of(value: Value) -> Vec<String> {
    match value {
        Value::Object(map) => map.into_iter().map(|(k, _)| k).collect(),
        _ => Vec::new(),
    }
}

/// Moves the members of `map` whose names are not in `known` out of it.
fn split_unknown(map: &mut Map<String, Value>, known: &[String]) -> Map<String, Value> {
    let names: Vec<String> = map.keys().filter(|k| !known.contains(k)).cloned().collect();
    names.into_iter().filter_map(|k| map.remove(&k).map(|v| (k, v))).collect()
}

impl StoredConfig {
    /// Reads stored configuration JSON, setting aside unknown fields of the
    /// configuration and of each site. Fails only on what this version
    /// knows and cannot read (a known field of the wrong type).
    pub fn read(text: &str) -> Result<StoredConfig> {
        let mut doc: Value = serde_json::from_str(text)?;
        // The fields this version knows are the ones it writes.
        // Every field this version knows, those it writes only when set too.
        let every = SiteConfig {
            watch_private_windows: true,
            language: Some(super::Language::En),
            timestamp_authority: Some(String::new()),
            ..SiteConfig::default()
        };
        let known = keys_of(serde_json::to_value(every)?);
        let sample = SiteConfig::with_presets(&[presets::PRESETS[0].id])?;
        let known_site = keys_of(serde_json::to_value(&sample.sites[0])?);
        let mut stored = StoredConfig::default();
        if let Value::Object(map) = &mut doc {
            stored.unknown = split_unknown(map, &known);
            if let Some(Value::Array(sites)) = map.get_mut("sites") {
                for site in sites.iter_mut().filter_map(Value::as_object_mut) {
                    let extra = split_unknown(site, &known_site);
                    let id = site.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
                    if !extra.is_empty() {
                        stored.unknown_in_sites.push((id, extra));
                    }
                }
            }
        }
        stored.config = serde_json::from_value(doc)?;
        Ok(stored)
    }

    /// A configuration nothing was read for (first run).
    pub fn fresh(config: SiteConfig) -> StoredConfig {
        StoredConfig { config, ..StoredConfig::default() }
    }

    /// Whether anything was set aside.
    pub fn has_unknown(&self) -> bool {
        !self.unknown.is_empty() || !self.unknown_in_sites.is_empty()
    }

    /// JSON to store for `config` (this version's current one), with the
    /// fields set aside when it was read put back: at the top level, and in
    /// each site that still exists.
    pub fn write(&self, config: &SiteConfig) -> String {
        let mut doc = serde_json::to_value(config).expect("config serialises");
        if let Value::Object(map) = &mut doc {
            for (k, v) in &self.unknown {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
            if let Some(Value::Array(sites)) = map.get_mut("sites") {
                for site in sites.iter_mut().filter_map(Value::as_object_mut) {
                    let id = site.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
                    for (_, extra) in self.unknown_in_sites.iter().filter(|(i, _)| *i == id) {
                        for (k, v) in extra {
                            site.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                }
            }
        }
        doc.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Issue 11: a stored configuration from a newer version (unknown
    // fields) failed every wake.
    // A stored language or private-windows choice was taken for a newer
    // version's field (the default config does not write them), so each
    // wake's core had the browser's language and private windows off.
    #[test]
    fn settings_written_only_when_set_are_read_back() {
        let mut cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
        cfg.language = Some(super::super::Language::Cy);
        cfg.watch_private_windows = true;
        // Issue 10: the timestamp authority, written only when named.
        cfg.timestamp_authority = Some("https://tsa.example/tsr".to_owned());
        let read = StoredConfig::read(&StoredConfig::fresh(cfg.clone()).write(&cfg)).unwrap();
        assert_eq!(read.config, cfg);
        assert!(!read.has_unknown());
    }

    #[test]
    fn a_newer_versions_fields_are_read_around_and_kept() {
        let mut cfg = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
        cfg.onboarded = true;
        let mut doc = serde_json::to_value(&cfg).unwrap();
        doc["signingKeyId"] = "k1".into();
        doc["sites"][0]["storePolicy"] = serde_json::json!({"containers": "own"});
        let text = doc.to_string();
        assert!(serde_json::from_str::<SiteConfig>(&text).is_err(), "the strict reading refuses it");

        let stored = StoredConfig::read(&text).unwrap();
        assert_eq!(stored.config, cfg);
        assert!(stored.has_unknown());
        // Saved again after a change, the newer fields are still there.
        let mut changed = stored.config.clone();
        changed.keep_raw_values = true;
        let again: Value = serde_json::from_str(&stored.write(&changed)).unwrap();
        assert_eq!(again["signingKeyId"], "k1");
        assert_eq!(again["sites"][0]["storePolicy"]["containers"], "own");
        assert_eq!(again["keepRawValues"], true);
        assert_eq!(StoredConfig::read(&again.to_string()).unwrap().config, changed);
    }

    #[test]
    fn a_known_field_of_the_wrong_type_is_still_an_error() {
        assert!(StoredConfig::read(r#"{"sites": 3}"#).is_err());
        let plain = StoredConfig::read(&serde_json::to_string(&SiteConfig::default()).unwrap()).unwrap();
        assert!(!plain.has_unknown());
    }
}
