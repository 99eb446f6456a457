//! Starting the server: open the database, find the key, serve until told to stop.

use crate::app::App;
use crate::app::keys::{KeySource, load_key};
use crate::config::Settings;
use ganxun_domain::SystemClock;
use ganxun_storage::{DatabaseUrl, Db};
use std::net::SocketAddr;
use std::sync::Arc;

/// Opens the database named in the settings and loads its key; prints where both are.
pub async fn open_app(settings: &Settings) -> anyhow::Result<App> {
    let url = DatabaseUrl::parse(&settings.database);
    // Held until the process ends, so `ganxun restore` refuses meanwhile (issue 14 item 4).
    crate::restore::hold_database(&url)?;
    let db = Db::open(&url)
        .await
        .map_err(|e| anyhow::anyhow!("无法打开数据库 {}：{e:?}", url.display_safe()))?;
    let (key, source) = load_key(&db, settings).await?;
    eprintln!("数据库 database: {}", url.display_safe());
    match source {
        KeySource::Environment => eprintln!("数据密钥 data key: 来自环境变量 GANXUN_DATA_KEY"),
        KeySource::File(path) => eprintln!("数据密钥 data key: {}", path.display()),
        KeySource::Created(path) => {
            eprintln!(
                "⚠ 已生成新的数据密钥 created a new data-encryption key: {}",
                path.display()
            );
            eprintln!(
                "⚠ 请立即将该密钥文件另行备份（不要与数据库放在同一备份中）。丢失密钥将无法解密身份证号和手机号。"
            );
            eprintln!(
                "⚠ Back this key file up separately from the database: without it ID and phone numbers cannot be read."
            );
        }
    }
    Ok(App::new(db, key, Arc::new(SystemClock), settings.clone()))
}

/// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
pub async fn serve(app: App) -> anyhow::Result<()> {
    let listen = app.settings.listen.clone();
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| anyhow::anyhow!("无法监听 {listen}：{e}"))?;
    let addr = listener.local_addr()?;
    eprintln!("干训 ganxun 已启动 listening on http://{addr}/");
    if ganxun_storage::accounts::count(&app.db).await? == 0 {
        eprintln!(
            "尚无账号。请运行 `ganxun demo` 生成演示数据，或 `ganxun user create --username admin --password … --role system_admin` 创建管理员。"
        );
    }
    // Keeps the compliance dashboard's statuses fresh (ADR 0012).
    crate::app::compliance::board::spawn_worker(app.clone());
    // Does the work changes promised (credits after a class ends), retrying until it succeeds.
    crate::app::follow_ups::spawn_worker(app.clone());
    // Looks back over yesterday's online learning for what only a whole day shows.
    crate::app::learning::flags::spawn_worker(app.clone());
    // Makes the half-monthly statistics and monthly briefings owed once their period ends.
    crate::app::learning::briefings::spawn_worker(app.clone());
    let router = crate::http::router(app);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
