ALTER TABLE notification_opt_outs DROP COLUMN set_by_user_id;
