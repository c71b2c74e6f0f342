//! Running a program: source -> code -> `__main__` execution -> outcome (stdout, stderr, exit).
//!
//! Invariants:
//! - Every run ends in an [`Outcome`]; a Python exception never escapes as a Rust error.
//! - Exit statuses: 0 success, 1 uncaught exception, 2 missing file, SystemExit codes,
//!   [`EXIT_UNSUPPORTED`] for unsupported features, [`EXIT_INTERNAL`] for pyref bugs.
//! - Source nesting deeper than CPython's parser allows is rejected before the (recursive)
//!   parser sees it.

use std::rc::Rc;

use ruff_text_size::TextRange;

use crate::bytecode::Code;
use crate::compile::Compiler;
use crate::error::{PyErr, PyResult};
use crate::objects::{Dict, ExcObj, ExcType, Opaque, OpaqueKind, Value};
use crate::parse_error::SynLoc;
use crate::source::LineIndex;
use crate::symtable::SymbolTable;
use crate::vm::output::Output;
use crate::vm::{Limits, Vm};

pub const EXIT_UNSUPPORTED: i32 = 3;
pub const EXIT_INTERNAL: i32 = 70;

/// What a program printed and how it ended.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit: i32,
}

impl Outcome {
    /// The outcome of a run that ended in a pyref panic: `pyref: internal error: <msg>`,
    /// exit status 70.
    pub fn internal_error(msg: &str) -> Outcome {
        Outcome {
            stdout: Vec::new(),
            stderr: format!("pyref: internal error: {msg}\n").into_bytes(),
            exit: EXIT_INTERNAL,
        }
    }
}

/// The message of a panic payload (a `&str` or `String`, else "panic").
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Exec,
    Eval,
    /// One interactive statement (`compile(..., 'single')`).
    Single,
}

fn syntax_error(vm: &mut Vm, msg: &str, filename: &str, src: &str, range: TextRange) -> PyErr {
    syntax_error_at(
        vm,
        ExcType::SyntaxError,
        msg,
        filename,
        src,
        SynLoc::Range(range),
    )
}

/// A SyntaxError (or subclass `exc`) pointing at `loc` in `src`.
fn syntax_error_at(
    vm: &mut Vm,
    exc: ExcType,
    msg: &str,
    filename: &str,
    src: &str,
    loc: SynLoc,
) -> PyErr {
    let char_col = |l: u32, c: u32| -> i64 {
        let t = crate::source::nth_line(src, l as usize - 1).unwrap_or("");
        let c = (c as usize).min(t.len());
        t.get(..c).map_or(c, |p| p.chars().count()) as i64 + 1
    };
    let (line, offset, end_line, end_offset) = match loc {
        SynLoc::Range(range) => {
            let lines = LineIndex::new(src);
            let (line, col) = lines.locate(range.start().into());
            let (end_line, end_col) = lines.locate(range.end().into());
            (
                line,
                char_col(line, col),
                end_line,
                char_col(end_line, end_col),
            )
        }
        SynLoc::At {
            line, offset, end, ..
        } => (line as u32, offset, line as u32, end),
    };
    let nl = match loc {
        SynLoc::At { nl: false, .. } => "",
        _ => "\n",
    };
    let text = crate::source::nth_line(src, line as usize - 1).unwrap_or_default();
    let e = ExcObj::new(
        crate::objects::types::exc_ty(exc),
        vec![
            Value::str(msg),
            Value::tuple(vec![
                Value::str(filename),
                Value::Int(line as i64),
                Value::Int(offset),
                Value::str(&format!("{text}{nl}")),
                Value::Int(end_line as i64),
                Value::Int(end_offset),
            ]),
        ],
    );
    e.set_attr("msg", Value::str(msg));
    e.set_attr("filename", Value::str(filename));
    e.set_attr("lineno", Value::Int(line as i64));
    e.set_attr("offset", Value::Int(offset));
    e.set_attr("text", Value::str(&format!("{text}{nl}")));
    e.set_attr("end_lineno", Value::Int(end_line as i64));
    e.set_attr("end_offset", Value::Int(end_offset));
    let _ = vm;
    PyErr::Exc(e)
}

/// CPython 3.11's symtable recursion budget: 3 levels per frame of the current depth, up to
/// 3 x the recursion limit (COMPILER_STACK_FRAME_SCALE).
fn compile_limits(vm: &Vm) -> (u32, u32) {
    (
        vm.depth.saturating_mul(3),
        vm.recursion_limit.saturating_mul(3),
    )
}

fn scope_error(vm: &mut Vm, e: crate::symtable::ScopeError, filename: &str, src: &str) -> PyErr {
    if e.recursion {
        return PyErr::new(ExcType::RecursionError, e.msg);
    }
    syntax_error(vm, &e.msg, filename, src, e.range)
}

