-- A participant's `updated_at` (users.api_updated_at) must move whenever anything the API shows
-- of them changes: profiles, identities (email), induction records (school, mentor, schedule,
-- statuses), provider actions, DfE's validation, merged ids, and their school's URN or
-- partnership. As with partnerships (0001), the database does it, so no code path can forget.

CREATE TRIGGER `participant_follows_new_profile` AFTER INSERT ON `participant_profiles`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`) WHERE `id` = NEW.`user_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_profile` AFTER UPDATE ON `participant_profiles`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`) WHERE `id` IN (NEW.`user_id`, OLD.`user_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_new_identity` AFTER INSERT ON `participant_identities`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`) WHERE `id` = NEW.`user_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_identity` AFTER UPDATE ON `participant_identities`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`) WHERE `id` IN (NEW.`user_id`, OLD.`user_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_new_induction_record` AFTER INSERT ON `induction_records`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`)
  WHERE `id` = (SELECT `user_id` FROM `participant_profiles` WHERE `id` = NEW.`participant_profile_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_induction_record` AFTER UPDATE ON `induction_records`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`)
  WHERE `id` = (SELECT `user_id` FROM `participant_profiles` WHERE `id` = NEW.`participant_profile_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_state` AFTER INSERT ON `participant_profile_states`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`created_at`)
  WHERE `id` = (SELECT `user_id` FROM `participant_profiles` WHERE `id` = NEW.`participant_profile_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_new_eligibility` AFTER INSERT ON `participant_eligibilities`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`)
  WHERE `id` = (SELECT `user_id` FROM `participant_profiles` WHERE `id` = NEW.`participant_profile_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_eligibility` AFTER UPDATE ON `participant_eligibilities`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`)
  WHERE `id` = (SELECT `user_id` FROM `participant_profiles` WHERE `id` = NEW.`participant_profile_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `participant_follows_id_change` AFTER INSERT ON `participant_id_changes`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`created_at`) WHERE `id` = NEW.`user_id`;
END;
--> statement-breakpoint
-- The school's URN is shown on every enrolment placed there.
CREATE TRIGGER `participants_follow_school_urn` AFTER UPDATE OF `urn` ON `schools`
WHEN NEW.`urn` <> OLD.`urn`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`)
  WHERE `id` IN (
    SELECT pp.`user_id` FROM `school_cohorts` sc
    JOIN `induction_programmes` ip ON ip.`school_cohort_id` = sc.`id`
    JOIN `induction_records` ir ON ir.`induction_programme_id` = ip.`id`
    JOIN `participant_profiles` pp ON pp.`id` = ir.`participant_profile_id`
    WHERE sc.`school_id` = NEW.`id`
  );
END;
--> statement-breakpoint
-- A partnership challenged, re-confirmed or given another delivery partner changes who sees the
-- participants placed under it, and their `delivery_partner_id`.
CREATE TRIGGER `participants_follow_partnership` AFTER UPDATE OF `delivery_partner_id`, `challenge_reason`, `challenged_at`, `lead_provider_id` ON `partnerships`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`)
  WHERE `id` IN (
    SELECT pp.`user_id` FROM `induction_programmes` ip
    JOIN `induction_records` ir ON ir.`induction_programme_id` = ip.`id`
    JOIN `participant_profiles` pp ON pp.`id` = ir.`participant_profile_id`
    WHERE ip.`partnership_id` = NEW.`id`
  );
END;
--> statement-breakpoint
-- A school's programme moving to another partnership moves its participants with it.
CREATE TRIGGER `participants_follow_programme` AFTER UPDATE OF `partnership_id` ON `induction_programmes`
BEGIN
  UPDATE `users` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`)
  WHERE `id` IN (
    SELECT pp.`user_id` FROM `induction_records` ir
    JOIN `participant_profiles` pp ON pp.`id` = ir.`participant_profile_id`
    WHERE ir.`induction_programme_id` = NEW.`id`
  );
END;
