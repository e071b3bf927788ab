-- Foreign keys on reviews.supersedes and certificates.replaces: SQLite adds a foreign key
-- only by rebuilding the table (new table, copy every row, drop the old one, rename).
-- Run it with foreign-key enforcement OFF: with it on, dropping the old `reviews` would
-- cascade into `annotations` and delete them. PRAGMA foreign_keys is a no-op inside a
-- transaction, and drizzle's migrator applies pending migrations in one, so the PRAGMA
-- below only matters to a runner without a transaction; db/client.ts switches enforcement
-- off before migrating and back on after. Before committing, the last statements check
-- that every copied link points to a row; if one does not, the migration fails and rolls back.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_certificates` (
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
	FOREIGN KEY (`replaces`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_certificates`("id", "code", "academy_id", "program_id", "user_id", "holder_name", "issued_at", "valid_from", "valid_until", "issued_by", "replaces", "revoked_at", "revoked_reason", "revoked_by", "summary", "credential_jwt") SELECT "id", "code", "academy_id", "program_id", "user_id", "holder_name", "issued_at", "valid_from", "valid_until", "issued_by", "replaces", "revoked_at", "revoked_reason", "revoked_by", "summary", "credential_jwt" FROM `certificates`;--> statement-breakpoint
DROP TABLE `certificates`;--> statement-breakpoint
ALTER TABLE `__new_certificates` RENAME TO `certificates`;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_unique` ON `certificates` (`code`);--> statement-breakpoint
CREATE INDEX `certificates_holder_idx` ON `certificates` (`user_id`,`program_id`);--> statement-breakpoint
CREATE TABLE `__new_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` integer NOT NULL,
	`instructor_id` integer NOT NULL,
	`verdict` text NOT NULL,
	`levels` text NOT NULL,
	`rubric` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`supersedes` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `drill_attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instructor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supersedes`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_reviews`("id", "attempt_id", "instructor_id", "verdict", "levels", "rubric", "comment", "supersedes", "created_at") SELECT "id", "attempt_id", "instructor_id", "verdict", "levels", "rubric", "comment", "supersedes", "created_at" FROM `reviews`;--> statement-breakpoint
DROP TABLE `reviews`;--> statement-breakpoint
ALTER TABLE `__new_reviews` RENAME TO `reviews`;--> statement-breakpoint
CREATE INDEX `reviews_attempt_idx` ON `reviews` (`attempt_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_supersedes_once` ON `reviews` (`supersedes`);--> statement-breakpoint
CREATE TEMP TABLE `__links_checked` (`dangling` integer CONSTRAINT `every_link_of_reviews_and_certificates_points_to_a_row` CHECK (`dangling` = 0));--> statement-breakpoint
INSERT INTO `__links_checked` SELECT (SELECT count(*) FROM pragma_foreign_key_check('reviews')) + (SELECT count(*) FROM pragma_foreign_key_check('certificates'));--> statement-breakpoint
DROP TABLE `__links_checked`;--> statement-breakpoint
PRAGMA foreign_keys=ON;
