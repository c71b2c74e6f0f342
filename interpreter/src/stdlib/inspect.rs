//! The `inspect` module subset: `currentframe`, `stack`, `getframeinfo`, `FrameInfo`.
//!
//! Invariant: `stack()` lists the caller's frame first and the module frame last, with
//! `lineno`, `code_context`, `index` and `positions` computed as 3.11's `getframeinfo` does
//! (source lines through a linecache that appends a missing final newline).

use std::rc::Rc;

use super::{finish_module, new_module};
use crate::bytecode::NO_COL;
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{Record, RecordKind, Value};
use crate::vm::{FrameObj, Vm};

thread_local! {
    static FRAME_INFO: Rc<RecordKind> = Rc::new(RecordKind {
        type_name: "FrameInfo",
        module: "inspect",
        fields: vec!["frame", "filename", "lineno", "function", "code_context", "index", "positions"],
        tuple_len: 6,
        repr_fields: None,
    });
    static TRACEBACK: Rc<RecordKind> = Rc::new(RecordKind {
        type_name: "Traceback",
        module: "inspect",
        fields: vec!["filename", "lineno", "function", "code_context", "index", "positions"],
        tuple_len: 5,
        repr_fields: None,
    });
    static POSITIONS: Rc<RecordKind> = Rc::new(RecordKind {
        type_name: "Positions",
        module: "dis",
        fields: vec!["lineno", "end_lineno", "col_offset", "end_col_offset"],
        tuple_len: 4,
        repr_fields: None,
    });
}

pub fn make(_vm: &mut Vm) -> Value {
    let (m, d) = new_module(
        "inspect",
        &[
            ("currentframe", currentframe),
            ("stack", stack),
            ("getframeinfo", getframeinfo),
        ],
        "inspect",
    );
    finish_module(m, d)
}

fn currentframe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("currentframe", &args, 0, 0)?;
    let n = vm.frames.len();
    Ok(vm
        .frame_obj_at(n - 1)
        .map(Value::Frame)
        .unwrap_or(Value::None))
}

fn context_arg(vm: &mut Vm, args: &Args) -> PyResult<i64> {
    match args.pos().first().or(args.kw("context")) {
        Some(v) => vm.index_of(v),
        None => Ok(1),
    }
}

fn stack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let context = context_arg(vm, &args)?;
    let mut out = Vec::new();
    for i in (0..vm.frames.len()).rev() {
        let fo = vm
            .frame_obj_at(i)
            .ok_or_else(|| PyErr::internal("frame object"))?;
        let lasti = vm.frames[i].lasti;
        out.push(frame_info(vm, &fo, lasti, context, true));
    }
    Ok(Value::list(out))
}

fn getframeinfo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Frame(fo)) = args.pos().first().cloned() else {
        return Err(PyErr::type_error(
            "getframeinfo() argument must be a frame or traceback",
        ));
    };
    let context = match args.pos().get(1).or(args.kw("context")) {
        Some(v) => vm.index_of(v)?,
        None => 1,
    };
    let lasti = vm.frame_lasti(&fo);
    Ok(frame_info(vm, &fo, lasti, context, false))
}

fn opt_int(v: u32) -> Value {
    if v == NO_COL {
        Value::None
    } else {
        Value::Int(v as i64)
    }
}

/// Builds an `inspect.FrameInfo` (with_frame) or `inspect.Traceback` record.
pub fn frame_info(
    vm: &mut Vm,
    fo: &Rc<FrameObj>,
    lasti: usize,
    context: i64,
    with_frame: bool,
) -> Value {
    let code = fo.code.clone();
    let pos = code.positions.get(lasti).copied().unwrap_or_default();
    let lineno = if pos.line == 0 {
        Value::None
    } else {
        Value::Int(pos.line as i64)
    };
    let (ctx, index) = match (vm.source_lines(&code.filename), context > 0, pos.line) {
        (Some(lines), true, l) if l > 0 => {
            let n = lines.len() as i64;
            let start = (l as i64 - 1 - context / 2).min(n - context).max(0);
            let end = (start + context).min(n);
            let sel: Vec<Value> = lines[start as usize..end as usize]
                .iter()
                .map(|s| Value::str(&format!("{s}\n")))
                .collect();
            (Value::list(sel), Value::Int(l as i64 - 1 - start))
        }
        _ => (Value::None, Value::None),
    };
    let positions = POSITIONS.with(|k| {
        Value::Record(Rc::new(Record {
            kind: k.clone(),
            values: vec![
                if pos.line == 0 {
                    Value::None
                } else {
                    Value::Int(pos.line as i64)
                },
                if pos.line == 0 {
                    Value::None
                } else {
                    Value::Int(pos.end_line as i64)
                },
                if pos.line == 0 {
                    Value::None
                } else {
                    opt_int(pos.col)
                },
                if pos.line == 0 {
                    Value::None
                } else {
                    opt_int(pos.end_col)
                },
            ],
        }))
    });
    let mut values = vec![
        Value::Str(code.filename.clone()),
        lineno,
        Value::Str(code.name.clone()),
        ctx,
        index,
        positions,
    ];
    if with_frame {
        values.insert(0, Value::Frame(fo.clone()));
        FRAME_INFO.with(|k| {
            Value::Record(Rc::new(Record {
                kind: k.clone(),
                values,
            }))
        })
    } else {
        TRACEBACK.with(|k| {
            Value::Record(Rc::new(Record {
                kind: k.clone(),
                values,
            }))
        })
    }
}
