import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** consistent-hashing, Java: the ConsistentHashRing variant; args[0] holds TypeScript's placements (key TAB node). */
public class RingProof {
    public static void main(String[] args) throws Exception {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add("shard-" + i);
        }
        ConsistentHashRing ring = new ConsistentHashRing(nodes);

        // Same placement as the TypeScript variant, key by key.
        Check.equal(samePlacements(ring, args[0], "node for "), 20_000, "placements compared");

        // Even spread.
        int keys = 50_000;
        Map<String, String> before = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            String node = ring.nodeFor("user:" + i);
            before.put("user:" + i, node);
            counts.merge(node, 1, Integer::sum);
        }
        Check.equal(counts.size(), 10, "nodes owning keys");
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            Check.check(Math.abs(e.getValue() / (double) keys - 0.1) < 0.025, e.getKey() + " owns " + e.getValue() + " keys");
        }

        // Adding a node moves keys only to it, about 1/11 of them.
        ring.add("shard-10");
        ring.add("shard-10");
        int moved = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = ring.nodeFor(e.getKey());
            if (!now.equals(e.getValue())) {
                moved++;
                Check.equal(now, "shard-10", e.getKey() + " moved between two old nodes");
            }
        }
        Check.check(moved / (double) keys > 0.06 && moved / (double) keys < 0.13, moved + " keys moved to the new node");

        // Removing nodes moves only their keys.
        ring.remove("shard-10");
        ring.remove("shard-3");
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = ring.nodeFor(e.getKey());
            if (!e.getValue().equals("shard-3")) {
                Check.equal(now, e.getValue(), e.getKey() + " moved although its node stayed");
            } else {
                Check.check(!now.equals("shard-3"), e.getKey() + " still on a removed node");
            }
        }

        // Two nodes with a point at the same hash, and a key on that point (found by the TypeScript
        // test): both insertion orders, and TypeScript, give the same node.
        String[] col = Files.readAllLines(Path.of(args[1])).get(0).split("\t");
        ConsistentHashRing ab = new ConsistentHashRing(List.of(col[0], col[1]));
        ConsistentHashRing ba = new ConsistentHashRing(List.of(col[1], col[0]));
        Check.equal(ab.nodeFor(col[2]), col[3], "colliding point, Java vs TypeScript");
        Check.equal(ba.nodeFor(col[2]), col[3], "colliding point, other insertion order");
        ab.add("extra");
        ab.remove("extra");
        Check.equal(ab.nodeFor(col[2]), col[3], "colliding point after an unrelated add and remove");
        ba.remove(col[3]);
        ba.add(col[3]);
        Check.equal(ba.nodeFor(col[2]), col[3], "colliding point after its winner left and came back");
        // Among ten more nodes, the winner leaves: the shared point goes back to the loser (a ring
        // filtered instead of rebuilt loses the point, and the key moves to the next node clockwise;
        // the TypeScript test checks that this key would).
        List<String> twelve = new ArrayList<>(nodes);
        twelve.add(col[0]);
        twelve.add(col[1]);
        ConsistentHashRing ring12 = new ConsistentHashRing(twelve);
        Check.equal(ring12.nodeFor(col[2]), col[3], "colliding point among twelve nodes");
        ring12.remove(col[3]);
        Check.equal(ring12.nodeFor(col[2]), col[3].equals(col[0]) ? col[1] : col[0], "the winner gone, the shared point goes back to the loser");

        // A virtual-node count other than the default, given to both: the same placement again.
        ConsistentHashRing ring40 = new ConsistentHashRing(nodes, 40);
        Check.equal(samePlacements(ring40, args[2], "40 virtual nodes: node for "), 5_000, "placements compared with 40 virtual nodes");
        Check.check(refuses(() -> new ConsistentHashRing(nodes, 0)), "0 virtual nodes is refused");

        // Keys beyond ASCII: the same node as TypeScript.
        ConsistentHashRing fresh = new ConsistentHashRing(nodes);
        Check.equal(samePlacements(fresh, args[3], "node for "), 2_000, "placements compared beyond ASCII");

        // A lone surrogate (a string cut inside an emoji) has no UTF-8 form: Java would hash '?' where
        // Node hashes U+FFFD, so the variants would disagree. Refused, and a refused node places nothing.
        for (String bad : new String[] {"user-\uD83D", "x\uDC00y", "\uDE00\uD83D"}) {
            Check.check(refuses(() -> fresh.nodeFor(bad)), "key " + bad.length() + " chars with a lone surrogate is refused");
            Check.check(refuses(() -> fresh.add(bad)), "node with a lone surrogate is refused");
            Check.check(refuses(() -> fresh.add(bad)), "node with a lone surrogate is refused when added again");
            Check.check(refuses(() -> new ConsistentHashRing(List.of(bad))), "initial node with a lone surrogate is refused");
        }
        Check.equal(samePlacements(fresh, args[0], "after refused adds: node for "), 20_000, "placements compared after refused adds");
        Check.equal(new ConsistentHashRing(List.of("shard-\uD83D\uDE00")).nodeFor("user-\uD83D\uDE00"), "shard-\uD83D\uDE00", "a whole emoji is fine");
        Check.passed();
    }

    /** Checks each key TAB node line of TypeScript's file against the ring; returns how many were compared. */
    private static int samePlacements(ConsistentHashRing ring, String file, String label) throws java.io.IOException {
        int compared = 0;
        for (String line : Files.readAllLines(Path.of(file))) {
            String[] kv = line.split("\t");
            Check.equal(ring.nodeFor(kv[0]), kv[1], label + kv[0] + " (Java vs TypeScript)");
            compared++;
        }
        return compared;
    }

    private static boolean refuses(Runnable call) {
        try {
            call.run();
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
