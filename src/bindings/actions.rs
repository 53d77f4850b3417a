//! The actions module: work done only when the user acts — evidence files
//! made from a journal the extension passes in, letters, planning and
//! judging a cleanup (the main module checks and journals the verdict),
//! reading a settings file. Built with `--features actions-module` into its
//! own wasm, loaded the first time it is needed. Nothing here keeps state.

use wasm_bindgen::prelude::*;

use super::{from_js, input_error, install_panic_hook, js_error, to_js};

/// Makes an evidence export. `input` is the `ExportInput` as UTF-8 JSON
/// bytes (the browser's `TextEncoder` writes tens of megabytes far faster
/// than a string can be copied in character by character); `labels` maps
/// report label keys to the user's language. Returns `{bytes, count,
/// omitted, firstSeq, lastSeq, headHash}`, `bytes` the file as a UTF-8 `Uint8Array`.
#[wasm_bindgen(js_name = exportEvidence)]
pub fn export_evidence(format: &str, input: &[u8], lang: &str, labels: JsValue) -> Result<JsValue, JsValue> {
    install_panic_hook();
    // Growing wasm memory costs the JS engine a garbage collection each
    // time, and the allocator grows it 64 KiB at a time: a 100k-entry
    // export took a minute that way. Growing once, up front, by about what
    // the parsed journal and the output will need, and handing it back to
    // the allocator, makes it a second.
    drop(Vec::<u8>::with_capacity(input.len().saturating_mul(3)));
    let input: crate::export::ExportInput = serde_json::from_slice(input).map_err(|e| input_error("export input", e))?;
    let text = match format {
        "json" => crate::export::to_json(&input),
        "csv" => crate::export::to_csv(&input),
        "har" => crate::export::to_har(&input),
        "html" => {
            let map: std::collections::HashMap<String, String> = from_js("report labels", labels)?;
            crate::export::to_html(&input, &crate::export::Labels::new(lang, map))
        }
        other => return Err(input_error("export format", format!("{other:?} is not json, csv, html or har"))),
    };
    let (count, omitted) = input.selected_counts();
    // The file goes to JS as UTF-8 bytes of its own: wrapping it in a JSON
    // document would escape and re-parse tens of megabytes, and a page can
    // save bytes as a file without decoding them.
    let out = js_sys::Object::new();
    let set = |key: &str, value: JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(key), &value).map(|_| ());
    set("bytes", js_sys::Uint8Array::from(text.as_bytes()).into())?;
    // A HAR file carries no chain of its own, so the log records its hash.
    if format == "har" {
        set("sha256", JsValue::from_str(&crate::journal::sha256_hex(text.as_bytes())))?;
    }
    drop(text);
    set("count", JsValue::from_f64(count as f64))?;
    set("omitted", JsValue::from_f64(omitted as f64))?;
    let (first_seq, last_seq, head_hash) = input.selected_span();
    set("firstSeq", first_seq.map_or(JsValue::NULL, |s| JsValue::from_f64(s as f64)))?;
    set("lastSeq", last_seq.map_or(JsValue::NULL, |s| JsValue::from_f64(s as f64)))?;
    set("headHash", JsValue::from_str(&head_hash))?;
    Ok(out.into())
}

/// A JSON evidence export in two steps, for signing in between:
/// `ExportJob.json(input)` writes the body (the same input bytes as
/// [`export_evidence`], with `signerPublicKey` set to sign); `toSign()` is
/// the canonical signed header to sign with the installation's Ed25519 key;
/// `finish(signature)` appends the signature (base64url, or `null` for an
/// unsigned file) and returns the file's UTF-8 bytes.
#[wasm_bindgen]
pub struct ExportJob(Option<crate::export::PreparedJson>, (Option<u64>, Option<u64>, String));

#[wasm_bindgen]
impl ExportJob {
    /// Step 1: the file's body from the export input bytes.
    pub fn json(input: &[u8]) -> Result<ExportJob, JsValue> {
        install_panic_hook();
        drop(Vec::<u8>::with_capacity(input.len().saturating_mul(3)));
        let input: crate::export::ExportInput = serde_json::from_slice(input).map_err(|e| input_error("export input", e))?;
        let span = input.selected_span();
        crate::export::prepare_json(&input).map(|p| ExportJob(Some(p), span)).map_err(js_error)
    }

