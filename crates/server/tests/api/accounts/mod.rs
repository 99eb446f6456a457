//! Accounts: signing in and out, sign-in limits, and that no single administrator can take an
//! account over.

mod kept_sessions;
mod names;
mod opening;
mod sign_in;
mod sign_in_limits;
mod takeover;
