//! The conformance suite: one trial per corpus program (`<area>::<case>`), comparing
//! pyref with CPython 3.11. Invariant: the re-exec hook runs first, so this test binary
//! is also the pyref that its trials run. Corpus: `$PYREF_CORPUS`, else `../corpus`.

fn main() -> std::process::ExitCode {
    pyref_harness::pyref_exec::exec_pyref_if_requested();
    let default = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    pyref_harness::mimic::main(&default)
}
