//! The `ganxun` command line. Operators script these; keep names and flags stable:
//! `serve --listen ADDR --database URL`, `demo --database URL [--size N]`,
//! `user create --username U --password P --role ROLE [--unit CODE]`.

use crate::app::accounts::{AccountInput, GrantInput, create_unchecked};
use crate::app::{App, AppError};
use crate::config::Settings;
use crate::server::{open_app, serve};
use clap::{Parser, Subcommand};
use ganxun_domain::AccountId;
use ganxun_storage::{AccessScope, Actor, DatabaseUrl};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ganxun",
    version,
    about = "干训：干部教育培训管理系统 / cadre education and training management"
)]
pub struct Cli {
    /// Settings file (TOML). Default: ./ganxun.toml when present.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// SQLite file or postgres:// URL. Default: ./ganxun.db
    #[arg(long, global = true, env = "GANXUN_DATABASE")]
    pub database: Option<String>,
    /// Data-encryption key file. Default: ganxun.key beside the SQLite file.
    #[arg(long, global = true, env = "GANXUN_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (API and web pages on one port).
    Serve {
        /// Address to listen on, e.g. 0.0.0.0:8080
        #[arg(long, env = "GANXUN_LISTEN")]
        listen: Option<String>,
        /// Fill an empty database with the demo county first.
        #[arg(long)]
        demo: bool,
    },
    /// Create or upgrade the schema, then exit.
    Migrate,
    /// Fill an empty database with the demo county and print the demo accounts.
    Demo {
        /// Number of cadres (1000000 makes a province for benchmarks).
        #[arg(long, default_value_t = 3000)]
        size: usize,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Import people from an .xlsx or .csv file.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export people to an .xlsx file (numbers masked).
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Verify the audit chain: finds edited, deleted, inserted or reordered entries.
    VerifyAudit {
        /// Archive files written by `archive-audit`, checked with their link to the online chain.
        #[arg(long, num_args = 1..)]
        archive: Vec<PathBuf>,
    },
    /// Move audit entries older than the retention (`audit.retention_months`, at least 6) into
    /// a sealed JSON-lines file; the online chain stays verifiable.
    ArchiveAudit {
        /// Archive only entries before this date (YYYY-MM-DD, China time); never inside the retention.
        #[arg(long)]
        before: Option<chrono::NaiveDate>,
        /// The file to write (must not exist). Default: audit-archive-<date>.jsonl
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Recompute every credit total from the ledger's entries (entries are never changed; the
    /// number of corrected totals goes to the audit log).
    RebuildTotals,
    /// Judge every person's training compliance again and recount the dashboard (the server
    /// also does this daily and after a compliance rule set changes).
    RecomputeCompliance,
    /// Copy the SQLite database to FILE while it stays online (PostgreSQL: use pg_dump).
    Backup { file: PathBuf },
    /// Replace the SQLite database with a ganxun backup (refused while a server uses it; the
    /// previous database stays until the restored copy is complete).
    Restore { file: PathBuf },
    /// Print the OpenAPI document (the web UI generates its API types from it).
    Openapi,
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create an account with one role.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password: String,
        /// Role code: training_authority, unit_admin, head_teacher, instructor, trainee, auditor,
        /// system_admin, security_admin, audit_admin
        #[arg(long)]
        role: String,
        /// Unit code (default: the root unit, created if the tree is empty).
        #[arg(long)]
        unit: Option<String>,
        /// Display name (default: the username).
        #[arg(long)]
        name: Option<String>,
        /// Let the user keep this password (default: must change at first sign-in).
        #[arg(long)]
        no_change_required: bool,
    },
    /// Set a new password; the user must change it at next sign-in. The operator's way back in
    /// when no administrator can sign in: the account's roles stay as they are.
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password: String,
    },
    /// Remove an account's second factor (a lost phone) when no system administrator can sign
    /// in to do it: the holder sets it up again at next sign-in; roles stay as they are.
    ResetSecondFactor {
        #[arg(long)]
        username: String,
    },
    /// Put an account's suspended roles back in force (ADR 0004), e.g. the only security
    /// administrator's after the system administrator reset their password.
    ConfirmRoles {
        #[arg(long)]
        username: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    People {
        file: PathBuf,
        /// Update people already registered (matched by ID number).
        #[arg(long)]
        update_existing: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    People {
        /// Output file.
        #[arg(long, default_value = "people.xlsx")]
        output: PathBuf,
    },
}

fn settings_of(cli: &Cli) -> anyhow::Result<Settings> {
    let mut settings = Settings::load(cli.config.as_deref())?;
    if let Some(database) = &cli.database {
        settings.database = database.clone();
    }
    if let Some(key_file) = &cli.key_file {
        settings.key_file = Some(key_file.clone());
    }
    Ok(settings)
}

fn app_error(err: AppError) -> anyhow::Error {
    match err {
        AppError::Validation(fields) => {
            anyhow::anyhow!(
                fields
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.message))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        }
        other => anyhow::anyhow!("{other:?}"),
    }
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if matches!(cli.command, Command::Openapi) {
        println!("{}", crate::http::openapi_json());
        return Ok(());
    }
    let mut settings = settings_of(&cli)?;
    match cli.command {
        Command::Openapi => Ok(()),
        Command::Serve { listen, demo } => {
            if let Some(listen) = listen {
                settings.listen = listen;
            }
            let app = open_app(&settings).await?;
            if demo && ganxun_storage::org::count_units(&app.db).await? == 0 {
                run_demo(&app, 3000).await?;
            }
            serve(app).await
        }
        Command::Migrate => {
            let url = DatabaseUrl::parse(&settings.database);
            crate::restore::hold_database(&url)?;
            ganxun_storage::Db::open(&url)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            eprintln!(
                "数据库结构已是最新 schema up to date: {}",
                url.display_safe()
            );
            Ok(())
        }
        Command::Demo { size } => {
            let app = open_app(&settings).await?;
            run_demo(&app, size).await
        }
        Command::User { action } => user(&open_app(&settings).await?, action).await,
        Command::Import {
            what:
                ImportWhat::People {
                    file,
                    update_existing,
                },
        } => {
            let app = open_app(&settings).await?;
            import_people(&app, &file, update_existing).await
        }
        Command::Export {
            what: ExportWhat::People { output },
        } => {
            let app = open_app(&settings).await?;
            export_people(&app, &output).await
        }
        Command::VerifyAudit { archive } => {
            let app = open_app(&settings).await?;
            let report = ganxun_storage::audit::verify(&app.db).await?;
            let (archived, _) = ganxun_storage::audit::archive::archived_through(&app.db).await?;
            println!(
                "审计日志 audit entries: {}，链头 head: #{} {}",
                report.entries, report.head_id, report.head_hash
            );
            for problem in &report.problems {
                println!("✗ {}", serde_json::to_string(problem)?);
            }
            let mut archive_problems = 0;
            if archived > 0 && archive.is_empty() {
                println!(
                    "已归档 archived: #1–#{archived}（未检查；用 --archive 文件… 校验 / not checked: pass --archive FILE…）"
                );
            } else if !archive.is_empty() {
                let checked =
                    ganxun_storage::audit::archive::verify_files(&app.db, &archive).await?;
                for file in &checked.files {
                    println!(
                        "归档文件 archive {}: #{}–#{}，{} 条",
                        file.path, file.first_id, file.last_id, file.entries
                    );
                    for problem in &file.problems {
                        println!("✗ {}: {problem}", file.path);
                    }
                }
                for problem in &checked.problems {
                    println!("✗ {problem}");
                }
                archive_problems = checked.problem_count();
            }
            // The credit ledger: its chain, and every maintained total against its entries.
            let ledger = ganxun_storage::credits::ledger::verify(&app.db).await?;
            println!(
                "学分台账 ledger entries: {}，合计 totals: {}",
                ledger.entries, ledger.totals
            );
            for problem in &ledger.problems {
                println!("✗ {}", serde_json::to_string(problem)?);
            }
            let problems = report.problems.len() + ledger.problems.len() + archive_problems;
            if problems == 0 {
                println!("校验通过 chain intact, totals equal their entries");
                Ok(())
            } else {
                anyhow::bail!("校验失败：发现 {problems} 处问题 (audit or ledger chain broken)")
            }
        }
        Command::ArchiveAudit { before, output } => {
            let app = open_app(&settings).await?;
            let output = output
                .unwrap_or_else(|| PathBuf::from(format!("audit-archive-{}.jsonl", app.today())));
            match crate::app::audit::retention::archive(&app, before, &output).await? {
                Some(done) => println!(
                    "已归档 archived: #{}–#{}，{} 条 → {}（请与数据库分开保存 / keep it apart from the database）",
                    done.first_id,
                    done.last_id,
                    done.entries,
                    output.display()
                ),
                None => println!("没有超过保存期限的审计记录 nothing older than the retention"),
            }
            Ok(())
        }
        Command::RebuildTotals => {
            let app = open_app(&settings).await?;
            let done = ganxun_storage::credits::ledger::rebuild_totals(
                &app.db,
                &operator().actor(),
                app.now(),
                ganxun_storage::credits::ledger::REBUILD_PEOPLE_PER_TRANSACTION,
                |done, of| eprint!("\r已重算至人员编号 {done} / {of}"),
            )
            .await?;
            eprintln!();
            println!(
                "学分合计已重算 totals rebuilt: {}，更正 corrected: {}",
                done.totals, done.corrected
            );
            Ok(())
        }
        Command::RecomputeCompliance => {
            let app = open_app(&settings).await?;
            let job = crate::app::compliance::board::recompute_now(
                &app,
                &operator().actor(),
                |done, of| eprint!("\r已计算 {done} / {of} 人"),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            eprintln!();
            println!(
                "培训达标状态已重新计算 statuses recomputed: {} 条（截至 {}）",
                job.result.unwrap_or(0),
                job.as_of.map(|d| d.to_string()).unwrap_or_default()
            );
            Ok(())
        }
        Command::Backup { file } => {
            let app = open_app(&settings).await?;
            anyhow::ensure!(!file.exists(), "目标文件已存在：{}", file.display());
            app.db
                .sqlite_backup(&file.to_string_lossy())
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            println!(
                "已备份到 backup written: {}（数据密钥请另行备份 / back the key up separately）",
                file.display()
            );
            Ok(())
        }
        Command::Restore { file } => restore(&settings, &file).await,
    }
}

async fn run_demo(app: &App, size: usize) -> anyhow::Result<()> {
    let bar = ProgressBar::new(size as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} {per_sec} 剩余 {eta}")?
            .progress_chars("=> "),
    );
    bar.set_message("生成演示数据");
    let summary = crate::demo::generate(app, size, |done| bar.set_position(done as u64)).await?;
    bar.finish();
    println!(
        "演示数据已生成：{} 个单位，{} 名干部，{} 个培训班次。",
        summary.units, summary.people, summary.classes
    );
    println!("演示账号（首次登录须修改密码，密码只显示这一次）demo accounts, shown once:");
    for (username, role, password) in &summary.accounts {
        println!("  {username:<12} {role:<10} {password}");
    }
    Ok(())
}

async fn user(app: &App, action: UserAction) -> anyhow::Result<()> {
    let actor = Actor::system("cli");
    match action {
        UserAction::Create {
            username,
            password,
            role,
            unit,
            name,
            no_change_required,
        } => {
            let unit_id = match unit {
                Some(code) => {
                    ganxun_storage::org::find_by_code(&app.db, &AccessScope::everything(), &code)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("单位代码不存在：{code}"))?
                        .id
                }
                None => root_unit(app, &actor).await?,
            };
            let input = AccountInput {
                display_name: name.unwrap_or_else(|| username.clone()),
                username,
                password,
                unit_id,
                person_id: None,
                grants: vec![GrantInput {
                    role,
                    scope: None,
                    units: Vec::new(),
                }],
            };
            let created = create_unchecked(app, &actor, &input, !no_change_required)
                .await
                .map_err(app_error)?;
            println!(
                "已创建账号 created account #{} {}",
                created.id, created.username
            );
            Ok(())
        }
        UserAction::ResetPassword { username, password } => {
            let account = ganxun_storage::accounts::credentials(&app.db, &username)
                .await?
                .ok_or_else(|| anyhow::anyhow!("账号不存在：{username}"))?;
            crate::app::accounts::auth::check_policy(app, &username, &password)
                .map_err(app_error)?;
            let hash = crate::app::accounts::auth::hash_password(&password).map_err(app_error)?;
            ganxun_storage::accounts::set_password(
                &app.db,
                &actor,
                app.now(),
                account.id,
                hash,
                ganxun_storage::accounts::PasswordChooser::Operator,
                None,
            )
            .await?;
            println!("密码已重置，下次登录须修改 password reset: {username}");
            Ok(())
        }
        UserAction::ResetSecondFactor { username } => {
            let account = ganxun_storage::accounts::credentials(&app.db, &username)
                .await?
                .ok_or_else(|| anyhow::anyhow!("账号不存在：{username}"))?;
            let removed = ganxun_storage::second_factor::remove(
                &app.db,
                &actor,
                app.now(),
                account.id,
                ganxun_storage::second_factor::Remover::Operator,
            )
            .await?;
            anyhow::ensure!(
                removed,
                "该账号未启用两步验证 {username} has no second factor"
            );
            println!("两步验证已重置，下次登录须重新设置 second factor reset: {username}");
            Ok(())
        }
        UserAction::ConfirmRoles { username } => {
            let account = ganxun_storage::accounts::credentials(&app.db, &username)
                .await?
                .ok_or_else(|| anyhow::anyhow!("账号不存在：{username}"))?;
            use ganxun_storage::accounts::refusal::Refusal;
            let confirmed =
                ganxun_storage::accounts::confirm_roles(&app.db, &actor, app.now(), account.id)
                    .await;
            match confirmed.as_ref().map_err(|e| e.refusal::<Refusal>()) {
                Ok(_) => {}
                Err(Some(Refusal::HolderPasswordPending)) => anyhow::bail!(
                    "该账号仍在使用管理员设置的密码，请待本人登录改密后再确认 the holder has not changed the administrator's password yet"
                ),
                Err(Some(Refusal::RolesNotSuspended)) => {
                    anyhow::bail!("该账号的角色没有被暂停 the roles are not suspended")
                }
                Err(_) => {
                    if let Err(other) = confirmed {
                        return Err(app_error(other.into()));
                    }
                }
            }
            println!("角色已恢复 roles confirmed: {username}");
            Ok(())
        }
    }
}

