CREATE TABLE `operator_audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_token_id` text,
	`actor_name` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`operation` text NOT NULL,
	`target_ids` text NOT NULL,
	`input_summary` text NOT NULL,
	`request_id` text
);
--> statement-breakpoint
CREATE INDEX `operator_audit_events_occurred_idx` ON `operator_audit_events` (`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `operator_audit_events_actor_idx` ON `operator_audit_events` (`actor_token_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `operator_external_ids` (
	`operation` text NOT NULL,
	`external_id` text NOT NULL,
	`result` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`operation`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `operator_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`hashed_token` text NOT NULL,
	`scope` text DEFAULT 'operator' NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operator_tokens_hashed_token_unique` ON `operator_tokens` (`hashed_token`);--> statement-breakpoint
ALTER TABLE `lead_provider_users` ADD `revoked_at` integer;