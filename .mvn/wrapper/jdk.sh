# Shared by ./mvnw and ./stancemap: choose a JDK >= 21 and export JAVA_HOME.
stancemap_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
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
