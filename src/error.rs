//! The one error type of the core. Bindings turn it into a JS `Error` whose
//! `name` is the kind, so the extension can branch on it.

use std::fmt;

/// What went wrong, for a caller that needs to branch.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Input that is not valid JSON, or not the shape expected.
    InvalidInput,
    /// A host pattern that cannot match any real host.
    InvalidPattern,
    /// A settings or evidence file from a newer version of the extension.
    UnsupportedVersion,
    /// No configured site has that id or host.
    UnknownSite,
    /// A site with that id or host already exists.
    DuplicateSite,
    /// An evidence journal whose chain does not verify.
    BrokenChain,
    /// A runtime message whose `type` is not in the closed list.
    UnknownMessage,
    /// A change was prepared on top of one the store has not confirmed, or
    /// after the store refused one (the state must be read again).
    NotStored,
    /// A diary change was asked for while the work-search diary is off.
    DiaryOff,
    /// No diary entry has that id, or it was removed.
    UnknownEntry,
}

impl ErrorKind {
    /// Stable name, used as the JS error's `name`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "InvalidInput",
            ErrorKind::InvalidPattern => "InvalidPattern",
            ErrorKind::UnsupportedVersion => "UnsupportedVersion",
            ErrorKind::UnknownSite => "UnknownSite",
            ErrorKind::DuplicateSite => "DuplicateSite",
            ErrorKind::BrokenChain => "BrokenChain",
            ErrorKind::UnknownMessage => "UnknownMessage",
            ErrorKind::NotStored => "NotStored",
            ErrorKind::DiaryOff => "DiaryOff",
            ErrorKind::UnknownEntry => "UnknownEntry",
        }
    }
}

/// An error with a kind and a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// A new error.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into() }
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::new(ErrorKind::InvalidInput, e.to_string())
    }
}

/// Result with the core's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
