//! Required courses and notes over HTTP on both databases (issue 16 items 1 and 4): an
//! assignment reaches whom it names and no one else, bad ones are refused with their field;
//! learners write notes and reflections that only they change and that those who guide them
//! read and answer.

use super::{cast, published_lesson};
use crate::common;
use crate::common::running::running_class_with;
use axum::http::StatusCode;
use serde_json::{Value, json};

async fn required_flags(t: &common::TestApp, s: &common::Session) -> Vec<(String, bool)> {
    let (status, mine) = t.call(Some(s), "GET", "/learning/my/courses", None).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    let mut flags: Vec<(String, bool)> = mine["courses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["title"].as_str().unwrap().to_owned(),
                c["required"].as_bool().unwrap(),
            )
        })
        .collect();
    flags.sort();
    flags
}

async fn assign(
    t: &common::TestApp,
    s: &common::Session,
    course: i64,
    body: Value,
) -> (StatusCode, Value) {
    t.call(
        Some(s),
        "POST",
        &format!("/learning/courses/{course}/requirements"),
        Some(body),
    )
    .await
}

async fn course_of(t: &common::TestApp, s: &common::Session, lesson: i64) -> i64 {
    let (_, courses) = t.call(Some(s), "GET", "/learning/courses", None).await;
    courses
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["lessons"][0]["id"] == lesson)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

