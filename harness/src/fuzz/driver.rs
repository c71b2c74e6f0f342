//! The fuzz loop without libFuzzer: generate, run both sides, compare; confirm, reduce,
//! deduplicate and write each finding; report.
//!
//! Invariants:
//! - Program `i` of a run uses seed `seed + i` (so any program can be regenerated with
//!   `pyref-harness gen --seed S`); artifact inputs go through the same generator.
//! - A divergence is a finding only when a second run of both sides gives the same
//!   outputs (else it is counted as flaky); it is reduced only the first time its signature
//!   is seen, with a short per-side timeout so a candidate cannot stall the run.
//! - Workers never share a directory; a finding's directory is written by the worker that
//!   claimed its signature.
//! - The live status line goes to stderr only when stderr is a terminal.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::exec::{classify, Class, Pair, Runner};
use super::findings::{self, diff_text, Finding, FindingMeta, RunInfo, Totals};
use super::reduce;
use super::screen::BATCH;
use super::signature::{mask, Signature};
use crate::gen;
use crate::python::CPython;
use crate::run::Interp;

/// Where programs come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// Seeds `seed, seed+1, ...` until the time is up (or `max_programs`).
    Seeds { seed: u64, size: usize },
    /// Files of a directory: libFuzzer inputs for the generator, or raw sources.
    Artifacts { dir: PathBuf, raw_source: bool },
}

/// Options of one run.
#[derive(Clone, Debug)]
pub struct Options {
    pub source: Source,
    pub time: Duration,
    pub max_programs: Option<u64>,
    pub jobs: usize,
    pub out: PathBuf,
    /// Per-side timeout while fuzzing.
    pub timeout: Duration,
    pub reduce: bool,
    /// Candidates tried per reduction.
    pub reduce_tests: usize,
    pub pyref: Interp,
    pub cpython: CPython,
    /// Fresh processes instead of the workers.
    pub fresh: bool,
    /// Screen programs in process first (see [`super::screen`]); needs the workers and the
    /// built-in pyref.
    pub screen: bool,
}

/// What a run found.
#[derive(Debug)]
pub struct Summary {
    pub totals: Totals,
    pub findings: Vec<Finding>,
    pub elapsed: Duration,
    pub report_path: PathBuf,
}

impl Summary {
    pub fn crashes(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.meta.kind == "crash")
            .count()
    }
}

struct Shared {
    totals: Mutex<Totals>,
    findings: Mutex<BTreeMap<String, Finding>>,
    next: AtomicU64,
    done: AtomicU64,
    stop: AtomicBool,
}

struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

struct Item {
    label: String,
    source: String,
    intended_syntax_error: bool,
}

fn item_for(opts: &Options, i: u64, files: &[PathBuf]) -> Option<Item> {
    match &opts.source {
        Source::Seeds { seed, size } => {
            let s = seed.wrapping_add(i);
            let p = gen::generate_from_seed(s, *size);
            Some(Item {
                label: format!("seed {s}"),
                source: p.source,
                intended_syntax_error: p.intended_syntax_error,
            })
        }
        Source::Artifacts { raw_source, .. } => {
            let f = files.get(i as usize)?;
            let data = std::fs::read(f).ok()?;
            let (source, intended) = if *raw_source {
                (String::from_utf8_lossy(&data).into_owned(), false)
            } else {
                let p = gen::generate(&data);
                (p.source, p.intended_syntax_error)
            };
            Some(Item {
                label: f.display().to_string(),
                source,
                intended_syntax_error: intended,
            })
        }
    }
}

