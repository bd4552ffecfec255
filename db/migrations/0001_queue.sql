CREATE TABLE `operation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operation_id` text NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`attempt` integer NOT NULL,
	`progress` real,
	`stage` text,
	`message` text,
	FOREIGN KEY (`operation_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `operation_events_by_operation` ON `operation_events` (`operation_id`,`id`);--> statement-breakpoint
CREATE TABLE `operations` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`params` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`run_at` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`progress` real DEFAULT 0 NOT NULL,
	`stage` text,
	`message` text,
	`result` text,
	`error_code` text,
	`error_message` text,
	`requested_by` text NOT NULL,
	`cancel_requested_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operations_one_pending_per_key` ON `operations` (`key`) WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX `operations_one_running_per_key` ON `operations` (`key`) WHERE status = 'running';--> statement-breakpoint
CREATE INDEX `operations_due` ON `operations` (`status`,`run_at`);--> statement-breakpoint
CREATE INDEX `operations_created` ON `operations` (`created_at`);--> statement-breakpoint
CREATE INDEX `operations_finished` ON `operations` (`finished_at`);