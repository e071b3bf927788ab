-- The automatic score beside each instructor verdict, so the score can be measured against
-- instructors (/academy/agreement). Plain ADD COLUMNs (no table rebuild, so no link check
-- is needed). Existing reviews are filled from their attempt's stored score, which is frozen
-- at submission and so is what the instructor saw: the attempt's own columns, else the
-- score JSON. Reviews whose attempt has no usable score keep NULL ("unknown": left out).
ALTER TABLE `reviews` ADD `auto_pass` integer;--> statement-breakpoint
ALTER TABLE `reviews` ADD `auto_total` integer;--> statement-breakpoint
ALTER TABLE `reviews` ADD `auto_score_version` integer;--> statement-breakpoint
UPDATE `reviews` SET
	`auto_pass` = s.`pass`,
	`auto_total` = s.`total`,
	`auto_score_version` = s.`version`
FROM (
	SELECT
		`id`,
		CASE coalesce(`pass`, CASE WHEN json_valid(`score`) THEN json_extract(`score`, '$.pass') END)
			WHEN 1 THEN 1 WHEN 0 THEN 0 END AS `pass`,
		CAST(round(coalesce(`total`, CASE WHEN json_valid(`score`) THEN json_extract(`score`, '$.total') END)) AS integer) AS `total`,
		coalesce(`score_version`, CASE WHEN json_valid(`score`) THEN json_extract(`score`, '$.scoreVersion') END) AS `version`
	FROM `drill_attempts`
) AS s
WHERE s.`id` = `reviews`.`attempt_id` AND s.`pass` IS NOT NULL;
