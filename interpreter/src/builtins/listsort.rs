//! `list.sort`/`sorted`: CPython's listsort run detection (`count_run`, descending runs
//! reversed in place) and `binarysort` with `minrun` from `merge_compute_minrun`.
//!
//! Invariants:
//! - Every comparison is `keys[x] < keys[y]` through the VM (`PyObject_RichCompare(.., Py_LT)`),
//!   so user `__lt__`/reflected `__gt__` run; an error stops the sort and propagates.
//! - `reverse=True` reverses before and after a stable sort, as CPython does.
//! - For lists shorter than 64 the sequence of comparisons is exactly CPython's (one run,
//!   binary insertion); longer lists merge runs pairwise without galloping (the same result,
//!   but not CPython's sequence of comparisons).

use crate::bytecode::CmpOp;
use crate::error::PyResult;
use crate::objects::Value;
use crate::vm::Vm;

/// `keys[x] < keys[y]`.
fn lt(vm: &mut Vm, keys: &[Value], x: usize, y: usize) -> PyResult<bool> {
    vm.order(&keys[x], &keys[y], CmpOp::Lt)
}

/// Length of the run starting at `lo` in `p[lo..hi]` and whether it is strictly descending.
fn count_run(
    vm: &mut Vm,
    keys: &[Value],
    p: &[usize],
    lo: usize,
    hi: usize,
) -> PyResult<(usize, bool)> {
    if lo + 1 == hi {
        return Ok((1, false));
    }
    let mut n = 2;
    let mut i = lo + 2;
    if lt(vm, keys, p[lo + 1], p[lo])? {
        while i < hi && lt(vm, keys, p[i], p[i - 1])? {
            i += 1;
            n += 1;
        }
        Ok((n, true))
    } else {
        while i < hi && !lt(vm, keys, p[i], p[i - 1])? {
            i += 1;
            n += 1;
        }
        Ok((n, false))
    }
}

/// Binary insertion of `p[start..hi]` into the sorted `p[lo..start]`.
fn binarysort(
    vm: &mut Vm,
    keys: &[Value],
    p: &mut [usize],
    lo: usize,
    hi: usize,
    start: usize,
) -> PyResult<()> {
    for s in start.max(lo + 1)..hi {
        let pivot = p[s];
        let (mut l, mut r) = (lo, s);
        while l < r {
            let m = l + ((r - l) >> 1);
            if lt(vm, keys, pivot, p[m])? {
                r = m;
            } else {
                l = m + 1;
            }
        }
        p.copy_within(l..s, l + 1);
        p[l] = pivot;
    }
    Ok(())
}

fn merge_compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// Stable merge of the adjacent sorted runs `p[a..b]` and `p[b..c]`.
fn merge(
    vm: &mut Vm,
    keys: &[Value],
    p: &mut [usize],
    a: usize,
    b: usize,
    c: usize,
) -> PyResult<()> {
    let left: Vec<usize> = p[a..b].to_vec();
    let (mut i, mut j, mut k) = (0, b, a);
    let mut res = Ok(());
    while i < left.len() && j < c {
        match lt(vm, keys, p[j], left[i]) {
            Ok(true) => {
                p[k] = p[j];
                j += 1;
            }
            Ok(false) => {
                p[k] = left[i];
                i += 1;
            }
            Err(e) => {
                res = Err(e);
                break;
            }
        }
        k += 1;
    }
    // Whatever happened, `p` stays a permutation.
    while i < left.len() {
        p[k] = left[i];
        i += 1;
        k += 1;
    }
    res
}

/// Sorts `items` stably by `keys` (the items themselves without a key function).
pub fn listsort(
    vm: &mut Vm,
    mut items: Vec<Value>,
    keys: Option<Vec<Value>>,
    reverse: bool,
) -> PyResult<Vec<Value>> {
    if reverse {
        items.reverse();
    }
    let keys = match keys {
        Some(mut k) => {
            if reverse {
                k.reverse();
            }
            k
        }
        None => items.clone(),
    };
    let n = items.len();
    let mut p: Vec<usize> = (0..n).collect();
    if n >= 2 {
        let minrun = merge_compute_minrun(n);
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut lo = 0;
        while lo < n {
            let (mut len, desc) = count_run(vm, &keys, &p, lo, n)?;
            if desc {
                p[lo..lo + len].reverse();
            }
            if len < minrun {
                let force = (n - lo).min(minrun);
                binarysort(vm, &keys, &mut p, lo, lo + force, lo + len)?;
                len = force;
            }
            runs.push((lo, lo + len));
            lo += len;
        }
        while runs.len() > 1 {
            let mut next = Vec::with_capacity(runs.len().div_ceil(2));
            for pair in runs.chunks(2) {
                if let [(a, b), (_, c)] = pair {
                    merge(vm, &keys, &mut p, *a, *b, *c)?;
                    next.push((*a, *c));
                } else {
                    next.push(pair[0]);
                }
            }
            runs = next;
        }
    }
    let mut out: Vec<Value> = p.into_iter().map(|i| items[i].clone()).collect();
    if reverse {
        out.reverse();
    }
    Ok(out)
}
