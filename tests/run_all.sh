#!/usr/bin/env bash
# The pytest part of `make test`, as two processes side by side (one per CPU core):
# - nbval executes the student notebooks (the chapters without their solutions);
# - pytest runs tests/: the package, the built book, the browser checks, determinism.
# nbval's report is written to a log and printed after the other run, so the two do not
# interleave. The exit status is that of the first failing run (0 when both pass).
# usage: tests/run_all.sh PYTHON STUDENT_NOTEBOOKS_DIR LOG
set -u
python=$1
notebooks=$2
log=$3

"$python" -m pytest -p no:cacheprovider "$notebooks" \
  --nbval-lax --nbval-current-env --nbval-cell-timeout=600 >"$log" 2>&1 &
nbval=$!
"$python" -m pytest tests
tests=$?
wait "$nbval"
notebooks_status=$?
echo
echo "----- nbval: every student notebook executed ($notebooks; full log in $log) -----"
tail -n 40 "$log"
if [ "$tests" -ne 0 ]; then exit "$tests"; fi
exit "$notebooks_status"
