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

use std::time::Duration;

use super::exec::{Pair, Runner, Side, PROGRAM_FILE};
use crate::process::Termination;
use crate::worker::screen::decode_results;
use crate::worker::Request;

/// Programs per batch (one fork of the worker per batch).
pub const BATCH: usize = 1024;

/// Extra time a batch gets per program, on top of one program's timeout.
const PER_PROGRAM: Duration = Duration::from_millis(40);

impl Runner {
    /// Screens `sources` in one batch: `Some(pair)` for each program the batch finished,
    /// in order (a prefix of `sources`); empty when screening is not available.
    pub fn screen(&self, sources: &[String]) -> Vec<Pair> {
        let Some(pool) = self.settings().pool(self.cpython()) else {
            return Vec::new();
        };
        let req = Request {
            cwd: self.dir().to_string_lossy().into_owned(),
            program: PROGRAM_FILE.to_string(),
            timeout: self.timeout + PER_PROGRAM * sources.len() as u32,
            output_cap: self.settings().output_cap,
            trace: None,
            screen: sources.to_vec(),
        };
        let Some(c) = pool.run(&req) else {
            return Vec::new();
        };
        let side = |(code, out, err): (i32, Vec<u8>, Vec<u8>)| Side {
            termination: Termination::Exited(code),
            stdout: self.normalize(&out),
            stderr: self.normalize(&err),
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
