//! The integration tests: the CLI against temporary databases, the store from several
//! processes, crash safety. One binary, a module per area.

mod backup;
mod board;
mod cli;
mod concurrency;
mod conventions;
mod crash;
mod documents;
mod duty;
mod hardening;
mod harness;
mod invalid;
mod layering;
mod offices;
mod paper;
#[path = "../common/pg.rs"]
mod pg;
#[path = "../common/png.rs"]
mod png;
mod postgres;
mod properties;
mod recipients;
mod record;
mod render;
mod shift;
mod store;
mod strings;
mod timeline;
#[path = "../common/tools.rs"]
mod tools;
mod transfer;
mod update;
mod write_path;
