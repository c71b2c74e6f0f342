//! Summaries of a run: the per-area table, JSON and JUnit XML reports.
//!
//! Invariants:
//! - Columns pass, fail, xfail and unsupported are disjoint and add up to `cases`
//!   (see [`crate::compare::Verdict`]); conformance % is the share of cases whose pyref
//!   output equals CPython's on all channels.
//! - Reports are built from [`CaseResult`]s only; they never run anything.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use crate::compare::{CaseResult, Verdict};

/// Counts for one area (or the total).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub cases: usize,
    pub pass: usize,
    pub fail: usize,
    pub xfail: usize,
    pub unsupported: usize,
    /// Cases whose pyref output equals CPython's.
    pub conforming: usize,
    /// Failing trials (includes unsupported cases not marked xfail).
    pub failed_trials: usize,
}

impl Counts {
    fn add(&mut self, r: &CaseResult) {
        self.cases += 1;
        match r.verdict {
            Verdict::Pass => self.pass += 1,
            Verdict::Fail => self.fail += 1,
            Verdict::Xfail => self.xfail += 1,
            Verdict::Unsupported => self.unsupported += 1,
        }
        if r.conforms {
            self.conforming += 1;
        }
        if !r.trial_ok {
            self.failed_trials += 1;
        }
    }

    /// Conformance in percent (0 when there are no cases).
    pub fn conformance(&self) -> f64 {
        if self.cases == 0 {
            0.0
        } else {
            100.0 * self.conforming as f64 / self.cases as f64
        }
    }
}

/// Per-area counts (sorted by area) and the total.
pub fn tally(results: &[CaseResult]) -> (BTreeMap<String, Counts>, Counts) {
    let mut areas: BTreeMap<String, Counts> = BTreeMap::new();
    let mut total = Counts::default();
    for r in results {
        let area = if r.area.is_empty() { "(root)" } else { &r.area };
        areas.entry(area.to_string()).or_default().add(r);
        total.add(r);
    }
    (areas, total)
}

/// The per-area table as text.
pub fn table(results: &[CaseResult]) -> String {
    let (areas, total) = tally(results);
    let width = areas
        .keys()
        .map(|a| a.chars().count())
        .max()
        .unwrap_or(4)
        .max(5);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:>5}  {:>5}  {:>5}  {:>5}  {:>11}  {:>11}",
        "area", "cases", "pass", "fail", "xfail", "unsupported", "conformance"
    );
    let row = |out: &mut String, name: &str, c: &Counts| {
        let _ = writeln!(
            out,
            "{:<width$}  {:>5}  {:>5}  {:>5}  {:>5}  {:>11}  {:>10.1}%",
            name,
            c.cases,
            c.pass,
            c.fail,
            c.xfail,
            c.unsupported,
            c.conformance()
        );
    };
    for (a, c) in &areas {
        row(&mut out, a, c);
    }
    let _ = writeln!(out, "{}", "-".repeat(width + 52));
    row(&mut out, "total", &total);
    out
}

/// Time spent, for the closing summary.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Timing {
    pub wall_secs: f64,
    pub pyref_secs: f64,
    pub cpython_secs: f64,
}

impl Timing {
    /// Sums the per-side times of `results`; `wall` is the whole run.
    pub fn of(results: &[CaseResult], wall: Duration) -> Timing {
        let sum = |f: fn(&CaseResult) -> Option<Duration>| {
            0.0 + results
                .iter()
                .filter_map(f)
                .map(|d| d.as_secs_f64())
                .sum::<f64>()
        };
        Timing {
            wall_secs: wall.as_secs_f64(),
            pyref_secs: sum(|r| r.pyref_time),
            cpython_secs: sum(|r| r.cpython_time),
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "wall time {:.2} s; process time summed over cases: pyref {:.2} s, CPython {:.2} s",
            self.wall_secs, self.pyref_secs, self.cpython_secs
        )
    }
}

#[derive(Serialize)]
struct JsonCase<'a> {
    name: &'a str,
    area: &'a str,
    program: String,
    status: Option<crate::case::Status>,
    verdict: Verdict,
    ok: bool,
    conforms: bool,
    message: String,
    pyref_secs: Option<f64>,
    cpython_secs: Option<f64>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    oracle: &'a str,
    pyref: &'a str,
    totals: Counts,
    areas: BTreeMap<String, Counts>,
    timing: Timing,
    cases: Vec<JsonCase<'a>>,
}

/// Context shown in reports.
pub struct RunInfo<'a> {
    /// e.g. "CPython 3.11.7 (live)" or "recordings (no live CPython)".
    pub oracle: &'a str,
    pub pyref: &'a str,
    pub timing: Timing,
}

/// The JSON report.
pub fn json(results: &[CaseResult], info: &RunInfo) -> String {
    let (areas, totals) = tally(results);
    let cases = results
        .iter()
        .map(|r| JsonCase {
            name: &r.name,
            area: &r.area,
            program: r.program.display().to_string(),
            status: r.status,
            verdict: r.verdict,
            ok: r.trial_ok,
            conforms: r.conforms,
            message: if r.verdict == Verdict::Pass {
                String::new()
            } else {
                r.render(false)
            },
            pyref_secs: r.pyref_time.map(|d| d.as_secs_f64()),
            cpython_secs: r.cpython_time.map(|d| d.as_secs_f64()),
        })
        .collect();
    let report = JsonReport {
        oracle: info.oracle,
        pyref: info.pyref,
        totals,
        areas,
        timing: info.timing,
        cases,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Escapes text for XML 1.0 (characters XML cannot hold become U+FFFD).
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit XML report: one `testsuite` per area, one `testcase` per case.
pub fn junit(results: &[CaseResult], info: &RunInfo) -> String {
    let (areas, total) = tally(results);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"pyref-conformance\" tests=\"{}\" failures=\"{}\" time=\"{:.3}\">",
        total.cases, total.failed_trials, info.timing.wall_secs
    );
    for (area, counts) in &areas {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">",
            xml_escape(area),
            counts.cases,
            counts.failed_trials
        );
        for r in results
            .iter()
            .filter(|r| (if r.area.is_empty() { "(root)" } else { &r.area }) == area.as_str())
        {
            let time = r.pyref_time.unwrap_or_default() + r.cpython_time.unwrap_or_default();
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                xml_escape(area),
                xml_escape(&r.name),
                time.as_secs_f64()
            );
            let verdict = format!("{:?}", r.verdict).to_lowercase();
            if r.trial_ok && r.verdict == Verdict::Pass {
                out.push_str("/>\n");
            } else if r.trial_ok {
                let _ = writeln!(
                    out,
                    ">\n      <system-out>{}: {}</system-out>\n    </testcase>",
                    verdict,
                    xml_escape(&r.render(false))
                );
            } else {
                let _ = writeln!(
                    out,
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                    verdict,
                    xml_escape(r.headline.lines().next().unwrap_or("")),
                    xml_escape(&r.render(false))
                );
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Writes `results` to `path`: JSON for `.json`, JUnit XML for `.xml`.
pub fn write_report(path: &Path, results: &[CaseResult], info: &RunInfo) -> Result<(), String> {
    let text = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => json(results, info),
        Some("xml") => junit(results, info),
        _ => {
            return Err(format!(
                "--report {}: the file name must end in .json or .xml",
                path.display()
            ))
        }
    };
    std::fs::write(path, text).map_err(|e| format!("cannot write report {}: {e}", path.display()))
}
