//! Everything the command line prints goes through here. Text is made inert for a terminal
//! (control characters shown escaped, whatever their source: a plan, an import, a file name,
//! the database), and a failed write (a closed pipe, a full disk) is remembered instead of
//! panicking, so `main` can end with one line and exit 1, saying whether a change was already
//! committed.

use std::io::Write;
use std::sync::Mutex;

use crate::domain::text::inert_multiline;

/// The first error met writing standard output, if any.
static FAILED: Mutex<Option<String>> = Mutex::new(None);

fn remember(e: &std::io::Error) {
    if let Ok(mut f) = FAILED.lock() {
        f.get_or_insert_with(|| e.to_string());
    }
}

/// Writes `text` (newlines and tabs kept, every other control character escaped) to stdout.
pub(crate) fn text(text: &str) {
    bytes(inert_multiline(text).as_bytes());
}

/// Writes bytes that are already safe (JSON, a document) to stdout as they are.
pub(crate) fn bytes(b: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(b).and_then(|()| out.flush()) {
        remember(&e);
    }
}

/// Writes one line to stderr, made inert. A failure there has nowhere left to be told.
pub(crate) fn err_line(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", inert_multiline(s));
}

/// Why standard output could not be written, once anything failed.
pub(crate) fn failure() -> Option<String> {
    FAILED.lock().ok().and_then(|f| f.clone())
}

/// `println!` for the command line: through `out::text`.
macro_rules! say {
    () => { $crate::cli::out::text("\n") };
    ($($t:tt)*) => {{
        let mut s = format!($($t)*);
        s.push('\n');
        $crate::cli::out::text(&s);
    }};
}

/// `print!` for the command line: through `out::text`.
macro_rules! say_raw {
    ($($t:tt)*) => { $crate::cli::out::text(&format!($($t)*)) };
}

/// `eprintln!` for the command line: through `out::err_line`.
macro_rules! say_err {
    ($($t:tt)*) => { $crate::cli::out::err_line(&format!($($t)*)) };
}

pub(crate) use {say, say_err, say_raw};
