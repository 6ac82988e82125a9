DROP INDEX `induction_programmes_partnership_idx`;--> statement-breakpoint
CREATE INDEX `induction_programmes_partnership_idx` ON `induction_programmes` (`partnership_id`,`id`);--> statement-breakpoint
DROP INDEX `induction_records_programme_idx`;--> statement-breakpoint
CREATE INDEX `induction_records_profile_latest_idx` ON `induction_records` (`participant_profile_id`,`induction_programme_id`,`end_date`,`start_date`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `induction_records_programme_idx` ON `induction_records` (`induction_programme_id`,`participant_profile_id`,`end_date`,`start_date`,`created_at`,`id`,`schedule_id`,`training_status`);--> statement-breakpoint
DROP INDEX `participant_profiles_user_idx`;--> statement-breakpoint
CREATE INDEX `participant_profiles_user_idx` ON `participant_profiles` (`user_id`,`id`);--> statement-breakpoint
DROP INDEX `participant_declarations_lp_created_idx`;--> statement-breakpoint
DROP INDEX `participant_declarations_profile_idx`;--> statement-breakpoint
CREATE INDEX `participant_declarations_lp_created_idx` ON `participant_declarations` (`lead_provider_id`,`created_at`,`id`,`updated_at`,`cohort_id`);--> statement-breakpoint
CREATE INDEX `participant_declarations_profile_idx` ON `participant_declarations` (`participant_profile_id`,`lead_provider_id`,`state`);