//! The "Did you mean" suggestions of CPython 3.11 (`Python/suggestions.c`).
//!
//! [`best_match`] is `calculate_suggestions`: a Levenshtein distance over the
//! UTF-8 *bytes* of the names, where a substitution that only flips ASCII case
//! costs `CASE_COST` (1) and every other edit costs `MOVE_COST` (2). A
//! candidate qualifies when its distance is at most
//! `(len(name) + len(candidate) + 3) * MOVE_COST / 6` (byte lengths, integer
//! division) and strictly below the best distance so far, so the *first*
//! candidate with the smallest distance wins. Candidates equal to `name` are
//! skipped. A list of `MAX_CANDIDATE_ITEMS` (750) or more candidates gives no
//! suggestion at all, and after stripping the common prefix and suffix, names
//! longer than `MAX_STRING_SIZE` (40) bytes never match. Never panics.
//!
//! What CPython 3.11 passes in (the caller's job); all verified with 3.11.7:
//! * Suggestions are computed only by the default excepthook when it prints
//!   the exception, and only for an exception whose type is exactly
//!   `NameError` or exactly `AttributeError` (not `UnboundLocalError`, not
//!   subclasses). `ImportError` gets no suggestion in 3.11 (that is 3.12).
//!   The text `. Did you mean: <repr(suggestion)>?` is appended to the
//!   printed `Type: message` line (after `AttributeError` alone when the
//!   message is empty); it is not part of `str(exc)`.
//! * `NameError` (`offer_suggestions_for_name_error`): only when `exc.name`
//!   is a `str` (set by failed name lookups; `raise NameError("x")` leaves it
//!   `None`) and the exception has a traceback. The frame is the one of the
//!   *last* traceback entry (where it was raised). Three lists are tried in
//!   order, and the first that yields a match wins:
//!   1. the frame's code `co_varnames` in order: the parameters, then the
//!      other local variables in order of first appearance, whether bound yet
//!      or not; it leaves out cell variables that are not parameters and free
//!      variables, and is empty for module and class bodies (class namespaces
//!      are never searched);
//!   2. `list(frame.f_globals)`: the globals' keys in insertion order;
//!   3. `list(frame.f_builtins)`: the builtins' keys in insertion order.
//!
//!   A list with 750 or more names yields nothing and the next one is tried.
//!   3.11 does NOT suggest `self.<name>` when `self` has such an attribute
//!   (3.12 does), and does not add "Or did you forget to import ...?" (3.12).
//! * `AttributeError` (`offer_suggestions_for_attribute_error`): only when
//!   `exc.name` is a `str` and `exc.obj` is set (the failing `getattr` sets
//!   both; `raise AttributeError("x")` sets neither, but
//!   `AttributeError(name=..., obj=...)` counts). The candidates are
//!   `dir(exc.obj)`, which is sorted (by code point, i.e. Rust `str` order).

/// Lists this long or longer give no suggestion.
const MAX_CANDIDATE_ITEMS: usize = 750;
/// After trimming common affixes, longer names (in bytes) never match.
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

/// Best suggestion for `name` among `candidates` per 3.11's calculate_suggestions, or None.
pub fn best_match(name: &str, candidates: &[&str]) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &item in candidates {
        if item == name {
            continue;
        }
        // No more than 1/3 of the involved characters should need changing.
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, best_distance)) = best {
            // Don't take matches we've already beaten.
            max_distance = max_distance.min(best_distance.saturating_sub(1));
        }
        let distance = levenshtein_distance(name.as_bytes(), item.as_bytes(), max_distance);
        if distance > max_distance {
            continue;
        }
        if best.is_none_or(|(_, best_distance)| distance < best_distance) {
            best = Some((item, distance));
        }
    }
    best.map(|(item, _)| item.to_owned())
}

fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        // Not the same, not a case flip.
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The weighted Levenshtein distance of `a` and `b`, or some value above
/// `max_cost` as soon as it is known to exceed it.
fn levenshtein_distance<'s>(mut a: &'s [u8], mut b: &'s [u8], max_cost: usize) -> usize {
    // Trim away common affixes.
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost.saturating_add(1);
    }
    // Prefer the shorter buffer.
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    // Quick fail when a match is impossible.
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost.saturating_add(1);
    }
    // One row of the matrix, updated in place: buffer[i] = cost(b[..j], a[..=i]).
    let mut buffer = [0usize; MAX_STRING_SIZE];
    for (i, cell) in buffer.iter_mut().take(a.len()).enumerate() {
        *cell = (i + 1) * MOVE_COST;
    }
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &a_byte) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, a_byte);
            distance = buffer[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            // Everything in this row is too big, so bail early.
            return max_cost.saturating_add(1);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::best_match;

    // Every expected value below is what CPython 3.11.7's default excepthook
    // printed after "Did you mean: ..." (or the absence of it).

    /// (attribute name, `dir(obj)` (sorted), expected) for an AttributeError on
    /// an object whose `__dir__` returns those names.
    const ATTRIBUTE_CASES: &[(&str, &[&str], Option<&str>)] = &[
        ("abc", &["abd"], Some("abd")),
        ("Foo", &["foo"], Some("foo")),
        ("vlaue", &["value"], Some("value")),
        ("xyz", &["abc"], None),
        ("anything", &[], None),
        ("x", &["y"], None),
        ("x", &["X"], Some("X")),
        ("x", &["xy"], Some("xy")),
        ("app", &["append"], None),
        ("appen", &["append", "extend"], Some("append")),
        ("var1", &["var2", "var3"], Some("var2")),
        ("abc", &["abc", "abd"], Some("abd")),
        ("naïve", &["naive"], Some("naive")),
        ("naive", &["naïve"], Some("naïve")),
        ("café", &["cafe", "cafes"], Some("cafe")),
        ("colour", &["color", "colours"], Some("color")),
        ("spam", &["spa", "span", "spasm"], Some("spa")),
        ("spam", &["ham", "spam_and_eggs", "spamm"], Some("spamm")),
        ("lenght", &["height", "len", "length"], Some("height")),
        (
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaax",
            &["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay"],
            Some("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay"),
        ),
        (
            "xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay",
            &["zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaw"],
            None,
        ),
        (
            "xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay",
            &["zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaw"],
            Some("zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaw"),
        ),
        (
            "xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay",
            &["zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaw"],
            None,
        ),
        ("ab@", &["ab`"], Some("ab`")),
        ("AB", &["ab"], Some("ab")),
        ("ABC", &["ABD", "abc"], Some("ABD")),
        (
            "get_value",
            &["get_values", "getvalue", "set_value"],
            Some("get_values"),
        ),
        ("getValue", &["get_value", "getvalue"], Some("getvalue")),
        ("__init_", &["__init__", "__int__"], Some("__init__")),
        ("x1", &["x1_", "x2"], Some("x1_")),
        ("émoji", &["emoji", "émojis"], Some("émojis")),
        ("日本", &["日", "日本語"], Some("日本語")),
        ("", &["a", "b"], None),
        ("a", &[""], None),
        ("ab", &["a", "abc", "b"], Some("a")),
        ("abcdef", &["abcxyz", "abdcef", "bacdef"], Some("abdcef")),
        ("counter", &["Counter", "count"], Some("Counter")),
        (
            "readlines",
            &["readline", "readlines_", "writelines"],
            Some("readline"),
        ),
        ("items", &["item", "iterms", "keys"], Some("item")),
    ];

    /// `list(builtins.__dict__)` under `python3 script.py` in 3.11.7.
    const BUILTINS: &[&str] = &[
        "__name__",
        "__doc__",
        "__package__",
        "__loader__",
        "__spec__",
        "__build_class__",
        "__import__",
        "abs",
        "all",
        "any",
        "ascii",
        "bin",
        "breakpoint",
        "callable",
        "chr",
        "compile",
        "delattr",
        "dir",
        "divmod",
        "eval",
        "exec",
        "format",
        "getattr",
        "globals",
        "hasattr",
        "hash",
        "hex",
        "id",
        "input",
        "isinstance",
        "issubclass",
        "iter",
        "aiter",
        "len",
        "locals",
        "max",
        "min",
        "next",
        "anext",
        "oct",
        "ord",
        "pow",
        "print",
        "repr",
        "round",
        "setattr",
        "sorted",
        "sum",
        "vars",
        "None",
        "Ellipsis",
        "NotImplemented",
        "False",
        "True",
        "bool",
        "memoryview",
        "bytearray",
        "bytes",
        "classmethod",
        "complex",
        "dict",
        "enumerate",
        "filter",
        "float",
        "frozenset",
        "property",
        "int",
        "list",
        "map",
        "object",
        "range",
        "reversed",
        "set",
        "slice",
        "staticmethod",
        "str",
        "super",
        "tuple",
        "type",
        "zip",
        "__debug__",
        "BaseException",
        "BaseExceptionGroup",
        "Exception",
        "GeneratorExit",
        "KeyboardInterrupt",
        "SystemExit",
        "ArithmeticError",
        "AssertionError",
        "AttributeError",
        "BufferError",
        "EOFError",
        "ImportError",
        "LookupError",
        "MemoryError",
        "NameError",
        "OSError",
        "ReferenceError",
        "RuntimeError",
        "StopAsyncIteration",
        "StopIteration",
        "SyntaxError",
        "SystemError",
        "TypeError",
        "ValueError",
        "Warning",
        "FloatingPointError",
        "OverflowError",
        "ZeroDivisionError",
        "BytesWarning",
        "DeprecationWarning",
        "EncodingWarning",
        "FutureWarning",
        "ImportWarning",
        "PendingDeprecationWarning",
        "ResourceWarning",
        "RuntimeWarning",
        "SyntaxWarning",
        "UnicodeWarning",
        "UserWarning",
        "BlockingIOError",
        "ChildProcessError",
        "ConnectionError",
        "FileExistsError",
        "FileNotFoundError",
        "InterruptedError",
        "IsADirectoryError",
        "NotADirectoryError",
        "PermissionError",
        "ProcessLookupError",
        "TimeoutError",
        "IndentationError",
        "IndexError",
        "KeyError",
        "ModuleNotFoundError",
        "NotImplementedError",
        "RecursionError",
        "UnboundLocalError",
        "UnicodeError",
        "BrokenPipeError",
        "ConnectionAbortedError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "TabError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "UnicodeTranslateError",
        "ExceptionGroup",
        "EnvironmentError",
        "IOError",
        "open",
        "quit",
        "exit",
        "copyright",
        "credits",
        "license",
        "help",
    ];

    /// (name, `co_varnames`, `list(f_globals)`, expected) for a NameError
    /// raised in a function; the builtins are [`BUILTINS`].
    type NameCase = (
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        Option<&'static str>,
    );

    const NAME_CASES: &[NameCase] = &[
        ("vlaue", &["value"], &["__builtins__", "f"], Some("value")),
        ("vlaue", &["value"], &["__builtins__", "f"], Some("value")),
        (
            "alpah",
            &["alpha", "beta"],
            &["__builtins__", "f"],
            Some("alpha"),
        ),
        ("gama", &[], &["__builtins__", "gamma", "f"], Some("gamma")),
        ("lenn", &[], &["__builtins__", "f"], Some("len")),
        ("pritn", &[], &["__builtins__", "f"], Some("print")),
        ("Flase", &[], &["__builtins__", "f"], Some("False")),
        ("rnage", &[], &["__builtins__", "f"], Some("range")),
        ("sum_", &[], &["__builtins__", "f"], Some("sum")),
        ("Exceptoin", &[], &["__builtins__", "f"], Some("Exception")),
        ("lenn", &["lens"], &["__builtins__", "f"], Some("lens")),
        ("lenn", &[], &["__builtins__", "len2", "f"], Some("len2")),
        ("xyzzy", &[], &["__builtins__", "f"], None),
        ("opne", &[], &["__builtins__", "f"], None),
        ("inpt", &[], &["__builtins__", "f"], Some("input")),
        ("xx", &["g"], &["__builtins__", "f"], None),
    ];

    #[test]
    fn attribute_error_suggestions() {
        for &(name, candidates, expected) in ATTRIBUTE_CASES {
            let got = best_match(name, candidates);
            assert_eq!(got.as_deref(), expected, "{name:?} in {candidates:?}");
        }
    }

    #[test]
    fn name_error_suggestions_try_locals_globals_builtins() {
        for &(name, varnames, globals, expected) in NAME_CASES {
            let got = [varnames, globals, BUILTINS]
                .into_iter()
                .find_map(|list| best_match(name, list));
            assert_eq!(got.as_deref(), expected, "{name:?}");
        }
    }

    #[test]
    fn candidate_list_size_limit() {
        // dir() of an object with 748 names "cand<i>" plus "target", plus
        // the given extra names; CPython: 749 names match, 750 or more do not.
        for (extra, expected) in [
            (&[][..], Some("target")),
            (&["zzz"][..], None),
            (&["zzz", "zzzz"][..], None),
        ] {
            let mut names: Vec<String> = (0..748).map(|i| format!("cand{i}")).collect();
            names.push("target".to_owned());
            names.extend(extra.iter().map(|s| (*s).to_owned()));
            names.sort();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            assert_eq!(best_match("targte", &names).as_deref(), expected);
        }
    }
}
