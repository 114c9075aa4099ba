//! One handler per subcommand. Handlers validate everything typed before they write, and
//! every write is one store transaction.

use super::out::{say, say_err, say_raw};
use std::path::Path;

use chrono::{DateTime, Utc};

use super::format::{describe, incident_json, list_table, show_text};
use super::{
    AuditCommand, CmdResult, Command, Ctx, FactArgs, Failure, MetricValues, PlanCommand, transfer,
};
use crate::domain::change::Change;
use crate::domain::duplicate;
use crate::domain::incident::{Facts, IncidentId, Metrics, OfflineRisk};
use crate::domain::plan::{Anchor, Limit, Plan};
use crate::domain::stage::Stage;
use crate::domain::suggest::suggest_level;
use crate::domain::text::inert;
use crate::domain::time::{format_duration, local_minute, parse_date, parse_time};
use crate::i18n::cli as msg;
use crate::store::{MetricsInput, NewIncident};

/// Applies one change to an incident through the store's one write path and reads the
/// incident back.
fn apply(ctx: &mut Ctx, change: Change) -> Result<crate::domain::incident::Incident, Failure> {
    let applied = ctx.store.apply(&ctx.plan, &change, &ctx.user, ctx.now)?;
    // Every change this is given touches one incident; an id of 0 would read as not found.
    let id = applied.incident().unwrap_or(IncidentId(0));
    Ok(ctx.store.incident(id)?)
}

fn print_json(v: &serde_json::Value) -> CmdResult {
    let s = serde_json::to_string_pretty(v)?;
    say!("{s}");
    Ok(())
}

pub(crate) fn dispatch(ctx: &mut Ctx, cmd: Option<Command>) -> CmdResult {
    match cmd {
        None => list(ctx, false, false),
        // Run before the store opens (cli::run).
        Some(Command::Watch { .. })
        | Some(Command::Config(_))
        | Some(Command::Db(super::DbCommand::Init { .. }))
        | Some(Command::Office(
            super::OfficeCommand::Add { .. } | super::OfficeCommand::List { .. },
        ))
        | Some(Command::Completions { .. })
        | Some(Command::Man) => Ok(()),
        Some(Command::Ack { id, clock }) => ack(ctx, id, &clock),
        Some(Command::Checkin) => super::duty::checkin(ctx),
        Some(Command::Cases(super::CasesCommand::Search { terms, limit, json })) => {
            cases_search(ctx, &terms.join(" "), limit, json)
        }
        Some(Command::Stats { from, to, json }) => {
            super::stats::stats(ctx, from.as_deref(), to.as_deref(), json)
        }
        Some(Command::Sensitive(c)) => super::duty::sensitive(ctx, c),
        Some(Command::Fill(a)) => super::paper::fill(ctx, a),
        Some(Command::Evidence(c)) => super::paper::evidence(ctx, c),
        Some(Command::Report(c)) => super::paper::report(ctx, c),
        Some(Command::Ledger { from, to, output }) => {
            super::paper::ledger(ctx, from.as_deref(), to.as_deref(), &output)
        }
        Some(Command::Shift(c)) => super::paper::shift(ctx, c),
        Some(Command::Handover(c)) => super::paper::handover(ctx, c),
        Some(Command::Duty(c)) => super::duty::duty(ctx, c),
        Some(Command::Alerts { limit, json }) => alerts(ctx, limit, json),
        Some(Command::Demo { count, closed }) => demo(ctx, count, closed),
        Some(Command::Add(a)) => add(ctx, a),
        Some(Command::List { all, json }) => list(ctx, all, json),
        Some(Command::Show { id, json }) => show(ctx, id, json),
        Some(
            cmd @ (Command::Move { .. }
            | Command::Level { .. }
            | Command::Met { .. }
            | Command::Explain { .. }
            | Command::Note { .. }
            | Command::Archive { .. }),
        ) => change(ctx, cmd),
        Some(Command::Metrics(m)) => metrics(ctx, m),
        Some(Command::Backup { file }) => super::backup::backup(ctx, &file),
        Some(Command::Db(super::DbCommand::Copy { to, from })) => {
            super::backup::copy(ctx, to.as_deref(), from.as_deref())
        }
        Some(Command::Office(super::OfficeCommand::Below { json })) => {
            super::offices::below(ctx, json)
        }
        Some(Command::Upgrade {
            id, clock, accept, ..
        }) => upgrade(ctx, IncidentId(id), clock.as_deref(), accept),
        Some(Command::Restore { file }) => super::backup::restore(ctx, &file),
        Some(Command::Edit(e)) => edit(ctx, e),
        Some(Command::Export {
            format,
            output,
            open,
        }) => transfer::export(ctx, format, output.as_deref(), open),
        Some(Command::Import {
            file,
            allow_duplicate,
        }) => transfer::import(ctx, &file, allow_duplicate),
        Some(Command::Plan(PlanCommand::Show { toml })) => plan_show(&ctx.plan, toml),
        Some(Command::Plan(PlanCommand::Check { file })) => plan_check(&file),
        Some(Command::Audit(AuditCommand::Verify { head })) => audit_verify(ctx, &head),
        Some(Command::Audit(AuditCommand::Head)) => {
            match ctx.store.chain_head()? {
                Some((seq, hash)) => say!("{seq}:{hash}"),
                None => say!("{}", msg::audit_trail_is_empty()),
            }
            Ok(())
        }
        Some(Command::Audit(AuditCommand::Log { incident, json })) => {
            audit_log(ctx, incident, json)
        }
    }
}

