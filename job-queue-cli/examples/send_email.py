#!/usr/bin/env python3
"""A jobqueue worker in Python, run once per job by `jobqueue work`:

    jobqueue work --pipeline emails --concurrency 4 -- python3 send_email.py

The payload arrives on standard input (here JSON: {"to": ..., "subject": ...}); the job's id,
pipeline and attempt are in JOBQUEUE_JOB_ID, JOBQUEUE_PIPELINE and JOBQUEUE_ATTEMPT. The exit
status decides: 0 deletes the job, 75 releases it to be tried later, 65 buries it now, anything
else is a failed attempt that the worker retries and buries after the last one, with the last
lines of standard error as the reason.
"""
import json
import os
import sys

EX_DATAERR = 65  # bury now: retrying cannot help
EX_TEMPFAIL = 75  # release: try again later


def main():
    job_id = os.environ["JOBQUEUE_JOB_ID"]
    attempt = int(os.environ["JOBQUEUE_ATTEMPT"])
    try:
        email = json.load(sys.stdin.buffer)
        to, subject = email["to"], email["subject"]
    except (ValueError, KeyError, TypeError) as e:
        print(f"job {job_id}: not an email: {e!r}", file=sys.stderr)
        return EX_DATAERR
    if email.get("server_busy_until_attempt", 0) > attempt:
        print(f"job {job_id}: mail server busy on attempt {attempt}", file=sys.stderr)
        return EX_TEMPFAIL
    # A real worker would talk to the mail server here.
    print(f"job {job_id}: sent '{subject}' to {to} (attempt {attempt})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
