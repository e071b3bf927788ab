ALTER TABLE `academies` ADD `p256_public_jwk` text;--> statement-breakpoint
ALTER TABLE `academies` ADD `p256_private_jwk` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `credential_json` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `status_index` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_status_index_idx` ON `certificates` (`academy_id`,`status_index`);