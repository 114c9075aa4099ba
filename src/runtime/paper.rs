//! The board's paperwork: statistics and case pages, shift changes and signatures, document
//! exports into the report folder, evidence. Each write is one store transaction; the result
//! is said in the status line.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use super::writer::{Filed, Write};
use crate::domain::change::{Change, EvidenceSource};
use crate::domain::records::EvidenceKind;
use crate::domain::text::inert;
use crate::files::{Existing, write as write_file};
use crate::i18n::runtime as msg;
use crate::report::build::IncidentPaper;
use crate::report::{Doc, Format, handover_file, incident_file};
use crate::store::{Result, Store, StoreError, check_evidence};
use crate::ui::app::{App, HandoverBrief, Overlay, Page, Paper};

/// The latest shift change, for the header and `W`.
pub fn handover_brief(store: &Store) -> Option<HandoverBrief> {
    let h = store.handovers(1).ok()?.into_iter().next()?;
    Some(HandoverBrief {
        id: h.id,
        to: h.sheet.to,
        signed: h.signed_at.is_some(),
        acting: store.acting_officer().ok().flatten(),
    })
}

/// Reloads what the detail view shows besides the incident itself. A file already checked
/// while this view is open keeps its result: a reload after every synced change must not
/// re-read every screenshot (opening the view again checks them afresh).
pub fn load_detail(store: &Store, app: &mut App, id: crate::domain::incident::IncidentId) {
    let read = || -> Result<_> {
        Ok((
            store.audit_events(Some(id))?,
            store.report_fields(id)?,
            store.evidence(id)?,
        ))
    };
    // A read that fails says so: an empty timeline must never pass silently for an incident
    // with no history.
    let (events, fields, evidence) = match read() {
        Ok(v) => v,
        Err(e) => {
            // Nothing of another incident stays on screen; the status line says why it is empty.
            app.detail_events.clear();
            app.detail_fields = Default::default();
            app.detail_evidence.clear();
            app.set_status(msg::detail_could_not_be_read(id, &e), true);
            return;
        }
    };
    app.detail_events = events;
    app.detail_fields = fields;
    let known = std::mem::take(&mut app.detail_evidence);
    app.detail_evidence = evidence
        .into_iter()
        .map(|e| {
            let c = known
                .iter()
                .find(|(k, _)| k.id == e.id)
                .map_or_else(|| check_evidence(&e), |(_, c)| *c);
            (e, c)
        })
        .collect();
}

fn show(app: &mut App, title: String, lines: Vec<String>, handover: Option<i64>) {
    app.page = Page { title, lines };
    app.overlay = Some(Overlay::Page {
        scroll: 0,
        handover,
    });
}

fn write_doc(
    dir: &Path,
    name: &str,
    doc: &Doc,
    now: DateTime<Utc>,
) -> std::result::Result<PathBuf, String> {
    crate::files::private_dir(dir)
        .map_err(|e| msg::cannot_create_report_folder(dir.display(), &e))?;
    // A document exported twice keeps both: the second gets the next free name.
    write_file(
        &dir.join(name),
        &Format::Docx.render(doc, now)?,
        Existing::NewName,
    )
}

fn show_handover(store: &Store, app: &mut App, id: Option<i64>) -> Result<()> {
    let h = match id {
        Some(id) => store.handover(id)?,
        None => store
            .handovers(1)?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Invalid(msg::there_is_no_handover_yet()))?,
    };
    let doc = crate::report::daily::handover_doc(&app.plan, &h);
    let hint = if h.signed_at.is_none() {
        msg::handover_enter_sign_x_export_esc(h.id)
    } else {
        msg::handover_x_export_esc_back(h.id)
    };
    show(app, hint, crate::report::text::lines(&doc), Some(h.id));
    Ok(())
}

/// Performs one paperwork effect and says what happened in the status line.
/// The write a paperwork effect makes, if it makes one: the shift sheet is drawn up here, as
/// the board stands when the key is pressed; the signature and the evidence as typed.
pub fn write_of(
    store: &Store,
    app: &App,
    p: &Paper,
    now: DateTime<Utc>,
) -> Option<std::result::Result<Write, String>> {
    match p {
        Paper::StartShift { to, notes } => Some(
            store
                .shift_sheet(
                    &app.plan,
                    app.cards.iter().map(|c| &c.inc),
                    to,
                    notes.as_deref(),
                    app.acting_user(),
                    now,
                )
                .map(|sheet| Write::once(Change::StartShift(Box::new(sheet))))
                .map_err(|e| e.to_string()),
        ),
        Paper::SignHandover { id, name } => Some(Ok(Write::once(Change::SignHandover {
            id: *id,
            name: name.clone(),
        }))),
        Paper::Attach { id, what } => Some(Ok(Write::once(Change::Attach {
            id: *id,
            source: evidence_source(what),
            note: None,
        }))),
        _ => None,
    }
}

