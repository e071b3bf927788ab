ALTER TABLE `certificates` ADD `signatory_name` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `signatory_title` text;