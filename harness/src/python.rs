//! Finding the CPython 3.11 oracle.
//!
//! Invariants:
//! - Candidates, in order: `$PYREF_PYTHON` (alone, when set and non-empty), else
//!   `python3.11`, else `python3`; the first that is CPython 3.11.x wins.
//! - Each candidate is asked once for `sys.executable`; the harness then runs that real
//!   executable directly (no pyenv shim per run).
//! - The same probe reports the shared libpython (for the embedded worker, when CPython is
//!   built with `--enable-shared`) and the stdlib directories (for the trace channel).
//! - Failure is a message that says what was tried and how to fix it; never a panic.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use crate::process::{self, ProcSpec, Termination};

/// Environment variable naming the CPython to use as the oracle.
pub const PYTHON_ENV: &str = "PYREF_PYTHON";

/// A resolved CPython 3.11.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CPython {
    /// The real executable (`sys.executable`).
    pub executable: PathBuf,
    /// `major.minor.micro`, e.g. `3.11.7`.
    pub version: String,
    /// The shared libpython (`LIBDIR/LDLIBRARY`) when CPython is built with
    /// `--enable-shared` and the file exists; the embedded worker needs it.
    pub libpython: Option<PathBuf>,
    /// `sysconfig.get_paths()['stdlib']` and `['platstdlib']` (the trace channel leaves
    /// out their frames).
    pub stdlib_dirs: Vec<PathBuf>,
}

// Run with `-I -S`: `site` is not needed for any of it (and costs most of the probe).
const PROBE: &str = "import sys, sysconfig, os; print(sys.executable); \
print({'cpython': 'CPython'}.get(sys.implementation.name, sys.implementation.name)); \
print('%d.%d.%d' % sys.version_info[:3]); \
v = sysconfig.get_config_var; \
print(os.path.join(v('LIBDIR') or '', v('LDLIBRARY') or '') if v('Py_ENABLE_SHARED') else ''); \
p = sysconfig.get_paths(); print(p['stdlib']); print(p['platstdlib'])";

/// Asks one candidate command who it is.
pub fn probe(candidate: &OsString) -> Result<CPython, String> {
    let shown = candidate.to_string_lossy().into_owned();
    let program =
        resolve_on_path(candidate).ok_or_else(|| format!("`{shown}`: not found on PATH"))?;
    let out = process::run(&ProcSpec {
        program,
        args: vec!["-I".into(), "-S".into(), "-c".into(), PROBE.into()],
        cwd: None,
        clear_env: false,
        env: Vec::new(),
        timeout: Duration::from_secs(20),
        output_cap: 64 * 1024,
    });
    if out.termination != Termination::Exited(0) {
        return Err(format!(
            "`{shown}` {}: {}",
            out.termination.describe(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = text.lines();
    let exe = lines.next().unwrap_or("").trim().to_string();
    let implementation = lines.next().unwrap_or("").trim().to_string();
    let version = lines.next().unwrap_or("").trim().to_string();
    let libpython = Some(PathBuf::from(lines.next().unwrap_or("").trim()))
        .filter(|p| p.is_absolute() && p.is_file());
    let stdlib_dirs: Vec<PathBuf> = lines
        .map(|l| PathBuf::from(l.trim()))
        .filter(|p| p.is_absolute())
        .collect();
    if implementation != "CPython" || !version.starts_with("3.11.") {
        return Err(format!(
            "`{shown}` is {implementation} {version}, not CPython 3.11"
        ));
    }
    let executable = if exe.is_empty() {
        resolve_on_path(candidate).unwrap_or_else(|| PathBuf::from(candidate))
    } else {
        PathBuf::from(exe)
    };
    Ok(CPython {
        executable,
        version,
        libpython,
        stdlib_dirs,
    })
}

/// Finds a command on `PATH` (or returns a path containing `/` as is).
pub(crate) fn resolve_on_path(cmd: &OsString) -> Option<PathBuf> {
    let p = PathBuf::from(cmd);
    if cmd.to_string_lossy().contains('/') {
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(cmd))
        .find(|c| c.is_file())
}

/// Finds CPython 3.11 as described in the module docs.
pub fn discover() -> Result<CPython, String> {
    if let Some(v) = std::env::var_os(PYTHON_ENV).filter(|v| !v.is_empty()) {
        return probe(&v).map_err(|e| {
            format!(
                "live CPython 3.11 not found: {PYTHON_ENV}={} is not usable ({e}). \
                 Point {PYTHON_ENV} at a CPython 3.11 executable or unset it.",
                v.to_string_lossy()
            )
        });
    }
    let mut tried = Vec::new();
    for cand in ["python3.11", "python3"] {
        match probe(&OsString::from(cand)) {
            Ok(c) => return Ok(c),
            Err(e) => tried.push(e),
        }
    }
    Err(format!(
        "live CPython 3.11 not found (tried: {}). Install CPython 3.11 (e.g. `pyenv install 3.11`) \
         or set {PYTHON_ENV}=/path/to/python3.11.",
        tried.join("; ")
    ))
}
