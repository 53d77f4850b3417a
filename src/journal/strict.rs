//! A strict JSON reader over any [`std::io::Read`], for checking evidence
//! files of any size with bounded memory.
//!
//! The caller walks the document itself — [`JsonReader::begin_object`],
//! [`JsonReader::next_member`], [`JsonReader::begin_array`],
//! [`JsonReader::next_item`] — and takes whole values only where they are
//! small (one journal entry, one site summary) with [`JsonReader::value`].
//! So a million-entry file is never held as one tree.
//!
//! Stricter than RFC 8259 in the ways RFC 8785 and I-JSON (RFC 7493) ask of
//! data that is hashed: a member name may not appear twice in one object, at
//! any depth (a reader could take either value, so one file would say two
//! things); strings must be valid Unicode (no lone surrogate escapes); and,
//! where the caller asks for [`Numbers::Integers`], numbers must be whole,
//! written without fraction or exponent, within ±(2^53 − 1).

use serde_json::{Map, Number, Value};
use std::fmt;
use std::io::Read;

use super::jcs::MAX_SAFE_INTEGER;

/// Deeper nesting than this is refused rather than risk the stack.
const MAX_DEPTH: usize = 128;

/// How many bytes [`JsonReader::take_buffered`] offers at the least (when
/// the input holds them): more than any journal entry the extension writes.
pub const TAKE_AHEAD: usize = 64 * 1024;

/// Which numbers a value may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// Whole numbers written without fraction or exponent, within
    /// ±(2^53 − 1): what hashed and signed evidence holds.
    Integers,
    /// Any JSON number (parts of a file that are neither hashed nor signed).
    Any,
}

/// Why the text is not acceptable JSON, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line of the file where the problem was found.
    pub line: u64,
    /// What is wrong.
    pub problem: JsonProblem,
}

/// What is wrong with the text.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonProblem {
    /// The file could not be read (message from the system).
    Io(String),
    /// Not JSON: the message says what was expected.
    Syntax(String),
    /// The text ends in the middle of a value.
    EndOfFile,
    /// A member name appears twice in one object.
    DuplicateName(String),
    /// A number with a fraction or exponent where only whole numbers belong.
    NotInteger(String),
    /// A whole number beyond ±(2^53 − 1).
    TooLarge(String),
    /// Objects and arrays nested deeper than the reader allows.
    TooDeep,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            JsonProblem::Io(m) => write!(f, "the file could not be read (line {}): {m}", self.line),
            JsonProblem::EndOfFile => write!(f, "the file ends in the middle of line {}: it was cut short", self.line),
            p => write!(f, "line {}: {p}", self.line),
        }
    }
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonProblem::Io(m) => write!(f, "the file could not be read: {m}"),
            JsonProblem::Syntax(m) => write!(f, "this is not valid JSON: {m}"),
            JsonProblem::EndOfFile => write!(f, "the file ends in the middle of a value: it was cut short"),
            JsonProblem::DuplicateName(n) => write!(
                f,
                "the name {n:?} appears twice in one object; a file with repeated names can be read two ways, so it cannot be evidence"
            ),
            JsonProblem::NotInteger(n) => {
                write!(f, "the number {n} is not a whole number written plainly; evidence holds whole numbers only")
            }
            JsonProblem::TooLarge(n) => write!(f, "the number {n} is too large to be read the same way everywhere"),
            JsonProblem::TooDeep => write!(f, "values are nested more than {MAX_DEPTH} levels deep"),
        }
    }
}

impl std::error::Error for JsonError {}

type Result<T> = std::result::Result<T, JsonError>;

/// Reads JSON from `R` a buffer at a time. See the module documentation.
pub struct JsonReader<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    line: u64,
    eof: bool,
}

impl<R: Read> JsonReader<R> {
    /// A reader over `inner`; a UTF-8 byte-order mark at the start is skipped.
    pub fn new(inner: R) -> Self {
        let mut r = JsonReader { inner, buf: vec![0; 256 * 1024].into_boxed_slice(), pos: 0, end: 0, line: 1, eof: false };
        if r.fill().is_ok() && r.buf[..r.end].starts_with(b"\xEF\xBB\xBF") {
            r.pos = 3;
        }
        r
    }

    /// The 1-based line the reader has reached.
    pub fn line(&self) -> u64 {
        self.line
    }

    fn err(&self, problem: JsonProblem) -> JsonError {
        JsonError { line: self.line, problem }
    }

    fn syntax(&self, m: impl Into<String>) -> JsonError {
        self.err(JsonProblem::Syntax(m.into()))
    }

