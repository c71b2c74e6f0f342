//! Screening in the fuzz loop: batches of programs run in process on both sides (see
//! [`crate::worker::screen`]); only programs whose screened results are equal (or where
//! pyref says "unsupported") are settled there. Everything else (a difference, a crash, a
//! batch that ended early) is run again faithfully and judged on that run alone.
//!
//! Invariants:
//! - Screening never produces a finding: findings come from faithful runs only.
//! - A batch that ends early settles the programs it finished; the one it was running is
//!   run faithfully (it may be a pyref crash or hang), the rest are screened again.
//! - Without a CPython worker (fresh mode, or the worker cannot start) nothing is screened.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::exec::{Pair, Runner, Side, PROGRAM_FILE};
use crate::process::Termination;
use crate::worker::screen::decode_results;
use crate::worker::Request;

/// Programs per batch (one fork of the worker per batch).
pub const BATCH: usize = 1024;

/// A batch's private working directory on tmpfs (`/dev/shm`), removed when dropped. The
/// batch child rewrites `prog.py` there once per program: on a disk file system each
/// rewrite and truncation costs journal work (about 1% of the loop's CPU on ext4). Its
/// path reads as the job directory's in the results, so normalization is unchanged.
struct ShmDir(PathBuf);

impl ShmDir {
    fn new(job_dir: &Path) -> Option<ShmDir> {
        use std::hash::{Hash, Hasher};
        let shm = Path::new("/dev/shm");
        if !shm.is_dir() {
            return None;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        job_dir.hash(&mut h);
        let name = format!("pyref-screen-{}-{:016x}", std::process::id(), h.finish());
        let d = shm.join(name);
        std::fs::create_dir_all(&d).ok()?;
        Some(ShmDir(d))
    }
}

impl Drop for ShmDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Extra time a batch gets per program, on top of one program's timeout.
const PER_PROGRAM: Duration = Duration::from_millis(40);

impl Runner {
    /// Screens `sources` in one batch: `Some(pair)` for each program the batch finished,
    /// in order (a prefix of `sources`); empty when screening is not available.
    pub fn screen(&self, sources: &[String]) -> Vec<Pair> {
        let Some(pool) = self.settings().pool(self.cpython()) else {
            return Vec::new();
        };
        let shm = ShmDir::new(self.dir());
        let cwd = match &shm {
            Some(d) => d.0.to_string_lossy().into_owned(),
            None => self.dir().to_string_lossy().into_owned(),
        };
        let req = Request {
            cwd,
            program: PROGRAM_FILE.to_string(),
            timeout: self.timeout + PER_PROGRAM * sources.len() as u32,
            output_cap: self.settings().output_cap,
            trace: None,
            screen: sources.to_vec(),
        };
        let Some(c) = pool.run(&req) else {
            return Vec::new();
        };
        // The tmpfs directory reads as the job's own, so normalization applies as usual.
        let job_dir = self.dir().to_string_lossy().into_owned();
        let text = |b: &[u8]| match &shm {
            Some(d) => {
                let t = String::from_utf8_lossy(b);
                self.normalize(t.replace(&*d.0.to_string_lossy(), &job_dir).as_bytes())
            }
            None => self.normalize(b),
        };
        let side = |(code, out, err): (i32, Vec<u8>, Vec<u8>)| Side {
            termination: Termination::Exited(code),
            stdout: text(&out),
            stderr: text(&err),
        };
        decode_results(&c.stdout)
            .into_iter()
            .take(sources.len())
            .map(|s| Pair {
                cpython: side(s.cpython),
                pyref: side(s.pyref),
            })
            .collect()
    }
}
