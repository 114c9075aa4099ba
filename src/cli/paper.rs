//! The paperwork commands: report fields, evidence, reports, the ledger, shifts and handovers.

use super::out::{say, say_raw};
use std::path::{Path, PathBuf};

use super::stats::date_range;
use super::{
    CmdResult, Ctx, EvidenceCommand, Failure, FillArgs, HandoverCommand, ReportCommand,
    ShiftCommand,
};
use crate::domain::change::{Applied, Change, EvidenceSource};
use crate::domain::incident::IncidentId;
use crate::domain::records::{EvidenceKind, Handover, ReportField};
use crate::domain::text::inert;
use crate::domain::time::{local_midnight, local_minute, parse_date};
use crate::i18n::cli as msg;
use crate::report::build::IncidentPaper;
use crate::report::{Doc, Format, Kind, handover_file, incident_file, period};
use crate::store::check_evidence;

pub(crate) fn fill(ctx: &mut Ctx, a: FillArgs) -> CmdResult {
    let given = [
        (ReportField::Place, a.place),
        (ReportField::Casualties, a.casualties),
        (ReportField::Losses, a.losses),
        (ReportField::Attitude, a.attitude),
        (ReportField::Measures, a.measures),
        (ReportField::Cause, a.cause),
        (ReportField::Facts, a.facts),
        (ReportField::Assessment, a.assessment),
        (ReportField::Proposal, a.proposal),
        (ReportField::Leader, a.leader),
        (ReportField::Lessons, a.lessons),
        (ReportField::Outlook, a.outlook),
    ];
    let values: Vec<(ReportField, String)> = given
        .into_iter()
        .filter_map(|(f, v)| v.map(|v| (f, v)))
        .collect();
    if values.is_empty() {
        return Err(Failure::from(msg::give_at_least_one_report_field()));
    }
    let id = IncidentId(a.id);
    let n = match ctx.apply(Change::ReportFields { id, values })? {
        Applied::Fields(_, n) => n,
        _ => 0,
    };
    say!("{}", msg::report_field_s_updated(id, n));
    Ok(())
}

pub(crate) fn evidence(ctx: &mut Ctx, c: EvidenceCommand) -> CmdResult {
    match c {
        EvidenceCommand::Add {
            id,
            url,
            file,
            note,
        } => {
            let id = IncidentId(id);
            let source = match (url, file) {
                (Some(u), _) => EvidenceSource::Url(u),
                (None, Some(f)) => EvidenceSource::File(f),
                (None, None) => {
                    return Err(Failure::from(msg::give_link_with_url_or_file()));
                }
            };
            let eid = match ctx.apply(Change::Attach { id, source, note })? {
                Applied::Attached(_, eid) => eid,
                _ => 0,
            };
            let e = ctx.store.evidence(id)?.into_iter().find(|e| e.id == eid);
            match e.and_then(|e| e.sha256) {
                Some(sha) => say!("{}", msg::evidence_attached_sha_256(id, eid, &sha)),
                None => say!("{}", msg::link_attached_with_id(id, eid)),
            }
            Ok(())
        }
        EvidenceCommand::List { id, json } => {
            let id = IncidentId(id);
            ctx.store.incident(id)?;
            let list = ctx.store.evidence(id)?;
            let checked: Vec<_> = list.iter().map(|e| (e, check_evidence(e))).collect();
            if json {
                let v: Vec<_> = checked
                    .iter()
                    .map(|(e, c)| serde_json::json!({"evidence": e, "check": c}))
                    .collect();
                say!("{}", serde_json::to_string_pretty(&v)?);
            } else if list.is_empty() {
                say!("{}", msg::no_evidence());
            }
            if !json {
                for (e, c) in &checked {
                    let kind = match e.kind {
                        EvidenceKind::Url => msg::link(),
                        EvidenceKind::File => msg::file(),
                    };
                    say!(
                        "{:>4}  {}  {kind}  {}  {}",
                        e.id,
                        local_minute(e.at, ctx.plan.tz),
                        inert(&e.location),
                        c.name()
                    );
                    if let Some(sha) = &e.sha256 {
                        say!("      SHA-256 {sha}  {} B", e.bytes.unwrap_or(0));
                    }
                    if let Some(n) = &e.note {
                        say!("      {}", inert(n));
                    }
                }
            }
            // A changed or missing file is a finding: exit non-zero so scripts notice.
            if checked.iter().any(|(_, c)| c.is_problem()) {
                return Err(Failure {
                    message: msg::some_evidence_files_changed_or_are().into(),
                    code: 3,
                });
            }
            Ok(())
        }
    }
}

