//! What stops or fails the board and the watcher. Each failure is worded once: the store's by
//! its own error, the rest by the message catalogue where they happen.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The terminal, a signal handler or a file could not be set up.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A failure already worded for the officer (an unreadable clock, a refused setting).
    #[error("{0}")]
    Said(String),
}

impl From<String> for Error {
    fn from(s: String) -> Error {
        Error::Said(s)
    }
}

pub(crate) type Result<T> = std::result::Result<T, Error>;
