//! Every HTTP story, process test and browser scenario in one test binary, so the server (with
//! typst) is linked once. Each module is one feature's stories; `common` is the shared harness.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

#[macro_use]
mod common;

mod archive;
mod attendance;
mod audit;
mod auth;
mod browser;
mod class_matrix;
mod classes;
mod compliance;
mod compliance_board;
mod credit_sheets;
mod credits;
mod crypto_suite;
mod dependencies;
mod error_codes;
mod faults;
mod follow_ups;
mod hostile_input;
mod http_edge;
mod import;
mod matrix;
mod openapi;
mod people;
mod processes;
mod reserve_pool;
mod restore;
mod second_factor;
mod sign_in_limits;
mod standings;
mod takeover;
mod training_records;
