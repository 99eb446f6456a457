//! Quiz lessons on both databases (issue 16 item 1, R-REG-8: 学习测试通过得 0.5 学时): the keeper
//! writes one into a draft course, refused field by field when malformed; a learner reads the
//! questions without their answers, sits it within its attempts, and a pass finishes the lesson
//! with the quiz bonus — in the ledger and the year's hours like a video's.

use super::{cast, mp4, upload};
use crate::common;
use axum::http::StatusCode;
use serde_json::{Value, json};

fn quiz_body() -> Value {
    json!({
        "title": "课后测验",
        "questions": [
            {"text": "全会的主题是", "options": ["进一步全面深化改革", "经济建设", "党的建设"], "answers": [0]},
            {"text": "以下哪些属于六项纪律", "options": ["政治纪律", "组织纪律", "饮食纪律", "廉洁纪律"], "answers": [0, 1, 3]},
            {"text": "学习贯彻全会精神要联系实际", "options": ["对", "错"], "answers": [0]}
        ],
        "pass_percent": 60,
        "max_attempts": 2
    })
}

both_backends!(
    a_quiz_is_graded_by_the_server_and_a_pass_earns_its_bonus,
    |t| {
        let s = cast(&t).await;
        let (status, course) = t
            .call(
                Some(&s.zzb),
                "POST",
                "/learning/courses",
                Some(json!({"title": "全会精神学习", "category": "theory", "summary": "学习贯彻"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{course}");
        let course_id = course["id"].as_i64().unwrap();
        let (_, media) = upload(&t, &s.zzb, "lesson.mp4", mp4::h264(60_000)).await;
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{course_id}/lessons"),
                Some(json!({"title": "第一讲", "media_id": media["id"]})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);

        // Malformed quizzes are refused with their own code.
        let quizzes = format!("/learning/courses/{course_id}/quizzes");
        for (change, code) in [
            (json!({"questions": []}), "QUIZ_QUESTION_COUNT"),
            (
                json!({"questions": [{"text": "题", "options": ["甲"], "answers": [0]}]}),
                "QUIZ_OPTIONS",
            ),
            (
                json!({"questions": [{"text": "题", "options": ["甲", "乙"], "answers": [2]}]}),
                "QUIZ_ANSWERS",
            ),
            (json!({"pass_percent": 0}), "QUIZ_PASS_PERCENT"),
            (json!({"max_attempts": 99}), "QUIZ_ATTEMPTS"),
        ] {
            let mut body = quiz_body();
            for (key, value) in change.as_object().unwrap() {
                body[key] = value.clone();
            }
            let (status, refused) = t.call(Some(&s.zzb), "POST", &quizzes, Some(body)).await;
            assert_eq!(
                (status, refused["code"].as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
                "{refused}"
            );
        }
        let (status, course) = t
            .call(Some(&s.zzb), "POST", &quizzes, Some(quiz_body()))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{course}");
        let quiz = &course["lessons"][1];
        assert_eq!(quiz["kind"], "quiz");
        assert_eq!(quiz["duration_ms"], 0);
        let lesson = quiz["id"].as_i64().unwrap();
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{course_id}/state"),
                Some(json!({"action": "publish"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{course_id}/requirements"),
                Some(json!({"year": mine["year"], "audience": "everyone"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);

        // The learner reads the questions, never the answers; a quiz is not played.
        let path = format!("/learning/lessons/{lesson}/quiz");
        let (status, view) = t.call(Some(&s.learner), "GET", &path, None).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        assert_eq!(view["questions"].as_array().unwrap().len(), 3);
        assert_eq!(view["questions"][1]["multiple"], true);
        assert!(!view.to_string().contains("answers"), "{view}");
        assert_eq!(
            (view["attempts_left"].as_u64(), view["hours"].as_str()),
            (Some(2), Some("0.5"))
        );
        let (status, played) = t
            .call(
                Some(&s.learner),
                "POST",
                &format!("/learning/lessons/{lesson}/playbacks"),
                None,
            )
            .await;
        assert_eq!(
            (status, played["code"].as_str()),
            (StatusCode::CONFLICT, Some("LESSON_IS_A_QUIZ"))
        );

        // An incomplete sheet is refused and uses no attempt; a failing one uses one.
        let (status, refused) = t
            .call(
                Some(&s.learner),
                "POST",
                &path,
                Some(json!({"answers": [[0]]})),
            )
            .await;
        assert_eq!(
            (status, refused["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("QUIZ_SHEET"))
        );
        let (status, failed) = t
            .call(
                Some(&s.learner),
                "POST",
                &path,
                Some(json!({"answers": [[1], [0, 1], [1]]})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{failed}");
        assert_eq!(failed["passed"], false);
        assert_eq!(failed["attempts"][0]["correct"], 0);
        assert_eq!(failed["attempts_left"], 1);

        // Two of three right passes a 60% mark: the lesson is finished with the quiz bonus.
        let (status, passed) = t
            .call(
                Some(&s.learner),
                "POST",
                &path,
                Some(json!({"answers": [[0], [0, 1], [0]]})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{passed}");
        assert_eq!(
            (
                passed["passed"].as_bool(),
                passed["attempts"][1]["correct"].as_u64()
            ),
            (Some(true), Some(2))
        );
        let (status, again) = t
            .call(
                Some(&s.learner),
                "POST",
                &path,
                Some(json!({"answers": [[0], [0, 1, 3], [0]]})),
            )
            .await;
        assert_eq!(
            (status, again["code"].as_str()),
            (StatusCode::CONFLICT, Some("QUIZ_ALREADY_PASSED"))
        );
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        assert_eq!(mine["required_hours"], 50, "{mine}");
        ganxun::app::follow_ups::run_due(&t.app).await.unwrap();
        let (_, statement) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/people/{}/credits", s.learner_id),
                None,
            )
            .await;
        let entry = statement["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["source_kind"] == "lesson")
            .cloned()
            .unwrap_or(Value::Null);
        assert!(entry.to_string().contains("测验通过"), "{statement}");

        // 学员乙 fails twice and has no attempt left.
        for _ in 0..2 {
            let (status, _) = t
                .call(
                    Some(&s.other),
                    "POST",
                    &path,
                    Some(json!({"answers": [[2], [2], [1]]})),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
        }
        let (status, spent) = t
            .call(
                Some(&s.other),
                "POST",
                &path,
                Some(json!({"answers": [[0], [0, 1, 3], [0]]})),
            )
            .await;
        assert_eq!(
            (status, spent["code"].as_str()),
            (StatusCode::CONFLICT, Some("QUIZ_NO_ATTEMPTS_LEFT")),
            "{spent}"
        );
    }
);
