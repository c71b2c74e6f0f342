//! Findings: deduplication by signature, the files of each finding, and `report.md`.
//!
//! Invariants:
//! - One directory per signature key: `<out>/<key>/{program.py, original.py, diff.txt,
//!   finding.yaml}`; `program.py` is the reduced program and `diff.txt` is the diff of its
//!   outputs (CPython first), both reproducible with `pyref-harness diff`.
//! - The first program with a new key is the one reduced; later ones only raise `count`.
//! - `finding.yaml` is rewritten at the end of a run with the final counts; `report.md`
//!   lists every finding, the outcome counts and the throughput.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::exec::Pair;
use crate::diff;

/// `finding.yaml`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FindingMeta {
    pub signature: String,
    /// `divergence` or `crash`.
    pub kind: String,
    pub channel: String,
    pub exception_cpython: String,
    pub exception_pyref: String,
    /// First differing line on each side (unmasked), or the crash description.
    pub cpython_line: String,
    pub pyref_line: String,
    /// The one-line summary used in reports and as the default xfail reason.
    pub summary: String,
    /// Where the first program came from: `seed N` or an artifact path.
    pub source: String,
    pub count: u64,
    pub deterministic: bool,
    pub exit_cpython: String,
    pub exit_pyref: String,
    pub original_lines: usize,
    pub reduced_lines: usize,
    pub reduction_tests: usize,
}

/// A finding in memory.
#[derive(Clone, Debug)]
pub struct Finding {
    pub meta: FindingMeta,
    pub dir: PathBuf,
}

/// Counts of one run.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub programs: u64,
    pub same: u64,
    pub divergent: u64,
    pub unsupported: u64,
    pub oracle_failed: u64,
    pub crashes: u64,
    pub flaky: u64,
    /// Programs settled by screening (see [`super::screen`]).
    pub screened: u64,
    /// Screened programs that differed and were run again faithfully.
    pub rechecked: u64,
    pub intended_syntax_errors: u64,
    pub unsupported_what: BTreeMap<String, u64>,
    /// Generator bugs and flaky programs: (label, description).
    pub notes: Vec<(String, String)>,
}

/// The diff text of a pair: exit statuses, then a unified diff per channel.
pub fn diff_text(p: &Pair) -> String {
    let mut s = String::new();
    let (ce, pe) = (p.cpython.exit_text(), p.pyref.exit_text());
    if ce == pe {
        let _ = writeln!(s, "exit status: {ce} on both sides");
    } else {
        let _ = writeln!(s, "exit status differs: cpython {ce}, pyref {pe}");
    }
    for (name, a, b) in [
        ("stdout", &p.cpython.stdout, &p.pyref.stdout),
        ("stderr", &p.cpython.stderr, &p.pyref.stderr),
    ] {
        if a == b {
            let _ = writeln!(s, "{name}: identical");
        } else {
            let _ = writeln!(s, "{name} differs:");
            s.push_str(&diff::unified(a, b, "cpython", "pyref", false));
        }
    }
    s
}

/// Writes a finding's files.
pub fn write_finding(
    dir: &Path,
    meta: &FindingMeta,
    program: &str,
    original: &str,
    diff: &str,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let w = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    w("program.py", program)?;
    w("original.py", original)?;
    w("diff.txt", diff)?;
    write_meta(dir, meta)
}

pub fn write_meta(dir: &Path, meta: &FindingMeta) -> Result<(), String> {
    let y = serde_norway::to_string(meta).map_err(|e| format!("finding.yaml: {e}"))?;
    let p = dir.join("finding.yaml");
    std::fs::write(&p, y).map_err(|e| format!("{}: {e}", p.display()))
}

pub fn read_meta(dir: &Path) -> Result<FindingMeta, String> {
    let p = dir.join("finding.yaml");
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    serde_norway::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
}

/// Run information for the report.
pub struct RunInfo<'a> {
    pub elapsed: Duration,
    pub jobs: usize,
    pub seed: String,
    pub cpython: &'a str,
    pub pyref: &'a str,
}

fn median(mut v: Vec<usize>) -> Option<usize> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[v.len() / 2])
}

/// `report.md`.
pub fn report(info: &RunInfo<'_>, t: &Totals, findings: &[Finding]) -> String {
    let secs = info.elapsed.as_secs_f64().max(1e-9);
    let mut s = String::new();
    let _ = writeln!(s, "# pyref differential fuzzing report\n");
    let _ = writeln!(s, "- oracle: {}", info.cpython);
    let _ = writeln!(s, "- pyref: {}", info.pyref);
    let _ = writeln!(s, "- seeds: {}", info.seed);
    let _ = writeln!(
        s,
        "- {} programs in {:.1} s with {} job(s): **{:.1} programs/s**",
        t.programs,
        secs,
        info.jobs,
        t.programs as f64 / secs
    );
    let crashes = findings.iter().filter(|f| f.meta.kind == "crash").count();
    let divs = findings.len() - crashes;
    let _ = writeln!(
        s,
        "- findings: {divs} distinct divergence(s), {crashes} distinct crash(es)\n"
    );
    let _ = writeln!(s, "| outcome | programs |\n|---|---|");
    for (k, v) in [
        ("same output", t.same),
        ("divergent (findings)", t.divergent),
        ("pyref unsupported (exit 3, not a finding)", t.unsupported),
        ("pyref crash / internal error / hang", t.crashes),
        ("nondeterministic (flaky)", t.flaky),
        ("of all: settled by in-process screening", t.screened),
        (
            "of all: screened as different, then run faithfully",
            t.rechecked,
        ),
        ("CPython did not finish (generator bug)", t.oracle_failed),
        (
            "of all: intended SyntaxError programs",
            t.intended_syntax_errors,
        ),
    ] {
        let _ = writeln!(s, "| {k} | {v} |");
    }
    if let Some(m) = median(findings.iter().map(|f| f.meta.reduced_lines).collect()) {
        let _ = writeln!(s, "\nMedian size of a reduced finding: {m} lines.");
    }
    let _ = writeln!(s, "\n## Findings\n");
    if findings.is_empty() {
        let _ = writeln!(s, "None.");
    }
    for f in findings {
        let m = &f.meta;
        let _ = writeln!(
            s,
            "### `{}` ({}, seen {} time(s))\n\n{}\n\nReduced from {} to {} lines ({} tests); \
             first from {}. Files: `{}`.\n",
            m.signature,
            m.kind,
            m.count,
            m.summary,
            m.original_lines,
            m.reduced_lines,
            m.reduction_tests,
            m.source,
            f.dir.display()
        );
        if let Ok(p) = std::fs::read_to_string(f.dir.join("program.py")) {
            if p.lines().count() <= 40 {
                let _ = writeln!(s, "```python\n{}```\n", p);
            }
        }
    }
    if !t.unsupported_what.is_empty() {
        let _ = writeln!(
            s,
            "## Unsupported (pyref exit 3)\n\n| what | programs |\n|---|---|"
        );
        for (w, n) in &t.unsupported_what {
            let _ = writeln!(s, "| {w} | {n} |");
        }
        s.push('\n');
    }
    if !t.notes.is_empty() {
        let _ = writeln!(s, "## Notes (generator bugs, flaky programs)\n");
        for (l, d) in t.notes.iter().take(50) {
            let _ = writeln!(s, "- {l}: {d}");
        }
    }
    s
}
