//! A line- and indentation-aware reducer for Python programs.
//!
//! It repeatedly tries, from the top of the program down: deleting a statement with its
//! block (and, for the first clause of `if`/`try`/loops, the clauses that belong to it),
//! replacing a compound statement by its first body dedented, and replacing each integer
//! literal by `0` or `1`. A candidate is kept when `interesting` says so (the caller checks
//! the divergence keeps its signature). Blocks left empty get `pass`.
//!
//! Invariants:
//! - The result is always a program for which `interesting` returned true (or the input).
//! - At most `max_tests` candidates are tried and none after `deadline`.
//! - `while` counters (`wN += 1`, the generator's loop guards) are never deleted on their
//!   own, so no candidate loops forever.

use std::time::Instant;

use regex::Regex;

/// What a reduction did.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub tests: usize,
    pub from_lines: usize,
    pub to_lines: usize,
}

fn indent(l: &str) -> usize {
    (l.len() - l.trim_start().len()) / 4
}

fn is_header(l: &str) -> bool {
    let t = l.trim();
    t.ends_with(':')
        && [
            "if ", "elif ", "else", "for ", "while ", "try", "except", "finally", "def ",
        ]
        .iter()
        .any(|k| t.starts_with(k))
}

fn is_continuation(l: &str) -> bool {
    let t = l.trim_start();
    ["elif ", "else:", "except", "finally:"]
        .iter()
        .any(|k| t.starts_with(k))
}

/// End (exclusive) of the body of the header at `i`.
fn body_end(lines: &[String], i: usize) -> usize {
    let ind = indent(&lines[i]);
    let mut j = i + 1;
    while j < lines.len() && (lines[j].trim().is_empty() || indent(&lines[j]) > ind) {
        j += 1;
    }
    j
}

/// End (exclusive) of the whole statement at `i`, continuation clauses included when `i`
/// is the first clause.
fn stmt_end(lines: &[String], i: usize) -> usize {
    let mut j = body_end(lines, i);
    if !is_header(&lines[i]) || is_continuation(&lines[i]) {
        return j;
    }
    let ind = indent(&lines[i]);
    while j < lines.len() && indent(&lines[j]) == ind && is_continuation(&lines[j]) {
        j = body_end(lines, j);
    }
    j
}

/// Adds `pass` to headers whose body became empty.
fn fixup(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        out.push(l.clone());
        if is_header(l) {
            let next_ok = lines.get(i + 1).is_some_and(|n| indent(n) > indent(l));
            if !next_ok {
                out.push(format!("{}pass", "    ".repeat(indent(l) + 1)));
            }
        }
    }
    out
}

fn join(lines: &[String]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

fn protected(l: &str) -> bool {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s*w[0-9]+ \+= 1$").expect("regex"))
        .is_match(l)
}

/// Candidates derived from line `i`, largest change first.
fn candidates(lines: &[String], i: usize) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let l = &lines[i];
    if protected(l) {
        return out;
    }
    // Delete the statement (with its block and clauses).
    let end = stmt_end(lines, i);
    let mut del: Vec<String> = lines[..i].to_vec();
    del.extend_from_slice(&lines[end..]);
    out.push(fixup(del));
    // Replace a compound statement by its first body, dedented.
    if is_header(l) && !l.trim_start().starts_with("def ") {
        let bend = body_end(lines, i);
        let mut un: Vec<String> = lines[..i].to_vec();
        for b in &lines[i + 1..bend] {
            un.push(b.strip_prefix("    ").unwrap_or(b).to_string());
        }
        un.extend_from_slice(&lines[end..]);
        out.push(fixup(un));
    }
    // Shrink integer literals.
    static NUM: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let num = NUM.get_or_init(|| Regex::new(r"\b([2-9]|[1-9][0-9]+)\b").expect("regex"));
    if !l.trim_start().starts_with("sys.setrecursionlimit") {
        for m in num.find_iter(l) {
            let before = &l[..m.start()];
            // Not inside a name (a0) and not a string literal's content.
            if before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '\'') {
                continue;
            }
            for rep in ["1", "0"] {
                let mut c = lines.to_vec();
                c[i] = format!("{}{rep}{}", &l[..m.start()], &l[m.end()..]);
                out.push(c);
            }
        }
    }
    out
}

/// Reduces `src` while `interesting` holds.
pub fn reduce(
    src: &str,
    max_tests: usize,
    deadline: Instant,
    mut interesting: impl FnMut(&str) -> bool,
) -> (String, Stats) {
    let mut lines: Vec<String> = src.lines().map(|l| l.to_string()).collect();
    let mut stats = Stats {
        from_lines: lines.len(),
        ..Stats::default()
    };
    let mut progress = true;
    while progress {
        progress = false;
        let mut i = 0;
        while i < lines.len() {
            let mut changed = false;
            for cand in candidates(&lines, i) {
                if stats.tests >= max_tests || Instant::now() >= deadline {
                    stats.to_lines = lines.len();
                    return (join(&lines), stats);
                }
                if cand == lines {
                    continue;
                }
                stats.tests += 1;
                if interesting(&join(&cand)) {
                    lines = cand;
                    changed = true;
                    progress = true;
                    break;
                }
            }
            if !changed {
                i += 1;
            }
        }
    }
    stats.to_lines = lines.len();
    (join(&lines), stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn deletes_blocks_and_keeps_interesting() {
        let src = "a = 1\nif a:\n    b = 2\n    print(b)\nelse:\n    c = 3\nprint('X', a)\n";
        let (out, st) = reduce(src, 1000, Instant::now() + Duration::from_secs(5), |s| {
            s.contains("print('X'")
        });
        assert_eq!(out, "print('X', a)\n", "{st:?}");
    }

    #[test]
    fn empty_blocks_get_pass_and_loop_guards_stay() {
        let src = "w1 = 0\nwhile w1 < 3:\n    w1 += 1\n    print(w1)\n";
        let (out, _) = reduce(src, 1000, Instant::now() + Duration::from_secs(5), |s| {
            s.contains("while")
        });
        assert!(out.contains("w1 += 1"), "{out}");
        let f = fixup(vec!["if x:".into(), "y = 1".into()]);
        assert_eq!(f, vec!["if x:", "    pass", "y = 1"]);
    }
}
