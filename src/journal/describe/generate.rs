//! Writes `docs/evidence.schema.json` and the entry-type table of
//! `docs/evidence-format.md` from the entry descriptions (native builds
//! only). `tests/schema.rs` compares the files with what this makes, and
//! rewrites them when run with `TW_WRITE_SCHEMA=1` (`make schema`).
//!
//! The schema's other parts (the file's envelope, the entry's members,
//! omitted entries, site summaries, the shared definitions) are kept by
//! hand in `docs/evidence.schema.template.json`; this fills in the entry
//! types' names, one `data:<type>` definition per type, and the rule that
//! picks an entry's definition by its `type`.

use serde_json::Value;

use super::{Description, Field, Shape};
use crate::journal::{EntryType, JsonReader, Numbers};

/// The line before the generated table in `docs/evidence-format.md`.
pub const TABLE_START: &str =
    "<!-- Generated from src/journal/entries.rs by `make schema`; tests/schema.rs fails when it is stale. Do not edit by hand. -->";
/// The line after it.
pub const TABLE_END: &str = "<!-- End of the generated table. -->";

/// JSON with its members in the order they were written.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    Scalar(Value),
}

fn obj(members: Vec<(&str, Json)>) -> Json {
    Json::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn text(s: &str) -> Json {
    Json::Scalar(Value::from(s))
}

fn words(w: &[&str]) -> Json {
    Json::Array(w.iter().map(|w| text(w)).collect())
}

fn reference(def: &str) -> Json {
    obj(vec![("$ref", text(&format!("#/$defs/{def}")))])
}

impl Json {
    fn get_mut(&mut self, name: &str) -> Option<&mut Json> {
        match self {
            Json::Object(m) => m.iter_mut().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    fn read<R: std::io::Read>(r: &mut JsonReader<R>) -> Result<Json, String> {
        let e = |e: crate::journal::JsonError| e.to_string();
        match r.peek().map_err(e)? {
            Some(b'{') => {
                r.begin_object().map_err(e)?;
                let (mut first, mut members) = (true, Vec::new());
                while let Some(name) = r.next_member(&mut first).map_err(e)? {
                    members.push((name, Json::read(r)?));
                }
                Ok(Json::Object(members))
            }
            Some(b'[') => {
                r.begin_array().map_err(e)?;
                let (mut first, mut items) = (true, Vec::new());
                while r.next_item(&mut first).map_err(e)? {
                    items.push(Json::read(r)?);
                }
                Ok(Json::Array(items))
            }
            _ => Ok(Json::Scalar(r.value(Numbers::Any).map_err(e)?)),
        }
    }

    /// Two-space indentation, as `JSON.stringify(value, null, 2)` writes.
    fn write(&self, depth: usize, out: &mut String) {
        let pad = |out: &mut String, d: usize| out.extend(std::iter::repeat_n("  ", d));
        match self {
            Json::Scalar(v) => out.push_str(&serde_json::to_string(v).expect("a JSON value")),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(m) if m.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    pad(out, depth + 1);
                    item.write(depth + 1, out);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push(']');
            }
            Json::Object(m) => {
                out.push_str("{\n");
                for (i, (k, v)) in m.iter().enumerate() {
                    pad(out, depth + 1);
                    out.push_str(&serde_json::to_string(k).expect("a string"));
                    out.push_str(": ");
                    v.write(depth + 1, out);
                    out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push('}');
            }
        }
    }
}

/// The schema of one shape.
fn shape_schema(shape: &Shape) -> Json {
    let typed = |t: &str| obj(vec![("type", text(t))]);
    match *shape {
        Shape::Text => typed("string"),
        Shape::TextMatching(p) => obj(vec![("type", text("string")), ("pattern", text(p))]),
        Shape::NonEmptyText => obj(vec![("type", text("string")), ("minLength", Json::Scalar(1.into()))]),
        Shape::Whole => reference("integer"),
        Shape::Count => reference("count"),
        Shape::Seq => reference("seq"),
        Shape::WholeIn(lo, hi) => {
            obj(vec![("type", text("integer")), ("minimum", Json::Scalar(lo.into())), ("maximum", Json::Scalar(hi.into()))])
        }
        Shape::Flag => typed("boolean"),
        Shape::True => obj(vec![("const", Json::Scalar(true.into()))]),
        Shape::Hash => reference("hash"),
        Shape::Time => reference("time"),
        Shape::Day => obj(vec![("type", text("string")), ("pattern", text("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]),
        Shape::Redacted => reference("redacted"),
        Shape::Category => reference("category"),
        Shape::Words(w) => obj(vec![("enum", words(w))]),
        Shape::Word(w) => obj(vec![("const", text(w))]),
        Shape::Any => obj(vec![]),
        Shape::OrNull(Shape::Text) => obj(vec![("type", words(&["string", "null"]))]),
        Shape::OrNull(inner) => obj(vec![("anyOf", Json::Array(vec![shape_schema(inner), typed("null")]))]),
        Shape::List(inner) => obj(vec![("type", text("array")), ("items", shape_schema(inner))]),
        Shape::Object(fields) => object_schema(None, fields),
    }
}

/// A closed object: its required fields, its properties, nothing else.
fn object_schema(about: Option<&str>, fields: &[Field]) -> Json {
    let mut m = Vec::new();
    if let Some(about) = about {
        m.push(("description", text(about)));
    }
    m.push(("type", text("object")));
    let required: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.name).collect();
    m.push(("required", words(&required)));
    let properties = fields
        .iter()
        .map(|f| {
            let mut s = shape_schema(&f.shape);
            if let (Json::Object(members), false) = (&mut s, f.about.is_empty()) {
                members.insert(0, ("description".to_owned(), text(&capitalised(f.about))));
            }
            (f.name.to_owned(), s)
        })
        .collect();
    m.push(("properties", Json::Object(properties)));
    m.push(("additionalProperties", Json::Scalar(false.into())));
    obj(m)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The schema: `template` (the hand-kept parts) with the entry types filled
/// in. The template's `$defs.entry` must have `properties.type.enum` and
/// `allOf` (filled here), and its `$defs` a member `"data:*"` whose place
/// the types' definitions take.
pub fn schema(template: &str) -> Result<String, String> {
    let mut doc = Json::read(&mut JsonReader::new(template.as_bytes()))?;
    if let Some(comment) = doc.get_mut("$comment") {
        *comment = text("Generated from the entry types (src/journal/entries.rs) and docs/evidence.schema.template.json by `make schema`. Do not edit by hand: tests/schema.rs fails when this file is not what they make.");
    }
    let names: Vec<&str> = EntryType::ALL.iter().map(|t| t.as_str()).collect();
    let entry = doc.get_mut("$defs").and_then(|d| d.get_mut("entry")).ok_or("the template has no $defs.entry")?;
    *entry
        .get_mut("properties")
        .and_then(|p| p.get_mut("type"))
        .and_then(|t| t.get_mut("enum"))
        .ok_or("no $defs.entry.properties.type.enum")? = words(&names);
    *entry.get_mut("allOf").ok_or("no $defs.entry.allOf")? = Json::Array(
        names
            .iter()
            .map(|t| {
                obj(vec![
                    ("if", obj(vec![("properties", obj(vec![("type", obj(vec![("const", text(t))]))]))])),
                    ("then", obj(vec![("properties", obj(vec![("data", reference(&format!("data:{t}")))]))])),
                ])
            })
            .collect(),
    );
    let Some(Json::Object(defs)) = doc.get_mut("$defs") else { return Err("no $defs".to_owned()) };
    let at = defs.iter().position(|(k, _)| k == "data:*").ok_or("the template's $defs has no \"data:*\" member")?;
    let generated = EntryType::ALL.iter().map(|t| {
        let d: Description = t.description();
        (format!("data:{t}"), object_schema(Some(d.about), d.fields))
    });
    defs.splice(at..=at, generated);
    let mut out = String::new();
    doc.write(0, &mut out);
    out.push('\n');
    Ok(out)
}

/// What the docs say of a shape beyond its field's own words.
fn shape_note(shape: &Shape) -> String {
    let code = |w: &[&str]| w.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ");
    match *shape {
        Shape::Words(w) => code(w),
        Shape::Word(w) => format!("`{w}`"),
        Shape::Time => "RFC 3339".to_owned(),
        Shape::Day => "`YYYY-MM-DD`".to_owned(),
        Shape::WholeIn(lo, hi) => format!("{lo}–{hi}"),
        Shape::Count => "≥ 1".to_owned(),
        Shape::Object(f) => format!("`{}`", members(f)),
        Shape::List(inner @ Shape::Object(_)) => format!("array of {}", shape_note(inner)),
        Shape::List(inner) => match shape_note(inner) {
            n if n.is_empty() => "array".to_owned(),
            n => format!("array of {n}"),
        },
        Shape::OrNull(inner) => match shape_note(inner) {
            n if n.is_empty() => "or null".to_owned(),
            n => format!("{n}, or null"),
        },
        _ => String::new(),
    }
}

/// `{a, b: [{c, d}], e}`: an object's fields, nested ones spelt out.
fn members(fields: &[Field]) -> String {
    fn inner(shape: &Shape) -> Option<String> {
        match shape {
            Shape::Object(f) => Some(members(f)),
            Shape::List(s) | Shape::OrNull(s) => inner(s).map(|m| if matches!(shape, Shape::List(_)) { format!("[{m}]") } else { m }),
            _ => None,
        }
    }
    let list: Vec<String> = fields
        .iter()
        .map(|f| match inner(&f.shape) {
            Some(m) => format!("{}: {m}", f.name),
            None => f.name.to_owned(),
        })
        .collect();
    format!("{{{}}}", list.join(", "))
}

fn field_cell(f: &Field) -> String {
    let name = if f.required { format!("**`{}`**", f.name) } else { format!("`{}`", f.name) };
    let notes: Vec<String> = [f.about.to_owned(), shape_note(&f.shape)].into_iter().filter(|n| !n.is_empty()).collect();
    if notes.is_empty() {
        name
    } else {
        format!("{name} ({})", notes.join("; "))
    }
}

/// The entry-type table of `docs/evidence-format.md`, section 3.
pub fn table() -> String {
    let mut out = String::from("| type | what it records | `data` |\n|------|-----------------|--------|\n");
    for t in EntryType::ALL {
        let d = t.description();
        let site = if d.site.is_empty() { String::new() } else { format!(" *({})*", d.site) };
        let fields: Vec<String> = d.fields.iter().map(field_cell).collect();
        let fields = if fields.is_empty() { "(none)".to_owned() } else { fields.join(", ") };
        out.push_str(&format!("| `{t}`{site} | {} | {fields} |\n", d.about));
    }
    out
}

/// `doc` with the table between [`TABLE_START`] and [`TABLE_END`] made
/// anew.
pub fn with_table(doc: &str) -> Result<String, String> {
    let start = doc.find(TABLE_START).ok_or("the document has no start-of-table line")? + TABLE_START.len();
    let end = doc[start..].find(TABLE_END).ok_or("the document has no end-of-table line")? + start;
    Ok(format!("{}\n{}{}", &doc[..start], table(), &doc[end..]))
}
