//! The `pyref` command.
//!
//! On Linux the C `main` is this file's (`no_main`), for start-up time: std's runtime
//! start-up reads `/proc/self/maps` (glibc's `pthread_getattr_np` on the main thread) to
//! place the main thread's stack guard, about a tenth of `pyref -c pass`. The interpreter
//! runs on a thread of its own anyway ([`pyref::cli::main`]), so that guard protects
//! nothing. What std's start-up does that matters is done here: SIGPIPE ignored (as CPython
//! does: a closed pipe is an `EPIPE` error) and fds 0-2 open (a closed one is opened on
//! `/dev/null`, as std does); the arguments are taken from `argv` (not UTF-8: replaced
//! lossily).
// (Not in the test build of this target, whose `main` is libtest's.)
#![cfg_attr(all(target_os = "linux", not(test)), no_main)]
#![allow(unsafe_code)] // the C entry point

#[cfg(not(target_os = "linux"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(pyref::cli::main(args));
}

#[cfg(all(target_os = "linux", not(test)))]
mod entry {
    use std::ffi::{c_char, c_int, CStr};

    #[no_mangle]
    extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
        // SAFETY: signal, poll and open on the standard descriptors, before anything runs.
        unsafe { start_up() };
        let args: Vec<String> = (1..usize::try_from(argc).unwrap_or(0))
            // SAFETY: the C runtime passes `argc` valid NUL-terminated strings in `argv`.
            .map(|i| unsafe { CStr::from_ptr(*argv.add(i)) })
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        std::process::exit(pyref::cli::main(args))
    }

    /// SIGPIPE ignored, fds 0, 1 and 2 open, and one malloc arena (the interpreter thread
    /// allocates from the main one instead of mapping an arena of its own).
    unsafe fn start_up() {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
            fd,
            events: 0,
            revents: 0,
        });
        if libc::poll(fds.as_mut_ptr(), 3, 0) > 0 {
            for p in fds {
                if p.revents & libc::POLLNVAL != 0
                    && libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) != p.fd
                {
                    libc::abort();
                }
            }
        }
    }
}
