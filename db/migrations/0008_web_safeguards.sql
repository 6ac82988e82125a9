CREATE TABLE `replaced_partnership_reports` (
	`report_id` text PRIMARY KEY NOT NULL,
	`partnership_id` text NOT NULL,
	`replaced_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `replaced_partnership_reports_partnership_idx` ON `replaced_partnership_reports` (`partnership_id`);--> statement-breakpoint
ALTER TABLE `partnership_uploads` ADD `notes` text;--> statement-breakpoint
CREATE INDEX `emails_to_idx` ON `emails` (`to`,`created_at`);--> statement-breakpoint
CREATE INDEX `support_requests_user_idx` ON `support_requests` (`user_id`,`created_at`);--> statement-breakpoint
-- Links schools were sent before this table existed: every confirmation email whose token is no
-- longer its partnership's report id. (The time is the old email's, not the replacement's.)
INSERT OR IGNORE INTO `replaced_partnership_reports` (`report_id`, `partnership_id`, `replaced_at`)
SELECT t.token, t.partnership_id, t.created_at FROM (
	SELECT substr(json_extract(e.personalisation, '$.challenge_url'), instr(json_extract(e.personalisation, '$.challenge_url'), 'token=') + 6) AS token,
		e.subject_id AS partnership_id, e.created_at
	FROM `emails` e
	WHERE e.subject_type = 'partnership' AND e.template IN ('partnership_confirmed', 'partnership_delivery_partner_changed')
		AND json_valid(e.personalisation) AND instr(coalesce(json_extract(e.personalisation, '$.challenge_url'), ''), 'token=') > 0
) t JOIN `partnerships` p ON p.id = t.partnership_id
WHERE t.token <> coalesce(p.report_id, '');
