#!/bin/bash -eu
# Builds the cargo-fuzz targets of fuzz/ for ClusterFuzzLite / OSS-Fuzz and copies them
# to $OUT. The base image provides cargo-fuzz and the sanitizer flags.
cd "$SRC/pyref"
cargo fuzz build -O --debug-assertions
for target in bytes generated differential; do
  cp "fuzz/target/x86_64-unknown-linux-gnu/release/$target" "$OUT/"
done