/// The commands that change one incident: move, level, met, explain, note, archive.
fn change(ctx: &mut Ctx, cmd: Command) -> CmdResult {
    match cmd {
        Command::Move {
            id,
            stage,
            reason,
            done,
            leave_open,
            act,
        } => {
            let to = Stage::parse(&stage)?;
            let acts = done
                .iter()
                .map(|c| act_from(ctx, c, &act))
                .collect::<Result<Vec<_>, _>>()?;
            let inc = apply(
                ctx,
                Change::Move {
                    id: IncidentId(id),
                    to,
                    reason,
                    acts,
                    leave_open,
                    undo: false,
                },
            )?;
            say!("{}", msg::moved_to(id, inc.stage.name()));
            Ok(())
        }
        Command::Level {
            id,
            level,
            reason,
            approver,
        } => {
            let to = ctx.plan.parse_level(&level)?;
            let inc = apply(
                ctx,
                Change::Level {
                    id: IncidentId(id),
                    to,
                    reason,
                    approver,
                    undo: false,
                },
            )?;
            say!(
                "{}",
                msg::is_now_clocks_recomputed(id, ctx.plan.level_name(inc.level))
            );
            Ok(())
        }
        Command::Met { id, clock, act } => met(ctx, id, &clock, &act),
        Command::Explain { id, clock, reason } => {
            apply(
                ctx,
                Change::Explain {
                    id: IncidentId(id),
                    clock,
                    reason,
                },
            )?;
            say!("{}", msg::explanation_recorded(id));
            Ok(())
        }
        Command::Note { id, text } => {
            apply(
                ctx,
                Change::Note {
                    id: IncidentId(id),
                    text,
                },
            )?;
            say!("{}", msg::note_added(id));
            Ok(())
        }
        Command::Archive {
            id,
            reason,
            duplicate_of,
        } => {
            let reason = match duplicate_of {
                Some(of) => crate::i18n::domain::duplicate_reason(of),
                None => reason.unwrap_or_default(),
            };
            apply(
                ctx,
                Change::Archive {
                    id: IncidentId(id),
                    reason,
                },
            )?;
            say!("{}", msg::incident_archived(id));
            Ok(())
        }
        // Only the commands above are sent here by `dispatch`.
        _ => Ok(()),
    }
}

/// `yuqing demo`: the sample office, or `--count N` generated incidents for benchmarks. Demo
/// data is invented, so it goes only into an empty database, never beside a record.
fn demo(ctx: &mut Ctx, count: Option<usize>, closed: Option<usize>) -> CmdResult {
    if let Some((seq, _)) = ctx.store.chain_head()? {
        return Err(Failure::from(msg::demo_needs_an_empty_database(
            crate::domain::text::inert(&ctx.store.location_shown()),
            seq,
        )));
    }
    match count {
        Some(n) => {
            let mut made = 0;
            // Closed ones first (older ids), in batches of one transaction each.
            let mut left = closed.unwrap_or(0);
            while left > 0 {
                let k = left.min(20_000);
                made += crate::demo::fill_closed(&mut ctx.store, &ctx.plan, k, &ctx.user, ctx.now)?
                    .len();
                left -= k;
            }
            let ids = crate::demo::fill_bulk(&mut ctx.store, &ctx.plan, n, &ctx.user, ctx.now)?;
            say!("{}", msg::generated_incidents(made + ids.len()));
        }
        None => {
            crate::demo::fill_demo(&mut ctx.store, &ctx.plan, &ctx.user, ctx.now)?;
            say!("{}", msg::demo_incidents_added());
        }
    }
    Ok(())
}

