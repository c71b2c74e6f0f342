//! The harness's trace channel: call / return / exception events written natively to a file
//! (`PYREF_TRACE_CHANNEL=<path>`), the counterpart of the C-level trace function the harness
//! installs in CPython (`PyEval_SetTrace` with no Python object). Format: harness/README.md,
//! "Trace channel".
//!
//! Invariants:
//! - Invisible to the program: no Python tracer is installed (`sys.gettrace()` stays None), no
//!   frame object is created, nothing is printed; events fire at exactly the points where
//!   `sys.settrace` events fire (`trace.rs`), and not while a Python trace function runs
//!   (CPython's `tstate->tracing` suppresses both kinds alike).
//! - Frames of pyref's own Python-source stdlib (`<pyref>/...`) are not recorded, as the
//!   CPython side leaves out its stdlib's frames.
//! - Frames whose code has a pseudo file name (`<string>`) are recorded only when their
//!   globals have a str `__file__` (the harness applies the same rule on CPython).
//! - One line per event: `<depth> <event> <qualname>:<line>[ <exception type>]`, where
//!   depth counts the recorded frames below the event's frame (the module frame is 0).
//! - At most [`MAX_LINES`] lines; later events are only counted and [`TraceChannel::finish`]
//!   then appends `... truncated: <N> events in total`.
//! - I/O errors silently stop the channel (the harness sees a short trace); they never change
//!   what the program does.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::Vm;
use crate::objects::Value;

/// File-name prefix of pyref's own Python-source stdlib modules.
const PYREF_STDLIB: &str = "<pyref>/";

/// Lines written before the channel only counts.
pub const MAX_LINES: u64 = 100_000;

/// An open trace channel.
pub struct TraceChannel {
    out: Option<BufWriter<File>>,
    depth: usize,
    events: u64,
}

impl TraceChannel {
    /// Opens (truncates) `path`; `None` when it cannot be created.
    pub fn create(path: &Path) -> Option<TraceChannel> {
        let f = File::create(path).ok()?;
        Some(TraceChannel {
            out: Some(BufWriter::new(f)),
            depth: 0,
            events: 0,
        })
    }

    fn write(&mut self, depth: usize, event: &str, qualname: &str, line: u32, exc: Option<&str>) {
        self.events += 1;
        if self.events > MAX_LINES {
            return;
        }
        let Some(w) = self.out.as_mut() else { return };
        let r = match exc {
            Some(t) => writeln!(w, "{depth} {event} {qualname}:{line} {t}"),
            None => writeln!(w, "{depth} {event} {qualname}:{line}"),
        };
        if r.is_err() {
            self.out = None;
        }
    }

    /// Writes the truncation line if needed and flushes.
    pub fn finish(&mut self) {
        let events = self.events;
        if let Some(w) = self.out.as_mut() {
            let mut r = Ok(());
            if events > MAX_LINES {
                r = writeln!(w, "... truncated: {events} events in total");
            }
            if r.and_then(|_| w.flush()).is_err() {
                self.out = None;
            }
        }
    }
}

/// Which event.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Event {
    Call,
    Return,
    Exception,
}

impl Vm {
    /// Records `event` for the frame at index `fi` (`exc`: the exception type's name).
    pub fn channel_event(&mut self, fi: usize, event: Event, exc: Option<&str>) {
        let Some(frame) = self.frames.get(fi) else {
            return;
        };
        let Some(ch) = self.channel.as_mut() else {
            return;
        };
        let code = &frame.code;
        // pyref's own stdlib (Python source it compiles, e.g. asyncio) stands for CPython's
        // stdlib directories, whose frames the CPython side does not record.
        if code
            .filename
            .starts_with(crate::stdlib::asyncio_mod::STDLIB_DIR)
        {
            return;
        }
        // Code with a pseudo file name (`<string>` from exec/eval) counts only when run in a
        // module's namespace (its globals have a str `__file__`): the harness's CPython side
        // drops the stdlib's exec-generated code this way, and pyref applies the same rule.
        // pyref's own stdlib sources (`<pyref>/lib/...`, e.g. asyncio) stand in for CPython's
        // stdlib files, whose frames the CPython side leaves out.
        if code.filename.starts_with(PYREF_STDLIB) {
            return;
        }
        if code.filename.starts_with('<')
            && !matches!(
                frame.globals.borrow().get_str("__file__"),
                Some(Value::Str(f)) if !f.starts_with(PYREF_STDLIB)
            )
        {
            return;
        }
        // CPython's module code starts with a RESUME that has no line: a module frame's
        // 'call' event reports line 0 (pyref's module code has no RESUME).
        let starting_module = event == Event::Call
            && frame.ip == 0
            && code.uses_name_locals
            && &*code.name == "<module>";
        let line = if starting_module {
            0
        } else if event == Event::Call && frame.ip == 0 {
            // A function's RESUME carries co_firstlineno (the first decorator's line).
            code.firstlineno
        } else {
            code.line_of(frame.lasti as usize).unwrap_or(0)
        };
        match event {
            Event::Call => {
                let d = ch.depth;
                ch.depth += 1;
                ch.write(d, "call", &code.qualname, line, None);
            }
            Event::Return => {
                ch.depth = ch.depth.saturating_sub(1);
                let d = ch.depth;
                ch.write(d, "return", &code.qualname, line, None);
            }
            Event::Exception => {
                let d = ch.depth.saturating_sub(1);
                ch.write(d, "exception", &code.qualname, line, exc);
            }
        }
    }

    /// Ends the channel (called once when the program has finished).
    pub fn channel_finish(&mut self) {
        if let Some(ch) = self.channel.as_mut() {
            ch.finish();
        }
    }
}
