//! Folding repeated identical observations into one entry.
//!
//! A tracking pixel can fire hundreds of times an hour; journaling each hit
//! would bury the evidence and fill storage. Entries are hashed and never
//! change once appended, so counting happens *before* the journal: the
//! [`Coalescer`] holds observations for a window and then hands back one
//! [`Coalesced`] per group, whose `data` carries `count`, `firstTime` and
//! `lastTime`. The caller appends it like any other entry; only the types
//! whose description lists those three (cookies and storage set or
//! changed, requests seen) can be coalesced, the others are refused then.
//!
//! A group is keyed by `(type, site, key)`, where `key` is whatever makes
//! two observations "the same thing" for the caller (cookie name + domain +
//! path, storage area + host + key, request host + path + type), and holds
//! only observations with equal `data`: when the same key turns up with
//! different data (a cookie's value changed), the pending group is released
//! at once so the change is journaled in order. An observation that is
//! already a batch says so in its own `data.count`, which is added rather
//! than compared.
//!
//! A group is released when `window_ms` has passed since its first
//! observation, so nothing is held back longer than that however often it
//! repeats. The coalescer is serializable: a service worker about to be
//! stopped can park it in session storage, or call [`Coalescer::drain`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

use super::{append, Entry, EntryType, Head};
use crate::error::Result;
use crate::model::Millis;

/// Observations waiting to be journaled, grouped by `(type, site, key)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Coalescer {
    window_ms: Millis,
    next_order: u64,
    pending: Vec<Group>,
    // (type, site, key) -> index into `pending`; rebuilt on demand, so it
    // need not be serialized.
    #[serde(skip)]
    index: BTreeMap<(EntryType, Option<String>, String), usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Group {
    order: u64,
    kind: EntryType,
    site: Option<String>,
    key: String,
    data: Value,
    count: u64,
    first_ms: Millis,
    last_ms: Millis,
}

/// One released group, ready to append.
#[derive(Debug, Clone, PartialEq)]
pub struct Coalesced {
    /// Entry type.
    pub kind: EntryType,
    /// Site id.
    pub site: Option<String>,
    /// The observation's data plus `count` (how many identical observations),
    /// `firstTime` and `lastTime` (RFC 3339, when the first and last were made).
    pub data: Value,
    /// When the last observation was made.
    pub last_ms: Millis,
}

impl Coalesced {
    /// Appends this group to the journal at `now_ms`.
    pub fn append_to(self, head: &mut Head, now_ms: Millis) -> Result<Entry> {
        append(head, now_ms, self.kind, self.site.as_deref(), self.data)
    }
}

impl Coalescer {
    /// A coalescer that holds each group at most `window_ms` (e.g. 60 000).
    pub fn new(window_ms: Millis) -> Self {
        Coalescer { window_ms: window_ms.max(0), ..Coalescer::default() }
    }

    /// Number of groups waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Records one observation made at `now_ms`, and returns what is ready
    /// to append: groups whose window has passed, and the earlier group for
    /// this key if its data differed. Oldest first.
    pub fn observe(&mut self, now_ms: Millis, kind: EntryType, site: Option<&str>, key: &str, data: Value) -> Vec<Coalesced> {
        if self.index.len() != self.pending.len() {
            self.reindex();
        }
        let (data, weight) = split_count(data);
        let mut out = Vec::new();
        let id = (kind, site.map(str::to_owned), key.to_owned());
        if let Some(&i) = self.index.get(&id) {
            let g = &mut self.pending[i];
            if g.data == data {
                g.count = g.count.saturating_add(weight);
                g.first_ms = g.first_ms.min(now_ms);
                g.last_ms = g.last_ms.max(now_ms);
                out = self.due(now_ms);
                return out;
            }
            out.push(self.remove(i));
        }
        self.next_order += 1;
        self.index.insert(id, self.pending.len());
        self.pending.push(Group {
            order: self.next_order,
            kind,
            site: site.map(str::to_owned),
            key: key.to_owned(),
            data,
            count: weight,
            first_ms: now_ms,
            last_ms: now_ms,
        });
        out.extend(self.due(now_ms));
        out
    }

    /// Releases the groups whose window has passed by `now_ms`, oldest first.
    pub fn due(&mut self, now_ms: Millis) -> Vec<Coalesced> {
        let window = self.window_ms;
        self.release(|g| now_ms.saturating_sub(g.first_ms) >= window)
    }

    /// Releases every group, oldest first (before an export, on shutdown).
    pub fn drain(&mut self) -> Vec<Coalesced> {
        self.release(|_| true)
    }

    fn release(&mut self, ready: impl Fn(&Group) -> bool) -> Vec<Coalesced> {
        if !self.pending.iter().any(&ready) {
            return Vec::new();
        }
        let (mut done, keep): (Vec<Group>, Vec<Group>) = std::mem::take(&mut self.pending).into_iter().partition(ready);
        self.pending = keep;
        self.reindex();
        done.sort_by_key(|g| g.order);
        done.into_iter().map(finish).collect()
    }

