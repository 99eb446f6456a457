//! Audit retention (ADR 0014): entries older than the retention leave the online table for a
//! sealed JSON-lines file, in one transaction. The file holds one entry a line, as stored, and a
//! last line with the chain key's MAC over every line before it. The move itself is an audit
//! entry (`audit.archive`) naming the last archived id and hash, so the online chain says where
//! it begins and `audit::verify` starts there; `verify_files` checks archived files, their order
//! and their link to the online chain.

use crate::audit::base::archived_base;
use crate::audit::{self, Actor, AuditEvent, GENESIS_HASH, entry_hash, format_instant};
use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::audit_log;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ganxun_domain::AccountId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::Path;

/// The action of the entry that records an archive.
pub use crate::audit::base::ARCHIVE_ACTION;
/// Separates the file MAC from the entries' MACs, which are taken over JSON arrays.
const FILE_MAC_DOMAIN: &[u8] = b"ganxun audit archive v1\n";

/// One archived entry: every stored column, so its hash can be checked again.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ArchivedEntry {
    id: i64,
    at: String,
    actor_id: Option<AccountId>,
    actor_name: String,
    ip: String,
    action: String,
    entity_type: String,
    entity_id: String,
    before: Option<String>,
    after: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<audit_log::Model> for ArchivedEntry {
    fn from(m: audit_log::Model) -> Self {
        Self {
            id: m.id,
            at: m.at,
            actor_id: m.actor_id,
            actor_name: m.actor_name,
            ip: m.ip,
            action: m.action,
            entity_type: m.entity_type,
            entity_id: m.entity_id,
            before: m.before,
            after: m.after,
            prev_hash: m.prev_hash,
            hash: m.hash,
        }
    }
}

impl From<ArchivedEntry> for audit_log::Model {
    fn from(e: ArchivedEntry) -> Self {
        Self {
            id: e.id,
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            ip: e.ip,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            before: e.before,
            after: e.after,
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// The last line of a file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Seal {
    suite: String,
    first_id: i64,
    last_id: i64,
    entries: u64,
    last_hash: String,
    /// The chain key's MAC over the domain label and every line before this one.
    mac: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SealLine {
    seal: Seal,
}

/// What the `audit.archive` entry records: where the online chain now begins.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ArchiveRecord {
    through_id: i64,
    through_hash: String,
    first_id: i64,
    entries: u64,
    before: String,
    file_mac: String,
}

/// The public form of [`archived_base`], for reports.
pub async fn archived_through(db: &Db) -> StoreResult<(i64, String)> {
    archived_base(&db.conn).await
}

/// What one archive run moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSummary {
    pub first_id: i64,
    pub last_id: i64,
    pub entries: u64,
    pub last_hash: String,
}

/// Moves the entries older than `cutoff` (the unbroken run from the start of the online chain)
/// into a new file at `out`, in one transaction: the file is written and synced before the rows
/// are deleted and the `audit.archive` entry appended, and removed again if anything fails.
/// `None` when nothing is old enough. A segment whose chain does not verify is refused: an
/// archive must never launder a tampered entry.
pub async fn archive_before(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    cutoff: DateTime<Utc>,
    out: &Path,
) -> StoreResult<Option<ArchiveSummary>> {
    let key = db.key()?;
    let tx = db.begin_write().await?;
    let (base_id, base_hash) = archived_base(&tx).await?;
    let first_young: Option<i64> = audit_log::Entity::find()
        .select_only()
        .column_as(audit_log::Column::Id.min(), "min")
        .filter(audit_log::Column::Id.gt(base_id))
        .filter(audit_log::Column::At.gte(format_instant(cutoff)))
        .into_tuple()
        .one(&tx)
        .await?
        .flatten();
    let highest: Option<i64> = audit_log::Entity::find()
        .select_only()
        .column_as(audit_log::Column::Id.max(), "max")
        .into_tuple()
        .one(&tx)
        .await?
        .flatten();
    let through = match first_young {
        Some(young) => young - 1,
        None => highest.unwrap_or(0),
    };
    if through <= base_id {
        return Ok(None);
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(|e| {
            StoreError::Other(anyhow::anyhow!(
                "无法创建归档文件 {}（cannot create the archive file）：{e}",
                out.display()
            ))
        })?;
    let written = write_segment(&tx, key, &mut file, base_id, base_hash, through).await;
    let summary = match written {
        Ok(summary) => summary,
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(out);
            return Err(e);
        }
    };
    let finished = async {
        audit_log::Entity::delete_many()
            .filter(audit_log::Column::Id.gt(base_id))
            .filter(audit_log::Column::Id.lte(through))
            .exec(&tx)
            .await?;
        let record = ArchiveRecord {
            through_id: summary.last_id,
            through_hash: summary.last_hash.clone(),
            first_id: summary.first_id,
            entries: summary.entries,
            before: format_instant(cutoff),
            file_mac: summary.mac.clone(),
        };
        audit::append(
            &tx,
            key,
            actor,
            now,
            AuditEvent::new(ARCHIVE_ACTION, "audit_log", through).after(record),
        )
        .await?;
        tx.commit().await?;
        StoreResult::Ok(())
    }
    .await;
    if let Err(e) = finished {
        let _ = std::fs::remove_file(out);
        return Err(e);
    }
    Ok(Some(ArchiveSummary {
        first_id: summary.first_id,
        last_id: summary.last_id,
        entries: summary.entries,
        last_hash: summary.last_hash,
    }))
}

struct Written {
    first_id: i64,
    last_id: i64,
    entries: u64,
    last_hash: String,
    mac: String,
}

/// Writes entries `(base_id, through]` page by page, checking the chain as it goes, then the
/// seal line; syncs the file.
async fn write_segment(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    file: &mut std::fs::File,
    base_id: i64,
    base_hash: String,
    through: i64,
) -> StoreResult<Written> {
    const PAGE: u64 = 5_000;
    let io = |e: std::io::Error| StoreError::Other(anyhow::anyhow!("写入归档文件失败：{e}"));
    let mut writer = std::io::BufWriter::new(file);
    let mut mac = key.chain_mac_stream();
    mac.update(FILE_MAC_DOMAIN);
    let (mut prev_id, mut prev_hash) = (base_id, base_hash);
    let mut entries = 0u64;
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(prev_id))
            .filter(audit_log::Column::Id.lte(through))
            .order_by_asc(audit_log::Column::Id)
            .limit(PAGE)
            .all(tx)
            .await?;
        if page.is_empty() {
            break;
        }
        for entry in page {
            if entry.id != prev_id + 1
                || entry.prev_hash != prev_hash
                || entry_hash(key, &entry) != entry.hash
            {
                return Err(StoreError::Other(anyhow::anyhow!(
                    "审计链在 #{} 处校验失败，未归档；请先运行 ganxun verify-audit \
                     (the chain does not verify at entry {}; nothing archived)",
                    entry.id,
                    entry.id
                )));
            }
            prev_id = entry.id;
            prev_hash = entry.hash.clone();
            entries += 1;
            let mut line = serde_json::to_vec(&ArchivedEntry::from(entry))
                .map_err(|e| StoreError::Other(e.into()))?;
            line.push(b'\n');
            mac.update(&line);
            writer.write_all(&line).map_err(io)?;
        }
    }
    let mac = mac.finish();
    let seal = SealLine {
        seal: Seal {
            suite: key.suite().as_str().to_owned(),
            first_id: base_id + 1,
            last_id: prev_id,
            entries,
            last_hash: prev_hash.clone(),
            mac: mac.clone(),
        },
    };
    let mut line = serde_json::to_vec(&seal).map_err(|e| StoreError::Other(e.into()))?;
    line.push(b'\n');
    writer.write_all(&line).map_err(io)?;
    let file = writer.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    Ok(Written {
        first_id: base_id + 1,
        last_id: prev_id,
        entries,
        last_hash: prev_hash,
        mac,
    })
}