    /// The signed header's text (sign its UTF-8 bytes); `undefined` when the
    /// input named no `signerPublicKey`.
    #[wasm_bindgen(js_name = toSign)]
    pub fn to_sign(&self) -> Option<String> {
        self.0.as_ref().and_then(|p| p.to_sign()).map(str::to_owned)
    }

    /// Entries shown in full.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> f64 {
        self.0.as_ref().map_or(0.0, |p| p.counts().0 as f64)
    }

    /// Entries withheld (omitted stubs).
    #[wasm_bindgen(getter)]
    pub fn omitted(&self) -> f64 {
        self.0.as_ref().map_or(0.0, |p| p.counts().1 as f64)
    }

    /// Seq of the file's first entry (`null` for an empty one).
    #[wasm_bindgen(getter, js_name = firstSeq)]
    pub fn first_seq(&self) -> Option<f64> {
        self.1 .0.map(|s| s as f64)
    }

    /// Seq of the file's last entry (`null` for an empty one).
    #[wasm_bindgen(getter, js_name = lastSeq)]
    pub fn last_seq(&self) -> Option<f64> {
        self.1 .1.map(|s| s as f64)
    }

    /// The file's head hash.
    #[wasm_bindgen(getter, js_name = headHash)]
    pub fn head_hash(&self) -> String {
        self.1 .2.clone()
    }

    /// Step 2: the whole file as UTF-8 bytes; `signature` is base64url of
    /// the 64-byte signature over `toSign()`, or `null` for an unsigned
    /// file. A signature that does not verify is refused. Once only.
    pub fn finish(&mut self, signature: Option<String>) -> Result<js_sys::Uint8Array, JsValue> {
        let job = self.0.take().ok_or_else(|| input_error("export job", "it was finished already"))?;
        let text = job.finish(signature.as_deref()).map_err(js_error)?;
        Ok(js_sys::Uint8Array::from(text.as_bytes()))
    }
}

/// The keys of the HTML report's labels; the extension looks each up in
/// its `_locales` as `report_<key>`.
#[wasm_bindgen(js_name = reportLabelKeys)]
pub fn report_label_keys() -> Vec<String> {
    crate::export::Labels::DEFAULTS.iter().map(|(k, _)| (*k).to_owned()).collect()
}

/// Plans a cleanup (see `cleanup::plan`) from what the main module's
/// `cleanupInput` wrote; `options` as the confirmation dialog chose them.
/// Nothing is journaled: the main module's `cleanupRequested` does that.
#[wasm_bindgen(js_name = planCleanup)]
pub fn plan_cleanup(input_json: &str, options: JsValue, now: f64) -> Result<JsValue, JsValue> {
    let input = crate::cleanup::PlanInput::read(input_json).map_err(js_error)?;
    let options: crate::cleanup::PlanOptions =
        if options.is_undefined() || options.is_null() { Default::default() } else { from_js("cleanup options", options)? };
    to_js(&input.plan(now as i64, &options))
}

/// The `cleanup.requested` data for a plan (JSON text in and out), for the
/// main module's `cleanupRequested`.
#[wasm_bindgen(js_name = cleanupRequest)]
pub fn cleanup_request(plan_json: &str) -> Result<String, JsValue> {
    let plan: crate::cleanup::CleanupPlan = serde_json::from_str(plan_json).map_err(|e| input_error("cleanup plan", e))?;
    Ok(crate::cleanup::requested_entry(&plan).to_string())
}

/// Judges a cleanup's outcome against its plan (both JSON text): returns
/// `{data, summary}`, `data` the `cleanup.result` data as JSON text for the
/// main module's `cleanupResult`, `summary` what the popup shows.
#[wasm_bindgen(js_name = judgeCleanup)]
pub fn judge_cleanup(plan_json: &str, outcome_json: &str, started: f64, finished: f64) -> Result<JsValue, JsValue> {
    #[derive(serde::Serialize)]
    struct Judged {
        data: String,
        summary: crate::cleanup::ResultSummary,
    }
    let plan: crate::cleanup::CleanupPlan = serde_json::from_str(plan_json).map_err(|e| input_error("cleanup plan", e))?;
    let outcome = crate::cleanup::parse_outcome(outcome_json).map_err(js_error)?;
    let (data, summary) = crate::cleanup::result_entry(&plan, &outcome, started as i64, finished as i64).map_err(js_error)?;
    to_js(&Judged { data: data.to_string(), summary })
}