both_backends!(
    an_assignment_makes_a_course_required_of_whom_it_names_and_no_one_else,
    |t| {
        let s = cast(&t).await;
        let party = published_lesson(&t, &s, "党史学习", 120).await;
        let law = published_lesson(&t, &s, "依法行政", 120).await;
        let (party, law) = (
            course_of(&t, &s.zzb, party).await,
            course_of(&t, &s.zzb, law).await,
        );
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        let year = mine["year"].as_i64().unwrap();
        let both_optional = vec![
            ("依法行政".to_owned(), false),
            ("党史学习".to_owned(), false),
        ];
        assert_eq!(required_flags(&t, &s.learner).await, both_optional);

        // 党史学习 for the learner by name, 依法行政 for teachers (neither of them is one).
        let (status, by_name) = assign(
            &t,
            &s.zzb,
            party,
            json!({"year": year, "audience": "person", "audience_id": s.learner_id}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{by_name}");
        assert_eq!(by_name["audience_name"], "学员甲");
        let (status, teachers) = assign(
            &t,
            &s.zzb,
            law,
            json!({"year": year, "audience": "category", "category": "teacher"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{teachers}");
        assert_eq!(teachers["audience_name"], "教师");
        assert_eq!(
            required_flags(&t, &s.learner).await,
            vec![
                ("依法行政".to_owned(), false),
                ("党史学习".to_owned(), true)
            ]
        );
        assert_eq!(required_flags(&t, &s.other).await, both_optional);
        // Required courses come first on the learner's page.
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        assert_eq!(mine["courses"][0]["title"], "党史学习", "{mine}");

        // 依法行政 for section-level leaders (both are), and for another year (no effect now).
        let (status, leaders) = assign(
            &t,
            &s.zzb,
            law,
            json!({"year": year, "audience": "category", "category": "section_leader"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{leaders}");
        let (status, _) = assign(
            &t,
            &s.zzb,
            party,
            json!({"year": year - 1, "audience": "everyone"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(
            required_flags(&t, &s.other).await,
            vec![
                ("依法行政".to_owned(), true),
                ("党史学习".to_owned(), false)
            ]
        );

        // The same assignment twice, and bad ones: each refused with a code and, for a form,
        // the field it is about.
        let (status, twice) = assign(
            &t,
            &s.zzb,
            law,
            json!({"year": year, "audience": "category", "category": "section_leader"}),
        )
        .await;
        assert_eq!(
            (status, twice["code"].as_str()),
            (StatusCode::CONFLICT, Some("REQUIREMENT_EXISTS"))
        );
        for (body, code) in [
            (
                json!({"year": year, "audience": "galaxy"}),
                "AUDIENCE_UNKNOWN_KIND",
            ),
            (
                json!({"year": year, "audience": "unit"}),
                "AUDIENCE_ID_MISSING",
            ),
            (
                json!({"year": year, "audience": "unit", "audience_id": 987_654}),
                "AUDIENCE_UNKNOWN",
            ),
            (
                json!({"year": year, "audience": "category", "category": "astronaut"}),
                "AUDIENCE_CATEGORY_UNKNOWN",
            ),
            (
                json!({"year": 1999, "audience": "everyone"}),
                "REQUIREMENT_YEAR_OUT_OF_RANGE",
            ),
        ] {
            let (status, refused) = assign(&t, &s.zzb, law, body.clone()).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{body}: {refused}"
            );
            assert_eq!(refused["code"], code, "{refused}");
            assert!(refused["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        let (status, _) = assign(
            &t,
            &s.zzb,
            987_654,
            json!({"year": year, "audience": "everyone"}),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // A learner or a unit administrator does not keep the library.
        for who in [&s.learner, &s.county] {
            let (status, _) =
                assign(&t, who, law, json!({"year": year, "audience": "everyone"})).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }

        // A county's keeper assigns within the county: not to everyone, a whole category, the
        // next county or its people; to a town of their own, yes.
        t.account_with_scope(
            "xzzb",
            "training_authority",
            t.units.county_x,
            None,
            Some("own_unit_and_below"),
            vec![],
        )
        .await;
        let county_keeper = t.login("xzzb").await;
        let elsewhere = t
            .person(
                &s.zzb,
                "乙县干部",
                &common::id_card("19820101", 503),
                t.units.county_y,
            )
            .await;
        for (body, code) in [
            (
                json!({"year": year, "audience": "everyone"}),
                "AUDIENCE_BEYOND_SCOPE",
            ),
            (
                json!({"year": year, "audience": "category", "category": "teacher"}),
                "AUDIENCE_BEYOND_SCOPE",
            ),
            (
                json!({"year": year, "audience": "unit", "audience_id": t.units.county_y}),
                "AUDIENCE_UNKNOWN",
            ),
            (
                json!({"year": year, "audience": "person", "audience_id": elsewhere}),
                "AUDIENCE_UNKNOWN",
            ),
        ] {
            let (status, refused) = assign(&t, &county_keeper, law, body.clone()).await;
            assert_eq!(
                (status, refused["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{body}: {refused}"
            );
        }
        let (status, town) = assign(
            &t,
            &county_keeper,
            law,
            json!({"year": year, "audience": "unit", "audience_id": t.units.town_b}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{town}");
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "DELETE",
                &format!("/learning/requirements/{}", town["id"]),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);

        // The year's list names each audience in words.
        let (status, list) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/learning/requirements?year={year}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let names: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["audience_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["学员甲", "教师", "科级领导干部"], "{list}");

        // A retired course is not assigned any more.
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{party}/state"),
                Some(json!({"action": "retire"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, retired) = assign(
            &t,
            &s.zzb,
            party,
            json!({"year": year, "audience": "everyone"}),
        )
        .await;
        assert_eq!(
            (status, retired["code"].as_str()),
            (StatusCode::CONFLICT, Some("COURSE_RETIRED"))
        );
    }
);

both_backends!(
    notes_are_their_writers_and_those_who_guide_them_read_and_answer_them,
    |t| {
        // A class led by a head teacher whose grant reaches only the county office itself: the
        // trainees (in a town) are theirs to guide through the class alone.
        let class = running_class_with(&t, 2, None, Some("own_unit")).await;
        let zzb = t.login("zzb").await;
        let county = t.login("county").await;
        let learner = t.login("tr0").await;
        let classmate = t.login("tr1").await;
        t.account_with_scope(
            "stranger",
            "head_teacher",
            t.units.town_b,
            None,
            Some("own_unit"),
            vec![],
        )
        .await;
        let stranger = t.login("stranger").await;
        let cast = crate::learning::Cast {
            zzb: zzb.clone(),
            learner: learner.clone(),
            learner_id: class.people[0],
            other: classmate.clone(),
            county: county.clone(),
        };
        let lesson = published_lesson(&t, &cast, "党史学习", 120).await;

        let write = |who: &common::Session, body: Value| {
            let who = who.clone();
            let t = &t;
            async move {
                t.call(
                    Some(&who),
                    "POST",
                    &format!("/learning/lessons/{lesson}/notes"),
                    Some(body),
                )
                .await
            }
        };
        let (status, note) = write(
            &learner,
            json!({"kind": "note", "body": "  初心使命  ", "position_ms": 61_000}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{note}");
        assert_eq!(note["body"], "初心使命");
        assert_eq!(note["kind_label"], "学习笔记");
        assert_eq!(note["position_ms"], 61_000);
        // A position past the lesson's end is kept at the end.
        let (_, late) = write(
            &learner,
            json!({"kind": "note", "body": "结尾", "position_ms": 9_999_999}),
        )
        .await;
        assert_eq!(late["position_ms"], 120_000);
        let (status, reflection) = write(
            &learner,
            json!({"kind": "reflection", "body": "学习党史，坚定信念。"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{reflection}");
        for (body, code) in [
            (json!({"kind": "note", "body": "   "}), "NOTE_BODY_INVALID"),
            (
                json!({"kind": "note", "body": "字".repeat(5001)}),
                "NOTE_BODY_INVALID",
            ),
            (json!({"kind": "diary", "body": "x"}), "NOTE_KIND_UNKNOWN"),
        ] {
            let (status, refused) = write(&learner, body).await;
            assert_eq!(
                (status, refused["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code))
            );
        }
        let (status, _) = t
            .call(
                Some(&learner),
                "POST",
                "/learning/lessons/987654/notes",
                Some(json!({"kind": "note", "body": "x"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Each learner sees and changes only their own.
        let (_, mine) = t
            .call(
                Some(&learner),
                "GET",
                &format!("/learning/my/notes?lesson_id={lesson}"),
                None,
            )
            .await;
        assert_eq!(mine.as_array().unwrap().len(), 3, "{mine}");
        let (_, theirs) = t
            .call(Some(&classmate), "GET", "/learning/my/notes", None)
            .await;
        assert_eq!(theirs, json!([]));
        let note_id = note["id"].as_i64().unwrap();
        let edit = json!({"body": "不忘初心", "version": 1});
        let (status, _) = t
            .call(
                Some(&classmate),
                "PUT",
                &format!("/learning/my/notes/{note_id}"),
                Some(edit.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, edited) = t
            .call(
                Some(&learner),
                "PUT",
                &format!("/learning/my/notes/{note_id}"),
                Some(edit.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!(
            (edited["body"].as_str(), edited["version"].as_i64()),
            (Some("不忘初心"), Some(2))
        );
        let (status, stale) = t
            .call(
                Some(&learner),
                "PUT",
                &format!("/learning/my/notes/{note_id}"),
                Some(edit),
            )
            .await;
        assert_eq!(
            (status, stale["code"].as_str()),
            (StatusCode::CONFLICT, Some("NOTE_CHANGED"))
        );
        let late_id = late["id"].as_i64().unwrap();
        let (status, _) = t
            .call(
                Some(&classmate),
                "DELETE",
                &format!("/learning/my/notes/{late_id}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = t
            .call(
                Some(&learner),
                "DELETE",
                &format!("/learning/my/notes/{late_id}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);

        // Who reads them: the head teacher of the class, the authority and the county's
        // administrator by their scope; not a head teacher elsewhere, not a classmate.
        let waiting = |who: common::Session| {
            let t = &t;
            async move {
                let (status, list) = t
                    .call(Some(&who), "GET", "/learning/notes?waiting=true", None)
                    .await;
                (status, list.as_array().map_or(0, Vec::len))
            }
        };
        assert_eq!(waiting(class.teacher.clone()).await, (StatusCode::OK, 2));
        assert_eq!(waiting(zzb.clone()).await, (StatusCode::OK, 2));
        assert_eq!(waiting(county.clone()).await, (StatusCode::OK, 2));
        assert_eq!(waiting(stranger.clone()).await, (StatusCode::OK, 0));
        assert_eq!(waiting(classmate.clone()).await.0, StatusCode::FORBIDDEN);
        let (_, reflections) = t
            .call(
                Some(&class.teacher),
                "GET",
                "/learning/notes?kind=reflection",
                None,
            )
            .await;
        assert_eq!(reflections.as_array().unwrap().len(), 1, "{reflections}");
        assert_eq!(reflections[0]["person_name"], "学员甲");
        assert_eq!(reflections[0]["course_title"], "党史学习");

        // The head teacher answers the reflection; the learner sees the comment, signed.
        let reflection_id = reflection["id"].as_i64().unwrap();
        let comment = |who: &common::Session, text: &str| {
            let (who, text) = (who.clone(), text.to_owned());
            let t = &t;
            async move {
                t.call(
                    Some(&who),
                    "POST",
                    &format!("/learning/notes/{reflection_id}/comment"),
                    Some(json!({"comment": text})),
                )
                .await
            }
        };
        let (status, _) = comment(&stranger, "写得好").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, empty) = comment(&class.teacher, "  ").await;
        assert_eq!(
            (status, empty["code"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("NOTE_COMMENT_INVALID")
            )
        );
        let (status, answered) =
            comment(&class.teacher, "体会真切，建议结合本职工作再谈谈。").await;
        assert_eq!(status, StatusCode::OK, "{answered}");
        assert_eq!(answered["commented_by"], "teacher");
        let (_, mine) = t
            .call(Some(&learner), "GET", "/learning/my/notes", None)
            .await;
        let commented = mine
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == reflection_id)
            .unwrap();
        assert_eq!(commented["comment"], "体会真切，建议结合本职工作再谈谈。");
        assert_eq!(waiting(class.teacher.clone()).await, (StatusCode::OK, 1));
    }
);
