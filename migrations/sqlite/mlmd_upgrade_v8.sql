-- MLMD schema 7 -> 8 for SQLite.
-- Schema 8 adds partial indexes for property queries and makes
-- (artifact_id, execution_id, type) unique on Event. Where an old database
-- holds several events with the same triple, the one with the highest id
-- stays (upstream keeps the same one), and every EventPath row whose event
-- is gone is deleted, as upstream's upgrade does.
-- SQLite cannot add a UNIQUE constraint to a table, so Event is rebuilt: the
-- old table is renamed away, the schema-10 Event is created under the real
-- name (so the catalog reads exactly like a freshly created database), rows
-- are copied, and the AUTOINCREMENT counter moves over so ids of deleted
-- events are never handed out again. Dropping the old table drops its
-- indexes, including idx_event_artifact_id, which schema 8 no longer has.
CREATE INDEX IF NOT EXISTS `idx_artifact_property_int`
  ON `ArtifactProperty`(`name`, `is_custom_property`, `int_value`)
  WHERE `int_value` IS NOT NULL;
-- statement
CREATE INDEX IF NOT EXISTS `idx_artifact_property_double`
  ON `ArtifactProperty`(`name`, `is_custom_property`, `double_value`)
  WHERE `double_value` IS NOT NULL;
-- statement
CREATE INDEX IF NOT EXISTS `idx_artifact_property_string`
  ON `ArtifactProperty`(`name`, `is_custom_property`, `string_value`)
  WHERE `string_value` IS NOT NULL;
-- statement
CREATE INDEX IF NOT EXISTS `idx_execution_property_int`
  ON `ExecutionProperty`(`name`, `is_custom_property`, `int_value`)
  WHERE `int_value` IS NOT NULL;
-- statement
CREATE INDEX IF NOT EXISTS `idx_execution_property_double`
  ON `ExecutionProperty`(`name`, `is_custom_property`, `double_value`)
  WHERE `double_value` IS NOT NULL;
-- statement
CREATE INDEX IF NOT EXISTS `idx_execution_property_string`
  ON `ExecutionProperty`(`name`, `is_custom_property`, `string_value`)
  WHERE `string_value` IS NOT NULL;
-- statement
CREATE INDEX IF NOT EXISTS `idx_context_property_int`
  ON `ContextProperty`(`name`, `is_custom_property`, `int_value`)
  WHERE `int_value` IS NOT NULL;
-- statement
CREATE INDEX IF NOT EXISTS `idx_context_property_double`
  ON `ContextProperty`(`name`, `is_custom_property`, `double_value`)
  WHERE `double_value` IS NOT NULL;
-- statement
CREATE INDEX IF NOT EXISTS `idx_context_property_string`
  ON `ContextProperty`(`name`, `is_custom_property`, `string_value`)
  WHERE `string_value` IS NOT NULL;
-- statement
ALTER TABLE `Event` RENAME TO `Event_before_v8`;
-- statement
CREATE TABLE `Event` (
  `id` INTEGER PRIMARY KEY AUTOINCREMENT,
  `artifact_id` INT NOT NULL,
  `execution_id` INT NOT NULL,
  `type` INT NOT NULL,
  `milliseconds_since_epoch` INT,
  UNIQUE(`artifact_id`, `execution_id`, `type`)
);
-- statement
INSERT INTO `Event`
  (`id`, `artifact_id`, `execution_id`, `type`, `milliseconds_since_epoch`)
SELECT old.`id`, old.`artifact_id`, old.`execution_id`, old.`type`,
       old.`milliseconds_since_epoch`
FROM `Event_before_v8` AS old
WHERE NOT EXISTS (
  SELECT 1 FROM `Event_before_v8` AS newer
  WHERE newer.`artifact_id` = old.`artifact_id`
    AND newer.`execution_id` = old.`execution_id`
    AND newer.`type` = old.`type`
    AND newer.`id` > old.`id`);
-- statement
DELETE FROM `sqlite_sequence` WHERE `name` = 'Event';
-- statement
UPDATE `sqlite_sequence` SET `name` = 'Event'
WHERE `name` = 'Event_before_v8';
-- statement
DROP TABLE `Event_before_v8`;
-- statement
CREATE INDEX IF NOT EXISTS `idx_event_execution_id` ON `Event`(`execution_id`);
-- statement
DELETE FROM `EventPath`
WHERE NOT EXISTS (
  SELECT 1 FROM `Event` WHERE `Event`.`id` = `EventPath`.`event_id`);
