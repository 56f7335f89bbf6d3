import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies "t=<unix seconds>,v1=<hex hmac-sha256>" webhook signatures over the event id and the raw
 * request body, in constant time, rejecting stale timestamps (replays) and accepting several secrets
 * (rotation). The HMAC covers "<id>.<t>.<body>", the content Standard Webhooks signs, so neither the
 * id nor the timestamp can be changed; the headers are not Standard Webhooks' (whose libraries would
 * not verify them). The id must be 1 to 128 of A-Z a-z 0-9 _ -: a '.' in it would make the split of
 * the signed text ambiguous. Inside the tolerance a replay still verifies, but it can only repeat a
 * signed id, as the sender's retries do (same id, fresh timestamp), so deduplicate on the verified
 * id, recorded where a crash cannot keep the id and lose the event. If the handler's effects are in
 * one database, insert the id in the same transaction, before them:
 * `INSERT INTO webhook_events (id) VALUES (<id>) ON CONFLICT DO NOTHING`; 0 rows means it was
 * processed before (commit nothing, answer 2xx); else apply the effects (or only enqueue the work
 * in a table there), commit, answer 2xx. An error or crash before the commit rolls the id back with
 * the effects: answer 5xx (or nothing) and the sender's retry is processed. A concurrent copy's
 * insert waits for that transaction (READ COMMITTED, PostgreSQL's default), then sees the id or
 * takes over. Under REPEATABLE READ or SERIALIZABLE, when the first copy commits, the waiting
 * insert fails with SQLSTATE 40001 (serialization failure) instead: answer 5xx, and the sender's
 * retry sees the id (still safe). Effects outside that database (an email, another API) must be
 * idempotent, keyed by the event id, and the id recorded only after they succeed (that insert, or
 * Redis `SET <id> 1 EX <seconds>`): a crash in between repeats them harmlessly. Never record the id
 * first in a write of its own: after a crash the retry looks like a replay and the event is lost.
 * Keep ids longer than the sender retries (days), and answer 2xx, not 4xx, to an id already done: a
 * 4xx is a failed delivery to the sender.
 */
public final class ${1:WebhookVerifier} {
    private final List<byte[]> secrets;
    private final long toleranceSeconds;

    public $1(List<byte[]> secrets) {
        this.secrets = List.copyOf(secrets);
        this.toleranceSeconds = ${2:300};
    }

    /** True only if the id and header are well formed, fresh, and match the body under some secret. */
    public boolean verify(byte[] rawBody, String webhookId, String header, long nowEpochSeconds) {
        if (header == null || webhookId == null || !webhookId.matches("[A-Za-z0-9_-]{1,128}")) {
            return false;
        }
        long timestamp = -1;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            // A malformed entry is skipped, as in the other variants (another v1 entry may match).
            // Decimal digits with no leading zero, one spelling per value (parseLong also takes "+1"
            // and "0123"); exactly 64 hex digits.
            if (kv[0].equals("t") && kv[1].matches("[1-9][0-9]{0,11}")) {
                timestamp = Long.parseLong(kv[1]);
            } else if (kv[0].equals("v1") && kv[1].matches("[0-9a-fA-F]{64}")) {
                signatures.add(HexFormat.of().parseHex(kv[1]));
            }
        }
        if (timestamp < 0 || signatures.isEmpty() || Math.abs(nowEpochSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        for (byte[] secret : secrets) {
            if (allZero(secret)) {
                // An unset secret (an empty env var, say the retired one) is a key everybody knows, and so
                // is one of zero bytes only: HMAC pads a short key with zeros, so it signs like the empty key.
                continue;
            }
            byte[] expected = hmac(secret, (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), rawBody);
            for (byte[] candidate : signatures) {
                // MessageDigest.isEqual is constant time; Arrays.equals would leak the matching prefix.
                if (MessageDigest.isEqual(expected, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean allZero(byte[] secret) {
        for (byte b : secret) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] hmac(byte[] secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
$0
