DROP TABLE court_entrustments;
