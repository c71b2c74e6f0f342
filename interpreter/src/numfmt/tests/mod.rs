//! Data-driven tests: every expected value in the `data_*` tables was
//! produced by CPython 3.11 (`gen/gen_tests.py`); the remaining tests check
//! invariants (round trips, no panics, bounded output) rather than values.

use std::cmp::Ordering;

use num_bigint::BigInt;

use super::*;

mod data_arith;
mod data_format;
mod data_parse;
mod data_repr;
mod data_round;

/// Expected result of `round()` in the tables.
#[derive(Debug)]
enum R {
    F(u64),
    I(&'static str),
}
use R::{F, I};

/// `Result<String, String>` as the tables' `Result<&str, &str>`.
fn strs(r: &Result<String, String>) -> Result<&str, &str> {
    r.as_deref().map_err(String::as_str)
}

fn big(s: &str) -> BigInt {
    s.parse().expect("table ints are valid")
}

/// Bitwise float equality, except that any NaN equals any NaN (the sign of
/// a NaN result is platform-dependent).
fn same(a: f64, bits: u64) -> bool {
    let b = f64::from_bits(bits);
    (a.is_nan() && b.is_nan()) || a.to_bits() == bits
}

#[test]
fn float_repr_table() {
    for &(bits, expected) in data_repr::FLOAT_REPR {
        assert_eq!(float_repr(f64::from_bits(bits)), expected, "{bits:#x}");
    }
}

#[test]
fn float_repr_round_trips() {
    // xorshift over bit patterns: repr must parse back to the same float.
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20_000 {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let x = f64::from_bits(s);
        let r = float_repr(x);
        if x.is_finite() {
            assert_eq!(r.parse::<f64>().map(f64::to_bits), Ok(s), "{r}");
        }
    }
}

#[test]
fn format_tables() {
    for &(bits, spec, expected) in data_format::FORMAT_FLOAT {
        let got = format_float(f64::from_bits(bits), spec);
        assert_eq!(strs(&got), expected, "format({bits:#x}, {spec:?})");
    }
    for &(v, spec, expected) in data_format::FORMAT_INT {
        let got = format_int(&big(v), spec);
        assert_eq!(strs(&got), expected, "format({v}, {spec:?})");
        if let Ok(small) = v.parse::<i64>() {
            assert_eq!(
                format_i64(small, spec),
                got,
                "i64 path: format({v}, {spec:?})"
            );
        }
    }
    for &(s, spec, expected) in data_format::FORMAT_STR {
        let got = format_str(s, spec);
        assert_eq!(strs(&got), expected, "format({s:?}, {spec:?})");
    }
}

#[test]
fn format_error_kinds() {
    let kind = |r: Result<String, String>| error_kind(&r.unwrap_err());
    assert_eq!(kind(format_i64(-1, "c")), ErrorKind::OverflowError);
    assert_eq!(kind(format_i64(1, "q")), ErrorKind::ValueError);
    assert_eq!(
        kind(format_str("a", "999999999999")),
        ErrorKind::MemoryError
    );
    let huge = BigInt::from(1) << 2000u32;
    assert_eq!(kind(format_int(&huge, "e")), ErrorKind::OverflowError);
}

#[test]
fn format_never_panics_on_extremes() {
    let specs = [
        "99999999999999999999",
        "9223372036854775807",
        ".9223372036854775807",
        ".2147483647f",
        ".2147483647e",
        "#.2147483647g",
        ".2147483647",
        "0999999999,",
        "\u{10ffff}^\u{10ffff}",
        "\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}\u{663}",
    ];
    let values = [0.0, -0.0, 1e308, 5e-324, f64::NAN, f64::NEG_INFINITY];
    for spec in specs {
        for v in values {
            let r = format_float(v, spec);
            assert!(
                r.as_ref().map_or(true, |s| s.len() <= MAX_FORMAT_LEN),
                "{spec}"
            );
        }
        let _ = format_i64(i64::MIN, spec);
        let _ = format_int(&(BigInt::from(-7) << 5000u32), spec);
        let _ = format_str("\u{0}x", spec);
    }
    assert_eq!(
        format_float(1.0, ".2147483647f"),
        Err(MEMORY_ERROR.to_string())
    );
    assert_eq!(
        format_float(1.0, ".2147483648f"),
        Err("precision too big".to_string())
    );
}

#[test]
fn parse_tables() {
    for &(s, base, expected) in data_parse::PARSE_INT {
        let got = parse_int(s, base).map(|v| {
            if v.sign() == num_bigint::Sign::Minus {
                format!("-0x{:x}", -v)
            } else {
                format!("0x{v:x}")
            }
        });
        assert_eq!(strs(&got), expected, "int({s:?}, {base})");
    }
    for &(s, expected) in data_parse::PARSE_FLOAT {
        match (parse_float(s), expected) {
            (Ok(v), Ok(bits)) => assert!(same(v, bits), "float({s:?}) = {v}"),
            (got, want) => assert_eq!(got.map(f64::to_bits), want.map_err(str::to_string)),
        }
    }
    for &(s, expected) in data_parse::STR_REPR {
        assert_eq!(str_repr(s), expected, "repr({s:?})");
    }
}

fn opt_bits(r: Option<f64>) -> Option<u64> {
    r.map(|v| {
        if v.is_nan() {
            f64::NAN.to_bits()
        } else {
            v.to_bits()
        }
    })
}

fn canon(bits: u64) -> u64 {
    if f64::from_bits(bits).is_nan() {
        f64::NAN.to_bits()
    } else {
        bits
    }
}

#[test]
fn float_arith_tables() {
    for &(a, b, fd, md, dm) in data_arith::FLOOR_MOD_DIVMOD {
        let (x, y) = (f64::from_bits(a), f64::from_bits(b));
        assert_eq!(opt_bits(float_floordiv(x, y)), fd.map(canon), "{x} // {y}");
        assert_eq!(opt_bits(float_mod(x, y)), md.map(canon), "{x} % {y}");
        let got = float_divmod(x, y).map(|(q, m)| (opt_bits(Some(q)), opt_bits(Some(m))));
        let want = dm.map(|(q, m)| (Some(canon(q)), Some(canon(m))));
        assert_eq!(got, want, "divmod({x}, {y})");
    }
    for &(a, b, expected) in data_arith::POW {
        let (x, y) = (f64::from_bits(a), f64::from_bits(b));
        match (float_pow(x, y), expected) {
            (Ok(v), Ok(bits)) => assert!(same(v, bits), "{x} ** {y} = {v}"),
            (got, want) => assert_eq!(got.map(f64::to_bits), want, "{x} ** {y}"),
        }
    }
    for &(a, b, expected) in data_arith::INT_TRUEDIV {
        let got = int_truediv(&big(a), &big(b)).map(f64::to_bits);
        assert_eq!(got, expected, "{a} / {b}");
    }
}

#[test]
fn rounding_tables() {
    for (bits, nd, expected) in data_round::FLOAT_ROUND {
        let x = f64::from_bits(*bits);
        match (float_round(x, *nd), expected) {
            (Ok(FloatOrInt::Float(v)), Ok(F(b))) => assert!(same(v, *b), "round({x}, {nd:?})"),
            (Ok(FloatOrInt::Int(v)), Ok(I(s))) => assert_eq!(v, big(s), "round({x})"),
            (Err(e), Err(want)) => assert_eq!(e, *want, "round({x}, {nd:?})"),
            (got, want) => panic!("round({x}, {nd:?}): got {got:?}, want {want:?}"),
        }
    }
    for &(v, nd, expected) in data_round::INT_ROUND {
        assert_eq!(int_round(&big(v), nd), big(expected), "round({v}, {nd})");
    }
    for &(bits, expected) in data_round::FLOAT_TO_INT {
        let got = float_to_int(f64::from_bits(bits)).map(|v| v.to_string());
        assert_eq!(got.as_deref().map_err(|e| *e), expected, "int({bits:#x})");
    }
    for &(v, expected) in data_round::INT_TO_FLOAT {
        assert_eq!(
            int_to_float(&big(v)).map(f64::to_bits),
            expected,
            "float({v})"
        );
    }
}

#[test]
fn hash_and_compare_tables() {
    for &(bits, expected) in data_round::HASH_FLOAT {
        let x = f64::from_bits(bits);
        assert_eq!(hash_float(x), expected, "hash({x})");
        assert_eq!(float_hash_is_identity(x), x.is_nan());
    }
    for &(v, expected) in data_round::HASH_INT {
        assert_eq!(hash_int(&big(v)), expected, "hash({v})");
        if let Ok(small) = v.parse::<i64>() {
            assert_eq!(hash_i64(small), expected, "hash_i64({v})");
        }
    }
    for &(v, bits, expected) in data_round::CMP_INT_FLOAT {
        let expected: Option<Ordering> = expected;
        let x = f64::from_bits(bits);
        assert_eq!(cmp_int_float(&big(v), x), expected, "cmp({v}, {x})");
    }
}
