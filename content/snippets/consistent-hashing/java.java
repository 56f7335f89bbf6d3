import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A consistent-hash ring with virtual nodes: each node sits at many points, so arcs (and load) are
 * even, and adding or removing a node moves only about 1/N of the keys. Uses the first four bytes
 * of MD5, the same as the TypeScript variant, so services in both languages agree on placement
 * as long as they also use the same node names and the same number of virtual nodes per node.
 */
public final class ${1:ConsistentHashRing} {
    private final NavigableMap<Long, String> ring = new TreeMap<>();
    private final Set<String> nodes = new TreeSet<>();
    private final int virtualNodes;

    /** A ring with ${2:150} virtual nodes per node (the TypeScript variant's default). */
    public $1(Collection<String> initialNodes) {
        this(initialNodes, $2);
    }

    /** virtualNodes must be the same in every service that shares the ring, whatever its language. */
    public $1(Collection<String> initialNodes, int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be >= 1, got " + virtualNodes);
        }
        this.virtualNodes = virtualNodes;
        initialNodes.forEach(this::add);
    }

    public synchronized void add(String node) {
        if (!nodes.add(wellFormed(node))) {
            return;
        }
        place(node);
    }

    public synchronized void remove(String node) {
        if (!nodes.remove(node)) {
            return;
        }
        // Rebuilt rather than filtered: a point the removed node won in a hash collision goes
        // back to the node that lost it.
        ring.clear();
        nodes.forEach(this::place);
    }

    private void place(String node) {
        for (int i = 0; i < virtualNodes; i++) {
            // Two points with one hash (rare, 32 bits): the smaller node name wins, as in the
            // TypeScript variant, whatever order nodes were added in.
            ring.merge(hash(node + "#" + i), node, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
    }

    /** The node owning the key: first point clockwise from the key's hash, wrapping around. */
    public synchronized String nodeFor(String key) {
        if (ring.isEmpty()) {
            throw new IllegalStateException("hash ring is empty");
        }
        Map.Entry<Long, String> entry = ring.ceilingEntry(hash(wellFormed(key)));
        return (entry != null ? entry : ring.firstEntry()).getValue();
    }

    /**
     * A lone surrogate (a string cut in the middle of an emoji) has no UTF-8 form: getBytes writes '?'
     * where Node writes U+FFFD, so the two variants would send the key to different nodes. Refused.
     */
    private static String wellFormed(String value) {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
            throw new IllegalArgumentException("a lone surrogate has no UTF-8 form: " + value.length() + " chars refused");
        }
        return value;
    }

    private static long hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 4).getInt() & 0xffffffffL; // unsigned 32-bit
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
$0