/// The configuration (as the main module's `configJson` stores it) as a
/// versioned settings file.
#[wasm_bindgen(js_name = settingsFile)]
pub fn settings_file(config_json: &str) -> Result<String, JsValue> {
    let stored = crate::sites::StoredConfig::read(config_json).map_err(|e| input_error("configuration", e))?;
    Ok(stored.config.to_settings_file())
}

/// The public-key file the options page saves for an adviser.
#[wasm_bindgen(js_name = publicKeyFile)]
pub fn public_key_file(public_key: &str, created_at: Option<f64>) -> Result<String, JsValue> {
    crate::receipt::public_key_file(public_key, created_at.map(|t| t as i64)).map_err(js_error)
}

/// Reads a settings file, refusing anything malformed or from a newer
/// version; returns the configuration as JSON text for the main module.
/// `catalog.lookup`: names (a JSON array of strings) -> the Open Cookie
/// Database's listings of them (a JSON array), see catalog::open_cookie_db.
#[wasm_bindgen(js_name = lookUpOpenCookieDb)]
pub fn look_up_open_cookie_db(names_json: &str) -> Result<String, JsValue> {
    let names: Vec<String> = serde_json::from_str(names_json).map_err(|e| input_error("names", e))?;
    serde_json::to_string(&crate::catalog::open_cookie_db::look_up(&names)).map_err(|e| input_error("listings", e))
}

#[wasm_bindgen(js_name = readSettingsFile)]
pub fn read_settings_file(text: &str) -> Result<String, JsValue> {
    install_panic_hook();
    let config = crate::sites::SiteConfig::from_settings_file(text).map_err(js_error)?;
    serde_json::to_string(&config).map_err(|e| input_error("settings", e))
}

/// Drafts a letter from the evidence (`letter.draft`). `input_json` is the
/// core's `LetterInput`; `texts` maps the letter's text keys (see
/// [`letter_text_keys`]) and `category_*` names to the user's language.
/// Returns the `Letter`: `{kind, site, text, html, headHash, sha256}`.
#[wasm_bindgen(js_name = draftLetter)]
pub fn draft_letter(input_json: &str, lang: &str, texts: JsValue) -> Result<JsValue, JsValue> {
    install_panic_hook();
    let input: crate::letters::LetterInput = serde_json::from_str(input_json).map_err(|e| input_error("letter input", e))?;
    let map: std::collections::HashMap<String, String> = from_js("letter texts", texts)?;
    to_js(&crate::letters::draft(&input, &crate::letters::Texts::new(lang, map)).map_err(js_error)?)
}

/// The keys of the letters' texts; the extension looks each up in its
/// `_locales` as `letter_<key>`.
#[wasm_bindgen(js_name = letterTextKeys)]
pub fn letter_text_keys() -> Vec<String> {
    crate::letters::Texts::DEFAULTS.iter().map(|(k, _)| (*k).to_owned()).collect()
}

/// Reads a settings file and says what importing it would change against
/// `current_json` (the configuration in force): returns
/// `{config, diff}` as JSON text, `config` itself as JSON text for the main
/// module, `diff` a `SettingsDiff`.
#[wasm_bindgen(js_name = previewSettingsFile)]
pub fn preview_settings_file(current_json: &str, text: &str) -> Result<String, JsValue> {
    install_panic_hook();
    let current: crate::sites::SiteConfig = serde_json::from_str(current_json).map_err(|e| input_error("configuration", e))?;
    let config = crate::sites::SiteConfig::from_settings_file(text).map_err(js_error)?;
    let diff = current.diff_to(&config);
    let config = serde_json::to_string(&config).map_err(|e| input_error("settings", e))?;
    serde_json::to_string(&serde_json::json!({ "config": config, "diff": diff })).map_err(|e| input_error("settings", e))
}

