//! The language the entry types' `data` are described in ([`Shape`],
//! [`Field`]), and the [`entry_data!`] macro that turns one description per
//! type (in `entries.rs`) into what each build needs.
//!
//! Every build gets, from the description, the required fields with their
//! JSON kinds ([`EntryType::required_data`]) and the names of every field a
//! type's `data` may hold ([`EntryType::field_names`]), which
//! [`super::append`] checks. The shapes are only read in `const` blocks
//! there, so none of the descriptions' text reaches the wasm modules.
//! Native builds also get [`EntryType::description`]: the whole description, from which
//! `docs/evidence.schema.json` and the entry-type table of
//! `docs/evidence-format.md` are generated (see [`generate`]).
//!
//! [`EntryType::required_data`]: super::EntryType::required_data
//! [`EntryType::field_names`]: super::EntryType::field_names
//! [`EntryType::description`]: super::EntryType::description

use super::FieldKind;

/// The JSON a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Any string.
    Text,
    /// A string matching the regular expression.
    TextMatching(&'static str),
    /// A string of at least one character.
    NonEmptyText,
    /// An integer within ±(2^53 − 1).
    Whole,
    /// An integer from 1 (a count of repeats).
    Count,
    /// A journal sequence number (from 1).
    Seq,
    /// An integer from the first to the second, inclusive.
    WholeIn(i64, i64),
    /// `true` or `false`.
    Flag,
    /// Only `true` (a mark present when it applies).
    True,
    /// 64 lowercase hex digits of SHA-256.
    Hash,
    /// RFC 3339 UTC with milliseconds.
    Time,
    /// A day, `YYYY-MM-DD`.
    Day,
    /// A redacted value (docs/evidence-format.md, section 2).
    Redacted,
    /// One of the catalog's categories.
    Category,
    /// One of these words (a closed vocabulary).
    Words(&'static [&'static str]),
    /// Exactly this word.
    Word(&'static str),
    /// Any JSON value (numbers integers only, as everywhere in an entry).
    Any,
    /// The shape, or `null`.
    OrNull(&'static Shape),
    /// An array of the shape.
    List(&'static Shape),
    /// An object holding these fields and no others.
    Object(&'static [Field]),
}

/// One field of an entry's `data`, or of an object inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The member name.
    pub name: &'static str,
    /// Whether every such object has it.
    pub required: bool,
    /// What it holds.
    pub shape: Shape,
    /// What it means, for the docs and the schema (may be empty).
    pub about: &'static str,
}

impl Shape {
    /// What the core checks of a required field of this shape.
    pub const fn kind(self) -> FieldKind {
        match self {
            Shape::Text | Shape::TextMatching(_) | Shape::NonEmptyText | Shape::Time | Shape::Day => FieldKind::String,
            Shape::Category | Shape::Words(_) | Shape::Word(_) => FieldKind::String,
            Shape::Whole | Shape::Count | Shape::Seq | Shape::WholeIn(..) => FieldKind::Integer,
            Shape::Flag | Shape::True => FieldKind::Boolean,
            Shape::Hash => FieldKind::Hash,
            Shape::Redacted | Shape::Object(_) => FieldKind::Object,
            Shape::List(_) => FieldKind::Array,
            Shape::Any | Shape::OrNull(_) => FieldKind::Any,
        }
    }
}

/// A required field (for nested objects; an entry's own fields say
/// `required` / `optional` in [`entry_data!`]).
pub const fn req(name: &'static str, shape: Shape, about: &'static str) -> Field {
    Field { name, required: true, shape, about }
}

/// An optional field.
pub const fn opt(name: &'static str, shape: Shape, about: &'static str) -> Field {
    Field { name, required: false, shape, about }
}

/// The description of one entry type's `data`.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy)]
pub struct Description {
    /// Whether the entry's `site` names a site: `"site"` (always),
    /// a condition (`"site when seen on a page"`), or empty (`null`, or a
    /// site only now and then).
    pub site: &'static str,
    /// What an entry of the type records.
    pub about: &'static str,
    /// Its fields, required first.
    pub fields: &'static [Field],
}

/// Expands the descriptions (see the module docs). Each type is
/// `Kind ("site note") "about" { required { "name": Shape => "about"; }
/// optional { ... } }`; after a `;`, `Kind as Other ("site") "about";`
/// gives a type the fields of another.
macro_rules! entry_data {
    (
        $( $kind:ident ($site:literal) $about:literal {
            required { $( $rn:literal : $rs:expr => $ra:literal ; )* }
            optional { $( $on:literal : $os:expr => $oa:literal ; )* }
        } )*
        ;
        $( $alias:ident as $of:ident ($asite:literal) $aabout:literal ; )*
    ) => {
        impl $crate::journal::EntryType {
            /// The `data` fields this type requires, with their JSON types.
            pub fn required_data(self) -> &'static [(&'static str, $crate::journal::FieldKind)] {
                match self {
                    $( Self::$kind => &[ $( ($rn, const { $rs.kind() }) ),* ], )*
                    $( Self::$alias => Self::$of.required_data(), )*
                }
            }

            /// Every field this type's `data` may hold: an entry with any
            /// other is refused when it is written.
            pub fn field_names(self) -> impl Iterator<Item = &'static str> {
                self.field_list().split_ascii_whitespace()
            }

            // One text per type rather than a slice of names: the main
            // module is smaller by the pointers.
            fn field_list(self) -> &'static str {
                match self {
                    $( Self::$kind => concat!($( $rn, " ", )* $( $on, " ", )*), )*
                    $( Self::$alias => Self::$of.field_list(), )*
                }
            }
        }

        impl $crate::journal::EntryType {
            /// The description of this type's `data` (native builds only).
            #[cfg(not(target_arch = "wasm32"))]
            pub fn description(self) -> $crate::journal::describe::Description {
                use $crate::journal::describe::{Description, Field};
                match self {
                    $( Self::$kind => Description {
                        site: $site,
                        about: $about,
                        fields: const {
                            &[
                                $( Field { name: $rn, required: true, shape: $rs, about: $ra }, )*
                                $( Field { name: $on, required: false, shape: $os, about: $oa }, )*
                            ]
                        },
                    }, )*
                    $( Self::$alias => Description { site: $asite, about: $aabout, ..Self::$of.description() }, )*
                }
            }
        }
    };
}
pub(crate) use entry_data;

#[cfg(not(target_arch = "wasm32"))]
pub mod generate;
