#!/bin/sh
# A jobqueue worker in shell, run once per job by `jobqueue work`:
#
#   jobqueue work --pipeline word_count -- sh word_count.sh
#
# The payload is on standard input, the job in JOBQUEUE_JOB_ID, JOBQUEUE_PIPELINE, JOBQUEUE_ATTEMPT,
# JOBQUEUE_TTR. Exit 0 deletes the job, 75 releases it to be tried later, 65 buries it now; any other
# status is a failed attempt (retried, then buried with the last lines of stderr as the reason).
set -eu
words=$(wc -w)
if [ "$words" -eq 0 ]; then
  echo "job $JOBQUEUE_JOB_ID: empty text, nothing to count" >&2
  exit 65
fi
echo "job $JOBQUEUE_JOB_ID in $JOBQUEUE_PIPELINE: $words words"
