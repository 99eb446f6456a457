//! Heartbeats under load (issue 16): the real `ganxun serve` (a subprocess, release build) takes
//! honest heartbeats from many signed-in learners at once, each playing a real (generated)
//! 30-minute video lesson, with the full accounting, acknowledged only after commit. In the same
//! run, the same load against a minimal axum server that only parses the same JSON (the
//! reference), and the heartbeats again with video range requests at the same time; with
//! `--kill`, the server is killed with SIGKILL mid-load, restarted, and every acknowledged
//! credit is looked for in the database.
//!
//! ```text
//! cargo build --release -p ganxun --bin ganxun --example bench_heartbeats
//! target/release/examples/bench_heartbeats [--connections 256] [--seconds 10] [--ranges 4]
//!     [--kill 5] [--database postgres://…/empty_db] [--server target/release/ganxun]
//! ```
//!
//! Inputs: the demo county with as many cadres as connections (at least 300), one trainee
//! account and session per connection, a published course of three lessons on one 64 MiB MP4
//! of 30 minutes. Each connection is one learner: it sends a heartbeat, waits for the answer
//! and sends the next (a closed loop, keep-alive HTTP/1.1), its playhead advancing with wall
//! time since its first heartbeat, so every heartbeat earns what elapsed (the full path:
//! playback, progress, the day's total). Latencies are measured after a 2 s warm-up, for
//! `--seconds`. Range requests read 1 MiB at a random offset of the video, in a loop.
//!
//! The client is a few lines of raw HTTP/1.1 over tokio, on its own thread, so that it costs
//! the shared cores about what wrk would.

use chrono::Duration;
use ganxun::app::App;
use ganxun::config::Settings;
use ganxun_domain::SystemClock;
use ganxun_domain::{LessonId, MediaId, PlaybackId};
use ganxun_storage::accounts::sessions;
use ganxun_storage::accounts::{self, NewAccount};
use ganxun_storage::learning::courses::{self, NewCourse};
use ganxun_storage::{AccessScope, Actor, DataKey, DatabaseUrl, Db, people};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const LESSON_MS: u32 = 30 * 60 * 1000;
const VIDEO_BYTES: usize = 64 << 20;
const RANGE_BYTES: u64 = 1 << 20;
const WARM_UP: f64 = 2.0;

struct Args {
    connections: usize,
    seconds: f64,
    ranges: usize,
    kill_after: Option<f64>,
    database: Option<String>,
    server: Option<PathBuf>,
}

