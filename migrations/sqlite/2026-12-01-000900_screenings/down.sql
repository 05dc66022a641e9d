DROP TABLE screenings;
