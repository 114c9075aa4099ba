//! The board: state, actions, keymap, update, themes and the view. No IO here; the runtime
//! feeds events in and performs the effects.

pub(crate) mod action;
pub mod app;
pub(crate) mod filter;
pub mod form;
pub(crate) mod input;
pub mod keymap;
mod overlay;
pub mod theme;
pub mod update;
pub mod view;
