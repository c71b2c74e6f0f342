//! Program output channels (stdout, stderr): streamed to the process or captured, with a cap.
//!
//! Invariant: a channel never holds more than its cap; output past the cap is dropped and the
//! channel is marked truncated.

use std::io::Write;

pub struct Channel {
    pub buf: Vec<u8>,
    pub stream: bool,
    pub is_err: bool,
    pub cap: Option<usize>,
    pub written: usize,
    pub truncated: bool,
    /// The stream is gone (CPython's `sys.stdout`/`sys.stderr` cleared at exit): writes
    /// are dropped.
    pub gone: bool,
}

impl Channel {
    pub fn write(&mut self, s: &str) {
        if self.gone {
            return;
        }
        let b = s.as_bytes();
        if let Some(cap) = self.cap {
            if self.written + b.len() > cap {
                let room = cap.saturating_sub(self.written);
                self.buf.extend_from_slice(&b[..room]);
                self.written = cap;
                self.truncated = true;
                return;
            }
        }
        self.written += b.len();
        self.buf.extend_from_slice(b);
        if self.stream && (self.is_err || self.buf.len() > 1 << 16) {
            self.flush();
        }
    }
    pub fn flush(&mut self) {
        if self.stream && !self.buf.is_empty() {
            let r = if self.is_err {
                std::io::stderr().write_all(&self.buf)
            } else {
                std::io::stdout().write_all(&self.buf)
            };
            let _ = r;
            self.buf.clear();
        }
    }
}

pub struct Output {
    pub stdout: Channel,
    pub stderr: Channel,
}

impl Output {
    pub fn new(stream: bool, cap: Option<usize>) -> Output {
        let ch = |is_err| Channel {
            buf: Vec::new(),
            stream,
            is_err,
            cap,
            written: 0,
            truncated: false,
            gone: false,
        };
        Output {
            stdout: ch(false),
            stderr: ch(true),
        }
    }
    pub fn flush(&mut self) {
        self.stdout.flush();
        if self.stdout.stream {
            let _ = std::io::stdout().flush();
        }
        self.stderr.flush();
    }
}
