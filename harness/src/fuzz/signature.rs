//! Signatures of divergences, for deduplication.
//!
//! A signature is (channel, CPython's exception type, pyref's exception type, the first
//! differing line pair with names and numbers masked). Two programs with the same signature
//! are taken to show the same bug; the reducer keeps a program only while its signature
//! stays the same.
//!
//! Invariants:
//! - When the two sides end with different exception types the channel is `exception` and
//!   the lines are the last stderr lines (what went wrong, not where output stopped);
//!   otherwise the channel is the first that differs in the order stdout, stderr, exit.
//! - Masking: every identifier that contains a digit becomes `ID` (the generator numbers its
//!   names), then every digit run becomes `N`, runs of `^`/`~` become one `^` and runs of
//!   spaces one space; so renumbered names, line numbers, values and caret widths do not
//!   split one bug into many signatures; `a.<locals>.b.<locals>.c` chains become `QUALNAME`.
//! - When exactly one side fails to compile (SyntaxError), what the other side did at run
//!   time is irrelevant: its exception type and line become `*`.
//! - [`Signature::key`] is a file-name-safe string: `<channel>_<exc cpython>_<exc pyref>_<hash>`.

use std::sync::OnceLock;

use regex::Regex;

use super::exec::Pair;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub channel: &'static str,
    /// Exception type of CPython's traceback (`-` when none).
    pub exc_cpython: String,
    pub exc_pyref: String,
    /// First differing lines, masked: (cpython, pyref).
    pub masked: (String, String),
    /// The same lines unmasked.
    pub lines: (String, String),
}

/// Exception type named on the last line of a traceback, or `-`.
pub fn exception_type(stderr: &str) -> String {
    let Some(last) = stderr.lines().rev().find(|l| !l.trim().is_empty()) else {
        return "-".into();
    };
    let head = last.split(':').next().unwrap_or("").trim();
    let ok = !head.is_empty()
        && head.len() <= 40
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if ok {
        head.rsplit('.').next().unwrap_or(head).to_string()
    } else {
        "other".into()
    }
}

/// Masks names with digits and numbers (see the module invariants).
pub fn mask(line: &str) -> String {
    static IDENT: OnceLock<Regex> = OnceLock::new();
    static NUM: OnceLock<Regex> = OnceLock::new();
    static CARETS: OnceLock<Regex> = OnceLock::new();
    static SPACES: OnceLock<Regex> = OnceLock::new();
    let carets = CARETS.get_or_init(|| Regex::new(r"[\^~]+").expect("regex"));
    let spaces = SPACES.get_or_init(|| Regex::new(r" +").expect("regex"));
    static QUAL: OnceLock<Regex> = OnceLock::new();
    let qual = QUAL.get_or_init(|| {
        Regex::new(r"(?:[A-Za-z_0-9<>]+\.<locals>\.)+[A-Za-z_0-9<>]+").expect("regex")
    });
    let line = qual.replace_all(line, "QUALNAME");
    let ident = IDENT
        .get_or_init(|| Regex::new(r"\b[A-Za-z_][A-Za-z_]*[0-9][A-Za-z0-9_]*\b").expect("regex"));
    let num = NUM.get_or_init(|| Regex::new(r"[0-9]+").expect("regex"));
    let s = ident.replace_all(&line, "ID");
    let s = num.replace_all(&s, "N");
    let s = carets.replace_all(&s, "^");
    spaces.replace_all(&s, " ").into_owned()
}

fn last_line(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("<none>")
        .to_string()
}

fn first_diff(a: &str, b: &str) -> (String, String) {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    for i in 0..la.len().max(lb.len()) {
        let (x, y) = (la.get(i).copied(), lb.get(i).copied());
        if x != y {
            let show = |l: Option<&str>| l.map_or("<end>".to_string(), |s| s.to_string());
            return (show(x), show(y));
        }
    }
    ("<same lines>".into(), "<different line ends>".into())
}

impl Signature {
    /// The signature of a divergent pair.
    pub fn of(p: &Pair) -> Signature {
        let (c, y) = (&p.cpython, &p.pyref);
        let (exc_cpython, exc_pyref) = (exception_type(&c.stderr), exception_type(&y.stderr));
        let (channel, lines) = if exc_cpython != exc_pyref {
            ("exception", (last_line(&c.stderr), last_line(&y.stderr)))
        } else if c.stdout != y.stdout {
            ("stdout", first_diff(&c.stdout, &y.stdout))
        } else if c.stderr != y.stderr {
            ("stderr", first_diff(&c.stderr, &y.stderr))
        } else {
            ("exit", (c.exit_text(), y.exit_text()))
        };
        let mut masked = (mask(&lines.0), mask(&lines.1));
        let (mut exc_cpython, mut exc_pyref) = (exc_cpython, exc_pyref);
        if exc_cpython == "SyntaxError" && exc_pyref != "SyntaxError" {
            exc_pyref = "*".into();
            masked.1 = "*".into();
        } else if exc_pyref == "SyntaxError" && exc_cpython != "SyntaxError" {
            exc_cpython = "*".into();
            masked.0 = "*".into();
        }
        Signature {
            channel,
            exc_cpython,
            exc_pyref,
            masked,
            lines,
        }
    }

    /// A short, stable, file-name-safe key.
    pub fn key(&self) -> String {
        let text = format!("{}\n{}", self.masked.0, self.masked.1);
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let clean = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .take(30)
                .collect()
        };
        format!(
            "{}_{}_{}_{:08x}",
            self.channel,
            clean(&self.exc_cpython),
            clean(&self.exc_pyref),
            h as u32
        )
    }

    /// Same bug: equal key fields (the unmasked lines may differ).
    pub fn same_as(&self, other: &Signature) -> bool {
        self.channel == other.channel
            && self.exc_cpython == other.exc_cpython
            && self.exc_pyref == other.exc_pyref
            && self.masked == other.masked
    }

    /// One line for reports: `stdout: cpython `...` | pyref `...``.
    pub fn summary(&self) -> String {
        format!(
            "{}: cpython `{}` | pyref `{}`",
            self.channel,
            truncate(&self.lines.0, 100),
            truncate(&self.lines.1, 100)
        )
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push_str("...");
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_names_and_numbers() {
        assert_eq!(mask("f12() takes 2 positional"), "ID() takes N positional");
        assert_eq!(
            mask("  File \"<CORPUS>/prog.py\", line 30, in g7"),
            " File \"<CORPUS>/prog.py\", line N, in ID"
        );
        assert_eq!(mask("      ~~^^~~"), " ^");
        assert_eq!(
            mask("closure of f2.<locals>.od4.<locals>.<listcomp> has no cell for g1"),
            "closure of QUALNAME has no cell for ID"
        );
    }

    #[test]
    fn exception_type_from_last_line() {
        assert_eq!(
            exception_type("Traceback...\nNameError: name 'x' is not defined\n"),
            "NameError"
        );
        assert_eq!(exception_type(""), "-");
    }
}
