//! Behaviour verdicts: what the page's scripts *do*, not what they are
//! called. The page-world observers (`extension/content/page-world.js`)
//! report plain facts with the calling script's URL; this module decides,
//! from one page's facts, which scripts fingerprint the browser, record the
//! session, or send what the user types before the form is sent.
//!
//! Pure: it reads the catalog (vendor of a script's host) and the site's
//! registrable domains, nothing else. It owns the thresholds; the state
//! ([`crate::state`]) turns verdicts into findings and journal entries.
//! `docs/detection.md` explains each verdict, its sources and its known
//! false positives and negatives.

use serde_json::{Map, Value};

use crate::classify::{self, SiteContext};
use crate::model::{Category, Observation, Party, RequestObservation, RequestType, StorageArea};

/// What the bridge sends about one page (one frame's document): the whole
/// picture so far, so one message is enough to decide.
#[derive(Debug, Clone, PartialEq)]
pub struct PageReport {
    /// A random id per page load: the same page reported again is not a
    /// new sighting.
    pub page: String,
    /// Each fact once.
    pub observations: Vec<BehaviourObservation>,
}

/// One fact, with the script that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct BehaviourObservation {
    /// URL of the calling script without query or fragment; empty when the
    /// call stack named none.
    pub script: String,
    /// What it did.
    pub signal: Signal,
}

/// How data left the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SendApi {
    /// `fetch()`.
    Fetch,
    /// `XMLHttpRequest.send()`.
    Xhr,
    /// `navigator.sendBeacon()`.
    Beacon,
}

/// How typed text was found in outgoing data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Encoding {
    /// As typed.
    Plain,
    /// URI-encoded.
    Uri,
    /// Base64 of its UTF-8 bytes.
    Base64,
    /// SHA-256 hex of its UTF-8 bytes.
    Sha256,
}

impl Encoding {
    fn as_str(self) -> &'static str {
        match self {
            Encoding::Plain => "plain",
            Encoding::Uri => "uri",
            Encoding::Base64 => "base64",
            Encoding::Sha256 => "sha256",
        }
    }
}

/// The closed list of facts the observers report. Field names are the
/// `content.behaviour` message's (docs/messages.md), in camelCase; the
/// variant is its `kind` in kebab-case.
#[derive(Debug, Clone, PartialEq)]
pub enum Signal {
    /// A canvas with text drawn on it was read back.
    CanvasRead {
        /// Canvas width in pixels.
        width: u32,
        /// Canvas height in pixels.
        height: u32,
        /// Distinct characters drawn as text on it.
        chars: u32,
        /// Distinct fill/stroke styles text was drawn with.
        colours: u32,
        /// `toDataURL`, `toBlob` or `getImageData`.
        read_with: String,
        /// `save()` or `restore()` was called on its context.
        save_restore: bool,
        /// An input listener was added to the canvas.
        listener: bool,
    },
    /// WebGL `getParameter` of `UNMASKED_VENDOR_WEBGL`/`UNMASKED_RENDERER_WEBGL`.
    WebglUnmasked {},
    /// An `OfflineAudioContext` was rendered.
    AudioRender {},
    /// A `MutationObserver` watches the whole document (subtree).
    DomObserved {},
    /// A listener for a user-input event on the window, document or a field.
    InputListened {
        /// The event type (`keydown`, `pointermove`...).
        event: String,
    },
    /// A request left the page.
    DataSent {
        /// Destination host.
        to: String,
        /// How.
        api: SendApi,
        /// Whether it carried a body.
        body: bool,
    },
    /// Outgoing data carried the current text of a field.
    TypedDataSent {
        /// Destination host.
        to: String,
        /// How.
        api: SendApi,
        /// The field's name, id, label or placeholder (never its text).
        field: String,
        /// How the text was found.
        encoding: Encoding,
        /// The field's form had been submitted with this text.
        submitted: bool,
    },
    /// `document.cookie` was written.
    CookieWritten {
        /// Cookie name.
        name: String,
    },
    /// Fonts measured: distinct font families a script set on a canvas
    /// before `measureText`, or on an element's style (font probing).
    FontsMeasured {
        /// How many distinct fonts, so far.
        count: u32,
    },
    /// Fingerprinting properties of `navigator` and `screen` read.
    PropertiesRead {
        /// How many distinct ones, so far.
        count: u32,
    },
    /// An `RTCPeerConnection` was made ready to gather addresses
    /// (`createDataChannel` or `createOffer`).
    Webrtc {},
    /// `localStorage`/`sessionStorage` `setItem`, `indexedDB.open`,
    /// `caches.open`.
    StorageWritten {
        /// Which storage.
        area: StorageArea,
        /// The key.
        key: String,
    },
}

