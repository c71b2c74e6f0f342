//! The `pyref-harness` binary. Invariant: the re-exec hook runs before anything else, so
//! this binary doubles as pyref when `PYREF_HARNESS_EXEC_PYREF=1`.

fn main() -> std::process::ExitCode {
    pyref_harness::pyref_exec::exec_pyref_if_requested();
    pyref_harness::cli::main()
}
