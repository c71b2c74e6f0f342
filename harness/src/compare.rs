//! Running one case on both sides and deciding its verdict.
//!
//! Invariants:
//! - [`run_case`] never panics; every problem becomes a failing [`CaseResult`] of that case.
//! - The expected result is live CPython when present, else the recording; a recording
//!   that differs from live CPython fails the case as stale, whatever pyref did.
//! - Verdicts are disjoint: `Pass` (pyref matches, status pass), `XFail` (status xfail and
//!   pyref does not match), `Unsupported` (pyref exited 3 saying `pyref: unsupported:`),
//!   `Fail` (everything else, including an xfail case that matches: "unexpected pass").
//!   `trial_ok` is true for Pass, XFail, and Unsupported of an xfail case.
//! - The trace channel is a fourth channel: compared when the case does not opt out
//!   (`trace: false`), the settings allow it and live CPython produced a trace; conformance
//!   then requires equal traces too.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::case::{load_sidecar, CaseFiles, CaseMeta, Recording, Status};
use crate::diff;
use crate::normalize::apply_rules;
use crate::process::{Channel, Termination};
use crate::run::{run_side_traced, Interp, Settings, SideRun};
use crate::trace_channel::{self, TraceFiles};

/// pyref's exit status for "this construct is not supported yet".
pub const UNSUPPORTED_STATUS: i32 = 3;
/// pyref's exit status for an internal error.
pub const INTERNAL_ERROR_STATUS: i32 = 70;

/// Outcome class of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    Xfail,
    Unsupported,
}

/// One section of a case report.
#[derive(Clone, Debug)]
pub enum Section {
    Text(String),
    Diff {
        old_label: String,
        new_label: String,
        channel: String,
        old: String,
        new: String,
    },
}

/// Everything known about one case after running it.
#[derive(Clone, Debug)]
pub struct CaseResult {
    pub name: String,
    pub area: String,
    pub program: PathBuf,
    pub status: Option<Status>,
    pub verdict: Verdict,
    pub trial_ok: bool,
    /// pyref's output equals CPython's on all three channels.
    pub conforms: bool,
    /// One line saying what happened.
    pub headline: String,
    pub sections: Vec<Section>,
    pub pyref_time: Option<Duration>,
    pub cpython_time: Option<Duration>,
}

impl CaseResult {
    fn error(case: &CaseFiles, status: Option<Status>, headline: String) -> CaseResult {
        CaseResult {
            name: case.name.clone(),
            area: case.area.clone(),
            program: case.program.clone(),
            status,
            verdict: Verdict::Fail,
            trial_ok: false,
            conforms: false,
            headline,
            sections: Vec::new(),
            pyref_time: None,
            cpython_time: None,
        }
    }

    /// The full report: headline, then each section (diffs coloured if `color`).
    pub fn render(&self, color: bool) -> String {
        let mut out = self.headline.clone();
        out.push('\n');
        for s in &self.sections {
            match s {
                Section::Text(t) => {
                    out.push_str(t);
                    if !t.ends_with('\n') {
                        out.push('\n');
                    }
                }
                Section::Diff {
                    old_label,
                    new_label,
                    channel,
                    old,
                    new,
                } => {
                    out.push_str(&format!("{channel} differs:\n"));
                    out.push_str(&diff::unified(old, new, old_label, new_label, color));
                }
            }
        }
        out
    }
}

/// The three channels of one side, comparable.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Triple {
    exit: String,
    stdout: String,
    stderr: String,
}

impl Triple {
    fn from_recording(r: &Recording, meta: &CaseMeta) -> Triple {
        Triple {
            exit: r.exit_status.to_string(),
            stdout: apply_rules(&r.stdout, Channel::Stdout, &meta.rules),
            stderr: apply_rules(&r.stderr, Channel::Stderr, &meta.rules),
        }
    }

    fn from_run(r: &SideRun, meta: &CaseMeta) -> Triple {
        Triple {
            exit: match &r.termination {
                Termination::Exited(c) => c.to_string(),
                other => format!("<{}>", other.describe()),
            },
            stdout: apply_rules(&r.stdout, Channel::Stdout, &meta.rules),
            stderr: apply_rules(&r.stderr, Channel::Stderr, &meta.rules),
        }
    }
}

