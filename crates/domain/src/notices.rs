//! Notices to units (arrival reports, attendance at the end of a class): what a notice is about.
//! A feature that sends a new kind of notice adds it here.

use crate::code_enum;

code_enum! {
    /// What a notice is about.
    pub enum NoticeKind {
        /// A class started: who each unit is expected to send.
        ClassStarted => ("class_started", "开班通知", "Class started"),
        /// Who of each unit's trainees arrived (到位情况), sent by the head teacher.
        ArrivalReport => ("arrival_report", "到位情况", "Arrival report"),
        /// A class ended: each unit's attendance rate and absences (R-ATT-3).
        ClassAttendance => ("class_attendance", "考勤情况", "Class attendance"),
    }
}
