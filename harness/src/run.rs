//! The two sides (pyref and CPython), the fixed environment, and running one side.
//!
//! Invariants:
//! - Both sides run as `cd <corpus root>; <interpreter> <area>/<case>.py` with exactly the
//!   environment of [`fixed_env`] (plus, for the built-in pyref, the re-exec variable),
//!   stdin from `/dev/null`, a timeout and a per-channel output cap.
//! - Every live output goes through [`crate::normalize::fixed`] before anyone looks at it.
//! - The live oracle is resolved at most once per [`Settings`]; when it is missing that is
//!   said once on stderr and comparisons fall back to the recordings.
//! - Unless [`Settings::fresh`] (`--fresh`, `PYREF_HARNESS_FRESH=1`), CPython runs through
//!   the embedded-CPython worker and the built-in pyref through the pyref fork server
//!   ([`crate::worker`]); both are checked to give what a fresh process gives, and any
//!   worker failure falls back to a fresh process (said once).
//! - A traced run ([`run_side_traced`]) writes the trace channel to the given file: pyref
//!   through `PYREF_TRACE_CHANNEL`, CPython through the worker (a single-shot worker in
//!   fresh mode); when CPython cannot be traced, [`SideRun::trace_note`] says why.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crate::normalize;
use crate::process::{self, Captured, ProcSpec, Termination};
use crate::pyref_exec::EXEC_PYREF_ENV;
use crate::python::{self, CPython};
use crate::worker::{self, Hello, Kind, Pool, Request};

/// Environment variable pyref reads to write the trace channel.
pub const PYREF_TRACE_ENV: &str = "PYREF_TRACE_CHANNEL";

