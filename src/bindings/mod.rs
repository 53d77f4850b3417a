//! The only code that talks to JavaScript. No logic lives here: each
//! exported function converts its arguments, calls the core, and converts
//! the result.
//!
//! The crate builds two wasm modules from the same code:
//! - the main one (default features): the `Witness` handle, whose
//!   long-lived state stays inside it while JS gets small plain objects
//!   back;
//! - the actions module (`--features actions-module`): what only a user
//!   action needs — evidence exports, letters, reading a
//!   settings file — loaded the first time one happens, so that code costs
//!   nothing when the background wakes for an event.
//!
//! Errors reach JS as `Error` objects whose `name` is the core's
//! [`ErrorKind`](crate::ErrorKind) (`InvalidPattern`, `UnknownSite`...), so
//! the extension can branch on them and show the message.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::Error;

#[cfg(not(feature = "actions-module"))]
mod witness;
#[cfg(not(feature = "actions-module"))]
pub use witness::Witness;

#[cfg(feature = "actions-module")]
mod actions;

/// The fingerprint of an Ed25519 public key (base64url of its 32 bytes):
/// `3f2a-91c0-5b7e-0d44-a1b2`.
#[wasm_bindgen]
pub fn fingerprint(public_key: &str) -> Result<String, JsValue> {
    crate::export::fingerprint(public_key).map_err(js_error)
}

/// The short form of a hash, for reading aloud: `3018-d506-cd18-6b17`.
#[wasm_bindgen(js_name = shortHash)]
pub fn short_hash(hash: &str) -> Result<String, JsValue> {
    crate::journal::short_hash(hash).ok_or_else(|| input_error("hash", "must be 64 lowercase hex digits"))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

pub(crate) fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| console_error(&format!("tracking-witness core panicked: {info}"))));
    });
}

pub(crate) fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    err.set_name(e.kind().as_str());
    err.into()
}

pub(crate) fn input_error(what: &str, e: impl std::fmt::Display) -> JsValue {
    js_error(Error::new(crate::ErrorKind::InvalidInput, format!("{what}: {e}")))
}

// Values cross the boundary as JSON text, parsed on the other side by the
// engine's own JSON parser: serde_json is in the module anyway, and a
// second serialiser for JS objects would cost more bytes than it saves time.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| input_error("cannot convert result", e))?;
    js_sys::JSON::parse(&text)
}

pub(crate) fn from_js<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T, JsValue> {
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| input_error(what, "it is missing or cannot be written as JSON"))?;
    // A page may put lone surrogates in any string; JSON.stringify writes
    // them as escapes serde_json refuses, so they become U+FFFD here.
    let (text, _) = crate::untrusted::repair_json_surrogates(&text);
    serde_json::from_str(&text).map_err(|e| input_error(what, e))
}
