//! The `Witness` handle of the main module: the extension's state and every
//! call the background makes into the core.

use wasm_bindgen::prelude::*;

use super::{from_js, input_error, install_panic_hook, js_error, to_js};
use crate::journal::{EntryType, Head};
use crate::model::{CookieObservation, RequestObservation, StorageArea, StorageObservation};
use crate::recorder::{Commit, Recorder};
use crate::sites::{presets, Site, SiteConfig, StoredConfig};

fn parse_config(json: Option<String>) -> Result<StoredConfig, JsValue> {
    match json {
        Some(text) => StoredConfig::read(&text).map_err(|e| input_error("saved configuration", e)),
        None => Ok(StoredConfig::fresh(SiteConfig { notify_auto_clean: true, ..SiteConfig::default() })),
    }
}

/// A commit as the object `{entries, records, head}`. Each record is JSON
/// text already: it crosses as a plain string instead of being escaped into
/// the commit's JSON and unescaped again by `JSON.parse`, which was a large
/// part of every observation's cost (see docs/performance.md).
fn commit_to_js(commit: &Commit) -> Result<JsValue, JsValue> {
    #[derive(serde::Serialize)]
    struct EntriesAndHead<'a> {
        entries: &'a [crate::journal::Entry],
        head: &'a Head,
    }
    let object = to_js(&EntriesAndHead { entries: &commit.entries, head: &commit.head })?;
    let records = js_sys::Array::new_with_length(commit.records.len() as u32);
    for (i, (key, value)) in commit.records.iter().enumerate() {
        let value = value.as_deref().map_or(JsValue::NULL, JsValue::from_str);
        records.set(i as u32, js_sys::Array::of2(&JsValue::from_str(key), &value).into());
    }
    js_sys::Reflect::set(&object, &JsValue::from_str("records"), &records)?;
    Ok(object)
}

/// A site from a page, read through a Value as the stored configuration's
/// sites are (one reader of `Site` in the module, not two).
fn site_from_js(site: JsValue) -> Result<Site, JsValue> {
    serde_json::from_value(from_js::<serde_json::Value>("site", site)?).map_err(|e| input_error("site", e))
}

/// An intent's input read by its hand reader (see `crate::checked`).
fn by_hand<T>(what: &str, value: JsValue, read: fn(&serde_json::Value) -> crate::Result<T>) -> Result<T, JsValue> {
    read(&from_js::<serde_json::Value>(what, value)?).map_err(js_error)
}

fn entry_type(kind: &str) -> Result<EntryType, JsValue> {
    EntryType::parse(kind).ok_or_else(|| input_error("journal entry type", format!("{kind:?} is not one")))
}

/// A commit and what else an intent answers with.
#[derive(serde::Serialize)]
struct CommitWith {
    commit: Commit,
    sha256: String,
}

/// The extension's handle on the core.
#[wasm_bindgen]
pub struct Witness {
    rec: Recorder,
    /// The configuration as read from storage, for the fields a newer
    /// version wrote that this one keeps without knowing.
    stored: StoredConfig,
}

