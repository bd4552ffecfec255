CREATE TABLE `backup_restores` (
	`op_id` text PRIMARY KEY NOT NULL,
	`applied_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `panel_notices` (
	`key` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`color` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer
);
--> statement-breakpoint
CREATE TABLE `process_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process` text NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`outcome` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `process_runs_process` ON `process_runs` (`process`,`id`);--> statement-breakpoint
CREATE TABLE `safe_mode` (
	`id` integer PRIMARY KEY NOT NULL,
	`active` integer NOT NULL,
	`process` text,
	`reason` text,
	`entered_at` integer,
	`clean_since` integer,
	`left_at` integer,
	`left_by` text,
	CONSTRAINT "safe_mode_single" CHECK("safe_mode"."id" = 1)
);