fn args() -> anyhow::Result<Args> {
    let mut args = Args {
        connections: 256,
        seconds: 10.0,
        ranges: 4,
        kill_after: None,
        database: None,
        server: None,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let mut value = || {
            given
                .next()
                .ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--connections" => args.connections = value()?.parse()?,
            "--seconds" => args.seconds = value()?.parse()?,
            "--ranges" => args.ranges = value()?.parse()?,
            "--kill" => args.kill_after = Some(value()?.parse()?),
            "--database" => args.database = Some(value()?),
            "--server" => args.server = Some(PathBuf::from(value()?)),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    Ok(args)
}

/// A movie the server's probe accepts (H.264 track, 640×360, `LESSON_MS` long) followed by
/// `VIDEO_BYTES` of media data, so range requests read a real file of realistic size.
fn video() -> Vec<u8> {
    fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(body.len() + 8)
            .unwrap_or(u32::MAX)
            .to_be_bytes()
            .to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }
    let ftyp = boxed(
        b"ftyp",
        &[b"isom".as_slice(), &[0, 0, 2, 0], b"isomavc1"].concat(),
    );
    let mut mvhd = vec![0u8; 12];
    mvhd.extend_from_slice(&1000u32.to_be_bytes());
    mvhd.extend_from_slice(&LESSON_MS.to_be_bytes());
    mvhd.extend_from_slice(&[0u8; 80]);
    let mut hdlr = vec![0u8; 8];
    hdlr.extend_from_slice(b"vide");
    hdlr.extend_from_slice(&[0u8; 13]);
    let mut entry = vec![0u8; 6];
    entry.extend_from_slice(&1u16.to_be_bytes());
    entry.extend_from_slice(&[0u8; 16]);
    entry.extend_from_slice(&640u16.to_be_bytes());
    entry.extend_from_slice(&360u16.to_be_bytes());
    entry.extend_from_slice(&[0u8; 50]);
    let mut stsd = vec![0u8; 4];
    stsd.extend_from_slice(&1u32.to_be_bytes());
    stsd.extend_from_slice(&boxed(b"avc1", &entry));
    let minf = boxed(b"minf", &boxed(b"stbl", &boxed(b"stsd", &stsd)));
    let mdia = boxed(b"mdia", &[boxed(b"hdlr", &hdlr), minf].concat());
    let moov = boxed(
        b"moov",
        &[boxed(b"mvhd", &mvhd), boxed(b"trak", &mdia)].concat(),
    );
    let data: Vec<u8> = (0..VIDEO_BYTES).map(|i| (i % 251) as u8).collect();
    [ftyp, moov, boxed(b"mdat", &data)].concat()
}

/// One learner: the session cookie, its CSRF token and person.
struct Learner {
    token: String,
    csrf: String,
}

/// The demo county, `n` trainees signed in, and the course: (learners, lessons, video id).
async fn seed(app: &App, n: usize) -> anyhow::Result<(Vec<Learner>, Vec<LessonId>, MediaId)> {
    ganxun::demo::generate(app, n.max(300), |_| {}).await?;
    let people: Vec<(ganxun_domain::PersonId, ganxun_domain::UnitId)> = people::search(
        &app.db,
        &app.key,
        &AccessScope::everything(),
        &Default::default(),
        1,
        n as u64,
    )
    .await?
    .items
    .into_iter()
    .map(|p| (p.id, p.unit_id))
    .collect();
    anyhow::ensure!(people.len() == n, "only {} people", people.len());
    let hash = ganxun::app::accounts::auth::hash_password("Bench-Password-2026!")
        .map_err(|e| anyhow::anyhow!("hash: {e:?}"))?;
    let actor = Actor::system("bench");
    let mut learners = Vec::with_capacity(n);
    for (i, (person, unit)) in people.iter().enumerate() {
        let new = NewAccount {
            username: format!("beat{i:05}"),
            display_name: format!("学员{i}"),
            password_hash: hash.clone(),
            unit_id: *unit,
            person_id: Some(*person),
            grants: vec![accounts::Grant {
                role: ganxun_domain::Role::Trainee,
                scope: ganxun_domain::Scope {
                    kind: ganxun_domain::ScopeKind::SelfOnly,
                    units: vec![],
                },
            }],
            must_change_password: false,
            roles_suspended: false,
        };
        let account = accounts::create(&app.db, &actor, app.now(), new).await?;
        let token = ganxun::app::accounts::auth::random_token();
        let csrf = ganxun::app::accounts::auth::random_token();
        let now = app.now();
        let session = sessions::Session {
            id: ganxun::app::accounts::auth::session_id_of(&token),
            account_id: account.id,
            csrf_token: csrf.clone(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::hours(12),
            ended_at: None,
            ip: "bench".into(),
            user_agent: "bench".into(),
        };
        accounts::record_login(&app.db, &actor, now, account.id, session, None).await?;
        learners.push(Learner { token, csrf });
    }
    let media = ganxun::app::learning::media::keep_bytes(app, &actor, "bench.mp4", video())
        .await
        .map_err(|e| anyhow::anyhow!("video: {e:?}"))?;
    anyhow::ensure!(media.duration_ms == u64::from(LESSON_MS));
    let course = courses::create(
        &app.db,
        &actor,
        app.now(),
        &NewCourse {
            title: "心跳压力测试课程".into(),
            category: "theory".into(),
            summary: String::new(),
        },
    )
    .await?;
    for title in ["第一讲", "第二讲", "第三讲"] {
        courses::add_lesson(&app.db, &actor, app.now(), course.id, title, media.id, None).await?;
    }
    let course = courses::set_state(&app.db, &actor, app.now(), course.id, true).await?;
    Ok((
        learners,
        course.lessons.iter().map(|l| l.id).collect(),
        media.id,
    ))
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Sends one request and reads its answer: the status and where the body lies in `buf`.
async fn exchange(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    request: &[u8],
) -> std::io::Result<(u16, std::ops::Range<usize>)> {
    stream.write_all(request).await?;
    buf.clear();
    let mut scanned: usize = 0;
    loop {
        if let Some(end) = find(&buf[scanned.saturating_sub(3)..], b"\r\n\r\n")
            .map(|at| at + scanned.saturating_sub(3))
        {
            let head = std::str::from_utf8(&buf[..end]).map_err(|_| invalid("head"))?;
            let status = head
                .get(9..12)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| invalid("status"))?;
            let length = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                .ok_or_else(|| invalid("no content-length"))?;
            let total = end + 4 + length;
            while buf.len() < total {
                buf.reserve(total - buf.len());
                if stream.read_buf(buf).await? == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
            }
            return Ok((status, end + 4..total));
        }
        scanned = buf.len();
        buf.reserve(16 * 1024);
        if stream.read_buf(buf).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
    }
}

/// The number after `"key":` in a JSON body (enough for the answers measured here).
fn number(body: &[u8], key: &str) -> Option<u64> {
    let key = format!("\"{key}\":");
    let at = find(body, key.as_bytes())? + key.len();
    let digits: String = body[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .map(|b| char::from(*b))
        .collect();
    digits.parse().ok()
}

/// What one connection saw.
#[derive(Default)]
struct Seen {
    latencies_us: Vec<u32>,
    ok: u64,
    refused: u64,
    other: Vec<String>,
    /// The most the server acknowledged as credited for the lesson (`watched_ms`), and how
    /// many heartbeats it acknowledged, over the whole run.
    acked_watched_ms: u64,
    acked: u64,
    bytes: u64,
}

#[derive(Clone, Copy)]
struct Window {
    start: Instant,
    measure_from: Instant,
    until: Instant,
}

/// One learner's connection: heartbeats back to back until the window closes or the server
/// goes away.
async fn heartbeats(
    address: std::net::SocketAddr,
    learner: Arc<Learner>,
    playback: PlaybackId,
    window: Window,
) -> Seen {
    let mut seen = Seen::default();
    let Ok(mut stream) = TcpStream::connect(address).await else {
        seen.other.push("connect".into());
        return seen;
    };
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::with_capacity(16 * 1024);
    loop {
        let sent = Instant::now();
        if sent >= window.until {
            break;
        }
        // An honest page: the playhead has moved as far as wall time since the first report.
        let position = (sent - window.start).as_millis();
        let body = format!("{{\"position_ms\":{position},\"playing\":true,\"visible\":true}}");
        let request = format!(
            "POST /api/v1/learning/playbacks/{playback}/beats HTTP/1.1\r\nhost: bench\r\n\
             cookie: ganxun_session={}\r\nx-csrf-token: {}\r\ncontent-type: application/json\r\n\
             content-length: {}\r\n\r\n{body}",
            learner.token,
            learner.csrf,
            body.len()
        );
        match exchange(&mut stream, &mut buf, request.as_bytes()).await {
            Ok((status, range)) => {
                let answer = &buf[range];
                if sent >= window.measure_from {
                    seen.latencies_us
                        .push(u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX));
                    match status {
                        200 if find(answer, b"\"refused\":null").is_some() => seen.ok += 1,
                        200 => seen.refused += 1,
                        _ => seen
                            .other
                            .push(format!("{status} {}", String::from_utf8_lossy(answer))),
                    }
                }
                if status == 200 {
                    seen.acked += 1;
                    if let Some(watched) = number(answer, "watched_ms") {
                        seen.acked_watched_ms = seen.acked_watched_ms.max(watched);
                    }
                }
            }
            Err(e) => {
                seen.other.push(format!("transport: {e}"));
                break;
            }
        }
    }
    seen
}

/// Range requests of 1 MiB at random offsets of the video, back to back.
async fn ranges(
    address: std::net::SocketAddr,
    learner: Arc<Learner>,
    media: MediaId,
    window: Window,
    seed: u64,
) -> Seen {
    let mut seen = Seen::default();
    let Ok(mut stream) = TcpStream::connect(address).await else {
        seen.other.push("connect".into());
        return seen;
    };
    let mut buf = Vec::with_capacity(RANGE_BYTES as usize + 4096);
    let mut state = seed | 1;
    loop {
        let sent = Instant::now();
        if sent >= window.until {
            break;
        }
        // xorshift: a different part of the file each time.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let from = state % (VIDEO_BYTES as u64 - RANGE_BYTES);
        let request = format!(
            "GET /api/v1/learning/media/{media}/video HTTP/1.1\r\nhost: bench\r\n\
             cookie: ganxun_session={}\r\nrange: bytes={from}-{}\r\n\r\n",
            learner.token,
            from + RANGE_BYTES - 1
        );
        match exchange(&mut stream, &mut buf, request.as_bytes()).await {
            Ok((status, range)) if sent >= window.measure_from => {
                seen.latencies_us
                    .push(u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX));
                if status == 206 {
                    seen.ok += 1;
                    seen.bytes += range.len() as u64;
                } else {
                    seen.other.push(format!("{status}"));
                }
            }
            Ok(_) => {}
            Err(e) => {
                seen.other.push(format!("transport: {e}"));
                break;
            }
        }
    }
    seen
}

fn percentile_ms(sorted: &[u32], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted.get(index).copied().unwrap_or(0)) / 1000.0
}