/// Checks an evidence file someone sent (the log page's "Check a file"):
/// the same checks as `tw-verify`, in one pass over the bytes. Returns the
/// outcome as JSON text (see `export::check_summary`).
#[wasm_bindgen(js_name = checkEvidence)]
pub fn check_evidence(bytes: &[u8]) -> String {
    install_panic_hook();
    crate::export::check_summary(bytes).to_string()
}

/// Checks a case file (`.zip`) someone sent, as `tw-verify FILE.zip` does:
/// the signed manifest, every file in it, the evidence inside. Returns the
/// outcome as JSON text (see `export::casefile::case_file_summary`).
#[wasm_bindgen(js_name = checkCaseFile)]
pub fn check_case_file(bytes: &[u8]) -> String {
    install_panic_hook();
    crate::export::casefile::check_case_file_summary(bytes).to_string()
}

/// A streamed export (JSON or CSV) in two passes over the journal's
/// chunks, each chunk as the store keeps it (entries as UTF-8 JSON
/// separated by commas):
/// `new ExportStreamJob(format, head)` with `head` the export input bytes
/// without `entries`; `plan(chunk)` for every chunk in order;
/// `begin(screenshots)` returns the file's first bytes; `toSign()` the signed header (JSON with
/// a `signerPublicKey`); `push(chunk)` for every chunk again returns the
/// bytes for it; `finish(signature)` the last bytes, refusing if the
/// journal changed between the passes. Wasm memory holds one chunk.
#[wasm_bindgen]
pub struct ExportStreamJob {
    format: crate::export::StreamFormat,
    head: crate::export::ExportInput,
    planner: Option<crate::export::Planner>,
    stream: Option<crate::export::ExportStream>,
    span: Option<crate::export::Span>,
}

#[wasm_bindgen]
impl ExportStreamJob {
    /// Starts planning an export of `format` (`json` or `csv`).
    #[wasm_bindgen(constructor)]
    pub fn new(format: &str, head: &[u8]) -> Result<ExportStreamJob, JsValue> {
        install_panic_hook();
        let format = crate::export::StreamFormat::parse(format)
            .ok_or_else(|| input_error("export format", format!("{format:?} cannot be streamed: json or csv")))?;
        let head: crate::export::ExportInput = serde_json::from_slice(head).map_err(|e| input_error("export input", e))?;
        let planner = Some(crate::export::Planner::new(&head.filter, &head.prev_hash));
        Ok(ExportStreamJob { format, head, planner, stream: None, span: None })
    }

    /// Pass 1: reads one chunk.
    pub fn plan(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let planner = self.planner.as_mut().ok_or_else(|| input_error("export job", "planning is over"))?;
        planner.scan(chunk).map_err(js_error)
    }

    /// Pass 1 without reading a chunk, for an export with no filter: the
    /// chunk's first and last seqs, its first entry's `prevHash` and the
    /// screenshots it names, as the store keeps them. Never the last chunk.
    #[wasm_bindgen(js_name = planSummary)]
    pub fn plan_summary(&mut self, first: f64, last: f64, prev_hash: &str, shots: Vec<String>) -> Result<(), JsValue> {
        let planner = self.planner.as_mut().ok_or_else(|| input_error("export job", "planning is over"))?;
        planner.summary(first as u64, last as u64, prev_hash, shots).map_err(js_error)
    }

    /// Ends pass 1; returns the file's first bytes. `screenshots` is a
    /// JSON object (UTF-8) of the screenshot data URLs by hash, for the
    /// hashes the chunks' entries name (empty to keep the head's).
    pub fn begin(&mut self, screenshots: &[u8]) -> Result<js_sys::Uint8Array, JsValue> {
        if !screenshots.is_empty() {
            self.head.screenshots = serde_json::from_slice(screenshots).map_err(|e| input_error("screenshots", e))?;
        }
        let planner = self.planner.take().ok_or_else(|| input_error("export job", "it has begun already"))?;
        let (stream, text) =
            crate::export::ExportStream::start(self.format, &self.head, planner.finish().map_err(js_error)?).map_err(js_error)?;
        self.span = Some(stream.span().clone());
        self.stream = Some(stream);
        Ok(js_sys::Uint8Array::from(text.as_bytes()))
    }

