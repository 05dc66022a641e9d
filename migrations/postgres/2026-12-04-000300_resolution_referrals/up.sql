-- Issue 16: the resolution centre's organisations, the triage rule table
-- and referrals tracked to their outcome. Codes are the domain
-- vocabularies (domain::resolution); times are Unix seconds.

-- Every organisation a dispute can be referred to, located in the place
-- hierarchy. dispute_types lists the type codes it takes, comma-separated
-- (empty: any), because it is read whole and only shown and matched in Rust.
CREATE TABLE resolution_orgs (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL CHECK (channel IN ('community_committee', 'street_committee', 'enterprise_committee',
        'sector_committee', 'administrative', 'lawyer_studio', 'court_pre_litigation', 'labour_arbitration',
        'commercial_arbitration', 'legal_aid', 'petition_office', 'notary')),
    sector TEXT CHECK (sector IN ('property', 'medical', 'traffic', 'labour', 'finance')),
    place_id TEXT NOT NULL REFERENCES places (id),
    contact_phone TEXT NOT NULL,
    address TEXT NOT NULL,
    hours TEXT NOT NULL,
    dispute_types TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- A professional committee names its sector; no other channel has one.
    CHECK ((channel = 'sector_committee') = (sector IS NOT NULL))
);
CREATE INDEX resolution_orgs_by_channel ON resolution_orgs (channel, name);

-- The triage rule table (domain::resolution::triage): rows read by
-- position; an empty condition holds for every dispute.
CREATE TABLE triage_rules (
    id TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL,
    dispute_type TEXT,
    min_amount BIGINT,
    max_amount BIGINT,
    place_id TEXT REFERENCES places (id),
    party_kind TEXT CHECK (party_kind IN ('person', 'organisation')),
    channel TEXT NOT NULL,
    sector TEXT,
    reason_zh TEXT NOT NULL,
    reason_en TEXT NOT NULL
);

-- The seeded defaults (admins may edit them later).
INSERT INTO triage_rules (id, position, dispute_type, min_amount, max_amount, place_id, party_kind, channel, sector, reason_zh, reason_en) VALUES
('default-10', 10, 'labour', NULL, NULL, NULL, NULL, 'labour_arbitration', NULL,
 '劳动报酬等劳动争议，仲裁是诉讼前的必经程序', 'Labour disputes such as unpaid wages must go to arbitration before court'),
('default-20', 20, 'labour', NULL, NULL, NULL, NULL, 'sector_committee', 'labour',
 '劳动争议调解委员会可先行调解', 'The labour-dispute mediation committee can mediate first'),
('default-30', 30, 'property_management', NULL, NULL, NULL, NULL, 'sector_committee', 'property',
 '物业纠纷由物业纠纷人民调解委员会专业调解', 'Property-management disputes go to the property mediation committee'),
('default-40', 40, 'medical', NULL, NULL, NULL, NULL, 'sector_committee', 'medical',
 '医疗纠纷由医疗纠纷人民调解委员会调解', 'Medical disputes go to the medical mediation committee'),
('default-50', 50, 'traffic', NULL, NULL, NULL, NULL, 'sector_committee', 'traffic',
 '道路交通事故损害赔偿由道交调委会调解', 'Road-traffic damages go to the traffic mediation committee'),
('default-60', 60, 'contract', NULL, NULL, NULL, 'organisation', 'sector_committee', 'finance',
 '一方为金融机构的借款、信用卡、保险合同纠纷，由金融纠纷调解委员会调解', 'Loan, card or insurance disputes with a financial institution go to the financial mediation committee'),
('default-70', 70, NULL, 1000000, NULL, NULL, NULL, 'court_pre_litigation', NULL,
 '标的额在100万元以上，建议法院诉前调解，便于衔接诉讼', 'A claim of ¥1,000,000 or more is best mediated before litigation at the court'),
('default-80', 80, 'business', NULL, NULL, NULL, 'organisation', 'commercial_arbitration', NULL,
 '企业之间的商事纠纷可约定商事仲裁', 'Commercial disputes between firms can go to commercial arbitration'),
('default-90', 90, 'neighbour', NULL, NULL, NULL, NULL, 'community_committee', NULL,
 '邻里纠纷就近由村（社区）调委会化解', 'Neighbour disputes are best settled by the local community committee'),
('default-91', 91, 'marriage_family', NULL, NULL, NULL, NULL, 'community_committee', NULL,
 '婚姻家庭纠纷就近由村（社区）调委会化解', 'Family disputes are best settled by the local community committee'),
('default-95', 95, NULL, NULL, 5000, NULL, NULL, 'legal_aid', NULL,
 '小额纠纷当事人可申请法律援助咨询', 'Parties to a small claim can ask legal aid for advice'),
('default-99', 99, NULL, NULL, NULL, NULL, NULL, 'street_committee', NULL,
 '其他纠纷由街道人民调解委员会受理', 'Other disputes go to the street mediation committee');

-- A referral of a case to an organisation. version guards every change
-- (UPDATE … WHERE id AND version); deadlines are the instants they end.
CREATE TABLE referrals (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    org_id TEXT NOT NULL REFERENCES resolution_orgs (id),
    state TEXT NOT NULL CHECK (state IN ('sent', 'accepted', 'returned', 'outcome_reported', 'closed')),
    version INTEGER NOT NULL,
    reason TEXT NOT NULL,
    amount BIGINT,
    sent_by TEXT REFERENCES users (id),
    sent_at BIGINT NOT NULL,
    accept_by BIGINT NOT NULL,
    report_days INTEGER NOT NULL,
    accepted_at BIGINT,
    report_by BIGINT,
    returned_reason TEXT NOT NULL DEFAULT '',
    outcome TEXT CHECK (outcome IN ('agreement', 'judgment', 'award', 'withdrawn', 'not_resolved')),
    outcome_at BIGINT,
    closed_at BIGINT,
    escalations INTEGER NOT NULL DEFAULT 0,
    last_escalated_at BIGINT,
    updated_at BIGINT NOT NULL
);
-- A case is in one organisation's hands at a time: a second referral
-- while one is open fails here even when two staff refer at once.
CREATE UNIQUE INDEX referrals_one_open_per_case ON referrals (case_id) WHERE state IN ('sent', 'accepted', 'outcome_reported');
CREATE INDEX referrals_by_case ON referrals (case_id, sent_at);
CREATE INDEX referrals_by_state ON referrals (state, accept_by);
CREATE INDEX referrals_by_org ON referrals (org_id, state);

-- The referral's timeline; rows are only ever inserted.
CREATE TABLE referral_events (
    id TEXT PRIMARY KEY NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    kind TEXT NOT NULL CHECK (kind IN ('sent', 'accept', 'return', 'report_outcome', 'close', 'escalate')),
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    actor_label TEXT NOT NULL,
    at BIGINT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX referral_events_by_referral ON referral_events (referral_id, id);
