//! The board's paperwork: statistics and case pages, shift changes and signatures, document
//! exports into the report folder, evidence. Each write is one store transaction. Nothing here
//! changes the board: what was read or done goes back to `update` as `Loaded` values.

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
use crate::ui::app::{App, HandoverBrief, Paper};
use crate::ui::update::{Failure, Loaded};

/// The latest shift change, for the header and `W`.
pub(crate) fn handover_brief(store: &Store) -> Option<HandoverBrief> {
    let h = store.handovers(1).ok()?.into_iter().next()?;
    Some(HandoverBrief {
        id: h.id,
        to: h.sheet.to,
        signed: h.signed_at.is_some(),
        acting: store.acting_officer().ok().flatten(),
    })
}

/// Reads what the detail view shows besides the incident itself. A file already checked
/// while this view is open keeps its result: a reload after every synced change must not
/// re-read every screenshot (opening the view again checks them afresh: `fresh`).
pub(crate) fn load_detail(
    store: &Store,
    app: &App,
    id: crate::domain::incident::IncidentId,
    fresh: bool,
) -> Loaded {
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
            return Loaded::DetailFailed {
                id,
                error: e.into(),
            };
        }
    };
    // What this view already checked (nothing when it opens afresh).
    let known: &[_] = match &app.overlay {
        Some(crate::ui::app::Overlay::Detail { records, .. }) if !fresh => &records.evidence,
        _ => &[],
    };
    let evidence = evidence
        .into_iter()
        .map(|e| {
            let c = known
                .iter()
                .find(|(k, _)| k.id == e.id)
                .map_or_else(|| check_evidence(&e), |(_, c)| *c);
            (e, c)
        })
        .collect();
    Loaded::Detail {
        id,
        events,
        fields,
        evidence,
    }
}

fn page(title: String, lines: Vec<String>, handover: Option<i64>) -> Loaded {
    Loaded::PageReady {
        title,
        lines,
        handover,
        refresh: None,
    }
}

fn write_doc(
    dir: &Path,
    name: &str,
    doc: &Doc,
    now: DateTime<Utc>,
) -> std::result::Result<PathBuf, Failure> {
    crate::files::private_dir(dir).map_err(|e| Failure::ReportFolder(dir.to_path_buf(), e))?;
    // A document exported twice keeps both: the second gets the next free name.
    Ok(write_file(
        &dir.join(name),
        &Format::Docx.render(doc, now)?,
        Existing::NewName,
    )?)
}

fn show_handover(store: &Store, app: &App, id: Option<i64>) -> Result<Loaded> {
    let h = match id {
        Some(id) => store.handover(id)?,
        None => store
            .handovers(1)?
            .into_iter()
            .next()
            .ok_or(StoreError::Refused(crate::store::Refusal::NoHandoverYet))?,
    };
    let doc = crate::report::daily::handover_doc(&app.plan, &h);
    let hint = if h.signed_at.is_none() {
        msg::handover_enter_sign_x_export_esc(h.id)
    } else {
        msg::handover_x_export_esc_back(h.id)
    };
    Ok(page(hint, crate::report::text::lines(&doc), Some(h.id)))
}

