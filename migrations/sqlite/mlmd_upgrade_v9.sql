-- MLMD schema 8 -> 9 for SQLite.
-- Schema 9 gives Type, Artifact, Execution and Context a nullable, unique
-- external_id (NULL for every existing row) with an index of its own.
-- SQLite cannot add a UNIQUE column, so each table is rebuilt: the old one is
-- renamed away, the schema-10 table is created under the real name (column
-- order and catalog then match a freshly created database), rows are copied
-- with their ids, the AUTOINCREMENT counter moves over (ids of deleted rows
-- stay unused), and the old table goes with its indexes, which are then
-- created again on the new table.
ALTER TABLE `Type` RENAME TO `Type_before_v9`;
-- statement
CREATE TABLE `Type` (
  `id` INTEGER PRIMARY KEY AUTOINCREMENT,
  `name` VARCHAR(255) NOT NULL,
  `version` VARCHAR(255),
  `type_kind` TINYINT(1) NOT NULL,
  `description` TEXT,
  `input_type` TEXT,
  `output_type` TEXT,
  `external_id` VARCHAR(255) UNIQUE
);
-- statement
INSERT INTO `Type` (`id`, `name`, `version`, `type_kind`, `description`,
  `input_type`, `output_type`)
SELECT `id`, `name`, `version`, `type_kind`, `description`, `input_type`,
  `output_type`
FROM `Type_before_v9`;
-- statement
DELETE FROM `sqlite_sequence` WHERE `name` = 'Type';
-- statement
UPDATE `sqlite_sequence` SET `name` = 'Type'
WHERE `name` = 'Type_before_v9';
-- statement
DROP TABLE `Type_before_v9`;
-- statement
CREATE INDEX IF NOT EXISTS `idx_type_name` ON `Type`(`name`);
-- statement
CREATE INDEX IF NOT EXISTS `idx_type_external_id` ON `Type`(`external_id`);
-- statement
ALTER TABLE `Artifact` RENAME TO `Artifact_before_v9`;
-- statement
CREATE TABLE `Artifact` (
  `id` INTEGER PRIMARY KEY AUTOINCREMENT,
  `type_id` INT NOT NULL,
  `uri` TEXT,
  `state` INT,
  `name` VARCHAR(255),
  `external_id` VARCHAR(255) UNIQUE,
  `create_time_since_epoch` INT NOT NULL DEFAULT 0,
  `last_update_time_since_epoch` INT NOT NULL DEFAULT 0,
  UNIQUE(`type_id`, `name`)
);
-- statement
INSERT INTO `Artifact` (`id`, `type_id`, `uri`, `state`, `name`,
  `create_time_since_epoch`, `last_update_time_since_epoch`)
SELECT `id`, `type_id`, `uri`, `state`, `name`, `create_time_since_epoch`,
  `last_update_time_since_epoch`
FROM `Artifact_before_v9`;
-- statement
DELETE FROM `sqlite_sequence` WHERE `name` = 'Artifact';
-- statement
UPDATE `sqlite_sequence` SET `name` = 'Artifact'
WHERE `name` = 'Artifact_before_v9';
-- statement
DROP TABLE `Artifact_before_v9`;
-- statement
CREATE INDEX IF NOT EXISTS `idx_artifact_uri` ON `Artifact`(`uri`);
-- statement
CREATE INDEX IF NOT EXISTS `idx_artifact_create_time_since_epoch`
  ON `Artifact`(`create_time_since_epoch`);
-- statement
CREATE INDEX IF NOT EXISTS `idx_artifact_last_update_time_since_epoch`
  ON `Artifact`(`last_update_time_since_epoch`);
-- statement
CREATE INDEX IF NOT EXISTS `idx_artifact_external_id`
  ON `Artifact`(`external_id`);
-- statement
ALTER TABLE `Execution` RENAME TO `Execution_before_v9`;
-- statement
CREATE TABLE `Execution` (
  `id` INTEGER PRIMARY KEY AUTOINCREMENT,
  `type_id` INT NOT NULL,
  `last_known_state` INT,
  `name` VARCHAR(255),
  `external_id` VARCHAR(255) UNIQUE,
  `create_time_since_epoch` INT NOT NULL DEFAULT 0,
  `last_update_time_since_epoch` INT NOT NULL DEFAULT 0,
  UNIQUE(`type_id`, `name`)
);
-- statement
INSERT INTO `Execution` (`id`, `type_id`, `last_known_state`, `name`,
  `create_time_since_epoch`, `last_update_time_since_epoch`)
SELECT `id`, `type_id`, `last_known_state`, `name`, `create_time_since_epoch`,
  `last_update_time_since_epoch`
FROM `Execution_before_v9`;
-- statement
DELETE FROM `sqlite_sequence` WHERE `name` = 'Execution';
-- statement
UPDATE `sqlite_sequence` SET `name` = 'Execution'
WHERE `name` = 'Execution_before_v9';
-- statement
DROP TABLE `Execution_before_v9`;
-- statement
CREATE INDEX IF NOT EXISTS `idx_execution_create_time_since_epoch`
  ON `Execution`(`create_time_since_epoch`);
-- statement
CREATE INDEX IF NOT EXISTS `idx_execution_last_update_time_since_epoch`
  ON `Execution`(`last_update_time_since_epoch`);
-- statement
CREATE INDEX IF NOT EXISTS `idx_execution_external_id`
  ON `Execution`(`external_id`);
-- statement
ALTER TABLE `Context` RENAME TO `Context_before_v9`;
-- statement
CREATE TABLE `Context` (
  `id` INTEGER PRIMARY KEY AUTOINCREMENT,
  `type_id` INT NOT NULL,
  `name` VARCHAR(255) NOT NULL,
  `external_id` VARCHAR(255) UNIQUE,
  `create_time_since_epoch` INT NOT NULL DEFAULT 0,
  `last_update_time_since_epoch` INT NOT NULL DEFAULT 0,
  UNIQUE(`type_id`, `name`)
);
-- statement
INSERT INTO `Context` (`id`, `type_id`, `name`, `create_time_since_epoch`,
  `last_update_time_since_epoch`)
SELECT `id`, `type_id`, `name`, `create_time_since_epoch`,
  `last_update_time_since_epoch`
FROM `Context_before_v9`;
-- statement
DELETE FROM `sqlite_sequence` WHERE `name` = 'Context';
-- statement
UPDATE `sqlite_sequence` SET `name` = 'Context'
WHERE `name` = 'Context_before_v9';
-- statement
DROP TABLE `Context_before_v9`;
-- statement
CREATE INDEX IF NOT EXISTS `idx_context_create_time_since_epoch`
  ON `Context`(`create_time_since_epoch`);
-- statement
CREATE INDEX IF NOT EXISTS `idx_context_last_update_time_since_epoch`
  ON `Context`(`last_update_time_since_epoch`);
-- statement
CREATE INDEX IF NOT EXISTS `idx_context_external_id`
  ON `Context`(`external_id`);
