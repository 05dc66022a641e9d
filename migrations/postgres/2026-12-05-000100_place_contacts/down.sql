DROP TABLE place_contacts;
