//! The request kinds the extension reports, and how each maps onto the
//! engine's resource types (the `$script`, `$image`, `$xmlhttprequest`,
//! `$ping`, `$subdocument`, `$other` filter options).

/// What kind of resource a third-party request fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// `<script>`, matched by `$script`.
    Script,
    /// Images and tracking pixels, matched by `$image`.
    Image,
    /// `fetch()` and `XMLHttpRequest`, matched by `$xmlhttprequest`.
    Xhr,
    /// `navigator.sendBeacon` and `<a ping>`, matched by `$ping`.
    Beacon,
    /// `<iframe>` documents, matched by `$subdocument`.
    Frame,
    /// Anything else, matched by `$other` and by filters with no type option.
    Other,
}

impl RequestKind {
    /// The extension's name for a kind. Names outside the closed list
    /// (`stylesheet`, `font`, ...) become [`RequestKind::Other`]: a
    /// classification should never fail because a new kind turned up.
    pub fn parse(name: &str) -> RequestKind {
        match name {
            "script" => RequestKind::Script,
            "image" => RequestKind::Image,
            "xhr" => RequestKind::Xhr,
            "beacon" => RequestKind::Beacon,
            "frame" => RequestKind::Frame,
            _ => RequestKind::Other,
        }
    }

    /// The resource type name the engine understands (webRequest's names).
    pub(crate) fn engine_name(self) -> &'static str {
        match self {
            RequestKind::Script => "script",
            RequestKind::Image => "image",
            RequestKind::Xhr => "xmlhttprequest",
            RequestKind::Beacon => "ping",
            RequestKind::Frame => "sub_frame",
            RequestKind::Other => "other",
        }
    }
}
