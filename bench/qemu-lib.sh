# Sourced by bench/emulated.sh and bench/golden-emulated.sh, which run Stancemap's JVM under QEMU's user-mode
# emulation of an AVX2 CPU.
# stancemap_qemu NAME: sets $qemu to the x86-64 user-mode emulator, or exits 2 with a message that starts with NAME.
stancemap_qemu() {
  qemu="$(command -v qemu-x86_64 || command -v qemu-x86_64-static || true)"
  [ -n "$qemu" ] || { echo "$1: qemu-x86_64 not found; install it (Debian: apt-get install qemu-user)" >&2; exit 2; }
}
# QEMU's TCG warns once per thread about CPU features it cannot emulate and that the JVM does not need; both scripts
# drop these lines from standard error.
stancemap_qemu_noise='^qemu-x86_64: warning: TCG'
