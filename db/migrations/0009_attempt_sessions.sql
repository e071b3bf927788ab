ALTER TABLE `drill_attempts` ADD `dot_sessions` text;--> statement-breakpoint
ALTER TABLE `drill_attempts` ADD `session` integer;