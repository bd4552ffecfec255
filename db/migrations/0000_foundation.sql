CREATE TABLE `heartbeats` (
	`process` text PRIMARY KEY NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`beat_at` integer NOT NULL,
	`info` text DEFAULT '{}' NOT NULL
);
