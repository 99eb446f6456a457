//! Every HTTP story, process test and browser scenario in one test binary, so the server (with
//! typst) is linked once. Each module is one feature's stories; `common` is the shared harness.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

#[macro_use]
mod common;

// Features: the same names as in the server's layers and the web.
mod accounts;
mod archive;
mod attendance;
mod audit;
mod classes;
mod compliance;
mod credits;
mod follow_ups;
mod learning;
mod notices;
mod people;
mod plans;
mod pool;
mod rules;
mod second_factor;
mod workbench;

// The whole: the browser suite, faults, edges, processes, crypto; `quality` scans what ships
// (the OpenAPI contract, error codes, codes where a person reads, dependencies).
mod browser;
mod crypto_suite;
mod faults;
mod hostile_input;
mod http_edge;
mod matrix;
mod processes;
mod quality;
mod restore;
