//! Demo cases for `seed-demo`: one or more in every workflow state, built
//! through the real use cases so every rule is honoured.

use crate::accounts::AccountError;
use crate::db::audit::AuditActor;
use crate::db::cases::{self, CaseScope};
use crate::db::{DbConn, DbError, committees, places, users};
use crate::domain::mediation::{CaseSource, DisputeType};
use crate::domain::mediation_intake::{CaseIntake, PartyInput};
use crate::mediation::access::Viewer;
use crate::mediation::intake::{self, IntakeRequest};
use driver::Driver;

mod agreement;
mod case_details;
mod driver;
mod mentoring;
mod track_record;

/// (applicant, respondent, type, summary, requests, target state)
const CASES: [(&str, &str, DisputeType, &str, &str, &str); 17] = [
    (
        "张秀英",
        "王建国",
        DisputeType::Neighbour,
        "楼上卫生间长期渗水，楼下天花板发霉脱落，多次敲门沟通未果。",
        "修复渗漏\n赔偿天花板维修费3000元",
        "REGISTERED",
    ),
    (
        "李德明",
        "某物业服务公司",
        DisputeType::PropertyManagement,
        "小区2号楼电梯停运两个月，物业以维修资金未到位为由拖延，老人出行困难。",
        "尽快修复电梯\n停运期间物业费减免",
        "ACCEPTED",
    ),
    (
        "刘桂芳",
        "刘建华",
        DisputeType::MarriageFamily,
        "母亲年过八旬，子女对赡养费用分担和轮流照护安排意见不一。",
        "明确赡养费分担\n约定照护轮值",
        "ASSIGNED",
    ),
    (
        "周小龙",
        "赵红梅",
        DisputeType::Damages,
        "饲养的犬只在楼道咬伤邻居小孩，就医疗费用和后续疫苗费用发生争议。",
        "赔偿医疗费2860元",
        "INVESTIGATING",
    ),
    (
        "黄丽",
        "重庆某餐饮店",
        DisputeType::Neighbour,
        "底商餐馆油烟和夜间噪音影响楼上住户休息。",
        "加装油烟净化设备\n晚十点后停止营业喧哗",
        "MEDIATING",
    ),
    (
        "吴志强",
        "孙师傅装饰工作室",
        DisputeType::Contract,
        "房屋装修完工后墙面开裂，装修方拒绝返工，业主拒付尾款。",
        "返工修复墙面\n结清尾款",
        "AGREEMENT_REVIEW",
    ),
    (
        "马晓东",
        "某建筑劳务公司",
        DisputeType::Labour,
        "农民工在小区改造工程中务工三个月，工资尚有部分未结清。",
        "支付拖欠工资12600元",
        "AGREEMENT_EFFECTIVE",
    ),
    (
        "陈静",
        "某健身会所",
        DisputeType::Consumer,
        "健身会所搬迁后预付卡无法使用，要求退还剩余费用。",
        "退还预付卡余额4200元",
        "PERFORMING",
    ),
    (
        "杨光明",
        "何大姐",
        DisputeType::Neighbour,
        "邻居在公共楼道堆放杂物，堵塞消防通道。",
        "清理楼道杂物",
        "FOLLOW_UP",
    ),
    (
        "郑永刚",
        "冯女士",
        DisputeType::Housing,
        "房屋租赁到期后，房东以墙面污损为由扣留全部押金。",
        "退还押金5000元",
        "FAILED",
    ),
    (
        "谢文",
        "谢武",
        DisputeType::MarriageFamily,
        "兄弟二人对父母遗留房屋的居住安排发生争执。",
        "协商房屋居住安排",
        "TERMINATED",
    ),
    (
        "邓美华",
        "某快递驿站",
        DisputeType::Consumer,
        "快递包裹丢失，驿站与快递公司相互推诿。",
        "赔偿包裹损失800元",
        "WITHDRAWN",
    ),
    (
        "曾国平",
        "曾国安",
        DisputeType::Neighbour,
        "两户共用的院坝排水沟堵塞，雨天积水，双方对疏通费用各执一词。",
        "共同出资疏通排水沟",
        "CLOSURE_REVIEW",
    ),
    (
        "彭晓红",
        "某停车管理公司",
        DisputeType::PropertyManagement,
        "小区车位收费标准调整未经业主大会讨论。",
        "恢复原收费标准",
        "CLOSED",
    ),
    (
        "蒋文斌",
        "韩女士",
        DisputeType::Neighbour,
        "空调外机正对邻居卧室窗户，噪音和热风影响休息。",
        "移装空调外机",
        "ARCHIVED",
    ),
    (
        "罗建",
        "某小额贷款公司",
        DisputeType::Contract,
        "借款合同纠纷，对方已向人民法院起诉。",
        "调解还款方式",
        "NOT_ACCEPTED",
    ),
    (
        "袁平",
        "某工地",
        DisputeType::Pollution,
        "夜间施工噪音扰民，涉及城市管理执法。",
        "停止夜间施工",
        "REFERRED",
    ),
];

