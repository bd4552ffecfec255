CREATE TABLE `config_history` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`reason` text,
	`changed_sections` text,
	`main_sha` text NOT NULL,
	`secrets_sha` text NOT NULL,
	`main_bytes` integer NOT NULL,
	`secrets_bytes` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `config_texts` (
	`sha` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL
);