/// Sections showing how `new` differs from `old` on each channel.
fn diff_sections(old: &Triple, new: &Triple, old_label: &str, new_label: &str) -> Vec<Section> {
    let mut v = Vec::new();
    if old.exit != new.exit {
        v.push(Section::Text(format!(
            "exit status differs: {old_label} {}, {new_label} {}",
            old.exit, new.exit
        )));
    }
    for (channel, a, b) in [
        ("stdout", &old.stdout, &new.stdout),
        ("stderr", &old.stderr, &new.stderr),
    ] {
        if a != b {
            v.push(Section::Diff {
                old_label: old_label.into(),
                new_label: new_label.into(),
                channel: channel.into(),
                old: a.clone(),
                new: b.clone(),
            });
        }
    }
    v
}

/// The `pyref: unsupported: ...` line, when pyref said so with status 3.
pub fn unsupported_line(run: &SideRun) -> Option<String> {
    if run.exit_status() != Some(UNSUPPORTED_STATUS) {
        return None;
    }
    run.stderr
        .lines()
        .find(|l| l.starts_with("pyref: unsupported:"))
        .map(|l| l.trim_start_matches("pyref: ").to_string())
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(n);
    lines[start..].join("\n")
}

fn timeout_of(meta: &CaseMeta) -> Duration {
    Duration::from_secs_f64(meta.timeout_secs)
}

