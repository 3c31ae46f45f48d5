#!/usr/bin/env bash
# Peak RSS of khabar run on SaudiNewsNet once and repeated N times as separate inputs
# (copies under distinct names: khabar reads a file once however it is named, so symbolic
# links to the same archive would count once), to show that memory stays flat as the
# input grows.
# Usage: benches/rss_10x.sh [ARCHIVE_DIR] [N] [extra khabar run options...]
set -euo pipefail
cd "$(dirname "$0")/.."
archive=${1:-../shared/corpora/saudinewsnet}
n=${2:-10}
shift $(( $# > 2 ? 2 : $# )) || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
archive=$(cd "$archive" && pwd)
mkdir -p "$work/x1" "$work/xn"
for zip in "$archive"/*.zip; do ln -s "$zip" "$work/x1/$(basename "$zip")"; done
for i in $(seq -w 1 "$n"); do
  for zip in "$archive"/*.zip; do cp "$zip" "$work/xn/copy$i-$(basename "$zip")"; done
done
for set in x1 xn; do
  /usr/bin/time -f "%M %e" -o "$work/$set.time" target/release/khabar run "$work/$set" --out "$work/out-$set" --quiet "$@"
  read -r kb secs < "$work/$set.time"
  docs=$(python3 -c "import json; print(json.load(open('$work/out-$set/manifest.json'))['totals']['documents'])")
  echo "$set: $docs documents, peak RSS $((kb / 1024)) MiB, ${secs} s"
done
