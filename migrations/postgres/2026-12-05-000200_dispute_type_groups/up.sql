-- Issue 14, item 10: the application form offers the 19 statutory dispute
-- types in a few groups a resident recognises, each with a plain-words hint
-- ("noise, leaks, shared stairs …"), so nobody has to know the legal names.
-- The group is a closed vocabulary (`domain::mediation::DisputeGroup`); the
-- hints are text the admins may reword like the labels.
ALTER TABLE dispute_types ADD COLUMN group_code TEXT NOT NULL DEFAULT 'other'
    CHECK (group_code IN ('family_neighbours', 'home_land', 'money_trade', 'harm_accidents', 'work',
                          'village', 'other'));
ALTER TABLE dispute_types ADD COLUMN hint_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE dispute_types ADD COLUMN hint_en TEXT NOT NULL DEFAULT '';

UPDATE dispute_types SET group_code = 'family_neighbours', hint_zh = '离婚、赡养老人、抚养子女、家庭财产、继承', hint_en = 'divorce, care of parents or children, family property, inheritance' WHERE code = 'marriage_family';
UPDATE dispute_types SET group_code = 'family_neighbours', hint_zh = '噪音、漏水、占用楼道、采光通风、宠物', hint_en = 'noise, leaks, blocked stairs, light and air, pets' WHERE code = 'neighbour';
UPDATE dispute_types SET group_code = 'home_land', hint_zh = '房屋买卖租赁、装修、宅基地、房屋边界', hint_en = 'buying or renting a home, building work, house plots, boundaries' WHERE code = 'housing';
UPDATE dispute_types SET group_code = 'home_land', hint_zh = '山林、耕地、承包地的使用和边界', hint_en = 'use and boundaries of woods, fields and contracted land' WHERE code = 'forest_land';
UPDATE dispute_types SET group_code = 'home_land', hint_zh = '征收补偿、拆迁安置', hint_en = 'compensation and rehousing when land or homes are taken' WHERE code = 'expropriation';
UPDATE dispute_types SET group_code = 'home_land', hint_zh = '物业费、电梯维修、公共区域、停车', hint_en = 'service charges, lift repairs, shared areas, parking' WHERE code = 'property_management';
UPDATE dispute_types SET group_code = 'money_trade', hint_zh = '借钱不还、欠款、买卖或服务约定没有兑现', hint_en = 'unpaid loans or debts, a deal or service not delivered' WHERE code = 'contract';
UPDATE dispute_types SET group_code = 'money_trade', hint_zh = '合伙做生意、店铺经营、种植养殖', hint_en = 'business partners, shops, farming and breeding' WHERE code = 'business';
UPDATE dispute_types SET group_code = 'money_trade', hint_zh = '买到假货次品、退换货、预付卡', hint_en = 'faulty or fake goods, refunds, prepaid cards' WHERE code = 'consumer';
UPDATE dispute_types SET group_code = 'money_trade', hint_zh = '旅行社、导游、景区', hint_en = 'travel agencies, guides, sights' WHERE code = 'tourism';
UPDATE dispute_types SET group_code = 'money_trade', hint_zh = '商标、专利、作品被别人使用', hint_en = 'someone using your brand, invention or work' WHERE code = 'intellectual_property';
UPDATE dispute_types SET group_code = 'money_trade', hint_zh = '网购、网上平台、网络上的言论', hint_en = 'online shopping, platforms, things said online' WHERE code = 'internet';
UPDATE dispute_types SET group_code = 'harm_accidents', hint_zh = '人身受伤、财物损坏要求赔偿', hint_en = 'injury or damaged belongings, asking for compensation' WHERE code = 'damages';
UPDATE dispute_types SET group_code = 'harm_accidents', hint_zh = '看病治疗中出现的问题', hint_en = 'problems with medical treatment' WHERE code = 'medical';
UPDATE dispute_types SET group_code = 'harm_accidents', hint_zh = '车辆碰撞、行人被撞', hint_en = 'vehicles colliding, people hit on the road' WHERE code = 'traffic';
UPDATE dispute_types SET group_code = 'harm_accidents', hint_zh = '油烟、噪声扰民、污水、垃圾', hint_en = 'cooking fumes, loud machinery, sewage, rubbish' WHERE code = 'pollution';
UPDATE dispute_types SET group_code = 'work', hint_zh = '拖欠工资、工伤、辞退', hint_en = 'unpaid wages, injuries at work, dismissal' WHERE code = 'labour';
UPDATE dispute_types SET group_code = 'village', hint_zh = '村（居）集体事务、集体收益分配', hint_en = 'village or community affairs, sharing collective income' WHERE code = 'village_affairs';
UPDATE dispute_types SET group_code = 'other', hint_zh = '以上都不是', hint_en = 'none of the above' WHERE code = 'other';
