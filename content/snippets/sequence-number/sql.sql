-- One counter row per channel. Incrementing it inside the message's transaction serializes writers
-- of the same channel only (other channels proceed in parallel) and, unlike a SEQUENCE, leaves no
-- gaps on rollback, so a client seeing 41 then 43 knows it missed 42 and can fetch it.
CREATE TABLE IF NOT EXISTS ${1:channel_sequences} (
  channel_id text PRIMARY KEY,
  last_seq   bigint NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS ${2:messages} (
  channel_id text NOT NULL,
  seq        bigint NOT NULL,
  body       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, seq)
);

CREATE OR REPLACE FUNCTION ${3:append_message}(p_channel text, p_body jsonb)
RETURNS bigint
LANGUAGE plpgsql AS \$\$
DECLARE
  next_seq bigint;
BEGIN
  INSERT INTO $1 AS s (channel_id, last_seq) VALUES (p_channel, 1)
  ON CONFLICT (channel_id) DO UPDATE SET last_seq = s.last_seq + 1
  RETURNING last_seq INTO next_seq;

  INSERT INTO $2 (channel_id, seq, body) VALUES (p_channel, next_seq, p_body);
  RETURN next_seq;
END;
\$\$;

-- Catch-up after a reconnect or a detected gap: everything after the last seq the client has,
-- a page at a time. Messages become visible in seq order: the counter row lock makes the writer
-- of n+1 wait until n has committed (or rolled back, leaving no gap).
CREATE OR REPLACE FUNCTION $2_after(p_channel text, p_after_seq bigint, p_limit integer DEFAULT ${4:500})
RETURNS TABLE (seq bigint, body jsonb, created_at timestamptz)
LANGUAGE sql STABLE AS \$\$
  SELECT m.seq, m.body, m.created_at FROM $2 m
   WHERE m.channel_id = p_channel AND m.seq > p_after_seq
   ORDER BY m.seq
   LIMIT p_limit;
\$\$;
$0
