//! Themes: semantic roles (level.*, clock.*, selection, border, …) mapped to styles. The shipped
//! themes are TOML files in `themes/`, embedded at build time; a theme may inherit another and
//! define a `[palette]`. A user theme of the same name in the config dir overrides any role.

use std::collections::HashMap;
use std::str::FromStr;

use crate::i18n::ui as msg;
use crate::ui::SettingError;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// (name, TOML) of every shipped theme.
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("night", include_str!("../../themes/night.toml")),
];

/// Every role a theme may set: what a style means, not what it looks like. A role a theme
/// leaves unset falls back to its parent (`header.alert` → `header`), then to the default style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Text,
    Muted,
    Title,
    Header,
    HeaderAlert,
    Footer,
    FooterKey,
    Border,
    BorderFocus,
    ColumnTitle,
    Selection,
    Level4,
    Level3,
    Level2,
    Level1,
    Level0,
    ClockRunning,
    ClockDueSoon,
    ClockTargetPassed,
    ClockOverdue,
    ClockMet,
    ClockNotStarted,
    StatusInfo,
    StatusError,
    Input,
    InputError,
    Popup,
}

impl Role {
    pub(crate) const ALL: &'static [Role] = &[
        Role::Text,
        Role::Muted,
        Role::Title,
        Role::Header,
        Role::HeaderAlert,
        Role::Footer,
        Role::FooterKey,
        Role::Border,
        Role::BorderFocus,
        Role::ColumnTitle,
        Role::Selection,
        Role::Level4,
        Role::Level3,
        Role::Level2,
        Role::Level1,
        Role::Level0,
        Role::ClockRunning,
        Role::ClockDueSoon,
        Role::ClockTargetPassed,
        Role::ClockOverdue,
        Role::ClockMet,
        Role::ClockNotStarted,
        Role::StatusInfo,
        Role::StatusError,
        Role::Input,
        Role::InputError,
        Role::Popup,
    ];

    /// The role's name in a theme file.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Role::Text => "text",
            Role::Muted => "muted",
            Role::Title => "title",
            Role::Header => "header",
            Role::HeaderAlert => "header.alert",
            Role::Footer => "footer",
            Role::FooterKey => "footer.key",
            Role::Border => "border",
            Role::BorderFocus => "border.focus",
            Role::ColumnTitle => "column.title",
            Role::Selection => "selection",
            Role::Level4 => "level.4",
            Role::Level3 => "level.3",
            Role::Level2 => "level.2",
            Role::Level1 => "level.1",
            Role::Level0 => "level.0",
            Role::ClockRunning => "clock.running",
            Role::ClockDueSoon => "clock.due_soon",
            Role::ClockTargetPassed => "clock.target_passed",
            Role::ClockOverdue => "clock.overdue",
            Role::ClockMet => "clock.met",
            Role::ClockNotStarted => "clock.not_started",
            Role::StatusInfo => "status.info",
            Role::StatusError => "status.error",
            Role::Input => "input",
            Role::InputError => "input.error",
            Role::Popup => "popup",
        }
    }

    pub(crate) fn parse(key: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.key() == key)
    }

    fn parent(self) -> Option<Role> {
        match self {
            Role::HeaderAlert => Some(Role::Header),
            Role::FooterKey => Some(Role::Footer),
            Role::BorderFocus => Some(Role::Border),
            Role::InputError => Some(Role::Input),
            _ => None,
        }
    }

    /// The badge role of a level (0 = lowest … 4 = top).
    pub(crate) fn level(ord: u8) -> Role {
        [
            Role::Level0,
            Role::Level1,
            Role::Level2,
            Role::Level3,
            Role::Level4,
        ][usize::from(ord.min(4))]
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underline: bool,
    #[serde(default)]
    reversed: bool,
    #[serde(default)]
    dim: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: Option<String>,
    inherits: Option<String>,
    #[serde(default)]
    palette: HashMap<String, String>,
    #[serde(default)]
    roles: HashMap<String, RawStyle>,
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub name: String,
    styles: HashMap<Role, Style>,
}

impl Theme {
    /// The style of a role; a role the theme does not set falls back to its parent role
    /// ("header.alert" → "header") and then to the default style.
    pub fn get(&self, role: Role) -> Style {
        let mut r = Some(role);
        while let Some(role) = r {
            if let Some(s) = self.styles.get(&role) {
                return *s;
            }
            r = role.parent();
        }
        Style::default()
    }

    /// This theme without colour (`NO_COLOR`): every role keeps its bold, italic and
    /// underline, and what colour alone told apart is told by bold, reverse and underline —
    /// the selection and alarms reversed, urgent and high levels bold, a passed target
    /// underlined.
    pub(crate) fn monochrome(&self) -> Theme {
        use ratatui::style::Modifier;
        let styles = Role::ALL
            .iter()
            .map(|role| {
                let s = self.get(*role);
                let extra = match role {
                    Role::Selection => Modifier::REVERSED,
                    Role::ClockOverdue
                    | Role::HeaderAlert
                    | Role::StatusError
                    | Role::InputError => Modifier::BOLD | Modifier::REVERSED,
                    Role::ClockDueSoon
                    | Role::Level4
                    | Role::Level3
                    | Role::BorderFocus
                    | Role::Title
                    | Role::FooterKey => Modifier::BOLD,
                    Role::ClockTargetPassed => Modifier::UNDERLINED,
                    _ => Modifier::empty(),
                };
                let plain = Style::default()
                    .add_modifier(s.add_modifier | extra)
                    .remove_modifier(s.sub_modifier);
                (*role, plain)
            })
            .collect();
        Theme {
            name: self.name.clone(),
            styles,
        }
    }

