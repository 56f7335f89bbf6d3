"""webhook-verifier (Python): every shared vector accepted or rejected as expected, no exception
other than InvalidSignature escapes (a crash on a hostile header would be a 500, not a 400)."""
import base64
import sys

import snippet
from sdp_proof import check, passed

failures = []
count = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f.read().splitlines():
        name, accept, now, body, header, secrets, event_id = line.split("\t")
        raw_header = None if header == "-" else base64.b64decode(header).decode("utf-8")
        keys = [] if secrets == "-" else [base64.b64decode(s) for s in secrets.split(",")]
        webhook_id = None if event_id == "-" else base64.b64decode(event_id).decode("utf-8")
        try:
            snippet.verify_webhook(base64.b64decode(body), webhook_id, raw_header, keys, now=float(now))
            got = True
        except snippet.InvalidSignature:
            got = False
        except Exception as exc:  # anything else is a defect: the caller would answer 500
            failures.append(f"{name}: raised {type(exc).__name__}: {exc}")
            continue
        count += 1
        if got != (accept == "1"):
            failures.append(f"{name}: expected {'accept' if accept == '1' else 'reject'}, got {'accept' if got else 'reject'}")
check(not failures, "; ".join(failures))
check(count + len(failures) >= int(sys.argv[2]), f"{count} vectors ran, the file has {sys.argv[2]}")
print(f"{count} vectors as expected")
passed()
