DROP TABLE letter_pending_photos;
