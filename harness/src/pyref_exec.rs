//! The re-exec hook that lets a harness binary act as pyref.
//!
//! Invariants:
//! - [`exec_pyref_if_requested`] is the first thing `main` of every harness binary calls.
//!   When `PYREF_HARNESS_EXEC_PYREF=1` it runs `pyref::cli::main(argv[1..])` and exits
//!   the process with its status, so each case runs pyref in a fresh process and a
//!   native crash of pyref fails only that case. Otherwise it returns and does nothing.
//! - The same hook serves as a persistent worker when argv[1] is `--pyref-harness-worker`
//!   ([`crate::worker`]); it must run while the process is still single-threaded.

use std::io::Write;

/// The environment variable that turns a harness binary into pyref.
pub const EXEC_PYREF_ENV: &str = "PYREF_HARNESS_EXEC_PYREF";

/// Becomes pyref (and exits) when [`EXEC_PYREF_ENV`] is `1`; returns otherwise.
pub fn exec_pyref_if_requested() {
    // A worker process (embedded CPython or pyref fork server) never returns from here.
    crate::worker::serve_if_requested();
    if std::env::var_os(EXEC_PYREF_ENV).is_some_and(|v| v == "1") {
        let args: Vec<String> = std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let status = pyref::cli::main(args);
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        std::process::exit(status);
    }
}