    /// The signed header's text; `undefined` for a CSV or an unsigned file.
    #[wasm_bindgen(js_name = toSign)]
    pub fn to_sign(&self) -> Option<String> {
        self.stream.as_ref().and_then(|s| s.to_sign()).map(str::to_owned)
    }

    /// Pass 2: the bytes for one chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<js_sys::Uint8Array, JsValue> {
        let stream = self.stream.as_mut().ok_or_else(|| input_error("export job", "begin() first"))?;
        let mut out = String::with_capacity(chunk.len() + chunk.len() / 8);
        stream.push(chunk, &mut out).map_err(js_error)?;
        Ok(js_sys::Uint8Array::from(out.as_bytes()))
    }

    /// The last bytes; `signature` base64url over `toSign()` or `null`.
    pub fn finish(&mut self, signature: Option<String>) -> Result<js_sys::Uint8Array, JsValue> {
        let stream = self.stream.take().ok_or_else(|| input_error("export job", "not begun, or finished already"))?;
        let text = stream.finish(signature.as_deref()).map_err(js_error)?;
        Ok(js_sys::Uint8Array::from(text.as_bytes()))
    }

    fn span(&self) -> Result<&crate::export::Span, JsValue> {
        self.span.as_ref().ok_or_else(|| input_error("export job", "begin() first"))
    }

    /// Entries shown in full (after `begin()`).
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> Result<f64, JsValue> {
        self.span().map(|s| (s.count - s.omitted) as f64)
    }

    /// Entries withheld (omitted stubs).
    #[wasm_bindgen(getter)]
    pub fn omitted(&self) -> Result<f64, JsValue> {
        self.span().map(|s| s.omitted as f64)
    }

    /// Seq of the file's first entry (`null` for an empty one).
    #[wasm_bindgen(getter, js_name = firstSeq)]
    pub fn first_seq(&self) -> Result<Option<f64>, JsValue> {
        self.span().map(|s| s.first_seq.map(|x| x as f64))
    }

    /// Seq of the file's last entry (`null` for an empty one).
    #[wasm_bindgen(getter, js_name = lastSeq)]
    pub fn last_seq(&self) -> Result<Option<f64>, JsValue> {
        self.span().map(|s| s.last_seq.map(|x| x as f64))
    }

    /// The file's head hash.
    #[wasm_bindgen(getter, js_name = headHash)]
    pub fn head_hash(&self) -> Result<String, JsValue> {
        self.span().map(|s| s.head_hash.clone())
    }
}

/// Bytes of wasm memory the actions module holds now (it never shrinks,
/// so after an export this is its peak).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The machine line that ends every receipt, `tw-receipt:1:<seq>:<hash>`
/// (a case file writes each receipt the journal holds again).
/// The RFC 3161 request for the head hash `head_hash`, with a nonce the
/// caller drew (8 random bytes): `{query, nonce}`, both `Uint8Array`s;
/// `nonce` is what was sent, to hand to [`timestamp_reply`].
#[wasm_bindgen(js_name = timestampQuery)]
pub fn timestamp_query(head_hash: &str, nonce: &[u8]) -> Result<JsValue, JsValue> {
    let (query, sent) = crate::timestamp::request(head_hash, nonce).map_err(|e| input_error("timestamp request", e))?;
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"query".into(), &js_sys::Uint8Array::from(query.as_slice()).into())?;
    js_sys::Reflect::set(&out, &"nonce".into(), &js_sys::Uint8Array::from(sent.as_slice()).into())?;
    Ok(out.into())
}

/// Reads the authority's reply to [`timestamp_query`]: `{token, genTime,
/// signer, serial}` (`token` standard base64), or an error named
/// `TimestampRefused` saying why it is not a timestamp of that hash.
#[wasm_bindgen(js_name = timestampReply)]
pub fn timestamp_reply(reply: &[u8], head_hash: &str, nonce: &[u8]) -> Result<JsValue, JsValue> {
    let (token, stamp) = crate::timestamp::read_reply(reply, head_hash, nonce).map_err(|p| {
        let err = js_sys::Error::new(&p.to_string());
        err.set_name("TimestampRefused");
        JsValue::from(err)
    })?;
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Read {
        token: String,
        gen_time: String,
        signer: String,
        serial: String,
    }
    to_js(&Read { token: crate::timestamp::base64_encode(&token), gen_time: stamp.gen_time, signer: stamp.signer, serial: stamp.serial })
}

