DROP TABLE debrief_method_tags;
DROP TABLE case_method_tags;
DROP TABLE method_tags;