/// The behaviours judged. Each maps to a finding [`Category`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Behaviour {
    /// Identifies the browser from how it draws and sounds.
    Fingerprinting,
    /// Records the page and the user's input and sends it out.
    SessionReplay,
    /// Sends what the user types before the form is sent.
    KeyLogging,
}

impl Behaviour {
    /// The finding category.
    pub fn category(self) -> Category {
        match self {
            Behaviour::Fingerprinting => Category::Fingerprinting,
            Behaviour::SessionReplay => Category::SessionReplay,
            Behaviour::KeyLogging => Category::KeyLogging,
        }
    }
}

/// One verdict: a behaviour, the script responsible and what showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// What it does.
    pub behaviour: Behaviour,
    /// The responsible script's URL (no query); empty when unknown.
    pub script: String,
    /// The script's host; empty when unknown.
    pub host: String,
    /// Catalog vendor of the script's host.
    pub vendor: Option<String>,
    /// The script's party relative to the site.
    pub party: Party,
    /// The techniques seen, in a fixed vocabulary (docs/detection.md).
    pub signals: Vec<String>,
    /// For key-logging: the field whose text left.
    pub field: Option<String>,
    /// Hosts the script's data went to.
    pub sent_to: Vec<String>,
}

// Reading a report by hand rather than with serde's derive for a tagged
// enum: the derive would add some 20 KB of gzipped wasm to the module every
// wake loads. Strict all the same: unknown kinds and fields are refused.
type Fields<'a> = &'a Map<String, Value>;

fn field_str(m: Fields, k: &str) -> Result<String, String> {
    m.get(k).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| format!("\"{k}\" must be a string"))
}

fn field_u32(m: Fields, k: &str) -> Result<u32, String> {
    m.get(k).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).ok_or_else(|| format!("\"{k}\" must be a whole number"))
}

fn field_bool(m: Fields, k: &str) -> Result<bool, String> {
    m.get(k).and_then(Value::as_bool).ok_or_else(|| format!("\"{k}\" must be true or false"))
}

fn only(m: Fields, allowed: &[&str]) -> Result<(), String> {
    match m.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!("unknown field \"{k}\"")),
        None => Ok(()),
    }
}

fn object<'a>(v: &'a Value, what: &str) -> Result<Fields<'a>, String> {
    v.as_object().ok_or_else(|| format!("{what} must be an object"))
}

fn send_api(m: Fields) -> Result<SendApi, String> {
    match field_str(m, "api")?.as_str() {
        "fetch" => Ok(SendApi::Fetch),
        "xhr" => Ok(SendApi::Xhr),
        "beacon" => Ok(SendApi::Beacon),
        other => Err(format!("unknown api {other:?}")),
    }
}

