#!/usr/bin/env bash
# Runs the benchmark suite and rewrites benchmarks/README.md and its charts (throughput.png,
# memory.png).
#
#   benchmarks/run.sh                        the whole suite
#   benchmarks/run.sh --quick                small sizes: only shows that every part works
#   benchmarks/run.sh --out DIR              writes README.md and the charts to DIR instead
#   benchmarks/run.sh --only memory,compile  some parts only (in-process, cross-process,
#                                            throughput, memory, compile)
#
# Needs JDK 17 (JAVA_HOME, or java on the PATH) and Maven 3.8 or later; works from a clean clone.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java="java"
fi

# Builds the benchmarks and the modules they use; the build writes the module's runtime class path
# to benchmarks/target/classpath.txt (maven-dependency-plugin, see benchmarks/pom.xml).
mvn -B -q -pl benchmarks -am package -DskipTests

classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
exec "$java" -Djava.awt.headless=true \
  "-Dbenchmarks.command=benchmarks/run.sh${*:+ $*}" \
  -cp "$classpath" io.github.beamshared.benchmarks.BenchmarkSuite "$@"