/// The answer to a +1 level offer from the command line.
fn upgrade(ctx: &mut Ctx, id: IncidentId, clock: Option<&str>, accept: bool) -> CmdResult {
    let inc = ctx.store.incident(id)?;
    let waiting = crate::domain::clock::pending_upgrades(&ctx.plan, &inc);
    let named = |w: &&(&crate::domain::incident::WindowRecord, u8)| {
        clock.is_none_or(|c| {
            ctx.plan
                .clocks
                .iter()
                .any(|r| *r.key == *w.0.clock && (r.key == c || r.action == c || r.name == c))
        })
    };
    let found: Vec<_> = waiting.iter().filter(named).collect();
    let [(w, to)] = found.as_slice() else {
        let names: Vec<String> = waiting.iter().map(|(w, _)| w.clock.to_string()).collect();
        return Err(Failure::from(msg::name_the_upgrade_to_answer(id, &names)));
    };
    let (clock, due_at, to) = (w.clock.to_string(), w.due_at, *to);
    apply(
        ctx,
        Change::DecideUpgrade {
            id,
            clock,
            due_at,
            accept,
        },
    )?;
    say!(
        "{}",
        msg::upgrade_answered(id, ctx.plan.level_name(to), accept)
    );
    Ok(())
}

fn opt_time(
    s: &Option<String>,
    plan: &Plan,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, crate::domain::time::Unparsed> {
    s.as_deref()
        .map(|v| parse_time(v, plan.tz, now))
        .transpose()
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Applies the fact options given on the command line over `base`.
fn apply_facts(
    plan: &Plan,
    base: &mut Facts,
    a: &FactArgs,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    if let Some(v) = &a.summary {
        base.summary = Some(v.clone()).filter(|v| !v.trim().is_empty());
    }
    for (target, value) in [
        (&mut base.platform, &a.platform),
        (&mut base.url, &a.url),
        (&mut base.poster, &a.poster),
        (&mut base.unit, &a.unit),
        (&mut base.assignee, &a.assignee),
    ] {
        if value.is_some() {
            *target = non_empty(value);
        }
    }
    if let Some(c) = non_empty(&a.category) {
        base.category = Some(plan.parse_category(&c)?);
    }
    if let Some(tp) = non_empty(&a.topic) {
        base.topic = Some(plan.parse_topic(&tp)?);
    }
    if let Some(d) = opt_time(&a.discovered_at, plan, now)? {
        base.discovered_at = d;
    }
    if let Some(o) = opt_time(&a.occurred_at, plan, now)? {
        base.occurred_at = Some(o);
    }
    if let Some(m) = opt_time(&a.media_report_at, plan, now)? {
        base.media_report_at = Some(m);
    }
    if let Some(p) = &a.promised {
        base.promised_result = Some(parse_date(p)?);
    }
    Ok(())
}

fn metrics_from(v: &MetricValues, at: DateTime<Utc>) -> Result<Metrics, crate::domain::Unknown> {
    Ok(Metrics {
        at,
        clicks: v.clicks,
        reposts: v.reposts,
        comments: v.comments,
        sites: v.sites,
        // A flag left off says nothing: the fact stays unrecorded.
        mainstream_media: v.mainstream_media.then_some(true),
        foreign_media: v.foreign_media.then_some(true),
        offline_risk: v
            .offline_risk
            .as_deref()
            .map(OfflineRisk::parse)
            .transpose()?,
    })
}

fn add(ctx: &mut Ctx, a: super::AddArgs) -> CmdResult {
    let plan = &ctx.plan;
    let mut facts = Facts {
        title: a.title.trim().to_string(),
        discovered_at: ctx.now,
        ..Facts::default()
    };
    apply_facts(plan, &mut facts, &a.facts, ctx.now)?;
    let metrics = metrics_from(&a.metrics, ctx.now)?;
    let suggestion = suggest_level(plan, &metrics);
    let (level, remark) = match &a.level {
        Some(l) => (plan.parse_level(l)?, None),
        None => match &suggestion {
            Some(s) => (
                s.level,
                Some(msg::no_level_given_took_as_suggested(
                    plan.level_name(s.level),
                    &s.reason_lines(),
                )),
            ),
            None => (
                plan.default_level,
                Some(msg::no_level_and_no_metrics_given(
                    plan.level_name(plan.default_level),
                )),
            ),
        },
    };
    let new = NewIncident {
        facts,
        level,
        stage: Stage::Discovered,
        metrics: (!metrics.is_empty()).then_some(metrics),
    };
    if !a.allow_duplicate {
        let found = duplicate::find(&new.facts, &ctx.store.duplicate_candidates(ctx.now)?);
        match found.first() {
            Some(m) if a.merge => {
                let id = m.id;
                apply(
                    ctx,
                    Change::AddTo {
                        id,
                        new: Box::new(new),
                    },
                )?;
                say_err!("{}", msg::added_to_case(id));
                say!("{id}");
                return Ok(());
            }
            Some(_) => return Err(Failure::from(msg::possible_duplicates(&found))),
            None if a.merge => return Err(Failure::from(msg::nothing_to_merge_into().to_string())),
            None => {}
        }
    }
    let id = ctx
        .store
        .apply(plan, &Change::Add(Box::new(new)), &ctx.user, ctx.now)?
        .incident()
        .unwrap_or(IncidentId(0));
    if let Some(r) = remark {
        say_err!("{r}");
    }
    if let (Some(s), Some(_)) = (&suggestion, &a.level) {
        if s.level > level {
            say_err!(
                "{}",
                msg::note_metrics_suggest_above_level_given(
                    plan.level_name(s.level),
                    &s.reason_lines(),
                )
            );
        }
    }
    say!("{id}");
    Ok(())
}

fn list(ctx: &mut Ctx, all: bool, json: bool) -> CmdResult {
    let incidents = ctx.store.incidents(all)?;
    if json {
        return print_json(&serde_json::Value::Array(
            incidents
                .iter()
                .map(|i| incident_json(&ctx.plan, i, ctx.now, false))
                .collect(),
        ));
    }
    if incidents.is_empty() {
        say!("{}", msg::no_open_incidents_add_one_with());
        return Ok(());
    }
    say_raw!("{}", list_table(&ctx.plan, &incidents, ctx.now));
    Ok(())
}

fn show(ctx: &mut Ctx, id: i64, json: bool) -> CmdResult {
    let inc = ctx.store.incident(IncidentId(id))?;
    let events = ctx.store.audit_events(Some(inc.id))?;
    if json {
        let mut v = incident_json(&ctx.plan, &inc, ctx.now, true);
        // The acts that met windows: who, when, to whom, how (DOMAIN §8).
        v["acts"] = serde_json::to_value(&inc.mets).unwrap_or_default();
        v["timeline"] = serde_json::Value::Array(
            events
                .iter()
                .map(|e| serde_json::json!({"seq": e.seq, "at": crate::store::format_ts(e.at), "by": e.actor, "kind": e.kind, "text": describe(&ctx.plan, e), "before": e.before, "after": e.after}))
                .collect(),
        );
        return print_json(&v);
    }
    say_raw!("{}", show_text(&ctx.plan, &inc, &events, ctx.now));
    Ok(())
}

fn metrics(ctx: &mut Ctx, m: super::MetricsArgs) -> CmdResult {
    let at = opt_time(&m.at, &ctx.plan, ctx.now)?.unwrap_or(ctx.now);
    let v = &m.values;
    let input = MetricsInput {
        clicks: v.clicks,
        reposts: v.reposts,
        comments: v.comments,
        sites: v.sites,
        mainstream_media: if v.mainstream_media {
            Some(true)
        } else if m.no_mainstream_media {
            Some(false)
        } else {
            None
        },
        foreign_media: if v.foreign_media {
            Some(true)
        } else if m.no_foreign_media {
            Some(false)
        } else {
            None
        },
        offline_risk: v
            .offline_risk
            .as_deref()
            .map(OfflineRisk::parse)
            .transpose()?,
    };
    let inc = apply(
        ctx,
        Change::Metrics {
            id: IncidentId(m.id),
            snapshot: input,
            at,
        },
    )?;
    say!("{}", msg::metrics_recorded(m.id));
    if let Some(s) = inc
        .latest_metrics()
        .and_then(|lm| suggest_level(&ctx.plan, lm))
    {
        if s.level > inc.level {
            say!(
                "{}",
                msg::suggest_raising_to_now_to_confirm(
                    ctx.plan.level_name(s.level),
                    ctx.plan.level_name(inc.level),
                    &s.reason_lines(),
                    m.id,
                    s.level
                )
            );
        }
    }
    Ok(())
}

fn edit(ctx: &mut Ctx, e: super::EditArgs) -> CmdResult {
    let inc = ctx.store.incident(IncidentId(e.id))?;
    let mut facts = inc.facts.clone();
    if let Some(tt) = &e.title {
        facts.title = tt.trim().to_string();
    }
    apply_facts(&ctx.plan, &mut facts, &e.facts, ctx.now)?;
    if facts == inc.facts {
        return Err(Failure::from(msg::nothing_to_change_for_give_options(e.id)));
    }
    apply(
        ctx,
        Change::Edit {
            id: IncidentId(e.id),
            facts: Box::new(facts),
        },
    )?;
    say!("{}", msg::updated(e.id));
    Ok(())
}

fn levels_text(plan: &Plan, levels: &Option<Vec<u8>>) -> String {
    match levels {
        None => msg::all().to_string(),
        Some(l) => l
            .iter()
            .map(|o| {
                plan.level(*o)
                    .map_or_else(|| o.to_string(), |x| x.short.clone())
            })
            .collect::<Vec<_>>()
            .join(""),
    }
}

fn anchor_text(a: &Anchor) -> String {
    match a {
        Anchor::Discovered => msg::discovery_anchor().into(),
        Anchor::Occurred => msg::occurrence_anchor().into(),
        Anchor::Calmed => msg::calm_down().into(),
        Anchor::MediaReport => msg::media_report().into(),
        Anchor::OralReport => msg::oral_report().into(),
        Anchor::LastReport => msg::last_report().into(),
        Anchor::Action(a) => format!("{}:{a}", msg::action()),
        Anchor::Stage(s) => format!("{}:{}", msg::enters_stage(), s.name()),
    }
}

pub(crate) fn plan_show(plan: &Plan, toml: bool) -> CmdResult {
    if toml {
        say_raw!("{}", plan.source);
        return Ok(());
    }
    let mut out = String::new();
    let name = match crate::i18n::lang() {
        crate::i18n::Lang::Zh => &plan.name,
        crate::i18n::Lang::En => &plan.name_en,
    };
    out.push_str(&format!("{}  ({} {})\n\n", name, msg::time_zone(), plan.tz));
    out.push_str(&format!("{}\n", msg::levels_heading()));
    for l in &plan.levels {
        let default = if l.ord == plan.default_level {
            msg::default()
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} [{}] {}  {}{}\n",
            l.ord,
            l.short,
            l.display(),
            l.aliases.join(" "),
            default
        ));
    }
    out.push_str(&format!("\n{}\n", msg::categories()));
    for c in &plan.categories {
        out.push_str(&format!("  {:<14}{}\n", c.key, plan.category_name(&c.key)));
    }
    out.push_str(&format!("\n{}\n", msg::clock_rules()));
    for r in &plan.clocks {
        let limit = match &r.limit {
            None => "—".to_string(),
            Some(Limit::After(d)) => format_duration(*d),
            Some(Limit::AtLocal(h, m)) => format!("@{h:02}:{m:02}"),
            Some(Limit::EndOfPromisedDate) => msg::end_of_promised_date().into(),
        };
        let target = r.target.map_or("—".to_string(), format_duration);
        let mut extra = Vec::new();
        if let Some(c) = &r.categories {
            extra.push(format!("{} {}", msg::category_in_list(), c.join(",")));
        }
        if let Some(s) = r.stop_stage {
            extra.push(msg::expected_done_by(s.name()));
        }
        if r.every {
            let stages: Vec<&str> = r.while_stages.iter().map(|s| s.name()).collect();
            extra.push(format!("{} {}", msg::recurring_while(), stages.join("/")));
        }
        out.push_str(&format!(
            "  {:<22}{}\n      {} {}  {} {}  {} {}  {} {}  {}\n",
            r.key,
            r.display(),
            msg::levels(),
            levels_text(plan, &r.levels),
            msg::counted_from(),
            anchor_text(&r.start),
            msg::target(),
            target,
            msg::limit(),
            limit,
            extra.join("; "),
        ));
        if !r.basis.is_empty() {
            out.push_str(&format!("      {} {}\n", msg::basis(), r.basis));
        }
    }
    if let Some((h, m)) = plan.duties.daily_report {
        out.push_str(&format!("\n{} {h:02}:{m:02}\n", msg::daily_report_at()));
    }
    if let Some((h, m)) = plan.duties.monthly_report {
        out.push_str(&format!("{} {h:02}:{m:02}\n", msg::monthly_report_at()));
    }
    if !plan.duties.sweeps.is_empty() {
        let s: Vec<String> = plan
            .duties
            .sweeps
            .iter()
            .map(|(h, m)| format!("{h:02}:{m:02}"))
            .collect();
        out.push_str(&format!("{} {}\n", msg::monitoring_sweeps(), s.join(" ")));
    }
    super::out::text(&out);
    Ok(())
}

