//! Writing the `cpython:` section of a sidecar, readable by humans and exact.
//!
//! Invariants:
//! - [`render_recording`] emits multi-line text as literal block scalars (`|`, `|-`, `|+`,
//!   with an indentation indicator when the first line starts with a space) when that is
//!   exact, and otherwise as a double-quoted scalar broken after each `\n` escape.
//!   Every string parses back to exactly the same text (tested on random strings).
//! - [`splice_recording`] replaces only the top-level `cpython:` block (or appends one);
//!   every other byte of the file, comments included, is kept.
//! - [`write_recording`] re-parses the result and refuses to write unless the metadata is
//!   unchanged and the recording reads back equal.

use std::fmt::Write as _;
use std::path::Path;

use crate::case::{parse_sidecar, Recording};

const INDENT: &str = "    ";

/// The `cpython:` block (ending with a newline).
pub fn render_recording(rec: &Recording) -> String {
    let mut out = String::from("cpython:\n");
    let version = if is_plain_version(&rec.version) {
        rec.version.clone()
    } else {
        quoted(&rec.version, INDENT)
    };
    let _ = writeln!(out, "  version: {version}");
    let _ = writeln!(out, "  exit_status: {}", rec.exit_status);
    let _ = writeln!(out, "  stdout: {}", render_str(&rec.stdout));
    let _ = writeln!(out, "  stderr: {}", render_str(&rec.stderr));
    out
}

fn is_plain_version(v: &str) -> bool {
    let mut parts = v.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    first_ok
        && v.matches('.').count() >= 2
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'+')
}

/// Renders a string value for a key at indentation 2 (content at indentation 4).
/// The result has no final newline.
fn render_str(s: &str) -> String {
    match block_literal(s) {
        Some(b) => b,
        None => quoted(s, INDENT),
    }
}

fn is_yaml_printable(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn block_literal(s: &str) -> Option<String> {
    if !s.contains('\n') {
        return None;
    }
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    if body.is_empty() {
        return None;
    }
    for c in s.chars() {
        // Tabs, CR and the YAML 1.1 line breaks (NEL, LS, PS) and BOM are not safe here.
        if c != '\n'
            && (c == '\t' || !is_yaml_printable(c) || (c as u32) > 0x7E && (c as u32) < 0xA0)
        {
            return None;
        }
        if matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') {
            return None;
        }
    }
    for line in body.split('\n') {
        // Trailing spaces and whitespace-only lines do not survive editors (and need care).
        if line.ends_with(' ') {
            return None;
        }
    }
    // Auto-detected indentation comes from the first non-empty line: be explicit when
    // that line starts with a space.
    let first = body.split('\n').find(|l| !l.is_empty()).unwrap_or("");
    let indicator = if first.starts_with(' ') { "2" } else { "" };
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let mut out = format!("|{indicator}{chomp}");
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(INDENT);
            out.push_str(line);
        }
    }
    // Keep-chomping: the extra final newlines are empty lines.
    for _ in 1..trailing {
        out.push('\n');
    }
    Some(out)
}