impl Signal {
    /// Reads one `{kind, ...}` object.
    pub fn from_value(v: &Value) -> Result<Signal, String> {
        let m = object(v, "a signal")?;
        let kind = field_str(m, "kind")?;
        let (fields, signal): (&[&str], Signal) = match kind.as_str() {
            "canvas-read" => (
                &["kind", "width", "height", "chars", "colours", "readWith", "saveRestore", "listener"],
                Signal::CanvasRead {
                    width: field_u32(m, "width")?,
                    height: field_u32(m, "height")?,
                    chars: field_u32(m, "chars")?,
                    colours: field_u32(m, "colours")?,
                    read_with: field_str(m, "readWith")?,
                    save_restore: field_bool(m, "saveRestore")?,
                    listener: field_bool(m, "listener")?,
                },
            ),
            "webgl-unmasked" => (&["kind"], Signal::WebglUnmasked {}),
            "audio-render" => (&["kind"], Signal::AudioRender {}),
            "dom-observed" => (&["kind"], Signal::DomObserved {}),
            "input-listened" => (&["kind", "event"], Signal::InputListened { event: field_str(m, "event")? }),
            "data-sent" => (
                &["kind", "to", "api", "body"],
                Signal::DataSent { to: field_str(m, "to")?, api: send_api(m)?, body: field_bool(m, "body")? },
            ),
            "typed-data-sent" => (
                &["kind", "to", "api", "field", "encoding", "submitted"],
                Signal::TypedDataSent {
                    to: field_str(m, "to")?,
                    api: send_api(m)?,
                    field: field_str(m, "field")?,
                    encoding: match field_str(m, "encoding")?.as_str() {
                        "plain" => Encoding::Plain,
                        "uri" => Encoding::Uri,
                        "base64" => Encoding::Base64,
                        "sha256" => Encoding::Sha256,
                        other => return Err(format!("unknown encoding {other:?}")),
                    },
                    submitted: field_bool(m, "submitted")?,
                },
            ),
            "cookie-written" => (&["kind", "name"], Signal::CookieWritten { name: field_str(m, "name")? }),
            "fonts-measured" => (&["kind", "count"], Signal::FontsMeasured { count: field_u32(m, "count")? }),
            "properties-read" => (&["kind", "count"], Signal::PropertiesRead { count: field_u32(m, "count")? }),
            "webrtc" => (&["kind"], Signal::Webrtc {}),
            "storage-written" => (
                &["kind", "area", "key"],
                Signal::StorageWritten {
                    area: match field_str(m, "area")?.as_str() {
                        "local" => StorageArea::Local,
                        "session" => StorageArea::Session,
                        "indexed-db" => StorageArea::IndexedDb,
                        "cache-storage" => StorageArea::CacheStorage,
                        other => return Err(format!("unknown storage area {other:?}")),
                    },
                    key: field_str(m, "key")?,
                },
            ),
            other => return Err(format!("unknown signal kind {other:?}")),
        };
        only(m, fields)?;
        Ok(signal)
    }
}

impl PageReport {
    /// Reads a `content.behaviour` report (`{page, observations}`); the
    /// message says what is wrong.
    pub fn from_value(v: &Value) -> Result<PageReport, String> {
        let m = object(v, "the report")?;
        only(m, &["page", "observations"])?;
        let page = field_str(m, "page")?;
        let list = m.get("observations").and_then(Value::as_array).ok_or("\"observations\" must be a list")?;
        let mut observations = Vec::with_capacity(list.len());
        for (i, o) in list.iter().enumerate() {
            let read = || -> Result<BehaviourObservation, String> {
                let m = object(o, "an observation")?;
                only(m, &["script", "signal"])?;
                Ok(BehaviourObservation {
                    script: field_str(m, "script")?,
                    signal: Signal::from_value(m.get("signal").unwrap_or(&Value::Null))?,
                })
            };
            observations.push(read().map_err(|e| format!("observation {i}: {e}"))?);
        }
        Ok(PageReport { page, observations })
    }
}

/// Canvas at least this wide and high (Englehardt & Narayanan 2016).
pub const CANVAS_MIN_SIDE: u32 = 16;
/// Text with at least this many distinct characters...
pub const CANVAS_MIN_CHARS: u32 = 10;
/// ...or in at least this many colours.
pub const CANVAS_MIN_COLOURS: u32 = 2;

/// At least this many distinct fonts measured by one script is font
/// probing (Englehardt & Narayanan's canvas-font criterion, 2016).
pub const FONTS_MIN: u32 = 50;
/// At least this many distinct fingerprinting properties of `navigator`
/// and `screen` read by one script is a wide enumeration (a page's own
/// code and ordinary analytics read a handful: the user agent, the
/// language, the screen's size and colour depth).
pub const PROPERTIES_MIN: u32 = 16;

/// The host of a script or request URL, lowercased, without port.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next()?;
    crate::domain::normalize_host(host)
}

/// A script's host, vendor, category and party on a site.
pub(crate) struct ScriptInfo {
    pub(crate) host: String,
    pub(crate) vendor: Option<String>,
    category: Category,
    pub(crate) party: Party,
}

pub(crate) fn script_info(ctx: &SiteContext, page_host: &str, script: &str) -> ScriptInfo {
    let Some(host) = url_host(script) else {
        return ScriptInfo { host: String::new(), vendor: None, category: Category::Unknown, party: Party::First };
    };
    let obs = Observation::Request(RequestObservation {
        host: host.clone(),
        request_type: RequestType::Script,
        path: String::new(),
        page_host: page_host.to_owned(),
        filter_match: None,
    });
    let c = classify::classify_with_context(&obs, ctx);
    ScriptInfo { host, vendor: c.vendor, category: c.category, party: c.party }
}

