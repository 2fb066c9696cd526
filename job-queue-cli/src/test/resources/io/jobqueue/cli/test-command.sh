#!/bin/sh
# The command the work tests run once per job. It records what it was given under $OUT_DIR/<job id>.*
# and acts on the payload's first word.
out="$OUT_DIR/$JOBQUEUE_JOB_ID"
cat > "$out.payload"
env | grep '^JOBQUEUE_' | sort > "$out.env"
echo "$JOBQUEUE_ATTEMPT" >> "$out.attempts"
case "$(head -c 8 "$out.payload")" in
  tempfail) [ "$JOBQUEUE_ATTEMPT" -ge 2 ] || exit 75 ;;
  fail) echo "writing /var/x" >&2; echo "disk full" >&2; exit 3 ;;
  bad) echo "not an order" >&2; exit 65 ;;
  flaky) [ -e "$OUT_DIR/fixed" ] || { echo "not fixed yet" >&2; exit 3; } ;;
  hang) sleep 600 & echo $! >> "$out.sleeps"; touch "$out.started"; wait; exit 0 ;;
  slow) touch "$out.started"; sleep 3; touch "$out.done" ;;
esac
exit 0
