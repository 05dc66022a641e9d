DROP TABLE project_headlines;
