//! `yuqing checkin`, `yuqing sensitive on|off|status`, `yuqing duty status|done`.

use chrono::{DateTime, Utc};

use super::{CmdResult, Ctx, DutyCommand, Failure, SensitiveCommand};
use crate::domain::duty::{DutyKind, active_period, checkin_due, current_slot, slots};
use crate::domain::text::inert;
use crate::domain::time::{hms, human_span, local_minute};
use crate::i18n::{t, ts};

pub fn checkin(ctx: &mut Ctx) -> CmdResult {
    let state = ctx.store.duty_state(ctx.now)?;
    ctx.store.check_in(&ctx.user, ctx.now)?;
    let next = checkin_due(
        &ctx.plan,
        &crate::domain::duty::DutyState {
            last_checkin: Some(ctx.now),
            ..state
        },
        ctx.now,
    );
    match next {
        Some(n) => println!(
            "{}",
            t(
                format!(
                    "已签到（{}），下次签到：{}",
                    ctx.user,
                    local_minute(n, ctx.plan.tz)
                ),
                format!(
                    "checked in ({}); next check-in by {}",
                    ctx.user,
                    local_minute(n, ctx.plan.tz)
                ),
            )
        ),
        None => println!(
            "{}",
            t(
                format!("已签到（{}）；当前不在敏感时段", ctx.user),
                format!("checked in ({}); no sensitive period is in force", ctx.user),
            )
        ),
    }
    Ok(())
}

pub fn sensitive(ctx: &mut Ctx, c: SensitiveCommand) -> CmdResult {
    match c {
        SensitiveCommand::On { name } => {
            ctx.store.sensitive_on(&name, &ctx.user, ctx.now)?;
            println!(
                "{}",
                t(
                    format!(
                        "已开启敏感时段“{}”：告警提前、超时每 {} 重复，每 {} 签到一次",
                        inert(name.trim()),
                        human_span(ctx.plan.sensitive.alerts.overdue_repeat),
                        human_span(ctx.plan.sensitive.checkin_every)
                    ),
                    format!(
                        "sensitive period \"{}\" on: earlier warnings, overdue repeats every {}, check in every {}",
                        inert(name.trim()),
                        human_span(ctx.plan.sensitive.alerts.overdue_repeat),
                        human_span(ctx.plan.sensitive.checkin_every)
                    ),
                )
            );
            Ok(())
        }
        SensitiveCommand::Off { reason } => {
            let name = ctx
                .store
                .sensitive_off(reason.as_deref(), &ctx.user, ctx.now)?;
            println!(
                "{}",
                t(
                    format!("已关闭敏感时段“{}”", inert(&name)),
                    format!("sensitive period \"{}\" off", inert(&name)),
                )
            );
            Ok(())
        }
        SensitiveCommand::Status => status(ctx),
    }
}

pub fn duty(ctx: &mut Ctx, c: DutyCommand) -> CmdResult {
    match c {
        DutyCommand::Status => status(ctx),
        DutyCommand::Done { kind, slot } => {
            let k = DutyKind::parse(&kind)
                .filter(|k| *k != DutyKind::CheckIn)
                .ok_or_else(|| {
                    Failure::from(t(
                        format!("值守事项“{kind}”无法识别，请写 report（日报）或 sweep（巡查）"),
                        format!("duty \"{kind}\" is not understood; write report or sweep"),
                    ))
                })?;
            let state = ctx.store.duty_state(ctx.now)?;
            let at: DateTime<Utc> = match slot {
                None => current_slot(&ctx.plan, &state, k, ctx.now)
                    .map(|s| s.at)
                    .ok_or_else(|| {
                        Failure::from(t(
                            format!("预案中没有{}时间", k.name()),
                            format!("the plan sets no {} time", k.name()),
                        ))
                    })?,
                Some(hm) => slots(&ctx.plan, &state, ctx.now)
                    .into_iter()
                    .filter(|s| s.kind == k)
                    .find(|s| {
                        s.at.with_timezone(&ctx.plan.tz).format("%H:%M").to_string() == hm.trim()
                    })
                    .map(|s| s.at)
                    .ok_or_else(|| {
                        Failure::from(t(
                            format!(
                                "{hm} 不是近期的{}时间，请用 yuqing duty status 查看",
                                k.name()
                            ),
                            format!(
                                "{hm} is not a recent {} time; see yuqing duty status",
                                k.name()
                            ),
                        ))
                    })?,
            };
            ctx.store.duty_done(k, at, &ctx.user, ctx.now)?;
            println!(
                "{}",
                t(
                    format!("已标记完成：{} {}", k.name(), local_minute(at, ctx.plan.tz)),
                    format!(
                        "marked done: {} {}",
                        k.name(),
                        local_minute(at, ctx.plan.tz)
                    ),
                )
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
                None => ts("手动关闭为止", "until switched off").to_string(),
            };
            println!(
                "{}",
                t(
                    format!(
                        "敏感时段：{}（{} 起，{}）",
                        inert(&p.name),
                        local_minute(p.since, tz),
                        until
                    ),
                    format!(
                        "sensitive period: {} (since {}, {})",
                        inert(&p.name),
                        local_minute(p.since, tz),
                        until
                    ),
                )
            );
            if let Some(due) = checkin_due(&ctx.plan, &state, ctx.now) {
                let left = if due >= ctx.now {
                    t(
                        format!("剩余 {}", hms(due - ctx.now)),
                        format!("{} left", hms(due - ctx.now)),
                    )
                } else {
                    t(
                        format!("已超时 {}", hms(ctx.now - due)),
                        format!("overdue by {}", hms(ctx.now - due)),
                    )
                };
                println!(
                    "{}",
                    t(
                        format!("下次签到：{}（{left}）", local_minute(due, tz)),
                        format!("next check-in: {} ({left})", local_minute(due, tz)),
                    )
                );
            }
        }
        None => println!("{}", ts("敏感时段：无", "sensitive period: none")),
    }
    for k in [DutyKind::Sweep, DutyKind::Report] {
        if let Some(s) = current_slot(&ctx.plan, &state, k, ctx.now) {
            let mark = if s.done {
                ts("已完成", "done").to_string()
            } else if s.at < ctx.now {
                t(
                    format!("已过 {}", hms(ctx.now - s.at)),
                    format!("{} past", hms(ctx.now - s.at)),
                )
            } else {
                t(
                    format!("剩余 {}", hms(s.at - ctx.now)),
                    format!("{} left", hms(s.at - ctx.now)),
                )
            };
            println!("{}：{}（{mark}）", k.name(), local_minute(s.at, tz));
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
        println!(
            "{}{}",
            ts("敏感时段日历：", "calendar: "),
            upcoming.join("；")
        );
    }
    Ok(())
}
