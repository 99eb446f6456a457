//! A small macro for the closed vocabularies of the domain (unit types, ranks, roles …): each
//! variant has a stable machine code (stored in the database, used in the API) and a Chinese
//! and an English label.
//!
//! The code is the value everywhere outside the domain: serde writes and reads it (the API's
//! JSON is the code string), and with the `db` feature a vocabulary is a SeaORM column type
//! stored as that text, so entities, rows and store signatures hold the enum itself. A stored
//! text that no variant knows reads as one error, [`UnknownCode`], naming the vocabulary and the
//! text — never a panic and never a silently different value.

/// What every closed vocabulary offers, for code that handles any of them (counts by label,
/// dictionaries for the UI).
pub trait Vocabulary: Copy + Ord + 'static {
    /// The vocabulary's name, as in the code (`ClassState`), for errors.
    const NAME: &'static str;
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label_zh(self) -> &'static str;
    fn label_en(self) -> &'static str;
    fn parse(text: &str) -> Option<Self>;

    /// The variant whose code is exactly `code` (no labels, no trimming).
    fn from_code(code: &str) -> Result<Self, UnknownCode> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.code() == code)
            .ok_or_else(|| UnknownCode {
                vocabulary: Self::NAME,
                code: code.to_owned(),
            })
    }

    /// What a stored value is read by: its code, or — for rows written before every input was
    /// normalised to its code, when a few inputs were kept as typed after [`parse`] accepted
    /// them — the Chinese label. Anything else is an [`UnknownCode`].
    ///
    /// [`parse`]: Vocabulary::parse
    fn from_stored(text: &str) -> Result<Self, UnknownCode> {
        Self::from_code(text).or_else(|unknown| Self::parse(text).ok_or(unknown))
    }
}

/// A stored code that no variant of its vocabulary knows: data written by something else, or a
/// variant removed while rows still hold it. Storage reports it as one error, whichever
/// vocabulary and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} code {code:?}")]
pub struct UnknownCode {
    /// The vocabulary's name (`ClassState`).
    pub vocabulary: &'static str,
    /// The text found.
    pub code: String,
}

#[cfg(feature = "db")]
#[doc(hidden)]
pub use sea_orm as __sea_orm;

#[cfg(feature = "db")]
impl From<UnknownCode> for sea_orm::DbErr {
    /// A conversion error whose source is the [`UnknownCode`] itself, so storage can tell it
    /// from every other database error by type, not by text.
    fn from(err: UnknownCode) -> Self {
        sea_orm::DbErr::TryIntoErr {
            from: "String",
            into: err.vocabulary,
            source: std::sync::Arc::new(err),
        }
    }
}

#[cfg(feature = "db")]
impl UnknownCode {
    /// The unknown code inside a database error, if that is what it is.
    pub fn of(err: &sea_orm::DbErr) -> Option<&UnknownCode> {
        match err {
            sea_orm::DbErr::TryIntoErr { source, .. } => source.downcast_ref::<UnknownCode>(),
            _ => None,
        }
    }
}

