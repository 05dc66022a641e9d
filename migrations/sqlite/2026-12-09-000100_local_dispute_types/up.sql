-- Issue 13: admins add local dispute types (a district's own names, such as
-- 加装电梯纠纷 or 停车位纠纷) beside the 19 statutory ones. Every local type
-- counts as one statutory type, named in `maps_to`, and a case keeps both:
-- `dispute_type` stays the statutory code (statistics, counters, the city
-- hand-off), `local_type` the local row it was filed under. A statutory row
-- has no `maps_to`: it counts as itself.
ALTER TABLE dispute_types ADD COLUMN maps_to TEXT
    CHECK (maps_to IS NULL OR maps_to IN ('marriage_family', 'neighbour', 'housing', 'contract', 'business',
        'damages', 'forest_land', 'expropriation', 'pollution', 'labour', 'consumer', 'medical', 'traffic',
        'property_management', 'tourism', 'intellectual_property', 'internet', 'village_affairs', 'other'));
ALTER TABLE cases ADD COLUMN local_type TEXT REFERENCES dispute_types (code);
