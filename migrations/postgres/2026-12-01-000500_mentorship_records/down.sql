DROP TABLE debriefs;
DROP TABLE oral_reviews;
DROP TABLE review_comments;
