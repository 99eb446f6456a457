//! Cross-cutting scans of what the project ships rather than of one feature: the OpenAPI
//! document and the web generated from it (`openapi`), every error code's English text
//! (`error_codes`), no internal code where a person reads (`no_codes`), and what
//! `.cargo/audit.toml` promises about Cargo.lock (`dependencies`).

mod dependencies;
pub mod error_codes;
mod no_codes;
mod openapi;
