# Shared by ./mvnw and ./stancemap: choose a JDK >= 21 and export JAVA_HOME.
stancemap_java_major() {
  # The JDK's release file says its version without starting a JVM (each start costs 50-100 ms); ask the JVM only
  # when there is no such file.
  local v=""
  if [ -r "$1/release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$1/release" | head -n1)"
    case "$v" in
      1.*) v="${v#1.}"; v="${v%%.*}" ;;
      *) v="${v%%.*}" ;;
    esac
  fi
  if [ -z "$v" ]; then
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)"
  fi
  echo "$v"
}
stancemap_select_jdk() {
  local best="" best_major=0 candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major="$(stancemap_java_major "$JAVA_HOME")"
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then export JAVA_HOME; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major="$(stancemap_java_major "$candidate")"
    if [ "${major:-0}" -gt "$best_major" ] 2>/dev/null; then best="$candidate"; best_major="$major"; fi
  done
  if [ "$best_major" -ge 21 ]; then
    export JAVA_HOME="$best"
    return 0
  fi
  echo "Stancemap needs a JDK 21 or newer (Temurin 25 recommended); none was found. Install one and set JAVA_HOME." >&2
  return 1
}
