//! `yuqing checkin`, `yuqing sensitive on|off|status`, `yuqing duty status|done`.

use super::out::say;
use chrono::{DateTime, Utc};

use super::{CmdResult, Ctx, DutyCommand, Failure, SensitiveCommand};
use crate::domain::change::{Applied, Change, DutyChange};
use crate::domain::duty::{DutyKind, active_period, checkin_due, current_slot, slots};
use crate::domain::text::inert;
use crate::domain::time::{hms, human_span, local_minute};
use crate::i18n::cli as msg;

pub(crate) fn checkin(ctx: &mut Ctx) -> CmdResult {
    let state = ctx.store.duty_state(ctx.now)?;
    ctx.apply(Change::Duty(DutyChange::CheckIn))?;
    let next = checkin_due(
        &ctx.plan,
        &crate::domain::duty::DutyState {
            last_checkin: Some(ctx.now),
            ..state
        },
        ctx.now,
    );
    match next {
        Some(n) => say!(
            "{}",
            msg::checked_in_next_check_in_by(&ctx.user, local_minute(n, ctx.plan.tz))
        ),
        None => say!("{}", msg::checked_in_no_sensitive_period_is(&ctx.user)),
    }
    Ok(())
}

pub(crate) fn sensitive(ctx: &mut Ctx, c: SensitiveCommand) -> CmdResult {
    match c {
        SensitiveCommand::On { name } => {
            ctx.apply(Change::Duty(DutyChange::SensitiveOn { name: name.clone() }))?;
            say!(
                "{}",
                msg::sensitive_period_on_earlier_warnings_overdue(
                    inert(name.trim()),
                    human_span(ctx.plan.sensitive.alerts.overdue_repeat),
                    human_span(ctx.plan.sensitive.checkin_every)
                )
            );
            Ok(())
        }
        SensitiveCommand::Off { reason } => {
            let name = match ctx.apply(Change::Duty(DutyChange::SensitiveOff { reason }))? {
                Applied::Duty(Some(name)) => name,
                _ => String::new(),
            };
            say!("{}", msg::sensitive_period_off(inert(&name)));
            Ok(())
        }
        SensitiveCommand::Status => status(ctx),
    }
}

pub(crate) fn duty(ctx: &mut Ctx, c: DutyCommand) -> CmdResult {
    match c {
        DutyCommand::Status => status(ctx),
        DutyCommand::Done {
            kind,
            slot,
            found,
            nothing_new,
        } => {
            let k = DutyKind::parse(&kind)
                .filter(|k| *k != DutyKind::CheckIn)
                .ok_or_else(|| Failure::from(msg::duty_is_not_understood_write_report(&kind)))?;
            let state = ctx.store.duty_state(ctx.now)?;
            let at: DateTime<Utc> = match slot {
                None => current_slot(&ctx.plan, &state, k, ctx.now)
                    .map(|s| s.at)
                    .ok_or_else(|| Failure::from(msg::plan_sets_no_time(k.name())))?,
                Some(hm) => slots(&ctx.plan, &state, ctx.now)
                    .into_iter()
                    .filter(|s| s.kind == k)
                    .find(|s| {
                        s.at.with_timezone(&ctx.plan.tz).format("%H:%M").to_string() == hm.trim()
                    })
                    .map(|s| s.at)
                    .ok_or_else(|| {
                        Failure::from(msg::is_not_recent_time_see_yuqing(&hm, k.name()))
                    })?,
            };
            let checklist = if k == DutyKind::Sweep {
                checklist(&ctx.plan, &found, nothing_new)?
            } else {
                Vec::new()
            };
            ctx.apply(Change::Duty(DutyChange::Done {
                kind: k,
                slot: at,
                checklist,
            }))?;
            say!(
                "{}",
                msg::marked_done(k.name(), local_minute(at, ctx.plan.tz))
            );
            Ok(())
        }
    }
}

fn status(ctx: &mut Ctx) -> CmdResult {
    let state = ctx.store.duty_state(ctx.now)?;
    let tz = ctx.plan.tz;
    match active_period(&ctx.plan, &state, ctx.now) {
        Some(p) => {
            let until = match p.until {
                Some(u) => local_minute(u, tz),
                None => msg::until_switched_off().to_string(),
            };
            say!(
                "{}",
                msg::sensitive_period_since(inert(&p.name), local_minute(p.since, tz), &until)
            );
            if let Some(due) = checkin_due(&ctx.plan, &state, ctx.now) {
                let left = if due >= ctx.now {
                    msg::left(hms(due - ctx.now))
                } else {
                    msg::overdue_by(hms(ctx.now - due))
                };
                say!("{}", msg::next_check_in(local_minute(due, tz), &left));
            }
        }
        None => say!("{}", msg::sensitive_period_none()),
    }
    for k in [DutyKind::Sweep, DutyKind::Report, DutyKind::Monthly] {
        if let Some(s) = current_slot(&ctx.plan, &state, k, ctx.now) {
            let mark = if s.done {
                msg::already_done().to_string()
            } else if s.at < ctx.now {
                msg::past_by(hms(ctx.now - s.at))
            } else {
                msg::left(hms(s.at - ctx.now))
            };
            say!(
                "{}",
                msg::duty_slot(k.name(), local_minute(s.at, tz), &mark)
            );
        }
    }
    let upcoming: Vec<String> = ctx
        .plan
        .sensitive
        .periods
        .iter()
        .filter(|p| p.until > ctx.now)
        .map(|p| {
            format!(
                "{} {} → {}",
                inert(&p.name),
                local_minute(p.from, tz),
                local_minute(p.until, tz)
            )
        })
        .collect();
    if !upcoming.is_empty() {
        say!(
            "{}{}",
            msg::calendar(),
            crate::i18n::join_clauses(&upcoming)
        );
    }
    Ok(())
}

/// The sweep checklist from `--found ITEM=IDS` and `--nothing-new` (the store checks that
/// every item is ticked once).
fn checklist(
    plan: &crate::domain::plan::Plan,
    found: &[String],
    nothing_new: bool,
) -> Result<Vec<crate::domain::duty::SweepCheck>, Failure> {
    use crate::domain::duty::SweepCheck;
    let items = plan.duties.sweep_items();
    let mut out: Vec<SweepCheck> = Vec::new();
    for f in found {
        let (item, ids) = f
            .split_once('=')
            .ok_or_else(|| Failure::from(msg::found_needs_item_and_ids(f)))?;
        let item = item.trim();
        let name = items
            .iter()
            .find(|i| *i == item || **i == crate::i18n::domain::keyword_item(item))
            .cloned()
            .unwrap_or_else(|| item.to_string());
        let ids = ids
            .split(|c: char| c.is_whitespace() || crate::i18n::ui::NAME_SEPARATORS.contains(&c))
            .map(|s| s.trim().trim_start_matches('#'))
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<i64>()
                    .map_err(|_| Failure::from(msg::found_needs_item_and_ids(f)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.push(SweepCheck {
            item: name,
            found: ids,
        });
    }
    if nothing_new {
        for i in &items {
            if !out.iter().any(|c| c.item == *i) {
                out.push(SweepCheck {
                    item: i.clone(),
                    found: Vec::new(),
                });
            }
        }
    }
    Ok(out)
}
