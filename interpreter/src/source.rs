//! Source text with a line index: byte offset -> (line, byte column).
//!
//! Invariant: lines are 1-based; columns are UTF-8 byte offsets from the line start, as
//! CPython's co_positions report them.

pub struct LineIndex {
    starts: Vec<u32>,
    /// The line of the last lookup: (0-based line, its start offset, the next line's start
    /// or `u32::MAX`). The compiler asks for positions in text order, mostly on the line it
    /// asked about last, so this is checked before searching.
    last: std::cell::Cell<(u32, u32, u32)>,
}

/// A mask whose lowest set bit is the high bit of the first byte of `w` (little-endian
/// order) equal to `c`; zero when there is none (the classic zero-byte test on
/// `w ^ c...c`: bits above the lowest may be false, the lowest is exact).
#[inline]
fn byte_mask(w: u64, c: u8) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let x = w ^ (LO * c as u64);
    x.wrapping_sub(LO) & !x & HI
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let b = text.as_bytes();
        let mut starts = Vec::with_capacity(b.len() / 32 + 2);
        starts.push(0u32);
        let mut i = 0;
        while i < b.len() {
            // Eight bytes at a time, on to the first line break among them.
            if let Some(w) = b.get(i..i + 8) {
                let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                let m = byte_mask(w, b'\n') | byte_mask(w, b'\r');
                if m == 0 {
                    i += 8;
                    continue;
                }
                i += (m.trailing_zeros() / 8) as usize;
            }
            let c = b[i];
            i += 1;
            if c > b'\r' {
                continue;
            }
            if c == b'\n' {
                starts.push(i as u32);
            } else if c == b'\r' {
                if i < b.len() && b[i] == b'\n' {
                    i += 1;
                }
                starts.push(i as u32);
            }
        }
        let next = starts.get(1).copied().unwrap_or(u32::MAX);
        LineIndex {
            starts,
            last: std::cell::Cell::new((0, 0, next)),
        }
    }
    /// The cache entry for the line holding `offset`.
    #[inline]
    fn line_of(&self, offset: u32) -> (u32, u32, u32) {
        let last = self.last.get();
        if last.1 <= offset && offset < last.2 {
            return last;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let next = self.starts.get(line + 1).copied().unwrap_or(u32::MAX);
        let e = (line as u32, start, next);
        self.last.set(e);
        e
    }
    /// (1-based line, byte column) of a byte offset.
    pub fn locate(&self, offset: u32) -> (u32, u32) {
        let (line, start, _) = self.line_of(offset);
        (line + 1, offset - start)
    }
    /// [`Self::locate`] of both ends of a range (`start <= end`): the end is searched from
    /// the start's line on, and the last-line cache keeps the start's line (the compiler's
    /// next lookup is usually near the start of the range it just asked about).
    pub fn locate_range(&self, start: u32, end: u32) -> ((u32, u32), (u32, u32)) {
        let (line, line_start, next) = self.line_of(start);
        let first = (line + 1, start - line_start);
        if end < next {
            return (first, (line + 1, end - line_start));
        }
        let l = line as usize;
        let end_l = l + self.starts[l + 1..].partition_point(|&s| s <= end);
        (first, (end_l as u32 + 1, end - self.starts[end_l]))
    }
}

/// The lines of `text` the way CPython's linecache/tokenizer see them: split at `\n`,
/// `\r\n` and `\r` (breaks not included); a last line counts only when it is not empty.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        let mut i = start;
        while i < b.len() {
            let c = b[i];
            if c == b'\n' || c == b'\r' {
                let line = &text[start..i];
                i += 1;
                if c == b'\r' && i < b.len() && b[i] == b'\n' {
                    i += 1;
                }
                start = i;
                return Some(line);
            }
            i += 1;
        }
        let last = (start < b.len()).then(|| &text[start..]);
        start = b.len();
        last
    })
}

/// Splits source into lines (see [`lines`]).
pub fn split_lines(text: &str) -> Vec<String> {
    lines(text).map(str::to_string).collect()
}

/// Line `n` (0-based) of `text` (see [`lines`]), without splitting the rest.
pub fn nth_line(text: &str, n: usize) -> Option<&str> {
    lines(text).nth(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitting rules written out per char (the reference for [`lines`]).
    fn reference_lines(text: &str) -> Vec<String> {
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

    #[test]
    fn lines_follow_the_splitting_rules() {
        let texts = [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\rc\n\nd",
            "\n\n",
            "x\r",
            "é\nü\r\n",
            "a\n\r\n",
        ];
        for t in texts {
            let lines = reference_lines(t);
            assert_eq!(split_lines(t), lines, "{t:?}");
            for n in 0..lines.len() + 2 {
                assert_eq!(
                    nth_line(t, n),
                    lines.get(n).map(|s| s.as_str()),
                    "{t:?} {n}"
                );
            }
        }
    }

    #[test]
    fn line_starts_with_word_scan() {
        // Breaks at every position within and across 8-byte words.
        for n in 0..40 {
            for brk in ["\n", "\r\n", "\r"] {
                let t = format!("{}{brk}{}{brk}x", "a".repeat(n), "é".repeat(n % 7));
                let li = LineIndex::new(&t);
                let mut want = vec![0u32];
                want.push((n + brk.len()) as u32);
                want.push((n + brk.len() + 2 * (n % 7) + brk.len()) as u32);
                assert_eq!(li.starts, want, "{t:?}");
            }
        }
        let first = |w: &[u8; 8], c: u8| match byte_mask(u64::from_le_bytes(*w), c) {
            0 => None,
            m => Some(m.trailing_zeros() / 8),
        };
        assert_eq!(first(b"abcdefgh", b'\n'), None);
        assert_eq!(first(b"abcdefg\n", b'\n'), Some(7));
        assert_eq!(first(b"\rbcd\refg", b'\r'), Some(0));
        assert_eq!(first(b"ab\x0b\n\ncd\n", b'\n'), Some(3));
        assert_eq!(first(&[0x8a; 8], b'\n'), None);
    }

    #[test]
    fn locate_range_matches_locate() {
        let t = "ab\ncd\r\nef\rg\n\nhij";
        // Line starts and a plain binary search, the index's definition.
        let starts = [0u32, 3, 7, 10, 12, 13];
        let reference = |o: u32| {
            let l = match starts.binary_search(&o) {
                Ok(i) => i,
                Err(i) => i - 1,
            };
            (l as u32 + 1, o - starts[l])
        };
        let li = LineIndex::new(t);
        for s in 0..=t.len() as u32 {
            for e in s..=t.len() as u32 {
                let (a, b) = li.locate_range(s, e);
                assert_eq!((a, b), (reference(s), reference(e)), "{s} {e}");
                assert_eq!(li.locate(e), reference(e));
            }
        }
    }
}
