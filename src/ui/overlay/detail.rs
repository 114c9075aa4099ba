//! The detail view: scrolls; the board's actions work from it (m, c, +, -, …) on its incident.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;

use super::{closes, nav};
use crate::domain::incident::IncidentId;
use crate::ui::app::{App, DetailRecords, Effect, Overlay};

pub(super) fn on_key(
    app: &mut App,
    id: IncidentId,
    scroll: u16,
    records: Box<DetailRecords>,
    key: KeyEvent,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    if let Some(n) = nav(app, &key) {
        app.overlay = Some(Overlay::Detail {
            id,
            scroll: n.scroll(scroll),
            records,
        });
        return vec![];
    }
    if closes(app, &key) {
        return vec![];
    }
    if let Some(a) = app.keymap.action(&key) {
        let effects = crate::ui::update::on_action(app, a, now);
        if app.overlay.is_none() {
            app.overlay = Some(Overlay::Detail {
                id,
                scroll,
                records,
            });
        }
        return effects;
    }
    app.overlay = Some(Overlay::Detail {
        id,
        scroll,
        records,
    });
    vec![]
}