/// With the `db` feature: what SeaORM needs for a vocabulary to be a column's type (stored as
/// its code, as text). Expanded by [`code_enum!`] for every vocabulary.
#[cfg(feature = "db")]
#[doc(hidden)]
#[macro_export]
macro_rules! __code_enum_db {
    ($name:ident) => {
        impl ::std::convert::From<$name> for $crate::code_enum::__sea_orm::Value {
            fn from(value: $name) -> Self {
                $crate::code_enum::__sea_orm::Value::String(Some(value.code().to_owned()))
            }
        }

        impl $crate::code_enum::__sea_orm::TryGetable for $name {
            fn try_get_by<I: $crate::code_enum::__sea_orm::ColIdx>(
                res: &$crate::code_enum::__sea_orm::QueryResult,
                index: I,
            ) -> ::std::result::Result<Self, $crate::code_enum::__sea_orm::TryGetError> {
                let code =
                    <String as $crate::code_enum::__sea_orm::TryGetable>::try_get_by(res, index)?;
                <$name as $crate::code_enum::Vocabulary>::from_stored(&code)
                    .map_err(|e| $crate::code_enum::__sea_orm::TryGetError::DbErr(e.into()))
            }
        }

        impl $crate::code_enum::__sea_orm::sea_query::ValueType for $name {
            fn try_from(
                value: $crate::code_enum::__sea_orm::Value,
            ) -> ::std::result::Result<Self, $crate::code_enum::__sea_orm::sea_query::ValueTypeErr>
            {
                let code =
                    <String as $crate::code_enum::__sea_orm::sea_query::ValueType>::try_from(
                        value,
                    )?;
                <$name as $crate::code_enum::Vocabulary>::from_stored(&code)
                    .map_err(|_| $crate::code_enum::__sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> $crate::code_enum::__sea_orm::sea_query::ArrayType {
                $crate::code_enum::__sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> $crate::code_enum::__sea_orm::sea_query::ColumnType {
                $crate::code_enum::__sea_orm::sea_query::ColumnType::Text
            }
        }

        impl $crate::code_enum::__sea_orm::sea_query::Nullable for $name {
            fn null() -> $crate::code_enum::__sea_orm::Value {
                $crate::code_enum::__sea_orm::Value::String(None)
            }
        }

        impl $crate::code_enum::__sea_orm::IntoActiveValue<$name> for $name {
            fn into_active_value(self) -> $crate::code_enum::__sea_orm::ActiveValue<$name> {
                $crate::code_enum::__sea_orm::ActiveValue::Set(self)
            }
        }
    };
}

#[cfg(not(feature = "db"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __code_enum_db {
    ($name:ident) => {};
}

/// Declares an enum whose variants carry `code`, Chinese label and English label.
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($code:literal, $zh:literal, $en:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The stable machine code.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            /// The Chinese label shown to people.
            pub fn label_zh(self) -> &'static str {
                match self { $( $name::$variant => $zh ),+ }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $en ),+ }
            }

            /// Parses a machine code, or a Chinese label (spreadsheets carry labels).
            pub fn parse(text: &str) -> Option<$name> {
                let text = text.trim();
                $name::ALL.iter().copied().find(|v| v.code() == text || v.label_zh() == text)
            }
        }

        impl $crate::code_enum::Vocabulary for $name {
            const NAME: &'static str = stringify!($name);
            const ALL: &'static [$name] = $name::ALL;
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label_zh(self) -> &'static str {
                $name::label_zh(self)
            }
            fn label_en(self) -> &'static str {
                $name::label_en(self)
            }
            fn parse(text: &str) -> Option<Self> {
                $name::parse(text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {}: {}", stringify!($name), text))
                })
            }
        }

        $crate::__code_enum_db!($name);
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classes::ClassState;
    use crate::review::ReviewState;

    #[test]
    fn a_code_reads_back_as_its_variant_and_nothing_else_does() {
        for state in ClassState::ALL {
            assert_eq!(ClassState::from_code(state.code()), Ok(*state));
        }
        // Labels and padding are for spreadsheets (`parse`), not codes …
        assert!(ClassState::from_code("草稿").is_err());
        assert!(ClassState::from_code(" draft").is_err());
        // … though a label stored by an older version still reads as its variant.
        assert_eq!(ClassState::from_stored("草稿"), Ok(ClassState::Draft));
        assert!(ClassState::from_stored("running").is_err());
        assert_eq!(
            ReviewState::from_code("withdrawn"),
            Err(UnknownCode {
                vocabulary: "ReviewState",
                code: "withdrawn".to_owned()
            })
        );
    }

    #[test]
    fn json_holds_the_code() {
        assert_eq!(
            serde_json::to_string(&ClassState::InProgress)
                .ok()
                .as_deref(),
            Some("\"in_progress\"")
        );
        assert_eq!(
            serde_json::from_str::<ClassState>("\"in_progress\"").ok(),
            Some(ClassState::InProgress)
        );
        assert!(serde_json::from_str::<ClassState>("\"running\"").is_err());
    }

    #[cfg(feature = "db")]
    #[test]
    fn a_vocabulary_is_stored_as_its_code_and_read_back() {
        use sea_orm::Value;
        use sea_orm::sea_query::{Nullable, ValueType};
        for state in ReviewState::ALL {
            let value = Value::from(*state);
            assert_eq!(value, Value::String(Some(state.code().to_owned())));
            assert_eq!(
                <ReviewState as ValueType>::try_from(value).ok(),
                Some(*state)
            );
        }
        assert_eq!(<ClassState as Nullable>::null(), Value::String(None));
        assert_eq!(
            <ClassState as ValueType>::column_type(),
            sea_orm::sea_query::ColumnType::Text
        );
        assert!(<ClassState as ValueType>::try_from(Value::from("running")).is_err());
    }

    #[cfg(feature = "db")]
    #[test]
    fn an_unknown_stored_code_is_one_error_naming_the_vocabulary_and_the_code() {
        let err = sea_orm::DbErr::from(ClassState::from_code("running").unwrap_err());
        assert_eq!(
            UnknownCode::of(&err),
            Some(&UnknownCode {
                vocabulary: "ClassState",
                code: "running".to_owned()
            })
        );
        let text = err.to_string();
        assert!(
            text.contains("ClassState") && text.contains("running"),
            "{text}"
        );
        assert_eq!(UnknownCode::of(&sea_orm::DbErr::Custom("x".into())), None);
    }
}
