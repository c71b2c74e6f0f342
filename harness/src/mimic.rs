//! The `cargo test` face of the harness: one libtest-mimic trial per corpus case.
//!
//! Invariants:
//! - Trial names are `<area>::<case>`, stable whatever a case's status, so libtest
//!   filters (`closures::`), `--exact`, `--list` and cargo-nextest work unchanged.
//! - Listing never runs an interpreter; the oracle is resolved lazily by the first trial.
//! - A corpus that cannot be read becomes one failing trial, never a panic.
//! - After a run (not after `--list`, `--exact` or under nextest), the per-area table is
//!   printed on stderr, saying how many cases are expected failures (xfail trials pass).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use libtest_mimic::{Arguments, ColorSetting, Trial};

use crate::case::{discover, CaseFiles};
use crate::compare::{run_case, CaseResult, Verdict};
use crate::pool::default_case_jobs;
use crate::run::{Interp, OracleSource, Settings};
use crate::{diff, report};

/// Environment variable overriding the corpus directory.
pub const CORPUS_ENV: &str = "PYREF_CORPUS";

/// The corpus root: `$PYREF_CORPUS`, else `default`.
pub fn corpus_root(default: &Path) -> PathBuf {
    match std::env::var_os(CORPUS_ENV).filter(|v| !v.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => default.to_path_buf(),
    }
}

/// One trial per case, recording each result into `sink`.
pub fn trials(
    settings: Arc<Settings>,
    cases: Vec<CaseFiles>,
    sink: Arc<Mutex<Vec<CaseResult>>>,
) -> Vec<Trial> {
    cases
        .into_iter()
        .map(|case| {
            let settings = settings.clone();
            let sink = sink.clone();
            Trial::test(case.name.clone(), move || {
                let r = run_case(&settings, &case);
                let ok = r.trial_ok;
                let msg = r.render(settings.color);
                if let Ok(mut v) = sink.lock() {
                    v.push(r);
                }
                if ok {
                    Ok(())
                } else {
                    Err(msg.into())
                }
            })
        })
        .collect()
}

fn failing(name: &str, msg: String) -> Vec<Trial> {
    vec![Trial::test(name, move || Err(msg.into()))]
}

/// The whole `conformance` test binary (after the re-exec hook).
pub fn main(default_corpus: &Path) -> ExitCode {
    let mut args = Arguments::from_args();
    // One trial per case: one more trial than cores keeps the cores busy (see
    // `default_case_jobs`); `--test-threads` still decides.
    args.test_threads = args.test_threads.or_else(|| Some(default_case_jobs()));
    let color = match args.color {
        Some(ColorSetting::Always) => true,
        Some(ColorSetting::Never) => false,
        _ => diff::color_for_stdout(),
    };
    let root = corpus_root(default_corpus);
    let sink = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let built = (if root.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "corpus directory {} not found (set {CORPUS_ENV} to the corpus directory)",
            root.display()
        ))
    })
    .and_then(|()| Interp::pyref_from(None))
    .and_then(|pyref| Settings::new(&root, pyref, OracleSource::Discover))
    .and_then(|mut s| {
        s.color = color;
        let cases = discover(&s.corpus_root)?;
        Ok((s, cases))
    });
    let trials = match built {
        Ok((settings, cases)) => trials(Arc::new(settings), cases, sink.clone()),
        Err(e) => failing("corpus", e),
    };
    let conclusion = libtest_mimic::run(&args, trials);
    // The summary goes to stderr so stdout stays libtest's format; one-test processes
    // (cargo-nextest, `--exact`) get no table.
    let single = args.exact || std::env::var_os("NEXTEST").is_some();
    if !args.list && !single {
        let mut results = sink.lock().map(|v| v.clone()).unwrap_or_default();
        if !results.is_empty() {
            results.sort_by(|a, b| a.name.cmp(&b.name));
            eprintln!("\n{}", report::table(&results));
            let xfail = results
                .iter()
                .filter(|r| r.trial_ok && r.verdict != Verdict::Pass)
                .count();
            if xfail > 0 {
                eprintln!(
                    "{xfail} case(s) are expected failures (status: xfail) and count as passed trials."
                );
            }
            eprintln!(
                "{}",
                report::Timing::of(&results, start.elapsed()).describe()
            );
        }
    }
    conclusion.exit_code()
}
