//! Heartbeats written in batches (group commit, ADR 0019), on both databases: many learners'
//! heartbeats arriving together are each counted exactly once, a heartbeat refused inside a
//! batch (ended, missing, someone else's) loses none of the others, the rows a writer keeps
//! between batches never write over a change made elsewhere, and a timing rule saved through
//! the server applies to the next request although the rules are kept in memory.

use super::{beat, cast, published_lesson, start};
use crate::common::{self, Session, TestApp, id_card};
use axum::http::StatusCode;
use chrono::{Duration, TimeDelta};
use futures_util::future::join_all;
use ganxun_domain::{PersonId, PlaybackId};
use ganxun_storage::Actor;
use ganxun_storage::learning::playbacks::{self as store, BeatJob, Heartbeat, KeptRows};
use sea_orm::ConnectionTrait;
use serde_json::json;

/// `n` learners of the town, each signed in with a playback of `lesson` anchored at 0 s.
async fn learners(t: &TestApp, zzb: &Session, lesson: i64, n: u32) -> Vec<(i64, Session, i64)> {
    // Names take no digits.
    const NAMES: &str = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳";
    let mut all = Vec::new();
    for (i, name) in NAMES.chars().take(n as usize).enumerate() {
        let i = u32::try_from(i).unwrap();
        let person = t
            .person(
                zzb,
                &format!("批量{name}"),
                &id_card("19900101", 600 + i),
                t.units.town_a,
            )
            .await;
        let name = format!("batch{i}");
        t.account(&name, "trainee", t.units.town_a, Some(person))
            .await;
        let session = t.login(&name).await;
        let (status, started) = start(t, &session, lesson).await;
        assert_eq!(status, StatusCode::CREATED, "{started}");
        let playback = started["playback_id"].as_i64().unwrap();
        let (status, anchored) = beat(t, &session, playback, 0, true, true).await;
        assert_eq!(status, StatusCode::OK, "{anchored}");
        all.push((person, session, playback));
    }
    all
}

/// A heartbeat as the application hands it to the writer, arriving now.
fn job(
    t: &TestApp,
    timing: &ganxun::app::learning::Timing,
    person: i64,
    playback: i64,
    position_ms: u64,
) -> BeatJob {
    BeatJob {
        actor: Actor::system("test"),
        settings: timing.settings.clone(),
        hours: timing.hours,
        person_id: PersonId(person),
        playback_id: PlaybackId(playback),
        now: t.app.now(),
        heartbeat: Heartbeat {
            position_ms,
            playing: true,
            visible: true,
            page: None,
        },
        check: (TimeDelta::minutes(10), "1234".to_owned()),
    }
}

both_backends!(
    heartbeats_arriving_together_are_each_counted_exactly_once,
    |t| {
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "批量心跳", 600).await;
        let all = learners(&t, &s.zzb, lesson, 12).await;

        // Every learner reports 15 s later, all at once, and each report twice (a page that
        // retried): the writer takes them in batches; each learner earns the 15 s once.
        t.clock.advance(Duration::seconds(15));
        let calls = all.iter().flat_map(|(_, session, playback)| {
            [0, 1].map(|_| beat(&t, session, *playback, 15_000, true, true))
        });
        let answers = join_all(calls).await;
        for pair in answers.chunks(2) {
            let earned: Vec<u64> = pair
                .iter()
                .map(|(status, counted)| {
                    assert_eq!(*status, StatusCode::OK, "{counted}");
                    counted["earned_ms"].as_u64().unwrap()
                })
                .collect();
            assert_eq!(earned.iter().sum::<u64>(), 15_000, "{pair:?}");
            assert!(
                pair.iter().any(|(_, c)| c["refused"] == "replayed"),
                "the copy is a replay: {pair:?}"
            );
        }

        // A second round, one report each: 30 s each in total, in the progress and the day.
        t.clock.advance(Duration::seconds(15));
        let calls = all
            .iter()
            .map(|(_, session, playback)| beat(&t, session, *playback, 30_000, true, true));
        for (status, counted) in join_all(calls).await {
            assert_eq!(status, StatusCode::OK, "{counted}");
            assert_eq!(counted["earned_ms"], 15_000, "{counted}");
            assert_eq!(counted["watched_ms"], 30_000, "{counted}");
            assert_eq!(counted["today_ms"], 30_000, "{counted}");
        }
        for (person, _, _) in &all {
            let progress = store::progress(&t.app.db, PersonId(*person)).await.unwrap();
            assert_eq!(progress.len(), 1);
            assert_eq!(progress[0].watched_ms, 30_000);
            assert_eq!(progress[0].resume_ms, 30_000);
        }
    }
);

