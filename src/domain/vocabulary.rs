//! Closed vocabularies: every list of codes the database stores as TEXT
//! (states, roles, channels, …) is a Rust enum declared with [`vocabulary!`].
//!
//! One declaration gives each value its stable stored code and its
//! message-catalogue key, so the two cannot drift apart. The stored code is
//! what statistics, exports and the open-data API serialise: it never changes
//! with the language. The database layer maps every vocabulary to TEXT
//! (`db::codes`), so an unknown code fails where the row is loaded instead of
//! falling back to some default state.

/// What every vocabulary offers to generic code (forms, filters, exports).
pub trait Vocabulary: Copy + Eq + 'static {
    /// The type's name, for the error raised when a stored code is unknown.
    const NAME: &'static str;

    /// Every value, in the order forms and filters list them.
    fn all() -> &'static [Self];

    /// The stable code stored in the database and used in URLs and exports.
    fn code(self) -> &'static str;

    /// The message-catalogue key of the value's display name.
    fn label_key(self) -> &'static str;

    /// The value with this stored code; `None` for anything unknown (never guess).
    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.code() == code)
    }
}

/// Declares a vocabulary: `Variant = "code"` pairs, with the catalogue key
/// `<prefix><code>` for each (the prefix carries its own separator).
///
/// ```ignore
/// vocabulary! {
///     /// Doc comment of the enum.
///     pub enum Role: "role." { Admin = "admin", Resident = "resident" }
/// }
/// ```
macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        pub enum $name:ident : $prefix:literal {
            $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a stored or submitted code; `None` for anything unknown.
            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }

            /// The message-catalogue key of the display name.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, $code)),+ }
            }
        }

        impl $crate::domain::vocabulary::Vocabulary for $name {
            const NAME: &'static str = stringify!($name);
            fn all() -> &'static [Self] { Self::ALL }
            fn code(self) -> &'static str { $name::code(self) }
            fn label_key(self) -> &'static str { $name::label_key(self) }
        }

        $crate::domain::vocabulary::display_as_code!($name);
    };
}

/// `Display` and `Serialize` as the stored code, for templates, logs and exports.
macro_rules! display_as_code {
    ($name:ident) => {
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
    };
}

pub(crate) use display_as_code;
pub(crate) use vocabulary;

/// Checks what every vocabulary must satisfy: codes unique and round-tripping,
/// keys unique. Each vocabulary's own tests call it.
#[cfg(test)]
pub fn assert_well_formed<V: Vocabulary + std::fmt::Debug>() {
    let mut codes = std::collections::HashSet::new();
    let mut keys = std::collections::HashSet::new();
    for &v in V::all() {
        assert_eq!(V::from_code(v.code()), Some(v), "{} {v:?} must round-trip", V::NAME);
        assert!(codes.insert(v.code()), "{} code {} repeated", V::NAME, v.code());
        assert!(keys.insert(v.label_key()), "{} key {} repeated", V::NAME, v.label_key());
        assert!(
            !v.code().is_empty() && v.code().is_ascii(),
            "{} code must be plain ASCII",
            V::NAME
        );
    }
    assert_eq!(V::from_code(""), None);
    assert_eq!(V::from_code("no-such-code"), None);
}
