//! The only code that talks to JavaScript, as in the main crate: each method
//! converts arguments, calls [`crate::FilterSet`] and converts the result.
//! The compiled engine stays inside the [`FilterSet`] handle; JS gets small
//! plain objects.
//!
//! Errors reach JS as `Error` objects whose `name` is the [`ErrorKind`]
//! (`InvalidInput`, `CorruptData`).
//!
//! [`ErrorKind`]: crate::ErrorKind

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::request::RequestKind;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| console_error(&format!("tracking-witness filters panicked: {info}"))));
    });
}

fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    err.set_name(e.kind().as_str());
    err.into()
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // Plain strings and numbers: conversion cannot fail.
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// The imported filter lists, compiled. One per worker.
#[wasm_bindgen]
pub struct FilterSet {
    set: crate::FilterSet,
}

#[wasm_bindgen]
impl FilterSet {
    /// An empty set.
    #[wasm_bindgen(constructor)]
    pub fn new() -> FilterSet {
        install_panic_hook();
        FilterSet { set: crate::FilterSet::new() }
    }

    /// Adds or replaces the list `name`; returns `{name, rules, ignored}`.
    /// Throws `InvalidInput` for a file that is not a filter list.
    #[wasm_bindgen(js_name = addList)]
    pub fn add_list(&mut self, name: &str, text: &str) -> Result<JsValue, JsValue> {
        self.set.add_list(name, text).map(|info| to_js(&info)).map_err(js_error)
    }

    /// Drops the list `name`; false if there was none.
    #[wasm_bindgen(js_name = removeList)]
    pub fn remove_list(&mut self, name: &str) -> bool {
        self.set.remove_list(name)
    }

    /// `[{name, rules, ignored}]` in import order.
    pub fn lists(&self) -> JsValue {
        to_js(&self.set.lists())
    }

    /// `{list, filter}` for the filter that classifies the request, or
    /// `undefined`. `requestType` is one of script, image, xhr, beacon,
    /// frame, other (anything else counts as other).
    #[wasm_bindgen(js_name = matchRequest)]
    pub fn match_request(&self, url: &str, source_url: &str, request_type: &str) -> JsValue {
        match self.set.match_request(url, source_url, RequestKind::parse(request_type)) {
            Some(found) => to_js(&found),
            None => JsValue::UNDEFINED,
        }
    }

    /// The lists and the compiled engine, for IndexedDB.
    pub fn serialize(&self) -> Vec<u8> {
        self.set.serialize()
    }

    /// Restores a set from [`FilterSet::serialize`]'s bytes. Throws
    /// `CorruptData` if the lists in them cannot be read; a damaged or
    /// outdated compiled engine is recompiled from the lists instead (see
    /// `rebuiltOnRestore`).
    pub fn deserialize(bytes: &[u8]) -> Result<FilterSet, JsValue> {
        install_panic_hook();
        crate::FilterSet::deserialize(bytes).map(|set| FilterSet { set }).map_err(js_error)
    }

    /// True if `deserialize` had to recompile: save `serialize()` again.
    #[wasm_bindgen(js_name = rebuiltOnRestore)]
    pub fn rebuilt_on_restore(&self) -> bool {
        self.set.rebuilt_on_restore()
    }
}

impl Default for FilterSet {
    fn default() -> Self {
        FilterSet::new()
    }
}
