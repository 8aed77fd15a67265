# bench/lib.sh: the preamble every bench script shares. Source it first thing:
#   . "$(dirname "$0")/../lib.sh"
# It sets `set -euo pipefail`, cds to the repository root ($BENCH_ROOT) and gives:
#   bench_require CMD "how to get it"  stop (exit 2) naming a missing tool and how to install it
#   bench_jdk                          stop unless a JDK 17+ is on PATH (or JAVA_HOME); prints one line about it
#   bench_build FILE MODULE...         package MODULE(s) (and what they need) unless FILE exists; offline first
#   bench_classpath MODULE             export CLASSPATH=<module classes>:<its runtime jars> (ORT needs CLASSPATH, not -cp)
#   bench_test_classpath MODULE        the same with its test classes and test jars (entry points kept out of the image)
#   bench_machine                      one line: cores, memory, load average, JDK
#   bench_now / bench_since START      a timestamp / seconds since it, for wall-clock timing
#   bench_result NAME KEY=VALUE...     one machine-readable line: "result: NAME KEY=VALUE ..."
set -euo pipefail
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$BENCH_ROOT"

bench_require() {
  command -v "$1" >/dev/null 2>&1 || { echo "bench: needs $1 on PATH${2:+ ($2)}" >&2; exit 2; }
}

bench_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then PATH="$JAVA_HOME/bin:$PATH"; fi
  bench_require java "a JDK 17 or newer"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if ! [ "${major%%.*}" -ge 17 ] 2>/dev/null; then
    echo "bench: needs a JDK 17 or newer, found: $(java -version 2>&1 | head -1)" >&2
    exit 2
  fi
}

bench_build() {
  local file=$1; shift
  [ -e "$file" ] && return 0
  local modules
  modules=$(IFS=,; echo "$*")
  echo "bench: building $modules (missing $file)" >&2
  # -am builds the project modules they need in the same reactor; nothing is installed into the local repository.
  ./mvnw -B -q -o -pl "$modules" -am -DskipTests package >&2 || ./mvnw -B -q -pl "$modules" -am -DskipTests package >&2
}

bench_classpath() {
  local module=$1
  # compile with -am: the project modules it needs resolve to their target/classes (nothing is installed).
  ./mvnw -B -q -o -pl "$module" -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=runtime >/dev/null
  export CLASSPATH="$BENCH_ROOT/$module/target/classes:$(cat "$module/target/bench.classpath")"
}

bench_test_classpath() {
  local module=$1
  ./mvnw -B -q -o -pl "$module" -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test >/dev/null
  export CLASSPATH="$BENCH_ROOT/$module/target/test-classes:$BENCH_ROOT/$module/target/classes:$(cat "$module/target/bench.classpath")"
}

bench_machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo) GiB," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
}

bench_now() { date +%s.%N; }

bench_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'; }

bench_result() {
  local name=$1; shift
  echo "result: $name $*"
}
