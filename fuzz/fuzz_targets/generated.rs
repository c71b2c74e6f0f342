//! Generated programs (pyref-harness's generator) on pyref alone: no panic, no internal
//! error, and every program finishes within the instruction budget (the generator promises
//! termination; running out of budget is a finding too).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = pyref_harness::gen::generate(data);
    let limits = pyref::Limits {
        recursion_limit: 1000,
        instruction_budget: Some(20_000_000),
        output_cap: Some(1 << 20),
        ..pyref::Limits::default()
    };
    let out = pyref::run_source(&p.source, "/fuzz/prog.py", vec!["prog.py".into()], &limits);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.exit,
        pyref::EXIT_INTERNAL,
        "pyref internal error:\n{err}\nprogram:\n{}",
        p.source
    );
    assert!(
        !err.contains("instruction budget exhausted"),
        "generated program did not finish within the budget:\n{}",
        p.source
    );
});
