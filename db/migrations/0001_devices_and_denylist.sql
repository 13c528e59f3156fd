CREATE TABLE `jwt_denylist` (
	`key` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`revoked_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jwt_denylist_expiry_idx` ON `jwt_denylist` (`expires_at`);--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `access_issued_at` integer;