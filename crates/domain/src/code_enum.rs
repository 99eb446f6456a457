//! A small macro for the closed vocabularies of the domain (unit types, ranks, roles …): each
//! variant has a stable machine code (stored in the database, used in the API) and a Chinese
//! and an English label.

/// What every closed vocabulary offers, for code that handles any of them (counts by label,
/// dictionaries for the UI).
pub trait Vocabulary: Copy + Ord + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label_zh(self) -> &'static str;
    fn label_en(self) -> &'static str;
    fn parse(text: &str) -> Option<Self>;
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
    };
}
