DROP TABLE notification_opt_outs;
DROP TABLE notifications;
