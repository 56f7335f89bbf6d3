import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny Redis client for proofs (RESP2 over one socket, not thread-safe: one per thread).
 * Replies: simple strings and bulk strings as String (null for a nil), integers as Long, arrays as
 * List<Object>; an error reply throws {@link Resp.RedisError}.
 */
final class Resp implements Closeable {
    static final class RedisError extends RuntimeException {
        RedisError(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Resp(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** From SDP_REDIS_HOST and SDP_REDIS_PORT. */
    static Resp fromEnv() throws IOException {
        return new Resp(Check.env("SDP_REDIS_HOST"), Integer.parseInt(Check.env("SDP_REDIS_PORT")));
    }

    synchronized Object call(Object... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            buf.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            buf.write(bytes);
            buf.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(buf.toByteArray());
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) throw new IOException("connection closed");
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                byte[] data = in.readNBytes(n);
                in.readNBytes(2);
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) items.add(read());
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + (char) type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) throw new IOException("connection closed");
            buf.write(c);
        }
        in.read(); // '\n'
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
