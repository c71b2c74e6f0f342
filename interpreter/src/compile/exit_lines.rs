//! Line numbers of exit blocks that have none: CPython 3.11's `duplicate_exits_without_lineno`
//! and the part of `propagate_line_numbers` that concerns them.
//!
//! The implicit `return None` at the end of a function, module or class body is emitted
//! without a position (3.11's `UNSET_LOC`). Before labels are resolved, every such exit block
//! (a run of position-less instructions ending in RETURN_VALUE, RAISE_VARARGS or RERAISE) that
//! several jumps or a jump and a fall-through reach is copied once per jump, each copy taking
//! the jump's location (the jump's own, or the nearest earlier one in its basic block, which is
//! where CPython's propagation puts a no-line jump); a block with one predecessor takes that
//! predecessor's location. So a 'return' trace event and `f_lineno` after `while`, `for`, `if`
//! or `try` report the line CPython reports.
//!
//! Invariants: only instructions that had no position are changed (the exit blocks, and the
//! no-line instructions that lead to them inside their basic block); copies are appended after
//! the last instruction (nothing else moves) and keep the original's exception handler.

use crate::bytecode::{Op, Pos};

/// The label operand of a jump instruction (before label resolution).
fn jump_label(op: &Op) -> Option<u32> {
    match *op {
        Op::Jump(l)
        | Op::PopJumpIfFalse(l)
        | Op::PopJumpIfTrue(l)
        | Op::PopJumpIfNone(l)
        | Op::PopJumpIfNotNone(l)
        | Op::JumpIfFalseOrPop(l)
        | Op::JumpIfTrueOrPop(l)
        | Op::ForIter(l) => Some(l),
        _ => None,
    }
}

fn retarget(op: Op, l: u32) -> Op {
    match op {
        Op::Jump(_) => Op::Jump(l),
        Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(l),
        Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(l),
        Op::PopJumpIfNone(_) => Op::PopJumpIfNone(l),
        Op::PopJumpIfNotNone(_) => Op::PopJumpIfNotNone(l),
        Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(l),
        Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(l),
        Op::ForIter(_) => Op::ForIter(l),
        other => other,
    }
}

/// True for instructions after which control never falls through.
fn no_fallthrough(op: &Op) -> bool {
    matches!(
        op,
        Op::Jump(_) | Op::ReturnValue | Op::RaiseVarargs(_) | Op::Reraise(_) | Op::Unsupported(_)
    )
}

fn exits(op: &Op) -> bool {
    matches!(op, Op::ReturnValue | Op::RaiseVarargs(_) | Op::Reraise(_))
}

/// Assigns locations to position-less exit blocks (see the module docs).
pub fn fix_exit_lines<H: Clone>(
    ops: &mut Vec<Op>,
    positions: &mut Vec<Pos>,
    handlers: &mut Vec<H>,
    labels: &mut Vec<Option<u32>>,
    label_depth: &mut Vec<Option<i32>>,
    handler_label: impl Fn(&H) -> Option<u32>,
) {
    let n = ops.len();
    if n == 0 || !positions.iter().any(|p| p.line == 0) {
        return;
    }
    let target = |labels: &Vec<Option<u32>>, l: u32| labels.get(l as usize).copied().flatten();
    let mut starts = vec![false; n + 1];
    starts[0] = true;
    for l in labels.iter().flatten() {
        starts[(*l as usize).min(n)] = true;
    }
    for i in 0..n {
        if jump_label(&ops[i]).is_some() || no_fallthrough(&ops[i]) {
            starts[i + 1] = true;
        }
    }
    let block_end = |s: usize| (s + 1..=n).find(|&i| starts[i]).unwrap_or(n);
    // Exit blocks without any line: start -> end.
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for s in 0..n {
        if !starts[s] {
            continue;
        }
        let e = block_end(s);
        if exits(&ops[e - 1]) && positions[s..e].iter().all(|p| p.line == 0) {
            candidates.push((s, e));
        }
    }
    if candidates.is_empty() {
        return;
    }
    let mut preds = vec![0usize; n + 1];
    for op in ops.iter() {
        if let Some(t) = jump_label(op).and_then(|l| target(labels, l)) {
            preds[t as usize] += 1;
        }
    }
    for h in handlers.iter() {
        if let Some(t) = handler_label(h).and_then(|l| target(labels, l)) {
            preds[t as usize] += 1;
        }
    }
    // A handler label counts once per protected instruction above; CPython counts one
    // predecessor per SETUP block, but exit blocks without lines are never handlers.
    for s in 1..n {
        if starts[s] && !no_fallthrough(&ops[s - 1]) {
            preds[s] += 1;
        }
    }
    // The location a no-line instruction at `i` gets from propagation within its block.
    // CPython's propagation also gives that location to the no-line instructions between the
    // source and `i` (the jump itself included), so no spurious 'line' event fires on them.
    let effective = |positions: &mut Vec<Pos>, starts: &Vec<bool>, i: usize| -> Option<Pos> {
        let mut k = i;
        loop {
            if positions[k].line != 0 {
                let loc = positions[k];
                for p in positions[k + 1..=i].iter_mut() {
                    *p = loc;
                }
                return Some(loc);
            }
            if starts[k] || k == 0 {
                return None;
            }
            k -= 1;
        }
    };
    let orig_n = n;
    for j in 0..orig_n {
        let Some(l) = jump_label(&ops[j]) else {
            continue;
        };
        let Some(t) = target(labels, l) else { continue };
        let Some(&(s, e)) = candidates.iter().find(|(s, _)| *s == t as usize) else {
            continue;
        };
        let Some(loc) = effective(positions, &starts, j) else {
            continue;
        };
        if preds[s] > 1 {
            let new_label = labels.len() as u32;
            labels.push(Some(ops.len() as u32));
            label_depth.push(None);
            for i in s..e {
                ops.push(ops[i]);
                positions.push(loc);
                handlers.push(handlers[i].clone());
            }
            ops[j] = retarget(ops[j], new_label);
            preds[s] -= 1;
        } else {
            for p in positions[s..e].iter_mut() {
                *p = loc;
            }
        }
    }
    // What is left is reached by falling through from the instruction before it.
    for &(s, e) in &candidates {
        if s == 0 || positions[s].line != 0 || no_fallthrough(&ops[s - 1]) {
            continue;
        }
        if let Some(loc) = effective(positions, &starts, s - 1) {
            for p in positions[s..e].iter_mut() {
                *p = loc;
            }
        }
    }
}
