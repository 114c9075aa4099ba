//! Dual reporting (DOMAIN §8 item 2, §9.2 item 4): the plan's recipients of a report at a level
//! are a checklist. Those no act of a one-shot report window names stay flagged once the window
//! is met, and a supplementary report to them is taken after the window's own act (which stays
//! the act that met it).

use super::incident::{Incident, Met};
use super::plan::Plan;

/// Whether a recorded recipient answers the plan's `wanted`: its name, or a name that holds it
/// (县委分管领导 for 分管领导).
fn answers(recorded: &str, wanted: &str) -> bool {
    recorded.trim().contains(wanted.trim())
}

/// Whether `action`'s window is a one-shot report (a round of follow-up reports names its own
/// recipients each time, and is not checked off as one).
fn one_shot_report(plan: &Plan, action: &str) -> bool {
    plan.is_report(action) && !plan.rules_of(action).any(|r| r.every)
}

fn acts<'i>(inc: &'i Incident, action: &'i str) -> impl Iterator<Item = &'i Met> + 'i {
    inc.mets.iter().filter(move |m| m.action == action)
}

/// Who the one-shot report `action` goes to: for the written report that follows an oral one,
/// whoever the oral reports went to (DOMAIN D7: to the same recipient); else the plan's
/// recipients of it at the case's level.
fn expected<'a>(plan: &'a Plan, inc: &'a Incident, action: &str) -> Vec<&'a str> {
    use super::plan::Anchor;
    if plan.rules_of(action).any(|r| r.start == Anchor::OralReport) {
        let mut to: Vec<&str> = Vec::new();
        let oral = inc.mets.iter().filter(|m| m.oral && m.action != action);
        for r in oral.flat_map(|m| m.recipients.iter()) {
            if !to.contains(&r.trim()) {
                to.push(r.trim());
            }
        }
        return to;
    }
    plan.recipients_for(action, inc.level)
}

/// The recipients the one-shot report `action` should have gone to (see `expected`) that none
/// of its acts names, once it has been reported at all; empty otherwise.
pub(crate) fn unreported<'a>(plan: &'a Plan, inc: &'a Incident, action: &str) -> Vec<&'a str> {
    if !one_shot_report(plan, action) || acts(inc, action).next().is_none() {
        return Vec::new();
    }
    expected(plan, inc, action)
        .into_iter()
        .filter(|w| !acts(inc, action).any(|m| m.recipients.iter().any(|r| answers(r, w))))
        .collect()
}

/// Whether a new act of `action` is a supplementary report: a one-shot report already met.
pub(crate) fn is_supplementary(plan: &Plan, inc: &Incident, action: &str) -> bool {
    one_shot_report(plan, action) && acts(inc, action).next().is_some()
}

/// Whether the act of `action` just recorded on `inc` (as it stands after it) was a
/// supplementary report: a one-shot report with an act before it.
pub(crate) fn was_supplementary(plan: &Plan, inc: &Incident, action: &str) -> bool {
    one_shot_report(plan, action) && acts(inc, action).nth(1).is_some()
}

/// The recipients in `to` that no act of `action` has named yet.
pub(crate) fn new_recipients<'a>(inc: &Incident, action: &str, to: &'a [String]) -> Vec<&'a str> {
    to.iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .filter(|t| !acts(inc, action).any(|m| m.recipients.iter().any(|r| r.trim() == *t)))
        .collect()
}
