//! The runtime: the only place that reads the wall clock, the environment and the config file.

pub mod board;
pub mod clock;
pub mod config;
pub mod term;
pub mod watch;
