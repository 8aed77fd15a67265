#!/usr/bin/env bash
# Prints the classpath the analyzer benches run with: analyzer-service's classes and test classes (the bench entry
# points live in src/test, io.vidsift.analyzer.bench, so they never ship in the service image) and its test-scope
# dependencies, the sibling modules as their target/classes. Compiles what changed first (test-compile, offline).
# Usage: CLASSPATH="$(bench/analyzer-classpath.sh)"     (launch with CLASSPATH, not -cp: see analyzer-service/README.md)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
./mvnw -B -q -o -pl analyzer-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
echo "$repo/analyzer-service/target/test-classes:$repo/analyzer-service/target/classes:$(cat analyzer-service/target/bench.classpath)"
