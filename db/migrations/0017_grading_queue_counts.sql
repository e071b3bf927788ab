CREATE TABLE `grading_claim_counts` (
	`academy_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`claimed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`academy_id`, `user_id`),
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `grading_queue_counts` (
	`academy_id` integer PRIMARY KEY NOT NULL,
	`waiting` integer DEFAULT 0 NOT NULL,
	`claimed` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`academy_id`) REFERENCES `academies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drill_attempts_waiting_oldest_idx` ON `drill_attempts` (`academy_id`,`submitted_at`,`id`,`user_id`,`template_id`,`total`,`pass`) WHERE status = 'submitted';--> statement-breakpoint
CREATE INDEX `drill_attempts_waiting_newest_idx` ON `drill_attempts` (`academy_id`,submitted_at desc,`id`,`user_id`,`template_id`,`total`,`pass`) WHERE status = 'submitted';--> statement-breakpoint
-- Hand-written: the grading queue's counters (see `gradingQueueCounts` in db/schema.ts), counted
-- once from the existing rows, then kept by triggers in the same transaction as every write.
-- (Rows are added with INSERT … WHERE NOT EXISTS, not INSERT OR IGNORE: the conflict policy of
-- the statement firing a trigger, such as the claim's upsert, would override the trigger's.)
INSERT INTO `grading_queue_counts` (`academy_id`, `waiting`, `claimed`)
  SELECT da.`academy_id`, count(*), count(c.`attempt_id`)
  FROM `drill_attempts` da LEFT JOIN `claims` c ON c.`attempt_id` = da.`id`
  WHERE da.`status` = 'submitted' GROUP BY da.`academy_id`;--> statement-breakpoint
INSERT INTO `grading_claim_counts` (`academy_id`, `user_id`, `claimed`)
  SELECT da.`academy_id`, c.`user_id`, count(*)
  FROM `claims` c JOIN `drill_attempts` da ON da.`id` = c.`attempt_id`
  WHERE da.`status` = 'submitted' GROUP BY da.`academy_id`, c.`user_id`;--> statement-breakpoint
-- A submission enters or leaves the queue (with its claim, if any).
CREATE TRIGGER `grading_counts_attempt_insert` AFTER INSERT ON `drill_attempts` WHEN new.status = 'submitted' BEGIN
  INSERT INTO `grading_queue_counts` (`academy_id`) SELECT new.academy_id
    WHERE NOT EXISTS (SELECT 1 FROM `grading_queue_counts` WHERE `academy_id` = new.academy_id);
  UPDATE `grading_queue_counts` SET `waiting` = `waiting` + 1 WHERE `academy_id` = new.academy_id;
END;--> statement-breakpoint
CREATE TRIGGER `grading_counts_attempt_update` AFTER UPDATE OF `status`, `academy_id` ON `drill_attempts`
  WHEN old.status = 'submitted' OR new.status = 'submitted' BEGIN
  UPDATE `grading_queue_counts`
    SET `waiting` = `waiting` - 1, `claimed` = `claimed` - (SELECT count(*) FROM `claims` WHERE `attempt_id` = old.id)
    WHERE `academy_id` = old.academy_id AND old.status = 'submitted';
  UPDATE `grading_claim_counts` SET `claimed` = `claimed` - 1
    WHERE old.status = 'submitted' AND `academy_id` = old.academy_id
      AND `user_id` = (SELECT `user_id` FROM `claims` WHERE `attempt_id` = old.id);
  INSERT INTO `grading_queue_counts` (`academy_id`) SELECT new.academy_id
    WHERE new.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM `grading_queue_counts` WHERE `academy_id` = new.academy_id);
  UPDATE `grading_queue_counts`
    SET `waiting` = `waiting` + 1, `claimed` = `claimed` + (SELECT count(*) FROM `claims` WHERE `attempt_id` = new.id)
    WHERE `academy_id` = new.academy_id AND new.status = 'submitted';
  INSERT INTO `grading_claim_counts` (`academy_id`, `user_id`)
    SELECT new.academy_id, c.`user_id` FROM `claims` c WHERE c.`attempt_id` = new.id AND new.status = 'submitted'
      AND NOT EXISTS (SELECT 1 FROM `grading_claim_counts` WHERE `academy_id` = new.academy_id AND `user_id` = c.`user_id`);
  UPDATE `grading_claim_counts` SET `claimed` = `claimed` + 1
    WHERE new.status = 'submitted' AND `academy_id` = new.academy_id
      AND `user_id` = (SELECT `user_id` FROM `claims` WHERE `attempt_id` = new.id);
