//! `pyref-harness bench`: wall time of pyref against CPython 3.11 on benchmark programs.
//!
//! Invariants:
//! - Both sides run as fresh processes the same way: `cd <program's directory>;
//!   <interpreter> [flags] <program>` with the fixed environment of [`crate::run::fixed_env`]
//!   and stdin from `/dev/null`. CPython is the real executable (`sys.executable`, never a
//!   pyenv shim) with `-I -S`; pyref is a real executable (by default the `pyref` binary next
//!   to this harness binary, i.e. `target/release/pyref` for a release build).
//! - Runs are interleaved (pyref, CPython, pyref, ...) after one untimed warm-up run of each,
//!   so load changes on the machine hit both sides alike. Each side's figure is the median.
//! - A program runs with the `bench_args` of its sidecar (`<name>.yaml` next to it, when
//!   there is one): its work size under `bench`; the conformance suite runs it without
//!   arguments, at a small size.
//! - A program whose outputs (exit status, stdout, stderr) differ between the two sides, or
//!   that fails on either side, is reported and left out of the geometric mean.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::process::{self, Captured, ProcSpec, Termination};
use crate::python::CPython;
use crate::run::fixed_env;

/// Per-side timeout of one benchmark run.
const TIMEOUT: Duration = Duration::from_secs(120);

/// One program's result.
#[derive(Serialize, Debug, Clone)]
pub struct BenchResult {
    /// The program's file stem, e.g. `fib`.
    pub name: String,
    pub program: String,
    pub pyref_ms: f64,
    pub cpython_ms: f64,
    /// `pyref_ms / cpython_ms`.
    pub ratio: f64,
    /// Both sides produced the same exit status, stdout and stderr (and exit status 0).
    pub ok: bool,
    /// Why `ok` is false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    pub pyref_runs_ms: Vec<f64>,
    pub cpython_runs_ms: Vec<f64>,
}

/// The whole run, as written by `--json`.
#[derive(Serialize, Debug)]
pub struct BenchReport {
    pub cpython: String,
    pub cpython_executable: String,
    pub pyref_executable: String,
    pub runs: usize,
    pub programs: Vec<BenchResult>,
    /// Geometric mean of the ratios of the `ok` programs (None when there are none).
    pub geomean: Option<f64>,
}

/// The benchmark programs under `paths` (files, or directories searched for `*.py` not
/// starting with `_` or `.`), sorted.
pub fn collect_programs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let mut found: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    f.extension().is_some_and(|x| x == "py")
                        && !name.starts_with('_')
                        && !name.starts_with('.')
                })
                .collect();
            found.sort();
            out.extend(found);
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    if out.is_empty() {
        return Err("no benchmark programs found".to_string());
    }
    Ok(out)
}

/// The program's `bench_args` from its sidecar (none without a sidecar).
pub fn bench_args(script: &Path) -> Result<Vec<String>, String> {
    let sidecar = script.with_extension("yaml");
    if !sidecar.is_file() {
        return Ok(Vec::new());
    }
    crate::case::load_sidecar(&sidecar).map(|m| m.sidecar.bench_args)
}

fn spec(program: PathBuf, flags: &[&str], script: &Path, extra: &[String]) -> ProcSpec {
    let mut args: Vec<std::ffi::OsString> = flags.iter().map(|f| f.into()).collect();
    args.push(script.file_name().unwrap_or(script.as_os_str()).to_owned());
    args.extend(extra.iter().map(Into::into));
    ProcSpec {
        program,
        args,
        cwd: script.parent().map(Path::to_path_buf),
        clear_env: true,
        env: fixed_env(),
        timeout: TIMEOUT,
        output_cap: crate::run::DEFAULT_OUTPUT_CAP,
    }
}

fn ms(c: &Captured) -> f64 {
    c.elapsed.as_secs_f64() * 1000.0
}

