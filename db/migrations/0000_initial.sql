CREATE TABLE `cohorts` (
	`id` text PRIMARY KEY NOT NULL,
	`start_year` integer NOT NULL,
	`registration_start_date` text NOT NULL,
	`academic_year_start_date` text NOT NULL,
	`automatic_assignment_period_end_date` text,
	`payments_frozen_at` integer,
	`mentor_funding` integer DEFAULT false NOT NULL,
	`detailed_evidence_types` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cohorts_start_year_unique` ON `cohorts` (`start_year`);--> statement-breakpoint
CREATE TABLE `milestones` (
	`id` text PRIMARY KEY NOT NULL,
	`schedule_id` text NOT NULL,
	`name` text NOT NULL,
	`declaration_type` text NOT NULL,
	`start_date` text NOT NULL,
	`milestone_date` text,
	`payment_date` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `milestones_schedule_type_unique` ON `milestones` (`schedule_id`,`declaration_type`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`cohort_id` text NOT NULL,
	`schedule_identifier` text NOT NULL,
	`identifier_alias` text,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedules_identifier_cohort_unique` ON `schedules` (`schedule_identifier`,`cohort_id`);--> statement-breakpoint
CREATE INDEX `schedules_alias_idx` ON `schedules` (`identifier_alias`,`cohort_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_provider_id` text NOT NULL,
	`hashed_token` text NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hashed_token_unique` ON `api_tokens` (`hashed_token`);--> statement-breakpoint
CREATE INDEX `api_tokens_lead_provider_idx` ON `api_tokens` (`lead_provider_id`);--> statement-breakpoint
CREATE TABLE `delivery_partners` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`discarded_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `delivery_partners_created_at_idx` ON `delivery_partners` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `delivery_partners_updated_at_idx` ON `delivery_partners` (`updated_at`,`id`);--> statement-breakpoint
CREATE TABLE `lead_provider_cohorts` (
	`lead_provider_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lead_provider_cohorts_unique` ON `lead_provider_cohorts` (`lead_provider_id`,`cohort_id`);--> statement-breakpoint
CREATE TABLE `lead_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lead_providers_name_unique` ON `lead_providers` (`name`);--> statement-breakpoint
CREATE TABLE `provider_relationships` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_provider_id` text NOT NULL,
	`delivery_partner_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	`discarded_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delivery_partner_id`) REFERENCES `delivery_partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `provider_relationships_lp_dp_idx` ON `provider_relationships` (`lead_provider_id`,`delivery_partner_id`,`cohort_id`);--> statement-breakpoint
CREATE INDEX `provider_relationships_dp_idx` ON `provider_relationships` (`delivery_partner_id`);--> statement-breakpoint
CREATE TABLE `induction_coordinators` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `induction_coordinators_school_user_unique` ON `induction_coordinators` (`school_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `induction_coordinators_user_idx` ON `induction_coordinators` (`user_id`);--> statement-breakpoint
CREATE TABLE `induction_programmes` (
	`id` text PRIMARY KEY NOT NULL,
	`school_cohort_id` text NOT NULL,
	`partnership_id` text,
	`training_programme` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_cohort_id`) REFERENCES `school_cohorts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `induction_programmes_school_cohort_idx` ON `induction_programmes` (`school_cohort_id`);--> statement-breakpoint
CREATE INDEX `induction_programmes_partnership_idx` ON `induction_programmes` (`partnership_id`);--> statement-breakpoint
CREATE TABLE `partnerships` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`lead_provider_id` text NOT NULL,
	`delivery_partner_id` text,
	`cohort_id` text NOT NULL,
	`challenged_at` integer,
	`challenge_reason` text,
	`challenge_deadline` integer,
	`pending` integer DEFAULT false NOT NULL,
	`relationship` integer DEFAULT false NOT NULL,
	`report_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`api_updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delivery_partner_id`) REFERENCES `delivery_partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partnerships_active_school_cohort_unique` ON `partnerships` (`school_id`,`cohort_id`) WHERE relationship = 0 AND challenge_reason IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `partnerships_lp_school_cohort_unique` ON `partnerships` (`lead_provider_id`,`school_id`,`cohort_id`) WHERE relationship = 0;--> statement-breakpoint
CREATE INDEX `partnerships_lp_created_idx` ON `partnerships` (`lead_provider_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `partnerships_lp_api_updated_idx` ON `partnerships` (`lead_provider_id`,`api_updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `partnerships_school_cohort_idx` ON `partnerships` (`school_id`,`cohort_id`);--> statement-breakpoint
CREATE INDEX `partnerships_dp_idx` ON `partnerships` (`delivery_partner_id`);--> statement-breakpoint
CREATE TABLE `school_cohorts` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	`induction_programme_choice` text NOT NULL,
	`default_induction_programme_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `school_cohorts_school_cohort_unique` ON `school_cohorts` (`school_id`,`cohort_id`);--> statement-breakpoint
CREATE INDEX `school_cohorts_cohort_updated_idx` ON `school_cohorts` (`cohort_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `schools` (
	`id` text PRIMARY KEY NOT NULL,
	`urn` text NOT NULL,
	`name` text NOT NULL,
	`school_status_code` text NOT NULL,
	`school_type_code` text NOT NULL,
	`administrative_district_code` text NOT NULL,
	`section_41_approved` integer DEFAULT false NOT NULL,
	`primary_contact_email` text,
	`secondary_contact_email` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schools_urn_unique` ON `schools` (`urn`);--> statement-breakpoint
CREATE INDEX `schools_created_at_idx` ON `schools` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `schools_updated_at_idx` ON `schools` (`updated_at`,`id`);--> statement-breakpoint
CREATE TABLE `induction_records` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_profile_id` text NOT NULL,
	`induction_programme_id` text NOT NULL,
	`schedule_id` text NOT NULL,
	`mentor_profile_id` text,
	`preferred_identity_id` text,
	`induction_status` text NOT NULL,
	`training_status` text NOT NULL,
	`start_date` integer NOT NULL,
	`end_date` integer,
	`school_transfer` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`participant_profile_id`) REFERENCES `participant_profiles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `induction_records_profile_idx` ON `induction_records` (`participant_profile_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `induction_records_programme_idx` ON `induction_records` (`induction_programme_id`);--> statement-breakpoint
CREATE INDEX `induction_records_mentor_idx` ON `induction_records` (`mentor_profile_id`);--> statement-breakpoint
CREATE TABLE `participant_eligibilities` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_profile_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text DEFAULT 'none' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`participant_profile_id`) REFERENCES `participant_profiles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participant_eligibilities_profile_unique` ON `participant_eligibilities` (`participant_profile_id`);--> statement-breakpoint
CREATE TABLE `participant_id_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`from_participant_id` text NOT NULL,
	`to_participant_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participant_id_changes_user_idx` ON `participant_id_changes` (`user_id`);--> statement-breakpoint
CREATE INDEX `participant_id_changes_from_idx` ON `participant_id_changes` (`from_participant_id`);--> statement-breakpoint
CREATE TABLE `participant_identities` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`email` text NOT NULL,
	`external_identifier` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participant_identities_email_unique` ON `participant_identities` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `participant_identities_external_identifier_unique` ON `participant_identities` (`external_identifier`);--> statement-breakpoint
CREATE INDEX `participant_identities_user_idx` ON `participant_identities` (`user_id`);--> statement-breakpoint
CREATE TABLE `participant_profile_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_profile_id` text NOT NULL,
	`schedule_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`participant_profile_id`) REFERENCES `participant_profiles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participant_profile_schedules_profile_idx` ON `participant_profile_schedules` (`participant_profile_id`);--> statement-breakpoint
CREATE TABLE `participant_profile_states` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_profile_id` text NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`lead_provider_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`participant_profile_id`) REFERENCES `participant_profiles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participant_profile_states_profile_idx` ON `participant_profile_states` (`participant_profile_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `participant_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`user_id` text NOT NULL,
	`participant_identity_id` text NOT NULL,
	`school_cohort_id` text NOT NULL,
	`schedule_id` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`training_status` text DEFAULT 'active' NOT NULL,
	`pupil_premium_uplift` integer DEFAULT false NOT NULL,
	`sparsity_uplift` integer DEFAULT false NOT NULL,
	`induction_start_date` text,
	`induction_completion_date` text,
	`mentor_completion_date` text,
	`mentor_completion_reason` text,
	`cohort_changed_after_payments_frozen` integer DEFAULT false NOT NULL,
	`mentor_profile_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_identity_id`) REFERENCES `participant_identities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `participant_profiles_user_idx` ON `participant_profiles` (`user_id`);--> statement-breakpoint
CREATE INDEX `participant_profiles_identity_idx` ON `participant_profiles` (`participant_identity_id`);--> statement-breakpoint
CREATE INDEX `participant_profiles_mentor_idx` ON `participant_profiles` (`mentor_profile_id`);--> statement-breakpoint
CREATE INDEX `participant_profiles_school_cohort_idx` ON `participant_profiles` (`school_cohort_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`full_name` text NOT NULL,
	`email` text NOT NULL,
	`trn` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`api_updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_created_at_idx` ON `users` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `users_api_updated_at_idx` ON `users` (`api_updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `users_trn_idx` ON `users` (`trn`);--> statement-breakpoint
CREATE TABLE `declaration_states` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_declaration_id` text NOT NULL,
	`state` text NOT NULL,
	`state_reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`participant_declaration_id`) REFERENCES `participant_declarations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `declaration_states_declaration_idx` ON `declaration_states` (`participant_declaration_id`);--> statement-breakpoint
CREATE TABLE `participant_declarations` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`participant_profile_id` text NOT NULL,
	`lead_provider_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	`declaration_type` text NOT NULL,
	`declaration_date` integer NOT NULL,
	`course_identifier` text NOT NULL,
	`evidence_held` text,
	`state` text NOT NULL,
	`state_reason` text,
	`delivery_partner_id` text,
	`mentor_user_id` text,
	`pupil_premium_uplift` integer DEFAULT false NOT NULL,
	`sparsity_uplift` integer DEFAULT false NOT NULL,
	`superseded_by_id` text,
	`voided_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_profile_id`) REFERENCES `participant_profiles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delivery_partner_id`) REFERENCES `delivery_partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participant_declarations_billable_slot_unique` ON `participant_declarations` (`user_id`,`course_identifier`,`declaration_type`) WHERE state IN ('submitted', 'eligible', 'payable', 'paid');--> statement-breakpoint
CREATE INDEX `participant_declarations_lp_created_idx` ON `participant_declarations` (`lead_provider_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `participant_declarations_lp_updated_idx` ON `participant_declarations` (`lead_provider_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `participant_declarations_profile_idx` ON `participant_declarations` (`participant_profile_id`);--> statement-breakpoint
CREATE INDEX `participant_declarations_user_idx` ON `participant_declarations` (`user_id`);--> statement-breakpoint
CREATE TABLE `statement_line_items` (
	`id` text PRIMARY KEY NOT NULL,
	`statement_id` text NOT NULL,
	`participant_declaration_id` text NOT NULL,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_declaration_id`) REFERENCES `participant_declarations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statement_line_items_billable_unique` ON `statement_line_items` (`participant_declaration_id`) WHERE state IN ('eligible', 'payable', 'paid');--> statement-breakpoint
CREATE UNIQUE INDEX `statement_line_items_refundable_unique` ON `statement_line_items` (`participant_declaration_id`) WHERE state IN ('awaiting_clawback', 'clawed_back');--> statement-breakpoint
CREATE INDEX `statement_line_items_statement_idx` ON `statement_line_items` (`statement_id`,`state`);--> statement-breakpoint
CREATE TABLE `statements` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_provider_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	`name` text NOT NULL,
	`deadline_date` text NOT NULL,
	`payment_date` text NOT NULL,
	`output_fee` integer NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`marked_as_paid_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`lead_provider_id`) REFERENCES `lead_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statements_lp_cohort_name_unique` ON `statements` (`lead_provider_id`,`cohort_id`,`name`);--> statement-breakpoint
CREATE INDEX `statements_lp_payment_idx` ON `statements` (`lead_provider_id`,`output_fee`,`payment_date`,`id`);--> statement-breakpoint
CREATE INDEX `statements_lp_cohort_deadline_idx` ON `statements` (`lead_provider_id`,`cohort_id`,`state`,`deadline_date`);--> statement-breakpoint
CREATE TABLE `emails` (
	`id` text PRIMARY KEY NOT NULL,
	`template` text NOT NULL,
	`to` text NOT NULL,
	`personalisation` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`subject_type` text,
	`subject_id` text,
	`notify_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `emails_status_idx` ON `emails` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `emails_subject_idx` ON `emails` (`subject_type`,`subject_id`);