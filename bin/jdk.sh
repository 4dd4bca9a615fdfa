# Sourced by bin/evomerge and bin/test: exports JAVA_HOME as a JDK 25+ (the default java here may be older).
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 25 ] 2>/dev/null; then
  JAVA_HOME=""
  for j in /usr/lib/jvm/*/bin/java /opt/*/bin/java; do
    [ -x "$j" ] || continue
    v=$(java_major "$j"); [ -n "$v" ] && [ "$v" -ge 25 ] && { JAVA_HOME=$(dirname "$(dirname "$j")"); break; }
  done
  if [ -z "$JAVA_HOME" ]; then echo "evomerge: needs a JDK 25+; set JAVA_HOME to one" >&2; exit 2; fi
fi
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