/// What is wrong with an archive file, or with the files together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveProblem {
    #[error("无法读取 (unreadable): {0}")]
    Unreadable(String),
    #[error("第 {line} 行不是归档记录 (line {line} is not an archived entry)")]
    BadLine { line: u64 },
    #[error("缺少末行签名 (no seal line at the end)")]
    NoSeal,
    #[error(
        "文件签名不符：文件被修改，或不是用本数据密钥归档的 (file MAC mismatch: edited, or another key)"
    )]
    MacMismatch,
    #[error("末行签名与记录不符 (the seal does not describe the entries)")]
    SealMismatch,
    #[error("记录 #{id} 被修改 (entry {id} edited)")]
    Edited { id: i64 },
    #[error("记录 #{id} 与前一条不相连 (entry {id} does not follow the one before)")]
    BrokenLink { id: i64 },
    #[error("#{after} 之后缺少记录，下一条为 #{next} (entries missing after {after})")]
    Gap { after: i64, next: i64 },
    #[error(
        "归档文件止于 #{archived_through}，而在线日志从 #{online_after} 之后开始 (archives end at {archived_through}, the online chain continues from {online_after})"
    )]
    NotLinked {
        archived_through: i64,
        online_after: i64,
    },
}

/// One archive file, checked.
#[derive(Debug, Clone)]
pub struct ArchiveFileReport {
    pub path: String,
    pub first_id: i64,
    pub last_id: i64,
    pub entries: u64,
    pub problems: Vec<ArchiveProblem>,
}

/// All files and the link from the last one to the online chain.
#[derive(Debug, Clone)]
pub struct ArchivesReport {
    pub files: Vec<ArchiveFileReport>,
    /// Problems between the files, or between them and the online chain.
    pub problems: Vec<ArchiveProblem>,
}

