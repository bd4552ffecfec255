ALTER TABLE `plugin_health` ADD `quarantined_at` integer;--> statement-breakpoint
ALTER TABLE `plugin_health` ADD `crashes` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `plugin_health` ADD `restarts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `plugin_health` ADD `last_kill_reason` text;--> statement-breakpoint
ALTER TABLE `plugin_health` ADD `last_kill_at` integer;