-- MLMD schema 7 -> 8 for MySQL and MariaDB, as upstream does it: indexes on
-- the property tables for property queries, and a unique (artifact,
-- execution, type) key on Event. Duplicate events are dropped (the newest
-- of each kept), and paths of dropped events with them.
ALTER TABLE `ArtifactProperty` ADD INDEX `idx_artifact_property_int`(
  `name`, `is_custom_property`, `int_value`);
-- statement
ALTER TABLE `ArtifactProperty` ADD INDEX `idx_artifact_property_double`(
  `name`, `is_custom_property`, `double_value`);
-- statement
ALTER TABLE `ArtifactProperty` ADD INDEX `idx_artifact_property_string`(
  `name`, `is_custom_property`, `string_value`(255));
-- statement
ALTER TABLE `ExecutionProperty` ADD INDEX `idx_execution_property_int`(
  `name`, `is_custom_property`, `int_value`);
-- statement
ALTER TABLE `ExecutionProperty` ADD INDEX `idx_execution_property_double`(
  `name`, `is_custom_property`, `double_value`);
-- statement
ALTER TABLE `ExecutionProperty` ADD INDEX `idx_execution_property_string`(
  `name`, `is_custom_property`, `string_value`(255));
-- statement
ALTER TABLE `ContextProperty` ADD INDEX `idx_context_property_int`(
  `name`, `is_custom_property`, `int_value`);
-- statement
ALTER TABLE `ContextProperty` ADD INDEX `idx_context_property_double`(
  `name`, `is_custom_property`, `double_value`);
-- statement
ALTER TABLE `ContextProperty` ADD INDEX `idx_context_property_string`(
  `name`, `is_custom_property`, `string_value`(255));
-- statement
CREATE TABLE `EventTemp` (
  `id` INTEGER PRIMARY KEY AUTO_INCREMENT,
  `artifact_id` INT NOT NULL,
  `execution_id` INT NOT NULL,
  `type` INT NOT NULL,
  `milliseconds_since_epoch` BIGINT,
  CONSTRAINT UniqueEvent UNIQUE(`artifact_id`, `execution_id`, `type`)
);
-- statement
INSERT IGNORE INTO `EventTemp`
  (`id`, `artifact_id`, `execution_id`, `type`, `milliseconds_since_epoch`)
  SELECT `id`, `artifact_id`, `execution_id`, `type`, `milliseconds_since_epoch`
  FROM `Event` ORDER BY `id` DESC;
-- statement
DROP TABLE `Event`;
-- statement
ALTER TABLE `EventTemp` RENAME TO `Event`,
  ADD INDEX `idx_event_execution_id`(`execution_id`);
-- statement
DELETE FROM `EventPath` WHERE `event_id` NOT IN (SELECT `id` FROM `Event`);
