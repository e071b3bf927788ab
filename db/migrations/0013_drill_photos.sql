CREATE TABLE `drill_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`academy_id` integer NOT NULL,
	`template_id` text NOT NULL,
	`template_version` integer NOT NULL,
	`attempt_id` integer,
	`sheet_code` text NOT NULL,
	`photo` blob NOT NULL,
	`rectified` blob NOT NULL,
	`detected` text NOT NULL,
	`corrections` text DEFAULT '{"removed":[],"added":[]}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`attempt_id`) REFERENCES `drill_attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drill_photos_attempt_idx` ON `drill_photos` (`attempt_id`);--> statement-breakpoint
CREATE INDEX `drill_photos_user_idx` ON `drill_photos` (`user_id`,`academy_id`,`template_id`);