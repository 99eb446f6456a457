//! ganxun (干训): cadre education and training management. This crate holds the application
//! layer (use cases, authorisation, data scope), the HTTP API and the command line.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod http;
pub mod restore;
pub mod server;
