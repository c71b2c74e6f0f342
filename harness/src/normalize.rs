//! Output normalization.
//!
//! Invariants:
//! - The *fixed* normalization ([`fixed`]) is applied to every live output of both sides
//!   before anything else, and recordings are stored after it: the absolute corpus root
//!   becomes [`CORPUS_PLACEHOLDER`] and memory addresses `0x[0-9a-f]+` become `0x...`.
//!   It is idempotent, so applying it to a recording again changes nothing.
//! - Nothing else is normalized unless a case's sidecar lists rules ([`Rule`]); those are
//!   applied to both sides (and to the recording) at comparison time, never stored.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::process::Channel;

/// Stands for the absolute path of the corpus root in recordings.
pub const CORPUS_PLACEHOLDER: &str = "<CORPUS>";

fn address_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"0x[0-9a-f]+").expect("valid regex"))
}

/// Replaces each of `roots` (longest first) by `<CORPUS>` and masks memory addresses.
pub fn fixed(text: &str, roots: &[String]) -> String {
    let mut roots: Vec<&String> = roots.iter().filter(|r| r.len() > 1).collect();
    roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
    let mut out = text.to_string();
    for r in roots {
        if out.contains(r.as_str()) {
            out = out.replace(r.as_str(), CORPUS_PLACEHOLDER);
        }
    }
    address_re().replace_all(&out, "0x...").into_owned()
}

/// Which channels a rule applies to.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    #[default]
    Both,
    Stdout,
    Stderr,
}

/// Named filters a case may ask for.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Filter {
    /// Drop lines made only of `^`/`~` markers (3.11 traceback position carets).
    DropCaretLines,
    /// Remove trailing spaces and tabs at the end of every line.
    StripTrailingWhitespace,
    /// Sort lines (for output whose order is legitimately unspecified).
    SortLines,
    /// Drop traceback entries of standard-library files (CPython's pure-Python asyncio,
    /// pyref's own asyncio): each `File "<path>", line N, in f` line whose path is a stdlib
    /// path ([`is_stdlib_path`]) together with the more-indented source/caret lines under it.
    ElideStdlibFrames,
}

/// A standard-library file as tracebacks name it: a path with a `lib/python3.11/`
/// component (CPython's `<prefix>/lib/python3.11/...`, pyref's
/// `<pyref>/lib/python3.11/...`) outside the corpus and outside `site-packages`.
pub fn is_stdlib_path(path: &str) -> bool {
    path.contains("/lib/python3.11/")
        && !path.starts_with(CORPUS_PLACEHOLDER)
        && !path.contains("/site-packages/")
}

fn frame_line_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"^( *)File "([^"]*)", line \d+, in .*$"#).expect("valid regex"))
}

/// [`Filter::ElideStdlibFrames`] on one channel's text.
fn elide_stdlib_frames(lines: Vec<&str>) -> String {
    let mut out = String::new();
    // While Some(n): dropping the lines indented deeper than n under an elided entry.
    let mut skipping: Option<usize> = None;
    for l in lines {
        let body = l.strip_suffix('\n').unwrap_or(l);
        if let Some(n) = skipping {
            let indent = body.len() - body.trim_start_matches(' ').len();
            if indent > n && !body.trim().is_empty() {
                continue;
            }
            skipping = None;
        }
        if let Some(c) = frame_line_re().captures(body) {
            if is_stdlib_path(&c[2]) {
                skipping = Some(c[1].len());
                continue;
            }
        }
        out.push_str(l);
    }
    out
}

/// One `normalize:` entry of a sidecar: either `{regex, replace}` or `{filter}`,
/// optionally restricted by `channel`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub regex: Option<String>,
    pub replace: Option<String>,
    pub filter: Option<Filter>,
    #[serde(default)]
    pub channel: Target,
}

/// A validated, compiled rule.
#[derive(Clone, Debug)]
pub enum Rule {
    Regex {
        re: Regex,
        replace: String,
        target: Target,
    },
    Filter {
        filter: Filter,
        target: Target,
    },
}

impl RuleSpec {
    /// Validates and compiles; the error names the offending field.
    pub fn compile(&self) -> Result<Rule, String> {
        match (&self.regex, &self.filter) {
            (Some(_), Some(_)) => Err("give either `regex` or `filter`, not both".into()),
            (None, None) => Err("each entry needs `regex` (with `replace`) or `filter`".into()),
            (Some(pat), None) => {
                let re = Regex::new(pat).map_err(|e| format!("field `regex`: {e}"))?;
                Ok(Rule::Regex {
                    re,
                    replace: self.replace.clone().unwrap_or_default(),
                    target: self.channel,
                })
            }
            (None, Some(f)) => {
                if self.replace.is_some() {
                    return Err("field `replace` only goes with `regex`".into());
                }
                Ok(Rule::Filter {
                    filter: *f,
                    target: self.channel,
                })
            }
        }
    }
}