both_backends!(
    a_refused_heartbeat_in_a_batch_loses_none_of_the_others,
    |t| {
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "批量中的拒绝", 600).await;
        let all = learners(&t, &s.zzb, lesson, 3).await;
        // The third learner's playback is ended by a second one (taken over).
        let (status, again) = start(&t, &all[2].1, lesson).await;
        assert_eq!(status, StatusCode::CREATED, "{again}");

        t.clock.advance(Duration::seconds(15));
        let timing = ganxun::app::learning::timing(&t.app).await.unwrap();
        let job = |person: i64, playback: i64| job(&t, &timing, person, playback, 15_000);
        let batch = [
            job(all[0].0, all[0].2),
            // Someone else's playback, a missing one and an ended one, between honest ones.
            job(all[0].0, all[1].2),
            job(all[1].0, 987_654_321),
            job(all[2].0, all[2].2),
            job(all[1].0, all[1].2),
        ];
        let taken = store::beat_batch(&t.app.db, &batch, &mut KeptRows::default())
            .await
            .unwrap();
        assert_eq!(taken[0].as_ref().unwrap().earned_ms, 15_000);
        assert!(matches!(
            taken[1],
            Err(ganxun_storage::StoreError::NotFound)
        ));
        assert!(matches!(
            taken[2],
            Err(ganxun_storage::StoreError::NotFound)
        ));
        let ended = taken[3].as_ref().unwrap_err();
        assert_eq!(
            ganxun_domain::problem::Problem::code(
                ended
                    .refusal::<ganxun_storage::learning::refusal::Refusal>()
                    .expect("a learning refusal")
            ),
            "PLAYBACK_ENDED"
        );
        assert_eq!(taken[4].as_ref().unwrap().earned_ms, 15_000);
        // Committed: the two honest ones are in the database, nothing of the refused ones.
        for (person, watched) in [(all[0].0, 15_000), (all[1].0, 15_000), (all[2].0, 0)] {
            let progress = store::progress(&t.app.db, PersonId(person)).await.unwrap();
            assert_eq!(
                progress.first().map_or(0, |p| p.watched_ms),
                watched,
                "{progress:?}"
            );
        }

        // Over HTTP, refused and honest reports arriving together: the honest ones all count.
        t.clock.advance(Duration::seconds(15));
        let calls = [
            beat(&t, &all[0].1, all[0].2, 30_000, true, true),
            beat(&t, &all[1].1, all[0].2, 30_000, true, true),
            beat(&t, &all[2].1, all[2].2, 30_000, true, true),
            beat(&t, &all[1].1, all[1].2, 30_000, true, true),
        ];
        let answers = join_all(calls).await;
        let statuses: Vec<StatusCode> = answers.iter().map(|(status, _)| *status).collect();
        assert_eq!(
            statuses,
            [
                StatusCode::OK,
                StatusCode::NOT_FOUND,
                StatusCode::CONFLICT,
                StatusCode::OK
            ],
            "{answers:?}"
        );
        assert_eq!(answers[0].1["watched_ms"], 30_000);
        assert_eq!(answers[3].1["watched_ms"], 30_000);
    }
);

both_backends!(a_timing_rule_saved_applies_to_the_next_request, |t| {
    let s = cast(&t).await;
    let lesson = published_lesson(&t, &s, "规则即时生效", 600).await;
    let (status, _) = start(&t, &s.learner, lesson).await;
    assert_eq!(status, StatusCode::CREATED);
    // Read once (and kept): a second playback takes over by default.
    let (status, again) = start(&t, &s.learner, lesson).await;
    assert_eq!(again["took_over"], true, "{status} {again}");
    let (_, current) = t
        .call(Some(&s.zzb), "GET", "/rules/learning_settings", None)
        .await;
    let body = current["body"].as_str().unwrap().replace(
        "second_playback = \"take_over\"",
        "second_playback = \"refuse\"",
    );
    let (status, saved) = t
        .call(
            Some(&s.zzb),
            "PUT",
            "/rules/learning_settings",
            Some(json!({ "body": body })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, refused) = start(&t, &s.learner, lesson).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["code"], "PLAYBACK_ELSEWHERE");
});