fn save(doc: &Doc, format: Format, path: &Path, ctx: &Ctx) -> CmdResult {
    let bytes = format.render(doc, ctx.now)?;
    crate::files::write(path, &bytes, ctx.existing())?;
    say!("{}", msg::wrote(&doc.title, path.display()));
    Ok(())
}

pub(crate) fn report(ctx: &mut Ctx, c: ReportCommand) -> CmdResult {
    match c {
        ReportCommand::Daily {
            date,
            format,
            output,
        } => {
            let format = Format::parse(&format)?;
            let day = match date {
                Some(d) => parse_date(&d)?,
                None => ctx.now.with_timezone(&ctx.plan.tz).date_naive(),
            };
            let incidents = ctx.store.incidents(true)?;
            let who = ctx.store.filing_officer(&ctx.user)?;
            // The report prints the chain head, and the head is kept: a trail cut back later
            // fails `audit verify` (and the paper copy with --head).
            let head = ctx.store.chain_head()?;
            let from = crate::domain::time::local_midnight(day, ctx.plan.tz);
            let sweeps = ctx
                .store
                .sweeps_between(from, from + chrono::Duration::days(1))?;
            let filing = crate::report::build::Filing {
                office: &ctx.office,
                officer: Some(&who),
                number: None,
                now: ctx.now,
            };
            let doc = crate::report::daily::daily_doc(
                &ctx.plan,
                &incidents,
                &sweeps,
                day,
                filing,
                head.as_ref(),
            );
            let path =
                output.unwrap_or_else(|| PathBuf::from(format!("当日舆情-{day}.{}", format.ext())));
            save(&doc, format, &path, ctx)?;
            if let Some(h) = &head {
                ctx.apply(Change::RecordHead {
                    head: h.clone(),
                    document: format!("daily {day}"),
                })?;
            }
            Ok(())
        }
        ReportCommand::Monthly {
            month,
            format,
            output,
            number,
        } => monthly(ctx, month.as_deref(), &format, output, number.as_deref()),
        ReportCommand::Statistics {
            from,
            to,
            format,
            output,
        } => statistics(ctx, (from.as_deref(), to.as_deref()), &format, output),
        ReportCommand::Incident {
            id,
            kind,
            format,
            output,
            number,
        } => {
            let kind = Kind::parse(&kind)?;
            let format = Format::parse(&format)?;
            let paper = IncidentPaper::load(&ctx.store, IncidentId(id), kind)?;
            if kind == Kind::Registration && number.is_some() {
                return Err(Failure::from(msg::a_form_takes_no_number(kind.zh())));
            }
            let path = output.unwrap_or_else(|| {
                PathBuf::from(incident_file(kind, id, ctx.now, ctx.plan.tz, format))
            });
            let numbering = numbering(ctx, number.as_deref(), &path)?;
            let who = ctx.store.filing_officer(&ctx.user)?;
            let filing = crate::report::build::Filing {
                office: &ctx.office,
                officer: Some(&who),
                number: numbering.as_ref().map(|n| n.number),
                now: ctx.now,
            };
            let doc = paper.doc(&ctx.plan, kind, filing);
            let document = format!("{} #{id}", kind.zh());
            save_numbered(&doc, (format, &path), (numbering, &document), ctx)
        }
    }
}

/// The 发文字号 a document is to be printed under.
struct Numbering {
    prefix: String,
    year: i32,
    number: u32,
}

/// Writes `doc` as `format` to `path`; a numbered one's number is issued (or, printed again,
/// its printing recorded: see `Store::issue_number`) with the SHA-256 of the file first.
fn save_numbered(
    doc: &Doc,
    (format, path): (Format, &Path),
    (numbering, document): (Option<Numbering>, &str),
    ctx: &mut Ctx,
) -> CmdResult {
    let Some(n) = numbering else {
        return save(doc, format, path, ctx);
    };
    // A numbered document is dated in its properties when its number was issued, so that the
    // same text printed again is the same file.
    let created = match ctx.store.number_issued_at(n.year, n.number)? {
        Some((d, at)) if d == document => at,
        _ => ctx.now,
    };
    let bytes = format.render(doc, created)?;
    // The file in either format, so that the same text printed as the other one later is
    // known for what it is.
    let mut printed = vec![(format.ext().to_string(), crate::store::sha256_hex(&bytes))];
    for f in [Format::Docx, Format::Markdown]
        .into_iter()
        .filter(|f| *f != format)
    {
        let sha = crate::store::sha256_hex(&f.render(doc, created)?);
        printed.push((f.ext().to_string(), sha));
    }
    let applied = ctx.apply(Change::IssueNumber {
        prefix: n.prefix.clone(),
        year: n.year,
        number: Some(n.number),
        document: document.to_string(),
        printed,
    })?;
    crate::files::write(path, &bytes, ctx.existing())?;
    say!("{}", msg::wrote(&doc.title, path.display()));
    if let Applied::Number(_, crate::domain::change::Printing::NewVersion { first }) = applied {
        let number = format!("{}〔{}〕{}号", inert(&n.prefix), n.year, n.number);
        let first = local_minute(first, ctx.plan.tz);
        say!("{}", msg::printed_as_a_new_version(&number, first));
    }
    Ok(())
}

