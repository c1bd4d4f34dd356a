-- MLMD schema 9 -> 10 for PostgreSQL, as upstream does it: proto and bool
-- property values. (Upstream supports PostgreSQL only since schema 10, so
-- no PostgreSQL database at 7 or 8 exists to upgrade; this step is kept for
-- databases that were set to 9 by a downgrade.)
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
