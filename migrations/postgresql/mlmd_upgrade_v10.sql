-- MLMD schema 9 -> 10 for PostgreSQL: the property tables gain proto_value
-- and bool_value. No data moves: before schema 10 a value could not be a
-- proto or a bool, and every other kind keeps its column.
-- A PostgreSQL database at 9 comes from upstream's downgrade tool, which
-- rebuilds the three property tables under temporary names (their primary
-- keys stay named artifactpropertytemp_pkey, ...) and recreates the property
-- indexes as partial ones (WHERE value IS NOT NULL). Both are set back to
-- what a fresh schema-10 database has.
ALTER TABLE ArtifactProperty ADD COLUMN proto_value BYTEA;
-- statement
ALTER TABLE ArtifactProperty ADD COLUMN bool_value BOOLEAN;
-- statement
ALTER TABLE ExecutionProperty ADD COLUMN proto_value BYTEA;
-- statement
ALTER TABLE ExecutionProperty ADD COLUMN bool_value BOOLEAN;
-- statement
ALTER TABLE ContextProperty ADD COLUMN proto_value BYTEA;
-- statement
ALTER TABLE ContextProperty ADD COLUMN bool_value BOOLEAN;
-- statement
DO $$
DECLARE
  r record;
BEGIN
  -- Primary keys named after the table, as CREATE TABLE names them.
  FOR r IN
    SELECT c.relname AS tbl, k.conname
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE k.contype = 'p' AND c.relnamespace = current_schema()::regnamespace
      AND c.relname IN ('artifactproperty', 'executionproperty',
                        'contextproperty')
      AND k.conname <> c.relname || '_pkey'
  LOOP
    EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', r.tbl,
                   r.conname, r.tbl || '_pkey');
  END LOOP;
  -- Partial property indexes go; the full ones are created below.
  FOR r IN
    SELECT c.relname AS idx
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indpred IS NOT NULL
      AND c.relnamespace = current_schema()::regnamespace
      AND c.relname IN (
        'idx_artifact_property_int', 'idx_artifact_property_double',
        'idx_artifact_property_string', 'idx_execution_property_int',
        'idx_execution_property_double', 'idx_execution_property_string',
        'idx_context_property_int', 'idx_context_property_double',
        'idx_context_property_string')
  LOOP
    EXECUTE format('DROP INDEX %I', r.idx);
  END LOOP;
END
$$;
-- statement
CREATE INDEX IF NOT EXISTS idx_artifact_property_int
  ON ArtifactProperty (name, is_custom_property, int_value);
-- statement
CREATE INDEX IF NOT EXISTS idx_artifact_property_double
  ON ArtifactProperty (name, is_custom_property, double_value);
-- statement
CREATE INDEX IF NOT EXISTS idx_artifact_property_string
  ON ArtifactProperty (name, is_custom_property, string_value);
-- statement
CREATE INDEX IF NOT EXISTS idx_execution_property_int
  ON ExecutionProperty (name, is_custom_property, int_value);
-- statement
CREATE INDEX IF NOT EXISTS idx_execution_property_double
  ON ExecutionProperty (name, is_custom_property, double_value);
-- statement
CREATE INDEX IF NOT EXISTS idx_execution_property_string
  ON ExecutionProperty (name, is_custom_property, string_value);
-- statement
CREATE INDEX IF NOT EXISTS idx_context_property_int
  ON ContextProperty (name, is_custom_property, int_value);
-- statement
CREATE INDEX IF NOT EXISTS idx_context_property_double
  ON ContextProperty (name, is_custom_property, double_value);
-- statement
CREATE INDEX IF NOT EXISTS idx_context_property_string
  ON ContextProperty (name, is_custom_property, string_value);
