//! Hard limits on reading an uploaded sheet, so that no file — a zip bomb, a sheet of a million
//! rows, one enormous cell, XML built to be slow — can take the server's memory or time.
//!
//! The limits sit well above any real roster (the largest county roster in the seeds has a few
//! thousand rows; a province's 200,000 fits) and far below what hurts the server: with the
//! defaults an import holds at most a few hundred megabytes of inflated XML as a stream and keeps
//! only the shared-string table (at most [`ReadLimits::max_shared_strings_bytes`] of XML) whole.

use std::time::{Duration, Instant};

use crate::error::SheetError;

/// The limits one read works under. [`ReadLimits::default`] is what the server uses unless its
/// configuration says otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLimits {
    /// All parts of an .xlsx together, inflated.
    pub max_inflated_bytes: u64,
    /// One worksheet's XML, inflated (it is read as a stream, never held whole).
    pub max_sheet_bytes: u64,
    /// The shared-string table's XML, inflated: the reader keeps this table in memory.
    pub max_shared_strings_bytes: u64,
    /// Any other part (styles, workbook, relationships), inflated: also held whole.
    pub max_other_part_bytes: u64,
    /// Parts in the archive.
    pub max_parts: usize,
    /// Data rows below the header.
    pub max_rows: usize,
    /// Characters in one cell (Excel's own limit is 32,767).
    pub max_cell_chars: usize,
    /// Wall-clock time for the whole read.
    pub max_duration: Duration,
}

impl Default for ReadLimits {
    fn default() -> Self {
        const MIB: u64 = 1024 * 1024;
        ReadLimits {
            max_inflated_bytes: 640 * MIB,
            max_sheet_bytes: 512 * MIB,
            max_shared_strings_bytes: 48 * MIB,
            max_other_part_bytes: 8 * MIB,
            max_parts: 2_000,
            max_rows: 200_000,
            max_cell_chars: 32_767,
            max_duration: Duration::from_secs(120),
        }
    }
}

/// The clock of one read: checked every so many cells, so the check costs nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: Instant,
    seconds: u64,
}

impl Deadline {
    pub(crate) fn start(limits: &ReadLimits) -> Self {
        Deadline {
            at: Instant::now() + limits.max_duration,
            seconds: limits.max_duration.as_secs(),
        }
    }

    pub(crate) fn check(&self) -> Result<(), SheetError> {
        if Instant::now() > self.at {
            Err(SheetError::TooSlow(self.seconds))
        } else {
            Ok(())
        }
    }
}

/// Bytes in words for messages: "512 MB".
pub(crate) fn megabytes(bytes: u64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib >= 1.0 {
        format!("{} MB", mib.round())
    } else {
        format!("{} KB", (bytes as f64 / 1024.0).ceil())
    }
}