/// Runs one case against pyref (and live CPython when available) and judges it.
pub fn run_case(settings: &Settings, case: &CaseFiles) -> CaseResult {
    if let Some(p) = &case.problem {
        return CaseResult::error(case, None, p.clone());
    }
    let meta = match load_sidecar(&case.sidecar) {
        Ok(m) => m,
        Err(e) => return CaseResult::error(case, None, e),
    };
    let status = meta.sidecar.status;
    let Some(recording) = meta.sidecar.cpython.clone() else {
        return CaseResult::error(
            case,
            Some(status),
            format!(
                "{}: no recorded CPython result (`cpython:` section): run `pyref-harness record {}`",
                case.sidecar.display(),
                case.program.display()
            ),
        );
    };
    let timeout = timeout_of(&meta);
    let traces = (settings.trace_channel && meta.sidecar.trace != Some(false))
        .then(TraceFiles::new)
        .flatten();
    let mut expected_trace: Option<String> = None;
    let mut trace_note: Option<String> = None;
    let mut sections = Vec::new();
    let mut problems: Vec<String> = Vec::new();

    // The oracle.
    let mut cpython_time = None;
    let expected: Triple;
    let expected_label: String;
    match settings.oracle() {
        Ok(cpy) => {
            let mut live = run_side_traced(
                settings,
                &Interp::cpython(cpy),
                &case.rel_program,
                timeout,
                traces.as_ref().map(|t| t.cpython.as_path()),
            );
            expected_trace = traces
                .as_ref()
                .and_then(|t| trace_channel::read(&t.cpython));
            if expected_trace.is_some()
                && Triple::from_run(&live, &meta) != Triple::from_recording(&recording, &meta)
            {
                // Tracing can perturb CPython itself (a RecursionError one level earlier):
                // the untraced run is the oracle, and this case's trace is not compared.
                let untraced = run_side_traced(
                    settings,
                    &Interp::cpython(cpy),
                    &case.rel_program,
                    timeout,
                    None,
                );
                if Triple::from_run(&untraced, &meta) != Triple::from_run(&live, &meta) {
                    expected_trace = None;
                    trace_note = Some(
                        "trace channel not compared: tracing changes what CPython prints for this \
                         program (set `trace: false`)"
                            .to_string(),
                    );
                }
                live = untraced;
            }
            cpython_time = Some(live.elapsed);
            if !matches!(live.termination, Termination::Exited(_)) {
                let mut r = CaseResult::error(
                    case,
                    Some(status),
                    format!(
                        "{}: CPython {} {}; corpus programs must finish within the timeout \
                         ({} s) without crashing or flooding",
                        case.program.display(),
                        cpy.version,
                        live.termination.describe(),
                        meta.timeout_secs
                    ),
                );
                r.cpython_time = cpython_time;
                return r;
            }
            let live_t = Triple::from_run(&live, &meta);
            let rec_t = Triple::from_recording(&recording, &meta);
            if live_t != rec_t {
                problems.push(format!(
                    "stale recording: {} (CPython {}) differs from live CPython {}: run `pyref-harness record {}`",
                    case.sidecar.display(),
                    recording.version,
                    cpy.version,
                    case.program.display()
                ));
                sections.extend(diff_sections(&rec_t, &live_t, "recorded", "cpython"));
            }
            expected = live_t;
            expected_label = format!("CPython {} (live)", cpy.version);
        }
        Err(_) => {
            expected = Triple::from_recording(&recording, &meta);
            expected_label = format!("CPython {} (recorded)", recording.version);
        }
    }

    // pyref.
    let pyref_trace_path = match (&traces, &expected_trace) {
        (Some(t), Some(_)) => Some(t.pyref.as_path()),
        _ => None,
    };
    let got = run_side_traced(
        settings,
        &settings.pyref,
        &case.rel_program,
        timeout,
        pyref_trace_path,
    );
    let got_t = Triple::from_run(&got, &meta);
    // An interpreter that writes no trace file does not implement the channel (e.g. an
    // external implementation under test): its trace is not compared.
    let got_trace = pyref_trace_path.and_then(trace_channel::read);
    let trace_equal = match (&expected_trace, &got_trace) {
        (Some(e), Some(g)) => e == g,
        _ => true,
    };
    let conforms = got_t == expected && trace_equal;
    let unsupported = unsupported_line(&got);
    let mut headline_parts: Vec<String> = Vec::new();
    let verdict;
    let mut trial_ok;
    match &got.termination {
        Termination::Exited(_) => {}
        other => headline_parts.push(format!(
            "pyref {}{}",
            other.describe(),
            if got.stderr.trim().is_empty() {
                String::new()
            } else {
                format!("; last stderr lines:\n{}", last_lines(&got.stderr, 8))
            }
        )),
    }
    if let Some(u) = &unsupported {
        verdict = Verdict::Unsupported;
        trial_ok = status == Status::Xfail;
        headline_parts.insert(0, format!("{u} (pyref exit status 3)"));
    } else if conforms {
        match status {
            Status::Pass => {
                verdict = Verdict::Pass;
                trial_ok = true;
            }
            Status::Xfail => {
                verdict = Verdict::Fail;
                trial_ok = false;
                headline_parts.push(format!(
                    "unexpected pass: pyref now matches {expected_label}; set `status: pass` and \
                     remove `reason:` in {}",
                    case.sidecar.display()
                ));
            }
        }
    } else {
        match status {
            Status::Pass => {
                verdict = Verdict::Fail;
                trial_ok = false;
            }
            Status::Xfail => {
                verdict = Verdict::Xfail;
                trial_ok = true;
            }
        }
        if got.exit_status() == Some(INTERNAL_ERROR_STATUS) {
            if let Some(l) = got
                .stderr
                .lines()
                .find(|l| l.starts_with("pyref: internal error"))
            {
                headline_parts.push(l.to_string());
            }
        }
        if headline_parts.is_empty() {
            if got_t == expected {
                headline_parts.push(format!(
                    "pyref diverges from {expected_label} on the trace channel only (exit \
                     status, stdout and stderr are equal)"
                ));
            } else {
                headline_parts.push(format!("pyref diverges from {expected_label}"));
            }
        }
    }
    if !conforms && unsupported.is_none() {
        sections.extend(diff_sections(&expected, &got_t, "cpython", "pyref"));
        if let (Some(e), Some(g)) = (&expected_trace, &got_trace) {
            if e != g {
                sections.push(trace_channel::diff_section(e, g));
            }
        }
    }
    let mut verdict = verdict;
    if !problems.is_empty() {
        verdict = Verdict::Fail;
        trial_ok = false;
    }
    problems.extend(headline_parts);
    if verdict == Verdict::Xfail {
        problems.push(format!(
            "(expected failure: {})",
            meta.sidecar.reason.clone().unwrap_or_default()
        ));
    }
    if let Some(n) = trace_note {
        // Explicit is better: the sidecar must say the trace is not compared.
        problems.insert(0, n);
        verdict = Verdict::Fail;
        trial_ok = false;
    }
    let headline = if problems.is_empty() {
        format!("pyref matches {expected_label}")
    } else {
        format!("{}: {}", case.rel_program, problems.join("\n"))
    };
    CaseResult {
        name: case.name.clone(),
        area: case.area.clone(),
        program: case.program.clone(),
        status: Some(status),
        verdict,
        trial_ok,
        conforms,
        headline,
        sections,
        pyref_time: Some(got.elapsed),
        cpython_time,
    }
}
