"""webhook-sender (Python): is_public_address on the address lists the mocha spec shares with the
TypeScript test (argv[1], JSON): each "refused" entry must be False, each "public" one True."""
import json
import sys

import snippet
from sdp_proof import check, passed

lists = json.loads(sys.argv[1])
for address in lists["refused"]:
    check(snippet.is_public_address(address) is False, f"{address!r} must be refused")
for address in lists["public"]:
    check(snippet.is_public_address(address) is True, f"{address!r} is public")
passed()
