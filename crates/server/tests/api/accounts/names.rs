//! The names pages show for usernames (issue 17 item 5), on both databases: any signed-in
//! account asks, accounts are named, the server's own work reads 系统, an unknown username is
//! answered with itself, and an over-long list is refused.

use crate::common;
use axum::http::StatusCode;
use serde_json::json;

both_backends!(pages_show_names_not_usernames, |t| {
    t.account_called(
        "zzb",
        "王芳",
        "training_authority",
        t.units.city,
        None,
        None,
        vec![],
    )
    .await;
    t.account("xueyuan", "trainee", t.units.county_x, None)
        .await;
    let trainee = t.login("xueyuan").await;
    let (status, names) = t
        .call(
            Some(&trainee),
            "POST",
            "/accounts/names",
            Some(json!({ "usernames": ["zzb", "system:demo", "gone"] })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{names}");
    assert_eq!(
        names,
        json!({ "zzb": "王芳", "system:demo": "系统（演示数据）", "gone": "gone" })
    );

    let many: Vec<String> = (0..501).map(|i| format!("u{i}")).collect();
    let (status, refused) = t
        .call(
            Some(&trainee),
            "POST",
            "/accounts/names",
            Some(json!({ "usernames": many })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["code"], "TOO_MANY_USERNAMES");

    let (status, _) = t
        .call(
            None,
            "POST",
            "/accounts/names",
            Some(json!({ "usernames": ["zzb"] })),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
});
