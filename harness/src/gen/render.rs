//! Program text: lines with an indentation level.
//!
//! Invariants:
//! - Indentation is four spaces per level and every block the builder opens gets at least
//!   one statement ([`Out::close_block`] adds `pass` to an empty one), so the text always
//!   parses.
//! - [`Out::next_lineno`] is the 1-based line number the next line will have.

/// The program being written.
#[derive(Clone, Debug, Default)]
pub struct Out {
    lines: Vec<(usize, String)>,
    indent: usize,
    /// Number of lines at the opening of each open block.
    opened: Vec<usize>,
}

impl Out {
    /// Appends one line at the current indentation.
    pub fn line(&mut self, text: impl Into<String>) {
        self.lines.push((self.indent, text.into()));
    }

    /// Appends a block header (`if ...:`) and indents.
    pub fn open_block(&mut self, header: impl Into<String>) {
        self.line(header);
        self.indent += 1;
        self.opened.push(self.lines.len());
    }

    /// Dedents, adding `pass` when the block got no statement.
    pub fn close_block(&mut self) {
        let start = self.opened.pop().unwrap_or(0);
        if self.lines.len() == start {
            self.line("pass");
        }
        self.indent = self.indent.saturating_sub(1);
    }

    pub fn next_lineno(&self) -> usize {
        self.lines.len() + 1
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The program text (ends with a newline).
    pub fn render(&self) -> String {
        let len = self
            .lines
            .iter()
            .map(|(indent, text)| indent * 4 + text.len() + 1)
            .sum();
        let mut s = String::with_capacity(len);
        for (indent, text) in &self.lines {
            for _ in 0..*indent {
                s.push_str("    ");
            }
            s.push_str(text);
            s.push('\n');
        }
        s
    }
}
