//! Accounts: what a password must be under the deployment's profile. Roles and permissions stay
//! in [`crate::role`], because every feature asks them.

pub mod password;