/// Runs the load on its own thread and runtime (as a separate load generator would) and
/// returns what every heartbeat connection and every range connection saw.
fn load(
    address: std::net::SocketAddr,
    learners: &[Arc<Learner>],
    playbacks: &[PlaybackId],
    range_connections: usize,
    media: MediaId,
    seconds: f64,
    stop_at: Option<f64>,
) -> anyhow::Result<(Vec<Seen>, Vec<Seen>, f64)> {
    let learners = learners.to_vec();
    let playbacks = playbacks.to_vec();
    let handle = std::thread::spawn(move || -> anyhow::Result<(Vec<Seen>, Vec<Seen>, f64)> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let start = Instant::now();
            let measure_from = start + std::time::Duration::from_secs_f64(WARM_UP);
            let total = stop_at.unwrap_or(WARM_UP + seconds);
            let window = Window {
                start,
                measure_from,
                until: start + std::time::Duration::from_secs_f64(total),
            };
            let beats: Vec<_> = learners
                .iter()
                .zip(&playbacks)
                .map(|(learner, playback)| {
                    tokio::spawn(heartbeats(address, learner.clone(), *playback, window))
                })
                .collect();
            let reads: Vec<_> = (0..range_connections)
                .map(|i| {
                    let learner = learners[i % learners.len()].clone();
                    tokio::spawn(ranges(
                        address,
                        learner,
                        media,
                        window,
                        0x9e37_79b9 + i as u64,
                    ))
                })
                .collect();
            let mut seen = Vec::new();
            for task in beats {
                seen.push(task.await?);
            }
            let mut read = Vec::new();
            for task in reads {
                read.push(task.await?);
            }
            let measured = (Instant::now().min(window.until) - measure_from).as_secs_f64();
            Ok((seen, read, measured))
        })
    });
    handle
        .join()
        .map_err(|_| anyhow::anyhow!("load thread panicked"))?
}

