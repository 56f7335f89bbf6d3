"""webhook-sender (Python): is_public_address on the address lists the mocha spec shares with the
TypeScript test (argv[1], JSON): each "refused" entry must be False, each "public" one True.

With argv[2] "ipv6-is-global-always", IPv6Address.is_global is replaced by one that calls every
IPv6 address global, so the IPv6 refusals are shown not to hang on this Python's tables (Python
versions disagree inside 2000::/3: see the spec)."""
import ipaddress
import json
import sys

import snippet
from sdp_proof import check, passed

lists = json.loads(sys.argv[1])
mode = sys.argv[2] if len(sys.argv) > 2 else ""
real_is_global = ipaddress.IPv6Address.is_global
if mode == "ipv6-is-global-always":
    ipaddress.IPv6Address.is_global = property(lambda ip: True)
    check(ipaddress.ip_address("2001:db8::1").is_global, "the replaced is_global is in place")
else:
    check(mode == "", f"unknown mode {mode!r}")
try:
    for address in lists["refused"]:
        check(snippet.is_public_address(address) is False, f"{address!r} must be refused")
    for address in lists["public"]:
        check(snippet.is_public_address(address) is True, f"{address!r} is public")
finally:
    ipaddress.IPv6Address.is_global = real_is_global
passed()
