//! Checking an .xlsx archive before any XML parser sees it: every part is inflated once as a
//! stream into nothing, counting the bytes that really come out (the sizes an archive declares
//! can lie), and the file is refused as soon as a part or the whole passes its limit. A zip bomb
//! therefore costs at most the limit's worth of inflating and no memory.

use std::io::{Cursor, Read};

use crate::error::SheetError;
use crate::limits::{Deadline, ReadLimits, megabytes};

/// What kind of part a name is, for its limit.
fn part_limit(name: &str, limits: &ReadLimits) -> (u64, &'static str) {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
        (limits.max_sheet_bytes, "工作表")
    } else if lower.ends_with("sharedstrings.xml") {
        (limits.max_shared_strings_bytes, "共享文本表")
    } else {
        (limits.max_other_part_bytes, "文件部件")
    }
}

/// Refuses an archive whose parts inflate past the limits, that has too many parts, or that
/// cannot be inflated at all (encrypted, damaged, checksum wrong).
pub(crate) fn check_archive(
    bytes: &[u8],
    limits: &ReadLimits,
    deadline: &Deadline,
) -> Result<(), SheetError> {
    let damaged = |e: &dyn std::fmt::Display| SheetError::Unreadable(format!("压缩包已损坏：{e}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    if archive.len() > limits.max_parts {
        return Err(SheetError::TooLarge(format!(
            "文件部件数超过 {} 个",
            limits.max_parts
        )));
    }
    let mut total: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|e| damaged(&e))?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().map_err(|e| damaged(&e))?.into_owned();
        let (limit, what) = part_limit(&name, limits);
        let mut inflated: u64 = 0;
        loop {
            let n = part.read(&mut buffer).map_err(|e| damaged(&e))?;
            if n == 0 {
                break;
            }
            inflated += n as u64;
            total += n as u64;
            if inflated > limit {
                return Err(SheetError::TooLarge(format!(
                    "{what}解压后超过 {}",
                    megabytes(limit)
                )));
            }
            if total > limits.max_inflated_bytes {
                return Err(SheetError::TooLarge(format!(
                    "解压后超过 {}",
                    megabytes(limits.max_inflated_bytes)
                )));
            }
            if inflated % (16 * 1024 * 1024) < n as u64 {
                deadline.check()?;
            }
        }
    }
    Ok(())
}
