//! The trace channel, harness side: per-case trace files and how a trace difference is shown.
//!
//! A trace is one line per call / return / exception event of the program's own frames:
//! `<depth> <event> <qualname>:<line>[ <exception type>]` (format and frame filter:
//! harness/README.md, "Trace channel"). pyref writes it natively (`PYREF_TRACE_CHANNEL`),
//! CPython through the embedded worker's C-level trace function.
//!
//! Invariants:
//! - Each case gets its own fresh directory, removed when the [`TraceFiles`] is dropped.
//! - A missing trace file reads as `None` (the side could not trace), never as an empty trace.
//! - A difference is shown as a window around the first differing event, so a trace of
//!   100 000 events never turns into a 100 000-line diff.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::compare::Section;

/// Events shown before the first difference.
const BEFORE: usize = 8;
/// Events shown from the first difference on.
const AFTER: usize = 24;

/// The two trace files of one case, in a private temporary directory.
pub struct TraceFiles {
    dir: PathBuf,
    pub cpython: PathBuf,
    pub pyref: PathBuf,
}

impl TraceFiles {
    /// A fresh directory in memory (`/dev/shm`, where the CPython tracer's file mapping
    /// costs no disk read-ahead) or else under the system temp dir; `None` if it cannot be
    /// created (the case then runs without the trace channel).
    pub fn new() -> Option<TraceFiles> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("pyref-harness-trace-{}-{n}", std::process::id());
        let shm = Path::new("/dev/shm");
        let dir = [shm.join(&name), std::env::temp_dir().join(&name)]
            .into_iter()
            .find(|d| {
                let _ = std::fs::remove_dir_all(d);
                std::fs::create_dir_all(d).is_ok()
            })?;
        Some(TraceFiles {
            cpython: dir.join("cpython.trace"),
            pyref: dir.join("pyref.trace"),
            dir,
        })
    }
}

impl Drop for TraceFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The trace written to `path`, or `None` when the side wrote none.
pub fn read(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|mut b| {
        // A CPython child that ended without finalizing leaves its mapping's NUL padding.
        if let Some(end) = b.iter().position(|&c| c == 0) {
            b.truncate(end);
        }
        String::from_utf8_lossy(&b).into_owned()
    })
}

/// A line as shown in a diff: indented by its depth, or with the depth spelled out when deep
/// (the file stores the depth as a number so a deep recursion stays linear in size).
fn shown(line: &str) -> String {
    match line.split_once(' ') {
        Some((d, rest)) => match d.parse::<usize>() {
            Ok(depth) if depth > DEEP => format!("[depth {depth}] {rest}"),
            Ok(depth) => format!("{:w$}{rest}", "", w = 2 * depth),
            Err(_) => line.to_string(),
        },
        None => line.to_string(),
    }
}

/// Depth from which lines are shown with a depth number instead of indentation.
const DEEP: usize = 12;

/// A diff section for two different traces: the events around the first difference.
pub fn diff_section(expected: &str, got: &str) -> Section {
    let e: Vec<&str> = expected.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let first = e
        .iter()
        .zip(g.iter())
        .position(|(a, b)| a != b)
        .unwrap_or(e.len().min(g.len()));
    let start = first.saturating_sub(BEFORE);
    let window = |v: &[&str]| -> String {
        let end = (first + AFTER).min(v.len());
        let mut s = String::new();
        for l in &v[start.min(end)..end] {
            s.push_str(&shown(l));
            s.push('\n');
        }
        s
    };
    Section::Diff {
        old_label: format!("cpython (events {}..; {} in total)", start + 1, e.len()),
        new_label: format!("pyref (events {}..; {} in total)", start + 1, g.len()),
        channel: format!("trace channel (first difference at event {})", first + 1),
        old: window(&e),
        new: window(&g),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_starts_near_the_first_difference() {
        let e: String = (0..1000).map(|i| format!("call f:{i}\n")).collect();
        let mut g = e.clone();
        g = g.replace("call f:500\n", "call g:500\n");
        let Section::Diff {
            old, new, channel, ..
        } = diff_section(&e, &g)
        else {
            panic!("expected a diff section");
        };
        assert!(channel.contains("event 501"), "{channel}");
        assert_eq!(old.lines().count(), BEFORE + AFTER);
        assert!(old.contains("call f:500") && new.contains("call g:500"));
        assert!(!old.contains("call f:400"));
    }

    #[test]
    fn missing_file_is_none_and_files_are_removed() {
        let t = TraceFiles::new().expect("temp dir");
        assert_eq!(read(&t.cpython), None);
        std::fs::write(&t.pyref, "call <module>:0\n").unwrap();
        assert_eq!(read(&t.pyref).as_deref(), Some("call <module>:0\n"));
        let dir = t.dir.clone();
        drop(t);
        assert!(!dir.exists());
    }
}