impl ArchivesReport {
    pub fn problem_count(&self) -> usize {
        self.problems.len() + self.files.iter().map(|f| f.problems.len()).sum::<usize>()
    }
}

/// Where one file's chain starts and ends, read while checking it.
struct Walked {
    report: ArchiveFileReport,
    first_prev: String,
    last_hash: String,
}

/// Checks one file: each entry's hash, the links between them, the seal's MAC over the file.
fn check_file(key: &DataKey, path: &Path) -> Walked {
    let mut report = ArchiveFileReport {
        path: path.display().to_string(),
        first_id: 0,
        last_id: 0,
        entries: 0,
        problems: Vec::new(),
    };
    let unreadable = |mut report: ArchiveFileReport, e: std::io::Error| {
        report.problems = vec![ArchiveProblem::Unreadable(e.to_string())];
        Walked {
            report,
            first_prev: String::new(),
            last_hash: String::new(),
        }
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return unreadable(report, e),
    };
    let mut problems = Vec::new();
    let mut mac = key.chain_mac_stream();
    mac.update(FILE_MAC_DOMAIN);
    let (mut first_prev, mut prev_id, mut prev_hash) = (None::<String>, None::<i64>, String::new());
    let (mut first_id, mut entries) = (0i64, 0u64);
    // The line read last is held back: only once another follows is it an entry, not the seal.
    let mut pending: Option<Vec<u8>> = None;
    let mut number = 0u64;
    let mut reader = std::io::BufReader::new(file);
    loop {
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return unreadable(report, e),
        }
        if let Some(previous) = pending.replace(line) {
            number += 1;
            mac.update(&previous);
            let Ok(entry) = serde_json::from_slice::<ArchivedEntry>(&previous) else {
                problems.push(ArchiveProblem::BadLine { line: number });
                continue;
            };
            let model = audit_log::Model::from(entry);
            if first_prev.is_none() {
                first_prev = Some(model.prev_hash.clone());
                first_id = model.id;
            } else {
                if prev_id.is_some_and(|p| model.id != p + 1) {
                    problems.push(ArchiveProblem::Gap {
                        after: prev_id.unwrap_or_default(),
                        next: model.id,
                    });
                }
                if model.prev_hash != prev_hash {
                    problems.push(ArchiveProblem::BrokenLink { id: model.id });
                }
            }
            if entry_hash(key, &model) != model.hash {
                problems.push(ArchiveProblem::Edited { id: model.id });
            }
            entries += 1;
            prev_id = Some(model.id);
            prev_hash = model.hash;
        }
    }
    let seal = pending.and_then(|line| serde_json::from_slice::<SealLine>(&line).ok());
    match seal {
        None => problems.push(ArchiveProblem::NoSeal),
        Some(SealLine { seal }) => {
            if seal.mac != mac.finish() {
                problems.push(ArchiveProblem::MacMismatch);
            }
            if seal.first_id != first_id
                || Some(seal.last_id) != prev_id
                || seal.entries != entries
                || seal.last_hash != prev_hash
            {
                problems.push(ArchiveProblem::SealMismatch);
            }
        }
    }
    report.first_id = first_id;
    report.last_id = prev_id.unwrap_or_default();
    report.entries = entries;
    report.problems = problems;
    Walked {
        report,
        first_prev: first_prev.unwrap_or_default(),
        last_hash: prev_hash,
    }
}

/// Checks archive files (any order given): each file by itself, that together they run from
/// the first entry ever written without a gap, and that the last ends where the online chain
/// begins.
pub async fn verify_files(db: &Db, paths: &[std::path::PathBuf]) -> StoreResult<ArchivesReport> {
    let key = db.key()?;
    let mut walked: Vec<Walked> = paths.iter().map(|p| check_file(key, p)).collect();
    walked.sort_by_key(|w| w.report.first_id);
    let mut problems = Vec::new();
    let (mut prev_id, mut prev_hash) = (0i64, GENESIS_HASH.to_owned());
    for file in &walked {
        if file.report.entries == 0 {
            continue;
        }
        if file.report.first_id != prev_id + 1 {
            problems.push(ArchiveProblem::Gap {
                after: prev_id,
                next: file.report.first_id,
            });
        } else if file.first_prev != prev_hash {
            problems.push(ArchiveProblem::BrokenLink {
                id: file.report.first_id,
            });
        }
        prev_id = file.report.last_id;
        prev_hash = file.last_hash.clone();
    }
    let (base_id, base_hash) = archived_base(&db.conn).await?;
    if (prev_id, &prev_hash) != (base_id, &base_hash) {
        problems.push(ArchiveProblem::NotLinked {
            archived_through: prev_id,
            online_after: base_id,
        });
    }
    Ok(ArchivesReport {
        files: walked.into_iter().map(|w| w.report).collect(),
        problems,
    })
}