/// Compiles source text to a code object (SyntaxError as a Python exception).
pub fn compile_source(vm: &mut Vm, src: &str, filename: &str, mode: Mode) -> PyResult<Rc<Code>> {
    compile_text(vm, src, filename, mode, false)
}

/// [`compile_source`]; `from_file`: the main program, read from a file (CPython's file
/// tokenizer reports some end-of-input errors at other offsets than a string's).
fn compile_text(
    vm: &mut Vm,
    src: &str,
    filename: &str,
    mode: Mode,
    from_file: bool,
) -> PyResult<Rc<Code>> {
    let brackets = crate::brackets::scan(src);
    if let Some(b) = brackets.as_ref().filter(|b| b.fatal) {
        return Err(syntax_error(vm, &b.msg, filename, src, b.range));
    }
    let lines = LineIndex::new(src);
    let fname: Rc<str> = Rc::from(filename);
    // The parser's error as CPython reports it (eval and single mode keep the line's text).
    let parse_failure = |vm: &mut Vm, e: &ruff_python_parser::ParseError| {
        let err = parse_error(vm, e, filename, src, brackets.as_ref(), from_file);
        if mode == Mode::Exec {
            err
        } else {
            source_text(err, src)
        }
    };
    match mode {
        Mode::Exec | Mode::Single => {
            let parsed = match ruff_python_parser::parse_module(src) {
                Ok(p) => p,
                Err(e) => return Err(parse_failure(vm, &e)),
            };
            let module = parsed.into_syntax();
            let st = SymbolTable::build(&module.body, module.range, compile_limits(vm))
                .map_err(|e| scope_error(vm, e, filename, src))?;
            Compiler::new(&st, src, &lines, fname)
                .compile_module(&module.body, mode == Mode::Single)
                .map_err(|e| syntax_error(vm, &e.msg, filename, src, e.range))
        }
        Mode::Eval => {
            let parsed = match ruff_python_parser::parse_expression(src) {
                Ok(p) => p,
                Err(e) => return Err(parse_failure(vm, &e)),
            };
            let expr = parsed.into_syntax();
            let st = SymbolTable::build_expr(&expr.body, expr.range, compile_limits(vm))
                .map_err(|e| scope_error(vm, e, filename, src))?;
            Compiler::new(&st, src, &lines, fname)
                .compile_eval(&expr.body)
                .map_err(|e| syntax_error(vm, &e.msg, filename, src, e.range))
        }
    }
}

/// A SyntaxError's `text` as the source has it (eval and single mode: no line break is
/// appended to a last line without one).
fn source_text(err: PyErr, src: &str) -> PyErr {
    if let PyErr::Exc(e) = &err {
        if let Some(Value::Int(n)) = e.get_attr("lineno") {
            let Some(line) = src.split_inclusive('\n').nth((n as usize).wrapping_sub(1)) else {
                return err;
            };
            let text = Value::str(line);
            e.set_attr("text", text.clone());
            let mut args = e.args().to_vec();
            if let Some(Value::Tuple(t)) = args.get(1) {
                let mut details = t.to_vec();
                if details.len() > 3 {
                    details[3] = text;
                    args[1] = Value::tuple(details);
                    *e.args.borrow_mut() = Rc::new(args);
                }
            }
        }
    }
    err
}

/// Maps a ruff parse error to CPython's SyntaxError wording where they are known to match
/// (see [`crate::parse_error`]).
fn parse_error(
    vm: &mut Vm,
    e: &ruff_python_parser::ParseError,
    filename: &str,
    src: &str,
    brackets: Option<&crate::brackets::BracketError>,
    from_file: bool,
) -> PyErr {
    let m = crate::parse_error::map(e, src, from_file);
    if let Some(b) = brackets {
        // An unclosed bracket is what CPython reports when parsing fails at the end of input,
        // or with a generic "invalid syntax" (its tokenizer then reads on to the end).
        // (`_PyPegen_tokenize_full_source_to_check_for_errors`: only a bracket opened on an
        // earlier line than the error's).
        let at_end = usize::from(e.location.start()) >= src.trim_end().len();
        let line_of = |at: ruff_text_size::TextSize| src[..usize::from(at)].matches('\n').count();
        let generic = m.exc == ExcType::SyntaxError
            && m.msg == "invalid syntax"
            && line_of(b.range.start()) < line_of(e.location.start());
        if b.never_closed && (at_end || generic) {
            // raise_unclosed_parentheses_error: end_offset 0; a string's earlier line comes
            // from the tokenizer's buffers, without its line break.
            let lines = LineIndex::new(src);
            let (line, col) = lines.locate(b.range.start().into());
            let text = crate::source::nth_line(src, line as usize - 1).unwrap_or("");
            let offset = text.get(..col as usize).map_or(0, |p| p.chars().count()) as i64 + 1;
            let last = src.matches('\n').count() + usize::from(!src.ends_with('\n'));
            let loc = SynLoc::At {
                line: line as usize,
                offset,
                end: 0,
                nl: from_file || line as usize >= last,
            };
            return syntax_error_at(vm, ExcType::SyntaxError, &b.msg, filename, src, loc);
        }
        if !b.never_closed && b.range.start() <= e.location.start() {
            return syntax_error(vm, &b.msg, filename, src, b.range);
        }
    }
    syntax_error_at(vm, m.exc, &m.msg, filename, src, m.loc)
}

