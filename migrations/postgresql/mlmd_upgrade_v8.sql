-- MLMD schema 7 -> 8 for PostgreSQL.
-- Upstream only ever created PostgreSQL databases at schema 10; one at 7 comes
-- from upstream's downgrade tool, which drops UniqueEvent and the property
-- indexes and adds idx_event_artifact_id. This step undoes exactly that, in
-- place, so sequences, keys and their names stay as a fresh database has
-- them.
-- Where several events share (artifact_id, execution_id, type), the one with
-- the highest id stays, and EventPath rows whose event is gone are deleted,
-- as upstream's upgrade does.
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
-- statement
DELETE FROM Event
WHERE EXISTS (
  SELECT 1 FROM Event AS newer
  WHERE newer.artifact_id = Event.artifact_id
    AND newer.execution_id = Event.execution_id
    AND newer.type = Event.type
    AND newer.id > Event.id);
-- statement
DELETE FROM EventPath
WHERE NOT EXISTS (SELECT 1 FROM Event WHERE Event.id = EventPath.event_id);
-- statement
ALTER TABLE Event
  ADD CONSTRAINT UniqueEvent UNIQUE (artifact_id, execution_id, type);
-- statement
DROP INDEX IF EXISTS idx_event_artifact_id;
-- statement
CREATE INDEX IF NOT EXISTS idx_event_execution_id ON Event (execution_id);
