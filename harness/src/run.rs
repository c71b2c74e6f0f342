//! The two sides (pyref and CPython), the fixed environment, and running one side.
//!
//! Invariants:
//! - Both sides run as `cd <corpus root>; <interpreter> <area>/<case>.py` with exactly the
//!   environment of [`fixed_env`] (plus, for the built-in pyref, the re-exec variable),
//!   stdin from `/dev/null`, a timeout and a per-channel output cap.
//! - Every live output goes through [`crate::normalize::fixed`] before anyone looks at it.
//! - The live oracle is resolved at most once per [`Settings`]; when it is missing that is
//!   said once on stderr and comparisons fall back to the recordings.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use crate::normalize;
use crate::process::{self, Captured, ProcSpec, Termination};
use crate::pyref_exec::EXEC_PYREF_ENV;
use crate::python::{self, CPython};

/// Environment variable replacing the built-in pyref by an external interpreter.
pub const PYREF_BIN_ENV: &str = "PYREF_BIN";
/// Default per-channel output cap (bytes).
pub const DEFAULT_OUTPUT_CAP: usize = 1 << 20;

/// One interpreter command.
#[derive(Clone, Debug)]
pub struct Interp {
    pub program: PathBuf,
    /// Extra environment on top of [`fixed_env`].
    pub extra_env: Vec<(OsString, OsString)>,
    /// How it is described to the user.
    pub description: String,
}

impl Interp {
    /// pyref linked into the current executable, reached by re-executing it.
    pub fn builtin_pyref() -> Result<Interp, String> {
        let exe = std::env::current_exe()
            .map_err(|e| format!("cannot find the current executable to run pyref: {e}"))?;
        Ok(Interp {
            description: format!("built-in pyref (re-executing {})", exe.display()),
            program: exe,
            extra_env: vec![(EXEC_PYREF_ENV.into(), "1".into())],
        })
    }

    /// An external interpreter executable.
    pub fn external(path: &Path) -> Interp {
        let program = if path.is_relative() && path.components().count() > 1 {
            std::env::current_dir()
                .map(|d| d.join(path))
                .unwrap_or_else(|_| path.to_path_buf())
        } else {
            path.to_path_buf()
        };
        Interp {
            description: format!("external interpreter {}", program.display()),
            program,
            extra_env: Vec::new(),
        }
    }

    /// `explicit` (from `--pyref`), else `$PYREF_BIN`, else the built-in pyref.
    pub fn pyref_from(explicit: Option<&Path>) -> Result<Interp, String> {
        let (path, origin) = match (explicit, std::env::var_os(PYREF_BIN_ENV)) {
            (Some(p), _) => (p.to_path_buf(), "--pyref"),
            (None, Some(p)) if !p.is_empty() => (PathBuf::from(p), PYREF_BIN_ENV),
            _ => return Interp::builtin_pyref(),
        };
        if python::resolve_on_path(&path.clone().into_os_string()).is_none() {
            return Err(format!(
                "{origin}: interpreter {} not found (give an executable file)",
                path.display()
            ));
        }
        Ok(Interp::external(&path))
    }

    /// The CPython oracle.
    pub fn cpython(c: &CPython) -> Interp {
        Interp {
            program: c.executable.clone(),
            extra_env: Vec::new(),
            description: format!("CPython {} ({})", c.version, c.executable.display()),
        }
    }
}

/// The fixed environment of both sides.
pub fn fixed_env() -> Vec<(OsString, OsString)> {
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into());
    vec![
        ("PATH".into(), path),
        ("PYTHONHASHSEED".into(), "0".into()),
        ("PYTHONNOUSERSITE".into(), "1".into()),
        ("PYTHONIOENCODING".into(), "utf-8".into()),
        ("PYTHONDONTWRITEBYTECODE".into(), "1".into()),
        ("LC_ALL".into(), "C.UTF-8".into()),
    ]
}

/// Where the oracle comes from.
#[derive(Clone, Debug)]
pub enum OracleSource {
    /// Discover CPython 3.11 (see [`crate::python`]) on first use.
    Discover,
    /// Use this one.
    Given(CPython),
    /// Do not use a live CPython (compare against recordings only); the reason is shown.
    Disabled(String),
}

/// Everything needed to run cases.
#[derive(Debug)]
pub struct Settings {
    /// Canonical corpus root; the working directory of both sides.
    pub corpus_root: PathBuf,
    /// Spellings of the root replaced by `<CORPUS>` in outputs.
    pub root_strings: Vec<String>,
    pub pyref: Interp,
    pub oracle_source: OracleSource,
    oracle: OnceLock<Result<CPython, String>>,
    pub output_cap: usize,
    /// Colour diffs (terminal output).
    pub color: bool,
    /// Compare the trace channel (call/return/exception events) when the oracle can
    /// produce it; off with `PYREF_HARNESS_NO_TRACE=1`.
    pub trace_channel: bool,
}

