//! The authorisation matrix: every operation against every role (`every_operation`, driven by
//! the OpenAPI document and the access table), and the finer grid of scope for people and units
//! (`people_and_units`); the classes' grid is in `classes::matrix`.

mod access;
mod every_operation;
mod people_and_units;
