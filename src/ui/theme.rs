//! Themes: semantic roles (level.*, clock.*, selection, border, …) mapped to styles. The shipped
//! themes are TOML files in `themes/`, embedded at build time; a theme may inherit another and
//! define a `[palette]`. A user theme of the same name in the config dir overrides any role.

use std::collections::HashMap;
use std::str::FromStr;

use crate::i18n::ui as msg;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// (name, TOML) of every shipped theme.
pub const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("night", include_str!("../../themes/night.toml")),
];

/// Every role a theme may set. Unknown roles in a file are reported as warnings.
pub const ROLES: &[&str] = &[
    "text",
    "muted",
    "title",
    "header",
    "header.alert",
    "footer",
    "footer.key",
    "border",
    "border.focus",
    "column.title",
    "selection",
    "level.4",
    "level.3",
    "level.2",
    "level.1",
    "level.0",
    "clock.running",
    "clock.due_soon",
    "clock.target_passed",
    "clock.overdue",
    "clock.met",
    "clock.not_started",
    "status.info",
    "status.error",
    "input",
    "input.error",
    "popup",
];

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
    styles: HashMap<String, Style>,
}

impl Theme {
    /// The style of a role; a role the theme does not set falls back to its parent role
    /// ("clock.due_soon" → "clock") and then to the default style.
    pub fn get(&self, role: &str) -> Style {
        // A role named in code is one of ROLES: a typo would silently draw in the default
        // style, so every test that renders it fails instead.
        debug_assert!(ROLES.contains(&role), "unknown theme role \"{role}\"");
        let mut r = role;
        loop {
            if let Some(s) = self.styles.get(r) {
                return *s;
            }
            match r.rfind('.') {
                Some(i) => r = &r[..i],
                None => return Style::default(),
            }
        }
    }

    pub fn level(&self, ord: u8) -> Style {
        self.get(&format!("level.{}", ord.min(4)))
    }

    /// Loads a shipped theme by name, then applies `user_toml` (the user's file of the same
    /// name, if any) on top. Returns the theme and its warnings (unknown roles, bad colours).
    pub fn load(name: &str, user_toml: Option<&str>) -> Result<(Theme, Vec<String>), String> {
        let mut warnings = Vec::new();
        let mut theme = Theme {
            name: name.to_string(),
            styles: HashMap::new(),
        };
        let shipped = SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        if shipped.is_none() && user_toml.is_none() {
            let names: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
            return Err(msg::theme_does_not_exist_choose_one(name, &names));
        }
        let mut palette = HashMap::new();
        let mut roles: HashMap<String, (String, RawStyle)> = HashMap::new();
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
                .insert(role.clone(), resolve(label, rs, &palette, &mut warnings));
        }
        Ok((theme, warnings))
    }
}

/// Merges a theme file (after its parent) into the palette and role specs; later wins.
fn collect(
    label: &str,
    src: &str,
    palette: &mut HashMap<String, String>,
    roles: &mut HashMap<String, (String, RawStyle)>,
    warnings: &mut Vec<String>,
    depth: u8,
) -> Result<(), String> {
    let raw: RawTheme =
        toml::from_str(src).map_err(|e| msg::theme_is_not_valid_toml(label, e.message().trim()))?;
    if let Some(parent) = &raw.inherits {
        if depth > 4 {
            return Err(msg::theme_inherits_too_deeply(label));
        }
        match SHIPPED.iter().find(|(n, _)| n == parent) {
            Some((_, psrc)) => collect(parent, psrc, palette, roles, warnings, depth + 1)?,
            None => warnings.push(msg::theme_inherits_unknown_theme(label, parent)),
        }
    }
    let _ = raw.name;
    palette.extend(raw.palette);
    for (role, rs) in raw.roles {
        if ROLES.contains(&role.as_str()) {
            roles.insert(role, (label.to_string(), rs));
        } else {
            warnings.push(msg::theme_unknown_role(label, &role));
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
            for role in ["clock.overdue", "level.4", "level.0", "selection"] {
                assert_ne!(t.get(role), Style::default(), "{name} {role}");
            }
        }
    }

    #[test]
    fn a_child_palette_recolours_inherited_roles() {
        let (d, _) = Theme::load("default", None).unwrap_or_else(|e| panic!("{e}"));
        let (l, _) = Theme::load("light", None).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(d.get("text").fg, l.get("text").fg);
    }

    #[test]
    fn user_theme_overrides_a_role_and_warns_on_unknown_ones() {
        let user = "[roles]\n\"clock.overdue\" = { fg = \"magenta\" }\n\"clock.nope\" = { fg = \"red\" }\n";
        let (t, w) = Theme::load("night", Some(user)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.get("clock.overdue").fg, Some(Color::Magenta));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(Theme::load("nope", None).is_err());
    }
}
