DROP TABLE ballots;
DROP TABLE opinion_items;
DROP TABLE opinions;
DROP TABLE project_items;
DROP TABLE projects;
DROP TABLE menu_items;
DROP TABLE household_codes;
DROP TABLE households;
