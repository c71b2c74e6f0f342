//! A minimal parallel map over scoped threads.
//!
//! Invariants:
//! - Results come back in input order; `on_done` is called on the calling thread, once
//!   per item, in completion order (for progress display).
//! - At most `jobs` (at least 1) workers run at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Number of workers to use by default: the available parallelism.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Number of corpus cases run at once by default: one more than the available cores.
/// A case's thread spends its time waiting for a child (a program that sleeps, a worker
/// starting, the round trip to a worker), so one extra case keeps every core busy; a
/// CPU-bound run (fresh processes) is not slowed by it.
pub fn default_case_jobs() -> usize {
    default_jobs() + 1
}

/// Applies `f` to every item on up to `jobs` threads.
pub fn parallel_map<T, R, F, D>(items: &[T], jobs: usize, f: F, mut on_done: D) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
    D: FnMut(usize, &R),
{
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1).min(items.len().max(1)) {
            let tx = tx.clone();
            let (next, f) = (&next, &f);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= items.len() {
                    break;
                }
                if tx.send((i, f(&items[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for (i, r) in rx {
            on_done(i, &r);
            slots[i] = Some(r);
        }
    });
    slots.into_iter().flatten().collect()
}