fn main_globals(vm: &mut Vm, file: &str) -> crate::objects::DictRef {
    let mut g = Dict::default();
    g.set_str("__name__", Value::str("__main__"));
    g.set_str("__doc__", Value::None);
    g.set_str("__package__", Value::None);
    g.set_str(
        "__loader__",
        Value::Opaque(Rc::new(Opaque {
            type_name: "SourceFileLoader",
            kind: OpaqueKind::Placeholder,
        })),
    );
    g.set_str("__spec__", Value::None);
    g.set_str("__annotations__", Value::dict(Dict::default()));
    g.set_str(
        "__builtins__",
        vm.modules.get("builtins").cloned().unwrap_or(Value::None),
    );
    if file != "<string>" {
        g.set_str("__file__", Value::str(file));
        g.set_str("__cached__", Value::None);
    }
    Rc::new(std::cell::RefCell::new(g))
}

impl Vm {
    /// Source lines of a file (linecache): read from disk once, as CPython's traceback does.
    pub fn source_lines(&mut self, filename: &str) -> Option<Rc<Vec<String>>> {
        if let Some(v) = self.linecache.get(filename) {
            return v.clone();
        }
        let v = if filename.starts_with('<') && filename.ends_with('>') {
            None
        } else {
            std::fs::read(filename)
                .ok()
                .map(|b| Rc::new(crate::source::split_lines(&String::from_utf8_lossy(&b))))
        };
        self.linecache.insert(Rc::from(filename), v.clone());
        v
    }
}

/// Runs a module's source as `__main__`; returns the exit status (output goes through `vm.out`).
/// Without `teardown` ([`Limits::main_only`]) the globals are left alone at the end.
fn run_main(vm: &mut Vm, src: &str, filename: &str, teardown: bool) -> i32 {
    let code = match compile_text(vm, src, filename, Mode::Exec, filename != "<string>") {
        Ok(c) => c,
        Err(e) => return report(vm, e),
    };
    if std::env::var_os("PYREF_DIS").is_some() {
        vm.out.stderr.write(&crate::bytecode::dis::dis(&code));
    }
    let globals = main_globals(vm, filename);
    let main = crate::objects::Module {
        name: Rc::from("__main__"),
        dict: globals.clone(),
    };
    vm.modules
        .insert(Rc::from("__main__"), Value::Module(Rc::new(main)));
    let r = vm.run_module_code(code, globals.clone());
    let status = match r {
        Ok(_) => 0,
        Err(e) => report(vm, e),
    };
    if !teardown {
        // No finalization (nothing more is compared), but the run's reference cycles
        // (functions and classes hold their module's globals, closures can reach
        // themselves through cells) are broken so that a thread running many programs gets
        // their memory back; queued finalizers die with the Vm unrun.
        globals.borrow_mut().clear_and_free();
        for m in std::mem::take(&mut vm.modules).into_values() {
            if let Value::Module(m) = m {
                m.dict.borrow_mut().clear_and_free();
            }
        }
        vm.clear_cells();
        return status;
    }
    // Interpreter exit: finalizers on intact objects, then the globals die (`vm/exit.rs`).
    vm.finalize_at_exit(globals);
    status
}

/// Prints an uncaught error as CPython does and returns the exit status.
fn report(vm: &mut Vm, e: PyErr) -> i32 {
    match e {
        PyErr::Exc(x) => {
            if x.is(ExcType::SystemExit) {
                let args = x.args();
                let code = match args.len() {
                    0 => Value::None,
                    1 => args[0].clone(),
                    _ => Value::Tuple(args),
                };
                return match code {
                    Value::None => 0,
                    Value::Int(i) => i as i32,
                    Value::Bool(b) => (b).get() as i32,
                    other => {
                        let s = vm.str(&other).unwrap_or_default();
                        vm.out.stderr.write(&format!("{s}\n"));
                        1
                    }
                };
            }
            let text = crate::traceback::format_exception(vm, &x);
            vm.out.stderr.write(&text);
            1
        }
        PyErr::Unsupported(what) => {
            let loc = vm
                .error_location
                .take()
                .unwrap_or_else(|| "<unknown>:0".into());
            vm.out
                .stderr
                .write(&format!("pyref: unsupported: {what} at {loc}\n"));
            EXIT_UNSUPPORTED
        }
        PyErr::Internal(what) => {
            let loc = vm
                .error_location
                .take()
                .unwrap_or_else(|| "<unknown>:0".into());
            vm.out
                .stderr
                .write(&format!("pyref: internal error: {what} at {loc}\n"));
            EXIT_INTERNAL
        }
    }
}