pub(crate) fn plan_check(file: &Path) -> CmdResult {
    let text = std::fs::read_to_string(file)
        .map_err(|e| msg::cannot_read_plan_file(file.display(), &e))?;
    match Plan::parse(&text) {
        Ok(p) => {
            say!(
                "{}",
                msg::plan_is_valid_levels_clock_rules(
                    &p.name,
                    p.levels.len(),
                    p.clocks.len(),
                    &p.name_en
                )
            );
            Ok(())
        }
        Err(errs) => {
            for e in &errs {
                say_err!("{}: {e}", file.display());
            }
            Err(Failure {
                message: msg::plan_file_has_error_s_fix(file.display(), errs.len()),
                code: 1,
            })
        }
    }
}

fn audit_verify(ctx: &mut Ctx, heads: &[String]) -> CmdResult {
    let given = heads
        .iter()
        .map(|h| parse_head(h))
        .collect::<Result<Vec<_>, _>>()?;
    let r = ctx.store.verify_audit_with(&given)?;
    let fail = |message: String| Err(Failure { message, code: 3 });
    if let Some((seq, why)) = r.first_bad {
        return fail(msg::audit_chain_breaks_at_row_that(seq, &why));
    }
    if let Some((id, seq)) = r.incident_bad {
        return fail(msg::incident_state_differs_from_audit(id, seq));
    }
    if let Some((seq, hash)) = r.head_bad {
        return fail(msg::chain_head_not_in_chain(seq, &hash));
    }
    say!("{}", msg::audit_chain_intact_all_rows_verified(r.rows));
    if let Some((seq, hash)) = r.head {
        say!("{}", msg::chain_head_line(seq, &hash));
    }
    Ok(())
}

