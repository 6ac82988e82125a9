CREATE TABLE `lead_provider_users` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_provider_id` text NOT NULL,
	`email` text NOT NULL,
	`full_name` text NOT NULL,
	`last_signed_in_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lead_provider_users_email_unique` ON `lead_provider_users` (`email`);--> statement-breakpoint
CREATE INDEX `lead_provider_users_lead_provider_idx` ON `lead_provider_users` (`lead_provider_id`);--> statement-breakpoint
CREATE TABLE `partnership_upload_rows` (
	`upload_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`your_data` text NOT NULL,
	`school_id` text,
	`problem` text,
	`removed` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`upload_id`, `row_number`),
	FOREIGN KEY (`upload_id`) REFERENCES `partnership_uploads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partnership_upload_rows_school_idx` ON `partnership_upload_rows` (`upload_id`,`school_id`);--> statement-breakpoint
CREATE TABLE `partnership_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`lead_provider_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	`delivery_partner_id` text,
	`status` text NOT NULL,
	`file_name` text,
	`row_count` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`confirmed_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `lead_provider_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delivery_partner_id`) REFERENCES `delivery_partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partnership_uploads_session_unique` ON `partnership_uploads` (`session_id_hash`);--> statement-breakpoint
CREATE INDEX `partnership_uploads_updated_idx` ON `partnership_uploads` (`updated_at`);--> statement-breakpoint
CREATE TABLE `sign_in_tokens` (
	`user_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `lead_provider_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_in_tokens_token_hash_unique` ON `sign_in_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `support_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`lead_provider_id` text NOT NULL,
	`message` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `lead_provider_users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `support_requests_created_idx` ON `support_requests` (`created_at`);--> statement-breakpoint
CREATE TABLE `web_rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `web_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `lead_provider_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `web_sessions_user_idx` ON `web_sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `web_sessions_expires_idx` ON `web_sessions` (`expires_at`);