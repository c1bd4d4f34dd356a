-- MLMD schema 9 -> 10 for SQLite: the property tables gain proto_value and
-- bool_value. No data moves: before schema 10 a value could not be a proto
-- or a bool, and every other kind keeps its column (a struct stays in
-- string_value as "mlmd-struct::" + base64). ADD COLUMN appends, which is
-- where a fresh schema-10 table has these two columns.
ALTER TABLE `ArtifactProperty` ADD COLUMN `proto_value` BLOB;
-- statement
ALTER TABLE `ArtifactProperty` ADD COLUMN `bool_value` BOOLEAN;
-- statement
ALTER TABLE `ExecutionProperty` ADD COLUMN `proto_value` BLOB;
-- statement
ALTER TABLE `ExecutionProperty` ADD COLUMN `bool_value` BOOLEAN;
-- statement
ALTER TABLE `ContextProperty` ADD COLUMN `proto_value` BLOB;
-- statement
ALTER TABLE `ContextProperty` ADD COLUMN `bool_value` BOOLEAN;