/// The 发文字号 asked for with `--number` (auto: the next of the year; or N), once the file it
/// goes into can be written; None without `--number` (a draft takes no number). Nothing is
/// written: the number is issued with the file it is printed in (`save_numbered`).
fn numbering(
    ctx: &mut Ctx,
    number: Option<&str>,
    path: &Path,
) -> Result<Option<Numbering>, Failure> {
    use chrono::Datelike;
    let Some(asked) = number else {
        return Ok(None);
    };
    let wanted = match asked.trim() {
        "auto" | "next" | "自动" => None,
        n => Some(
            n.parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| Failure::from(msg::number_is_not_understood(asked)))?,
        ),
    };
    let prefix = ctx
        .office
        .number_prefix
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| Failure::from(msg::number_needs_a_prefix().to_string()))?
        .to_string();
    crate::files::can_write(path, ctx.existing())?;
    let year = ctx.now.with_timezone(&ctx.plan.tz).year();
    let number = match wanted {
        Some(n) => n,
        None => ctx.store.next_number(year)?,
    };
    Ok(Some(Numbering {
        prefix,
        year,
        number,
    }))
}

/// `report monthly`: the 网络舆情汇报 of a month (default: the one just ended).
fn monthly(
    ctx: &mut Ctx,
    month: Option<&str>,
    format: &str,
    output: Option<PathBuf>,
    number: Option<&str>,
) -> CmdResult {
    let format = Format::parse(format)?;
    let first = super::stats::month_start(ctx, month)?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let tz = ctx.plan.tz;
    let incidents = ctx.store.incidents(true)?;
    let sweeps = ctx
        .store
        .sweeps_between(local_midnight(first, tz), local_midnight(next, tz))?;
    let path = output.unwrap_or_else(|| {
        PathBuf::from(format!(
            "网络舆情月报-{}.{}",
            first.format("%Y-%m"),
            format.ext()
        ))
    });
    let numbering = numbering(ctx, number, &path)?;
    let number = numbering.as_ref().map(|n| n.number);
    let who = ctx.store.filing_officer(&ctx.user)?;
    let filing = period::Filing {
        office: &ctx.office,
        officer: Some(&who),
        number,
        now: ctx.now,
    };
    let doc = period::monthly_doc(&ctx.plan, &incidents, &sweeps, first, filing);
    let document = format!("月报 {}", first.format("%Y-%m"));
    save_numbered(&doc, (format, &path), (numbering, &document), ctx)
}

/// `report statistics`: the 监测统计表 of a date range.
fn statistics(
    ctx: &mut Ctx,
    (from, to): (Option<&str>, Option<&str>),
    format: &str,
    output: Option<PathBuf>,
) -> CmdResult {
    let format = Format::parse(format)?;
    let (from_day, to_day) = date_range(ctx, from, to)?;
    let tz = ctx.plan.tz;
    let incidents = ctx.store.incidents(true)?;
    let sweeps = ctx.store.sweeps_between(
        local_midnight(from_day, tz),
        local_midnight(to_day + chrono::Duration::days(1), tz),
    )?;
    let who = ctx.store.filing_officer(&ctx.user)?;
    let filing = period::Filing {
        office: &ctx.office,
        officer: Some(&who),
        number: None,
        now: ctx.now,
    };
    let doc = period::statistics_doc(&ctx.plan, &incidents, &sweeps, (from_day, to_day), filing);
    let path = output.unwrap_or_else(|| {
        PathBuf::from(format!("监测统计表-{from_day}-{to_day}.{}", format.ext()))
    });
    save(&doc, format, &path, ctx)
}

