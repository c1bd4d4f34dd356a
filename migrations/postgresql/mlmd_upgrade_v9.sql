-- MLMD schema 8 -> 9 for PostgreSQL: a nullable, unique external_id on Type,
-- Artifact, Execution and Context, each with its own index.
-- A PostgreSQL database at 8 comes from upstream's downgrade tool, which has
-- no 9 -> 8 statements for PostgreSQL and so leaves these columns in place:
-- every statement here checks first. Where a column really is missing it is
-- added in place (at the end of the table; a fresh table has it before the
-- timestamps), keeping the table's sequence and keys.
ALTER TABLE Type ADD COLUMN IF NOT EXISTS external_id VARCHAR(255);
-- statement
ALTER TABLE Artifact ADD COLUMN IF NOT EXISTS external_id VARCHAR(255);
-- statement
ALTER TABLE Execution ADD COLUMN IF NOT EXISTS external_id VARCHAR(255);
-- statement
ALTER TABLE Context ADD COLUMN IF NOT EXISTS external_id VARCHAR(255);
-- statement
-- The unique keys, under the names CREATE TABLE gives them.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['type', 'artifact', 'execution', 'context'] LOOP
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint
        WHERE conrelid = t::regclass AND contype = 'u'
          AND conname = t || '_external_id_key') THEN
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I UNIQUE (external_id)',
                     t, t || '_external_id_key');
    END IF;
  END LOOP;
END
$$;
-- statement
CREATE INDEX IF NOT EXISTS idx_type_external_id ON Type (external_id);
-- statement
CREATE INDEX IF NOT EXISTS idx_artifact_external_id ON Artifact (external_id);
-- statement
CREATE INDEX IF NOT EXISTS idx_execution_external_id
  ON Execution (external_id);
-- statement
CREATE INDEX IF NOT EXISTS idx_context_external_id ON Context (external_id);
