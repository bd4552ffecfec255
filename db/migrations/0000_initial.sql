CREATE TABLE `heartbeats` (
	`process` text PRIMARY KEY NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`beat_at` integer NOT NULL,
	`info` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
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
CREATE INDEX `operations_finished` ON `operations` (`finished_at`);--> statement-breakpoint
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
CREATE INDEX `webhook_deliveries_received_at` ON `webhook_deliveries` (`received_at`);--> statement-breakpoint
CREATE TABLE `plugin_state` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`version` text,
	`source` text NOT NULL,
	`repo` text,
	`branch` text,
	`plugin_path` text,
	`path` text NOT NULL,
	`present` integer NOT NULL,
	`status` text NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`last_error` text,
	`last_error_at` integer,
	`author` text,
	`category` text,
	`description` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`local_only` integer DEFAULT false NOT NULL,
	`installed_at` integer,
	`files_updated_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `plugin_state_status` ON `plugin_state` (`status`);--> statement-breakpoint
CREATE TABLE `uninstalled` (
	`plugin_id` text PRIMARY KEY NOT NULL,
	`version` text,
	`source` text,
	`preserved_config` integer DEFAULT false NOT NULL,
	`uninstalled_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `display_commands` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`plugin_id` text,
	`created_at` integer NOT NULL,
	`handled_at` integer
);
--> statement-breakpoint
CREATE TABLE `display_on_demand` (
	`id` integer PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`plugin_id` text NOT NULL,
	`mode` text,
	`duration_s` integer,
	`pinned` integer DEFAULT false NOT NULL,
	`requested_at` integer NOT NULL,
	`expires_at` integer,
	CONSTRAINT "display_on_demand_single" CHECK("display_on_demand"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `plugin_cache` (
	`plugin_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`expires_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`plugin_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `plugin_health` (
	`plugin_id` text PRIMARY KEY NOT NULL,
	`circuit_state` text DEFAULT 'closed' NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`total_failures` integer DEFAULT 0 NOT NULL,
	`opened_at` integer,
	`last_error` text,
	`last_error_at` integer,
	`last_success_at` integer,
	`metrics` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL
);