/// The root of the tree, creating one when the tree is empty (first administrator account).
async fn root_unit(app: &App, actor: &Actor) -> anyhow::Result<ganxun_domain::UnitId> {
    let units = ganxun_storage::org::list_units(&app.db, &AccessScope::everything(), true).await?;
    if let Some(root) = units.iter().find(|u| u.parent_id.is_none()) {
        return Ok(root.id);
    }
    let root = ganxun_storage::org::create_unit(
        &app.db,
        actor,
        app.now(),
        &AccessScope::everything(),
        ganxun_storage::org::NewUnit {
            code: ganxun_domain::UnitCode::parse("ROOT")?,
            name: "本级".to_owned(),
            unit_type: ganxun_domain::UnitType::Other,
            parent_id: None,
            sort_order: 0,
        },
    )
    .await?;
    Ok(root.id)
}

/// The command line acts as a principal with every scope (it runs on the server itself).
fn operator() -> crate::app::Principal {
    crate::app::Principal {
        account_id: AccountId(0),
        username: "system:cli".to_owned(),
        display_name: "命令行".to_owned(),
        unit_id: ganxun_domain::UnitId(0),
        person_id: None,
        grants: vec![ganxun_storage::accounts::Grant {
            role: ganxun_domain::Role::TrainingAuthority,
            scope: ganxun_domain::Scope::of(ganxun_domain::ScopeKind::All),
        }],
        must_change_password: false,
        password_expired: false,
        second_factor_pending: false,
        roles_suspended: false,
        session_id: String::new(),
        csrf_token: String::new(),
        ip: "local".to_owned(),
    }
}

