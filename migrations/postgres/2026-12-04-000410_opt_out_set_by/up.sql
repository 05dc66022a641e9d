-- Who stopped the messages: the account that switched them off on 我的, or
-- NULL for the stop link in a message (whoever holds the phone). An account
-- can only undo its own opt-out, so signing up with someone else's number
-- cannot turn their messages back on.
ALTER TABLE notification_opt_outs ADD COLUMN set_by_user_id TEXT;