/// Creates the demo cases once; does nothing if any case exists.
pub fn seed(conn: &mut DbConn) -> Result<(), AccountError> {
    if cases::count_filtered(conn, &CaseScope::All, &Default::default())? > 0 {
        return Ok(());
    }
    let cast = Cast::load(conn)?;
    if let Some(head) = &cast.head {
        let street =
            places::find_street_by_name(conn, "五里店街道")?.ok_or(DbError::Query(diesel::result::Error::NotFound))?;
        if let Some(committee) = committees::for_street(conn, &street.id)? {
            committees::set_head(conn, &committee.id, Some(&head.id))?;
        }
    }
    for (i, spec) in CASES.iter().enumerate() {
        let street = if i % 3 == 0 {
            "观音桥街道"
        } else {
            "五里店街道"
        };
        build_case(conn, &cast, street, spec, i)
            .map_err(|e| AccountError::Db(DbError::Migration(format!("demo case {i}: {e}"))))?;
    }
    Ok(())
}

fn viewer(u: users::User) -> Viewer {
    Viewer {
        role: u.role(),
        area_id: u.area_id.clone(),
        id: u.id,
    }
}

struct Cast {
    coordinators: Vec<(String, Viewer)>,
    lead: Option<Viewer>,
    head: Option<Viewer>,
}

impl Cast {
    fn coordinator_of(&self, conn: &mut DbConn, street_name: &str) -> Result<Viewer, String> {
        let street = places::find_street_by_name(conn, street_name)
            .map_err(|e| e.to_string())?
            .ok_or("street")?;
        self.coordinators
            .iter()
            .find(|(s, _)| *s == street.id)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| "coordinator".to_owned())
    }

    fn load(conn: &mut DbConn) -> Result<Cast, DbError> {
        let mut coordinators = Vec::new();
        for name in ["demo-coordinator", "demo-coordinator-wld"] {
            if let Some(u) = users::find_by_username(conn, name)? {
                let street = u.area_id.clone().unwrap_or_default();
                coordinators.push((street, viewer(u)));
            }
        }
        let lead = users::find_by_username(conn, "demo-xiaoma")?.map(viewer);
        let head = users::find_by_username(conn, "demo-laoma")?.map(viewer);
        Ok(Cast {
            coordinators,
            lead,
            head,
        })
    }
}

fn actor(v: &Viewer) -> AuditActor {
    AuditActor {
        user_id: Some(v.id.clone()),
        label: "seed-demo".into(),
        ..Default::default()
    }
}

type Spec = (
    &'static str,
    &'static str,
    DisputeType,
    &'static str,
    &'static str,
    &'static str,
);