fn is_keys(event: &str) -> bool {
    matches!(event, "keydown" | "keyup" | "keypress" | "input" | "beforeinput" | "change")
}

fn is_pointer(event: &str) -> bool {
    event.starts_with("pointer") || event.starts_with("mouse") || event.starts_with("touch") || event == "click"
}

/// Whether one canvas read meets the canvas-fingerprinting criteria.
pub fn canvas_fingerprint(s: &Signal) -> bool {
    let Signal::CanvasRead { width, height, chars, colours, save_restore, listener, .. } = s else { return false };
    *width >= CANVAS_MIN_SIDE
        && *height >= CANVAS_MIN_SIDE
        && (*chars >= CANVAS_MIN_CHARS || *colours >= CANVAS_MIN_COLOURS)
        && !save_restore
        && !listener
}

fn push_once(v: &mut Vec<String>, s: impl Into<String>) {
    let s = s.into();
    if !v.contains(&s) {
        v.push(s);
    }
}

/// Every verdict one page's facts support, for a page of the site `ctx`
/// describes (`page_host` is the top-level page's host).
pub fn decide(ctx: &SiteContext, page_host: &str, report: &PageReport) -> Vec<Verdict> {
    let mut scripts: Vec<&str> = Vec::new();
    for o in &report.observations {
        if !scripts.contains(&o.script.as_str()) {
            scripts.push(&o.script);
        }
    }
    let infos: Vec<ScriptInfo> = scripts.iter().map(|s| script_info(ctx, page_host, s)).collect();
    let mut out = Vec::new();

    // Fingerprinting: per script.
    for (script, info) in scripts.iter().zip(&infos) {
        let mut signals = Vec::new();
        // Canvas and font probing are enough alone; the others are weaker.
        let mut strong = false;
        let mut webrtc = false;
        for s in signals_by(report, script) {
            match s {
                Signal::CanvasRead { .. } if canvas_fingerprint(s) => {
                    strong = true;
                    push_once(&mut signals, "canvas");
                }
                Signal::FontsMeasured { count } if *count >= FONTS_MIN => {
                    strong = true;
                    push_once(&mut signals, "fonts");
                }
                Signal::WebglUnmasked {} => push_once(&mut signals, "webgl-unmasked"),
                Signal::AudioRender {} => push_once(&mut signals, "audio"),
                Signal::PropertiesRead { count } if *count >= PROPERTIES_MIN => push_once(&mut signals, "navigator-screen"),
                Signal::Webrtc {} => webrtc = true,
                _ => {}
            }
        }
        // Reading the GPU's real name, rendering audio offline or reading
        // many browser properties have ordinary uses in a site's own code,
        // but rarely in someone else's. A peer connection is a video call
        // as often as an address probe: it only adds to other signals.
        let weak = signals.iter().filter(|s| *s != "canvas" && *s != "fonts").count();
        if strong || signals.len() >= 2 || (weak > 0 && info.party == Party::Third) {
            if webrtc {
                signals.push("webrtc".to_owned());
            }
            signals.sort();
            out.push(verdict(Behaviour::Fingerprinting, script, info, signals, None, sent_to(signals_by(report, script))));
        }
    }

    // Session replay: per host, since a recorder and the code that posts
    // its batches are often two files from one place.
    let mut hosts: Vec<&str> = Vec::new();
    for info in &infos {
        if !hosts.contains(&info.host.as_str()) {
            hosts.push(&info.host);
        }
    }
    for host in hosts {
        let group: Vec<usize> = (0..scripts.len()).filter(|&i| infos[i].host == host).collect();
        let replay_vendor = group.iter().any(|&i| infos[i].category == Category::SessionReplay);
        if host.is_empty() || (infos[group[0]].party == Party::First && !replay_vendor) {
            continue;
        }
        let signals_of = || group.iter().flat_map(|&i| signals_by(report, scripts[i]));
        let observer = group.iter().copied().find(|&i| signals_by(report, scripts[i]).any(|s| matches!(s, Signal::DomObserved {})));
        let keys = signals_of().any(|s| matches!(s, Signal::InputListened { event } if is_keys(event)));
        let pointer = signals_of().any(|s| matches!(s, Signal::InputListened { event } if is_pointer(event)));
        let sends = signals_of().any(|s| matches!(s, Signal::DataSent { body: true, .. } | Signal::DataSent { api: SendApi::Beacon, .. }));
        let Some(observer) = observer else { continue };
        if !(keys || pointer) || !sends {
            continue;
        }
        let mut signals = vec!["dom-observed".to_owned()];
        if keys {
            signals.push("keys-listened".into());
        }
        if pointer {
            signals.push("pointer-listened".into());
        }
        signals.push("data-sent".into());
        out.push(verdict(Behaviour::SessionReplay, scripts[observer], &infos[observer], signals, None, sent_to(signals_of())));
    }

    // Key-logging: per script and field, when the text left before the
    // form was sent and a third party sent or received it.
    for (script, info) in scripts.iter().zip(&infos) {
        let mut fields: Vec<(&str, Vec<String>, Vec<String>)> = Vec::new();
        for s in signals_by(report, script) {
            let Signal::TypedDataSent { to, field, encoding, submitted: false, .. } = s else { continue };
            let Some(to_host) = crate::domain::normalize_host(to) else { continue };
            if info.party == Party::First && ctx.party_of(&to_host) == Party::First {
                continue;
            }
            let i = match fields.iter().position(|(f, _, _)| f == field) {
                Some(i) => i,
                None => {
                    fields.push((field, vec!["typed-data-sent".to_owned()], Vec::new()));
                    fields.len() - 1
                }
            };
            push_once(&mut fields[i].1, encoding.as_str());
            push_once(&mut fields[i].2, to_host);
        }
        for (field, signals, to) in fields {
            let mut v = verdict(Behaviour::KeyLogging, script, info, signals, Some(field.to_owned()), Vec::new());
            v.sent_to = to;
            out.push(v);
        }
    }
    out
}