/// Stack size of the interpreter thread (virtual; pages are committed only when touched).
pub const STACK_SIZE: usize = 1 << 30;

/// Runs `f` on a thread with a [`STACK_SIZE`] stack; a panic becomes `Err(message)`.
pub fn on_big_stack<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let handle = std::thread::Builder::new()
        .name("pyref".into())
        .stack_size(STACK_SIZE)
        .spawn(f)
        .map_err(|e| format!("cannot start the interpreter thread: {e}"))?;
    handle.join().map_err(|p| panic_message(&*p))
}

/// Runs `src` as the main program named `filename` (absolute path or `<string>`), capturing
/// output. `argv` is `sys.argv`. Runs on its own large-stack thread; a pyref panic is reported
/// as an internal error (exit status 70), never propagated.
pub fn run_source(src: &str, filename: &str, argv: Vec<String>, limits: &Limits) -> Outcome {
    let (src, filename, limits) = (src.to_string(), filename.to_string(), limits.clone());
    let r = on_big_stack(move || run_source_here(&src, &filename, argv, &limits));
    r.unwrap_or_else(|msg| Outcome::internal_error(&msg))
}

/// [`run_source`] on the calling thread, which must have a [`STACK_SIZE`] stack (e.g. one
/// made by [`on_big_stack`] and reused for many programs); a pyref panic propagates.
pub fn run_source_here(src: &str, filename: &str, argv: Vec<String>, limits: &Limits) -> Outcome {
    let mut vm = Vm::new(limits, Output::new(false, limits.output_cap), argv);
    if limits.main_only {
        vm.cell_log = Some(Vec::new());
    }
    vm.main_path = Rc::from(filename);
    let exit = run_main(&mut vm, src, filename, !limits.main_only);
    vm.channel_finish();
    Outcome {
        stdout: std::mem::take(&mut vm.out.stdout.buf),
        stderr: std::mem::take(&mut vm.out.stderr.buf),
        exit,
    }
}

/// Runs a file (path made absolute as CPython does), capturing output.
pub fn run_file(path: &str, argv: Vec<String>, limits: &Limits) -> Outcome {
    let abs = absolute(path);
    match std::fs::read(&abs) {
        Ok(b) => run_source(&String::from_utf8_lossy(&b), &abs, argv, limits),
        Err(e) => Outcome {
            stdout: Vec::new(),
            stderr: missing_file_message(&abs, &e).into_bytes(),
            exit: 2,
        },
    }
}

pub(crate) fn absolute(path: &str) -> String {
    let p = std::path::Path::new(path);
    if p.is_absolute() {
        return path.to_string();
    }
    match std::env::current_dir() {
        Ok(d) => {
            let joined = d.join(p);
            // CPython normalizes nothing beyond joining (os.path.abspath normalizes ./ and ../).
            let mut parts: Vec<String> = Vec::new();
            for c in joined.components() {
                use std::path::Component::*;
                match c {
                    RootDir => parts.clear(),
                    CurDir => {}
                    ParentDir => {
                        parts.pop();
                    }
                    Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                    Prefix(_) => {}
                }
            }
            format!("/{}", parts.join("/"))
        }
        Err(_) => path.to_string(),
    }
}

pub(crate) fn missing_file_message(abs: &str, e: &std::io::Error) -> String {
    let errno = e.raw_os_error().unwrap_or(2);
    let text = match errno {
        2 => "No such file or directory".to_string(),
        13 => "Permission denied".to_string(),
        21 => "Is a directory".to_string(),
        _ => e.to_string(),
    };
    format!("python3: can't open file '{abs}': [Errno {errno}] {text}\n")
}

/// Runs in streaming mode for the CLI (output written as it is produced).
///
/// Then ends the process with the exit status, without tearing the interpreter's heap
/// down: nothing observable is left to happen (`Drop` runs no Python code, the output and
/// the trace channel are flushed), and a large heap's teardown can cost as much as the run.
pub(crate) fn run_streaming_then_exit(
    src: &str,
    filename: &str,
    argv: Vec<String>,
    limits: &Limits,
) -> ! {
    let mut vm = Vm::new(limits, Output::new(true, None), argv);
    vm.main_path = Rc::from(filename);
    let exit = run_main(&mut vm, src, filename, !limits.main_only);
    vm.channel_finish();
    vm.out.flush();
    std::mem::forget(vm);
    std::process::exit(exit)
}