/// Prints a phase's figures; returns heartbeats per second.
fn report(name: &str, seen: &[Seen], reads: &[Seen], measured: f64) -> f64 {
    let mut latencies: Vec<u32> = seen.iter().flat_map(|s| s.latencies_us.clone()).collect();
    latencies.sort_unstable();
    let ok: u64 = seen.iter().map(|s| s.ok).sum();
    let refused: u64 = seen.iter().map(|s| s.refused).sum();
    let other: Vec<&String> = seen.iter().flat_map(|s| &s.other).collect();
    let rate = latencies.len() as f64 / measured;
    println!(
        "{name}: {} heartbeats in {measured:.1} s = {rate:.0}/s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
         credited {ok}, earned nothing {refused}, errors {}",
        latencies.len(),
        percentile_ms(&latencies, 0.50),
        percentile_ms(&latencies, 0.99),
        f64::from(latencies.last().copied().unwrap_or(0)) / 1000.0,
        other.len()
    );
    for problem in other.iter().take(3) {
        println!("  {problem}");
    }
    if !reads.is_empty() {
        let mut latencies: Vec<u32> = reads.iter().flat_map(|s| s.latencies_us.clone()).collect();
        latencies.sort_unstable();
        let bytes: u64 = reads.iter().map(|s| s.bytes).sum();
        let errors: usize = reads.iter().map(|s| s.other.len()).sum();
        println!(
            "  ranges at the same time: {} connections, {} ranges of 1 MiB = {:.0}/s ({:.0} MiB/s); \
             p50 {:.2} ms, p99 {:.2} ms; errors {errors}",
            reads.len(),
            latencies.len(),
            latencies.len() as f64 / measured,
            bytes as f64 / measured / f64::from(1 << 20),
            percentile_ms(&latencies, 0.50),
            percentile_ms(&latencies, 0.99),
        );
    }
    rate
}