/// Runs the loop; writes findings and `report.md` under `opts.out`.
pub fn run(opts: &Options) -> Result<Summary, String> {
    std::fs::create_dir_all(&opts.out).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let files = match &opts.source {
        Source::Artifacts { dir, .. } => list_files(dir)?,
        Source::Seeds { .. } => Vec::new(),
    };
    let shared = Shared {
        totals: Mutex::new(Totals::default()),
        findings: Mutex::new(BTreeMap::new()),
        next: AtomicU64::new(0),
        done: AtomicU64::new(0),
        stop: AtomicBool::new(false),
    };
    let start = Instant::now();
    let live = std::io::stderr().is_terminal();
    let jobs = opts.jobs.max(1);
    let work = opts.out.join(".work");
    let errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for w in 0..jobs {
            let (shared, files, errors, work) = (&shared, &files, &errors, &work);
            s.spawn(move || {
                // Even a panicking worker stops the run (the panic then propagates).
                let _stop = StopOnDrop(&shared.stop);
                if let Err(e) = worker(opts, shared, files, &work.join(format!("w{w}")), start) {
                    if let Ok(mut g) = errors.lock() {
                        g.push(e);
                    }
                    shared.stop.store(true, Ordering::SeqCst);
                }
            });
        }
        while !shared.stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(250));
            if live {
                eprint!("\r\x1b[K{}", status_line(&shared, start));
            }
        }
        if live {
            eprint!("\r\x1b[K");
        }
    });
    let _ = std::fs::remove_dir_all(&work);
    if let Some(e) = errors.lock().ok().and_then(|g| g.first().cloned()) {
        return Err(e);
    }
    let elapsed = start.elapsed();
    let totals = shared.totals.into_inner().unwrap_or_default();
    let findings: Vec<Finding> = shared
        .findings
        .into_inner()
        .unwrap_or_default()
        .into_values()
        .collect();
    for f in &findings {
        findings::write_meta(&f.dir, &f.meta)?;
    }
    let seed = match &opts.source {
        Source::Seeds { seed, size } => format!(
            "{seed}..{} ({size} bytes each)",
            seed.wrapping_add(totals.programs.saturating_sub(1))
        ),
        Source::Artifacts { dir, .. } => format!("artifacts in {}", dir.display()),
    };
    let info = RunInfo {
        elapsed,
        jobs,
        seed,
        cpython: &format!(
            "CPython {} ({})",
            opts.cpython.version,
            opts.cpython.executable.display()
        ),
        pyref: &opts.pyref.description,
    };
    let report_path = opts.out.join("report.md");
    std::fs::write(&report_path, findings::report(&info, &totals, &findings))
        .map_err(|e| format!("{}: {e}", report_path.display()))?;
    Ok(Summary {
        totals,
        findings,
        elapsed,
        report_path,
    })
}

fn list_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut v: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    v.sort();
    Ok(v)
}

fn status_line(sh: &Shared, start: Instant) -> String {
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    let done = sh.done.load(Ordering::SeqCst);
    let (t, n) = match (sh.totals.lock(), sh.findings.lock()) {
        (Ok(t), Ok(f)) => ((t.divergent, t.unsupported, t.crashes), f.len()),
        _ => ((0, 0, 0), 0),
    };
    format!(
        "[{secs:>6.1}s] {done} programs ({:.1}/s) | {} divergent, {n} distinct finding(s) | {} unsupported | {} crash(es)",
        done as f64 / secs,
        t.0,
        t.1,
        t.2
    )
}

fn worker(
    opts: &Options,
    sh: &Shared,
    files: &[PathBuf],
    dir: &Path,
    start: Instant,
) -> Result<(), String> {
    let mut runner = Runner::new(dir, opts.pyref.clone(), &opts.cpython, opts.timeout)?;
    runner.settings_mut().fresh |= opts.fresh;
    let screening = opts.screen
        && !runner.settings_mut().fresh
        && matches!(opts.pyref.kind, crate::run::InterpKind::BuiltinPyref);
    loop {
        if sh.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let artifacts = matches!(opts.source, Source::Artifacts { .. });
        if !artifacts && start.elapsed() >= opts.time {
            sh.stop.store(true, Ordering::SeqCst);
            return Ok(());
        }
        let want = if screening {
            batch_size(sh, start, opts.time, opts.jobs.max(1), artifacts)
        } else {
            1
        };
        let first = sh.next.fetch_add(want, Ordering::SeqCst);
        let mut items = Vec::new();
        for i in first..first + want {
            if opts.max_programs.is_some_and(|m| i >= m)
                || (artifacts && (i as usize) >= files.len())
            {
                sh.stop.store(true, Ordering::SeqCst);
                break;
            }
            items.extend(item_for(opts, i, files));
        }
        let screened = if screening {
            screen_all(&runner, &items)
        } else {
            Vec::new()
        };
        for (j, item) in items.iter().enumerate() {
            let settled = screened
                .get(j)
                .cloned()
                .flatten()
                .filter(|p| matches!(classify(p), Class::Same | Class::Unsupported(_)));
            let was_screened = screened.get(j).is_some_and(Option::is_some);
            let pair = match settled {
                Some(p) => p,
                None => runner.run(&item.source)?,
            };
            one(opts, sh, &mut runner, item, &pair, (was_screened, start))?;
        }
        if items.is_empty() && sh.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
    }
}