/// What an [`Interp`] is (decides whether a worker can run it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InterpKind {
    /// pyref linked into the harness (fork server possible).
    BuiltinPyref,
    /// Any executable (always a fresh process).
    External,
    /// The CPython oracle (embedded worker possible).
    CPython(CPython),
}

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
    /// Interpreter options before the program (e.g. `-S`).
    pub args: Vec<OsString>,
    pub kind: InterpKind,
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
            args: Vec::new(),
            kind: InterpKind::BuiltinPyref,
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
            args: Vec::new(),
            kind: InterpKind::External,
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
            args: Vec::new(),
            kind: InterpKind::CPython(c.clone()),
        }
    }

    /// The worker configuration that runs this interpreter, if one can.
    fn worker_hello(&self) -> Option<Hello> {
        match &self.kind {
            InterpKind::External => None,
            InterpKind::BuiltinPyref => Some(Hello {
                kind: Kind::Pyref,
                libpython: String::new(),
                argv: Vec::new(),
                stdlib_dirs: Vec::new(),
                freeze: false,
                preload: Vec::new(),
            }),
            InterpKind::CPython(c) => {
                let mut argv = vec![c.executable.to_str()?.to_string()];
                for a in &self.args {
                    argv.push(a.to_str()?.to_string());
                }
                Some(Hello {
                    kind: Kind::CPython,
                    libpython: c.libpython.as_ref()?.to_str()?.to_string(),
                    argv,
                    stdlib_dirs: c
                        .stdlib_dirs
                        .iter()
                        .filter_map(|d| d.to_str().map(str::to_string))
                        .collect(),
                    freeze: std::env::var_os(crate::worker::heap::NO_FREEZE_ENV)
                        .is_none_or(|v| v != "1"),
                    preload: Vec::new(),
                })
            }
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
    /// Run every program as a fresh process (no workers).
    pub fresh: bool,
    /// The executable re-executed as a worker [default: the current executable].
    pub worker_exe: Option<PathBuf>,
    pools: Mutex<HashMap<Hello, Arc<Pool>>>,
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
            fresh: std::env::var_os(worker::FRESH_ENV).is_some_and(|v| v == "1"),
            worker_exe: None,
            pools: Mutex::new(HashMap::new()),
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
    /// Set when a trace was asked for and could not be written (why).
    pub trace_note: Option<String>,
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

impl Settings {
    fn worker_exe(&self) -> Option<PathBuf> {
        self.worker_exe
            .clone()
            .or_else(|| std::env::current_exe().ok())
    }

    /// The worker pool for `interp` (None: fresh processes).
    pub(crate) fn pool(&self, interp: &Interp) -> Option<Arc<Pool>> {
        self.pool_preloaded(interp, Vec::new())
    }

    /// The worker pool for `interp` whose CPython has imported `preload` at start-up.
    fn pool_preloaded(&self, interp: &Interp, preload: Vec<String>) -> Option<Arc<Pool>> {
        if self.fresh {
            return None;
        }
        let mut hello = interp.worker_hello()?;
        if hello.kind == Kind::CPython && hello.freeze {
            hello.preload = preload;
        }
        let mut pools = self.pools.lock().ok()?;
        if let Some(p) = pools.get(&hello) {
            return Some(p.clone());
        }
        let what = match hello.kind {
            Kind::CPython => "the embedded CPython worker",
            Kind::Pyref => "the pyref fork server",
        };
        let p = Arc::new(Pool::new(self.worker_exe()?, hello.clone(), what));
        pools.insert(hello, p.clone());
        Some(p)
    }

    /// Starts the workers of `interps` now (so a start-up failure is noted up front).
    pub fn warm_up(&self, interps: &[&Interp]) {
        for i in interps {
            if let Some(p) = self.pool(i) {
                p.warm_up();
            }
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

/// [`run_side`], also writing the trace channel to `trace` when given.
pub fn run_side_traced(
    settings: &Settings,
    interp: &Interp,
    rel_program: &str,
    timeout: Duration,
    trace: Option<&Path>,
) -> SideRun {
    let req = Request {
        cwd: settings.corpus_root.to_string_lossy().into_owned(),
        program: rel_program.to_string(),
        timeout,
        output_cap: settings.output_cap,
        trace: trace.map(|t| t.to_string_lossy().into_owned()),
        screen: Vec::new(),
    };
    let mut trace_note = None;
    let preload = match interp.kind {
        InterpKind::CPython(_) if !settings.fresh => {
            std::fs::read(settings.corpus_root.join(rel_program))
                .map(|t| crate::worker::heap::preload_for(&t))
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let captured = match settings
        .pool_preloaded(interp, preload)
        .and_then(|p| p.run(&req))
    {
        Some(c) => c,
        None => {
            let is_cpython = matches!(interp.kind, InterpKind::CPython(_));
            let single = match (trace, is_cpython) {
                (Some(_), true) => Some(match (interp.worker_hello(), settings.worker_exe()) {
                    (Some(h), Some(exe)) => Pool::run_once(exe, h, &req),
                    _ => Err("CPython has no shared libpython to embed".to_string()),
                }),
                _ => None,
            };
            match single {
                Some(Ok(c)) => c,
                other => {
                    if let Some(Err(e)) = other {
                        trace_note = Some(format!("trace channel unavailable for CPython: {e}"));
                    }
                    fresh_process(settings, interp, rel_program, timeout, trace)
                }
            }
        }
    };
    let Captured {
        termination,
        stdout,
        stderr,
        elapsed,
    } = captured;
    SideRun {
        termination,
        stdout: normalize::fixed(&String::from_utf8_lossy(&stdout), &settings.root_strings),
        stderr: normalize::fixed(&String::from_utf8_lossy(&stderr), &settings.root_strings),
        elapsed,
        trace_note,
    }
}

fn fresh_process(
    settings: &Settings,
    interp: &Interp,
    rel_program: &str,
    timeout: Duration,
    trace: Option<&Path>,
) -> Captured {
    let mut env = fixed_env();
    env.extend(interp.extra_env.iter().cloned());
    if let (Some(t), false) = (trace, matches!(interp.kind, InterpKind::CPython(_))) {
        env.push((PYREF_TRACE_ENV.into(), t.as_os_str().to_owned()));
    }
    let mut args = interp.args.clone();
    args.push(rel_program.into());
    process::run(&ProcSpec {
        program: interp.program.clone(),
        args,
        cwd: Some(settings.corpus_root.clone()),
        clear_env: true,
        env,
        timeout,
        output_cap: settings.output_cap,
    })
}