/// The `ganxun serve` subprocess.
struct Server {
    child: Child,
    address: std::net::SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_address() -> anyhow::Result<std::net::SocketAddr> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

async fn wait_ready(address: std::net::SocketAddr, path: &str) -> anyhow::Result<()> {
    let request = format!("GET {path} HTTP/1.1\r\nhost: bench\r\n\r\n");
    for _ in 0..600 {
        if let Ok(mut stream) = TcpStream::connect(address).await {
            let mut buf = Vec::new();
            if let Ok((status, _)) = exchange(&mut stream, &mut buf, request.as_bytes()).await
                && status < 500
            {
                return Ok(());
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!("{address} did not answer {path}")
}

async fn start_server(
    binary: &Path,
    database: &str,
    key_hex: &str,
    media_dir: &Path,
    log: &Path,
) -> anyhow::Result<Server> {
    let address = free_address()?;
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?;
    let child = Command::new(binary)
        .args([
            "serve",
            "--listen",
            &address.to_string(),
            "--database",
            database,
        ])
        .env("GANXUN_DATA_KEY", key_hex)
        .env("GANXUN_MEDIA__DIR", media_dir)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| anyhow::anyhow!("{}: {e}", binary.display()))?;
    let server = Server { child, address };
    wait_ready(address, "/api/v1/health").await?;
    Ok(server)
}

/// Starts a playback of `lesson` for every learner over HTTP (taking over the previous one).
async fn playbacks_of(
    address: std::net::SocketAddr,
    learners: &[Arc<Learner>],
    lesson: LessonId,
) -> anyhow::Result<Vec<PlaybackId>> {
    let mut stream = TcpStream::connect(address).await?;
    let mut buf = Vec::new();
    let mut ids = Vec::with_capacity(learners.len());
    for learner in learners {
        let request = format!(
            "POST /api/v1/learning/lessons/{lesson}/playbacks HTTP/1.1\r\nhost: bench\r\n\
             cookie: ganxun_session={}\r\nx-csrf-token: {}\r\ncontent-length: 0\r\n\r\n",
            learner.token, learner.csrf
        );
        let (status, range) = exchange(&mut stream, &mut buf, request.as_bytes()).await?;
        let body = &buf[range];
        anyhow::ensure!(
            status == 201,
            "start: {status} {}",
            String::from_utf8_lossy(body)
        );
        let id = number(body, "playback_id").ok_or_else(|| anyhow::anyhow!("no playback id"))?;
        ids.push(PlaybackId(i64::try_from(id)?));
    }
    Ok(ids)
}

/// What the database holds for each learner on `lesson` (`watched_ms`), read over HTTP.
async fn credited(
    address: std::net::SocketAddr,
    learners: &[Arc<Learner>],
    lesson: LessonId,
) -> anyhow::Result<Vec<u64>> {
    let mut stream = TcpStream::connect(address).await?;
    let mut buf = Vec::new();
    let mut all = Vec::with_capacity(learners.len());
    for learner in learners {
        let request = format!(
            "GET /api/v1/learning/my/courses HTTP/1.1\r\nhost: bench\r\n\
             cookie: ganxun_session={}\r\n\r\n",
            learner.token
        );
        let (status, range) = exchange(&mut stream, &mut buf, request.as_bytes()).await?;
        anyhow::ensure!(status == 200, "my courses: {status}");
        let mine: serde_json::Value = serde_json::from_slice(&buf[range])?;
        let watched = mine["courses"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["lessons"].as_array().into_iter().flatten())
            .find(|l| l["id"].as_i64() == Some(lesson.0))
            .and_then(|l| l["watched_ms"].as_u64())
            .unwrap_or(0);
        all.push(watched);
    }
    Ok(all)
}

/// The reference: an axum server that only parses the same JSON and answers.
fn reference_server(address: &str) -> anyhow::Result<()> {
    #[derive(serde::Deserialize)]
    #[allow(dead_code, reason = "parsed, as the real handler does, then dropped")]
    struct BeatInput {
        position_ms: u64,
        playing: bool,
        visible: bool,
    }
    async fn beat(
        axum::extract::Path(_id): axum::extract::Path<i64>,
        axum::Json(_input): axum::Json<BeatInput>,
    ) -> axum::Json<serde_json::Value> {
        axum::Json(serde_json::json!({"earned_ms": 0, "refused": null}))
    }
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let router = axum::Router::new()
            .route(
                "/api/v1/learning/playbacks/{id}/beats",
                axum::routing::post(beat),
            )
            .route("/ready", axum::routing::get(|| async { "ok" }));
        let listener = tokio::net::TcpListener::bind(address).await?;
        axum::serve(listener, router).await?;
        Ok(())
    })
}

fn main() -> anyhow::Result<()> {
    let mut raw = std::env::args().skip(1);
    if raw.next().as_deref() == Some("reference-server") {
        return reference_server(&raw.next().unwrap_or_default());
    }
    let args = args()?;
    tokio::runtime::Runtime::new()?.block_on(bench(args))
}

async fn bench(args: Args) -> anyhow::Result<()> {
    let this = std::env::current_exe()?;
    let binary = args.server.clone().unwrap_or_else(|| {
        this.parent()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("ganxun"), |d| d.join("ganxun"))
    });
    anyhow::ensure!(
        binary.exists(),
        "{} missing: cargo build --release -p ganxun --bin ganxun",
        binary.display()
    );
    let dir = tempfile::tempdir()?;
    let database = args
        .database
        .clone()
        .unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    let backend = if database.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let media_dir = dir.path().join("media");
    let log = dir.path().join("server.log");
    let key_hex = DataKey::generate_hex();