/// Performs one paperwork effect and says what happened in the status line.
/// The write a paperwork effect makes, if it makes one: the shift sheet is drawn up here, from
/// the open incidents as recorded when the key is pressed; the signature and the evidence as
/// typed.
pub(crate) fn write_of(
    store: &Store,
    app: &App,
    p: &Paper,
    now: DateTime<Utc>,
) -> Option<std::result::Result<Write, Failure>> {
    match p {
        Paper::StartShift { to, notes } => Some(
            // From the record, not the cards: a card holds only what it shows until a key
            // acts on it (and the sheet names each case's assignee).
            store
                .incidents(false)
                .and_then(|incs| {
                    store.shift_sheet(
                        &app.plan,
                        &incs,
                        to,
                        notes.as_deref(),
                        app.acting_user(),
                        now,
                    )
                })
                .map(|sheet| Write::once(Change::StartShift(Box::new(sheet))))
                .map_err(Failure::from),
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
pub(crate) fn filed(store: &Store, app: &App, f: Filed) -> Vec<Loaded> {
    let done = match f {
        Filed::Shift(id) => {
            let to = store.handover(id).map(|h| h.sheet.to).unwrap_or_default();
            show_handover(store, app, Some(id)).map(|p| {
                vec![
                    Loaded::Handover(handover_brief(store)),
                    p,
                    Loaded::Done(msg::handover_recorded_presses_enter_to_sign(id, inert(&to))),
                ]
            })
        }
        Filed::Signed(id) => {
            let by = store
                .handover(id)
                .ok()
                .and_then(|h| h.signed_by)
                .unwrap_or_default();
            show_handover(store, app, Some(id)).map(|p| {
                vec![
                    Loaded::Handover(handover_brief(store)),
                    p,
                    Loaded::Done(msg::handover_signed_by_audited(id, inert(by.trim()))),
                ]
            })
        }
        Filed::Attached(id, eid) => store.evidence(id).map(|ev| {
            let said = match ev.into_iter().find(|e| e.id == eid) {
                Some(e) if e.kind == EvidenceKind::File => {
                    msg::file_attached_sha_256(id, e.sha256.unwrap_or_default())
                }
                _ => msg::link_attached(id),
            };
            vec![load_detail(store, app, id, false), Loaded::Done(said)]
        }),
    };
    done.unwrap_or_else(|e| vec![Loaded::Failed(e.into())])
}

/// A refused signature: the sheet stays open for the right officer to sign.
pub(crate) fn sign_refused(store: &Store, app: &App, id: i64) -> Vec<Loaded> {
    show_handover(store, app, Some(id)).into_iter().collect()
}

/// Performs one paperwork effect that writes nothing to the record (pages, exports).
pub(crate) fn perform(store: &Store, app: &App, p: Paper, now: DateTime<Utc>) -> Vec<Loaded> {
    let user = app.acting_user().to_string();
    let tz = app.plan.tz;
    let result: std::result::Result<Vec<Loaded>, Failure> = match p {
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
            Ok(vec![page(
                msg::window_compliance_30_days_esc_back(),
                crate::present::stats_lines(&s, from_day, to_day),
                None,
            )])
        })()
        .map_err(|e: StoreError| e.into()),
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
                vec![page(msg::case_library_esc_back(), lines, None)]
            })
            .map_err(Failure::from),
        Paper::Below => store
            .cases_below(&app.plan.first_report_actions())
            .map(|cases| {
                vec![
                    Loaded::Below(crate::ui::app::BelowBrief::of(&cases)),
                    Loaded::PageReady {
                        title: msg::offices_below_esc_back(),
                        lines: crate::present::below_lines(&app.plan, &cases),
                        handover: None,
                        refresh: Some(Paper::Below),
                    },
                ]
            })
            .map_err(Failure::from),
        Paper::ShowHandover => show_handover(store, app, None)
            .map(|p| vec![p])
            .map_err(Failure::from),
        // Writes: the runtime hands them to the writer (`write_of`); never performed here.
        Paper::StartShift { .. } | Paper::SignHandover { .. } | Paper::Attach { .. } => {
            Ok(Vec::new())
        }
        Paper::Export { id, kind } => IncidentPaper::load(store, id, kind)
            .map_err(Failure::from)
            .and_then(|paper| {
                let officer = store.filing_officer(&user).unwrap_or(user.clone());
                let filing = crate::report::build::Filing {
                    office: &app.office,
                    officer: Some(&officer),
                    number: None,
                    now,
                };
                let doc = paper.doc(&app.plan, kind, filing);
                let name = incident_file(kind, id.0, now, tz, Format::Docx);
                write_doc(&app.report_dir, &name, &doc, now)
            })
            .map(|path| vec![Loaded::Done(msg::written_to(id, kind.zh(), path.display()))]),
        Paper::ExportHandover { id } => store
            .handover(id)
            .map_err(Failure::from)
            .and_then(|h| {
                let doc = crate::report::daily::handover_doc(&app.plan, &h);
                let name = handover_file(h.id, h.sheet.at, tz, Format::Docx);
                write_doc(&app.report_dir, &name, &doc, now)
            })
            .map(|path| vec![Loaded::Done(msg::handover_written_to(id, path.display()))]),
    };
    result.unwrap_or_else(|e| vec![Loaded::Failed(e)])
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
