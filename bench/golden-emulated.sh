#!/usr/bin/env bash
# Checks that the golden files (stancemap-cli/src/test/resources/golden) hold under the AVX2 int8 kernels, by
# running the golden-file tests in a JVM under QEMU's user-mode emulation of an AVX2 CPU without AVX-512 (with
# --update it rewrites them from that CPU instead).
#
# Why: ONNX Runtime's int8 kernels differ by instruction set (AVX2, AVX-512, VNNI), which moves scores by about
# 0.01. The golden test compares labels, spans and quotes exactly and scores within a tolerance, so one set of
# files serves every CPU; this script shows, on an AVX-512 developer machine, that the reference machine's kernels
# stay inside that tolerance. The shipped model is read from the jars, so nothing is trained under the emulator
# unless a codebook other than the built-in one is in use.
#
# Needs: qemu-x86_64 (Debian: apt-get install qemu-user). Installs this checkout's modules into the local Maven
# repository first (the test module resolves them there, and an install from another checkout would replace them).
# Takes about 6 minutes on 2 cores (the emulator is ~10x slower than the host).
# Usage: bench/golden-emulated.sh [--update] [--cpu MODEL]   (default MODEL: EPYC-Milan, i.e. Zen 3: AVX2 + FMA)
set -euo pipefail
cd "$(dirname "$0")/.."
update=false
cpu=EPYC-Milan
kernels=avx2
while [ $# -gt 0 ]; do
  case "$1" in
    --update) update=true ;;
    --cpu) cpu="$2"; shift ;;
    *) echo "usage: bench/golden-emulated.sh [--update] [--cpu MODEL]" >&2; exit 2 ;;
  esac
  shift
done
source bench/qemu-lib.sh
stancemap_qemu golden-emulated
source .mvn/wrapper/jdk.sh
stancemap_select_jdk
# surefire wants a path that ends in bin/java: a small wrapper that starts the real JVM under the emulator
wrap="$(mktemp -d)"
trap 'rm -rf "$wrap"' EXIT
mkdir -p "$wrap/bin"
# (TCG warns once per thread about CPU features it cannot emulate and that the JVM does not need: filtered)
printf '#!/usr/bin/env bash\nexec "%s" -cpu "%s" "%s/bin/java" "$@" 2> >(grep -v "%s" >&2)\n' \
  "$qemu" "$cpu" "$JAVA_HOME" "$stancemap_qemu_noise" > "$wrap/bin/java"
chmod +x "$wrap/bin/java"
# the emulated CPU must really lack AVX-512, or ONNX Runtime would pick other kernels
if "$wrap/bin/java" -XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal -version 2>/dev/null \
    | grep -q 'UseAVX *= *3'; then
  echo "golden-emulated: the emulated CPU '$cpu' reports AVX-512; choose one without it (--cpu)" >&2
  exit 2
fi
cache="$PWD/stancemap-cli/target/model-cache-$kernels"
echo "golden-emulated: $kernels golden files under $cpu emulation ($( $update && echo update || echo check)); heads cached in $cache"
./mvnw -q -B -ntp -o install -DskipTests -pl stancemap-cli -am
./mvnw -q -B -ntp -o -pl stancemap-cli test -Dtest=GoldenExamplesTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Djvm="$wrap/bin/java" -Dgolden.kernels="$kernels" -Dgolden.cache="$cache" -Dgolden.update="$update"
report=stancemap-cli/target/surefire-reports/org.stancemap.cli.GoldenExamplesTest.txt
sed -n 's/^Tests run/&/p' "$report"
if $update; then
  git status --short stancemap-cli/src/test/resources/golden
fi
