ALTER TABLE `academies` ADD `p256_public_jwk` text;--> statement-breakpoint
ALTER TABLE `academies` ADD `p256_private_jwk` text;