"""signed-url (Python): links verify until expiry, edits are rejected, TypeScript's links verify."""
import json
import re
import sys

import snippet
from sdp_proof import check, passed

spec = json.load(open(sys.argv[1], encoding="utf-8"))
secret = spec["secret"].encode()
now = spec["now"]

wrong = [c["url"] for c in spec["cases"] if snippet.verify_signed_url(c["url"], secret, now=c["now"]) != c["expect"]]
check(not wrong, f"TypeScript-signed cases decided wrongly: {wrong}")

issued = []
for path in spec["paths"]:
    url = snippet.sign_url(path, secret, 300, now=now)
    check(url.startswith(path), "the path and query are kept as given")
    check(snippet.verify_signed_url(url, secret, now=now), f"fresh link verifies: {url}")
    check(snippet.verify_signed_url(url, secret, now=now + 299), "valid just before expiry")
    check(not snippet.verify_signed_url(url, secret, now=now + 301), "expired")
    expires = re.search(r"expires=(\d+)", url).group(1)
    for name, forged in {
        "extended expiry": url.replace(f"expires={expires}", f"expires={int(expires) + 86400}"),
        "appended parameter": url + "&download=1",
        "other path": re.sub(r"^/[a-z]+", "/private", url),
        "other secret": snippet.sign_url(path, b"other", 300, now=now),
    }.items():
        check(not snippet.verify_signed_url(forged, secret, now=now), f"{name} must fail: {forged}")
    issued.append(url)
json.dump(issued, open(sys.argv[2], "w", encoding="utf-8"))
passed()
