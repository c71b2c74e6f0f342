//! Running one program on both sides and classifying the result.
//!
//! Invariants:
//! - Both sides run the program as `prog.py` from the same working directory with the
//!   harness's fixed environment ([`crate::run::fixed_env`]) and its normalizations
//!   (`<CORPUS>` for the directory, `0x...` for addresses), like a corpus case, except
//!   that CPython gets `-S` (no `site` import: 4x faster start-up; generated programs do
//!   not depend on what `site` adds).
//! - [`classify`] looks at pyref's failures first: an internal error (exit 70), a signal,
//!   a hang or a flood of pyref while CPython finished is a [`Class::Crash`]; a CPython
//!   that does not finish is a generator bug ([`Class::OracleFailed`]), never a finding;
//!   pyref's "unsupported" (exit 3) is counted, never a finding.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::normalize;
use crate::process::Termination;
use crate::python::CPython;
use crate::run::{run_side, Interp, OracleSource, Settings, SideRun};

/// The file name every program gets (it shows in tracebacks as `<CORPUS>/prog.py`).
pub const PROGRAM_FILE: &str = "prog.py";

/// Exit status pyref uses for an internal error.
pub const EXIT_INTERNAL: i32 = 70;
/// Exit status pyref uses for "unsupported".
pub const EXIT_UNSUPPORTED: i32 = 3;

/// What one side did (normalized).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    pub termination: Termination,
    pub stdout: String,
    pub stderr: String,
}

impl Side {
    pub fn from_run(r: SideRun) -> Side {
        Side {
            termination: r.termination,
            stdout: r.stdout,
            stderr: r.stderr,
        }
    }

    /// `0`, `1`, ... or `<timed out ...>` for a process that did not exit.
    pub fn exit_text(&self) -> String {
        match &self.termination {
            Termination::Exited(c) => c.to_string(),
            t => format!("<{}>", t.describe()),
        }
    }

    pub fn exit_code(&self) -> Option<i32> {
        match self.termination {
            Termination::Exited(c) => Some(c),
            _ => None,
        }
    }
}

/// Both sides of one program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub cpython: Side,
    pub pyref: Side,
}

/// What a pair means for the fuzzer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Same,
    /// pyref said "unsupported: <what>".
    Unsupported(String),
    /// CPython itself did not finish: a generator bug.
    OracleFailed(String),
    /// pyref crashed, hung, flooded or reported an internal error.
    Crash(String),
    /// Some channel differs.
    Divergence,
}

/// Classifies a pair (see the module invariants for the order of the checks).
pub fn classify(p: &Pair) -> Class {
    let py = &p.pyref;
    let cp_done = matches!(p.cpython.termination, Termination::Exited(_));
    if py.exit_code() == Some(EXIT_INTERNAL) || py.stderr.contains("pyref: internal error") {
        let line = py
            .stderr
            .lines()
            .find(|l| l.contains("internal error"))
            .unwrap_or("exit status 70");
        return Class::Crash(line.to_string());
    }
    match &py.termination {
        Termination::Signaled { .. } | Termination::SpawnFailed(_) => {
            return Class::Crash(py.termination.describe())
        }
        Termination::TimedOut(_) | Termination::OutputLimit { .. } if cp_done => {
            return Class::Crash(py.termination.describe())
        }
        _ => {}
    }
    if !cp_done {
        return Class::OracleFailed(p.cpython.termination.describe());
    }
    if py.exit_code() == Some(EXIT_UNSUPPORTED) {
        if let Some(l) = py
            .stderr
            .lines()
            .find(|l| l.starts_with("pyref: unsupported:"))
        {
            let what = l.trim_start_matches("pyref: unsupported:").trim();
            let what = what.rsplit_once(" at ").map_or(what, |(w, _)| w);
            return Class::Unsupported(what.to_string());
        }
    }
    if p.cpython == p.pyref {
        Class::Same
    } else {
        Class::Divergence
    }
}

/// Runs programs on both sides from one private directory.
pub struct Runner {
    dir: PathBuf,
    settings: Settings,
    cpython: Interp,
    pub timeout: Duration,
}

impl Runner {
    /// A runner working in `dir` (created if needed).
    pub fn new(
        dir: &Path,
        pyref: Interp,
        cpy: &CPython,
        timeout: Duration,
    ) -> Result<Runner, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let settings = Settings::new(dir, pyref, OracleSource::Given(cpy.clone()))?;
        let mut cpython = Interp::cpython(cpy);
        cpython.args = vec!["-S".into()];
        Ok(Runner {
            dir: settings.corpus_root.clone(),
            settings,
            cpython,
            timeout,
        })
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    pub(crate) fn cpython(&self) -> &Interp {
        &self.cpython
    }

    /// The settings (e.g. to turn workers off with `fresh`, or to name the worker binary).
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    /// The directory programs run in (its path shows as `<CORPUS>`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn write(&self, src: &str) -> Result<(), String> {
        let p = self.dir.join(PROGRAM_FILE);
        std::fs::write(&p, src).map_err(|e| format!("{}: {e}", p.display()))
    }

    fn cpython_side(&self) -> Side {
        Side::from_run(run_side(
            &self.settings,
            &self.cpython,
            PROGRAM_FILE,
            self.timeout,
        ))
    }

    /// Applies the fixed normalizations (`<CORPUS>`, `0x...`) to output of this runner's
    /// programs produced elsewhere (e.g. pyref run in process).
    pub fn normalize(&self, bytes: &[u8]) -> String {
        normalize::fixed(&String::from_utf8_lossy(bytes), &self.settings.root_strings)
    }

    /// Runs CPython only.
    pub fn run_cpython(&self, src: &str) -> Result<Side, String> {
        self.write(src)?;
        Ok(self.cpython_side())
    }

    /// Runs both sides.
    pub fn run(&self, src: &str) -> Result<Pair, String> {
        self.write(src)?;
        let cpython = self.cpython_side();
        let pyref = Side::from_run(run_side(
            &self.settings,
            &self.settings.pyref,
            PROGRAM_FILE,
            self.timeout,
        ));
        Ok(Pair { cpython, pyref })
    }
}
