//! pyref never panics, overflows its stack or reports an internal error on any input.
//!
//! Data-driven: deterministic pseudo-random byte strings, token soups, and mutations of every
//! corpus program are run in-process with an instruction budget and an output cap. Each must
//! end with a Python-level outcome (exit 0, 1, or 3 for "unsupported"/budget), never 70.

use pyref::{run_source, Limits, EXIT_INTERNAL};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "def ",
    "f",
    "(",
    ")",
    ":",
    "\n",
    "    ",
    "return ",
    "lambda ",
    "x",
    "y",
    "=",
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "**",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    "global ",
    "nonlocal ",
    "yield ",
    "try:",
    "except ",
    "finally:",
    "raise ",
    "for ",
    " in ",
    "while ",
    "if ",
    "else:",
    "elif ",
    "del ",
    "1",
    "0",
    "'s'",
    "\"t\"",
    "f'{x}'",
    "not ",
    " and ",
    " or ",
    "is ",
    "None",
    "True",
    "print",
    "len",
    "range",
    "sys",
    "import sys\n",
    "*args",
    "**kw",
    "async ",
    "await ",
    "class ",
    "with ",
    "assert ",
    "#",
    "\\",
    "@",
    ":=",
    "->",
    "...",
    "\t",
    "\r\n",
    "é",
    "\u{1F600}",
];

fn limits() -> Limits {
    Limits {
        recursion_limit: 1000,
        instruction_budget: Some(50_000),
        output_cap: Some(64 * 1024),
        ..Limits::default()
    }
}

fn check(src: &str, what: &str) {
    let out = run_source(src, "<fuzz>", vec!["<fuzz>".into()], &limits());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.exit != EXIT_INTERNAL && !stderr.contains("internal error"),
        "{what}: internal error (exit {}):\n--- program ---\n{src}\n--- stderr ---\n{stderr}",
        out.exit
    );
    assert!(
        matches!(out.exit, 0 | 1 | 3),
        "{what}: unexpected exit {} for\n{src}\n{stderr}",
        out.exit
    );
}

#[test]
fn random_bytes_never_crash() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..150 {
        let len = rng.below(120);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0x7f) as u8).collect();
        check(
            &String::from_utf8_lossy(&bytes),
            &format!("random bytes #{i}"),
        );
    }
}

#[test]
fn token_soup_never_crashes() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for i in 0..300 {
        let n = rng.below(40);
        let src: String = (0..n).map(|_| TOKENS[rng.below(TOKENS.len())]).collect();
        check(&src, &format!("token soup #{i}"));
    }
}

#[test]
fn deep_nesting_never_overflows() {
    for src in [
        format!("x = {}1", "-".repeat(20_000)),
        format!("x = {}1{}", "(".repeat(1_000), ")".repeat(1_000)),
        format!("x = {}", "[".repeat(5_000)),
        format!("x = {}1", "not ".repeat(10_000)),
        "def f(n):\n    return f(n + 1)\nf(0)\n".to_string(),
        "import sys\nsys.setrecursionlimit(100_000)\ndef f(n):\n    return f(n + 1)\nf(0)\n"
            .to_string(),
        "l = []\nfor i in range(100_000):\n    l = [l]\nprint(len(repr(l)))\n".to_string(),
    ] {
        check(&src, "deep nesting");
    }
}

#[test]
fn mutated_corpus_programs_never_crash() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let mut files = Vec::new();
    for area in std::fs::read_dir(&corpus).expect("corpus dir").flatten() {
        if let Ok(rd) = std::fs::read_dir(area.path()) {
            for f in rd.flatten() {
                if f.path().extension().is_some_and(|e| e == "py") {
                    files.push(f.path());
                }
            }
        }
    }
    files.sort();
    assert!(
        files.len() > 100,
        "corpus not found at {}",
        corpus.display()
    );
    let mut rng = Rng(0xA076_1D64_78BD_642F);
    for path in files {
        let src = std::fs::read_to_string(&path).expect("read corpus program");
        let chars: Vec<char> = src.chars().collect();
        let mut m = chars.clone();
        match rng.below(4) {
            0 if !m.is_empty() => {
                let a = rng.below(m.len());
                let b = (a + rng.below(40)).min(m.len());
                m.drain(a..b);
            }
            1 => {
                let at = rng.below(m.len() + 1);
                let tok: Vec<char> = TOKENS[rng.below(TOKENS.len())].chars().collect();
                m.splice(at..at, tok);
            }
            2 if !m.is_empty() => {
                let a = rng.below(m.len());
                let b = rng.below(m.len());
                m.swap(a, b);
            }
            _ => m.truncate(rng.below(m.len() + 1)),
        }
        let mutated: String = m.into_iter().collect();
        check(&mutated, &format!("mutation of {}", path.display()));
    }
}
