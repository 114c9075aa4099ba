//! Keys → actions. Defaults below; the config's `[keys]` table rebinds any action, e.g.
//! `new = ["n", "insert"]`. The footer and the help screen are generated from this map.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// A key as written in the config: "n", "N", "ctrl-c", "enter", "tab", "up", "<", "f1".
pub(crate) fn key_name(k: &KeyEvent) -> Option<String> {
    let base = match k.code {
        KeyCode::Char(' ') => "space".into(),
        KeyCode::Char(c) => {
            let c = if k.modifiers.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            };
            c.to_string()
        }
        KeyCode::Enter => "enter".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => "backtab".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Backspace => "backspace".into(),
        KeyCode::Delete => "delete".into(),
        KeyCode::Insert => "insert".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::PageUp => "pageup".into(),
        KeyCode::PageDown => "pagedown".into(),
        KeyCode::F(n) => format!("f{n}"),
        _ => return None,
    };
    let mut name = String::new();
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        name.push_str("ctrl-");
    }
    if k.modifiers.contains(KeyModifiers::ALT) {
        name.push_str("alt-");
    }
    name.push_str(&base);
    Some(name)
}

#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<String, Action>,
    /// Keys of each action, in binding order (for hints).
    by_action: HashMap<Action, Vec<String>>,
}

const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::Up, &["k", "up"]),
    (Action::Down, &["j", "down"]),
    (Action::Left, &["h", "left"]),
    (Action::Right, &["l", "right"]),
    (Action::Top, &["g", "home"]),
    (Action::Bottom, &["G", "end"]),
    (Action::ToggleView, &["tab"]),
    (Action::New, &["n"]),
    (Action::Edit, &["e"]),
    (Action::Open, &["enter"]),
    (Action::StageBack, &["H", "<"]),
    (Action::StageForward, &["L", ">"]),
    (Action::LevelUp, &["+", "="]),
    (Action::LevelDown, &["-"]),
    (Action::MarkMet, &["m"]),
    (Action::Metrics, &["M"]),
    (Action::Upgrade, &["U"]),
    (Action::Note, &["c"]),
    (Action::Filter, &["/"]),
    (Action::CycleSort, &["s"]),
    (Action::Undo, &["u"]),
    (Action::Archive, &["a"]),
    (Action::Acknowledge, &["A"]),
    (Action::AlertLog, &["!"]),
    (Action::CheckIn, &["K"]),
    (Action::Sensitive, &["S"]),
    (Action::DutyDone, &["D"]),
    (Action::Shift, &["W"]),
    (Action::Export, &["x"]),
    (Action::Stats, &["T"]),
    (Action::Cases, &["F"]),
    (Action::OfficesBelow, &["O"]),
    (Action::Attach, &["E"]),
    (Action::ToggleClosed, &["z"]),
    (Action::Help, &["?", "f1"]),
    (Action::Quit, &["q"]),
    (Action::ForceQuit, &["ctrl-c"]),
];

impl Default for Keymap {
    fn default() -> Self {
        let mut km = Keymap {
            by_key: HashMap::new(),
            by_action: HashMap::new(),
        };
        for (a, keys) in DEFAULTS {
            for k in *keys {
                km.bind(k, *a);
            }
        }
        km
    }
}

impl Keymap {
    fn bind(&mut self, key: &str, a: Action) {
        if let Some(old) = self.by_key.insert(key.to_string(), a) {
            if let Some(v) = self.by_action.get_mut(&old) {
                v.retain(|k| k != key);
            }
        }
        self.by_action.entry(a).or_default().push(key.to_string());
    }

    /// The defaults with the config's `[keys]` applied: each named action gets exactly the
    /// keys listed. Ctrl-C always quits.
    pub fn with_overrides(
        overrides: &HashMap<String, Vec<String>>,
    ) -> Result<Keymap, super::SettingError> {
        let mut km = Keymap::default();
        for (name, keys) in overrides {
            let a = Action::parse(name)
                .ok_or_else(|| super::SettingError::UnknownAction(name.clone()))?;
            for k in km.by_action.remove(&a).unwrap_or_default() {
                km.by_key.remove(&k);
            }
            for k in keys {
                km.bind(k, a);
            }
        }
        km.bind("ctrl-c", Action::ForceQuit);
        Ok(km)
    }

    pub(crate) fn action(&self, k: &KeyEvent) -> Option<Action> {
        let name = key_name(k)?;
        self.by_key.get(&name).copied().or_else(|| {
            // Shifted letters arrive as 'H' with SHIFT on some terminals and as 'H' alone on others.
            let plain = name.replace("shift-", "");
            self.by_key.get(&plain).copied()
        })
    }

    pub(crate) fn keys(&self, a: Action) -> &[String] {
        self.by_action.get(&a).map_or(&[], Vec::as_slice)
    }

    /// The first key of an action, for hints ("n", "Enter").
    pub(crate) fn hint(&self, a: Action) -> String {
        self.keys(a).first().map_or_else(String::new, |k| pretty(k))
    }
}

/// How a key name is shown: "enter" → "Enter", "ctrl-c" → "Ctrl-C".
pub(crate) fn pretty(k: &str) -> String {
    match k {
        "enter" => "Enter".into(),
        "tab" => "Tab".into(),
        "esc" => "Esc".into(),
        "up" => "↑".into(),
        "down" => "↓".into(),
        "left" => "←".into(),
        "right" => "→".into(),
        "home" => "Home".into(),
        "end" => "End".into(),
        "ctrl-c" => "Ctrl-C".into(),
        "f1" => "F1".into(),
        "space" => "Space".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remapping_replaces_the_keys_of_an_action() {
        let mut o = HashMap::new();
        o.insert("new".to_string(), vec!["i".to_string()]);
        let km = Keymap::with_overrides(&o).unwrap_or_default();
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(km.action(&key('i')), Some(Action::New));
        assert_eq!(km.action(&key('n')), None);
        assert_eq!(km.hint(Action::New), "i");
        let mut bad = HashMap::new();
        bad.insert("fly".to_string(), vec!["f".to_string()]);
        assert!(Keymap::with_overrides(&bad).is_err());
    }
}