    println!(
        "seeding {backend}: the demo county, {} signed-in trainees, a course of 3 lessons on a 64 MiB video …",
        args.connections
    );
    let started = Instant::now();
    let (learners, lessons, media) = {
        let db = Db::open(&DatabaseUrl::parse(&database)).await?;
        let mut settings = Settings::default();
        settings.media.dir = Some(media_dir.clone());
        let app = App::new(
            db.clone(),
            DataKey::from_hex(&key_hex)?,
            Arc::new(SystemClock),
            settings,
        );
        let seeded = seed(&app, args.connections).await?;
        db.close().await?;
        seeded
    };
    let learners: Vec<Arc<Learner>> = learners.into_iter().map(Arc::new).collect();
    println!("seeded in {:.1?}", started.elapsed());
    println!(
        "load: {} connections, one learner each, {WARM_UP} s warm-up then {} s measured",
        args.connections, args.seconds
    );

    // The reference first, in its own process like the server.
    let reference_address = free_address()?;
    let mut reference = Command::new(&this)
        .args(["reference-server", &reference_address.to_string()])
        .spawn()?;
    wait_ready(reference_address, "/ready").await?;
    let ids: Vec<PlaybackId> = (1..=learners.len() as i64).map(PlaybackId).collect();
    let (seen, _, measured) = load(
        reference_address,
        &learners,
        &ids,
        0,
        MediaId(0),
        args.seconds,
        None,
    )?;
    let _ = reference.kill();
    let _ = reference.wait();
    let reference_rate = report("reference (axum, parse JSON only)", &seen, &[], measured);

