ALTER TABLE `certificates` ADD `program_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `certificates` ADD `program_hours` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `certificates` ADD `issuer_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Backfill: what the signed Data Integrity credential says; certificates without one (JWT only, issued before
-- migration 0008) take their program's and academy's names as they are now, the closest record there is.
UPDATE `certificates` SET
  `program_name` = coalesce(
    json_extract(`credential_json`, '$.credentialSubject.achievement.name'),
    (SELECT `name` FROM `programs` WHERE `programs`.`id` = `certificates`.`program_id`)),
  `program_hours` = coalesce(
    json_extract(`credential_json`, '$.credentialSubject.achievement.creditsAvailable'),
    (SELECT `hours` FROM `programs` WHERE `programs`.`id` = `certificates`.`program_id`)),
  `issuer_name` = coalesce(
    json_extract(`credential_json`, '$.issuer.name'),
    (SELECT `name` FROM `academies` WHERE `academies`.`id` = `certificates`.`academy_id`));
