//! Delivering alerts. `text` builds what an alert says; `Desktop` sends it through the desktop
//! notification server (D-Bus, via notify-rust) with a time limit, because `show()` can block
//! forever when a server holds the name but never answers. Callers fall back to the terminal
//! when desktop delivery fails.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::domain::alert::{Alert, Point};
use crate::domain::incident::{Incident, IncidentId};
use crate::domain::plan::Plan;
use crate::domain::text::inert;
use crate::domain::time::{human_span, local_minute};
use crate::i18n::notify as msg;

/// What one alert says.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub summary: String,
    pub body: String,
    pub critical: bool,
    /// The overdue window this alert is about: the notification offers 「已知悉」, which
    /// acknowledges it (audited) where the server supports actions.
    pub ack: Option<(IncidentId, String)>,
}

/// An 「已知悉」 pressed on a notification: the incident and clock it acknowledges.
pub(crate) type AckRequest = (IncidentId, String);

/// Builds the summary ("[重大] 首次权威发布 剩余 15 分钟") and body (title, unit, due time) of
/// an alert sent at `now`. A late alert (补发) states the time left or overdue at `now`, not at
/// the warning point it stands for.
pub(crate) fn text(plan: &Plan, inc: &Incident, alert: &Alert, now: DateTime<Utc>) -> Message {
    let level = plan.level_name(inc.level);
    let clock = plan
        .clocks
        .iter()
        .find(|r| r.key == alert.clock)
        .map_or(alert.clock.as_str(), |r| r.display());
    let left = |d: chrono::Duration| human_span(d);
    let state = match (alert.point, alert.due_at) {
        (Point::TargetPassed, Some(d)) if alert.late && d > now => {
            msg::target_passed_to_limit(left(d - now))
        }
        (_, Some(d)) if alert.late && now > d => msg::overdue_by(left(now - d)),
        (_, Some(d)) if alert.late => msg::left(left(d - now)),
        (Point::Before(0), _) => msg::limit_reached(),
        (Point::Before(s), _) => msg::left(left(chrono::Duration::seconds(s))),
        (Point::Elapsed(p), Some(d)) => msg::elapsed_left(p, left(d - alert.at)),
        (Point::Elapsed(p), None) => msg::elapsed(p),
        (Point::TargetPassed, Some(d)) if d > alert.at => {
            msg::target_passed_to_limit(left(d - alert.at))
        }
        (Point::TargetPassed, _) => msg::target_time_passed(),
        (Point::Overdue(_), Some(d)) => msg::overdue_by(left(alert.at - d)),
        (Point::Overdue(_), None) => msg::overdue_word(),
    };
    let late = if alert.late {
        msg::sent_late()
    } else {
        String::new()
    };
    let summary = format!("[{level}] {clock} {state}{late}");
    let mut body = format!("#{} {}", inc.id, inert(&inc.facts.title));
    if let Some(u) = &inc.facts.unit {
        body.push_str(&msg::nunit(inert(u)));
    }
    if let Some(d) = alert.due_at {
        body.push_str(&msg::ndue(local_minute(d, plan.tz)));
    }
    Message {
        summary,
        body,
        critical: alert.critical,
        ack: None,
    }
}

/// The notification of a duty alert: a check-in reminder or overdue notice, or a report or
/// sweep at or before its time.
pub(crate) fn duty_message(
    plan: &Plan,
    a: &crate::domain::duty::DutyAlert,
    now: DateTime<Utc>,
) -> Message {
    use crate::domain::duty::DutyKind;
    use crate::domain::time::hms;
    use crate::i18n::domain as dmsg;
    let hm = a.slot.with_timezone(&plan.tz).format("%H:%M").to_string();
    let name = a.kind.name();
    let (summary, body) = match (a.kind, a.point.as_str()) {
        (DutyKind::CheckIn, p) if p.starts_with("missed") => (
            dmsg::sensitive_period_duty_check_in_overdue(hms(now - a.slot)),
            dmsg::check_in_was_due_at_press(&hm),
        ),
        (DutyKind::CheckIn, _) => (
            dmsg::sensitive_period_check_in_before(&hm),
            dmsg::press_k_on_board_or_run(),
        ),
        (_, "due") => (
            dmsg::duty_due_now(&name, &hm),
            dmsg::mark_it_done_with_d_on(),
        ),
        _ => (
            dmsg::duty_at_left(&name, &hm, hms(a.slot - now)),
            dmsg::mark_it_done_with_d_on(),
        ),
    };
    Message {
        summary,
        body: body.to_string(),
        critical: a.critical,
        ack: None,
    }
}

/// Desktop notifications with a time limit. Every alert tries the desktop, whatever happened
/// to the one before (one slow answer must not silence the next alert); the last outcome is
/// kept so the header shows the channel's real state.
pub(crate) struct Desktop {
    timeout: Duration,
    failed_at: Option<Instant>,
    /// Whether the server shows actions (buttons), as it said when probed.
    actions: bool,
    /// Where an 「已知悉」 pressed on a notification is sent.
    acks: Option<mpsc::Sender<AckRequest>>,
}

