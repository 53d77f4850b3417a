//! The closed vocabularies' one spelling each, written and read by hand.
//!
//! serde's derive gives every unit enum its own variant reader and writer
//! for every reader and writer it is used with (about 1.5 KB of wasm each
//! in the module loaded at every wake). [`spelled!`] writes the word with
//! `serialize_str` and reads a `String` (whose reader every enum shares),
//! then matches it: the same JSON in and out, and the same "unknown
//! variant" error for a word that is not one.

/// Implements `Serialize` and `Deserialize` for a unit enum from its
/// spellings: `spelled!(Party { First => "first", Third => "third" });`.
macro_rules! spelled {
    ($t:ident { $($v:ident => $s:literal),+ $(,)? }) => {
        impl $t {
            /// Every spelling, in declaration order (what the JSON Schema's
            /// `enum` lists: see `journal::describe`).
            pub const WORDS: &'static [&'static str] = &[$($s),+];
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(match self { $($t::$v => $s),+ })
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let word = <String as serde::Deserialize>::deserialize(d)?;
                match word.as_str() {
                    $($s => Ok($t::$v),)+
                    other => Err(<D::Error as serde::de::Error>::unknown_variant(other, Self::WORDS)),
                }
            }
        }
    };
}
pub(crate) use spelled;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{json, Value};

    use crate::cleanup::DataType;
    use crate::journal::EntryType;
    use crate::model::{Category, RequestType, SameSite};

    #[test]
    fn words_go_out_and_come_back_as_serde_spelled_them() {
        assert_eq!(serde_json::to_string(&SameSite::NoRestriction).unwrap(), r#""no_restriction""#);
        assert_eq!(serde_json::to_value(DataType::IndexedDb).unwrap(), json!("indexedDB"));
        for t in EntryType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), json!(t.as_str()));
            assert_eq!(serde_json::from_value::<EntryType>(json!(t.as_str())).unwrap(), t);
            assert_eq!(serde_json::from_str::<EntryType>(&format!("{:?}", t.as_str())).unwrap(), t);
        }
        for c in Category::ALL {
            assert_eq!(serde_json::from_value::<Category>(json!(c.as_str())).unwrap(), c);
        }
        // As map keys too, from text and from a Value.
        let map: BTreeMap<RequestType, u64> = serde_json::from_str(r#"{"script":2,"xhr":1}"#).unwrap();
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"script":2,"xhr":1}"#);
        let again: BTreeMap<RequestType, u64> = serde_json::from_value(json!({"script": 2, "xhr": 1})).unwrap();
        assert_eq!(again, map);
    }

    #[test]
    fn a_word_that_is_not_one_is_refused_as_serde_refused_it() {
        let err = serde_json::from_str::<SameSite>(r#""sometimes""#).unwrap_err().to_string();
        assert!(err.starts_with("unknown variant `sometimes`, expected one of `no_restriction`, `lax`"), "{err}");
        assert!(serde_json::from_value::<Category>(Value::Bool(true)).is_err());
        assert!(serde_json::from_value::<Category>(json!("Analytics")).is_err(), "one spelling only");
    }
}
