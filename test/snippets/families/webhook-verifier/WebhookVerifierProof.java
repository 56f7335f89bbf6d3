import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** webhook-verifier (Java): every shared vector accepted or rejected as expected, no exception. */
public final class WebhookVerifierProof {
    public static void main(String[] args) throws Exception {
        Base64.Decoder b64 = Base64.getDecoder();
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            String header = f[4].equals("-") ? null : new String(b64.decode(f[4]), StandardCharsets.UTF_8);
            String id = f[6].equals("-") ? null : new String(b64.decode(f[6]), StandardCharsets.UTF_8);
            List<byte[]> secrets = new ArrayList<>();
            if (!f[5].equals("-")) for (String s : f[5].split(",", -1)) secrets.add(b64.decode(s));
            boolean got;
            try {
                got = new WebhookVerifier(secrets).verify(b64.decode(f[3]), id, header, Long.parseLong(f[2]));
            } catch (RuntimeException e) {
                failures.add(f[0] + ": threw " + e);
                continue;
            }
            count++;
            if (got != f[1].equals("1")) failures.add(f[0] + ": expected " + f[1] + ", got " + got);
        }
        Check.check(failures.isEmpty(), String.join("; ", failures));
        Check.check(count + failures.size() >= Integer.parseInt(args[1]), count + " vectors ran, the file has " + args[1]);
        System.out.println(count + " vectors as expected");
        Check.passed();
    }
}
