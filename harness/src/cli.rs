//! The `pyref-harness` command line: `run`, `diff`, `record`, `gen`, `fuzz`, `promote`, `bench`.
//!
//! Invariants:
//! - Never panics on bad input: every problem is a message on stderr and an exit status
//!   (0 all good, 1 some case failed or could not be recorded, 2 usage or setup error).
//! - Progress lines and colour appear only on a terminal.
//! - `record` writes only CPython's output, never pyref's.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::case::{discover, load_sidecar, select, CaseFiles, CaseMeta};
use crate::compare::{run_case, unsupported_line, CaseResult, Verdict};
use crate::diff;
use crate::mimic::CORPUS_ENV;
use crate::normalize::apply_rules;
use crate::pool::{default_case_jobs, default_jobs, parallel_map};
use crate::process::{Channel, Termination};
use crate::record::{record_case, Recorded};
use crate::report::{self, RunInfo, Timing};
use crate::run::{run_side, Interp, OracleSource, Settings};

/// `println!` that ignores a closed stdout (e.g. `pyref-harness run | head`) instead of
/// panicking.
macro_rules! say {
    () => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout());
    }};
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` that ignores a closed stdout.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

const AFTER_HELP: &str = "\
Environment:
  PYREF_PYTHON  the CPython 3.11 to use as the oracle (else python3.11, else python3 if 3.11)
  PYREF_BIN     an interpreter to test instead of the built-in pyref (like --pyref)
  PYREF_CORPUS  the corpus directory (like --corpus)
  PYREF_HARNESS_FRESH=1  fresh processes instead of the persistent workers (like --fresh)
  NO_COLOR      disables colour

Corpus format and statuses: see corpus/README.md.";

/// Conformance harness for pyref: runs corpus programs through pyref and CPython 3.11
/// and shows where they differ.
#[derive(Parser, Debug)]
#[command(name = "pyref-harness", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug, Clone)]
struct Common {
    /// Corpus directory [default: $PYREF_CORPUS, else ./corpus, else the repository's corpus/]
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Interpreter executable to test instead of the built-in pyref [env: PYREF_BIN]
    #[arg(long, value_name = "PATH")]
    pyref: Option<PathBuf>,
    /// Number of cases run at once [default: available cores + 1]
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    /// When to colour diffs
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Run every program as a fresh process instead of through the persistent workers
    /// [env: PYREF_HARNESS_FRESH=1]
    #[arg(long)]
    fresh: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run corpus cases on pyref and CPython; print failures and a per-area table.
    ///
    /// Exit status 0 when every trial passes (xfail cases that fail count as passing),
    /// 1 otherwise.
    Run {
        #[command(flatten)]
        common: Common,
        /// Write a report: JSON if FILE ends in .json, JUnit XML if it ends in .xml
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Print one line per case, and details of expected failures too
        #[arg(short, long)]
        verbose: bool,
        /// Case files (.py or .yaml) or directories to run [default: the whole corpus]
        paths: Vec<PathBuf>,
    },
    /// Run one program on both sides and show the differences per channel.
    ///
    /// Exit status 0 when pyref's output equals CPython's, 1 otherwise.
    Diff {
        #[command(flatten)]
        common: Common,
        /// The program, e.g. corpus/closures/late_binding.py
        program: PathBuf,
    },
    /// Run cases on live CPython 3.11 (twice, to check determinism) and write the
    /// results into the `cpython:` section of their sidecars.
    ///
    /// The sidecar must exist with its metadata (description, status, ...); only the
    /// `cpython:` section is rewritten.
    Record {
        #[command(flatten)]
        common: Common,
        /// Case files or directories [default: the whole corpus]
        paths: Vec<PathBuf>,
    },
    /// Print one generated program (the differential fuzzer's generator).
    ///
    /// The seed expands to SIZE bytes (SplitMix64) that drive the generator; the same
    /// seed and size always print the same program.
    Gen {
        /// The seed
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Input bytes the seed expands to
        #[arg(long, value_name = "BYTES", default_value_t = crate::gen::DEFAULT_SIZE)]
        size: usize,
        /// Also print the swarm configuration (as a comment) before the program
        #[arg(long)]
        config: bool,
    },
    /// Differential fuzzing: generated programs on pyref and CPython; divergences are
    /// confirmed, reduced, deduplicated and written to OUT (one directory per signature,
    /// plus report.md).
    ///
    /// Exit status 0 when pyref never crashed (divergences are reported, not failures),
    /// 1 when pyref crashed, hung or reported an internal error, 2 on a setup error.
    Fuzz {
        /// Seconds to generate programs for
        #[arg(long, value_name = "S", default_value_t = 60.0)]
        time: f64,
        /// Programs run at once [default: available cores, one more when screening: a job
        /// alternates between generating a batch and waiting for it]
        #[arg(short = 'j', long, value_name = "N")]
        jobs: Option<usize>,
        /// First seed (program i uses seed+i) [default: from the clock]
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
        /// Input bytes each seed expands to
        #[arg(long, value_name = "BYTES", default_value_t = crate::gen::DEFAULT_SIZE)]
        size: usize,
        /// Output directory for findings and report.md
        #[arg(long, value_name = "DIR", default_value = "fuzz-out")]
        out: PathBuf,
        /// Stop after this many programs
        #[arg(long, value_name = "N")]
        max_programs: Option<u64>,
        /// Per-side timeout in seconds
        #[arg(long, value_name = "S", default_value_t = 10.0)]
        timeout: f64,
        /// Do not reduce findings
        #[arg(long)]
        no_reduce: bool,
        /// Candidate programs tried per reduction
        #[arg(long, value_name = "N", default_value_t = 400)]
        reduce_tests: usize,
        /// Run the inputs in DIR (libFuzzer artifacts or corpus of the generated or
        /// differential target) instead of seeds
        #[arg(long, value_name = "DIR")]
        from_artifacts: Option<PathBuf>,
        /// With --from-artifacts: the inputs are Python sources (the bytes target)
        #[arg(long)]
        raw_source: bool,
        /// Interpreter executable to test instead of the built-in pyref [env: PYREF_BIN]
        #[arg(long, value_name = "PATH")]
        pyref: Option<PathBuf>,
        /// Fresh processes instead of the persistent workers [env: PYREF_HARNESS_FRESH=1]
        #[arg(long)]
        fresh: bool,
        /// Run every program faithfully (fresh state, finalization) instead of screening
        /// batches in process first and re-running only the differing ones
        #[arg(long)]
        no_screen: bool,
    },
    /// Benchmark pyref against CPython 3.11 (median wall time of interleaved fresh-process
    /// runs, their ratio, and the geometric mean of the ratios).
    Bench {
        /// The pyref executable [default: `pyref` next to this binary]
        #[arg(long, value_name = "PATH")]
        pyref: Option<PathBuf>,
        /// Timed runs per side and program
        #[arg(long, value_name = "N", default_value_t = 5)]
        runs: usize,
        /// Also write the results as JSON
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Programs or directories [default: the corpus's bench/ directory]
        paths: Vec<PathBuf>,
    },
    /// Turn a finding directory (from `fuzz`) into a corpus case with status xfail and
    /// record CPython's result into its sidecar.
    Promote {
        /// The finding directory (with finding.yaml and program.py)
        finding: PathBuf,
        /// Corpus area
        #[arg(long, default_value = "fuzz_findings")]
        area: String,
        /// Case name [default: from the signature]
        #[arg(long)]
        name: Option<String>,
        /// The xfail reason [default: the finding's one-line summary]
        #[arg(long)]
        reason: Option<String>,
        /// Corpus directory [default: $PYREF_CORPUS, else ./corpus, else the repository's corpus/]
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
    },
}

/// Entry point of the `pyref-harness` binary (after the re-exec hook).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.command {
        Command::Run {
            common,
            report,
            verbose,
            paths,
        } => cmd_run(&common, &paths, report.as_deref(), verbose),
        Command::Diff { common, program } => cmd_diff(&common, &program),
        Command::Record { common, paths } => cmd_record(&common, &paths),
        Command::Gen { seed, size, config } => cmd_gen(seed, size, config),
        Command::Fuzz {
            time,
            jobs,
            seed,
            size,
            out,
            max_programs,
            timeout,
            no_reduce,
            reduce_tests,
            from_artifacts,
            raw_source,
            pyref,
            fresh,
            no_screen,
        } => {
            let source = match from_artifacts {
                Some(dir) => crate::fuzz::driver::Source::Artifacts { dir, raw_source },
                None => crate::fuzz::driver::Source::Seeds {
                    seed: seed.unwrap_or_else(clock_seed),
                    size,
                },
            };
            cmd_fuzz(FuzzArgs {
                source,
                time,
                jobs,
                out,
                max_programs,
                timeout,
                reduce: !no_reduce,
                reduce_tests,
                pyref,
                fresh,
                screen: !no_screen,
            })
        }
        Command::Bench {
            pyref,
            runs,
            json,
            paths,
        } => cmd_bench(pyref, runs, json.as_deref(), &paths),
        Command::Promote {
            finding,
            area,
            name,
            reason,
            corpus,
        } => cmd_promote(&finding, &area, name.as_deref(), reason.as_deref(), corpus),
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pyref-harness: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn cmd_bench(
    pyref: Option<PathBuf>,
    runs: usize,
    json: Option<&Path>,
    paths: &[PathBuf],
) -> Result<ExitCode, String> {
    let pyref = match pyref {
        Some(p) => canonical(&p)?,
        None => crate::bench::default_pyref()?,
    };
    let cpy = crate::python::discover()?;
    let paths = if paths.is_empty() {
        let root = default_roots()
            .into_iter()
            .next()
            .ok_or("no corpus directory found: pass the benchmark paths")?;
        vec![root.join("bench")]
    } else {
        paths
            .iter()
            .map(|p| canonical(p))
            .collect::<Result<_, _>>()?
    };
    let programs = crate::bench::collect_programs(&paths)?;
    say!(
        "pyref {} vs CPython {} ({} -I -S), {runs} interleaved runs each",
        pyref.display(),
        cpy.version,
        cpy.executable.display()
    );
    let report = crate::bench::run_bench(&pyref, &cpy, &programs, runs, |r| {
        if std::io::stderr().is_terminal() {
            eprintln!(
                "  {}: {:.1} ms / {:.1} ms",
                r.name, r.pyref_ms, r.cpython_ms
            );
        }
    });
    say_raw!("{}", crate::bench::table(&report.programs, report.geomean));
    if let Some(j) = json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(j, text + "\n").map_err(|e| format!("{}: {e}", j.display()))?;
    }
    Ok(if report.programs.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => diff::color_for_stdout(),
    }
}

fn default_roots() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        v.push(cwd.join("corpus"));
    }
    v.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus"));
    v.into_iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| p.canonicalize().ok())
        .collect()
}

fn canonical(p: &Path) -> Result<PathBuf, String> {
    p.canonicalize()
        .map_err(|e| format!("{}: {e}", p.display()))
}

/// The corpus root and the selected paths (canonical).
fn resolve(common: &Common, paths: &[PathBuf]) -> Result<(PathBuf, Vec<PathBuf>), String> {
    let selection: Vec<PathBuf> = paths
        .iter()
        .map(|p| canonical(p))
        .collect::<Result<_, _>>()?;
    let explicit = common.corpus.clone().or_else(|| {
        std::env::var_os(CORPUS_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let root = if let Some(r) = explicit {
        canonical(&r).map_err(|e| format!("corpus directory {e}"))?
    } else {
        let defaults = default_roots();
        if let Some(r) = defaults
            .iter()
            .find(|r| selection.iter().all(|s| s.starts_with(r)))
        {
            r.clone()
        } else if let Some(first) = selection.first() {
            // Infer from <root>/<area>/<case>.py or <root>/<area>/.
            let area_dir = if first.is_file() {
                first.parent()
            } else if dir_has_cases(first) {
                Some(first.as_path())
            } else {
                None
            };
            match area_dir {
                Some(a) => a.parent().unwrap_or(a).to_path_buf(),
                None => first.clone(),
            }
        } else {
            return Err(
                "no corpus directory found: pass --corpus DIR or set PYREF_CORPUS".to_string(),
            );
        }
    };
    for s in &selection {
        if !s.starts_with(&root) {
            return Err(format!(
                "{} is not inside the corpus {} (use --corpus)",
                s.display(),
                root.display()
            ));
        }
    }
    Ok((root, selection))
}

fn dir_has_cases(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|rd| {
        rd.filter_map(Result::ok).any(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.ends_with(".py") || n.ends_with(".yaml")
        })
    })
}

fn settings_for(common: &Common, root: &Path) -> Result<Settings, String> {
    let pyref = Interp::pyref_from(common.pyref.as_deref())?;
    let mut s = Settings::new(root, pyref, OracleSource::Discover)?;
    s.color = color_enabled(common.color);
    s.fresh |= common.fresh;
    Ok(s)
}

fn selected_cases(root: &Path, selection: &[PathBuf]) -> Result<Vec<CaseFiles>, String> {
    let cases = select(discover(root)?, selection);
    if cases.is_empty() {
        return Err(format!("no cases found under {}", {
            if selection.is_empty() {
                root.display().to_string()
            } else {
                selection
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }));
    }
    Ok(cases)
}

struct Progress {
    on: bool,
    total: usize,
    done: usize,
    failed: usize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            on: std::io::stderr().is_terminal(),
            total,
            done: 0,
            failed: 0,
        }
    }
    fn tick(&mut self, name: &str, ok: bool) {
        self.done += 1;
        if !ok {
            self.failed += 1;
        }
        if self.on {
            eprint!(
                "\r\x1b[K[{:>4}/{}] {} failed  {}",
                self.done, self.total, self.failed, name
            );
        }
    }
    fn clear(&self) {
        if self.on {
            eprint!("\r\x1b[K");
        }
    }
    fn finish(&self) {
        self.clear();
    }
}

fn oracle_banner(settings: &Settings) -> String {
    match settings.oracle_quiet() {
        Ok(c) => format!("CPython {} (live, {})", c.version, c.executable.display()),
        Err(e) => {
            eprintln!(
                "note: {e}\nnote: comparing against the recorded CPython results only; \
                 recordings are not checked for staleness."
            );
            "recorded CPython results (no live CPython 3.11)".to_string()
        }
    }
}

fn cmd_run(
    common: &Common,
    paths: &[PathBuf],
    report_path: Option<&Path>,
    verbose: bool,
) -> Result<ExitCode, String> {
    if let Some(p) = report_path {
        if !matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "xml")) {
            return Err(format!(
                "--report {}: the file name must end in .json or .xml",
                p.display()
            ));
        }
    }
    let (root, selection) = resolve(common, paths)?;
    let settings = settings_for(common, &root)?;
    let cases = selected_cases(&root, &selection)?;
    let oracle = oracle_banner(&settings);
    say!("pyref:  {}", settings.pyref.description);
    say!("oracle: {oracle}");
    say!("corpus: {} ({} cases)", root.display(), cases.len());
    let start = Instant::now();
    let mut progress = Progress::new(cases.len());
    let results: Vec<CaseResult> = parallel_map(
        &cases,
        common.jobs.unwrap_or_else(default_case_jobs),
        |c| run_case(&settings, c),
        |_, r| {
            if verbose {
                progress.clear();
                say!(
                    "{:<11} {}",
                    format!("{:?}", r.verdict).to_lowercase(),
                    r.name
                );
            }
            progress.tick(&r.name, r.trial_ok);
        },
    );
    progress.finish();
    let wall = start.elapsed();
    let mut shown = 0;
    for r in &results {
        if !r.trial_ok || (verbose && r.verdict != Verdict::Pass) {
            let tag = if r.trial_ok { "note" } else { "FAIL" };
            say!("\n==== {tag} {} ====", r.name);
            say_raw!("{}", r.render(settings.color));
            shown += 1;
        }
    }
    if shown > 0 {
        say!();
    }
    say_raw!("{}", report::table(&results));
    let timing = Timing::of(&results, wall);
    say!("{}", timing.describe());
    if let Some(p) = report_path {
        let info = RunInfo {
            oracle: &oracle,
            pyref: &settings.pyref.description,
            timing,
        };
        report::write_report(p, &results, &info)?;
        say!("report written to {}", p.display());
    }
    let failed = results.iter().filter(|r| !r.trial_ok).count();
    say!(
        "result: {} passed, {} failed",
        results.len() - failed,
        failed
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn cmd_diff(common: &Common, program: &Path) -> Result<ExitCode, String> {
    let (root, selection) = resolve(common, &[program.to_path_buf()])?;
    let prog = selection.first().cloned().unwrap_or_default();
    if prog.extension().and_then(|e| e.to_str()) != Some("py") || !prog.is_file() {
        return Err(format!("{}: not a .py program", program.display()));
    }
    let settings = settings_for(common, &root)?;
    let rel = prog
        .strip_prefix(&root)
        .map_err(|_| format!("{} is not inside {}", prog.display(), root.display()))?
        .to_string_lossy()
        .into_owned();
    let sidecar = prog.with_extension("yaml");
    let meta: Option<CaseMeta> = if sidecar.is_file() {
        Some(load_sidecar(&sidecar)?)
    } else {
        eprintln!("note: {} has no sidecar; using defaults", prog.display());
        None
    };
    let timeout = std::time::Duration::from_secs_f64(
        meta.as_ref()
            .map_or(crate::case::DEFAULT_TIMEOUT_SECS, |m| m.timeout_secs),
    );
    let rules = meta.as_ref().map(|m| m.rules.clone()).unwrap_or_default();
    let (exp_exit, exp_out, exp_err, label) = match settings.oracle_quiet() {
        Ok(c) => {
            let live = run_side(&settings, &Interp::cpython(c), &rel, timeout);
            let exit = match live.termination {
                Termination::Exited(code) => code.to_string(),
                ref t => format!("<{}>", t.describe()),
            };
            (
                exit,
                live.stdout,
                live.stderr,
                format!("CPython {} (live)", c.version),
            )
        }
        Err(e) => match meta.as_ref().and_then(|m| m.sidecar.cpython.clone()) {
            Some(rec) => {
                eprintln!(
                    "note: {e}\nnote: comparing against the recording in {}",
                    sidecar.display()
                );
                (
                    rec.exit_status.to_string(),
                    rec.stdout,
                    rec.stderr,
                    format!("CPython {} (recorded)", rec.version),
                )
            }
            None => {
                return Err(format!(
                    "{e}; and {} has no recording to compare with",
                    sidecar.display()
                ))
            }
        },
    };
    let got = run_side(&settings, &settings.pyref, &rel, timeout);
    let got_exit = match got.termination {
        Termination::Exited(code) => code.to_string(),
        ref t => format!("<{}>", t.describe()),
    };
    say!("cpython: {label}");
    say!("pyref:   {}", settings.pyref.description);
    if let Some(u) = unsupported_line(&got) {
        say!("pyref reports {u}");
    }
    let mut same = true;
    if exp_exit != got_exit {
        same = false;
        say!("exit status differs: cpython {exp_exit}, pyref {got_exit}");
    } else {
        say!("exit status: {exp_exit} on both sides");
    }
    for (channel, a, b) in [
        (Channel::Stdout, &exp_out, &got.stdout),
        (Channel::Stderr, &exp_err, &got.stderr),
    ] {
        let a = apply_rules(a, channel, &rules);
        let b = apply_rules(b, channel, &rules);
        if a == b {
            say!("{}: identical", channel.name());
        } else {
            same = false;
            say!("{} differs:", channel.name());
            say_raw!(
                "{}",
                diff::unified(&a, &b, "cpython", "pyref", settings.color)
            );
        }
    }
    Ok(if same {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn cmd_record(common: &Common, paths: &[PathBuf]) -> Result<ExitCode, String> {
    let (root, selection) = resolve(common, paths)?;
    let pyref = Interp::pyref_from(common.pyref.as_deref())?;
    let mut settings = Settings::new(&root, pyref, OracleSource::Discover)?;
    // Recordings are the ground truth: always from fresh CPython processes.
    settings.fresh = true;
    let cpy = match settings.oracle_quiet() {
        Ok(c) => c.clone(),
        Err(e) => {
            return Err(format!(
                "`record` needs a live CPython 3.11 to record from.\n{e}\n\
                 (The other commands can run against existing recordings without it.)"
            ))
        }
    };
    let cases = selected_cases(&root, &selection)?;
    say!(
        "recording {} case(s) with CPython {} ({})",
        cases.len(),
        cpy.version,
        cpy.executable.display()
    );
    let mut progress = Progress::new(cases.len());
    let results = parallel_map(
        &cases,
        common.jobs.unwrap_or_else(default_case_jobs),
        |c| record_case(&settings, &cpy, c),
        |i, r| progress.tick(&cases[i].name, r.is_ok()),
    );
    progress.finish();
    let (mut written, mut unchanged, mut errors) = (0, 0, 0);
    for (case, r) in cases.iter().zip(&results) {
        match r {
            Ok(Recorded::Written { exit_status }) => {
                written += 1;
                say!("recorded  {} (exit {exit_status})", case.name);
            }
            Ok(Recorded::Unchanged { .. }) => unchanged += 1,
            Err(e) => {
                errors += 1;
                eprintln!("error     {}: {e}", case.name);
            }
        }
    }
    say!("{written} recorded, {unchanged} unchanged, {errors} error(s)");
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn cmd_gen(seed: u64, size: usize, config: bool) -> Result<ExitCode, String> {
    let p = crate::gen::generate_from_seed(seed, size);
    if config {
        for l in format!("{:#?}", p.config).lines() {
            say!("# {l}");
        }
        if p.intended_syntax_error {
            say!("# intended: SyntaxError");
        }
    }
    say_raw!("{}", p.source);
    Ok(ExitCode::SUCCESS)
}

fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .wrapping_mul(1_000_003)
}

struct FuzzArgs {
    source: crate::fuzz::driver::Source,
    time: f64,
    jobs: Option<usize>,
    out: PathBuf,
    max_programs: Option<u64>,
    timeout: f64,
    reduce: bool,
    reduce_tests: usize,
    pyref: Option<PathBuf>,
    fresh: bool,
    screen: bool,
}

fn secs(v: f64, what: &str) -> Result<std::time::Duration, String> {
    if !(v.is_finite() && v >= 0.0) {
        return Err(format!("{what}: give a number of seconds >= 0"));
    }
    Ok(std::time::Duration::from_secs_f64(v))
}

fn cmd_fuzz(a: FuzzArgs) -> Result<ExitCode, String> {
    let cpython = crate::python::discover()?;
    let pyref = Interp::pyref_from(a.pyref.as_deref())?;
    let opts = crate::fuzz::driver::Options {
        source: a.source,
        time: secs(a.time, "--time")?,
        max_programs: a.max_programs,
        jobs: a
            .jobs
            .unwrap_or_else(|| default_jobs() + usize::from(a.screen && !a.fresh)),
        out: a.out,
        timeout: secs(a.timeout, "--timeout")?.max(std::time::Duration::from_millis(100)),
        reduce: a.reduce,
        reduce_tests: a.reduce_tests,
        pyref,
        cpython,
        fresh: a.fresh,
        screen: a.screen,
    };
    let s = crate::fuzz::driver::run(&opts)?;
    let t = &s.totals;
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    say!(
        "{} programs in {:.1} s ({:.1}/s): {} same, {} divergent, {} unsupported, {} crashed, \
         {} flaky, {} generator errors",
        t.programs,
        secs,
        t.programs as f64 / secs,
        t.same,
        t.divergent,
        t.unsupported,
        t.crashes,
        t.flaky,
        t.oracle_failed
    );
    for f in &s.findings {
        say!(
            "finding {} (x{}, {} lines): {}",
            f.meta.signature,
            f.meta.count,
            f.meta.reduced_lines,
            f.meta.summary
        );
    }
    say!("report: {}", s.report_path.display());
    // The plain closing line CI reads: a program "fails" only when pyref crashed on it.
    say!(
        "fuzz: {} passed, {} failed",
        t.programs.saturating_sub(t.crashes),
        t.crashes
    );
    Ok(if s.crashes() > 0 {
        eprintln!(
            "pyref-harness fuzz: {} distinct pyref crash(es); see {}",
            s.crashes(),
            s.report_path.display()
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn cmd_promote(
    finding: &Path,
    area: &str,
    name: Option<&str>,
    reason: Option<&str>,
    corpus: Option<PathBuf>,
) -> Result<ExitCode, String> {
    let common = Common {
        corpus,
        pyref: None,
        jobs: None,
        color: ColorChoice::Never,
        fresh: true,
    };
    let (root, _) = resolve(&common, &[])?;
    let mut settings = Settings::new(&root, Interp::builtin_pyref()?, OracleSource::Discover)?;
    settings.fresh = true; // recording: fresh CPython processes
    let cpy = settings
        .oracle_quiet()
        .map_err(|e| format!("`promote` records CPython's result and needs it: {e}"))?
        .clone();
    let p = crate::fuzz::promote::promote(&settings, &cpy, finding, area, name, reason)?;
    say!(
        "promoted to {} (xfail; CPython exit {} recorded in {})",
        p.program.display(),
        p.exit_status,
        p.sidecar.display()
    );
    Ok(ExitCode::SUCCESS)
}
