#!/usr/bin/env bash
# Benchmark: crashdive beside crash 9.0.2 and drgn 0.3.0 (the sid chroot fixtures/build.sh keeps) on the same dumps.
# Prints figures and ratios; asserts nothing. Usage: bench/run.sh [--no-crash] [SECTION...]
#   SECTION: dump, startup, commands, lua (default: all, about 3 minutes with crash)
#   CRASHDIVE_FIXTURES  fixture directory (default ~/.cache/crashdive/fixtures/current)
# Wall-clock figures on a shared machine vary with its load (printed with each section).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${CRASHDIVE_CACHE:-$HOME/.cache/crashdive}
F=${CRASHDIVE_FIXTURES:-$CACHE/fixtures/current}
CRASH=${CRASHDIVE_CRASH:-$CACHE/sid/current/bin/crash}
DRGN=${CRASHDIVE_DRGN:-$CACHE/sid/current/bin/drgn}
RUN_CRASH=1; [ "${1:-}" = "--no-crash" ] && { RUN_CRASH=0; shift; }
SECTIONS=" ${*:-dump startup commands lua} "
want() { [[ $SECTIONS == *" $1 "* ]]; }
loadavg() { echo "(load average $(cut -d' ' -f1-3 /proc/loadavg))"; }
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

if want dump; then
echo "== Dump layer: read and decompress every present page (Release build; snappy/zstd/lzo rewritten from the first dump) $(loadavg)"
"$BENCH" --rewrite "$OUT/rewrite" "${DUMPS[@]}"
echo
fi

# measure NAME CMD...: wall seconds and peak RSS (MiB) of one run, stdin from $STDIN (default /dev/null)
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" < "${STDIN:-/dev/null}" > "$OUT/$name.out" 2>&1 || true
  read -r secs kb < <(tail -1 "$OUT/time")
  echo "$secs $((kb / 1024))"
}

if want startup; then
echo "== Start-up to first answer (p jiffies), and peak memory $(loadavg)"
printf '%-28s %-22s %10s %10s\n' dump tool seconds "peak MiB"
DRGN_SCRIPT=$OUT/first.py
echo 'print(prog["jiffies_64"].value_())' > "$DRGN_SCRIPT" # drgn has no variable "jiffies" (a linker alias)
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
  if [ -x "$DRGN" ]; then
    read -r dr_s dr_m < <(measure drgn "$DRGN" -q -c "$D" -s "$VMLINUX" "$DRGN_SCRIPT")
    grep -q "^[0-9]" "$OUT/drgn.out" || echo "bench: drgn did not answer jiffies_64: $(tail -1 "$OUT/drgn.out" | head -c 200)"
    printf '%-28s %-22s %10s %10s\n' "$name" drgn "$dr_s" "$dr_m"
  fi
  cr_s=0
  if [ $RUN_CRASH = 1 ] && [ -x "$CRASH" ]; then
    read -r cr_s cr_m < <(STDIN=$OUT/first.txt measure crash "$CRASH" -s "$VMLINUX" "$D")
    printf '%-28s %-22s %10s %10s\n' "$name" "crash -s" "$cr_s" "$cr_m"
  fi
  awk -v w="$cd_s" -v c="$cc_s" -v r="$cr_s" -v d="$dr_s" 'BEGIN {
    if (w > 0 && c > 0) printf "%-28s ratios, warm: crash %.1fx, drgn %.1fx slower; cold: crash %.1fx, drgn %.1fx slower\n", "", r / w, d / w, r / c, d / c }'
done
echo "* every tool starts, answers 'p jiffies' (drgn: prog['jiffies_64']) and exits."
fi


