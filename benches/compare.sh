#!/usr/bin/env bash
# Side-by-side speed on the SaudiNewsNet archive, in one run:
#   1. the limit: read + unzip + parse the JSON, nothing else (khabar parse-only)
#   2. khabar run, every stage on
#   3. khabar run --ner gazetteer, and khabar run --documents-only (the foundation stage),
#      with and without the corpus-wide boilerplate pre-pass
#   4. PyArabic and CAMeL Tools doing a subset (normalize + tokenize), in a throwaway venv
# Prints MB/s of article text and of uncompressed input (the records' JSON), docs/s, peak
# RSS, and ratios.
# Usage: benches/compare.sh [ARCHIVE_DIR] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
archive=${1:-../shared/corpora/saudinewsnet}
threads=${2:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/khabar

# Read the archive once so every contender starts from a warm page cache.
cat "$archive"/*.zip > /dev/null

declare -A secs rss docs
measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err"
  secs[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2,t,":"); s=0; for(i=1;i<=length(t);i++) s=s*60+t[i]; print s}' "$work/$name.time")
  rss[$name]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
}

measure limit "$bin" parse-only "$archive" --threads "$threads"
text_bytes=$(awk '$1 == "text_bytes" {print $2}' "$work/limit.out")
record_bytes=$(awk '$1 == "record_bytes" {print $2}' "$work/limit.out")
docs_total=$(awk '$1 == "documents" {print $2}' "$work/limit.out")
measure full "$bin" run "$archive" --out "$work/full" --threads "$threads" --quiet
measure gazetteer "$bin" run "$archive" --out "$work/gaz" --threads "$threads" --ner gazetteer --quiet
measure documents "$bin" run "$archive" --out "$work/docs" --threads "$threads" --documents-only --quiet
# The foundation stage without the corpus-wide boilerplate pre-pass (known lines only).
measure known "$bin" run "$archive" --out "$work/known" --threads "$threads" --documents-only --boilerplate known --quiet

venv="$work/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet pyarabic
py_tools=(pyarabic)
if timeout 240 "$venv/bin/pip" install --quiet camel-tools >/dev/null 2>&1; then
  py_tools+=(camel)
else
  echo "(CAMeL Tools did not install within 4 minutes; skipped)"
fi
for tool in "${py_tools[@]}"; do
  measure "$tool" "$venv/bin/python" benches/compare_python.py "$archive" "$tool"
  # The Python peers are timed on their processing only (JSON reading excluded), one core.
  secs[$tool]=$(python3 -c "import json,sys; print(json.load(open('$work/$tool.out'))['seconds'])")
done

printf '\n%s\n' "SaudiNewsNet: $docs_total documents, $((text_bytes / 1000000)) MB of article text in $((record_bytes / 1000000)) MB of JSON; khabar on $threads threads"
printf '%-42s %10s %10s %10s %10s %12s\n' contender "text MB/s" "JSON MB/s" "docs/s" "peak MiB" "x PyArabic"
py=${secs[pyarabic]}
for name in limit full gazetteer documents known "${py_tools[@]}"; do
  s=${secs[$name]}
  awk -v n="$name" -v s="$s" -v b="$text_bytes" -v j="$record_bytes" -v d="$docs_total" -v r="${rss[$name]}" -v py="$py" 'BEGIN {
    label = n
    if (n == "limit") label = "limit: read+unzip+parse"
    if (n == "full") label = "khabar run (every stage)"
    if (n == "gazetteer") label = "khabar run --ner gazetteer"
    if (n == "documents") label = "khabar run --documents-only"
    if (n == "known") label = "  ... --boilerplate known (no pre-pass)"
    if (n == "pyarabic") label = "PyArabic normalize+tokenize (1 core)"
    if (n == "camel") label = "CAMeL utils normalize+tokenize (1 core)"
    printf "%-42s %10.1f %10.1f %10.0f %10.0f %12.1f\n", label, b/1e6/s, j/1e6/s, d/s, r/1024, py/s
  }'
done
