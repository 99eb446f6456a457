//! Column and index builders shared by the migrations, so both backends get the same shapes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// A text column compared by byte ranges: "C" collation on PostgreSQL, BINARY on SQLite.
pub(super) fn byte_ordered_text(backend: DbBackend, column: impl IntoIden) -> ColumnDef {
    let mut def = ColumnDef::new(column);
    def.string().not_null();
    if backend == DbBackend::Postgres {
        def.extra("COLLATE \"C\"");
    }
    def
}

pub(super) fn id(column: impl IntoIden) -> ColumnDef {
    let mut def = ColumnDef::new(column);
    def.big_integer().not_null().auto_increment().primary_key();
    def
}

pub(super) fn instant(column: impl IntoIden) -> ColumnDef {
    let mut def = ColumnDef::new(column);
    def.timestamp_with_time_zone().not_null();
    def
}

pub(super) fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

pub(super) fn index(
    name: &str,
    table: impl IntoIden,
    columns: &[&'static str],
) -> IndexCreateStatement {
    let mut stmt = Index::create().name(name).table(table).to_owned();
    for column in columns {
        stmt.col(Alias::new(*column));
    }
    stmt
}