fn applies(target: Target, channel: Channel) -> bool {
    matches!(
        (target, channel),
        (Target::Both, _) | (Target::Stdout, Channel::Stdout) | (Target::Stderr, Channel::Stderr)
    )
}

/// Applies a case's rules, in order, to one channel's text.
pub fn apply_rules(text: &str, channel: Channel, rules: &[Rule]) -> String {
    let mut out = text.to_string();
    for rule in rules {
        match rule {
            Rule::Regex {
                re,
                replace,
                target,
            } if applies(*target, channel) => {
                out = re.replace_all(&out, replace.as_str()).into_owned();
            }
            Rule::Filter { filter, target } if applies(*target, channel) => {
                out = apply_filter(&out, *filter);
            }
            _ => {}
        }
    }
    out
}

fn apply_filter(text: &str, filter: Filter) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match filter {
        Filter::DropCaretLines => lines
            .into_iter()
            .filter(|l| {
                let t = l.trim();
                t.is_empty() || !t.chars().all(|c| c == '^' || c == '~')
            })
            .collect(),
        Filter::StripTrailingWhitespace => lines
            .into_iter()
            .map(|l| {
                let (body, nl) = match l.strip_suffix('\n') {
                    Some(b) => (b, "\n"),
                    None => (l, ""),
                };
                format!("{}{}", body.trim_end_matches([' ', '\t']), nl)
            })
            .collect(),
        Filter::ElideStdlibFrames => elide_stdlib_frames(lines),
        Filter::SortLines => {
            let mut owned: Vec<String> = lines
                .into_iter()
                .map(|l| l.strip_suffix('\n').unwrap_or(l).to_string())
                .collect();
            let had_final = text.ends_with('\n');
            owned.sort();
            let mut s = owned.join("\n");
            if had_final {
                s.push('\n');
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_masks_and_replaces() {
        let roots = vec!["/a/corpus".to_string()];
        let t = "File \"/a/corpus/x/y.py\" <f at 0x7f00ab12>";
        assert_eq!(fixed(t, &roots), "File \"<CORPUS>/x/y.py\" <f at 0x...>");
        assert_eq!(fixed(&fixed(t, &roots), &roots), fixed(t, &roots));
    }

    #[test]
    fn filters() {
        let t = "a \n  ^^^\n  ~~^^\nb\t\n";
        assert_eq!(apply_filter(t, Filter::DropCaretLines), "a \nb\t\n");
        assert_eq!(
            apply_filter(t, Filter::StripTrailingWhitespace),
            "a\n  ^^^\n  ~~^^\nb\n"
        );
        assert_eq!(apply_filter("b\na\n", Filter::SortLines), "a\nb\n");
    }

    #[test]
    fn elide_stdlib_frames_drops_only_stdlib_entries() {
        let cpython = "Traceback (most recent call last):\n  File \"<CORPUS>/a/b.py\", line 9, in <module>\n    asyncio.run(main())\n  File \"/usr/lib/python3.11/asyncio/runners.py\", line 190, in run\n    return runner.run(main)\n           ^^^^^^^^^^^^^^^^\n  File \"<CORPUS>/a/b.py\", line 5, in main\n    raise ValueError\nValueError\n";
        let pyref = "Traceback (most recent call last):\n  File \"<CORPUS>/a/b.py\", line 9, in <module>\n    asyncio.run(main())\n  File \"<pyref>/lib/python3.11/asyncio/__init__.py\", line 3, in run\n  File \"<pyref>/lib/python3.11/asyncio/__init__.py\", line 7, in _step\n    x = 1\n  File \"<CORPUS>/a/b.py\", line 5, in main\n    raise ValueError\nValueError\n";
        let want = "Traceback (most recent call last):\n  File \"<CORPUS>/a/b.py\", line 9, in <module>\n    asyncio.run(main())\n  File \"<CORPUS>/a/b.py\", line 5, in main\n    raise ValueError\nValueError\n";
        assert_eq!(apply_filter(cpython, Filter::ElideStdlibFrames), want);
        assert_eq!(apply_filter(pyref, Filter::ElideStdlibFrames), want);
        // A corpus file whose path happens to contain lib/python3.11 is kept, and so is text
        // that only looks like an entry inside a message.
        let keep = "  File \"<CORPUS>/lib/python3.11/x.py\", line 1, in f\n    y\nmsg: File \"/usr/lib/python3.11/z.py\", line 2, in g\n";
        assert_eq!(apply_filter(keep, Filter::ElideStdlibFrames), keep);
    }
}
