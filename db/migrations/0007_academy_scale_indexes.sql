DROP INDEX `drill_attempts_queue_idx`;--> statement-breakpoint
CREATE INDEX `drill_attempts_queue_cover_idx` ON `drill_attempts` (`academy_id`,`status`,`submitted_at`,`user_id`,`template_id`,`total`,`pass`);--> statement-breakpoint
CREATE INDEX `drill_attempts_academy_user_cover_idx` ON `drill_attempts` (`academy_id`,`user_id`,`status`,`total`,`updated_at`);--> statement-breakpoint
CREATE INDEX `certificates_academy_cover_idx` ON `certificates` (`academy_id`,`user_id`,`program_id`,`valid_from`,`valid_until`,`revoked_at`);--> statement-breakpoint
CREATE INDEX `check_attempts_user_cover_idx` ON `check_attempts` (`user_id`,`passed`,`check_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `compliance_academy_cover_idx` ON `compliance_records` (`academy_id`,`user_id`,`kind`,`completed_on`,`expires_on`);--> statement-breakpoint
CREATE INDEX `lesson_progress_user_cover_idx` ON `lesson_progress` (`user_id`,`lesson_id`,`completed_at`,`last_opened_at`);--> statement-breakpoint
CREATE INDEX `memberships_academy_role_cover_idx` ON `memberships` (`academy_id`,`role`,`user_id`);--> statement-breakpoint
CREATE INDEX `reviews_attempt_cover_idx` ON `reviews` (`attempt_id`,`verdict`,`instructor_id`,`created_at`);