    /// Refills the buffer when it is used up; false at the end of input.
    fn fill(&mut self) -> Result<bool> {
        if self.pos < self.end {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        loop {
            match self.inner.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    self.pos = 0;
                    self.end = 0;
                    return Ok(false);
                }
                Ok(n) => {
                    self.pos = 0;
                    self.end = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.err(JsonProblem::Io(e.to_string()))),
            }
        }
    }

    #[inline]
    fn next_byte(&mut self) -> Result<Option<u8>> {
        if self.pos < self.end || self.fill()? {
            let b = self.buf[self.pos];
            self.pos += 1;
            Ok(Some(b))
        } else {
            Ok(None)
        }
    }

    #[inline]
    fn need_byte(&mut self) -> Result<u8> {
        match self.next_byte()? {
            Some(b) => Ok(b),
            None => Err(self.err(JsonProblem::EndOfFile)),
        }
    }

    /// The next byte that is not whitespace, without consuming it; `None`
    /// at the end of input.
    pub fn peek(&mut self) -> Result<Option<u8>> {
        loop {
            if self.pos >= self.end && !self.fill()? {
                return Ok(None);
            }
            match self.buf[self.pos] {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                b => return Ok(Some(b)),
            }
            self.pos += 1;
        }
    }

    fn expect(&mut self, want: u8, what: &str) -> Result<()> {
        match self.peek()? {
            Some(b) if b == want => {
                self.pos += 1;
                Ok(())
            }
            Some(b) => Err(self.syntax(format!("expected {what}, found {}", shown(b)))),
            None => Err(self.err(JsonProblem::EndOfFile)),
        }
    }

    /// Consumes the `{` that opens an object.
    pub fn begin_object(&mut self) -> Result<()> {
        self.expect(b'{', "an object")
    }

    /// Consumes the `[` that opens an array.
    pub fn begin_array(&mut self) -> Result<()> {
        self.expect(b'[', "an array")
    }

    /// Inside an object: the next member's name (consuming the `:` after
    /// it), or `None` once the closing `}` is consumed. `first` is true
    /// before the first member and is updated.
    pub fn next_member(&mut self, first: &mut bool) -> Result<Option<String>> {
        match self.peek()? {
            Some(b'}') => {
                self.pos += 1;
                return Ok(None);
            }
            Some(b',') if !*first => self.pos += 1,
            Some(b'"') if *first => {}
            Some(b) => {
                let want = if *first { "a member name or }" } else { ", or }" };
                return Err(self.syntax(format!("expected {want}, found {}", shown(b))));
            }
            None => return Err(self.err(JsonProblem::EndOfFile)),
        }
        *first = false;
        match self.peek()? {
            Some(b'"') => self.pos += 1,
            Some(b) => return Err(self.syntax(format!("expected a member name, found {}", shown(b)))),
            None => return Err(self.err(JsonProblem::EndOfFile)),
        }
        let name = self.string_body()?;
        self.expect(b':', "a colon after a member name")?;
        Ok(Some(name))
    }

    /// Inside an array: true if another item follows (consuming the comma
    /// before it), false once the closing `]` is consumed.
    pub fn next_item(&mut self, first: &mut bool) -> Result<bool> {
        match self.peek()? {
            Some(b']') => {
                self.pos += 1;
                Ok(false)
            }
            Some(b',') if !*first => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            Some(b) => Err(self.syntax(format!("expected , or ], found {}", shown(b)))),
            None => Err(self.err(JsonProblem::EndOfFile)),
        }
    }

    /// Offers `take` the bytes from the next one that is not whitespace up
    /// to the end of what is buffered (at least [`TAKE_AHEAD`] of them
    /// while the input holds that many). If `take` answers `Some((len,
    /// t))`, the first `len` bytes are consumed and `t` is returned; if it
    /// answers `None`, nothing is consumed, so the caller can read the same
    /// value again with [`JsonReader::value`].
    ///
    /// For a fast road over values written in one known form: `take` must
    /// accept only whole values that hold no line break, so that line
    /// numbers stay right.
    pub fn take_buffered<T>(&mut self, take: impl FnOnce(&[u8]) -> Option<(usize, T)>) -> Result<Option<T>> {
        if self.peek()?.is_none() {
            return Ok(None);
        }
        if self.end - self.pos < TAKE_AHEAD && !self.eof {
            self.top_up()?;
        }
        let Some((len, t)) = take(&self.buf[self.pos..self.end]) else { return Ok(None) };
        debug_assert!(len <= self.end - self.pos && !self.buf[self.pos..self.pos + len].contains(&b'\n'));
        self.pos += len.min(self.end - self.pos);
        Ok(Some(t))
    }

    /// Moves what is left of the buffer to its start and reads until at
    /// least [`TAKE_AHEAD`] bytes are buffered or the input ends.
    fn top_up(&mut self) -> Result<()> {
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        while self.end < TAKE_AHEAD && !self.eof {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.err(JsonProblem::Io(e.to_string()))),
            }
        }
        Ok(())
    }

    /// Reads one whole value.
    pub fn value(&mut self, numbers: Numbers) -> Result<Value> {
        self.value_at(numbers, 0)
    }

    /// Succeeds if nothing but whitespace is left.
    pub fn end(&mut self) -> Result<()> {
        match self.peek()? {
            None => Ok(()),
            Some(b) => Err(self.syntax(format!("unexpected {} after the end of the document", shown(b)))),
        }
    }

    fn value_at(&mut self, numbers: Numbers, depth: usize) -> Result<Value> {
        if depth > MAX_DEPTH {
            return Err(self.err(JsonProblem::TooDeep));
        }
        let Some(b) = self.peek()? else { return Err(self.err(JsonProblem::EndOfFile)) };
        match b {
            b'{' => {
                self.pos += 1;
                let mut map = Map::new();
                let mut first = true;
                while let Some(name) = self.next_member(&mut first)? {
                    let v = self.value_at(numbers, depth + 1)?;
                    match map.entry(name) {
                        serde_json::map::Entry::Vacant(slot) => {
                            slot.insert(v);
                        }
                        serde_json::map::Entry::Occupied(taken) => return Err(self.err(JsonProblem::DuplicateName(taken.key().clone()))),
                    }
                }
                Ok(Value::Object(map))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                let mut first = true;
                while self.next_item(&mut first)? {
                    items.push(self.value_at(numbers, depth + 1)?);
                }
                Ok(Value::Array(items))
            }
            b'"' => {
                self.pos += 1;
                Ok(Value::String(self.string_body()?))
            }
            b't' => self.word(b"true", Value::Bool(true)),
            b'f' => self.word(b"false", Value::Bool(false)),
            b'n' => self.word(b"null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(numbers),
            b => Err(self.syntax(format!("expected a value, found {}", shown(b)))),
        }
    }

    fn word(&mut self, word: &[u8], v: Value) -> Result<Value> {
        for &w in word {
            if self.need_byte()? != w {
                return Err(self.syntax(format!("expected {}", String::from_utf8_lossy(word))));
            }
        }
        Ok(v)
    }

    fn peek_raw(&mut self) -> Result<Option<u8>> {
        if self.pos < self.end || self.fill()? {
            Ok(Some(self.buf[self.pos]))
        } else {
            Ok(None)
        }
    }

    fn number(&mut self, numbers: Numbers) -> Result<Value> {
        let mut text = String::with_capacity(20);
        let negative = self.peek_raw()? == Some(b'-');
        if negative {
            self.pos += 1;
            text.push('-');
        }
        let mut digits = 0usize;
        while let Some(b @ b'0'..=b'9') = self.peek_raw()? {
            self.pos += 1;
            text.push(b as char);
            digits += 1;
        }
        if digits == 0 {
            return Err(self.syntax("a number needs digits"));
        }
        if digits > 1 && text.as_bytes()[usize::from(negative)] == b'0' {
            return Err(self.syntax(format!("the number {text} has a leading zero")));
        }
        let mut whole = true;
        if self.peek_raw()? == Some(b'.') {
            whole = false;
            self.pos += 1;
            text.push('.');
            let mut n = 0;
            while let Some(b @ b'0'..=b'9') = self.peek_raw()? {
                self.pos += 1;
                text.push(b as char);
                n += 1;
            }
            if n == 0 {
                return Err(self.syntax(format!("the number {text} needs digits after the point")));
            }
        }
        if let Some(e @ (b'e' | b'E')) = self.peek_raw()? {
            whole = false;
            self.pos += 1;
            text.push(e as char);
            if let Some(s @ (b'+' | b'-')) = self.peek_raw()? {
                self.pos += 1;
                text.push(s as char);
            }
            let mut n = 0;
            while let Some(b @ b'0'..=b'9') = self.peek_raw()? {
                self.pos += 1;
                text.push(b as char);
                n += 1;
            }
            if n == 0 {
                return Err(self.syntax(format!("the number {text} needs digits in its exponent")));
            }
        }
        if whole {
            let magnitude: Option<u64> = text.trim_start_matches('-').parse().ok();
            match magnitude {
                Some(m) if m <= MAX_SAFE_INTEGER => {
                    return Ok(if negative { Value::from(-(m as i64)) } else { Value::from(m) });
                }
                _ if numbers == Numbers::Integers => return Err(self.err(JsonProblem::TooLarge(text))),
                _ => {}
            }
        } else if numbers == Numbers::Integers {
            return Err(self.err(JsonProblem::NotInteger(text)));
        }
        let f: f64 = text.parse().map_err(|_| self.syntax(format!("{text} is not a number")))?;
        Number::from_f64(f).map(Value::Number).ok_or_else(|| self.err(JsonProblem::TooLarge(text)))
    }

    /// The rest of a string whose opening quote is consumed.
    fn string_body(&mut self) -> Result<String> {
        let mut out: Vec<u8> = Vec::new();
        loop {
            // Copy the run of plain bytes in the buffer at once.
            if self.pos >= self.end && !self.fill()? {
                return Err(self.err(JsonProblem::EndOfFile));
            }
            let chunk = &self.buf[self.pos..self.end];
            let run = chunk.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(chunk.len());
            out.extend_from_slice(&chunk[..run]);
            self.pos += run;
            if self.pos >= self.end {
                continue;
            }
            let b = self.buf[self.pos];
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => self.escape(&mut out)?,
                _ => return Err(self.syntax(format!("the control character U+{b:04X} must be escaped inside a string"))),
            }
        }
        String::from_utf8(out).map_err(|_| self.syntax("a string is not valid UTF-8"))
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let c = match self.need_byte()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                let cp = if (0xD800..0xDC00).contains(&hi) {
                    if self.need_byte()? != b'\\' || self.need_byte()? != b'u' {
                        return Err(self.syntax("a lone surrogate escape is not a character"));
                    }
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.syntax("a lone surrogate escape is not a character"));
                    }
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else if (0xDC00..0xE000).contains(&hi) {
                    return Err(self.syntax("a lone surrogate escape is not a character"));
                } else {
                    hi
                };
                char::from_u32(cp).ok_or_else(|| self.syntax("bad \\u escape"))?
            }
            b => return Err(self.syntax(format!("\\{} is not a JSON escape", b as char))),
        };
        let mut tmp = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let b = self.need_byte()?;
            let d = (b as char).to_digit(16).ok_or_else(|| self.syntax("\\u needs four hex digits"))?;
            v = v * 16 + d;
        }
        Ok(v)
    }
}

