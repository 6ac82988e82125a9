CREATE TABLE `sandbox_snapshots` (
	`lead_provider_id` text NOT NULL,
	`table_name` text NOT NULL,
	`chunk` integer NOT NULL,
	`columns` text NOT NULL,
	`rows` text NOT NULL,
	`seeded_at` integer NOT NULL,
	`scale` text NOT NULL,
	PRIMARY KEY(`lead_provider_id`, `table_name`, `chunk`)
);
