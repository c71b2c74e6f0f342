//! Arbitrary bytes as Python source: pyref never panics and never hangs (an instruction
//! budget bounds every run; running out of it is reported as "unsupported", exit 3).
//! A finding is exit status 70 (internal error) or a crash of the process.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let limits = pyref::Limits {
        recursion_limit: 1000,
        instruction_budget: Some(200_000),
        output_cap: Some(1 << 16),
        ..pyref::Limits::default()
    };
    let out = pyref::run_source(&src, "<fuzz>", vec!["<fuzz>".into()], &limits);
    assert_ne!(
        out.exit,
        pyref::EXIT_INTERNAL,
        "pyref internal error:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
});
