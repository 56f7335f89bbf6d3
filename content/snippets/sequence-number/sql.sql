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

-- Catch-up after a reconnect or a detected gap: everything after the last seq the client has.
PREPARE messages_after_$2 (text, bigint) AS
  SELECT seq, body, created_at FROM $2 WHERE channel_id = \$1 AND seq > \$2 ORDER BY seq LIMIT 500;
$0