END;--> statement-breakpoint
-- Before a submission is deleted its claim goes first, through the claim triggers below (the
-- foreign key's cascade would delete it after the attempt, when its academy can no longer be read).
CREATE TRIGGER `grading_counts_attempt_before_delete` BEFORE DELETE ON `drill_attempts` WHEN old.status = 'submitted' BEGIN
  DELETE FROM `claims` WHERE `attempt_id` = old.id;
END;--> statement-breakpoint
CREATE TRIGGER `grading_counts_attempt_delete` AFTER DELETE ON `drill_attempts` WHEN old.status = 'submitted' BEGIN
  UPDATE `grading_queue_counts` SET `waiting` = `waiting` - 1 WHERE `academy_id` = old.academy_id;
END;--> statement-breakpoint
-- A claim row on a waiting submission is made, handed to someone else, or removed.
CREATE TRIGGER `grading_counts_claim_insert` AFTER INSERT ON `claims` BEGIN
  INSERT INTO `grading_claim_counts` (`academy_id`, `user_id`)
    SELECT da.`academy_id`, new.user_id FROM `drill_attempts` da WHERE da.`id` = new.attempt_id AND da.`status` = 'submitted'
      AND NOT EXISTS (SELECT 1 FROM `grading_claim_counts` WHERE `academy_id` = da.`academy_id` AND `user_id` = new.user_id);
  UPDATE `grading_queue_counts` SET `claimed` = `claimed` + 1
    WHERE `academy_id` = (SELECT `academy_id` FROM `drill_attempts` WHERE `id` = new.attempt_id AND `status` = 'submitted');
  UPDATE `grading_claim_counts` SET `claimed` = `claimed` + 1
    WHERE `user_id` = new.user_id
      AND `academy_id` = (SELECT `academy_id` FROM `drill_attempts` WHERE `id` = new.attempt_id AND `status` = 'submitted');
END;--> statement-breakpoint
CREATE TRIGGER `grading_counts_claim_update` AFTER UPDATE OF `attempt_id`, `user_id` ON `claims` BEGIN
  UPDATE `grading_queue_counts` SET `claimed` = `claimed` - 1
    WHERE `academy_id` = (SELECT `academy_id` FROM `drill_attempts` WHERE `id` = old.attempt_id AND `status` = 'submitted');
  UPDATE `grading_claim_counts` SET `claimed` = `claimed` - 1
    WHERE `user_id` = old.user_id
      AND `academy_id` = (SELECT `academy_id` FROM `drill_attempts` WHERE `id` = old.attempt_id AND `status` = 'submitted');
  INSERT INTO `grading_claim_counts` (`academy_id`, `user_id`)
    SELECT da.`academy_id`, new.user_id FROM `drill_attempts` da WHERE da.`id` = new.attempt_id AND da.`status` = 'submitted'
      AND NOT EXISTS (SELECT 1 FROM `grading_claim_counts` WHERE `academy_id` = da.`academy_id` AND `user_id` = new.user_id);
  UPDATE `grading_queue_counts` SET `claimed` = `claimed` + 1
    WHERE `academy_id` = (SELECT `academy_id` FROM `drill_attempts` WHERE `id` = new.attempt_id AND `status` = 'submitted');
  UPDATE `grading_claim_counts` SET `claimed` = `claimed` + 1
    WHERE `user_id` = new.user_id
      AND `academy_id` = (SELECT `academy_id` FROM `drill_attempts` WHERE `id` = new.attempt_id AND `status` = 'submitted');
END;--> statement-breakpoint
CREATE TRIGGER `grading_counts_claim_delete` AFTER DELETE ON `claims` BEGIN
  UPDATE `grading_queue_counts` SET `claimed` = `claimed` - 1
    WHERE `academy_id` = (SELECT `academy_id` FROM `drill_attempts` WHERE `id` = old.attempt_id AND `status` = 'submitted');
  UPDATE `grading_claim_counts` SET `claimed` = `claimed` - 1
    WHERE `user_id` = old.user_id
      AND `academy_id` = (SELECT `academy_id` FROM `drill_attempts` WHERE `id` = old.attempt_id AND `status` = 'submitted');
END;