/// Programs in this job's next screening batch: [`BATCH`], less near the end of a timed
/// run (about what one job screens in the time left, going by the run's rate so far), so
/// that the jobs finish together instead of one job screening a whole batch alone after
/// the others stopped.
fn batch_size(sh: &Shared, start: Instant, time: Duration, jobs: usize, artifacts: bool) -> u64 {
    const MIN: u64 = 32;
    let elapsed = start.elapsed().as_secs_f64();
    let done = sh.done.load(Ordering::SeqCst);
    if artifacts || done == 0 || elapsed <= 0.0 {
        return BATCH as u64;
    }
    let left = (time.as_secs_f64() - elapsed).max(0.0);
    let per_job = done as f64 / elapsed / jobs as f64;
    ((left * per_job) as u64).clamp(MIN, BATCH as u64)
}

/// Screens `items` (see [`super::screen`]): the screened pair of each program the
/// batches finished, `None` for the others (run faithfully by the caller).
fn screen_all(runner: &Runner, items: &[Item]) -> Vec<Option<Pair>> {
    let sources: Vec<String> = items.iter().map(|i| i.source.clone()).collect();
    let mut out: Vec<Option<Pair>> = vec![None; items.len()];
    let mut k = 0;
    while k < items.len() {
        let got = runner.screen(&sources[k..]);
        let n = got.len();
        for (j, p) in got.into_iter().enumerate() {
            out[k + j] = Some(p);
        }
        if n == 0 {
            break; // no screening here, or the batch failed at once: all faithful
        }
        k += n + 1; // program k + n ended the batch early: it runs faithfully
    }
    out
}

/// Counts and handles one program's (faithful or settled) pair.
fn one(
    opts: &Options,
    sh: &Shared,
    runner: &mut Runner,
    item: &Item,
    pair: &Pair,
    (was_screened, start): (bool, Instant),
) -> Result<(), String> {
    let class = classify(pair);
    {
        let mut t = sh.totals.lock().map_err(|_| "poisoned lock")?;
        t.programs += 1;
        let settled = matches!(class, Class::Same | Class::Unsupported(_));
        match (was_screened, settled) {
            (true, true) => t.screened += 1,
            (true, false) => t.rechecked += 1,
            _ => {}
        }
        if item.intended_syntax_error {
            t.intended_syntax_errors += 1;
        }
        match &class {
            Class::Same => t.same += 1,
            Class::Unsupported(w) => {
                t.unsupported += 1;
                *t.unsupported_what.entry(w.clone()).or_default() += 1;
            }
            Class::OracleFailed(d) => {
                t.oracle_failed += 1;
                t.notes.push((item.label.clone(), format!("CPython {d}")));
            }
            Class::Crash(_) => t.crashes += 1,
            Class::Divergence => t.divergent += 1,
        }
    }
    match class {
        Class::Divergence | Class::Crash(_) => handle(opts, sh, runner, item, pair, &class, start)?,
        _ => {}
    }
    sh.done.fetch_add(1, Ordering::SeqCst);
    Ok(())
}

/// The key a crash is deduplicated by: its masked description.
fn crash_key(desc: &str) -> String {
    let m = mask(desc);
    let mut h: u32 = 0x811c_9dc5;
    for b in m.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("crash_{h:08x}")
}