/// A chain head as printed: `SEQ:HASH`.
fn parse_head(s: &str) -> Result<(i64, String), Failure> {
    let bad = || Failure::from(msg::chain_head_is_not_seq_hash(inert(s)));
    let (seq, hash) = s.trim().split_once(':').ok_or_else(bad)?;
    let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
    let hash = hash.trim().to_ascii_lowercase();
    if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((seq, hash))
}

/// The act typed on the command line for the window `clock`.
fn act_from(
    ctx: &Ctx,
    clock: &str,
    a: &super::ActArgs,
) -> Result<crate::domain::incident::Met, Failure> {
    let action = ctx.plan.parse_action(clock)?;
    let at =
        a.at.as_deref()
            .map(|t| parse_time(t, ctx.plan.tz, ctx.now))
            .transpose()?
            .unwrap_or(ctx.now);
    let mode = match (&a.mode, a.oral) {
        (Some(m), _) => Some(
            crate::domain::incident::ReportMode::parse(m)
                .ok_or_else(|| Failure::from(msg::report_mode_is_not_understood(inert(m))))?,
        ),
        (None, true) => Some(crate::domain::incident::ReportMode::Oral),
        (None, false) => None,
    };
    Ok(crate::domain::incident::Met {
        action,
        at,
        oral: mode.is_some_and(|m| m.is_oral()),
        note: a.note.clone(),
        by: ctx.user.clone(),
        recipients: a.to.clone(),
        mode,
        channel: a.channel.clone(),
        approver: a.approver.clone(),
        content: a.content.clone(),
        recorded_at: None,
    })
}

