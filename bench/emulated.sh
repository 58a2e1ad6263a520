#!/usr/bin/env bash
# Runs one stancemap command with its JVM under QEMU's user-mode emulation of an AVX2 CPU without AVX-512 (Zen 3),
# so that ONNX Runtime uses the int8 kernels of the reference machine on any x86-64 machine: accuracy figures and
# analyses then match the reference machine's (see docs/examples.md: the emulated golden files match bit for bit).
# The default heads are trained under the emulator, into their own cache (stancemap-cli/target/model-cache-avx2,
# shared with bench/golden-emulated.sh); about ten times slower than running natively.
#
# Needs: qemu-x86_64 (Debian: apt-get install qemu-user). Builds the project first if needed (through ./stancemap).
# Usage: bench/emulated.sh [--cpu MODEL] COMMAND [ARGS...]
#   e.g. bench/emulated.sh eval -q --format json --data ../shared/data/ruw/raw_test_Russia_Ukraine.utf8.csv \
#          --text-column Tweet --label-column "Stance 1=stance:russia" --label-column "Stance 2=stance:ukraine"
set -euo pipefail
cd "$(dirname "$0")/.."
cpu=EPYC-Milan
if [ "${1:-}" = --cpu ]; then cpu="$2"; shift 2; fi
[ $# -ge 1 ] || { echo "usage: bench/emulated.sh [--cpu MODEL] COMMAND [ARGS...]" >&2; exit 2; }
source bench/qemu-lib.sh
stancemap_qemu emulated
./stancemap --version >/dev/null # builds the jars and extracts ONNX Runtime's native library when needed
source .mvn/wrapper/jdk.sh
stancemap_select_jdk
native="$PWD/stancemap-cli/target/native/ai/onnxruntime/native/linux-x64"
flags=(-XX:+UseSerialGC -Xss4m -Xlog:disable -Xlog:all=warning:stderr)
[ -d "$native" ] && flags+=(-Donnxruntime.native.path="$native")
[ "$(stancemap_java_major "$JAVA_HOME")" -ge 22 ] && flags+=(--enable-native-access=ALL-UNNAMED)
command="$1"
shift
cp="stancemap-cli/target/stancemap-cli-0.1.0-SNAPSHOT.jar:stancemap-cli/target/lib/*"
exec "$qemu" -cpu "$cpu" "$JAVA_HOME/bin/java" "${flags[@]}" -cp "$cp" org.stancemap.cli.StancemapTool "$command" \
  --cache-dir "$PWD/stancemap-cli/target/model-cache-avx2" "$@" 2> >(grep -v "$stancemap_qemu_noise" >&2)
