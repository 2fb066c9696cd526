# Sourced by scripts/demo and supervisor/run: sets JAVA_HOME to a JDK 21 or newer.
# Order: $JAVA_HOME if new enough, then /usr/lib/jvm/temurin-25-jdk-amd64, then any
# /usr/lib/jvm/*-2[1-9]*, then the java on PATH if new enough.

jobqueue_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

jobqueue_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-2[1-9]* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(jobqueue_java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME="$(jobqueue_find_jdk)"; then
  echo "error: jobqueue needs a JDK 21 or newer; install one or set JAVA_HOME to it" >&2
  exit 2
fi
export JAVA_HOME
