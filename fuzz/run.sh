#!/usr/bin/env bash
# Fuzzes every GenMetrics reader with afl++ and SharpFuzz, one harness after the other (fuzz/GenMetrics.Fuzz).
#
#   fuzz/run.sh [SECONDS] [TARGET...]     SECONDS per harness (default 60); all targets unless named
#
# Installs what is missing (Debian's afl++ through apt-get; the sharpfuzz .NET tool into fuzz/work/tools), builds
# the harness in Release into fuzz/work/bin, instruments GenMetrics.dll there, seeds each harness from the committed
# fixtures and runs afl-fuzz for SECONDS. Everything it writes stays in fuzz/work (git-ignored): findings/TARGET
# (afl-fuzz's output, wiped at each run of that target), logs/TARGET.log. It ends with one line per harness
# (seconds, executions, crashes, hangs) and replays every crash, so its message shows; exit 1 when any was found.
# The contract a harness checks: see fuzz/GenMetrics.Fuzz/Contract.cs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
work=fuzz/work
mkdir -p "$work"

if ! command -v afl-fuzz >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq afl++ >/dev/null
fi
if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi

rm -rf "$work/bin"
dotnet build fuzz/GenMetrics.Fuzz/GenMetrics.Fuzz.csproj -c Release -o "$work/bin" -nologo -v quiet >/dev/null
"$work/tools/sharpfuzz" "$work/bin/GenMetrics.dll"
harness="$work/bin/GenMetrics.Fuzz.dll"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(dotnet "$harness" list)

export AFL_SKIP_BIN_CHECK=1            # the target is dotnet; SharpFuzz instruments the managed code
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_FORKSRV_INIT_TMOUT=60000    # ms: starting the runtime and JIT-compiling the readers
export DOTNET_GCHeapHardLimit=0x40000000 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1   # a 1 GiB managed heap: a runaway allocation is an OutOfMemoryException, a crash

summary=()
found=0
for t in "${targets[@]}"; do
  seeds="$work/seeds/$t" out="$work/findings/$t" log="$work/logs/$t.log"
  rm -rf "$seeds" "$out"
  mkdir -p "$work/logs" "$work/findings"
  if ! dotnet "$harness" seeds "$t" "$seeds" >"$log" 2>&1; then
    summary+=("$(printf '%-13s no seeds: see %s' "$t" "$log")"); found=1; continue
  fi
  tmo=3000; [ "$t" = onnx ] && tmo=10000   # ms per input, then it counts as a hang
  echo "fuzzing $t for ${seconds}s (log: $log)"
  timeout $(( seconds + 300 )) afl-fuzz -V "$seconds" -t "$tmo" -m none -i "$seeds" -o "$out" -- dotnet "$harness" fuzz "$t" >"$log" 2>&1 || true
  stats="$out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    summary+=("$(printf '%-13s did not run: see %s' "$t" "$log")"); found=1; continue
  fi
  get() { sed -nE "s/^$1 +: +//p" "$stats"; }
  crashes=$(get saved_crashes) hangs=$(get saved_hangs)
  summary+=("$(printf '%-13s %6s %16s %10s  %11s %9s  %12s' "$t" "$(get run_time)" "$(get execs_done)" "$(get execs_per_sec)" "$crashes" "$hangs" "$(get corpus_count)")")
  if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
    found=1
    for f in "$out"/default/crashes/id* "$out"/default/hangs/id*; do
      [ -f "$f" ] || continue
      echo "--- $f"
      timeout 60 dotnet "$harness" replay "$t" "$f" 2>&1 | head -1 | cut -c1-400 || true
    done
  fi
done
echo
printf '%-13s %6s %16s %10s  %11s %9s  %12s\n' harness seconds executions per-second crashes hangs "corpus size"
printf '%s\n' "${summary[@]}"
exit "$found"