fn audit_log(ctx: &mut Ctx, incident: Option<i64>, json: bool) -> CmdResult {
    let events = ctx.store.audit_events(incident.map(IncidentId))?;
    if json {
        return print_json(&serde_json::to_value(&events)?);
    }
    for e in &events {
        let who = e.incident.map_or_else(String::new, |i| format!("#{i}"));
        say!(
            "{:>6}  {}  {}  {:<6} {}",
            e.seq,
            local_minute(e.at, ctx.plan.tz),
            inert(&e.actor),
            who,
            describe(&ctx.plan, e)
        );
    }
    Ok(())
}

fn ack(ctx: &mut Ctx, id: i64, clock: &str) -> CmdResult {
    let inc = ctx.store.incident(IncidentId(id))?;
    let cs = crate::domain::clock::clocks(&ctx.plan, &inc, ctx.now);
    let c = cs
        .iter()
        .find(|c| {
            c.rule.key == clock
                || c.rule.action == clock
                || c.rule.name == clock
                || c.rule.name_en.eq_ignore_ascii_case(clock)
        })
        .ok_or_else(|| msg::incident_has_no_clock(id, clock))?;
    let Some(due) = c
        .due_at
        .filter(|_| matches!(c.state, crate::domain::clock::ClockState::Overdue { .. }))
    else {
        return Err(Failure::from(msg::is_not_overdue_nothing_to_acknowledge(
            id,
            c.rule.display(),
        )));
    };
    let key = c.rule.key.clone();
    let name = c.rule.display().to_string();
    apply(
        ctx,
        Change::Ack {
            id: IncidentId(id),
            clock: key,
            due_at: due,
        },
    )?;
    say!("{}", msg::acknowledged_repeats_stop(id, &name));
    Ok(())
}