    fn remove(&mut self, i: usize) -> Coalesced {
        let g = self.pending.remove(i);
        self.reindex();
        finish(g)
    }

    fn reindex(&mut self) {
        self.index = self.pending.iter().enumerate().map(|(i, g)| ((g.kind, g.site.clone(), g.key.clone()), i)).collect();
    }
}

// An observation that already stands for several (a batch of identical
// requests) says so in `data.count`; it adds that many, and the count takes
// no part in deciding whether two observations are the same.
fn split_count(mut data: Value) -> (Value, u64) {
    let weight = match data.as_object_mut().and_then(|m| m.remove("count")) {
        Some(n) => n.as_u64().filter(|&n| n > 0 && n <= super::MAX_SAFE_INTEGER).unwrap_or(1),
        None => 1,
    };
    (data, weight)
}

fn finish(g: Group) -> Coalesced {
    let mut data = match g.data {
        Value::Object(m) => m,
        other => {
            // Not an object: keep it visible so append() rejects it with a
            // clear message instead of losing it here.
            let mut m = Map::new();
            m.insert("value".to_owned(), other);
            m
        }
    };
    data.insert("count".to_owned(), Value::from(g.count));
    data.insert("firstTime".to_owned(), Value::from(crate::time::rfc3339(g.first_ms)));
    data.insert("lastTime".to_owned(), Value::from(crate::time::rfc3339(g.last_ms)));
    Coalesced { kind: g.kind, site: g.site, data: Value::Object(data), last_ms: g.last_ms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(host: &str) -> Value {
        json!({"host": host, "requestType": "image"})
    }

    #[test]
    fn folds_repeats_within_the_window() {
        let mut c = Coalescer::new(60_000);
        assert!(c.observe(0, EntryType::RequestSeen, Some("s"), "px", req("t.example")).is_empty());
        assert!(c.observe(10_000, EntryType::RequestSeen, Some("s"), "px", req("t.example")).is_empty());
        assert!(c.observe(20_000, EntryType::RequestSeen, Some("s"), "other", req("u.example")).is_empty());
        let out = c.observe(60_000, EntryType::RequestSeen, Some("s"), "px", req("t.example"));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].data["count"], 3);
        assert_eq!(out[0].data["firstTime"], "1970-01-01T00:00:00.000Z");
        assert_eq!(out[0].data["lastTime"], "1970-01-01T00:01:00.000Z");
        let rest = c.drain();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].data["host"], "u.example");
        assert!(c.is_empty());
    }

    #[test]
    fn changed_data_releases_the_old_group_first() {
        let mut c = Coalescer::new(60_000);
        let v1 = json!({"name": "_ga", "domain": "x", "path": "/", "value": {"length": 1, "hmac": "a"}});
        let v2 = json!({"name": "_ga", "domain": "x", "path": "/", "value": {"length": 1, "hmac": "b"}});
        c.observe(0, EntryType::CookieSet, None, "_ga", v1.clone());
        let out = c.observe(5, EntryType::CookieSet, None, "_ga", v2);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].data["value"]["hmac"], "a");
        assert_eq!(c.len(), 1);
        let mut head = Head::default();
        let e = out.into_iter().next().unwrap().append_to(&mut head, 10).unwrap();
        assert_eq!(e.data["count"], 1);
    }

    #[test]
    fn batch_counts_add_up() {
        let mut c = Coalescer::new(60_000);
        let mut a = req("t.example");
        a["count"] = json!(3);
        let mut b = req("t.example");
        b["count"] = json!(5);
        c.observe(0, EntryType::RequestSeen, None, "px", a);
        c.observe(1, EntryType::RequestSeen, None, "px", b);
        c.observe(2, EntryType::RequestSeen, None, "px", req("t.example"));
        let out = c.drain();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].data["count"], 9);
    }

    // Found by `make mutants`: a batch that says it holds no observation
    // (or one too large to be a safe integer) still is one.
    #[test]
    fn batch_counts_out_of_range_count_as_one() {
        let mut c = Coalescer::new(60_000);
        for n in [json!(0), json!(9_007_199_254_740_992_u64), json!(-2), json!("4")] {
            let mut a = req("t.example");
            a["count"] = n;
            c.observe(0, EntryType::RequestSeen, None, "px", a);
        }
        assert_eq!(c.drain()[0].data["count"], 4);
    }

    #[test]
    fn survives_a_round_trip_through_storage() {
        let mut c = Coalescer::new(1000);
        c.observe(0, EntryType::RequestSeen, None, "k", req("a"));
        let mut back: Coalescer = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert!(back.observe(1, EntryType::RequestSeen, None, "k", req("a")).is_empty());
        assert_eq!(back.len(), 1);
        assert_eq!(back.drain()[0].data["count"], 2);
    }
}
