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