/// What the board shows when paperwork was written: the handover sheet (recorded, or signed:
/// from now on the board acts as the incoming officer), or the evidence in the detail view.
pub fn filed(store: &Store, app: &mut App, f: Filed) {
    let done = match f {
        Filed::Shift(id) => {
            app.handover = handover_brief(store);
            let to = store.handover(id).map(|h| h.sheet.to).unwrap_or_default();
            show_handover(store, app, Some(id))
                .map(|()| msg::handover_recorded_presses_enter_to_sign(id, inert(&to)))
        }
        Filed::Signed(id) => {
            app.handover = handover_brief(store);
            let by = store
                .handover(id)
                .ok()
                .and_then(|h| h.signed_by)
                .unwrap_or_default();
            show_handover(store, app, Some(id))
                .map(|()| msg::handover_signed_by_audited(id, inert(by.trim())))
        }
        Filed::Attached(id, eid) => store.evidence(id).map(|ev| {
            load_detail(store, app, id);
            match ev.into_iter().find(|e| e.id == eid) {
                Some(e) if e.kind == EvidenceKind::File => {
                    msg::file_attached_sha_256(id, e.sha256.unwrap_or_default())
                }
                _ => msg::link_attached(id),
            }
        }),
    };
    match done {
        Ok(m) => app.set_status(m, false),
        Err(e) => app.set_status(e.to_string(), true),
    }
}

/// A refused signature: the sheet stays open for the right officer to sign.
pub fn sign_refused(store: &Store, app: &mut App, id: i64) {
    let _ = show_handover(store, app, Some(id));
}

pub fn perform(store: &mut Store, app: &mut App, p: Paper, now: DateTime<Utc>) {
    let user = app.acting_user().to_string();
    let tz = app.plan.tz;
    let result: std::result::Result<Option<String>, String> = match p {
        Paper::Stats => (|| {
            let to_day = now.with_timezone(&tz).date_naive();
            let from_day = to_day - Duration::days(29);
            let incidents = store.incidents(true)?;
            let s = crate::domain::stats::compliance(
                &app.plan,
                &incidents,
                crate::domain::time::local_midnight(from_day, tz),
                crate::domain::time::end_of_local_day(to_day, tz),
                now,
            );
            show(
                app,
                msg::window_compliance_30_days_esc_back(),
                crate::present::stats_lines(&s, from_day, to_day),
                None,
            );
            Ok(None)
        })()
        .map_err(|e: StoreError| e.to_string()),
        Paper::SearchCases(q) => store
            .search_cases(&q, 200)
            .map(|hits| {
                let mut lines = vec![msg::case_s(inert(&q), hits.len())];
                for h in &hits {
                    lines.push(String::new());
                    lines.push(format!(
                        "#{}  [{}]  {}  {}  {}",
                        h.id,
                        app.plan.level_name(h.level),
                        h.title,
                        h.unit.as_deref().unwrap_or(""),
                        crate::domain::time::local_minute(
                            h.archived_at.unwrap_or(h.discovered_at),
                            tz
                        )
                    ));
                    lines.push(format!("    {}", h.excerpt));
                }
                show(app, msg::case_library_esc_back(), lines, None);
                None
            })
            .map_err(|e| e.to_string()),
        Paper::ShowHandover => show_handover(store, app, None)
            .map(|()| None)
            .map_err(|e| e.to_string()),
        // Writes: the runtime hands them to the writer (`write_of`); never performed here.
        Paper::StartShift { .. } | Paper::SignHandover { .. } | Paper::Attach { .. } => Ok(None),
        Paper::Export { id, kind } => IncidentPaper::load(store, id)
            .map_err(|e| e.to_string())
            .and_then(|paper| {
                let officer = store.filing_officer(&user).unwrap_or(user.clone());
                let doc = paper.doc(&app.plan, kind, Some(&officer), now);
                let name = incident_file(kind, id.0, now, tz, Format::Docx);
                write_doc(&app.report_dir, &name, &doc, now)
            })
            .map(|path| Some(msg::written_to(id, kind.zh(), path.display()))),
        Paper::ExportHandover { id } => store
            .handover(id)
            .map_err(|e| e.to_string())
            .and_then(|h| {
                let doc = crate::report::daily::handover_doc(&app.plan, &h);
                let name = handover_file(h.id, h.sheet.at, tz, Format::Docx);
                write_doc(&app.report_dir, &name, &doc, now)
            })
            .map(|path| Some(msg::handover_written_to(id, path.display()))),
    };
    match result {
        Ok(Some(msg)) => app.set_status(msg, false),
        Ok(None) => {}
        Err(e) => app.set_status(e, true),
    }
}

/// What the officer typed as evidence: a URL (http/https), or a file path (`~/` is the home
/// folder).
fn evidence_source(what: &str) -> EvidenceSource {
    let what = what.trim();
    let lower = what.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return EvidenceSource::Url(what.to_string());
    }
    EvidenceSource::File(match what.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map(|h| std::path::PathBuf::from(h).join(rest))
            .unwrap_or_else(|| std::path::PathBuf::from(what)),
        None => std::path::PathBuf::from(what),
    })
}
