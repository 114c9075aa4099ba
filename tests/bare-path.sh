#!/usr/bin/env bash
# Honest on a fresh machine: runs the test binaries with the outside tools (tmux, dunst, Xvfb,
# LibreOffice, poppler, python3, D-Bus, PostgreSQL's programs) taken off PATH. They must pass, saying
# "skipped: <tool> not installed", and must fail when YUQING_REQUIRE_TOOLS=1. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bins=$(cargo test --locked --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] in ("e2e", "integration"):
        print(m["target"]["name"], m["executable"])')
e2e=$(awk '$1 == "e2e" {print $2}' <<<"$bins")
integration=$(awk '$1 == "integration" {print $2}' <<<"$bins")

bare=$(mktemp -d)
trap 'rm -rf "$bare"' EXIT
hidden=" tmux dunst dunstctl Xvfb soffice libreoffice pdftotext pdfimages python3 dbus-daemon dbus-monitor dbus-send initdb pg_ctl psql pg_dump createdb "
for d in /usr/local/bin /usr/bin /bin; do
  for p in "$d"/*; do
    n=$(basename "$p")
    case "$hidden" in *" $n "*) continue ;; esac
    case "$n" in python3*) continue ;; esac
    [ -e "$bare/$n" ] || ln -s "$p" "$bare/$n"
  done
done

run() { # name, expected status (0 or fail), binary, filters...
  local want=$1 bin=$2; shift 2
  local log; log=$(mktemp)
  set +e
  env -u YUQING_REQUIRE_TOOLS PATH="$bare" ${REQUIRE:+YUQING_REQUIRE_TOOLS=1} "$bin" "$@" >"$log" 2>&1
  local got=$?
  set -e
  if [ "$want" = 0 ] && [ $got -ne 0 ]; then cat "$log"; echo "bare-path: $bin failed without the tools" >&2; exit 1; fi
  if [ "$want" = fail ] && [ $got -eq 0 ]; then cat "$log"; echo "bare-path: $bin passed with YUQING_REQUIRE_TOOLS=1 and tools missing" >&2; exit 1; fi
  echo "$log"
}

log=$(run 0 "$e2e")
skips=$(grep -c '^skipped: ' "$log" || true)
grep '^skipped: ' "$log" | sort | uniq -c
[ "$skips" -ge 17 ] || { cat "$log"; echo "bare-path: expected the tool tests to say skipped" >&2; exit 1; }
log=$(run 0 "$integration" write_path::a_write_that_waited board::a_detail_view_that_cannot)
grep -q '^skipped: python3 not installed' "$log" || { cat "$log"; exit 1; }
log=$(run 0 "$integration" postgres::)
grep -q '^skipped: .*psql' "$log" || { cat "$log"; echo "bare-path: the PostgreSQL tests did not say skipped" >&2; exit 1; }
REQUIRE=1 run fail "$integration" postgres:: >/dev/null
REQUIRE=1 run fail "$e2e" >/dev/null
echo "bare-path: without the tools the tests skip and pass ($skips skips); YUQING_REQUIRE_TOOLS=1 fails them"