#[wasm_bindgen(js_name = receiptLine)]
pub fn receipt_line(seq: f64, hash: &str) -> String {
    crate::receipt::receipt_line(seq as u64, hash)
}

/// A case file (one `.zip`, see `export::casefile`) written a file at a
/// time: `new CaseFileJob(generatedAt, name, version)`; `start(name)` and
/// `write(bytes)` (or `add(name, bytes)`, `addScreenshot(sha256, dataUrl)`)
/// for each file, each returning the zip's bytes made since the last call;
/// `toSign(headHash, publicKey)` the manifest's text to sign;
/// `finish(headHash, publicKey, signature)` the last bytes, as
/// `{bytes, manifestSha256}`. Wasm memory holds one chunk.
#[wasm_bindgen]
pub struct CaseFileJob(crate::export::casefile::CaseFileWriter);

#[wasm_bindgen]
impl CaseFileJob {
    /// A case file made at `generated_at` (epoch ms) by `name` `version`.
    #[wasm_bindgen(constructor)]
    pub fn new(generated_at: f64, name: String, version: String) -> CaseFileJob {
        install_panic_hook();
        let generator = crate::export::casefile::ManifestGenerator { name, version };
        CaseFileJob(crate::export::casefile::CaseFileWriter::new(generated_at as i64, generator))
    }

    fn output(&mut self) -> js_sys::Uint8Array {
        js_sys::Uint8Array::from(self.0.take().as_slice())
    }

    /// Begins the file `name`.
    pub fn start(&mut self, name: &str) -> Result<js_sys::Uint8Array, JsValue> {
        self.0.start(name).map_err(js_error)?;
        Ok(self.output())
    }

    /// Appends to the file begun last.
    pub fn write(&mut self, bytes: &[u8]) -> Result<js_sys::Uint8Array, JsValue> {
        self.0.write(bytes).map_err(js_error)?;
        Ok(self.output())
    }

    /// A whole file.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<js_sys::Uint8Array, JsValue> {
        self.0.add(name, bytes).map_err(js_error)?;
        Ok(self.output())
    }

    /// A screenshot from the data URL the store keeps under `sha256`.
    #[wasm_bindgen(js_name = addScreenshot)]
    pub fn add_screenshot(&mut self, sha256: &str, data_url: &str) -> Result<js_sys::Uint8Array, JsValue> {
        self.0.add_screenshot(sha256, data_url).map_err(js_error)?;
        Ok(self.output())
    }

    /// The manifest's signed text (sign its UTF-8 bytes).
    #[wasm_bindgen(js_name = toSign)]
    pub fn manifest_text(&mut self, head_hash: &str, public_key: &str) -> Result<String, JsValue> {
        self.0.manifest_text(head_hash, public_key).map_err(js_error)
    }

    /// The manifest and the zip's end: `{bytes, manifestSha256}`.
    /// `public_key` and `signature` (base64url) both, or neither for an
    /// unsigned manifest.
    pub fn finish(&mut self, head_hash: &str, public_key: Option<String>, signature: Option<String>) -> Result<JsValue, JsValue> {
        let signed = match (&public_key, &signature) {
            (Some(k), Some(s)) => Some((k.as_str(), s.as_str())),
            (None, None) => None,
            _ => return Err(input_error("case file", "give both the public key and the signature, or neither")),
        };
        let (bytes, sha) = self.0.finish(head_hash, signed).map_err(js_error)?;
        let out = js_sys::Object::new();
        js_sys::Reflect::set(&out, &"bytes".into(), &js_sys::Uint8Array::from(bytes.as_slice()))?;
        js_sys::Reflect::set(&out, &"manifestSha256".into(), &sha.into())?;
        Ok(out.into())
    }
}

fn diary_book(entries: &[u8]) -> Result<crate::diary::book::Book, JsValue> {
    let entries: Vec<crate::journal::Entry> = serde_json::from_slice(entries).map_err(|e| input_error("diary entries", e))?;
    Ok(crate::diary::book::Book::from_entries(&entries))
}

