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