pub(crate) fn ledger(
    ctx: &mut Ctx,
    from: Option<&str>,
    to: Option<&str>,
    output: &Path,
) -> CmdResult {
    let (from_day, to_day) = date_range(ctx, from, to)?;
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let incidents = ctx.store.incidents(true)?;
    let rows = crate::report::ledger::rows(&ctx.plan, &incidents, from_day, to_day, ctx.now);
    let bytes = match ext.as_deref() {
        Some("xlsx") => {
            crate::report::ledger::xlsx(&format!("网络舆情台账（{from_day} 至 {to_day}）"), &rows)?
        }
        Some("csv") => crate::report::ledger::csv(&rows)?,
        _ => {
            return Err(Failure::from(msg::output_file_should_end_in_xlsx(
                output.display(),
            )));
        }
    };
    crate::files::write(output, &bytes, ctx.existing())?;
    say!(
        "{}",
        msg::ledger_to_row_s_written_to(from_day, to_day, rows.len(), output.display())
    );
    Ok(())
}

pub(crate) fn shift(ctx: &mut Ctx, c: ShiftCommand) -> CmdResult {
    match c {
        ShiftCommand::Start { officer, notes } => {
            let incidents = ctx.store.incidents(false)?;
            let sheet = ctx.store.shift_sheet(
                &ctx.plan,
                &incidents,
                &officer,
                notes.as_deref(),
                &ctx.user,
                ctx.now,
            )?;
            let id = match ctx.apply(Change::StartShift(Box::new(sheet.clone())))? {
                Applied::Shift(id) => id,
                _ => 0,
            };
            say!(
                "{}",
                msg::handover_open_overdue_unacknowledged_alert_s(
                    id,
                    inert(sheet.from.as_deref().unwrap_or("—")),
                    inert(&sheet.to),
                    sheet.items.len(),
                    sheet.overdue().count(),
                    sheet.unacked.len()
                )
            );
            Ok(())
        }
        ShiftCommand::Status => {
            match ctx.store.handovers(1)?.first() {
                None => say!("{}", msg::no_shift_recorded_yet_start_one()),
                Some(h) => say!("{}", status_line(ctx, h)),
            }
            Ok(())
        }
    }
}

fn status_line(ctx: &Ctx, h: &Handover) -> String {
    let tz = ctx.plan.tz;
    let since = local_minute(h.sheet.at, tz);
    match (&h.signed_by, h.signed_at) {
        (Some(by), Some(at)) => msg::on_duty_since_handover_signed_by(
            inert(&h.sheet.to),
            &since,
            h.id,
            local_minute(at, tz),
            inert(by),
        ),
        _ => msg::on_duty_since_handover_not_signed(inert(&h.sheet.to), &since, h.id),
    }
}

fn pick(ctx: &Ctx, id: Option<i64>) -> Result<Handover, Failure> {
    match id {
        Some(id) => Ok(ctx.store.handover(id)?),
        None => ctx
            .store
            .handovers(1)?
            .into_iter()
            .next()
            .ok_or_else(|| Failure::from(msg::there_is_no_handover_yet_hand())),
    }
}

pub(crate) fn handover(ctx: &mut Ctx, c: HandoverCommand) -> CmdResult {
    match c {
        HandoverCommand::List { limit } => {
            let list = ctx.store.handovers(limit)?;
            if list.is_empty() {
                say!("{}", msg::no_handovers());
            }
            for h in &list {
                say!("#{:<4} {}", h.id, status_line(ctx, h));
            }
            Ok(())
        }
        HandoverCommand::Show { id } => {
            let h = pick(ctx, id)?;
            let doc = crate::report::daily::handover_doc(&ctx.plan, &h);
            say_raw!("{}", crate::report::markdown::render(&doc));
            Ok(())
        }
        HandoverCommand::Sign { id, officer } => {
            let h = pick(ctx, id)?;
            ctx.apply(Change::SignHandover {
                id: h.id,
                name: officer.clone(),
            })?;
            say!("{}", msg::handover_signed_by(h.id, inert(officer.trim())));
            Ok(())
        }
        HandoverCommand::Export { id, format, output } => {
            let format = Format::parse(&format)?;
            let h = pick(ctx, id)?;
            let doc = crate::report::daily::handover_doc(&ctx.plan, &h);
            let path = output.unwrap_or_else(|| {
                PathBuf::from(handover_file(h.id, h.sheet.at, ctx.plan.tz, format))
            });
            save(&doc, format, &path, ctx)
        }
    }
}