fn handle(
    opts: &Options,
    sh: &Shared,
    runner: &mut Runner,
    item: &Item,
    pair: &Pair,
    class: &Class,
    start: Instant,
) -> Result<(), String> {
    // Confirm determinism.
    let again = runner.run(&item.source)?;
    if &again != pair {
        let mut t = sh.totals.lock().map_err(|_| "poisoned lock")?;
        t.flaky += 1;
        let side = if again.cpython != pair.cpython {
            "CPython"
        } else {
            "pyref"
        };
        t.notes.push((
            item.label.clone(),
            format!("nondeterministic output ({side})"),
        ));
        return Ok(());
    }
    let (key, sig) = match class {
        Class::Crash(d) => (crash_key(d), None),
        _ => {
            let s = Signature::of(pair);
            (s.key(), Some(s))
        }
    };
    {
        let mut f = sh.findings.lock().map_err(|_| "poisoned lock")?;
        if let Some(known) = f.get_mut(&key) {
            known.meta.count += 1;
            return Ok(());
        }
        // Claim the signature with a placeholder; filled in below.
        f.insert(
            key.clone(),
            Finding {
                meta: placeholder(&key),
                dir: opts.out.join(&key),
            },
        );
    }
    let saved = runner.timeout;
    runner.timeout = saved.min(Duration::from_secs(3));
    // A candidate must also keep CPython's last stderr line (masked): otherwise deleting
    // lines drifts to programs that CPython rejects for another reason.
    let cpython_end = mask(pair.cpython.stderr.lines().last().unwrap_or(""));
    let crash_desc = match class {
        Class::Crash(d) => Some(mask(d)),
        _ => None,
    };
    let (reduced, stats) = if opts.reduce {
        // Past the run's end a reduction still gets 15 s; never more than 2 minutes.
        let now = Instant::now();
        let deadline = (start + opts.time)
            .max(now + Duration::from_secs(15))
            .min(now + Duration::from_secs(120));
        reduce::reduce(&item.source, opts.reduce_tests, deadline, |cand| {
            let Ok(p) = runner.run(cand) else {
                return false;
            };
            if mask(p.cpython.stderr.lines().last().unwrap_or("")) != cpython_end {
                return false;
            }
            match (&sig, classify(&p)) {
                (Some(s), Class::Divergence) => Signature::of(&p).same_as(s),
                (None, Class::Crash(d)) => Some(mask(&d)) == crash_desc,
                _ => false,
            }
        })
    } else {
        (item.source.clone(), reduce::Stats::default())
    };
    runner.timeout = saved;
    let final_pair = runner.run(&reduced)?;
    let meta = FindingMeta {
        signature: key.clone(),
        kind: if sig.is_some() { "divergence" } else { "crash" }.into(),
        channel: sig
            .as_ref()
            .map_or("crash".into(), |s| s.channel.to_string()),
        exception_cpython: sig.as_ref().map_or("-".into(), |s| s.exc_cpython.clone()),
        exception_pyref: sig.as_ref().map_or("-".into(), |s| s.exc_pyref.clone()),
        cpython_line: sig.as_ref().map_or(String::new(), |s| s.lines.0.clone()),
        pyref_line: match (&sig, class) {
            (Some(s), _) => s.lines.1.clone(),
            (None, Class::Crash(d)) => d.clone(),
            _ => String::new(),
        },
        summary: match (&sig, class) {
            (Some(s), _) => s.summary(),
            (None, Class::Crash(d)) => format!("crash: {d}"),
            _ => String::new(),
        },
        source: item.label.clone(),
        count: 1,
        deterministic: true,
        exit_cpython: final_pair.cpython.exit_text(),
        exit_pyref: final_pair.pyref.exit_text(),
        original_lines: item.source.lines().count(),
        reduced_lines: reduced.lines().count(),
        reduction_tests: stats.tests,
    };
    let dir = opts.out.join(&key);
    findings::write_finding(&dir, &meta, &reduced, &item.source, &diff_text(&final_pair))?;
    let mut f = sh.findings.lock().map_err(|_| "poisoned lock")?;
    if let Some(known) = f.get_mut(&key) {
        let count = known.meta.count;
        known.meta = meta;
        known.meta.count = count;
    }
    Ok(())
}

fn placeholder(key: &str) -> FindingMeta {
    FindingMeta {
        signature: key.to_string(),
        kind: String::new(),
        channel: String::new(),
        exception_cpython: String::new(),
        exception_pyref: String::new(),
        cpython_line: String::new(),
        pyref_line: String::new(),
        summary: String::new(),
        source: String::new(),
        count: 1,
        deterministic: true,
        exit_cpython: String::new(),
        exit_pyref: String::new(),
        original_lines: 0,
        reduced_lines: 0,
        reduction_tests: 0,
    }
}
