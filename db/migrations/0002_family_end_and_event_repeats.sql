ALTER TABLE `auth_events` ADD `repeat_count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `auth_events` ADD `last_at` integer;--> statement-breakpoint
CREATE INDEX `auth_events_at_idx` ON `auth_events` (`at`);--> statement-breakpoint
CREATE INDEX `auth_events_type_at_idx` ON `auth_events` (`type`,`at`);--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `family_expires_at` integer;--> statement-breakpoint
-- Existing JWT logins get the default hard end (30 days after their family's first
-- token), never earlier than any token the family holds now: an upgrade logs nobody out.
UPDATE `refresh_tokens` SET `family_expires_at` = (
  SELECT MAX(MAX(f.`expires_at`), MIN(f.`issued_at`) + 2592000000)
  FROM `refresh_tokens` AS f WHERE f.`family_id` = `refresh_tokens`.`family_id`
) WHERE `family_expires_at` IS NULL;