fn alerts(ctx: &mut Ctx, limit: usize, json: bool) -> CmdResult {
    let log = ctx.store.alert_log(limit)?;
    if json {
        return print_json(&serde_json::to_value(&log)?);
    }
    for a in &log {
        let outcome = crate::present::alert_outcome(a);
        say!(
            "{}  {}  [{outcome}]",
            local_minute(a.fired_at, ctx.plan.tz),
            inert(&a.summary)
        );
    }
    Ok(())
}

fn cases_search(ctx: &mut Ctx, query: &str, limit: usize, json: bool) -> CmdResult {
    let hits = ctx.store.search_cases(query, limit)?;
    if json {
        return print_json(&serde_json::to_value(&hits)?);
    }
    if hits.is_empty() {
        say!("{}", msg::no_case_in_library_matches(inert(query)));
        return Ok(());
    }
    for h in &hits {
        let closed = h.archived_at.map_or_else(
            || msg::closed().to_string(),
            |a| msg::archived_at_time(local_minute(a, ctx.plan.tz)),
        );
        say!(
            "#{}  [{}] {}  {}  {}  {}",
            h.id,
            ctx.plan.level_name(h.level),
            inert(&h.title),
            inert(h.unit.as_deref().unwrap_or("")),
            local_minute(h.discovered_at, ctx.plan.tz),
            closed
        );
        say!("    {}", inert(&h.excerpt));
    }
    Ok(())
}

/// What `config show` prints besides the file's settings: where the file is, and the values
/// in force from the command line and the environment.
pub(crate) struct Shown<'a> {
    pub file: Option<&'a std::path::Path>,
    pub db: &'a crate::store::Location,
    pub user: &'a str,
    pub lang: crate::i18n::Lang,
}

/// `yuqing completions SHELL`: the completion script for bash, zsh, fish or powershell.
pub(crate) fn completions(shell: &str) -> CmdResult {
    use clap::CommandFactory;
    let sh: clap_complete::Shell = match shell.trim().to_ascii_lowercase().as_str() {
        "bash" => clap_complete::Shell::Bash,
        "zsh" => clap_complete::Shell::Zsh,
        "fish" => clap_complete::Shell::Fish,
        "powershell" | "pwsh" => clap_complete::Shell::PowerShell,
        _ => return Err(Failure::from(msg::shell_is_not_supported(shell))),
    };
    let mut buf = Vec::new();
    clap_complete::generate(sh, &mut super::Cli::command(), "yuqing", &mut buf);
    say_raw!("{}", String::from_utf8_lossy(&buf));
    Ok(())
}

/// `yuqing man`: the manual page as roff.
pub(crate) fn man() -> CmdResult {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_mangen::Man::new(super::Cli::command())
        .render(&mut buf)
        .map_err(Failure::output)?;
    say_raw!("{}", String::from_utf8_lossy(&buf));
    Ok(())
}

/// `yuqing config init`: the commented default config, written to `path` (kept unless
/// `force`).
pub(crate) fn config_init(path: &std::path::Path, force: bool) -> CmdResult {
    let existing = if force {
        crate::files::Existing::Replace
    } else {
        crate::files::Existing::Refuse
    };
    crate::files::write(path, CONFIG_TEMPLATE.as_bytes(), existing)?;
    say!("{}", msg::config_written(path.display()));
    Ok(())
}

/// Every key of the config with its default, commented out.
const CONFIG_TEMPLATE: &str = include_str!("../runtime/config_template.toml");

