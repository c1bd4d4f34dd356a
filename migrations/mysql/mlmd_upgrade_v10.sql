-- MLMD schema 9 -> 10 for MySQL and MariaDB, as upstream does it: proto and
-- bool property values.
ALTER TABLE `ArtifactProperty`
  ADD COLUMN `proto_value` MEDIUMBLOB,
  ADD COLUMN `bool_value` BOOLEAN;
-- statement
ALTER TABLE `ExecutionProperty`
  ADD COLUMN `proto_value` MEDIUMBLOB,
  ADD COLUMN `bool_value` BOOLEAN;
-- statement
ALTER TABLE `ContextProperty`
  ADD COLUMN `proto_value` MEDIUMBLOB,
  ADD COLUMN `bool_value` BOOLEAN;
