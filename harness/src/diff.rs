//! Unified diffs of one output channel, labelled by side.
//!
//! Invariants:
//! - [`unified`] returns an empty string exactly when the two texts are equal.
//! - Colour (ANSI) is added only when asked; the plain text is otherwise identical.
//! - A difference that is invisible in a diff (trailing white space, a missing final
//!   newline) is called out in words.

use similar::TextDiff;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// A unified diff from `old` (labelled `old_label`) to `new`.
pub fn unified(old: &str, new: &str, old_label: &str, new_label: &str, color: bool) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut text = diff
        .unified_diff()
        .context_radius(3)
        .header(old_label, new_label)
        .to_string();
    if text.is_empty() {
        // Equal line sequences but different text (cannot normally happen); be explicit.
        text = format!("--- {old_label}\n+++ {new_label}\n(texts differ in line endings)\n");
    }
    let norm = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| l.trim_end_matches([' ', '\t', '\r']).to_string())
            .collect()
    };
    if norm(old) == norm(new) {
        text.push_str("(the texts differ only in trailing white space or final newlines)\n");
    }
    if !color {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let style = if line.starts_with("---") || line.starts_with("+++") {
            BOLD
        } else if line.starts_with("@@") {
            CYAN
        } else if line.starts_with('-') {
            RED
        } else if line.starts_with('+') {
            GREEN
        } else if line.starts_with('\\') || line.starts_with('(') {
            DIM
        } else {
            ""
        };
        if style.is_empty() {
            out.push_str(line);
        } else {
            let body = line.strip_suffix('\n').unwrap_or(line);
            out.push_str(style);
            out.push_str(body);
            out.push_str(RESET);
            if line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}

/// Whether to colour output written to stdout: a terminal and no `NO_COLOR`.
pub fn color_for_stdout() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_labels_and_lines() {
        let d = unified("a\nb\nc\n", "a\nB\nc\n", "cpython", "pyref", false);
        assert!(d.starts_with("--- cpython\n+++ pyref\n"), "{d}");
        assert!(d.contains("\n-b\n+B\n"), "{d}");
        assert_eq!(unified("x", "x", "a", "b", false), "");
        let c = unified("a\n", "b\n", "cpython", "pyref", true);
        assert!(c.contains("\x1b[31m-a\x1b[0m"), "{c}");
    }

    #[test]
    fn whitespace_only_is_called_out() {
        let d = unified("a\n", "a \n", "cpython", "pyref", false);
        assert!(d.contains("trailing white space"), "{d}");
        let d = unified("a\n", "a", "cpython", "pyref", false);
        assert!(d.contains("No newline"), "{d}");
    }
}
