-- One row per distinct content. The object key is derived from the hash, so storing the same bytes
-- twice (even concurrently) writes the same object, which is harmless.
CREATE TABLE IF NOT EXISTS ${1:blobs} (
  sha256      bytea PRIMARY KEY CHECK (length(sha256) = 32),
  size_bytes  bigint NOT NULL,
  ref_count   integer NOT NULL CHECK (ref_count >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- What users see: names pointing at content.
CREATE TABLE IF NOT EXISTS ${2:files} (
  id          bigserial PRIMARY KEY,
  owner_id    text NOT NULL,
  name        text NOT NULL,
  blob_sha256 bytea NOT NULL REFERENCES $1 (sha256),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Link a file to its content, counting the reference. Call after the object is stored.
CREATE OR REPLACE FUNCTION ${3:add_file}(p_owner text, p_name text, p_sha256 bytea, p_size bigint)
RETURNS bigint
LANGUAGE plpgsql AS \$\$
DECLARE
  file_id bigint;
BEGIN
  INSERT INTO $1 AS b (sha256, size_bytes, ref_count) VALUES (p_sha256, p_size, 1)
  ON CONFLICT (sha256) DO UPDATE SET ref_count = b.ref_count + 1;
  INSERT INTO $2 (owner_id, name, blob_sha256) VALUES (p_owner, p_name, p_sha256) RETURNING id INTO file_id;
  RETURN file_id;
END;
\$\$;

-- Unlink; a blob whose count reaches zero is deleted by a delayed sweep (not here), so an upload
-- racing with the last delete does not lose its object.
CREATE OR REPLACE FUNCTION remove_$2(p_file_id bigint)
RETURNS void
LANGUAGE plpgsql AS \$\$
DECLARE
  content bytea;
BEGIN
  DELETE FROM $2 WHERE id = p_file_id RETURNING blob_sha256 INTO content;
  IF FOUND THEN
    UPDATE $1 SET ref_count = ref_count - 1 WHERE sha256 = content;
  END IF;
END;
\$\$;
$0
