//! Credits (学时学分): the ledger of class hours and credits, the facts people submit for review
//! (research, awards, salons, school terms), and the publications that make a class's credits
//! public and open to objection.

pub mod facts;
pub mod ledger;
pub mod publications;
pub mod refusal;
