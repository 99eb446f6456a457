//! `ganxun backup` and `ganxun restore` (issue 14 item 4): a restore is refused while a server
//! holds the database, refused for a file that is not a ganxun backup or comes from a newer
//! schema (and neither file is changed), and a backup restored gives back exactly the data it
//! held.

use crate::common;
use crate::processes::{Client, assert_intact, prepare};

use common::server::{Server, ganxun};
use reqwest::StatusCode;
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::sqlx::{ConnectOptions, Connection, Executor, Row};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A digest of every row of every table, independent of the file's page layout.
async fn data_digest(database: &Path) -> String {
    let mut conn = SqliteConnectOptions::new()
        .filename(database)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let tables: Vec<String> = sea_orm::sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|row| row.get(0))
    .collect();
    let mut hash = Sha256::new();
    for table in tables {
        let columns: Vec<String> = sea_orm::sqlx::query(sea_orm::sqlx::AssertSqlSafe(format!(
            "SELECT name FROM pragma_table_info('{table}')"
        )))
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
        let quoted: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
        let sql = format!(
            "SELECT {} FROM \"{table}\" ORDER BY 1",
            quoted.join(" || '|' || ")
        );
        hash.update(table.as_bytes());
        for row in sea_orm::sqlx::query(sea_orm::sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut conn)
            .await
            .unwrap()
        {
            let line: String = row.get(0);
            hash.update(line.as_bytes());
            hash.update(b"\n");
        }
    }
    conn.close().await.unwrap();
    hex::encode(hash.finalize())
}

fn file_digest(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

fn restore(database: &str, backup: &Path) -> std::process::Output {
    ganxun(database, &["restore", &backup.to_string_lossy()])
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A database with the admin account and a little data, plus its backup.
fn database_with_backup(dir: &Path) -> (String, std::path::PathBuf) {
    let database = dir.join("live.db").to_string_lossy().into_owned();
    prepare(&database);
    let backup = dir.join("backup.db");
    let out = ganxun(&database, &["backup", &backup.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (database, backup)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_is_refused_while_a_server_holds_the_database_and_allowed_after_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let (database, backup) = database_with_backup(dir.path());
    let mut server = Server::start(&database).await;
    let client = Client::login(&server.base).await;
    let out = restore(&database, &backup);
    assert!(!out.status.success(), "restore ran under a live server");
    assert!(stderr(&out).contains("请先停止服务"), "{}", stderr(&out));
    // The live server is unharmed.
    let (status, _) = client.get("/org/units").await;
    assert_eq!(status, StatusCode::OK);
    // A crash releases the hold: the operating system drops the lock with the process.
    server.kill();
    let out = restore(&database, &backup);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_intact(&database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_refuses_files_that_are_not_a_ganxun_backup_of_a_known_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (database, backup) = database_with_backup(dir.path());
    let live = data_digest(Path::new(&database)).await;

    // An unrelated SQLite database.
    let unrelated = dir.path().join("notes.db");
    let mut conn = SqliteConnectOptions::new()
        .filename(&unrelated)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    conn.execute("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')")
        .await
        .unwrap();
    conn.close().await.unwrap();
    // A ganxun backup from a newer version (a migration this program does not know).
    let newer = dir.path().join("newer.db");
    std::fs::copy(&backup, &newer).unwrap();
    let mut conn = SqliteConnectOptions::new()
        .filename(&newer)
        .connect()
        .await
        .unwrap();
    conn.execute(
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m9999_from_the_future', 0)",
    )
    .await
    .unwrap();
    conn.close().await.unwrap();
    // Not a database at all.
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();

    // A ganxun backup of another installation, sealed under another data key.
    let other_dir = tempfile::tempdir().unwrap();
    let other_database = other_dir
        .path()
        .join("other.db")
        .to_string_lossy()
        .into_owned();
    let other_key = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    let other_backup = dir.path().join("other-key.db");
    for args in [
        vec!["demo", "--size", "5"],
        vec!["backup", other_backup.to_str().unwrap()],
    ] {
        let out = std::process::Command::new(common::server::BIN)
            .args(&args)
            .arg("--database")
            .arg(&other_database)
            .env("GANXUN_DATA_KEY", other_key)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }

    for (file, expected) in [
        (&other_backup, "另一把数据密钥"),
        (&unrelated, "不是干训的备份"),
        (&newer, "更新版本"),
        (&garbage, "拒绝恢复"),
        (&dir.path().join("missing.db"), "备份文件不存在"),
    ] {
        let before = file.exists().then(|| file_digest(file));
        let out = restore(&database, file);
        assert!(!out.status.success(), "{} was restored", file.display());
        assert!(
            stderr(&out).contains(expected),
            "{}: {}",
            file.display(),
            stderr(&out)
        );
        assert_eq!(
            file.exists().then(|| file_digest(file)),
            before,
            "{} was changed by a refused restore",
            file.display()
        );
        assert_eq!(
            data_digest(Path::new(&database)).await,
            live,
            "the live data changed"
        );
        assert!(
            !Path::new(&format!("{database}.restoring")).exists(),
            "a working copy was left behind"
        );
    }
    assert_intact(&database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_then_restore_gives_back_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("demo.db").to_string_lossy().into_owned();
    let out = ganxun(&database, &["demo", "--size", "60"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let backup = dir.path().join("demo-backup.db");
    let out = ganxun(&database, &["backup", &backup.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let at_backup = data_digest(Path::new(&database)).await;
    assert_eq!(
        data_digest(&backup).await,
        at_backup,
        "the backup holds the data"
    );

    // Work continues after the backup; a restore goes back to the backup's state exactly.
    prepare(&database);
    assert_ne!(data_digest(Path::new(&database)).await, at_backup);
    let backup_file = file_digest(&backup);
    let out = restore(&database, &backup);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("已从"));
    let restored = data_digest(Path::new(&database)).await;
    assert_eq!(restored, at_backup, "restored data differ from the backup");
    assert_eq!(
        file_digest(&backup),
        backup_file,
        "the backup file itself was changed"
    );
    assert_intact(&database).await;
    eprintln!("backup → restore: data digests equal ({restored})");
}
