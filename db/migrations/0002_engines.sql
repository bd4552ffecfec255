DROP TABLE `reconcile_repairs`;--> statement-breakpoint
DROP TABLE `reconcile_runs`;--> statement-breakpoint
ALTER TABLE `store_cache` DROP COLUMN `backoff_until`;