fn build_case(conn: &mut DbConn, cast: &Cast, street_name: &str, spec: &Spec, i: usize) -> Result<(), String> {
    let coordinator = cast.coordinator_of(conn, street_name)?;
    let source = if i % 2 == 0 {
        CaseSource::Application
    } else {
        CaseSource::GridScreening
    };
    let case_id = register(conn, street_name, &coordinator, spec, i, source)?;
    let lead = cast.lead.clone().ok_or("lead")?;
    let head = cast.head.clone().ok_or("head")?;
    Driver {
        conn,
        case_id,
        coordinator,
        lead,
        mentor: head,
    }
    .drive_to(spec.5)
}

/// Registers demo case number `i` from `spec` in `street_name`, as its
/// coordinator would at the counter.
fn register(
    conn: &mut DbConn,
    street_name: &str,
    coordinator: &Viewer,
    spec: &Spec,
    i: usize,
    source: CaseSource,
) -> Result<String, String> {
    let (applicant, respondent, dispute_type, summary, requests, _) = *spec;
    let street = places::find_street_by_name(conn, street_name)
        .map_err(|e| e.to_string())?
        .ok_or("street")?;
    let located = demo_location(conn, &street.id).map_err(|e| e.to_string())?;
    let intake = CaseIntake {
        applicant: PartyInput {
            name: applicant.into(),
            phone: format!("1380000{:04}", 1000 + i),
        },
        applicant_address: format!("{street_name}某小区{}栋", i + 1),
        respondents: vec![PartyInput {
            name: respondent.into(),
            phone: String::new(),
        }],
        dispute_type,
        local_type: super::local_types::for_case(dispute_type, summary),
        summary: summary.into(),
        requests: requests.lines().map(str::to_owned).collect(),
        street_id: street.id.clone(),
        community_id: located.0,
        grid_id: located.1,
        compound_id: located.2,
        place_detail: String::new(),
        source,
        external_ref: String::new(),
    };
    let token = crate::auth::tokens::random_token();
    let request = IntakeRequest {
        intake: &intake,
        form_token: &token,
        receipt_code: None,
        registered_by: Some(&coordinator.id),
        applicant_user_id: None,
        actor: &actor(coordinator),
        court: None,
        screening_id: None,
    };
    Ok(intake::submit(conn, request).map_err(|e| e.to_string())?.case_id)
}

/// The demo 小马 who is ready to graduate: `lead`'s track record of closed
/// cases under `mentor`, in 五里店. Called once the pairing exists, since
/// a paired 小马's cases take their own 老马 as mentor.
pub fn seed_track_record(conn: &mut DbConn, lead: &str, mentor: &str) -> Result<(), String> {
    let street = "五里店街道";
    let cast = Cast::load(conn).map_err(|e| e.to_string())?;
    let coordinator = cast.coordinator_of(conn, street)?;
    let by_name = |conn: &mut DbConn, name: &str| -> Result<Viewer, String> {
        let user = users::find_by_username(conn, name).map_err(|e| e.to_string())?;
        user.map(viewer).ok_or_else(|| format!("no account {name}"))
    };
    let (lead, mentor) = (by_name(conn, lead)?, by_name(conn, mentor)?);
    track_record::seed(conn, street, coordinator, lead, mentor)
}

/// The demo compound's community, grid and compound when the case is in
/// their street (塔坪 in 观音桥), so case pages show a full location.
fn demo_location(
    conn: &mut DbConn,
    street_id: &str,
) -> diesel::QueryResult<(Option<String>, Option<String>, Option<String>)> {
    let Some(community) = places::find_child(conn, Some(street_id), "塔坪社区")? else {
        return Ok((None, None, None));
    };
    let grid = places::find_child(conn, Some(&community.id), "塔坪一网格")?;
    let compound = match &grid {
        Some(g) => places::find_child(conn, Some(&g.id), "塔坪小区")?,
        None => None,
    };
    Ok((Some(community.id), grid.map(|g| g.id), compound.map(|c| c.id)))
}
