//! The real `ganxun` binary as a child process, for tests that need a crash, several servers or
//! a browser.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_ganxun");
/// The data key every process test uses (a fixed test value, never a real deployment's).
pub const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs one `ganxun` command against `database` with the test key.
pub fn ganxun(database: &str, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .arg("--database")
        .arg(database)
        .env("GANXUN_DATA_KEY", KEY)
        .output()
        .unwrap()
}

/// A running `ganxun serve`; killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/api/v1`
    pub base: String,
    /// `http://127.0.0.1:PORT`
    pub origin: String,
}

impl Server {
    pub async fn start(database: &str) -> Server {
        let port = free_port();
        let child = Command::new(BIN)
            .args([
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--database",
                database,
            ])
            .env("GANXUN_DATA_KEY", KEY)
            // These servers are signed into many times a minute from 127.0.0.1 (kill loops,
            // restarts, the browser suite): sign-in throttling is off for them, explicitly.
            .env("GANXUN_SECURITY__THROTTLE__ENABLED", "false")
            // The second factor is required of the audit administrator only, not of every
            // administrator and the authority as shipped: the browser suite sets up the audit
            // administrator's authenticator and signs in with its codes (each works once per
            // 30 seconds), while the other stories sign in as the authority many times a minute.
            .env(
                "GANXUN_SECURITY__SECOND_FACTOR__REQUIRED_ROLES",
                r#"["audit_admin"]"#,
            )
            .stdout(Stdio::null())
            // GANXUN_TEST_SERVER_LOG=1 shows the servers' logs when a process test fails.
            .stderr(if std::env::var_os("GANXUN_TEST_SERVER_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .unwrap();
        let origin = format!("http://127.0.0.1:{port}");
        let base = format!("{origin}/api/v1");
        let deadline = Instant::now() + Duration::from_secs(30);
        while reqwest::get(format!("{base}/health"))
            .await
            .map(|r| !r.status().is_success())
            .unwrap_or(true)
        {
            assert!(Instant::now() < deadline, "server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Server {
            child,
            base,
            origin,
        }
    }

    /// SIGTERM, then waits (up to 30 s) for the server to finish its requests and exit: a clean
    /// shutdown.
    pub fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.kill();
    }

    /// SIGKILL: no chance to flush or finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