/// The configuration in force as TOML that can be pasted into the file: every setting with
/// its value, each default named as such, and the `[office]` keys not set as comments saying
/// what the documents print instead.
pub(crate) fn config_show(
    config: &crate::runtime::config::Config,
    plan: &Plan,
    shown: Shown<'_>,
) -> CmdResult {
    use toml::Value;
    let path = |p: &std::path::Path| Value::String(p.display().to_string());
    let text = |s: &str| Value::String(s.to_string());
    let location = shown.db;
    let mut t = toml::Table::new();
    t.insert("db".into(), text(&location.shown()));
    if let crate::store::Location::Postgres {
        office: Some(office),
        ..
    } = location
    {
        t.insert("server_office".into(), text(office));
    }
    if let Some(p) = &config.plan {
        t.insert("plan".into(), path(p));
    }
    t.insert("user".into(), text(shown.user));
    let lang = match shown.lang {
        crate::i18n::Lang::Zh => "zh",
        crate::i18n::Lang::En => "en",
    };
    t.insert("lang".into(), text(lang));
    t.insert("timezone".into(), text(plan.tz.name()));
    t.insert(
        "theme".into(),
        text(config.theme.as_deref().unwrap_or("default")),
    );
    t.insert(
        "terminal_alerts".into(),
        text(config.terminal_alerts.as_deref().unwrap_or("fallback")),
    );
    t.insert(
        "colors".into(),
        text(config.colors.as_deref().unwrap_or("auto")),
    );
    let reports = config
        .report_dir
        .clone()
        .unwrap_or_else(|| location.beside("reports"));
    t.insert("report_dir".into(), path(&reports));
    let mb = config
        .evidence_max_mb
        .unwrap_or(crate::store::EVIDENCE_LIMIT / (1024 * 1024));
    t.insert("evidence_max_mb".into(), Value::Integer(mb as i64));
    let evidence = config
        .evidence_dir
        .clone()
        .unwrap_or_else(|| location.default_evidence_dir());
    t.insert("evidence_dir".into(), path(&evidence));
    let mut out = format!(
        "{}\n",
        msg::config_in_force(
            shown.file.map(|f| f.display().to_string()),
            shown.file.is_some_and(|f| f.exists())
        )
    );
    out.push_str(&toml::to_string(&t)?);
    if !config.keys.is_empty() {
        let keys: toml::Table = config
            .keys
            .iter()
            .map(|(k, v)| (k.clone(), Value::Array(v.iter().map(|k| text(k)).collect())))
            .collect();
        out.push_str(&format!("\n[keys]\n{}", toml::to_string(&keys)?));
    }
    for p in &config.sensitive_periods {
        let row = toml::Table::try_from(p)?;
        out.push_str(&format!(
            "\n[[sensitive_periods]]\n{}",
            toml::to_string(&row)?
        ));
    }
    out.push_str(&office_toml(&config.office)?);
    say_raw!("{out}");
    Ok(())
}

/// The `[office]` block in force: the keys set, the default mark, and each key not set as a
/// comment with what the documents print instead.
fn office_toml(office: &crate::report::Office) -> Result<String, Failure> {
    let text = |s: &str| toml::Value::String(s.to_string());
    let mut out = String::from("\n[office]\n");
    let table = toml::Table::try_from(office).map_err(|e| Failure::from(e.to_string()))?;
    let mut scalars: toml::Table = table
        .iter()
        .filter(|(_, v)| !v.is_table())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    scalars
        .entry("mark")
        .or_insert_with(|| text(&office.mark()));
    out.push_str(&toml::to_string(&scalars)?);
    for (key, blank) in office.unset() {
        out.push_str(&format!(
            "# {key} = \"…\"  {}\n",
            msg::office_key_not_set(&blank)
        ));
    }
    if office.contact.is_none() {
        out.push_str(&format!(
            "# contact = \"…\"  {}\n",
            msg::office_contact_not_set()
        ));
    }
    if !office.to.is_empty() {
        let to: toml::Table = office
            .to
            .iter()
            .map(|(k, v)| (k.clone(), text(v)))
            .collect();
        out.push_str(&format!("\n[office.to]\n{}", toml::to_string(&to)?));
    }
    Ok(out)
}

/// `yuqing met`: the act, and what it did — met the window, or (a report window met already)
/// reported to more of the plan's recipients, with those still not reported to.
fn met(ctx: &mut Ctx, id: i64, clock: &str, act: &super::ActArgs) -> CmdResult {
    let act = act_from(ctx, clock, act)?;
    let name = crate::present::action_name(&ctx.plan, &act.action);
    let (at, action, to) = (act.at, act.action.clone(), act.recipients.clone());
    let inc = apply(
        ctx,
        Change::Met {
            id: IncidentId(id),
            act: Box::new(act),
        },
    )?;
    let at = local_minute(at, ctx.plan.tz);
    if crate::domain::recipients::was_supplementary(&ctx.plan, &inc, &action) {
        let shown =
            |v: &[&str]| -> Vec<String> { v.iter().map(|t| inert(t).into_owned()).collect() };
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        let left = crate::domain::recipients::unreported(&ctx.plan, &inc, &action);
        say!(
            "{}",
            msg::supplementary_report_made(id, &name, &shown(&to), at, &shown(&left))
        );
    } else {
        say!("{}", msg::marked_met_at(id, &name, at));
    }
    Ok(())
}