/// Environment variable turning the trace channel off.
pub const NO_TRACE_ENV: &str = "PYREF_HARNESS_NO_TRACE";

impl Settings {
    /// Settings for `corpus_root` (need not be canonical; it must exist).
    pub fn new(
        corpus_root: &Path,
        pyref: Interp,
        oracle_source: OracleSource,
    ) -> Result<Settings, String> {
        let canonical = corpus_root
            .canonicalize()
            .map_err(|e| format!("corpus directory {} not usable: {e}", corpus_root.display()))?;
        if !canonical.is_dir() {
            return Err(format!("corpus {} is not a directory", canonical.display()));
        }
        let mut root_strings = vec![canonical.to_string_lossy().into_owned()];
        if corpus_root.is_absolute() {
            let given = corpus_root
                .to_string_lossy()
                .trim_end_matches('/')
                .to_string();
            if !root_strings.contains(&given) {
                root_strings.push(given);
            }
        }
        Ok(Settings {
            corpus_root: canonical,
            root_strings,
            pyref,
            oracle_source,
            oracle: OnceLock::new(),
            output_cap: DEFAULT_OUTPUT_CAP,
            color: false,
            trace_channel: std::env::var_os(NO_TRACE_ENV).is_none_or(|v| v.is_empty() || v == "0"),
        })
    }

    /// The live oracle, resolved once. When missing, says so once on stderr.
    pub fn oracle(&self) -> Result<&CPython, &str> {
        let r = self.oracle.get_or_init(|| {
            let r = match &self.oracle_source {
                OracleSource::Discover => python::discover(),
                OracleSource::Given(c) => Ok(c.clone()),
                OracleSource::Disabled(why) => Err(why.clone()),
            };
            if let Err(e) = &r {
                eprintln!(
                    "note: {e}\nnote: comparing pyref against the recorded CPython results only \
                     (recordings are not checked for staleness)."
                );
            }
            r
        });
        r.as_ref().map_err(|e| e.as_str())
    }

    /// The oracle without printing anything (for callers that report it themselves).
    pub fn oracle_quiet(&self) -> Result<&CPython, &str> {
        let r = self.oracle.get_or_init(|| match &self.oracle_source {
            OracleSource::Discover => python::discover(),
            OracleSource::Given(c) => Ok(c.clone()),
            OracleSource::Disabled(why) => Err(why.clone()),
        });
        r.as_ref().map_err(|e| e.as_str())
    }
}

/// What one side did, after the fixed normalization.
#[derive(Clone, Debug)]
pub struct SideRun {
    pub termination: Termination,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl SideRun {
    /// The exit status when the process exited normally.
    pub fn exit_status(&self) -> Option<i32> {
        match self.termination {
            Termination::Exited(c) => Some(c),
            _ => None,
        }
    }
}

/// Runs `rel_program` (relative to the corpus root) with `interp`.
pub fn run_side(
    settings: &Settings,
    interp: &Interp,
    rel_program: &str,
    timeout: Duration,
) -> SideRun {
    run_side_traced(settings, interp, rel_program, timeout, None)
}

/// [`run_side`], also writing the trace channel to `trace` when given (pyref only here:
/// CPython's side needs the embedded worker).
pub fn run_side_traced(
    settings: &Settings,
    interp: &Interp,
    rel_program: &str,
    timeout: Duration,
    trace: Option<&Path>,
) -> SideRun {
    let mut env = fixed_env();
    env.extend(interp.extra_env.iter().cloned());
    if let Some(t) = trace {
        env.push(("PYREF_TRACE_CHANNEL".into(), t.as_os_str().to_owned()));
    }
    let spec = ProcSpec {
        program: interp.program.clone(),
        args: vec![rel_program.into()],
        cwd: Some(settings.corpus_root.clone()),
        clear_env: true,
        env,
        timeout,
        output_cap: settings.output_cap,
    };
    let Captured {
        termination,
        stdout,
        stderr,
        elapsed,
    } = process::run(&spec);
    SideRun {
        termination,
        stdout: normalize::fixed(&String::from_utf8_lossy(&stdout), &settings.root_strings),
        stderr: normalize::fixed(&String::from_utf8_lossy(&stderr), &settings.root_strings),
        elapsed,
    }
}
