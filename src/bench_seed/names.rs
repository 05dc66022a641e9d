//! Names and texts for generated records: common Chinese surnames in
//! roughly their real proportions, so a search for a frequent name prefix
//! (王建, 李秀) finds as many parties as it would in a real district.

use super::rng::Rng;

/// (surname, weight ≈ per-mille of the population).
const SURNAMES: [(&str, u32); 30] = [
    ("王", 72),
    ("李", 72),
    ("张", 68),
    ("刘", 54),
    ("陈", 46),
    ("杨", 32),
    ("黄", 24),
    ("赵", 23),
    ("吴", 21),
    ("周", 20),
    ("徐", 17),
    ("孙", 15),
    ("马", 15),
    ("朱", 14),
    ("胡", 13),
    ("郭", 12),
    ("何", 12),
    ("罗", 11),
    ("高", 11),
    ("林", 10),
    ("谭", 9),
    ("唐", 9),
    ("冉", 6),
    ("邓", 8),
    ("冯", 7),
    ("曾", 7),
    ("彭", 7),
    ("蒋", 6),
    ("袁", 6),
    ("向", 5),
];

const GIVEN: [&str; 60] = [
    "建", "国", "华", "明", "秀", "英", "德", "平", "军", "强", "丽", "敏", "静", "芳", "勇", "杰", "伟", "刚", "红",
    "梅", "兰", "玉", "志", "文", "春", "桂", "永", "福", "海", "林", "小", "晓", "莉", "霞", "云", "涛", "波", "斌",
    "鹏", "飞", "洪", "成", "友", "琴", "珍", "淑", "凤", "燕", "娟", "亮", "超", "磊", "辉", "荣", "正", "学", "先",
    "光", "启", "容",
];

const ORGANISATIONS: [&str; 8] = [
    "物业服务有限公司",
    "装饰工程有限公司",
    "餐饮管理有限公司",
    "建筑劳务有限公司",
    "健身服务有限公司",
    "房地产经纪有限公司",
    "停车管理有限公司",
    "商贸有限公司",
];

const FIRMS: [&str; 10] = [
    "渝江", "嘉陵", "两江", "观音", "鸿运", "金桥", "山城", "巴渝", "朝天", "江北",
];

pub fn surname(rng: &mut Rng) -> &'static str {
    let weights: Vec<u32> = SURNAMES.iter().map(|s| s.1).collect();
    SURNAMES[rng.weighted(&weights)].0
}

/// A person: a surname and one or two given-name characters.
pub fn person(rng: &mut Rng) -> String {
    let mut name = surname(rng).to_owned();
    let first = *rng.pick(&GIVEN);
    name.push_str(first);
    if rng.chance(0.75) {
        let second = *rng.pick(&GIVEN);
        name.push_str(second);
    }
    name
}

pub fn organisation(rng: &mut Rng) -> String {
    format!("重庆{}{}", rng.pick(&FIRMS), rng.pick(&ORGANISATIONS))
}

/// A plausible mainland mobile number.
pub fn phone(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["138", "139", "135", "136", "150", "152", "158", "177", "186", "189"]);
    format!("{prefix}{:08}", rng.below(100_000_000))
}

/// (dispute type code, weight, summary, requests).
pub const DISPUTES: [(&str, u32, &str, &str); 10] = [
    (
        "neighbour",
        30,
        "楼上卫生间渗水导致楼下天花板发霉，多次沟通未果。",
        "修复渗漏\n赔偿维修费用",
    ),
    (
        "marriage_family",
        14,
        "子女对老人赡养费用分担和照护安排意见不一。",
        "明确赡养费分担\n约定照护轮值",
    ),
    (
        "property_management",
        12,
        "小区电梯长期停运，物业以维修资金未到位为由拖延。",
        "尽快修复电梯\n减免停运期间物业费",
    ),
    (
        "damages",
        9,
        "饲养的犬只在楼道咬伤邻居，就医疗费用发生争议。",
        "赔偿医疗费用",
    ),
    (
        "contract",
        8,
        "装修完工后墙面开裂，装修方拒绝返工，业主拒付尾款。",
        "返工修复\n结清尾款",
    ),
    ("labour", 7, "务工三个月工资尚有部分未结清。", "支付拖欠工资"),
    (
        "consumer",
        7,
        "商家搬迁后预付卡无法使用，要求退还余额。",
        "退还预付卡余额",
    ),
    ("housing", 6, "租赁到期后房东以墙面污损为由扣留全部押金。", "退还押金"),
    (
        "traffic",
        4,
        "小区内剐蹭事故，双方对维修费用各执一词。",
        "赔偿车辆维修费",
    ),
    ("other", 3, "共用院坝排水沟堵塞，双方对疏通费用有争议。", "共同出资疏通"),
];

/// (source code, weight).
pub const SOURCES: [(&str, u32); 8] = [
    ("application", 40),
    ("grid_screening", 25),
    ("ex_officio", 10),
    ("hotline", 10),
    ("police_transfer", 5),
    ("court_referral", 5),
    ("petition_office", 3),
    ("committee_transfer", 2),
];

/// (type code, summary, requests), by the types' weights.
pub fn dispute(rng: &mut Rng) -> (&'static str, &'static str, &'static str) {
    let weights: Vec<u32> = DISPUTES.iter().map(|d| d.1).collect();
    let d = DISPUTES[rng.weighted(&weights)];
    (d.0, d.2, d.3)
}

pub fn source(rng: &mut Rng) -> &'static str {
    let weights: Vec<u32> = SOURCES.iter().map(|s| s.1).collect();
    SOURCES[rng.weighted(&weights)].0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_two_or_three_characters() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let n = person(&mut rng).chars().count();
            assert!((2..=3).contains(&n));
        }
        assert_eq!(phone(&mut rng).len(), 11);
    }
}
