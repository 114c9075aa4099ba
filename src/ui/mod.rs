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

/// A setting of the board that cannot be used; each names the value and the choices.
#[derive(Debug, thiserror::Error)]
pub enum SettingError {
    /// `[keys]` names an action the board does not have.
    #[error("{}", crate::i18n::ui::action_in_config_s_keys_does(.0, action::Action::ALL.iter().map(|a| a.key()).collect::<Vec<_>>().join(", ")))]
    UnknownAction(String),
    #[error("{}", crate::i18n::ui::theme_does_not_exist_choose_one(.name, .shipped))]
    UnknownTheme { name: String, shipped: Vec<String> },
    #[error("{}", crate::i18n::ui::theme_is_not_valid_toml(.label, crate::i18n::common::toml_problem(.problem)))]
    ThemeNotToml { label: String, problem: String },
    #[error("{}", crate::i18n::ui::theme_inherits_too_deeply(.0))]
    ThemeTooDeep(String),
}

/// Why what the officer typed cannot be taken yet: the pop-up keeps the text and shows this
/// (worded in `i18n::ui`).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Nothing typed where the prompt needs something (a reason, a name, a term…).
    #[error("{}", crate::i18n::ui::nothing_typed_for(.0))]
    Missing(app::PromptFor),
    /// The text breaks the text rules (too long, control characters…).
    #[error("{0}")]
    Text(#[from] crate::domain::text::TextError),
    /// Items of the sweep checklist neither ticked nor given incident numbers.
    #[error("{}", crate::i18n::ui::sweep_items_left(*.0))]
    SweepItemsLeft(usize),
    /// What was typed as incident numbers for a sweep item.
    #[error("{}", crate::i18n::ui::sweep_ids_not_understood(.0))]
    SweepIds(String),
}
