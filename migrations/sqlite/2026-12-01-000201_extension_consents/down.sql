DROP TABLE case_extension_consents;
DROP TABLE case_extensions;
