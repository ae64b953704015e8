# Sourced by ./pipeline and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if it is 21+, then the newest JDK under /usr/lib/jvm (and the usual SDKMAN/Temurin places).
java_major() { # prints the major version of the java binary given as $1
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}
pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir/bin/java") || continue
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$dir"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "order-pipeline needs a JDK 21 or newer (the Lambda java21 runtime); none found in JAVA_HOME or /usr/lib/jvm." >&2
    echo "Install one (e.g. 'apt-get install openjdk-21-jdk-headless' where your distribution has it) and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
pick_jdk
export PATH="$JAVA_HOME/bin:$PATH"
