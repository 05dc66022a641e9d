DROP INDEX letters_public_by_category;
DROP INDEX letters_public_by_id;