/// A double-quoted scalar; after each escaped `\n` (unless last) the line is broken with
/// an escaped line break and continued at `indent`.
fn quoted(s: &str, indent: &str) -> String {
    let mut out = String::from("\"");
    let mut at_line_start = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if at_line_start && c == ' ' {
            // Leading white space of a continuation line would be folded away.
            out.push_str("\\x20");
            at_line_start = false;
            continue;
        }
        at_line_start = false;
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => {
                out.push_str("\\n");
                if chars.peek().is_some() {
                    out.push_str("\\\n");
                    out.push_str(indent);
                    at_line_start = true;
                }
            }
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{FEFF}' => out.push_str("\\uFEFF"),
            c if (c as u32) < 0x20 || c as u32 == 0x7F => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if !is_yaml_printable(c) || ((c as u32) > 0x7E && (c as u32) < 0xA0) => {
                if (c as u32) <= 0xFFFF {
                    let _ = write!(out, "\\u{:04X}", c as u32);
                } else {
                    let _ = write!(out, "\\U{:08X}", c as u32);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` with its top-level `cpython:` block replaced by `rec` (appended if absent).
pub fn splice_recording(text: &str, rec: &Recording) -> String {
    let rendered = render_recording(rec);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| {
        l.strip_prefix("cpython")
            .is_some_and(|r| r.trim_start().starts_with(':'))
    });
    match start {
        None => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&rendered);
            out
        }
        Some(start) => {
            let mut end = start + 1;
            while end < lines.len() {
                let l = lines[end];
                let first = l.chars().next();
                let continues = matches!(first, None | Some(' ' | '\t' | '\n' | '\r'));
                if !continues {
                    break;
                }
                end += 1;
            }
            // Leave trailing blank lines that separate the block from what follows.
            while end > start + 1 && lines[end - 1].trim().is_empty() && end < lines.len() {
                end -= 1;
            }
            let mut out: String = lines[..start].concat();
            out.push_str(&rendered);
            out.push_str(&lines[end..].concat());
            out
        }
    }
}

/// Writes `rec` into the sidecar at `path`, verifying the result first.
pub fn write_recording(path: &Path, rec: &Recording) -> Result<(), String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let before = parse_sidecar(&text, &shown)?;
    let new_text = splice_recording(&text, rec);
    let after = parse_sidecar(&new_text, &shown).map_err(|e| {
        format!("internal error: the rewritten sidecar does not parse, not written: {e}")
    })?;
    let mut meta_before = before.sidecar.clone();
    meta_before.cpython = None;
    let mut meta_after = after.sidecar.clone();
    meta_after.cpython = None;
    if meta_before != meta_after || after.sidecar.cpython.as_ref() != Some(rec) {
        return Err(format!(
            "{shown}: internal error: the rewritten sidecar does not read back exactly, not written"
        ));
    }
    if new_text != text {
        std::fs::write(path, new_text).map_err(|e| format!("{shown}: cannot write: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(s: &str) {
        let rec = Recording {
            version: "3.11.7".into(),
            exit_status: 1,
            stdout: s.to_string(),
            stderr: format!("x{s}"),
        };
        let text = splice_recording("description: d\nstatus: pass\n", &rec);
        let back = parse_sidecar(&text, "t.yaml")
            .unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
            .sidecar
            .cpython
            .unwrap();
        assert_eq!(back, rec, "\n---\n{text}");
    }

    #[test]
    fn roundtrips_edge_cases() {
        for s in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\n\n",
            "a\n\n\n",
            "a ",
            "a \nb\n",
            "  lead\nx\n",
            "\n  lead\n",
            "tab\there\n",
            "\ttab first\n",
            "trailing tab\t\n",
            "  \n",
            " \n \n",
            "no final newline\nsecond",
            "quote \" and backslash \\ and # hash: colon - dash\n",
            "crlf\r\nline\r\n",
            "uni é ü 漢字 😀\n",
            "ls\u{2028}ps\u{2029}nel\u{85}bom\u{feff}\n",
            "ctrl \u{1}\u{7f}\u{9b}\n",
            "--- \n...\n",
            "- item\n? key\n: value\n",
            "|\n>\n",
            "    indented four\n",
        ] {
            roundtrip(s);
        }
    }

    #[test]
    fn roundtrips_random_strings() {
        let alphabet: Vec<char> = " \t\n\r\"\\#:-|>'a0é\u{2028}\u{85}\u{feff}\u{0}"
            .chars()
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..6000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            let mut s = String::new();
            let mut x = state;
            for _ in 0..len {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[((x >> 33) as usize) % alphabet.len()]);
            }
            roundtrip(&s);
        }
    }

    #[test]
    fn readable_block_output() {
        let rec = Recording {
            version: "3.11.7".into(),
            exit_status: 0,
            stdout: "hello\nworld\n".into(),
            stderr: String::new(),
        };
        assert_eq!(
            render_recording(&rec),
            "cpython:\n  version: 3.11.7\n  exit_status: 0\n  stdout: |\n    hello\n    world\n  stderr: \"\"\n"
        );
    }

    #[test]
    fn splice_keeps_metadata_and_comments() {
        let rec = Recording {
            version: "3.11.7".into(),
            exit_status: 0,
            stdout: "new\n".into(),
            stderr: String::new(),
        };
        let old = "# comment\ndescription: d\nstatus: pass\ncpython:\n  version: 3.11.1\n  exit_status: 0\n  stdout: |\n    old\n\n    more\n  stderr: \"\"\n\n# trailing comment\nfeatures: [a]\n";
        let new = splice_recording(old, &rec);
        assert!(new.starts_with("# comment\ndescription: d\nstatus: pass\ncpython:\n"));
        assert!(
            new.ends_with("  stderr: \"\"\n\n# trailing comment\nfeatures: [a]\n"),
            "{new}"
        );
        assert!(!new.contains("old"));
    }
}