fn signals_by<'a>(report: &'a PageReport, script: &'a str) -> impl Iterator<Item = &'a Signal> + 'a {
    report.observations.iter().filter(move |o| o.script == script).map(|o| &o.signal)
}

fn sent_to<'a>(signals: impl Iterator<Item = &'a Signal>) -> Vec<String> {
    let mut to = Vec::new();
    for s in signals {
        if let Signal::DataSent { to: host, body, api } = s {
            if *body || *api == SendApi::Beacon {
                push_once(&mut to, host.clone());
            }
        }
    }
    to.sort();
    to
}

fn verdict(
    behaviour: Behaviour,
    script: &str,
    info: &ScriptInfo,
    signals: Vec<String>,
    field: Option<String>,
    sent_to: Vec<String>,
) -> Verdict {
    Verdict {
        behaviour,
        script: script.to_owned(),
        host: info.host.clone(),
        vendor: info.vendor.clone(),
        party: info.party,
        signals,
        field,
        sent_to,
    }
}

/// Who wrote a cookie or storage item, from one page's facts: cookie name
/// or `(area, key)` to script URL (the first script seen writing it).
pub fn writers(report: &PageReport) -> Vec<(Option<StorageArea>, &str, &str)> {
    let mut out: Vec<(Option<StorageArea>, &str, &str)> = Vec::new();
    for o in &report.observations {
        let (area, name) = match &o.signal {
            Signal::CookieWritten { name } => (None, name.as_str()),
            Signal::StorageWritten { area, key } => (Some(*area), key.as_str()),
            _ => continue,
        };
        if !o.script.is_empty() && !out.iter().any(|(a, n, _)| *a == area && *n == name) {
            out.push((area, name, &o.script));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "findajob.dwp.gov.uk";
    const PAGE_JS: &str = "https://findajob.dwp.gov.uk/assets/app.js";
    const CDN: &str = "https://cdn.jsdelivr.net/npm/rrweb@2.2.2/dist/rrweb.umd.min.cjs";
    const GLUE: &str = "https://cdn.jsdelivr.net/gh/replaykit/replay@1.0.0/recorder.js";
    const FP: &str = "https://openfpcdn.io/fingerprintjs/v5/fp.min.js";
    const ASSIST: &str = "https://cdn.formassist.example/assist.js";

    fn ctx() -> SiteContext {
        SiteContext::new(&[SITE])
    }

    fn obs(script: &str, signal: Signal) -> BehaviourObservation {
        BehaviourObservation { script: script.into(), signal }
    }

    fn canvas(width: u32, height: u32, chars: u32, colours: u32, save_restore: bool, listener: bool) -> Signal {
        Signal::CanvasRead { width, height, chars, colours, read_with: "toDataURL".into(), save_restore, listener }
    }

    fn listen(event: &str) -> Signal {
        Signal::InputListened { event: event.into() }
    }

    fn sent(to: &str, api: SendApi, body: bool) -> Signal {
        Signal::DataSent { to: to.into(), api, body }
    }

    fn typed(to: &str, field: &str, submitted: bool) -> Signal {
        Signal::TypedDataSent { to: to.into(), api: SendApi::Fetch, field: field.into(), encoding: Encoding::Base64, submitted }
    }

    fn run(observations: Vec<BehaviourObservation>) -> Vec<Verdict> {
        decide(&ctx(), SITE, &PageReport { page: "p1".into(), observations })
    }

    #[test]
    fn canvas_fingerprinting_thresholds() {
        // Meets the criteria: big enough, 10 distinct characters, read back.
        let v = run(vec![obs(FP, canvas(240, 60, 10, 1, false, false))]);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].behaviour, Behaviour::Fingerprinting);
        assert_eq!(v[0].signals, vec!["canvas"]);
        assert_eq!(v[0].host, "openfpcdn.io");
        // Two colours are enough even with few characters.
        assert_eq!(run(vec![obs(FP, canvas(16, 16, 2, 2, false, false))]).len(), 1);
        // Near misses: too small, too few characters in one colour.
        assert!(run(vec![obs(FP, canvas(15, 60, 20, 3, false, false))]).is_empty(), "narrower than 16");
        assert!(run(vec![obs(FP, canvas(240, 15, 20, 3, false, false))]).is_empty(), "lower than 16");
        assert!(run(vec![obs(FP, canvas(240, 60, 9, 1, false, false))]).is_empty(), "9 characters, one colour");
    }

    #[test]
    fn a_chart_on_a_canvas_is_not_fingerprinting() {
        // A chart library draws axis labels in several colours, saves and
        // restores its context, listens for hover, and offers a download.
        let chart = "https://findajob.dwp.gov.uk/assets/chart.js";
        assert!(run(vec![obs(chart, canvas(600, 300, 24, 4, true, true))]).is_empty());
        assert!(run(vec![obs(chart, canvas(600, 300, 24, 4, true, false))]).is_empty(), "save/restore alone");
        assert!(run(vec![obs(chart, canvas(600, 300, 24, 4, false, true))]).is_empty(), "listener alone");
    }

    #[test]
    fn webgl_or_audio_alone_counts_only_from_a_third_party() {
        // The site's own code may check the GPU or process sound.
        assert!(run(vec![obs(PAGE_JS, Signal::WebglUnmasked {})]).is_empty());
        assert!(run(vec![obs(PAGE_JS, Signal::AudioRender {})]).is_empty());
        let v = run(vec![obs(PAGE_JS, Signal::WebglUnmasked {}), obs(PAGE_JS, Signal::AudioRender {})]);
        assert_eq!(v[0].signals, vec!["audio", "webgl-unmasked"], "both together");
        // Signals of two different scripts are not combined.
        assert!(
            run(vec![obs(PAGE_JS, Signal::WebglUnmasked {}), obs("https://findajob.dwp.gov.uk/b.js", Signal::AudioRender {})]).is_empty()
        );
        // FingerprintJS in Firefox 120+ skips the canvas and WebGL names
        // but still renders audio.
        let v = run(vec![obs(FP, Signal::AudioRender {})]);
        assert_eq!(v[0].signals, vec!["audio"]);
        assert_eq!(run(vec![obs(FP, Signal::WebglUnmasked {})]).len(), 1);
    }

    #[test]
    fn font_probing_needs_fifty_fonts() {
        let fonts = |count| Signal::FontsMeasured { count };
        // The site's own layout code measures a few fonts: nothing.
        assert!(run(vec![obs(PAGE_JS, fonts(3))]).is_empty());
        // One short of the threshold, even from a third party: nothing.
        assert!(run(vec![obs(FP, fonts(FONTS_MIN - 1))]).is_empty(), "49 fonts");
        // Fifty is enough alone, from the site's own script too.
        let v = run(vec![obs(PAGE_JS, fonts(FONTS_MIN))]);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].signals, vec!["fonts"]);
        // The largest count reported counts (the page reports as it grows).
        let v = run(vec![obs(FP, fonts(10)), obs(FP, fonts(150))]);
        assert_eq!(v[0].signals, vec!["fonts"]);
    }

    #[test]
    fn wide_navigator_enumeration_is_a_weak_signal() {
        let read = |count| Signal::PropertiesRead { count };
        // The user agent and the language, or the screen's size too: what
        // analytics reads. Nothing, from any party.
        assert!(run(vec![obs(PAGE_JS, read(2))]).is_empty());
        assert!(run(vec![obs(FP, read(PROPERTIES_MIN - 1))]).is_empty(), "15 properties from a third party");
        // Many properties: enough from a third party...
        let v = run(vec![obs(FP, read(PROPERTIES_MIN))]);
        assert_eq!(v[0].signals, vec!["navigator-screen"]);
        // ...but from the site's own script only with another signal.
        assert!(run(vec![obs(PAGE_JS, read(40))]).is_empty(), "a site's own feature detection");
        let v = run(vec![obs(PAGE_JS, read(40)), obs(PAGE_JS, Signal::AudioRender {})]);
        assert_eq!(v[0].signals, vec!["audio", "navigator-screen"]);
    }

    #[test]
    fn a_peer_connection_only_adds_to_other_signals() {
        // A third-party video-call widget: a peer connection alone is not
        // fingerprinting.
        assert!(run(vec![obs(FP, Signal::Webrtc {})]).is_empty());
        assert!(run(vec![obs(PAGE_JS, Signal::Webrtc {}), obs(PAGE_JS, Signal::PropertiesRead { count: 3 })]).is_empty());
        // With a verdict made by other signals it is listed; it never makes
        // the second signal the site's own script would need.
        let v = run(vec![obs(FP, Signal::Webrtc {}), obs(FP, Signal::PropertiesRead { count: 20 })]);
        assert_eq!(v[0].signals, vec!["navigator-screen", "webrtc"]);
        let v = run(vec![obs(PAGE_JS, Signal::Webrtc {}), obs(PAGE_JS, Signal::WebglUnmasked {})]);
        assert!(v.is_empty(), "one weak signal and a peer connection from the site's own script: {v:?}");
    }

    fn recorder() -> Vec<BehaviourObservation> {
        vec![
            obs(CDN, Signal::DomObserved {}),
            obs(CDN, listen("keydown")),
            obs(CDN, listen("pointermove")),
            obs(GLUE, sent("ingest.replaykit.example", SendApi::Fetch, true)),
        ]
    }

    #[test]
    fn a_recorder_from_a_generic_cdn_is_session_replay() {
        let v = run(recorder());
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].behaviour, Behaviour::SessionReplay);
        assert_eq!(v[0].script, CDN, "the script that watches the page");
        assert_eq!(v[0].host, "cdn.jsdelivr.net");
        assert_eq!(v[0].signals, vec!["dom-observed", "keys-listened", "pointer-listened", "data-sent"]);
        assert_eq!(v[0].sent_to, vec!["ingest.replaykit.example"]);
    }

    #[test]
    fn session_replay_needs_all_three() {
        for missing in 0..3 {
            let mut o = recorder();
            match missing {
                0 => o.retain(|x| !matches!(x.signal, Signal::DomObserved {})),
                1 => o.retain(|x| !matches!(x.signal, Signal::InputListened { .. })),
                _ => o.retain(|x| !matches!(x.signal, Signal::DataSent { .. })),
            }
            assert!(run(o).is_empty(), "without part {missing}");
        }
        // A request without a body sends nothing of the page.
        let mut o = recorder();
        o[3] = obs(GLUE, sent("ingest.replaykit.example", SendApi::Fetch, false));
        assert!(run(o).is_empty());
        // Scroll listeners alone are not input.
        let mut o = recorder();
        o[1] = obs(CDN, listen("scroll"));
        o[2] = obs(CDN, listen("wheel"));
        assert!(run(o).is_empty());
    }

    #[test]
    fn the_sites_own_scripts_are_not_session_replay() {
        // A first-party single-page app watches its DOM, handles input and
        // talks to its own server.
        let o = vec![
            obs(PAGE_JS, Signal::DomObserved {}),
            obs(PAGE_JS, listen("keydown")),
            obs(PAGE_JS, sent("findajob.dwp.gov.uk", SendApi::Fetch, true)),
        ];
        assert!(run(o).is_empty());
    }

    #[test]
    fn typed_text_sent_before_submit_is_key_logging() {
        let v = run(vec![obs(ASSIST, typed("cdn.formassist.example", "q", false))]);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].behaviour, Behaviour::KeyLogging);
        assert_eq!(v[0].field.as_deref(), Some("q"));
        assert_eq!(v[0].sent_to, vec!["cdn.formassist.example"]);
        assert_eq!(v[0].signals, vec!["typed-data-sent", "base64"]);
        // A first-party script sending to a third party counts too.
        assert_eq!(run(vec![obs(PAGE_JS, typed("collect.example", "email", false))]).len(), 1);
    }

    #[test]
    fn the_sites_own_search_on_submit_is_not_key_logging() {
        // Sent with the form, to the site: the user's request.
        assert!(run(vec![obs(PAGE_JS, typed("findajob.dwp.gov.uk", "q", true))]).is_empty());
        // Even a third party receiving the submitted form is not key-logging.
        assert!(run(vec![obs(ASSIST, typed("cdn.formassist.example", "q", true))]).is_empty());
        // The site's own suggestions as you type, to itself.
        assert!(run(vec![obs(PAGE_JS, typed("findajob.dwp.gov.uk", "q", false))]).is_empty());
    }

    #[test]
    fn first_party_analytics_without_input_is_nothing() {
        let o = vec![obs(PAGE_JS, sent("findajob.dwp.gov.uk", SendApi::Beacon, true)), obs(PAGE_JS, listen("click"))];
        assert!(run(o).is_empty());
    }

    #[test]
    fn writers_name_the_first_script() {
        let report = PageReport {
            page: "p".into(),
            observations: vec![
                obs(ASSIST, Signal::CookieWritten { name: "_fa_uid".into() }),
                obs(PAGE_JS, Signal::CookieWritten { name: "_fa_uid".into() }),
                obs(PAGE_JS, Signal::StorageWritten { area: StorageArea::Local, key: "k".into() }),
                obs("", Signal::CookieWritten { name: "anon".into() }),
            ],
        };
        assert_eq!(writers(&report), vec![(None, "_fa_uid", ASSIST), (Some(StorageArea::Local), "k", PAGE_JS)]);
    }

    #[test]
    fn reports_are_strict() {
        let ok = r#"{"page":"p","observations":[{"script":"https://a.example/x.js","signal":{"kind":"canvas-read","width":1,"height":1,"chars":1,"colours":1,"readWith":"toBlob","saveRestore":false,"listener":false}}]}"#;
        let read = |text: &str| PageReport::from_value(&serde_json::from_str(text).unwrap());
        let r = read(ok).unwrap();
        assert!(matches!(r.observations[0].signal, Signal::CanvasRead { width: 1, save_restore: false, .. }));
        let extra = ok.replace("\"listener\":false", "\"listener\":false,\"value\":\"secret\"");
        assert_eq!(read(&extra).unwrap_err(), "observation 0: unknown field \"value\"", "unknown fields are refused");
        let unknown = r#"{"page":"p","observations":[{"script":"","signal":{"kind":"mind-reading"}}]}"#;
        assert!(read(unknown).is_err());
        let wrong = ok.replace("\"width\":1", "\"width\":-1");
        assert!(read(&wrong).is_err(), "negative sizes are refused");
        assert!(read(r#"{"page":"p","observations":[],"more":1}"#).is_err());
        let fonts = r#"{"page":"p","observations":[{"script":"","signal":{"kind":"fonts-measured","count":52}},{"script":"","signal":{"kind":"storage-written","area":"indexed-db","key":"db"}}]}"#;
        let r = read(fonts).unwrap();
        assert_eq!(r.observations[0].signal, Signal::FontsMeasured { count: 52 });
        assert_eq!(r.observations[1].signal, Signal::StorageWritten { area: StorageArea::IndexedDb, key: "db".into() });
        assert!(read(&fonts.replace("52", "52,\"names\":[\"Arial\"]")).is_err(), "no font names cross");
    }

    #[test]
    fn url_hosts() {
        assert_eq!(url_host("https://cdn.jsdelivr.net:8443/npm/x.js").as_deref(), Some("cdn.jsdelivr.net"));
        assert_eq!(url_host("https://u@EXAMPLE.org/").as_deref(), Some("example.org"));
        assert_eq!(url_host("not a url"), None);
    }
}
