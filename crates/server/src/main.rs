//! The `ganxun` binary.

use clap::Parser;

/// mimalloc instead of glibc's malloc: many small short-lived blocks per request, from several
/// threads (docs/PERFORMANCE.md, heartbeats).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("GANXUN_LOG")
                .unwrap_or_else(|_| "warn,ganxun=info,sqlx=error".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = ganxun::cli::Cli::parse();
    match ganxun::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("错误 error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
