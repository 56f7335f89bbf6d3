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
 * signed id: record the verified id atomically and skip the event when it was already there: Redis
 * `SET <id> 1 NX EX <longer than the sender retries, days>` (nil means seen), or
 * `INSERT ... ON CONFLICT DO NOTHING` and check the row count (0 means seen). A read followed by a
 * separate write lets two concurrent copies both pass. The same record drops the sender's retries,
 * which carry the same id with a fresh timestamp.
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