#[wasm_bindgen]
impl Witness {
    /// Starts from the saved configuration JSON (or none on first run), the
    /// per-install secret and the saved journal head JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: Option<String>, secret: &[u8], head_json: Option<String>) -> Result<Witness, JsValue> {
        install_panic_hook();
        let stored = parse_config(config_json)?;
        let config = stored.config.clone();
        let head: Head = match head_json {
            Some(text) => serde_json::from_str(&text).map_err(|e| input_error("saved journal head", e))?,
            None => Head::default(),
        };
        Ok(Witness { rec: Recorder::new(config, secret, head), stored })
    }

    /// Restores every saved piece in one call: a JSON array of `[key, json]`
    /// pairs. Returns how many were unreadable and skipped.
    #[wasm_bindgen(js_name = loadSavedAll)]
    pub fn load_saved_all(&mut self, pieces_json: &str) -> Result<u32, JsValue> {
        self.rec.engine_mut().load_saved_all(pieces_json).map(|n| n as u32).map_err(js_error)
    }

    /// A cookie was set or changed. Returns the commit to store.
    #[wasm_bindgen(js_name = observeCookie)]
    pub fn observe_cookie(&mut self, context_host: Option<String>, cookie: JsValue, now: f64) -> Result<JsValue, JsValue> {
        let c: CookieObservation = from_js("cookie", cookie)?;
        let changes = self.rec.engine_mut().observe_cookie(context_host.as_deref(), &c, now as i64);
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// A cookie was removed. Returns the commit to store.
    #[wasm_bindgen(js_name = removeCookie)]
    pub fn remove_cookie(&mut self, cookie: JsValue, cause: &str, now: f64) -> Result<JsValue, JsValue> {
        let c: CookieObservation = from_js("cookie", cookie)?;
        let changes = self.rec.engine_mut().remove_cookie(&c, cause, now as i64);
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// A storage snapshot of one origin for the given areas, taken in the
    /// tab `tab` (its sessionStorage is that tab's own).
    #[wasm_bindgen(js_name = observeStorage)]
    pub fn observe_storage(
        &mut self,
        origin_host: &str,
        tab: Option<u32>,
        areas: JsValue,
        items: JsValue,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let areas: Vec<StorageArea> = from_js("storage areas", areas)?;
        let items: Vec<serde_json::Value> = from_js("storage items", items)?;
        let (items, unreadable) = crate::model::read_each::<StorageObservation>(items);
        let mut changes = self.rec.engine_mut().observe_storage_in_tab(origin_host, tab, &areas, &items, now as i64);
        changes.extend(self.rec.engine_mut().note_unreadable(origin_host, unreadable));
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// A storage snapshot of a frame of another origin inside a page of the
    /// site at `site_host` (the tab's top-level page).
    #[wasm_bindgen(js_name = observeFrameStorage)]
    pub fn observe_frame_storage(
        &mut self,
        site_host: &str,
        origin_host: &str,
        tab: Option<u32>,
        areas: JsValue,
        items: JsValue,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let areas: Vec<StorageArea> = from_js("storage areas", areas)?;
        let items: Vec<serde_json::Value> = from_js("storage items", items)?;
        let (items, unreadable) = crate::model::read_each::<StorageObservation>(items);
        let mut changes = self.rec.engine_mut().observe_frame_storage(site_host, origin_host, tab, &areas, &items, now as i64);
        changes.extend(self.rec.engine_mut().note_unreadable(site_host, unreadable));
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// A tab closed: its sessionStorage records go, journaled.
    #[wasm_bindgen(js_name = tabClosed)]
    pub fn tab_closed(&mut self, tab: u32, now: f64) -> Result<JsValue, JsValue> {
        let changes = self.rec.engine_mut().tab_closed(tab, now as i64);
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// The browser started with these tabs: sessionStorage of other tabs is gone.
    #[wasm_bindgen(js_name = tabsOpen)]
    pub fn tabs_open(&mut self, open: Vec<u32>, now: f64) -> Result<JsValue, JsValue> {
        let changes = self.rec.engine_mut().tabs_open(&open, now as i64);
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// A batch of requests made by a page.
    #[wasm_bindgen(js_name = observeRequests)]
    pub fn observe_requests(&mut self, page_host: &str, requests: JsValue, now: f64) -> Result<JsValue, JsValue> {
        let requests: Vec<RequestObservation> = from_js("requests", requests)?;
        let changes = self.rec.engine_mut().observe_requests(page_host, &requests, now as i64);
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// One page's behaviour facts (`content.behaviour`): `frame` is the
    /// frame's origin when the facts come from a frame.
    #[wasm_bindgen(js_name = observeBehaviour)]
    pub fn observe_behaviour(&mut self, page_host: &str, frame: Option<String>, report: JsValue, now: f64) -> Result<JsValue, JsValue> {
        let report: serde_json::Value = from_js("behaviour report", report)?;
        let report = crate::behaviour::PageReport::from_value(&report).map_err(|e| input_error("behaviour report", e))?;
        let changes = self.rec.engine_mut().observe_behaviour(page_host, frame.as_deref(), &report, now as i64);
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// Journals `site.added` for the site `id` as the configuration holds it.
    #[wasm_bindgen(js_name = siteAdded)]
    pub fn site_added(&mut self, id: &str, now: f64) -> Result<JsValue, JsValue> {
        commit_to_js(&self.rec.site_added(id, now as i64).map_err(js_error)?)
    }

    /// Journals `site.updated` for the site `id` as the configuration holds it.
    #[wasm_bindgen(js_name = siteUpdated)]
    pub fn site_updated(&mut self, id: &str, now: f64) -> Result<JsValue, JsValue> {
        commit_to_js(&self.rec.site_updated(id, now as i64).map_err(js_error)?)
    }

    /// Journals `site.removed` for the site `removeSite` returned.
    #[wasm_bindgen(js_name = siteRemoved)]
    pub fn site_removed(&mut self, site: JsValue, now: f64) -> Result<JsValue, JsValue> {
        commit_to_js(&self.rec.site_removed(&site_from_js(site)?, now as i64).map_err(js_error)?)
    }

    /// Journals `settings.changed`: `{setting, value, source?}` for a known setting.
    #[wasm_bindgen(js_name = settingsChanged)]
    pub fn settings_changed(&mut self, change: JsValue, now: f64) -> Result<JsValue, JsValue> {
        commit_to_js(
            &self
                .rec
                .settings_changed(&by_hand("setting change", change, crate::intents::SettingsChanged::from_value)?, now as i64)
                .map_err(js_error)?,
        )
    }

    /// Journals `export.made` (see `intents::ExportMade`) for the site the export was of.
    #[wasm_bindgen(js_name = exportMade)]
    pub fn export_made(&mut self, site: Option<String>, made: JsValue, now: f64) -> Result<JsValue, JsValue> {
        commit_to_js(
            &self
                .rec
                .export_made(site.as_deref(), &by_hand("export", made, crate::intents::ExportMade::from_value)?, now as i64)
                .map_err(js_error)?,
        )
    }

    /// Journals `export.made` for a diary file (see `intents::DiaryExportMade`).
    #[wasm_bindgen(js_name = diaryExportMade)]
    pub fn diary_export_made(&mut self, made: JsValue, now: f64) -> Result<JsValue, JsValue> {
        commit_to_js(
            &self
                .rec
                .diary_export_made(&by_hand("diary file", made, crate::intents::DiaryExportMade::from_value)?, now as i64)
                .map_err(js_error)?,
        )
    }

    /// Journals `letter.drafted`: `{kind, sha256}`.
    #[wasm_bindgen(js_name = letterDrafted)]
    pub fn letter_drafted(&mut self, site: Option<String>, letter: JsValue, now: f64) -> Result<JsValue, JsValue> {
        commit_to_js(
            &self
                .rec
                .letter_drafted(site.as_deref(), &by_hand("letter", letter, crate::intents::LetterDrafted::from_value)?, now as i64)
                .map_err(js_error)?,
        )
    }

    /// Journals `timestamp.added` for the head as it stands (see
    /// `intents::TimestampAdded`; its fields one by one, so that no field
    /// the core does not know can come along).
    #[wasm_bindgen(js_name = timestampAdded)]
    #[allow(clippy::too_many_arguments)]
    pub fn timestamp_added(
        &mut self,
        head_seq: f64,
        head_hash: String,
        authority: String,
        token: String,
        gen_time: String,
        signer: Option<String>,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let stamp = crate::intents::TimestampAdded { head_seq: head_seq as u64, head_hash, authority, token, gen_time, signer };
        commit_to_js(&self.rec.timestamp_added(&stamp, now as i64).map_err(js_error)?)
    }

    /// Journals `cleanup.requested` for the site `site_id`, its data (JSON
    /// text) as the actions module's `cleanupRequest` shaped it from the plan.
    #[wasm_bindgen(js_name = cleanupRequested)]
    pub fn cleanup_requested(&mut self, site_id: &str, data_json: &str, now: f64) -> Result<JsValue, JsValue> {
        let data = serde_json::from_str(data_json).map_err(|e| input_error("cleanup request", e))?;
        commit_to_js(&self.rec.cleanup_requested_data(site_id, data, now as i64).map_err(js_error)?)
    }

    /// What the content script may read on the page at `url` for the
    /// work-search diary, as `{field: selector}`; `null`: nothing (the
    /// diary is off, or the page is not one the site's rules name).
    #[wasm_bindgen(js_name = diaryFields)]
    pub fn diary_fields(&self, url: &str) -> Result<JsValue, JsValue> {
        let Some(fields) = self.rec.diary_fields(url) else { return Ok(JsValue::NULL) };
        let out = js_sys::Object::new();
        for (name, selector) in fields {
            js_sys::Reflect::set(&out, &JsValue::from_str(name), &JsValue::from_str(selector))?;
        }
        Ok(out.into())
    }

    /// What the content script read on a page (`content.diary`: the page
    /// load's id and the text of the fields it was told to read): the
    /// commit of its `diary.added` entry, or `null` when it is no activity.
    #[wasm_bindgen(js_name = diaryPage)]
    pub fn diary_page(
        &mut self,
        url: &str,
        page: &str,
        title: Option<String>,
        employer: Option<String>,
        reference: Option<String>,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let seen = crate::diary::PageSeen { page: page.to_owned(), title, employer, reference };
        match self.rec.diary_page(url, &seen, now as i64).map_err(js_error)? {
            Some(commit) => commit_to_js(&commit),
            None => Ok(JsValue::NULL),
        }
    }

    /// Journals a diary change the user asked for (`diary.added`,
    /// `diary.edited`, `diary.removed`), its data as the actions module's
    /// `diaryPrepare*` made it.
    #[wasm_bindgen(js_name = diaryRecord)]
    pub fn diary_record(&mut self, kind: &str, data_json: &str, now: f64) -> Result<JsValue, JsValue> {
        let data: serde_json::Value = serde_json::from_str(data_json).map_err(|e| input_error("diary entry data", e))?;
        commit_to_js(&self.rec.diary_record(entry_type(kind)?, data, now as i64).map_err(js_error)?)
    }

    /// The `site.summary` reply for the site `host` belongs to.
    pub fn summary(&self, host: &str) -> Result<JsValue, JsValue> {
        to_js(&self.rec.engine().summary(host).map_err(js_error)?)
    }

    /// The enabled site `host` belongs to, or `null`.
    #[wasm_bindgen(js_name = siteForHost)]
    pub fn site_for_host(&self, host: &str) -> Result<JsValue, JsValue> {
        to_js(&self.rec.engine().config().site_for_host(host))
    }

    /// The configuration, as stored.
    #[wasm_bindgen(js_name = configJson)]
    pub fn config_json(&self) -> String {
        self.stored.write(self.rec.engine().config())
    }

    /// The configuration, as an object for pages.
    pub fn config(&self) -> Result<JsValue, JsValue> {
        to_js(self.rec.engine().config())
    }

    /// Host-permission patterns each enabled site needs.
    #[wasm_bindgen(js_name = permissionOrigins)]
    pub fn permission_origins(&self) -> Result<JsValue, JsValue> {
        to_js(&self.rec.engine().config().permission_origins())
    }

    /// Replaces the configuration with one read from a settings file by the
    /// actions module (`readSettingsFile`), as JSON text.
    #[wasm_bindgen(js_name = setConfigJson)]
    pub fn set_config_json(&mut self, config_json: &str) -> Result<JsValue, JsValue> {
        // Read through a Value, as the stored configuration is, so the module
        // has one reader of the configuration, not two.
        let config: serde_json::Value = serde_json::from_str(config_json).map_err(|e| input_error("configuration", e))?;
        let config: SiteConfig = serde_json::from_value(config).map_err(|e| input_error("configuration", e))?;
        self.rec.set_config(config);
        self.config()
    }

    /// Adds a site typed by the user; returns it.
    #[wasm_bindgen(js_name = addSite)]
    pub fn add_site(&mut self, name: &str, hosts: JsValue) -> Result<JsValue, JsValue> {
        let hosts: Vec<String> = from_js("site addresses", hosts)?;
        let mut config = self.rec.engine().config().clone();
        let site = config.add_site(name, &hosts).map_err(js_error)?.clone();
        self.rec.set_config(config);
        to_js(&site)
    }

    /// Where a site's patterns overlap other sites', and which site gets the
    /// hosts they share (most specific wins).
    #[wasm_bindgen(js_name = siteOverlaps)]
    pub fn site_overlaps(&self, id: &str) -> Result<JsValue, JsValue> {
        to_js(&self.rec.engine().config().overlaps(id))
    }

    /// Adds preset sites by id (first run); returns the configuration.
    #[wasm_bindgen(js_name = choosePresets)]
    pub fn choose_presets(&mut self, ids: JsValue) -> Result<JsValue, JsValue> {
        let ids: Vec<String> = from_js("preset ids", ids)?;
        let mut config = self.rec.engine().config().clone();
        for id in &ids {
            if config.site(id).is_none() {
                config.add_preset(id).map_err(js_error)?;
            }
        }
        config.onboarded = true;
        self.rec.set_config(config);
        self.config()
    }

    /// Replaces one site's editable fields; returns it.
    #[wasm_bindgen(js_name = updateSite)]
    pub fn update_site(&mut self, site: JsValue) -> Result<JsValue, JsValue> {
        let site = site_from_js(site)?;
        let mut config = self.rec.engine().config().clone();
        let site = config.update_site(site).map_err(js_error)?.clone();
        self.rec.set_config(config);
        to_js(&site)
    }

    /// Removes a site and its picture; returns the removed site.
    #[wasm_bindgen(js_name = removeSite)]
    pub fn remove_site(&mut self, id: &str) -> Result<JsValue, JsValue> {
        let mut config = self.rec.engine().config().clone();
        let site = config.remove_site(id).map_err(js_error)?;
        self.rec.set_config(config);
        to_js(&site)
    }

    /// Sets one global setting from its JSON value (see
    /// `SiteConfig::set_option`) and returns the configuration.
    #[wasm_bindgen(js_name = setOption)]
    pub fn set_option(&mut self, name: &str, value_json: &str) -> Result<JsValue, JsValue> {
        let value: serde_json::Value = serde_json::from_str(value_json).map_err(|e| input_error("value", e))?;
        let mut config = self.rec.engine().config().clone();
        config.set_option(name, &value).map_err(js_error)?;
        self.rec.set_config(config);
        self.config()
    }

    /// The journal head.
    #[wasm_bindgen(js_name = headJson)]
    pub fn head_json(&self) -> String {
        serde_json::to_string(self.rec.head()).expect("head serialises")
    }

    /// Every preset, for the first-run and options pages.
    pub fn presets() -> Result<JsValue, JsValue> {
        let list: Vec<serde_json::Value> = presets::PRESETS
            .iter()
            .map(|p| {
                serde_json::json!({
                    "id": p.id, "country": p.country, "name": p.name, "hosts": p.hosts,
                    "source": p.source, "confirmed": p.confirmed,
                })
            })
            .collect();
        to_js(&list)
    }
}

#[wasm_bindgen]
impl Witness {
    /// `Set-Cookie` headers of a response to `response_host`, made by a
    /// page of `page_host`: attributes third-party cookies to that page's
    /// site; `partition_site` is the top-level page's host. Returns the
    /// commit to store.
    #[wasm_bindgen(js_name = observeSetCookie)]
    pub fn observe_set_cookie(
        &mut self,
        page_host: &str,
        response_host: &str,
        headers: Vec<String>,
        partition_site: Option<String>,
        caused_by: JsValue,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let caused_by: crate::state::CausedBy = from_js("request details", caused_by)?;
        let now = now as i64;
        let mut changes = Vec::new();
        for line in headers.iter().flat_map(|h| h.split('\n')) {
            if let Some(mut sc) = crate::set_cookie::read(line, response_host, now) {
                if sc.cookie.partition_key.is_some() {
                    // Browsers key partitions by the top-level *site*.
                    sc.cookie.partition_key = partition_site
                        .as_deref()
                        .and_then(crate::domain::normalize_host)
                        .map(|h| format!("https://{}", crate::domain::registrable_domain(&h)));
                }
                changes.extend(self.rec.engine_mut().observe_set_cookie_header(page_host, &sc, &caused_by, now));
            }
        }
        commit_to_js(&self.rec.commit(changes, now).map_err(js_error)?)
    }
}

#[wasm_bindgen]
impl Witness {
    /// Host permissions a new site at `host` needs (its registrable domain
    /// and subdomains), or an empty list for a host that is not valid.
    #[wasm_bindgen(js_name = originsForHost)]
    pub fn origins_for_host(host: &str) -> Result<JsValue, JsValue> {
        let origins: Vec<String> = crate::domain::normalize_host(host)
            .map(|h| vec![format!("*://*.{}/*", crate::domain::registrable_domain(&h))])
            .unwrap_or_default();
        to_js(&origins)
    }
}

#[wasm_bindgen]
impl Witness {
    /// Validates host patterns typed by the user and returns the host
    /// permissions they need; throws `InvalidPattern` with a message.
    #[wasm_bindgen(js_name = checkHosts)]
    pub fn check_hosts(&self, hosts: JsValue) -> Result<JsValue, JsValue> {
        let hosts: Vec<String> = from_js("site addresses", hosts)?;
        let mut probe = self.rec.engine().config().clone();
        let site = probe.add_site("check", &hosts).map_err(js_error)?;
        to_js(&site.permission_origins())
    }
}

#[wasm_bindgen]
impl Witness {
    /// Classifies a request from a page of `page_host` to `host` without
    /// recording it: the vendor id the catalog attributes it to, or
    /// `undefined`. Plain strings in and out, so the boundary costs little.
    #[wasm_bindgen(js_name = classifyRequest)]
    pub fn classify_request(&self, page_host: &str, host: &str, request_type: &str) -> Option<String> {
        let request_type = self::request_type(request_type);
        let obs = crate::model::Observation::Request(crate::model::RequestObservation {
            host: host.to_owned(),
            request_type,
            path: String::new(),
            page_host: page_host.to_owned(),
            filter_match: None,
        });
        self.rec.engine().classify(page_host, &obs)?.vendor
    }

    /// Classifies a batch of requests from a page of the watched site
    /// `page_host` (the content script reports them in batches) without
    /// recording them. The hosts come packed as UTF-8 bytes, one per line,
    /// so the batch crosses the boundary as one copy; the answer has, host
    /// by host, the position in [`Witness::vendor_ids`] of the vendor the
    /// catalog attributes it to plus one, or 0 when unknown (empty when
    /// `page_host` is not watched).
    #[wasm_bindgen(js_name = classifyRequests)]
    pub fn classify_requests(&self, page_host: &str, hosts: &[u8]) -> Vec<u16> {
        if self.rec.engine().context_for_host(page_host).is_none() {
            return Vec::new();
        }
        crate::classify::request_vendor_batch(hosts)
    }

    /// Every vendor id in catalog order: what the positions
    /// [`Witness::classify_requests`] answers with stand for.
    #[wasm_bindgen(js_name = vendorIds)]
    pub fn vendor_ids() -> Result<JsValue, JsValue> {
        let ids: Vec<&str> = crate::catalog::catalog().vendors().iter().map(|v| v.id).collect();
        to_js(&ids)
    }

    /// Every domain the catalog attributes to a vendor, with the vendor id.
    #[wasm_bindgen(js_name = vendorDomains)]
    pub fn vendor_domains() -> Result<JsValue, JsValue> {
        let list: Vec<(&str, &str)> =
            crate::catalog::catalog().vendors().iter().flat_map(|v| v.domains.iter().map(move |d| (*d, v.id))).collect();
        to_js(&list)
    }
}

#[wasm_bindgen]
impl Witness {
    /// Reconciles the pictures with every cookie the browser holds now for
    /// the watched sites (see `Engine::reconcile_cookies`).
    #[wasm_bindgen(js_name = reconcileCookies)]
    pub fn reconcile_cookies(&mut self, cookies: JsValue, now: f64) -> Result<JsValue, JsValue> {
        let cookies: Vec<CookieObservation> = from_js("cookies", cookies)?;
        let changes = self.rec.engine_mut().reconcile_cookies(&cookies, now as i64);
        commit_to_js(&self.rec.commit(changes, now as i64).map_err(js_error)?)
    }

    /// The `site.summary` of every enabled site (or of one site id).
    pub fn summaries(&self, site_id: Option<String>) -> Result<JsValue, JsValue> {
        let engine = self.rec.engine();
        let list: Vec<_> = engine
            .config()
            .sites
            .iter()
            .filter(|s| s.enabled && site_id.as_deref().is_none_or(|id| id == s.id))
            .filter_map(|s| engine.summary_by_id(&s.id).ok())
            .collect();
        to_js(&list)
    }

    /// Journals "Record evidence now": the SHA-256 of the screenshot and the
    /// site's current findings. Returns `{commit, sha256}`.
    #[wasm_bindgen(js_name = recordEvidence)]
    pub fn record_evidence(&mut self, host: &str, page_url: &str, image: &[u8], now: f64) -> Result<JsValue, JsValue> {
        let (commit, sha256) = self.rec.evidence_recorded(host, page_url, image, now as i64).map_err(js_error)?;
        to_js(&CommitWith { commit, sha256 })
    }

    /// Journals `cleanup.result` for the site `site_id`, its data (JSON
    /// text) as the actions module's `judgeCleanup` judged the cleanup that
    /// ran from `started` to `finished`; the data is checked first.
    #[wasm_bindgen(js_name = cleanupResult)]
    pub fn cleanup_result(&mut self, site_id: &str, data_json: &str, started: f64, finished: f64) -> Result<JsValue, JsValue> {
        let data = serde_json::from_str(data_json).map_err(|e| input_error("cleanup result", e))?;
        commit_to_js(&self.rec.cleanup_result_data(site_id, data, started as i64, finished as i64).map_err(js_error)?)
    }

    /// Starts a cleared journal with the checkpoint carrying the chain on.
    pub fn archive(&mut self, archived_count: f64, now: f64) -> Result<JsValue, JsValue> {
        to_js(&self.rec.archive(archived_count as u64, now as i64).map_err(js_error)?)
    }
}

/// Two-phase commits (see `recorder`): every commit returned above is
/// pending until the extension has stored it.
#[wasm_bindgen]
impl Witness {
    /// The store has the commit whose head is `seq`.
    pub fn confirm(&mut self, seq: f64) -> Result<(), JsValue> {
        self.rec.confirm(seq as u64).map_err(js_error)
    }

    /// The store refused the pending commit; the head stays as it was.
    pub fn abort(&mut self) {
        self.rec.abort();
    }

    /// Whether this handle must be replaced by one rebuilt from the store.
    #[wasm_bindgen(js_name = isStale)]
    pub fn is_stale(&self) -> bool {
        self.rec.is_stale()
    }
}

#[wasm_bindgen]
impl Witness {
    /// Registrable domains of the enabled sites, for asking the browser for
    /// their cookies.
    #[wasm_bindgen(js_name = watchedDomains)]
    pub fn watched_domains(&self) -> Vec<String> {
        self.rec.engine().config().watched_domains()
    }
}

#[wasm_bindgen]
impl Witness {
    /// What the actions module's `planCleanup` needs to plan the cleanup
    /// of the site `host` belongs to, as JSON text (see `cleanup::plan_input`).
    #[wasm_bindgen(js_name = cleanupInput)]
    pub fn cleanup_input(&self, host: &str) -> Result<String, JsValue> {
        crate::cleanup::plan_input(self.rec.engine(), host).map_err(js_error)
    }

    /// Whether an automatic cleanup of site `site_id` is due on `event`
    /// (`last-tab-closed`, `idle-check`, `browser-start`), given when it was
    /// last cleaned (epoch ms), if ever.
    #[wasm_bindgen(js_name = autoCleanDue)]
    pub fn auto_clean_due(&self, site_id: &str, event: JsValue, now: f64, last_cleaned: Option<f64>) -> Result<bool, JsValue> {
        let event: crate::cleanup::AutoEvent = from_js("automatic cleanup event", event)?;
        let engine = self.rec.engine();
        let Some(site) = engine.config().site(site_id) else { return Ok(false) };
        // Activity counts only when it came after the last cleanup.
        let activity = engine.last_activity(site_id).filter(|t| last_cleaned.is_none_or(|c| *t > c as i64));
        Ok(crate::cleanup::auto_clean_due(site, event, now as i64, activity))
    }

    /// The ids of enabled sites whose automatic mode is not off.
    #[wasm_bindgen(js_name = autoCleanSites)]
    pub fn auto_clean_sites(&self) -> Vec<String> {
        self.rec
            .engine()
            .config()
            .sites
            .iter()
            .filter(|s| s.enabled && s.auto_clean != crate::sites::AutoClean::Off)
            .map(|s| s.id.clone())
            .collect()
    }
}

fn request_type(name: &str) -> crate::model::RequestType {
    use crate::model::RequestType;
    match name {
        "script" => RequestType::Script,
        "beacon" => RequestType::Beacon,
        "image" => RequestType::Image,
        "xhr" => RequestType::Xhr,
        "frame" => RequestType::Frame,
        _ => RequestType::Other,
    }
}

#[wasm_bindgen]
impl Witness {
    /// Journals the creation of the signing key pair from its public key
    /// (base64url of the raw 32 bytes). Returns the commit to store.
    #[wasm_bindgen(js_name = keyCreated)]
    pub fn key_created(&mut self, public_key: &str, now: f64) -> Result<JsValue, JsValue> {
        to_js(&self.rec.key_created(public_key, now as i64).map_err(js_error)?)
    }

    /// Journals a receipt. Returns `{commit, receipt: {seq, hash, time,
    /// fingerprint, shortHash, line}}`.
    #[wasm_bindgen(js_name = issueReceipt)]
    pub fn issue_receipt(&mut self, public_key: &str, now: f64) -> Result<JsValue, JsValue> {
        let (commit, receipt) = self.rec.receipt_issued(public_key, now as i64).map_err(js_error)?;
        to_js(&serde_json::json!({ "commit": commit, "receipt": receipt }))
    }
}
