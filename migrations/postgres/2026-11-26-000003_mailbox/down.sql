DROP TABLE letter_supports;
DROP TABLE letter_events;
DROP FUNCTION letter_events_append_only() CASCADE;
DROP TABLE letter_photos;
DROP TABLE letters;
DROP TABLE letter_categories;
