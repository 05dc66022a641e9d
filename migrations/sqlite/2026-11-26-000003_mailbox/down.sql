DROP TRIGGER IF EXISTS letter_events_no_update;
DROP TRIGGER IF EXISTS letter_events_no_delete;
DROP TABLE letter_supports;
DROP TABLE letter_events;
DROP TABLE letter_photos;
DROP TABLE letters;
DROP TABLE letter_categories;
