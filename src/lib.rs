//! yuqing (舆情值守看板): a terminal case board for online public-opinion incident duty.
//!
//! Layers, and the direction they depend on each other:
//! `domain` (pure) ← `store` (engine-neutral logic; SQLite behind the `sql` seam) ← `cli` / `runtime`.

#![warn(unreachable_pub)]

pub mod cli;
pub mod demo;
pub mod domain;
pub mod files;
pub mod i18n;
pub mod notify;
pub mod present;
pub mod report;
pub mod runtime;
pub mod store;
pub mod ui;
