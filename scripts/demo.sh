#!/usr/bin/env bash
# `make demo` once installed: migrate (quietly, unless it fails), load the seed programme, start a pack worker, print
# the demo logins, then serve. Ctrl-C (or SIGTERM) stops the server and the worker; the worker finishes the build in
# hand first.
#
# Ctrl-C reaches every process in the terminal's foreground group, and each Python process would answer it with a
# KeyboardInterrupt traceback. So the commands run as background jobs, which ignore SIGINT (the worker, which
# catches it itself, in a session of its own), and this script stops them with SIGTERM when it is interrupted.
set -uo pipefail

cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DEBUG=${DEBUG:-1}

tmp=$(mktemp -d)
job=""    # the command in hand
worker="" # the pack worker

stop() {
	trap - EXIT INT TERM
	kill -TERM $job $worker 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 0' INT TERM

# Runs a command as a background job and waits for it, so that Ctrl-C reaches this script's trap and not the command.
run() {
	"$@" &
	job=$!
	wait "$job"
	local status=$?
	job=""
	return "$status"
}

if ! run "$PY" manage.py migrate --no-input -v 0 >"$tmp/migrate.log" 2>&1; then
	echo "The database migrations failed:" >&2
	cat "$tmp/migrate.log" >&2
	exit 1
fi
if ! run "$PY" manage.py seed_demo >"$tmp/seed.log" 2>&1; then
	echo "Loading the seed programme failed:" >&2
	cat "$tmp/seed.log" >&2
	exit 1
fi
# seed_demo prints its counts, then the logins from the line "Demo logins ..." on: the counts now, the logins last.
sed '/^Demo logins/,$d' "$tmp/seed.log"

# The worker's first line (it has started) comes before the logins; the rest of its output follows as it comes.
mkfifo "$tmp/worker"
if command -v setsid >/dev/null; then
	setsid "$PY" manage.py db_worker --queue-name '*' --no-reload >"$tmp/worker" 2>&1 &
else
	"$PY" manage.py db_worker --queue-name '*' --no-reload >"$tmp/worker" 2>&1 &
fi
worker=$!
exec 3<"$tmp/worker"
IFS= read -r -t 120 line <&3 && printf '%s\n' "$line"
cat <&3 &
exec 3<&-

echo "Serving on http://$HOST:$PORT/ with a background worker for document packs (Ctrl-C stops both)."
sed -n '/^Demo logins/,$p' "$tmp/seed.log"
run "$PY" manage.py runserver "$HOST:$PORT"