impl Default for Desktop {
    fn default() -> Self {
        Desktop {
            timeout: Duration::from_secs(2),
            failed_at: None,
            actions: false,
            acks: None,
        }
    }
}

/// Why a desktop notification did not arrive.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotifyError {
    #[error("{}", msg::no_d_bus_session_bus())]
    NoSessionBus,
    #[error("{}", msg::notification_server_did_not_answer_within())]
    NoAnswer,
    /// The notification server (or the system's toast service) refused: its own words.
    #[error("{0}")]
    Server(String),
}

impl Desktop {
    /// Sends each 「已知悉」 pressed on a notification to `tx`.
    pub(crate) fn on_ack(&mut self, tx: mpsc::Sender<AckRequest>) {
        self.acks = Some(tx);
    }

    /// Whether the last attempt worked (or none was made).
    pub(crate) fn healthy(&self) -> bool {
        self.failed_at.is_none()
    }

    /// Asks the notification server who it is (GetServerInformation), within the time limit,
    /// so that the channel's state is known before the first alert: no session bus or no
    /// answer counts as a failure, like a failed send.
    pub(crate) fn probe(&mut self) -> Result<(), NotifyError> {
        let r = if no_session_bus() {
            Err(NotifyError::NoSessionBus)
        } else {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let _ = tx.send(server_information());
            });
            rx.recv_timeout(self.timeout)
                .unwrap_or(Err(NotifyError::NoAnswer))
        };
        self.failed_at = r.is_err().then(Instant::now);
        if let Ok(actions) = &r {
            self.actions = *actions;
        }
        r.map(|_| ())
    }

    /// How long ago the last attempt failed (None when it worked or none was made).
    pub(crate) fn failed_for(&self) -> Option<Duration> {
        self.failed_at.map(|f| f.elapsed())
    }

    /// Sends one notification, within the time limit. Err says why it did not arrive.
    pub(crate) fn send(&mut self, m: &Message) -> Result<(), NotifyError> {
        if no_session_bus() {
            self.failed_at = Some(Instant::now());
            return Err(NotifyError::NoSessionBus);
        }
        let (tx, rx) = mpsc::channel();
        let m = m.clone();
        let acks = self.acks.clone().filter(|_| self.actions);
        std::thread::spawn(move || {
            let ack = m.ack.clone().zip(acks);
            match notification(&m, ack.is_some()).show() {
                Ok(handle) => {
                    let _ = tx.send(Ok(()));
                    // This thread then waits for the officer: 「已知悉」 acknowledges the window.
                    if let Some((key, acks)) = ack {
                        wait_for_ack(handle, key, acks);
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(NotifyError::Server(e.to_string())));
                }
            }
        });
        let r = match rx.recv_timeout(self.timeout) {
            Ok(r) => r,
            Err(_) => Err(NotifyError::NoAnswer),
        };
        self.failed_at = if r.is_ok() {
            None
        } else {
            Some(Instant::now())
        };
        r
    }
}

/// Text for the notification server's markup (a subset of HTML that dunst, GNOME and KDE
/// render): `&`, `<` and `>` are escaped, so a title holding `<b>`, `<a href=…>` or an
/// unclosed `<i>` is shown as written, never rendered, linked or left unparsed.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
pub(crate) fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Neither a session bus address nor a runtime folder where the default bus lives.
#[cfg(all(unix, not(target_os = "macos")))]
fn no_session_bus() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
        && std::env::var_os("XDG_RUNTIME_DIR").is_none()
}

/// Windows (toasts) and macOS need no session bus.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn no_session_bus() -> bool {
    false
}

/// Who the notification server is (GetServerInformation; a failure says there is none), and
/// whether it shows actions.
#[cfg(all(unix, not(target_os = "macos")))]
fn server_information() -> Result<bool, NotifyError> {
    notify_rust::get_server_information().map_err(|e| NotifyError::Server(e.to_string()))?;
    Ok(notify_rust::get_capabilities()
        .map(|c| c.iter().any(|c| c == "actions"))
        .unwrap_or(false))
}

/// Windows shows toasts itself: there is no server to ask (and no action is offered).
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn server_information() -> Result<bool, NotifyError> {
    Ok(false)
}

/// The key of the 「已知悉」 action: the default action, taken when the notification is
/// clicked too.
#[cfg(all(unix, not(target_os = "macos")))]
const ACK_ACTION: &str = "default";

#[cfg(all(unix, not(target_os = "macos")))]
fn wait_for_ack(
    handle: notify_rust::NotificationHandle,
    key: AckRequest,
    acks: mpsc::Sender<AckRequest>,
) {
    handle.wait_for_action(|action| {
        if action == ACK_ACTION {
            let _ = acks.send(key.clone());
        }
    });
}

