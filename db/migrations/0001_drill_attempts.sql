CREATE TABLE `drill_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`academy_id` integer NOT NULL,
	`template_id` text NOT NULL,
	`template_version` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`dots` text DEFAULT '[]' NOT NULL,
	`dot_count` integer DEFAULT 0 NOT NULL,
	`score` text,
	`score_version` integer,
	`total` integer,
	`pass` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drill_attempts_user_idx` ON `drill_attempts` (`user_id`,`academy_id`,`template_id`);--> statement-breakpoint
CREATE INDEX `drill_attempts_queue_idx` ON `drill_attempts` (`academy_id`,`status`,`submitted_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `drill_attempts_one_draft` ON `drill_attempts` (`user_id`,`academy_id`,`template_id`) WHERE status = 'draft';