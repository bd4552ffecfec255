CREATE TABLE `saved_repositories` (
	`url` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `store_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`url` text,
	`body` text,
	`etag` text,
	`last_modified` text,
	`fetched_at` integer,
	`expires_at` integer,
	`attempted_at` integer,
	`failures` integer DEFAULT 0 NOT NULL,
	`backoff_until` integer,
	`last_error_code` text,
	`last_error` text,
	`last_error_at` integer
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`delivery_id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`received_at` integer NOT NULL,
	`operation_id` text
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_received_at` ON `webhook_deliveries` (`received_at`);