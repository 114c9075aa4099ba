//! The integration tests: the CLI against temporary databases, the store from several
//! processes, crash safety. One binary, a module per area.

mod cli;
mod concurrency;
mod crash;
mod harness;
mod invalid;
mod store;
mod transfer;