both_backends!(
    two_servers_writing_the_same_reports_at_once_count_them_once,
    |t| {
        // Two servers sharing the database (on PostgreSQL) each write a batch holding the same
        // reports at the same moment: a batch that finds a playback changed since it read it
        // writes nothing and takes its reports alone, where the version check decides.
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "两台服务器同时写入", 3_600).await;
        let all = learners(&t, &s.zzb, lesson, 6).await;
        let timing = ganxun::app::learning::timing(&t.app).await.unwrap();
        // Each server's writer keeps what its batches wrote, which the other's make stale.
        let (mut kept_a, mut kept_b) = (KeptRows::default(), KeptRows::default());
        for round in 1..=8_u64 {
            t.clock.advance(Duration::seconds(15));
            let jobs: Vec<BeatJob> = all
                .iter()
                .map(|(person, _, playback)| job(&t, &timing, *person, *playback, round * 15_000))
                .collect();
            let (first, second) = tokio::join!(
                store::beat_batch(&t.app.db, &jobs, &mut kept_a),
                store::beat_batch(&t.app.db, &jobs, &mut kept_b)
            );
            for (a, b) in first.unwrap().iter().zip(second.unwrap().iter()) {
                let earned: u64 = [a, b]
                    .iter()
                    .map(|taken| match taken {
                        Ok(counted) => counted.earned_ms,
                        Err(refused) => {
                            let code = refused
                                .refusal::<ganxun_storage::learning::refusal::Refusal>()
                                .map(ganxun_domain::problem::Problem::code);
                            assert_eq!(code, Some("PLAYBACK_REPORT_RACED"), "{refused:?}");
                            0
                        }
                    })
                    .sum();
                assert_eq!(earned, 15_000, "round {round}: {a:?} / {b:?}");
            }
        }
        for (person, _, _) in &all {
            let progress = store::progress(&t.app.db, PersonId(*person)).await.unwrap();
            assert_eq!(progress[0].watched_ms, 8 * 15_000, "{progress:?}");
        }
    }
);

both_backends!(
    rows_a_writer_kept_never_write_over_a_change_made_elsewhere,
    |t| {
        // The writer keeps each learner's rows as its last batch committed them and reads only
        // what it lacks. A playback or a total changed elsewhere since (another server, a
        // presence answer) makes its next batch roll back and take each report alone: the
        // change is never written over, and nothing is counted twice.
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "写入方保留的行", 3_600).await;
        let all = learners(&t, &s.zzb, lesson, 3).await;
        let timing = ganxun::app::learning::timing(&t.app).await.unwrap();
        let round = |position_ms: u64| -> Vec<BeatJob> {
            all.iter()
                .map(|(person, _, playback)| job(&t, &timing, *person, *playback, position_ms))
                .collect()
        };
        let earned = |taken: Vec<store::Taken>| -> Vec<u64> {
            taken
                .into_iter()
                .map(|taken| taken.map_or(0, |counted| counted.earned_ms))
                .collect()
        };
        let mut kept = KeptRows::default();
        t.clock.advance(Duration::seconds(15));
        let taken = store::beat_batch(&t.app.db, &round(15_000), &mut kept).await;
        assert_eq!(earned(taken.unwrap()), [15_000, 15_000, 15_000]);
        assert_eq!(kept.len(), 3, "every learner's rows are kept");

        // The second learner's day total grows by a second elsewhere, their playback and
        // progress untouched: the next batch finds the total it kept stale.
        t.app
            .db
            .connection()
            .execute_unprepared(&format!(
                "UPDATE learning_day SET earned_ms = earned_ms + 1000 WHERE person_id = {}",
                all[1].0
            ))
            .await
            .unwrap();
        t.clock.advance(Duration::seconds(15));
        let taken = store::beat_batch(&t.app.db, &round(30_000), &mut kept).await;
        assert_eq!(earned(taken.unwrap()), [15_000, 15_000, 15_000]);
        assert!(kept.is_empty(), "a raced batch drops what was kept");
        for ((person, _, _), day_ms) in all.iter().zip([30_000, 31_000, 30_000]) {
            assert_eq!(day_total(&t, *person).await, day_ms);
        }

        // The next batch reads again and keeps again.
        t.clock.advance(Duration::seconds(15));
        let taken = store::beat_batch(&t.app.db, &round(45_000), &mut kept).await;
        assert_eq!(earned(taken.unwrap()), [15_000, 15_000, 15_000]);
        assert_eq!(kept.len(), 3);

        // Another server takes the first learner's next report: the playback moved on under
        // what this writer kept. Its batch counts that report once, and the others.
        t.clock.advance(Duration::seconds(15));
        let elsewhere = store::beat_batch(
            &t.app.db,
            &[job(&t, &timing, all[0].0, all[0].2, 60_000)],
            &mut KeptRows::default(),
        )
        .await;
        assert_eq!(earned(elsewhere.unwrap()), [15_000]);
        let taken = store::beat_batch(&t.app.db, &round(60_000), &mut kept).await;
        assert_eq!(earned(taken.unwrap()), [0, 15_000, 15_000]);
        assert!(kept.is_empty());
        for ((person, _, _), day_ms) in all.iter().zip([60_000, 61_000, 60_000]) {
            assert_eq!(day_total(&t, *person).await, day_ms);
            let progress = store::progress(&t.app.db, PersonId(*person)).await.unwrap();
            assert_eq!(progress[0].watched_ms, 60_000, "{progress:?}");
        }
    }
);

/// A person's credited time today (one day row per person in these stories).
async fn day_total(t: &TestApp, person: i64) -> i64 {
    t.stored(&format!(
        "SELECT earned_ms FROM learning_day WHERE person_id = {person}"
    ))
    .await
    .expect("a day row")
}
