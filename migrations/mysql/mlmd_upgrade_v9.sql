-- MLMD schema 8 -> 9 for MySQL and MariaDB: a nullable, unique external_id
-- on Type, Artifact, Execution and Context, each with its own index.
-- The column goes where CREATE TABLE puts it at schema 10 (after `name`, or
-- last in Type), and its unique key gets the name CREATE TABLE gives it
-- (`external_id`), so an upgraded database reads like a fresh one. (Upstream's
-- own upgrade appends the column and names the keys UniqueTypeExternalId,
-- ...; nothing reads those names.)
ALTER TABLE `Type`
  ADD COLUMN `external_id` VARCHAR(255) UNIQUE,
  ADD INDEX `idx_type_external_id` (`external_id`);
-- statement
ALTER TABLE `Artifact`
  ADD COLUMN `external_id` VARCHAR(255) UNIQUE AFTER `name`,
  ADD INDEX `idx_artifact_external_id` (`external_id`);
-- statement
ALTER TABLE `Execution`
  ADD COLUMN `external_id` VARCHAR(255) UNIQUE AFTER `name`,
  ADD INDEX `idx_execution_external_id` (`external_id`);
-- statement
ALTER TABLE `Context`
  ADD COLUMN `external_id` VARCHAR(255) UNIQUE AFTER `name`,
  ADD INDEX `idx_context_external_id` (`external_id`);
