//! Generated programs on pyref (in process) and CPython 3.11 (a child process, found and
//! run the way the harness does): any difference in stdout, stderr or exit status is a
//! finding, printed as a unified diff.
//!
//! A divergence is saved once per signature as `artifacts/differential/divergence-<key>`
//! (a libFuzzer input: `pyref-harness fuzz --from-artifacts` reduces and reports it) and
//! the run goes on; set `PYREF_FUZZ_PANIC_ON_DIVERGENCE=1` to stop at the first one like a
//! crash. pyref's internal errors (exit 70) and panics always stop the run.
#![no_main]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use pyref_harness::fuzz::exec::{classify, Class, Pair, Runner, Side, PROGRAM_FILE};
use pyref_harness::fuzz::findings::diff_text;
use pyref_harness::fuzz::signature::Signature;
use pyref_harness::process::Termination;
use pyref_harness::run::Interp;

struct Ctx {
    runner: Runner,
    seen: Mutex<HashSet<String>>,
    out: PathBuf,
    panic_on_divergence: bool,
}

fn ctx() -> &'static Ctx {
    static C: OnceLock<Ctx> = OnceLock::new();
    C.get_or_init(|| {
        let cpy = pyref_harness::python::discover().unwrap_or_else(|e| panic!("{e}"));
        let dir = std::env::temp_dir().join(format!("pyref-differential-{}", std::process::id()));
        let runner = Runner::new(
            &dir,
            Interp::external(Path::new("/bin/false")),
            &cpy,
            Duration::from_secs(10),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/differential");
        let _ = std::fs::create_dir_all(&out);
        Ctx {
            runner,
            seen: Mutex::new(HashSet::new()),
            out,
            panic_on_divergence: std::env::var_os("PYREF_FUZZ_PANIC_ON_DIVERGENCE")
                .is_some_and(|v| v == "1"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let c = ctx();
    let p = pyref_harness::gen::generate(data);
    let Ok(cpython) = c.runner.run_cpython(&p.source) else {
        return;
    };
    if !matches!(cpython.termination, Termination::Exited(_)) {
        return; // CPython did not finish: a generator bug, reported by the harness's test.
    }
    let path = c.runner.dir().join(PROGRAM_FILE);
    let limits = pyref::Limits {
        recursion_limit: 1000,
        instruction_budget: Some(50_000_000),
        output_cap: Some(1 << 20),
        ..pyref::Limits::default()
    };
    let out = pyref::run_source(
        &p.source,
        &path.to_string_lossy(),
        vec![PROGRAM_FILE.into()],
        &limits,
    );
    let pyref = Side {
        termination: Termination::Exited(out.exit),
        stdout: c.runner.normalize(&out.stdout),
        stderr: c.runner.normalize(&out.stderr),
    };
    let pair = Pair { cpython, pyref };
    match classify(&pair) {
        Class::Crash(d) => panic!("pyref crashed: {d}\nprogram:\n{}", p.source),
        Class::Divergence => {
            let sig = Signature::of(&pair);
            let key = sig.key();
            let new = c
                .seen
                .lock()
                .map(|mut s| s.insert(key.clone()))
                .unwrap_or(false);
            if new || c.panic_on_divergence {
                eprintln!(
                    "==== divergence {key}: {}\n{}",
                    sig.summary(),
                    diff_text(&pair)
                );
                let _ = std::fs::write(c.out.join(format!("divergence-{key}")), data);
            }
            if c.panic_on_divergence {
                panic!("divergence {key}");
            }
        }
        _ => {}
    }
});
