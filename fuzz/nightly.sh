#!/usr/bin/env bash
# Nightly fuzzing: each libFuzzer target for SECONDS (default 600), then the harness's own
# loop for SECONDS, then every libFuzzer divergence/crash input is confirmed, reduced and
# reported through `pyref-harness fuzz --from-artifacts`. Everything lands in OUT
# (default fuzz-nightly/): report-<part>.md files plus one directory per finding.
#
# Usage: fuzz/nightly.sh [SECONDS] [OUT]
# Needs: the Rust stable toolchain, cargo-fuzz (`cargo install cargo-fuzz`), a C++
# compiler (libFuzzer), CPython 3.11 (python3.11, a python3 that is 3.11, or PYREF_PYTHON).
# Exit status: 1 when pyref crashed (a crash of any target or of the harness loop), else 0;
# divergences are findings in the report, not failures.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-600}"
OUT="${2:-fuzz-nightly}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
status=0

cargo build --release -p pyref-harness || exit 2
HARNESS="$PWD/target/release/pyref-harness"

for target in bytes generated differential; do
  echo "== cargo fuzz run $target for ${SECONDS_PER_TARGET}s"
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  # -fork/-ignore_crashes: keep going after a crash and keep every crash input.
  cargo fuzz run --sanitizer none "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -len_control=0 -timeout=30 -rss_limit_mb=4096 \
    -fork=1 -ignore_crashes=1 -artifact_prefix="fuzz/artifacts/$target/" \
    > "$OUT/libfuzzer-$target.log" 2>&1
  echo "   exit $?; log: $OUT/libfuzzer-$target.log"
done

echo "== pyref-harness fuzz for ${SECONDS_PER_TARGET}s"
"$HARNESS" fuzz --time "$SECONDS_PER_TARGET" --out "$OUT/harness" || status=1
cp "$OUT/harness/report.md" "$OUT/report-harness.md" 2>/dev/null

# Collect the libFuzzer inputs: crashes of any target, divergences of the differential one.
for target in generated differential; do
  if compgen -G "fuzz/artifacts/$target/*" > /dev/null; then
    echo "== reducing artifacts of $target"
    "$HARNESS" fuzz --from-artifacts "fuzz/artifacts/$target" --out "$OUT/artifacts-$target" || status=1
    cp "$OUT/artifacts-$target/report.md" "$OUT/report-artifacts-$target.md" 2>/dev/null
  fi
done
if compgen -G "fuzz/artifacts/bytes/crash-*" > /dev/null; then
  echo "== crashes of the bytes target (raw sources)"
  "$HARNESS" fuzz --from-artifacts fuzz/artifacts/bytes --raw-source --out "$OUT/artifacts-bytes" || status=1
  cp "$OUT/artifacts-bytes/report.md" "$OUT/report-artifacts-bytes.md" 2>/dev/null
  status=1
fi
for target in bytes generated; do
  if grep -q 'panicked\|ERROR: libFuzzer: deadly signal\|ERROR: libFuzzer: timeout' "$OUT/libfuzzer-$target.log" 2>/dev/null; then
    echo "!! $target: libFuzzer reported a crash (see $OUT/libfuzzer-$target.log)"
    status=1
  fi
done
if grep -q 'pyref crashed' "$OUT/libfuzzer-differential.log" 2>/dev/null; then
  echo "!! differential: pyref crashed (see $OUT/libfuzzer-differential.log)"
  status=1
fi

{
  echo "# pyref nightly fuzzing"
  echo
  for f in "$OUT"/report-*.md; do
    [ -f "$f" ] || continue
    echo "- $(basename "$f")"
  done
} > "$OUT/README.md"
echo "== reports in $OUT (exit $status)"
exit $status
