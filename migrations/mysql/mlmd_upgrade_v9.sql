-- MLMD schema 8 -> 9 for MySQL and MariaDB, as upstream does it: a unique,
-- nullable external_id on Type, Artifact, Execution and Context, each with
-- its own index.
ALTER TABLE `Type` ADD (`external_id` VARCHAR(255)),
  ADD CONSTRAINT UniqueTypeExternalId UNIQUE(`external_id`);
-- statement
ALTER TABLE `Artifact` ADD (`external_id` VARCHAR(255)),
  ADD CONSTRAINT UniqueArtifactExternalId UNIQUE(`external_id`);
-- statement
ALTER TABLE `Execution` ADD (`external_id` VARCHAR(255)),
  ADD CONSTRAINT UniqueExecutionExternalId UNIQUE(`external_id`);
-- statement
ALTER TABLE `Context` ADD (`external_id` VARCHAR(255)),
  ADD CONSTRAINT UniqueContextExternalId UNIQUE(`external_id`);
-- statement
ALTER TABLE `Type` ADD INDEX `idx_type_external_id`(`external_id`);
-- statement
ALTER TABLE `Artifact` ADD INDEX `idx_artifact_external_id`(`external_id`);
-- statement
ALTER TABLE `Execution` ADD INDEX `idx_execution_external_id`(`external_id`);
-- statement
ALTER TABLE `Context` ADD INDEX `idx_context_external_id`(`external_id`);