async fn import_people(
    app: &App,
    file: &std::path::Path,
    update_existing: bool,
) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(file).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", file.display()))?;
    let bar = ProgressBar::new_spinner();
    bar.set_message("读取表格 reading…");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let on_progress = |step: crate::app::people::ImportProgress| {
        if let crate::app::people::ImportProgress::Writing { done, total } = step {
            if bar.length() != Some(total as u64) {
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{msg} [{bar:40}] {pos}/{len} 行 rows ({per_sec}, {eta})",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar.set_length(total as u64);
                bar.set_message("写入 writing");
            }
            bar.set_position(done as u64);
        }
    };
    let report = crate::app::people::import(
        app,
        &operator(),
        bytes.into(),
        update_existing,
        false,
        &on_progress,
    )
    .await
    .map_err(app_error)?;
    bar.finish_and_clear();
    for row in report
        .rows
        .iter()
        .filter(|r| r.outcome == ganxun_domain::people::import::ImportOutcome::Rejected)
    {
        let reasons: Vec<&str> = row.problems.iter().map(|p| p.message.as_str()).collect();
        println!("第 {} 行未导入：{}", row.row_number, reasons.join("；"));
    }
    for row in report.rows.iter().filter(|r| !r.notes.is_empty()) {
        println!("第 {} 行已规范化：{}", row.row_number, row.notes.join("；"));
    }
    if report.rows_omitted > 0 {
        println!(
            "（只列出前 {} 行，另有 {} 行未列出；完整报告请在网页“预检”后下载）",
            report.rows.len(),
            report.rows_omitted
        );
    }
    println!(
        "共 {} 行：新增 {}，更新 {}，未变 {}，未导入 {}",
        report.total_rows, report.created, report.updated, report.unchanged, report.rejected
    );
    Ok(())
}

async fn export_people(app: &App, output: &std::path::Path) -> anyhow::Result<()> {
    let bytes = crate::app::people::export_xlsx(app, &operator(), &Default::default())
        .await
        .map_err(app_error)?;
    std::fs::write(output, bytes)?;
    println!("已导出 exported: {}", output.display());
    Ok(())
}

/// Replaces the SQLite database with a backup (checks and order in `crate::restore`).
async fn restore(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let DatabaseUrl::Sqlite(target) = DatabaseUrl::parse(&settings.database) else {
        anyhow::bail!("PostgreSQL 请使用 pg_restore 恢复");
    };
    // The key this installation starts with, if one is configured (never created here).
    let configured = match std::env::var("GANXUN_DATA_KEY") {
        Ok(hex) => Some(ganxun_storage::DataKey::from_hex(&hex)?),
        Err(_) if settings.key_path().exists() => {
            Some(ganxun_storage::DataKey::read_file(&settings.key_path())?)
        }
        Err(_) => None,
    };
    let fingerprint = configured.as_ref().map(|k| k.fingerprint().to_owned());
    println!(
        "{}",
        crate::restore::restore(&target, file, fingerprint.as_deref()).await?
    );
    Ok(())
}
