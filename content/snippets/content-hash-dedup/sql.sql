-- One row per distinct content. The object key is derived from the hash, so storing the same bytes
-- twice (even concurrently) writes the same object, which is harmless.
-- Invariant: ref_count > 0 means the object is stored. The count is only raised in the
-- transaction that stores the object (or finds it referenced). This script ships no sweep, since
-- deleting objects happens outside the database; a sweep (sweepUnreferenced in the TypeScript
-- variant) must delete a blob only while holding its row lock: SELECT ... WHERE ref_count = 0 AND
-- unreferenced_since < now() - <grace> FOR UPDATE SKIP LOCKED, delete the object, DELETE the row,
-- COMMIT. Then a new upload and the sweep of the same content cannot interleave.
CREATE TABLE IF NOT EXISTS ${1:blobs} (
  sha256             bytea PRIMARY KEY CHECK (length(sha256) = 32),
  size_bytes         bigint NOT NULL,
  ref_count          integer NOT NULL CHECK (ref_count >= 0),
  unreferenced_since timestamptz,  -- set when ref_count drops to 0; the sweep waits a grace period
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS $1_unreferenced ON $1 (unreferenced_since) WHERE ref_count = 0;

-- What users see: names pointing at content.
CREATE TABLE IF NOT EXISTS ${2:files} (
  id          bigserial PRIMARY KEY,
  owner_id    text NOT NULL,
  name        text NOT NULL,
  blob_sha256 bytea NOT NULL REFERENCES $1 (sha256),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Links a file to its content and counts the reference. must_upload is true when the object has to
-- be stored: the content is new, or its last reference went away (the sweep may have deleted it).
-- Call it in a transaction and store the object before COMMIT: until then the blob row stays
-- locked, so a concurrent uploader of the same content waits and then skips its upload, and a
-- sweep that locks rows as above skips it. If the upload fails, ROLLBACK undoes the reference.
CREATE OR REPLACE FUNCTION ${3:add_file}(p_owner text, p_name text, p_sha256 bytea, p_size bigint)
RETURNS TABLE (file_id bigint, must_upload boolean)
LANGUAGE plpgsql AS \$\$
DECLARE
  refs integer;
BEGIN
  INSERT INTO $1 AS b (sha256, size_bytes, ref_count) VALUES (p_sha256, p_size, 1)
  ON CONFLICT (sha256) DO UPDATE SET ref_count = b.ref_count + 1, unreferenced_since = NULL
  RETURNING b.ref_count INTO refs;
  INSERT INTO $2 (owner_id, name, blob_sha256) VALUES (p_owner, p_name, p_sha256) RETURNING id INTO file_id;
  must_upload := refs = 1;
  RETURN NEXT;
END;
\$\$;

-- Unlinks a file. A blob whose count reaches zero is deleted later by the sweep, after a grace
-- period, never here: an upload of the same content may be about to reuse it.
CREATE OR REPLACE FUNCTION remove_file(p_file_id bigint)
RETURNS void
LANGUAGE plpgsql AS \$\$
DECLARE
  content bytea;
BEGIN
  DELETE FROM $2 WHERE id = p_file_id RETURNING blob_sha256 INTO content;
  IF FOUND THEN
    UPDATE $1
    SET ref_count = ref_count - 1,
        unreferenced_since = CASE WHEN ref_count = 1 THEN now() END
    WHERE sha256 = content;
  END IF;
END;
\$\$;
$0
