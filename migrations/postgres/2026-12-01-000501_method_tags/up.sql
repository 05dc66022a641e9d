-- Issue 12: working methods (工作法) that cases and debriefs are tagged
-- with; admins keep the list (retired tags stay on what they tagged). The
-- tags feed the anonymised case library for training (DESIGN.md §6).
CREATE TABLE method_tags (
    id TEXT PRIMARY KEY NOT NULL,
    name_zh TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    retired BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE case_method_tags (
    case_id TEXT NOT NULL REFERENCES cases(id),
    tag_id TEXT NOT NULL REFERENCES method_tags(id),
    PRIMARY KEY (case_id, tag_id)
);
-- The library's "cases with this method", newest first.
CREATE INDEX case_method_tags_tag_idx ON case_method_tags (tag_id, case_id);

CREATE TABLE debrief_method_tags (
    debrief_id TEXT NOT NULL REFERENCES debriefs(id),
    tag_id TEXT NOT NULL REFERENCES method_tags(id),
    PRIMARY KEY (debrief_id, tag_id)
);

-- A starting list, in our own words; admins rename, add and retire.
INSERT INTO method_tags (id, name_zh, name_en, retired, created_at) VALUES
    ('separate-talks', '背对背分头谈', 'Separate talks with each side', FALSE, 0),
    ('elders', '请乡贤长者说和', 'Respected elders help reconcile', FALSE, 0),
    ('law-and-feeling', '讲法理也讲情理', 'Law and feeling together', FALSE, 0),
    ('site-visit', '到现场看一看', 'Look at the site together', FALSE, 0),
    ('cool-down', '先降温再协商', 'Cool down first, then negotiate', FALSE, 0),
    ('split-the-bill', '算明细账', 'Work through the figures item by item', FALSE, 0);
