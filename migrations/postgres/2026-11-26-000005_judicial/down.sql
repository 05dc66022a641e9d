DROP TABLE judicial_confirmations;