    pub(crate) fn level(&self, ord: u8) -> Style {
        self.get(Role::level(ord))
    }

    /// Loads a shipped theme by name, then applies `user_toml` (the user's file of the same
    /// name, if any) on top. Returns the theme and its warnings (unknown roles, bad colours).
    pub fn load(name: &str, user_toml: Option<&str>) -> Result<(Theme, Vec<String>), SettingError> {
        let mut warnings = Vec::new();
        let mut theme = Theme {
            name: name.to_string(),
            styles: HashMap::new(),
        };
        let shipped = SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        if shipped.is_none() && user_toml.is_none() {
            return Err(SettingError::UnknownTheme {
                name: name.to_string(),
                shipped: SHIPPED.iter().map(|(n, _)| n.to_string()).collect(),
            });
        }
        let mut palette = HashMap::new();
        let mut roles: HashMap<Role, (String, RawStyle)> = HashMap::new();
        if let Some(src) = shipped {
            collect(name, src, &mut palette, &mut roles, &mut warnings, 0)?;
        }
        if let Some(u) = user_toml {
            collect(
                &msg::user_theme_label(name),
                u,
                &mut palette,
                &mut roles,
                &mut warnings,
                0,
            )?;
        }
        for (role, (label, rs)) in &roles {
            theme
                .styles
                .insert(*role, resolve(label, rs, &palette, &mut warnings));
        }
        Ok((theme, warnings))
    }
}

/// Merges a theme file (after its parent) into the palette and role specs; later wins.
fn collect(
    label: &str,
    src: &str,
    palette: &mut HashMap<String, String>,
    roles: &mut HashMap<Role, (String, RawStyle)>,
    warnings: &mut Vec<String>,
    depth: u8,
) -> Result<(), SettingError> {
    let raw: RawTheme = toml::from_str(src).map_err(|e| SettingError::ThemeNotToml {
        label: label.to_string(),
        problem: e.message().to_string(),
    })?;
    if let Some(parent) = &raw.inherits {
        if depth > 4 {
            return Err(SettingError::ThemeTooDeep(label.to_string()));
        }
        match SHIPPED.iter().find(|(n, _)| n == parent) {
            Some((_, psrc)) => collect(parent, psrc, palette, roles, warnings, depth + 1)?,
            None => warnings.push(msg::theme_inherits_unknown_theme(label, parent)),
        }
    }
    let _ = raw.name;
    palette.extend(raw.palette);
    for (role, rs) in raw.roles {
        match Role::parse(&role) {
            Some(r) => {
                roles.insert(r, (label.to_string(), rs));
            }
            None => warnings.push(msg::theme_unknown_role(label, &role)),
        }
    }
    Ok(())
}

fn resolve(
    label: &str,
    rs: &RawStyle,
    palette: &HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Style {
    let mut color = |v: &str| -> Option<Color> {
        let v = palette.get(v).map_or(v, String::as_str);
        match Color::from_str(v) {
            Ok(c) => Some(c),
            Err(_) => {
                warnings.push(msg::theme_colour_not_understood(label, v));
                None
            }
        }
    };
    let mut st = Style::default();
    if let Some(c) = rs.fg.as_deref().and_then(&mut color) {
        st = st.fg(c);
    }
    if let Some(c) = rs.bg.as_deref().and_then(&mut color) {
        st = st.bg(c);
    }
    for (on, m) in [
        (rs.bold, Modifier::BOLD),
        (rs.italic, Modifier::ITALIC),
        (rs.underline, Modifier::UNDERLINED),
        (rs.reversed, Modifier::REVERSED),
        (rs.dim, Modifier::DIM),
    ] {
        if on {
            st = st.add_modifier(m);
        }
    }
    st
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_theme_loads_without_warnings_and_sets_the_meaningful_roles() {
        for (name, _) in SHIPPED {
            let (t, warnings) = Theme::load(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            for role in [
                Role::ClockOverdue,
                Role::Level4,
                Role::Level0,
                Role::Selection,
            ] {
                assert_ne!(t.get(role), Style::default(), "{name} {role:?}");
            }
        }
    }

    #[test]
    fn a_child_palette_recolours_inherited_roles() {
        let (d, _) = Theme::load("default", None).unwrap_or_else(|e| panic!("{e}"));
        let (l, _) = Theme::load("light", None).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(d.get(Role::Text).fg, l.get(Role::Text).fg);
    }

    #[test]
    fn user_theme_overrides_a_role_and_warns_on_unknown_ones() {
        let user = "[roles]\n\"clock.overdue\" = { fg = \"magenta\" }\n\"clock.nope\" = { fg = \"red\" }\n";
        let (t, w) = Theme::load("night", Some(user)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.get(Role::ClockOverdue).fg, Some(Color::Magenta));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(Theme::load("nope", None).is_err());
    }

    #[test]
    fn every_role_reads_back_from_its_name_and_unset_ones_fall_back_to_their_parent() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.key()), Some(*r));
        }
        // A user theme of its own that sets only `input`: `input.error` takes its style,
        // a role with no parent the default.
        let user = "[roles]\n\"input\" = { fg = \"cyan\" }\n";
        let (t, w) = Theme::load("mine", Some(user)).unwrap_or_else(|e| panic!("{e}"));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(t.get(Role::InputError).fg, Some(Color::Cyan));
        assert_eq!(t.get(Role::ClockOverdue), Style::default());
        assert_eq!(Role::level(9), Role::Level4);
    }
}