    let server = start_server(&binary, &database, &key_hex, &media_dir, &log).await?;
    let playbacks = playbacks_of(server.address, &learners, lessons[0]).await?;
    let (seen, _, measured) = load(
        server.address,
        &learners,
        &playbacks,
        0,
        media,
        args.seconds,
        None,
    )?;
    let rate = report(&format!("heartbeats ({backend})"), &seen, &[], measured);
    println!(
        "  ratio to the reference: {:.2} ({rate:.0} / {reference_rate:.0})",
        rate / reference_rate
    );

    if args.ranges > 0 {
        let playbacks = playbacks_of(server.address, &learners, lessons[1]).await?;
        let (seen, reads, measured) = load(
            server.address,
            &learners,
            &playbacks,
            args.ranges,
            media,
            args.seconds,
            None,
        )?;
        report(
            &format!("heartbeats with range requests ({backend})"),
            &seen,
            &reads,
            measured,
        );
    }

    if let Some(kill_after) = args.kill_after {
        let playbacks = playbacks_of(server.address, &learners, lessons[2]).await?;
        let mut server = server;
        let pid = server.child.id();
        let address = server.address;
        let killer = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs_f64(kill_after));
            // SIGKILL: no shutdown, no flush, whatever was in flight is cut.
            let killed = server.child.kill();
            let _ = server.child.wait();
            killed
        });
        let (seen, _, _) = load(
            address,
            &learners,
            &playbacks,
            0,
            media,
            args.seconds,
            Some(kill_after + 30.0),
        )?;
        killer
            .join()
            .map_err(|_| anyhow::anyhow!("killer panicked"))??;
        let acked: u64 = seen.iter().map(|s| s.acked).sum();
        println!(
            "kill -9 of pid {pid} after {kill_after} s: {acked} heartbeats acknowledged before it"
        );
        let server = start_server(&binary, &database, &key_hex, &media_dir, &log).await?;
        let stored = credited(server.address, &learners, lessons[2]).await?;
        let mut lost = 0;
        let (mut acked_ms, mut stored_ms) = (0u64, 0u64);
        for (seen, stored) in seen.iter().zip(&stored) {
            acked_ms += seen.acked_watched_ms;
            stored_ms += stored;
            if *stored < seen.acked_watched_ms {
                lost += 1;
            }
        }
        println!(
            "  after restart: {} learners, acknowledged credit {:.1} s in all, stored {:.1} s; \
             learners with an acknowledged credit missing: {lost}",
            stored.len(),
            acked_ms as f64 / 1000.0,
            stored_ms as f64 / 1000.0
        );
        anyhow::ensure!(lost == 0, "acknowledged heartbeats lost");
    }
    Ok(())
}
