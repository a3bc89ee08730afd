#!/usr/bin/env bash
# The project's test command: builds the fixture dumps when their cache is missing or stale
# (seconds when it is current), then runs every test.
#   ./test.sh [extra dotnet test arguments]
# The last line is "N passed, N failed, N skipped", counted from the TRX results; the exit
# status is non-zero when anything failed (fixture build, test build, or a test).
set -uo pipefail
cd "$(dirname "$0")"

scripts/test-deps.sh || echo "test.sh: could not install the test packages (tmux, less, tshark)" >&2

fixtures_rc=0
fixtures/build.sh || fixtures_rc=$?
[ $fixtures_rc = 0 ] || echo "test.sh: fixtures/build.sh failed (exit $fixtures_rc); running the tests anyway" >&2
scripts/fixtures-6.12.sh || { fixtures_rc=$?; echo "test.sh: scripts/fixtures-6.12.sh failed (exit $fixtures_rc); running the tests anyway" >&2; }

results=$(mktemp -d -t crashdive-test.XXXXXX)
trap 'rm -rf "$results"' EXIT
dotnet test crashdive.slnx -c Release --nologo --logger trx --results-directory "$results" "$@"
test_rc=$?

# outcome counts over every TRX file: "passed failed skipped"
count_outcomes() {
  if command -v python3 >/dev/null; then
    python3 - "$results" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET
counts = {"passed": 0, "failed": 0, "skipped": 0}
for trx in pathlib.Path(sys.argv[1]).rglob("*.trx"):
    for e in ET.parse(trx).iter():
        if e.tag.endswith("}UnitTestResult") or e.tag == "UnitTestResult":
            o = e.get("outcome", "")
            counts["passed" if o == "Passed" else "skipped" if o in ("NotExecuted", "Inconclusive") else "failed"] += 1
print(counts["passed"], counts["failed"], counts["skipped"])
PY
  else
    find "$results" -name '*.trx' -exec cat {} + | grep -o '<UnitTestResult [^>]*' | grep -o ' outcome="[A-Za-z]*"' |
      awk -F'"' '{ if ($2 == "Passed") p++; else if ($2 == "NotExecuted" || $2 == "Inconclusive") s++; else f++ }
                 END { print p + 0, f + 0, s + 0 }'
  fi
}

if [ -n "$(find "$results" -name '*.trx' -print -quit)" ]; then
  read -r passed failed skipped < <(count_outcomes)
else
  echo "test.sh: no test results (did the build fail?)" >&2
  passed=0 failed=0 skipped=0
  [ $test_rc != 0 ] || test_rc=1
fi

status=0
[ "$failed" = 0 ] || status=1
[ $((passed + failed)) -gt 0 ] || { echo "test.sh: no test ran" >&2; status=1; }
[ $fixtures_rc = 0 ] || status=1
[ $test_rc = 0 ] || status=$test_rc
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
