//! The kinds of event the audit trail records: one closed list, so that every writer names a
//! kind that exists and every reader (the timeline, reports) says something for each. Stored
//! as the snake_case key, which is what rows written before this type existed hold too.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! event_kinds {
    ($($(#[$doc:meta])* $v:ident => $key:literal,)*) => {
        /// What an audit row records.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum EventKind {
            $($(#[$doc])* $v,)*
            /// A kind this build does not know (written by a newer one): shown as stored.
            Other(String),
        }

        impl EventKind {
            /// Every known kind.
            #[cfg(test)]
            pub(crate) const ALL: &'static [EventKind] = &[$(EventKind::$v,)*];

            /// The stored key.
            pub fn key(&self) -> &str {
                match self {
                    $(EventKind::$v => $key,)*
                    EventKind::Other(k) => k,
                }
            }

            /// The kind of a stored key; unknown keys are kept as `Other`.
            pub(crate) fn parse(key: &str) -> EventKind {
                match key {
                    $($key => EventKind::$v,)*
                    other => EventKind::Other(other.to_string()),
                }
            }
        }
    };
}

event_kinds! {
    /// An incident added by hand.
    Add => "add",
    /// An incident taken in by `import`.
    Import => "import",
    /// Facts changed.
    Edit => "edit",
    Stage => "stage",
    Level => "level",
    /// An act that meets a window (a report, a release, …).
    Met => "met",
    /// An act recorded by mistake, withdrawn (the row stays).
    MetRevoked => "met_revoked",
    Note => "note",
    NoteRetracted => "note_retracted",
    Metrics => "metrics",
    Archive => "archive",
    Unarchive => "unarchive",
    /// A window whose limit passed without its act (recorded by the program).
    WindowMissed => "window_missed",
    /// A window that no longer applies (archived, or stopped by a stage).
    WindowNotApplicable => "window_not_applicable",
    /// The reason given for a missed window.
    WindowExplained => "window_explained",
    /// Another case archived as a duplicate of this one.
    DuplicateLinked => "duplicate_linked",
    /// The answer to the +1 level offer after a missed window.
    UpgradeDecided => "upgrade_decided",
    Evidence => "evidence",
    ReportFields => "report_fields",
    /// An overdue clock's alert acknowledged.
    AlertAck => "alert_ack",
    Checkin => "checkin",
    CheckinMissed => "checkin_missed",
    DutyDone => "duty_done",
    SensitiveOn => "sensitive_on",
    SensitiveOff => "sensitive_off",
    ShiftStart => "shift_start",
    HandoverSigned => "handover_signed",
    /// A 发文字号 issued to a document.
    NumberIssued => "number_issued",
    /// A document printed again under its 发文字号 with content other than any printed before.
    NumberReprinted => "number_reprinted",
    /// The state of an incident sealed into the trail when state hashes were introduced.
    StateSealed => "state_sealed",
    /// An office set up on a shared server below this one.
    OfficeCreated => "office_created",
    /// The database restored from a backup: the record rolled back to the backup's chain head
    /// (the database it replaced is kept beside it).
    Restored => "restored",
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// Compares with a stored key.
impl PartialEq<&str> for EventKind {
    fn eq(&self, key: &&str) -> bool {
        self.key() == *key
    }
}

impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventKind, D::Error> {
        String::deserialize(d).map(|k| EventKind::parse(&k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_their_kind_and_unknown_ones_are_kept() {
        for k in EventKind::ALL {
            assert_eq!(&EventKind::parse(k.key()), k);
        }
        let keys: std::collections::HashSet<&str> =
            EventKind::ALL.iter().map(EventKind::key).collect();
        assert_eq!(keys.len(), EventKind::ALL.len(), "a key used twice");
        assert_eq!(
            EventKind::parse("future_kind"),
            EventKind::Other("future_kind".into())
        );
        assert_eq!(
            serde_json::to_string(&EventKind::WindowMissed)
                .ok()
                .as_deref(),
            Some("\"window_missed\"")
        );
    }
}
