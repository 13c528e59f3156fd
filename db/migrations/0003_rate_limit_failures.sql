CREATE TABLE `rate_limit_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_key_at_idx` ON `rate_limit_failures` (`key`,`at`);--> statement-breakpoint
CREATE INDEX `rate_limit_at_idx` ON `rate_limit_failures` (`at`);