/// The median of `v` (not empty).
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// The geometric mean of `v` (None when empty).
pub fn geomean(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    Some((v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp())
}

fn problem_of(p: &Captured, c: &Captured) -> Option<String> {
    if c.termination != Termination::Exited(0) {
        return Some(format!("CPython {}", c.termination.describe()));
    }
    if p.termination != c.termination {
        return Some(format!("pyref {}", p.termination.describe()));
    }
    if p.stdout != c.stdout {
        return Some("stdout differs".to_string());
    }
    if p.stderr != c.stderr {
        return Some("stderr differs".to_string());
    }
    None
}

/// Benchmarks one program with `runs` timed runs per side.
pub fn bench_one(pyref: &Path, cpy: &CPython, script: &Path, runs: usize) -> BenchResult {
    let name = script
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extra = match bench_args(script) {
        Ok(a) => a,
        Err(e) => {
            return BenchResult {
                name,
                program: script.display().to_string(),
                pyref_ms: f64::NAN,
                cpython_ms: f64::NAN,
                ratio: f64::NAN,
                ok: false,
                problem: Some(e),
                pyref_runs_ms: Vec::new(),
                cpython_runs_ms: Vec::new(),
            }
        }
    };
    let p_spec = spec(pyref.to_path_buf(), &[], script, &extra);
    let c_spec = spec(cpy.executable.clone(), &["-I", "-S"], script, &extra);
    // Warm-up (page cache, CPU frequency), also the output check.
    let pw = process::run(&p_spec);
    let cw = process::run(&c_spec);
    let problem = problem_of(&pw, &cw);
    let (mut pr, mut cr) = (Vec::new(), Vec::new());
    if problem.is_none() {
        for _ in 0..runs.max(1) {
            pr.push(ms(&process::run(&p_spec)));
            cr.push(ms(&process::run(&c_spec)));
        }
    } else {
        pr.push(ms(&pw));
        cr.push(ms(&cw));
    }
    let (pm, cm) = (median(&pr), median(&cr));
    BenchResult {
        name,
        program: script.display().to_string(),
        pyref_ms: pm,
        cpython_ms: cm,
        ratio: pm / cm,
        ok: problem.is_none(),
        problem,
        pyref_runs_ms: pr,
        cpython_runs_ms: cr,
    }
}

/// The table printed by `bench` (Markdown, as in README.md).
pub fn table(results: &[BenchResult], geo: Option<f64>) -> String {
    let mut s = String::from("| program | pyref ms | CPython ms | ratio |\n|---|---:|---:|---:|\n");
    for r in results {
        let note = match &r.problem {
            Some(p) => format!(" ({p}; not in the mean)"),
            None => String::new(),
        };
        s.push_str(&format!(
            "| {} | {:.1} | {:.1} | {:.2}{note} |\n",
            r.name, r.pyref_ms, r.cpython_ms, r.ratio
        ));
    }
    match geo {
        Some(g) => s.push_str(&format!("| **geometric mean** | | | **{g:.2}** |\n")),
        None => s.push_str("| **geometric mean** | | | n/a |\n"),
    }
    s
}

/// Runs every program and builds the report; `progress` sees each result as it comes.
pub fn run_bench(
    pyref: &Path,
    cpy: &CPython,
    programs: &[PathBuf],
    runs: usize,
    mut progress: impl FnMut(&BenchResult),
) -> BenchReport {
    let mut results = Vec::new();
    for p in programs {
        let r = bench_one(pyref, cpy, p, runs);
        progress(&r);
        results.push(r);
    }
    let ratios: Vec<f64> = results.iter().filter(|r| r.ok).map(|r| r.ratio).collect();
    BenchReport {
        cpython: cpy.version.clone(),
        cpython_executable: cpy.executable.display().to_string(),
        pyref_executable: pyref.display().to_string(),
        runs,
        geomean: geomean(&ratios),
        programs: results,
    }
}

/// The default pyref executable: `pyref` next to the running harness binary.
pub fn default_pyref() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let p = exe.with_file_name("pyref");
    if p.is_file() {
        Ok(p)
    } else {
        Err(format!(
            "{} not found: build it with `cargo build --release -p pyref` or pass --pyref PATH",
            p.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_geomean() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        let g = geomean(&[2.0, 0.5]).unwrap();
        assert!((g - 1.0).abs() < 1e-12);
        assert!(geomean(&[]).is_none());
    }

    #[test]
    fn table_marks_problems() {
        let r = BenchResult {
            name: "x".into(),
            program: "x.py".into(),
            pyref_ms: 2.0,
            cpython_ms: 1.0,
            ratio: 2.0,
            ok: false,
            problem: Some("stdout differs".into()),
            pyref_runs_ms: vec![2.0],
            cpython_runs_ms: vec![1.0],
        };
        let t = table(&[r], None);
        assert!(t.contains("| x | 2.0 | 1.0 | 2.00 (stdout differs; not in the mean) |"));
        assert!(t.contains("n/a"));
    }
}
