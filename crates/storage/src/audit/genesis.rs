//! Where every hash chain starts (the audit log's and the ledger's): read by the chains and by
//! the migrations that seed their heads, so it imports nothing.

/// The hash the first entry of a chain links to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
