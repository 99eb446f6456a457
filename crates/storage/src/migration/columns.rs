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

// Short builders for the later migrations: a column by its name.

pub(super) fn c(name: &str) -> Alias {
    Alias::new(name)
}

pub(super) fn text(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.text().not_null();
    def
}

pub(super) fn short(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.string().not_null();
    def
}

pub(super) fn opt_text(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.text().null();
    def
}

pub(super) fn big(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.big_integer().not_null();
    def
}

pub(super) fn opt_big(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.big_integer().null();
    def
}

pub(super) fn int(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.integer().not_null();
    def
}

pub(super) fn opt_int(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.integer().null();
    def
}

pub(super) fn date(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.date().not_null();
    def
}

pub(super) fn opt_date(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.date().null();
    def
}

pub(super) fn flag(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.boolean().not_null().default(false);
    def
}

pub(super) fn opt_flag(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.boolean().null();
    def
}

pub(super) fn opt_instant(name: &str) -> ColumnDef {
    let mut def = ColumnDef::new(c(name));
    def.timestamp_with_time_zone().null();
    def
}

pub(super) fn at(name: &str) -> ColumnDef {
    instant(c(name))
}

pub(super) fn table(name: &str) -> TableCreateStatement {
    Table::create().table(c(name)).col(id(c("id"))).to_owned()
}

pub(super) fn references(name: &str, from: (&str, &str), to: &str) -> ForeignKeyCreateStatement {
    fk(name, (c(from.0), c(from.1)), (c(to), c("id")))
}

pub(super) async fn unique(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    manager
        .create_index(index(name, c(table), columns).unique().to_owned())
        .await
}

pub(super) async fn plain(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    manager.create_index(index(name, c(table), columns)).await
}
