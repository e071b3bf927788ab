CREATE TABLE `certificate_reminders` (
	`certificate_id` integer NOT NULL,
	`days_before` integer NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`certificate_id`, `days_before`),
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`academy_id` integer NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_by` integer,
	`revoked_at` integer,
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_academy_idx` ON `invitations` (`academy_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `password_resets` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `password_resets_user_idx` ON `password_resets` (`user_id`);--> statement-breakpoint
ALTER TABLE `academies` ADD `contact_email` text;--> statement-breakpoint
ALTER TABLE `academies` ADD `signatory_name` text;--> statement-breakpoint
ALTER TABLE `academies` ADD `signatory_title` text;--> statement-breakpoint
ALTER TABLE `academies` ADD `signature_image` blob;--> statement-breakpoint
ALTER TABLE `academies` ADD `signature_image_type` text;--> statement-breakpoint
ALTER TABLE `academies` ADD `logo` blob;--> statement-breakpoint
ALTER TABLE `academies` ADD `logo_type` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `removed_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `certificate_name` text;--> statement-breakpoint
ALTER TABLE `users` ADD `notification_mails` integer DEFAULT true NOT NULL;