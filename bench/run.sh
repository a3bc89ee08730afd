#!/usr/bin/env bash
# Benchmark: crashdive beside crash 8.0.2 and drgn 0.0.22 on the same fixture dumps.
# Prints figures and ratios; asserts nothing. Usage: bench/run.sh [--no-crash]
#   CRASHDIVE_FIXTURES  fixture directory (default ~/.cache/crashdive/fixtures/current)
set -euo pipefail
cd "$(dirname "$0")/.."
F=${CRASHDIVE_FIXTURES:-$HOME/.cache/crashdive/fixtures/current}
RUN_CRASH=1; [ "${1:-}" = "--no-crash" ] && RUN_CRASH=0
[ -d "$F" ] || { echo "bench: no fixtures at $F (run fixtures/build.sh)"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)"; exit 1; }

OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
dotnet build -c Release -v q -nologo bench/Crashdive.Bench >/dev/null
dotnet build -c Release -v q -nologo src/Crashdive.Cli >/dev/null
BENCH=bench/Crashdive.Bench/bin/Release/net10.0/Crashdive.Bench
CRASHDIVE=src/Crashdive.Cli/bin/Release/net10.0/crashdive
VMLINUX=$F/kernel/vmlinux
DUMPS=()
for d in kdump/vmcore.kdump-zlib kdump/vmcore.kdump-lzo kdump/vmcore.flat-zlib kdump/vmcore.elf kdump/vmcore.flat-elf \
         qemu/vmcore.elf qemu/vmcore.paging-elf qemu/vmcore.kdump-zlib; do
  [ -f "$F/$d" ] && DUMPS+=("$F/$d")
done

echo "== Dump layer: read and decompress every present page (Release build; snappy/zstd/lzo rewritten from the first dump)"
"$BENCH" --rewrite "$OUT/rewrite" "${DUMPS[@]}"
echo

# measure NAME CMD...: wall seconds and peak RSS (MiB) of one run, stdin from $STDIN (default /dev/null)
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" < "${STDIN:-/dev/null}" > "$OUT/$name.out" 2>&1 || true
  read -r secs kb < <(tail -1 "$OUT/time")
  echo "$secs $((kb / 1024))"
}

echo "== Start-up to first answer (p jiffies), and peak memory"
printf '%-28s %-22s %10s %10s\n' dump tool seconds "peak MiB"
DRGN_SCRIPT=$OUT/first.py
echo 'print(prog["jiffies"].value_())' > "$DRGN_SCRIPT"
printf 'p jiffies\nq\n' > "$OUT/first.txt"
for D in "$F/kdump/vmcore.kdump-zlib" "$F/kdump/vmcore.elf"; do
  [ -f "$D" ] || continue
  name=$(basename "$(dirname "$D")")/$(basename "$D")
  # cold: an empty index cache (the DWARF name index is built by scanning); warm: the cache from that run
  cold=$OUT/xdg-cold; rm -rf "$cold"; mkdir -p "$cold"
  read -r cc_s cc_m < <(XDG_CACHE_HOME=$cold STDIN=$OUT/first.txt measure crashdive-cold "$CRASHDIVE" -s "$VMLINUX" "$D")
  printf '%-28s %-22s %10s %10s\n' "$name" "crashdive (cold index)" "$cc_s" "$cc_m"
  read -r cd_s cd_m < <(XDG_CACHE_HOME=$cold STDIN=$OUT/first.txt measure crashdive "$CRASHDIVE" -s "$VMLINUX" "$D")
  printf '%-28s %-22s %10s %10s\n' "$name" "crashdive (warm index)" "$cd_s" "$cd_m"
  grep -q '^jiffies = \$[0-9]* = [0-9]' "$OUT/crashdive.out" || echo "bench: crashdive did not answer p jiffies: $(head -c 200 "$OUT/crashdive.out")"
  dr_s=0
  if command -v drgn >/dev/null; then
    read -r dr_s dr_m < <(measure drgn drgn -q -c "$D" -s "$VMLINUX" "$DRGN_SCRIPT")
    printf '%-28s %-22s %10s %10s\n' "$name" drgn "$dr_s" "$dr_m"
  fi
  cr_s=0
  if [ $RUN_CRASH = 1 ] && command -v crash >/dev/null; then
    read -r cr_s cr_m < <(STDIN=$OUT/first.txt measure crash crash -s "$VMLINUX" "$D")
    printf '%-28s %-22s %10s %10s\n' "$name" "crash -s" "$cr_s" "$cr_m"
  fi
  awk -v w="$cd_s" -v c="$cc_s" -v r="$cr_s" -v d="$dr_s" 'BEGIN {
    if (w > 0 && c > 0) printf "%-28s ratios, warm: crash %.1fx, drgn %.1fx slower; cold: crash %.1fx, drgn %.1fx slower\n", "", r / w, d / w, r / c, d / c }'
done
echo "* every tool starts, answers 'p jiffies' (drgn: prog['jiffies']) and exits."

echo
echo "== Lua: exec_command calls per second, typed member reads, and the NFQUEUE walk as text vs typed objects"
D=$F/kdump/vmcore.kdump-zlib
[ -f "$D" ] && "$CRASHDIVE" -s "$VMLINUX" "$D" -l bench/lua-bench.lua 10000 20
