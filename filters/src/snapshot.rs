//! The byte layout of a saved [`FilterSet`](crate::FilterSet).
//!
//! ```text
//! "TWFL" | version u8 = 1 | list count u32
//! per list: name (u32 length + UTF-8) | rules u32 | ignored u32 | text (u32 length + UTF-8)
//! the rest: the adblock engine's own serialization (checksummed, versioned by that crate)
//! ```
//! All integers little-endian. The list texts travel with the compiled
//! engine because any later add or remove recompiles from them.

use crate::error::{Error, ErrorKind};
use crate::set::{List, ListInfo};

const MAGIC: &[u8; 4] = b"TWFL";
const VERSION: u8 = 1;

pub(crate) fn encode(lists: &[List], engine: &[u8]) -> Vec<u8> {
    let texts: usize = lists.iter().map(|l| l.text.len() + l.info.name.len() + 20).sum();
    let mut out = Vec::with_capacity(9 + texts + engine.len());
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    put_u32(&mut out, lists.len());
    for list in lists {
        put_str(&mut out, &list.info.name);
        put_u32(&mut out, list.info.rules as usize);
        put_u32(&mut out, list.info.ignored as usize);
        put_str(&mut out, &list.text);
    }
    out.extend_from_slice(engine);
    out
}

pub(crate) fn decode(bytes: &[u8]) -> Result<(Vec<List>, &[u8]), Error> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(4)? != MAGIC {
        return Err(corrupt("not a saved filter set"));
    }
    let version = r.take(1)?[0];
    if version != VERSION {
        return Err(corrupt(&format!("saved by format version {version}, this build reads {VERSION}")));
    }
    let count = r.u32()?;
    let mut lists = Vec::new();
    for _ in 0..count {
        let name = r.string()?;
        let rules = r.u32()?;
        let ignored = r.u32()?;
        let text = r.string()?;
        lists.push(List { info: ListInfo { name, rules, ignored }, text });
    }
    Ok((lists, &bytes[r.at..]))
}

fn corrupt(why: &str) -> Error {
    Error::new(ErrorKind::CorruptData, format!("saved filter set: {why}"))
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).expect("filter list larger than 4 GiB");
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or_else(|| corrupt("truncated"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> Result<String, Error> {
        let len = self.u32()? as usize;
        let b = self.take(len)?;
        String::from_utf8(b.to_vec()).map_err(|_| corrupt("a name or list is not UTF-8"))
    }
}
