//! Recording CPython results into sidecars (`pyref-harness record`).
//!
//! Invariants:
//! - Only live CPython 3.11 is ever recorded; pyref's output never is.
//! - A program is run twice; it is recorded only when both runs agree (after the case's
//!   normalization rules) and both finished normally within the timeout and cap.
//! - Only the `cpython:` section is rewritten (see [`crate::yaml_out`]); a sidecar whose
//!   metadata does not parse is reported and left untouched; a missing sidecar is an error
//!   (metadata is written by people, not by the harness).

use std::time::Duration;

use crate::case::{load_sidecar, CaseFiles, Recording};
use crate::diff;
use crate::normalize::apply_rules;
use crate::process::{Channel, Termination};
use crate::python::CPython;
use crate::run::{run_side, Interp, Settings};
use crate::yaml_out::write_recording;

/// What `record` did to one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// The sidecar was rewritten.
    Written { exit_status: i32 },
    /// The recording was already up to date.
    Unchanged { exit_status: i32 },
}

/// Records one case. The error explains what to fix.
pub fn record_case(
    settings: &Settings,
    cpy: &CPython,
    case: &CaseFiles,
) -> Result<Recorded, String> {
    if let Some(p) = &case.problem {
        return Err(p.clone());
    }
    let meta = load_sidecar(&case.sidecar)?;
    let timeout = Duration::from_secs_f64(meta.timeout_secs);
    let interp = Interp::cpython(cpy);
    let first = run_side(settings, &interp, &case.rel_program, timeout);
    let Termination::Exited(exit_status) = first.termination else {
        return Err(format!(
            "{}: CPython {}; not recorded",
            case.program.display(),
            first.termination.describe()
        ));
    };
    let second = run_side(settings, &interp, &case.rel_program, timeout);
    let view = |s: &str, c| apply_rules(s, c, &meta.rules);
    if second.termination != first.termination
        || view(&first.stdout, Channel::Stdout) != view(&second.stdout, Channel::Stdout)
        || view(&first.stderr, Channel::Stderr) != view(&second.stderr, Channel::Stderr)
    {
        let mut msg = format!(
            "{}: nondeterministic: two CPython runs differ (first {}, second {}); make the \
             program deterministic or add a `normalize:` rule. Not recorded.\n",
            case.program.display(),
            first.termination.describe(),
            second.termination.describe()
        );
        msg.push_str(&diff::unified(
            &first.stdout,
            &second.stdout,
            "run 1 stdout",
            "run 2 stdout",
            false,
        ));
        msg.push_str(&diff::unified(
            &first.stderr,
            &second.stderr,
            "run 1 stderr",
            "run 2 stderr",
            false,
        ));
        return Err(msg);
    }
    let rec = Recording {
        version: cpy.version.clone(),
        exit_status,
        stdout: first.stdout,
        stderr: first.stderr,
    };
    if meta.sidecar.cpython.as_ref() == Some(&rec) {
        return Ok(Recorded::Unchanged { exit_status });
    }
    write_recording(&case.sidecar, &rec)?;
    Ok(Recorded::Written { exit_status })
}
