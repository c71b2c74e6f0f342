//! Command-line front end: `pyref FILE [ARGS...]` and `pyref -c CODE [ARGS...]`.
//!
//! Invariants:
//! - The interpreter runs on a thread with a large stack, so bounded native re-entry and the
//!   recursive parser never overflow the native stack.
//! - The interpreter thread ends the process itself when the program has run (no thread
//!   or heap teardown); this function returns only on errors and panics.
//! - A Rust panic is caught and reported as `pyref: internal error: ...` with exit status 70;
//!   it never aborts silently.

use std::sync::{Arc, Mutex};

use crate::run::{absolute, missing_file_message, run_streaming_then_exit, EXIT_INTERNAL};
use crate::vm::Limits;

/// Environment variable naming the trace channel's output file (harness use).
pub const TRACE_CHANNEL_ENV: &str = "PYREF_TRACE_CHANNEL";

fn usage() -> i32 {
    eprintln!("usage: pyref FILE [ARGS...] | pyref -c CODE [ARGS...]");
    2
}

/// Runs pyref with `args` (argv without the program name), writing to the real
/// stdout/stderr, and returns the process exit status.
pub fn main(args: Vec<String>) -> i32 {
    let (src, filename, argv) = match args.first().map(|s| s.as_str()) {
        None => return usage(),
        Some("-c") => {
            let Some(code) = args.get(1) else {
                eprintln!("Argument expected for the -c option");
                return 2;
            };
            let mut argv = vec!["-c".to_string()];
            argv.extend(args[2..].iter().cloned());
            (code.clone(), "<string>".to_string(), argv)
        }
        Some(path) if path.starts_with('-') && path != "-" => {
            eprintln!("pyref: unsupported: command-line option {path} at <cli>:0");
            return crate::run::EXIT_UNSUPPORTED;
        }
        Some(path) => {
            let abs = absolute(path);
            match std::fs::read(&abs) {
                Ok(b) => (String::from_utf8_lossy(&b).into_owned(), abs, args.clone()),
                Err(e) => {
                    eprint!("{}", missing_file_message(&abs, &e));
                    return 2;
                }
            }
        }
    };
    let panic_msg: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let pm = panic_msg.clone();
    std::panic::set_hook(Box::new(move |info| {
        let msg = crate::run::panic_message(info.payload());
        let loc = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut g) = pm.lock() {
            *g = Some(format!("{msg}{loc}"));
        }
    }));
    // The harness's trace channel (see vm/channel.rs): invisible to the program.
    let limits = Limits {
        trace_channel: std::env::var_os(TRACE_CHANNEL_ENV)
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from),
        ..Limits::default()
    };
    let handle = std::thread::Builder::new()
        .name("pyref".into())
        .stack_size(crate::run::STACK_SIZE)
        .spawn(move || -> () { run_streaming_then_exit(&src, &filename, argv, &limits) });
    let result = match handle {
        Ok(h) => h.join(),
        Err(e) => {
            eprintln!("pyref: internal error: cannot start the interpreter thread: {e}");
            return EXIT_INTERNAL;
        }
    };
    match result {
        // The thread exits the process when the program has run.
        Ok(()) => EXIT_INTERNAL,
        Err(_) => {
            let msg = panic_msg
                .lock()
                .ok()
                .and_then(|g| g.clone())
                .unwrap_or_else(|| "panic".into());
            eprintln!("pyref: internal error: {msg}");
            EXIT_INTERNAL
        }
    }
}
