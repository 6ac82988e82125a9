-- What the API shows of a resource often comes from other rows (a partnership shows its school,
-- delivery partner and induction tutor; a school shows whether it is in a partnership). Missed
-- changes with `updated_since` were the reference service's most repeated bug, so the database
-- itself moves the API-facing timestamps whenever one of those rows changes: no code path can
-- forget. Timestamps come from the changed row (which the service set from the request's clock).

-- Partnerships show their school's URN and contact email.
CREATE TRIGGER `partnerships_follow_school` AFTER UPDATE ON `schools`
WHEN NEW.`updated_at` <> OLD.`updated_at`
BEGIN
  UPDATE `partnerships` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`) WHERE `school_id` = NEW.`id`;
END;
--> statement-breakpoint
-- ... and their delivery partner's name.
CREATE TRIGGER `partnerships_follow_delivery_partner` AFTER UPDATE ON `delivery_partners`
WHEN NEW.`updated_at` <> OLD.`updated_at`
BEGIN
  UPDATE `partnerships` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`) WHERE `delivery_partner_id` = NEW.`id`;
END;
--> statement-breakpoint
-- ... and the school's induction tutor: a new one,
CREATE TRIGGER `partnerships_follow_new_induction_tutor` AFTER INSERT ON `induction_coordinators`
BEGIN
  UPDATE `partnerships` SET `api_updated_at` = max(`api_updated_at`, NEW.`created_at`) WHERE `school_id` = NEW.`school_id`;
END;
--> statement-breakpoint
-- a removed one (no timestamp on the removed row, so the database clock),
CREATE TRIGGER `partnerships_follow_removed_induction_tutor` AFTER DELETE ON `induction_coordinators`
BEGIN
  UPDATE `partnerships` SET `api_updated_at` = max(`api_updated_at`, CAST(unixepoch('subsec') * 1000 AS INTEGER)) WHERE `school_id` = OLD.`school_id`;
END;
--> statement-breakpoint
-- or a change to the tutor's name or email.
CREATE TRIGGER `partnerships_follow_induction_tutor_details` AFTER UPDATE OF `full_name`, `email` ON `users`
BEGIN
  UPDATE `partnerships` SET `api_updated_at` = max(`api_updated_at`, NEW.`updated_at`)
  WHERE `school_id` IN (SELECT `school_id` FROM `induction_coordinators` WHERE `user_id` = NEW.`id`);
END;
--> statement-breakpoint
-- Schools show `in_partnership` per cohort: a partnership confirmed, challenged or moved touches
-- the school's row for that cohort.
CREATE TRIGGER `school_cohorts_follow_new_partnership` AFTER INSERT ON `partnerships`
BEGIN
  UPDATE `school_cohorts` SET `updated_at` = max(`updated_at`, NEW.`updated_at`)
  WHERE `school_id` = NEW.`school_id` AND `cohort_id` = NEW.`cohort_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `school_cohorts_follow_partnership_change` AFTER UPDATE OF `challenge_reason`, `challenged_at`, `relationship`, `school_id`, `cohort_id` ON `partnerships`
BEGIN
  UPDATE `school_cohorts` SET `updated_at` = max(`updated_at`, NEW.`updated_at`)
  WHERE (`school_id` = NEW.`school_id` AND `cohort_id` = NEW.`cohort_id`)
     OR (`school_id` = OLD.`school_id` AND `cohort_id` = OLD.`cohort_id`);
END;