if want commands; then
echo
echo "== Commands: the time of each command alone, and peak memory, on the same dump $(loadavg)"
# Each tool runs once per command, in its own process, so each peak covers start-up and that
# command only. crash and crashdive read a batch: 'p jiffies' (loads what start-up loads), then
# a shell escape that prints the wall clock and the tool's own VmHWM (/proc/$PPID/status: the
# shell's parent is the tool), a second one at once (the cost of a stamp), the command, a third
# stamp. seconds = (t3 - t2) - (t2 - t1): the command alone, without start-up or the stamp's fork.
# drgn runs bench/drgn-commands.py, which times its nearest equivalent with perf_counter after
# reading jiffies_64 (drgn has no kmem -i or search: "-"). peak MiB = VmHWM after the command;
# "items" is what the output covers (tasks, hits, caches, lines), so that crash's 3 tasks on this
# 6.1 kernel (its PID-hash walk fails) are not read as the same work as 61.
D=$F/kdump/vmcore.kdump-zlib
STAMP='!echo T $(date +%s.%N) $(grep VmHWM /proc/$PPID/status)'
# search: a value no page holds, so every tool reads all of kernel memory and prints nothing
CMDS=("ps" "foreach files" "kmem -i" "kmem -S" "search -k deadbeefdeadbeef" "bt -a" "foreach bt")
# items CMD FILE: what the command's output covers
items() {
  case $1 in
    ps) echo "$(grep -cE '^[> ] *[0-9]+ ' "$2") tasks" ;;
    "foreach files"|"foreach bt") echo "$(grep -c '^PID:' "$2") tasks" ;;
    "bt -a") echo "$(grep -cE '^(PID|CPU):' "$2") cpus" ;;
    "kmem -S") echo "$(grep -cE '^[0-9a-f]{16} +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+k ' "$2") caches, $(wc -l < "$2") lines" ;;
    search*) echo "$(grep -cE '^[0-9a-f]+: ' "$2") hits" ;;
    *) echo "$(wc -l < "$2") lines" ;;
  esac
}
# stamped TOOL CMD...: runs a stamped batch of $CMD; writes "seconds peakMiB" to $OUT/res and
# the command's output to $OUT/cmd.out. A command faster than the stamps' jitter (a few ms) shows ~0.
stamped() {
  printf '%s\n' "p jiffies" "$STAMP" "$STAMP" "$CMD" "$STAMP" q > "$OUT/cmd.txt"
  "$@" < "$OUT/cmd.txt" > "$OUT/stamped.out" 2>&1 || true
  : > "$OUT/cmd.out"
  awk -v out="$OUT/cmd.out" '/^T [0-9]/ { n++; t[n] = $2; h[n] = $4; next } n == 2 { print > out }
    END { if (n < 3) { print "failed -"; exit } s = (t[3] - t[2]) - (t[2] - t[1])
          printf "%s %d\n", s < 0.005 ? "~0" : sprintf("%.3f", s), h[3] / 1024 }' "$OUT/stamped.out" > "$OUT/res"
}
XDG_WARM=$OUT/xdg-warm; mkdir -p "$XDG_WARM"
printf 'p jiffies\nq\n' | XDG_CACHE_HOME=$XDG_WARM "$CRASHDIVE" -s "$VMLINUX" "$D" >/dev/null 2>&1 || true
printf '%-30s %-10s %9s %9s  %s\n' command tool seconds "peak MiB" items
for CMD in "${CMDS[@]}"; do
  XDG_CACHE_HOME=$XDG_WARM stamped "$CRASHDIVE" -s "$VMLINUX" "$D"; read -r s m < "$OUT/res"
  printf '%-30s %-10s %9s %9s  %s\n' "$CMD" crashdive "$s" "$m" "$(items "$CMD" "$OUT/cmd.out")"
  cd_s=$s
  if [ $RUN_CRASH = 1 ] && [ -x "$CRASH" ]; then
    stamped "$CRASH" -s "$VMLINUX" "$D"; read -r s m < "$OUT/res"
    printf '%-30s %-10s %9s %9s  %s\n' "" "crash" "$s" "$m" "$(items "$CMD" "$OUT/cmd.out")"
    awk -v a="$cd_s" -v b="$s" 'BEGIN { a += 0; b += 0; if (a > 0.005 && b > 0.005) printf "%-30s %-10s %9s\n", "", "ratio", sprintf("%.1fx", b / a) }'
  fi
  if [ -x "$DRGN" ]; then
    "$DRGN" -q -c "$D" -s "$VMLINUX" bench/drgn-commands.py $CMD > "$OUT/drgn.out" 2>&1 || true
    read -r _ s before after < <(grep '^T ' "$OUT/drgn.out" | tail -1) || s=failed
    if [ "${s:-}" = none ]; then
      printf '%-30s %-10s %9s\n' "" drgn "-"
    elif [ -n "${after:-}" ]; then
      grep -v '^T ' "$OUT/drgn.out" > "$OUT/cmd.out"
      case $CMD in ps|"kmem -S") n="$(wc -l < "$OUT/cmd.out") ${CMD/ps/tasks}" ;; "bt -a") n="$(grep -c '^CPU:' "$OUT/cmd.out") cpus" ;; *) n="$(grep -c '^PID:' "$OUT/cmd.out") tasks" ;; esac
      printf '%-30s %-10s %9s %9s  %s\n' "" drgn "$s" "$((after / 1024))" "${n/kmem -S/caches}"
    else
      printf '%-30s %-10s %9s  %s\n' "" drgn failed "$(tail -1 "$OUT/drgn.out" | head -c 80)"
    fi
  fi
done
echo "* drgn's equivalents (bench/drgn-commands.py): ps = pid, ppid, cpu, state and comm of every task;"
echo "  foreach files = for_each_file + d_path; kmem -S = slab counts from one pass over struct page"
echo "  (no per-slab listing); bt -a = stack_trace of each run queue's current task."
fi
want lua || exit 0
echo
echo "== Lua: exec_command calls per second, typed member reads, and the NFQUEUE walk as text vs typed objects"
D=$F/kdump/vmcore.kdump-zlib
[ -f "$D" ] && "$CRASHDIVE" -s "$VMLINUX" "$D" -l bench/lua-bench.lua 10000 20
