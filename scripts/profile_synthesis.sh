#!/usr/bin/env bash
# Where the compiled synthesis loops spend their time. Starts synthesis alone on scaled
# extracts, samples it with perf for a while, and names the functions of the hottest
# instructions with gdb (numba's compiled code has no symbol file perf could read).
# Needs perf and gdb (Debian packages linux-perf and gdb).
#
# Usage: scripts/profile_synthesis.sh EXTRACTS_DIR [DELAY_SECONDS] [SAMPLE_SECONDS]
#   e.g. scripts/profile_synthesis.sh /tmp/scale10 30 10
set -euo pipefail
cd "$(dirname "$0")/.."
extracts=${1:?usage: scripts/profile_synthesis.sh EXTRACTS_DIR [DELAY_SECONDS] [SAMPLE_SECONDS]}
delay=${2:-30}
seconds=${3:-10}
work=$(mktemp -d)

.venv/bin/python scripts/bench_scale.py --extracts "$extracts" --synthesis-only >"$work/bench.log" 2>&1 &
bench=$!
sleep "$delay"
perf record --quiet -F 499 -p "$bench" -o "$work/perf.data" -- sleep "$seconds"
# "share<TAB>symbol" for the 20 hottest; JIT code shows up as a bare address
perf report --stdio --no-children --sort symbol -i "$work/perf.data" 2>/dev/null \
    | awk '/%/ && ++n <= 20 {share = $1; sub(/^ *[0-9.]+% +\[[^]]*\] +/, ""); sub(/( +-)* *$/, "");
                             print share "\t" $0}' >"$work/top.txt"
# ask gdb to name each address, and echo the symbols perf already named, so names stay in order
awk -F'\t' '{print ($2 ~ /^0x[0-9a-f]+$/ ? "info symbol " $2 : "echo @@ " $2 "\\n")}' \
    "$work/top.txt" >"$work/symbols.gdb"
gdb -batch -p "$bench" -x "$work/symbols.gdb" 2>/dev/null | grep -E ' in section |^No symbol|^@@ ' \
    | sed -E 's/^@@ //; s/\[abi:[^]]*\]//g; s/\(.*//; s/ \+ [0-9]+ in section.*//
              s/^_ZN[0-9]+([A-Za-z_]+)[0-9]+([A-Za-z_]+)[0-9]+([A-Za-z_]+)[0-9]+([A-Za-z_]+)B[0-9].*/\1::\2::\3::\4/' \
    >"$work/names.txt" || true
paste "$work/top.txt" "$work/names.txt" >"$work/hottest.txt"
echo "the 20 hottest instructions, by function (share of all samples):"
awk -F'\t' '{share[$3] += $1} END {for (n in share) printf "%6.2f%%  %s\n", share[n], n}' \
    "$work/hottest.txt" | sort -rn
echo "the 20 hottest instructions (share, address or symbol, function):"
cat "$work/hottest.txt"
status=0
wait "$bench" || status=$?
cat "$work/bench.log"
exit "$status"
