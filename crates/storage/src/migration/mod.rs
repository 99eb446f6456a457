//! The schema, one set of migrations rendered by sea-query for SQLite and PostgreSQL.

mod columns;
mod m0001_foundation;
mod m0002_classes;
mod m0003_attendance;
mod m0004_leave_office;
mod m0005_ledger;
mod m0006_training_records;
mod m0007_compliance_board;
mod m0009_archive;
mod m0010_reserve_pool;
mod m0011_standings;
mod m0012_sign_in;
mod m0013_second_factor;
mod m0014_follow_ups;
mod m0015_learning;
mod m0016_learning_flags;
mod m0017_learning_records;
mod m0018_learning_rhythm;
mod m0019_learning_briefings;
mod m0020_learning_quizzes;
mod m0021_learning_documents;
mod m0030_notices_inbox;
mod m0040_account_changes;
mod m0041_trainee_accounts;
mod m0050_import_mappings;

use sea_orm_migration::prelude::*;

pub struct Migrator;

#[sea_orm_migration::async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_classes::Migration),
            Box::new(m0003_attendance::Migration),
            Box::new(m0004_leave_office::Migration),
            Box::new(m0005_ledger::Migration),
            Box::new(m0006_training_records::Migration),
            Box::new(m0007_compliance_board::Migration),
            Box::new(m0009_archive::Migration),
            Box::new(m0010_reserve_pool::Migration),
            Box::new(m0011_standings::Migration),
            Box::new(m0012_sign_in::Migration),
            Box::new(m0013_second_factor::Migration),
            Box::new(m0014_follow_ups::Migration),
            Box::new(m0015_learning::Migration),
            Box::new(m0016_learning_flags::Migration),
            Box::new(m0017_learning_records::Migration),
            Box::new(m0018_learning_rhythm::Migration),
            Box::new(m0019_learning_briefings::Migration),
            Box::new(m0020_learning_quizzes::Migration),
            Box::new(m0021_learning_documents::Migration),
            Box::new(m0030_notices_inbox::Migration),
            Box::new(m0040_account_changes::Migration),
            Box::new(m0041_trainee_accounts::Migration),
            Box::new(m0050_import_mappings::Migration),
        ]
    }
}