/// `diary.list`: the diary from its journal entries (a JSON array as UTF-8
/// bytes) for the days `from`..`to`: `{entries, removed, weeks}`.
#[wasm_bindgen(js_name = diaryList)]
pub fn diary_list(entries: &[u8], from: Option<String>, to: Option<String>) -> Result<JsValue, JsValue> {
    install_panic_hook();
    let (from, to) = crate::diary::period(from, to).map_err(js_error)?;
    to_js(&diary_book(entries)?.list(from.as_deref(), to.as_deref()))
}

/// The data of the `diary.added` entry for what the user adds
/// (`{kind, ...details}` as JSON text), checked; as JSON text.
#[wasm_bindgen(js_name = diaryPrepareAdd)]
pub fn diary_prepare_add(activity_json: &str) -> Result<String, JsValue> {
    let activity: serde_json::Value = serde_json::from_str(activity_json).map_err(|e| input_error("activity", e))?;
    Ok(crate::diary::prepare_add(activity).map_err(js_error)?.to_string())
}

/// The data of the `diary.edited` entry for changes (JSON text) to entry
/// `id`, checked against the diary's journal entries; as JSON text.
#[wasm_bindgen(js_name = diaryPrepareEdit)]
pub fn diary_prepare_edit(entries: &[u8], id: f64, changes_json: &str, reason: &str) -> Result<String, JsValue> {
    let id = crate::diary::entry_id(id).map_err(js_error)?;
    let changes: serde_json::Value = serde_json::from_str(changes_json).map_err(|e| input_error("changes", e))?;
    let changes = crate::diary::Details::from_value(&changes).map_err(js_error)?;
    Ok(crate::diary::prepare_edit(&diary_book(entries)?, id, changes, reason).map_err(js_error)?.to_string())
}

/// The data of the `diary.removed` entry for removing entry `id`, checked
/// against the diary's journal entries; as JSON text.
#[wasm_bindgen(js_name = diaryPrepareRemove)]
pub fn diary_prepare_remove(entries: &[u8], id: f64, reason: &str) -> Result<String, JsValue> {
    let id = crate::diary::entry_id(id).map_err(js_error)?;
    Ok(crate::diary::prepare_remove(&diary_book(entries)?, id, reason).map_err(js_error)?.to_string())
}

/// The diary's file: `format` `"html"` (the weekly summary) or `"csv"`.
/// Returns `{bytes, sha256, count}`.
#[wasm_bindgen(js_name = diaryExport)]
pub fn diary_export(
    format: &str,
    entries: &[u8],
    from: Option<String>,
    to: Option<String>,
    lang: &str,
    labels: JsValue,
    now: f64,
) -> Result<JsValue, JsValue> {
    install_panic_hook();
    let (from, to) = crate::diary::period(from, to).map_err(js_error)?;
    let listing = diary_book(entries)?.list(from.as_deref(), to.as_deref());
    let text = match format {
        "csv" => crate::diary::export::to_csv(&listing),
        "html" => {
            let map: std::collections::HashMap<String, String> = from_js("diary labels", labels)?;
            let labels = crate::diary::export::DiaryLabels::new(lang, map);
            crate::diary::export::to_html(&listing, &labels, &crate::time::rfc3339(now as i64), from.as_deref(), to.as_deref())
        }
        other => return Err(input_error("diary format", format!("{other:?} is not html or csv"))),
    };
    let out = js_sys::Object::new();
    let set = |key: &str, value: JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(key), &value).map(|_| ());
    set("sha256", JsValue::from_str(&crate::journal::sha256_hex(text.as_bytes())))?;
    set("bytes", js_sys::Uint8Array::from(text.as_bytes()).into())?;
    set("count", JsValue::from_f64(listing.entries.len() as f64))?;
    Ok(out.into())
}

/// The keys of the weekly summary's words (`diary_report_<key>` in the
/// locales).
#[wasm_bindgen(js_name = diaryLabelKeys)]
pub fn diary_label_keys() -> Vec<String> {
    crate::diary::export::DiaryLabels::DEFAULTS.iter().map(|(k, _)| (*k).to_owned()).collect()
}
