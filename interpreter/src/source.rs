//! Source text with a line index: byte offset -> (line, byte column).
//!
//! Invariant: lines are 1-based; columns are UTF-8 byte offsets from the line start, as
//! CPython's co_positions report them.

pub struct LineIndex {
    starts: Vec<u32>,
    /// The line (0-based) of the last lookup: the compiler asks for positions in text
    /// order, mostly on the line it asked about last, so this is checked before searching.
    last: std::cell::Cell<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0u32];
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' => {
                    if i + 1 < b.len() && b[i + 1] == b'\n' {
                        i += 1;
                    }
                    starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            last: std::cell::Cell::new(0),
        }
    }
    /// (1-based line, byte column) of a byte offset.
    pub fn locate(&self, offset: u32) -> (u32, u32) {
        let l = self.last.get();
        let on_last =
            self.starts[l] <= offset && self.starts.get(l + 1).is_none_or(|&n| offset < n);
        let line = if on_last {
            l
        } else {
            match self.starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        self.last.set(line);
        (line as u32 + 1, offset - self.starts[line])
    }
}

/// Splits source into lines the way CPython's linecache/tokenizer see them.
pub fn split_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push(std::mem::take(&mut cur)),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(std::mem::take(&mut cur));
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