/// Windows and macOS: `show` gives no handle to wait on, and no action is offered.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn wait_for_ack<H>(_handle: H, _key: AckRequest, _acks: mpsc::Sender<AckRequest>) {}

/// The desktop notification of `m`: on a freedesktop server with its urgency (critical ones
/// stay until dismissed) and the text escaped for the server's markup; elsewhere (Windows
/// toasts) as plain text.
fn notification(m: &Message, ack: bool) -> notify_rust::Notification {
    let mut n = notify_rust::Notification::new();
    n.appname("yuqing");
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        // A standard icon every desktop theme has, and the desktop entry the .deb installs
        // (servers group and style notifications by it).
        n.icon(if m.critical {
            "dialog-error"
        } else {
            "dialog-warning"
        })
        .hint(notify_rust::Hint::DesktopEntry("yuqing".into()));
        if ack {
            n.action(ACK_ACTION, &msg::acknowledged_action());
        }
        n.summary(&markup(&m.summary)).body(&markup(&m.body));
        if m.critical {
            n.urgency(notify_rust::Urgency::Critical)
                .timeout(notify_rust::Timeout::Never);
        } else {
            n.urgency(notify_rust::Urgency::Normal);
        }
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        let _ = ack;
        n.summary(&m.summary).body(&m.body);
    }
    n
}

/// OSC 777 and OSC 9 notifications plus a bell, for a terminal reached over SSH. The text is
/// made inert first: no control character of it reaches the terminal.
pub(crate) fn terminal_sequence(m: &Message) -> String {
    let clean = |s: &str| inert(s).replace(';', "；");
    let body = clean(&m.body.replace('\n', " · "));
    format!(
        "\x1b]777;notify;{};{}\x07\x1b]9;{} — {}\x07\x07",
        clean(&m.summary),
        body,
        clean(&m.summary),
        body
    )
}

/// A line for logs and the watcher's output.
pub(crate) fn line(plan: &Plan, at: DateTime<Utc>, m: &Message, outcome: &str) -> String {
    format!(
        "{} {} — {} [{}]",
        local_minute(at, plan.tz),
        inert(&m.summary),
        inert(&m.body.replace('\n', " · ")),
        outcome
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::tests::incident;
    use chrono::Duration;

    fn d0() -> DateTime<Utc> {
        incident(1).facts.discovered_at
    }

    fn alert(point: Point, at_min: i64) -> Alert {
        Alert {
            incident: crate::domain::incident::IncidentId(1),
            clock: "initial_report".into(),
            point,
            at: d0() + Duration::minutes(at_min),
            due_at: Some(d0() + Duration::minutes(30)),
            late: true,
            critical: false,
        }
    }

    #[test]
    fn a_late_alert_states_the_time_left_when_it_is_sent() {
        let plan = Plan::default_plan();
        let inc = incident(1);
        // The 50 % point (15 minutes left) sent 9 minutes late: 6 minutes are left.
        let m = text(
            &plan,
            &inc,
            &alert(Point::Elapsed(50), 15),
            d0() + Duration::minutes(24),
        );
        assert!(
            m.summary
                .contains(&msg::left(human_span(Duration::minutes(6)))),
            "{}",
            m.summary
        );
        // The 10-minutes-before point sent 25 minutes after the limit: overdue by 25.
        let m = text(
            &plan,
            &inc,
            &alert(Point::Before(600), 20),
            d0() + Duration::minutes(55),
        );
        assert!(
            m.summary
                .contains(&msg::overdue_by(human_span(Duration::minutes(25)))),
            "{}",
            m.summary
        );
        assert!(m.summary.contains(&msg::sent_late()), "{}", m.summary);
    }

    #[test]
    fn markup_in_a_title_is_escaped_for_the_notification_server() {
        let plan = Plan::default_plan();
        let mut inc = incident(1);
        inc.facts.title = "<b>粗</b> <a href=\"http://x\">链接</a> <i>未闭合 & 符号".into();
        let m = text(&plan, &inc, &alert(Point::Before(0), 30), d0());
        let body = markup(&m.body);
        assert!(!body.contains('<') && !body.contains('>'), "{body}");
        assert!(
            body.contains("&lt;b&gt;粗&lt;/b&gt;") && body.contains("&amp; 符号"),
            "{body}"
        );
        assert_eq!(markup("a&b<c>"), "a&amp;b&lt;c&gt;");
    }

    #[test]
    fn an_alert_on_time_keeps_its_point() {
        let plan = Plan::default_plan();
        let inc = incident(1);
        let mut a = alert(Point::Before(0), 30);
        a.late = false;
        let m = text(&plan, &inc, &a, d0() + Duration::seconds(30 * 60 + 2));
        assert!(m.summary.contains(&msg::limit_reached()), "{}", m.summary);
    }
}
