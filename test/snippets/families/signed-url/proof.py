"""signed-url (Python): links verify for their method and audience until expiry, other methods,
other audiences and edits are rejected, blurring methods and audiences are refused, paths whose
query already holds expires or signature (also after ";" or decoded twice), with "#", without a
leading "/", starting with "//", or that a browser rewrites (characters RFC 3986 does not allow,
"'" in the query, dot segments) and bad TTLs are refused, links with expires or signature twice do not verify, and TypeScript's links verify."""
import json
import re
import sys

import snippet
from sdp_proof import check, passed

spec = json.load(open(sys.argv[1], encoding="utf-8"))
secret = spec["secret"].encode()
now = spec["now"]
method, audience = spec["method"], spec["audience"]

wrong = [c for c in spec["cases"] if snippet.verify_signed_url(c["method"], c["audience"], c["url"], secret, now=c["now"]) != c["expect"]]
check(not wrong, f"TypeScript-signed cases decided wrongly: {wrong}")

issued = []
for path in spec["paths"]:
    url = snippet.sign_url(method, audience, path, secret, 300, now=now)
    check(url.startswith(path), "the path and query are kept as given")
    check(snippet.verify_signed_url(method, audience, url, secret, now=now), f"fresh link verifies: {url}")
    check(snippet.verify_signed_url(method, audience, url, secret, now=now + 299), "valid just before expiry")
    check(not snippet.verify_signed_url(method, audience, url, secret, now=now + 301), "expired")
    for other_method, other_audience in spec["others"]:
        check(not snippet.verify_signed_url(other_method, other_audience, url, secret, now=now), f"{other_method!r} {other_audience!r} must fail: {url}")
    expires = re.search(r"expires=(\d+)", url).group(1)
    for name, forged in {
        "extended expiry": url.replace(f"expires={expires}", f"expires={int(expires) + 86400}"),
        "appended parameter": url + "&download=1",
        "other path": re.sub(r"^/[a-z]+", "/private", url),
        "other secret": snippet.sign_url(method, audience, path, b"other", 300, now=now),
    }.items():
        check(not snippet.verify_signed_url(method, audience, forged, secret, now=now), f"{name} must fail: {forged}")
    issued.append(url)

put = snippet.sign_url("PUT", "uploads.example.com", "/uploads/7", secret, 300, now=now)
check(snippet.verify_signed_url("PUT", "uploads.example.com", put, secret, now=now), "a PUT link verifies for PUT")
check(not snippet.verify_signed_url("GET", "uploads.example.com", put, secret, now=now), "a PUT link is not a GET link")
for bad_method, bad_audience in spec["invalid"]:
    try:
        snippet.sign_url(bad_method, bad_audience, "/videos/1.mp4", secret, 300, now=now)
        check(False, f"sign_url accepted {bad_method!r} {bad_audience!r}")
    except ValueError:
        pass
for name, bad_path in spec["badPaths"].items():
    try:
        snippet.sign_url(method, audience, bad_path, secret, 300, now=now)
        check(False, f"sign_url accepted a path with {name}: {bad_path!r}")
    except ValueError:
        pass
for bad_ttl in [0, -300, 1.5, float("nan"), float("inf"), "300", None, True, 10**12]:
    try:
        snippet.sign_url(method, audience, "/v.mp4", secret, bad_ttl, now=now)
        check(False, f"sign_url accepted the TTL {bad_ttl!r}")
    except ValueError:
        pass
for near in spec["nearMisses"]:
    check(snippet.verify_signed_url(method, audience, snippet.sign_url(method, audience, near, secret, 300, now=now), secret, now=now), f"near miss still signed: {near}")
json.dump(issued, open(sys.argv[2], "w", encoding="utf-8"))
passed()
