//! The crate's one error type. The bindings turn it into a JS `Error` whose
//! `name` is the kind, as the main crate does, so the extension can branch.

use std::fmt;

/// What went wrong, for a caller that needs to branch.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A list that is empty, has no usable network filter, is not a text
    /// filter list at all (HTML, JSON, binary, prose), or has no name.
    InvalidInput,
    /// Saved engine bytes that are truncated, corrupt, or were written by a
    /// different build of the engine. The caller should rebuild from the
    /// list texts it kept.
    CorruptData,
}

impl ErrorKind {
    /// Stable name, used as the JS error's `name`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "InvalidInput",
            ErrorKind::CorruptData => "CorruptData",
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
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for Error {}
