//! Demo training done outside the system (R-ARC-1), so the compliance dashboard and the archive
//! show a realistic mix: online study this year and last for most cadres (some past R-REG-4's
//! fifty hours, most not yet), and for some a spell at a party school elsewhere in recent years
//! (a few long enough to go into the personal file). Entered and approved through the store as
//! the training authority would, each with its audit entry. Only the first few thousand people
//! get records, so a province-sized demo stays quick to generate.

use crate::app::App;
use chrono::{Datelike, NaiveDate};
use ganxun_domain::PersonId;
use ganxun_domain::compliance::{ExternalKind, Institution};
use ganxun_storage::Actor;
use ganxun_storage::compliance::board;
use ganxun_storage::compliance::training_records::{self, NewTrainingRecord};
use rand::Rng;
use rand::rngs::StdRng;

/// People who get records, at most.
const PEOPLE: u64 = 3_000;

/// Enters and approves the records; returns how many.
pub async fn generate(app: &App, rng: &mut StdRng) -> anyhow::Result<usize> {
    let actor = Actor::system("demo");
    let now = app.now();
    let year = app.today().year();
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(app.today());
    let mut made = 0;
    for person_id in board::people_after(&app.db, PersonId(0), PEOPLE).await? {
        let mut records = Vec::new();
        for y in [year - 1, year] {
            if rng.gen_bool(0.7) {
                let hours = rng.gen_range(20..=64) * 100;
                records.push(NewTrainingRecord {
                    person_id,
                    kind: ExternalKind::Online,
                    title: format!("{y} 年度干部网络学院学习"),
                    institution_name: "省干部网络学院".to_owned(),
                    institution_type: None,
                    starts_on: day(y, 3, 1),
                    ends_on: day(y, 10, 31).min(app.today() - chrono::Duration::days(1)),
                    days: 0,
                    hours,
                    privately_arranged: false,
                    evidence: "网络学院学时证明".to_owned(),
                });
            }
        }
        if rng.gen_bool(0.4) {
            let y = year - rng.gen_range(0..=3);
            let days: i64 = *[5, 10, 15, 30, 45, 92]
                .get(rng.gen_range(0..6))
                .unwrap_or(&10);
            let starts_on = day(y, 4, 1);
            records.push(NewTrainingRecord {
                person_id,
                kind: ExternalKind::PartySchoolElsewhere,
                title: format!("市委党校{y}年春季进修班"),
                institution_name: "市委党校".to_owned(),
                institution_type: Some(Institution::PartySchool),
                starts_on,
                ends_on: starts_on + chrono::Duration::days(days - 1),
                days: days * 100,
                hours: days * 600,
                privately_arranged: false,
                evidence: "结业证书".to_owned(),
            });
        }
        for record in records {
            let saved = training_records::create(&app.db, &actor, now, record).await?;
            training_records::decide(&app.db, &actor, now, saved.id, true, "演示数据：已审核")
                .await?;
            made += 1;
        }
    }
    Ok(made)
}