fn shown(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("{:?}", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

/// Parses a whole document strictly (see the module documentation).
pub fn parse_strict(bytes: &[u8], numbers: Numbers) -> std::result::Result<Value, JsonError> {
    let mut r = JsonReader::new(bytes);
    let v = r.value(numbers)?;
    r.end()?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> std::result::Result<Value, JsonProblem> {
        parse_strict(s.as_bytes(), Numbers::Integers).map_err(|e| e.problem)
    }

    #[test]
    fn reads_what_serde_reads() {
        let text = r#"{"a":[1,-2,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"],"b":{"c":{}}, "d" : [ ] }"#;
        assert_eq!(p(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn refuses_duplicates_at_any_depth() {
        assert_eq!(p(r#"{"a":1,"a":2}"#), Err(JsonProblem::DuplicateName("a".into())));
        assert_eq!(p(r#"[{"x":{"y":1,"y":1}}]"#), Err(JsonProblem::DuplicateName("y".into())));
        // Same name after unescaping.
        assert_eq!(p(r#"{"a":1,"\u0061":2}"#), Err(JsonProblem::DuplicateName("a".into())));
    }

    #[test]
    fn refuses_non_integers_where_asked() {
        assert!(matches!(p("1.5"), Err(JsonProblem::NotInteger(_))));
        assert!(matches!(p("1.0"), Err(JsonProblem::NotInteger(_))));
        assert!(matches!(p("1e3"), Err(JsonProblem::NotInteger(_))));
        assert!(matches!(p("9007199254740992"), Err(JsonProblem::TooLarge(_))));
        assert_eq!(p("9007199254740991").unwrap(), Value::from(9007199254740991u64));
        assert_eq!(p("-9007199254740991").unwrap(), Value::from(-9007199254740991i64));
        assert!(parse_strict(b"1.5", Numbers::Any).is_ok());
    }

    #[test]
    fn refuses_bad_syntax() {
        for bad in [
            "",
            "{",
            "[1,]",
            "[,1]",
            "{\"a\"}",
            "{\"a\":1,}",
            "01",
            "-",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "tru",
            "1 2",
            "{\"a\":1}}",
            "\"\\udc00\"",
        ] {
            assert!(p(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn counts_lines_and_skips_a_bom() {
        let e = parse_strict(b"\xEF\xBB\xBF{\n\"a\":1,\n\"a\":2}", Numbers::Any).unwrap_err();
        assert_eq!(e.line, 3);
    }
}
