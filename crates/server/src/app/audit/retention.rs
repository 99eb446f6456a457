//! Audit retention (ADR 0014): which entries are old enough to leave the online table, and
//! the archive run the `ganxun archive-audit` command performs. Entries younger than the
//! configured retention, and never younger than six months, stay online.

use crate::app::App;
use crate::config::MIN_AUDIT_RETENTION_MONTHS;
use chrono::{DateTime, Months, NaiveDate, Utc};
use ganxun_storage::Actor;
use ganxun_storage::audit::archive::{self, ArchiveSummary};
use std::path::Path;

/// The instant before which entries may be archived: `retention_months` before `now`, or the
/// start of `before` (a China date) when that is earlier. A `before` inside the retention is
/// refused rather than quietly moved, so the operator learns the limit.
pub fn archive_cutoff(
    now: DateTime<Utc>,
    retention_months: u32,
    before: Option<NaiveDate>,
) -> anyhow::Result<DateTime<Utc>> {
    anyhow::ensure!(
        retention_months >= MIN_AUDIT_RETENTION_MONTHS,
        "audit.retention_months 不能少于 {MIN_AUDIT_RETENTION_MONTHS} 个月 / must be at least {MIN_AUDIT_RETENTION_MONTHS} months"
    );
    let limit = now
        .checked_sub_months(Months::new(retention_months))
        .ok_or_else(|| anyhow::anyhow!("保存期限过长 / retention too long"))?;
    let Some(date) = before else {
        return Ok(limit);
    };
    let start = ganxun_domain::calendar::china_midnight(date);
    anyhow::ensure!(
        start <= limit,
        "--before {date} 在保存期内：审计记录须在线保存 {retention_months} 个月，最早只能归档 {} 之前的记录 \
         (entries after {} are within the {retention_months}-month retention)",
        ganxun_domain::china_date(limit),
        ganxun_domain::china_date(limit)
    );
    Ok(start)
}

/// Archives what the retention allows into `out` (one transaction, audited).
pub async fn archive(
    app: &App,
    before: Option<NaiveDate>,
    out: &Path,
) -> anyhow::Result<Option<ArchiveSummary>> {
    let now = app.now();
    let cutoff = archive_cutoff(now, app.settings.audit.retention_months, before)?;
    archive::archive_before(&app.db, &Actor::system("archive-audit"), now, cutoff, out)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 6, 4, 0, 0).unwrap()
    }

    #[test]
    fn the_default_cutoff_is_the_retention_before_now() {
        assert_eq!(
            archive_cutoff(now(), 36, None).unwrap(),
            Utc.with_ymd_and_hms(2023, 12, 6, 4, 0, 0).unwrap()
        );
    }

    #[test]
    fn a_date_inside_the_retention_or_a_short_retention_is_refused() {
        let inside = NaiveDate::from_ymd_opt(2026, 7, 1);
        assert!(archive_cutoff(now(), 6, inside).is_err());
        assert!(archive_cutoff(now(), 5, None).is_err());
        let outside = NaiveDate::from_ymd_opt(2026, 6, 1);
        assert_eq!(
            archive_cutoff(now(), 6, outside).unwrap(),
            Utc.with_ymd_and_hms(2026, 5, 31, 16, 0, 0).unwrap()
        );
    }
}
