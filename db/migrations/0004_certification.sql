CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`academy_id` integer NOT NULL,
	`program_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`holder_name` text NOT NULL,
	`issued_at` integer NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_until` integer NOT NULL,
	`issued_by` integer,
	`replaces` integer,
	`revoked_at` integer,
	`revoked_reason` text,
	`revoked_by` integer,
	`summary` text NOT NULL,
	`credential_jwt` text NOT NULL,
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_unique` ON `certificates` (`code`);--> statement-breakpoint
CREATE INDEX `certificates_holder_idx` ON `certificates` (`user_id`,`program_id`);--> statement-breakpoint
CREATE TABLE `compliance_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`academy_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`completed_on` integer NOT NULL,
	`expires_on` integer,
	`reference` text DEFAULT '' NOT NULL,
	`recorded_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `compliance_user_idx` ON `compliance_records` (`academy_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`academy_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`hours` integer NOT NULL,
	`validity_months` integer NOT NULL,
	`requirements` text NOT NULL,
	`renewal` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `programs_academy_idx` ON `programs` (`academy_id`);