CREATE TABLE `academy_summary_state` (
	`academy_id` integer PRIMARY KEY NOT NULL,
	`course_key` text NOT NULL,
	`refreshed_at` integer NOT NULL,
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `attempt_dots` (
	`attempt_id` integer PRIMARY KEY NOT NULL,
	`data` blob NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `drill_attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `trainee_summaries` (
	`academy_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`name_key` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`lessons_done` integer DEFAULT 0 NOT NULL,
	`checks_passed` integer DEFAULT 0 NOT NULL,
	`drills_submitted` integer DEFAULT 0 NOT NULL,
	`best_drill` integer,
	`last_activity` integer DEFAULT 0 NOT NULL,
	`ready_programs` text DEFAULT '' NOT NULL,
	`recheck_at` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`academy_id`, `user_id`),
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `trainee_summaries_user_idx` ON `trainee_summaries` (`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_recheck_idx` ON `trainee_summaries` (`academy_id`,`recheck_at`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_ready_idx` ON `trainee_summaries` (`academy_id`,`name_key`) WHERE ready_programs != '';--> statement-breakpoint
CREATE INDEX `trainee_summaries_name_idx` ON `trainee_summaries` (`academy_id`,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_name_desc_idx` ON `trainee_summaries` (`academy_id`,name_key desc,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_lessons_idx` ON `trainee_summaries` (`academy_id`,`lessons_done`,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_lessons_desc_idx` ON `trainee_summaries` (`academy_id`,lessons_done desc,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_checks_idx` ON `trainee_summaries` (`academy_id`,`checks_passed`,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_checks_desc_idx` ON `trainee_summaries` (`academy_id`,checks_passed desc,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_drills_idx` ON `trainee_summaries` (`academy_id`,`best_drill`,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_drills_desc_idx` ON `trainee_summaries` (`academy_id`,best_drill desc,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_activity_idx` ON `trainee_summaries` (`academy_id`,`last_activity`,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `trainee_summaries_activity_desc_idx` ON `trainee_summaries` (`academy_id`,last_activity desc,`name_key`,`user_id`);--> statement-breakpoint
CREATE INDEX `claims_live_idx` ON `claims` (`expires_at`);--> statement-breakpoint
CREATE INDEX `claims_user_live_idx` ON `claims` (`user_id`,`expires_at`);--> statement-breakpoint
-- Every attempt's impressions move out of the hot row: JSON text here, which the codec reads
-- (src/lib/drill/dot-codec.ts) until the attempt is saved again in the binary form.
INSERT INTO `attempt_dots` (`attempt_id`, `data`)
  SELECT `id`, json_object('dots', json(`dots`), 'sessions', json(`dot_sessions`)) FROM `drill_attempts`;--> statement-breakpoint
ALTER TABLE `drill_attempts` DROP COLUMN `dots`;--> statement-breakpoint
ALTER TABLE `drill_attempts` DROP COLUMN `dot_sessions`;--> statement-breakpoint
-- Keep one summary row per trainee membership.
CREATE TRIGGER `trainee_summaries_member_insert` AFTER INSERT ON `memberships` WHEN new.role = 'trainee' BEGIN
  INSERT OR IGNORE INTO `trainee_summaries` (`academy_id`, `user_id`) VALUES (new.academy_id, new.user_id);
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_member_update` AFTER UPDATE ON `memberships` BEGIN
  DELETE FROM `trainee_summaries` WHERE `academy_id` = old.academy_id AND `user_id` = old.user_id;
  INSERT OR IGNORE INTO `trainee_summaries` (`academy_id`, `user_id`)
    SELECT new.academy_id, new.user_id WHERE new.role = 'trainee';
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_member_delete` AFTER DELETE ON `memberships` BEGIN
  DELETE FROM `trainee_summaries` WHERE `academy_id` = old.academy_id AND `user_id` = old.user_id;
END;--> statement-breakpoint
-- A trainee's own records: every academy row of the user becomes stale.
CREATE TRIGGER `trainee_summaries_user_update` AFTER UPDATE OF `display_name`, `email` ON `users` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `user_id` = new.id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_lesson_insert` AFTER INSERT ON `lesson_progress` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `user_id` = new.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_lesson_update` AFTER UPDATE ON `lesson_progress` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `user_id` IN (old.user_id, new.user_id) AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_lesson_delete` AFTER DELETE ON `lesson_progress` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `user_id` = old.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_check_insert` AFTER INSERT ON `check_attempts` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `user_id` = new.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_check_update` AFTER UPDATE ON `check_attempts` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `user_id` IN (old.user_id, new.user_id) AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_check_delete` AFTER DELETE ON `check_attempts` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `user_id` = old.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
-- Records of one trainee in one academy.
CREATE TRIGGER `trainee_summaries_drill_insert` AFTER INSERT ON `drill_attempts` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE `academy_id` = new.academy_id AND `user_id` = new.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_drill_update` AFTER UPDATE OF `user_id`, `academy_id`, `template_id`, `status`, `total`, `updated_at`, `submitted_at` ON `drill_attempts` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE ((`academy_id` = old.academy_id AND `user_id` = old.user_id) OR (`academy_id` = new.academy_id AND `user_id` = new.user_id))
    AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_drill_delete` AFTER DELETE ON `drill_attempts` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE `academy_id` = old.academy_id AND `user_id` = old.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_review_insert` AFTER INSERT ON `reviews` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE (`academy_id`, `user_id`) = (SELECT `academy_id`, `user_id` FROM `drill_attempts` WHERE `id` = new.attempt_id)
    AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_review_update` AFTER UPDATE ON `reviews` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE (`academy_id`, `user_id`) IN (SELECT `academy_id`, `user_id` FROM `drill_attempts` WHERE `id` IN (old.attempt_id, new.attempt_id))
    AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_review_delete` AFTER DELETE ON `reviews` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE (`academy_id`, `user_id`) = (SELECT `academy_id`, `user_id` FROM `drill_attempts` WHERE `id` = old.attempt_id)
    AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_compliance_insert` AFTER INSERT ON `compliance_records` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE `academy_id` = new.academy_id AND `user_id` = new.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_compliance_update` AFTER UPDATE ON `compliance_records` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE ((`academy_id` = old.academy_id AND `user_id` = old.user_id) OR (`academy_id` = new.academy_id AND `user_id` = new.user_id))
    AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_compliance_delete` AFTER DELETE ON `compliance_records` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE `academy_id` = old.academy_id AND `user_id` = old.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_certificate_insert` AFTER INSERT ON `certificates` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE `academy_id` = new.academy_id AND `user_id` = new.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_certificate_update` AFTER UPDATE OF `academy_id`, `user_id`, `program_id`, `valid_from`, `valid_until`, `revoked_at` ON `certificates` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE ((`academy_id` = old.academy_id AND `user_id` = old.user_id) OR (`academy_id` = new.academy_id AND `user_id` = new.user_id))
    AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_certificate_delete` AFTER DELETE ON `certificates` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0
  WHERE `academy_id` = old.academy_id AND `user_id` = old.user_id AND `recheck_at` != 0;
END;--> statement-breakpoint
-- A program's requirements decide readiness of every trainee of its academy.
CREATE TRIGGER `trainee_summaries_program_insert` AFTER INSERT ON `programs` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `academy_id` = new.academy_id AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_program_update` AFTER UPDATE ON `programs` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `academy_id` IN (old.academy_id, new.academy_id) AND `recheck_at` != 0;
END;--> statement-breakpoint
CREATE TRIGGER `trainee_summaries_program_delete` AFTER DELETE ON `programs` BEGIN
  UPDATE `trainee_summaries` SET `recheck_at` = 0 WHERE `academy_id` = old.academy_id AND `recheck_at` != 0;
END;--> statement-breakpoint
-- Backfill: a stale row for every trainee membership; the first look at an academy computes them.
INSERT INTO `trainee_summaries` (`academy_id`, `user_id`) SELECT `academy_id`, `user_id` FROM `memberships` WHERE `role` = 'trainee';
