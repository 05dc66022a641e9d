//! A 小马 who is ready to graduate (出师) in the demo: 22 cases led to
//! closure under their 老马, built through the real workflow so that every
//! graduation criterion reads real case data. 18 end in a written
//! agreement, 2 in an oral one and 2 fail: 20 successes of 22 closed
//! (90.9 % ≥ 85 %), 2 oral of 20 agreements (10 % ≤ 30 %). The mentor's
//! recommendation is left to the demo user, who proposes graduation.

use super::{Spec, actor, driver::Driver};
use crate::db::{self, DbConn};
use crate::domain::agreement::AgreementKind;
use crate::domain::ending_notice::{Notice, NoticeMethod, Remedy};
use crate::domain::mediation::{CaseSource, DisputeType, RecordKind};
use crate::mediation::access::Viewer;
use crate::mediation::mentorship;

/// How one track-record case ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    Written,
    Oral,
    Failed,
}

/// The endings in the order the cases are built.
fn ending_of(n: usize) -> Ending {
    match n {
        5 | 14 => Ending::Oral,
        9 | 19 => Ending::Failed,
        _ => Ending::Written,
    }
}

/// How many cases the track record holds.
pub const CASES: usize = 22;

const DISPUTES: [(DisputeType, &str, &str); 4] = [
    (
        DisputeType::Neighbour,
        "邻居装修噪音持续到深夜，多次沟通无果。",
        "约定装修时段",
    ),
    (
        DisputeType::PropertyManagement,
        "楼道灯长期损坏，业主与物业对维修责任有争议。",
        "修复楼道照明",
    ),
    (
        DisputeType::MarriageFamily,
        "兄妹对母亲的照护轮值安排意见不一。",
        "约定照护轮值",
    ),
    (DisputeType::Damages, "电动车在车棚充电起火，烧损邻车。", "赔偿车辆损失"),
];

const SURNAMES: [&str; 11] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐"];

/// The intake facts of track-record case `n`.
fn spec(n: usize) -> Spec {
    let (kind, summary, requests) = DISPUTES[n % DISPUTES.len()];
    let applicant = format!("{}秀{}", SURNAMES[n % SURNAMES.len()], ["兰", "华", "英"][n % 3]);
    let respondent = format!("{}建{}", SURNAMES[(n + 4) % SURNAMES.len()], ["国", "军", "平"][n % 3]);
    (applicant.leak(), respondent.leak(), kind, summary, requests, "CLOSED")
}

/// Builds the track record of `lead` under `mentor` in the street whose
/// coordinator is `coordinator`.
pub(super) fn seed(
    conn: &mut DbConn,
    street: &str,
    coordinator: Viewer,
    lead: Viewer,
    mentor: Viewer,
) -> Result<(), String> {
    for n in 0..CASES {
        let case_id = super::register(conn, street, &coordinator, &spec(n), 100 + n, CaseSource::Application)?;
        let driver = Driver {
            conn: &mut *conn,
            case_id,
            coordinator: coordinator.clone(),
            lead: lead.clone(),
            mentor: mentor.clone(),
        };
        driver.close(ending_of(n))?;
    }
    Ok(())
}

impl Driver<'_> {
    fn close(mut self, ending: Ending) -> Result<(), String> {
        let (coordinator, lead, mentor) = (self.coordinator.clone(), self.lead.clone(), self.mentor.clone());
        self.party_details(&coordinator)?;
        self.fire(&coordinator, "ACCEPTED", |_| {})?;
        self.assign()?;
        self.fire(&lead, "MEDIATING", |_| {})?;
        self.record(
            &lead,
            RecordKind::Session,
            "组织双方面对面调解，释法说理，双方各自让步。",
        )?;
        match ending {
            Ending::Written => {
                self.agreement(&lead, AgreementKind::Written, "")?;
                self.fire(&lead, "AGREEMENT_REVIEW", |_| {})?;
                self.sign_all(&lead)?;
                self.fire(&mentor, "AGREEMENT_EFFECTIVE", |i| {
                    i.note = super::mentoring::APPROVAL_NOTE.into()
                })?;
            }
            Ending::Oral => {
                self.agreement(&lead, AgreementKind::Oral, "")?;
                self.fire(&lead, "AGREEMENT_EFFECTIVE", |_| {})?;
                self.review_oral(&mentor)?;
            }
            Ending::Failed => {
                self.fire(&lead, "FAILED", |i| {
                    i.note = "双方分歧较大，已告知可通过诉讼途径解决".into();
                    i.ending_notice = Some(Notice {
                        remedies: Remedy::ALL.to_vec(),
                        told_how: NoticeMethod::SessionRecord,
                        told_on: crate::dates::china_day(db::now_ts()),
                    });
                })?;
            }
        }
        if ending != Ending::Failed {
            self.fire(&lead, "FOLLOW_UP", |i| i.performed = true)?;
            self.follow_up(&lead)?;
        }
        self.fire(&lead, "CLOSURE_REVIEW", |_| {})?;
        self.fire(&mentor, "CLOSED", |i| {
            i.archive_items = vec!["identity_proof".into(), "back_cover".into()]
        })
    }

    /// The mentor's after-the-fact review (事后审查) of the oral agreement.
    fn review_oral(&mut self, mentor: &Viewer) -> Result<(), String> {
        let comment = "口头协议内容简单、当场履行，处理得当；金额较大时仍应制作书面协议。";
        let outcome = mentorship::review_oral(self.conn, &self.case_id, mentor, "approved", comment, &actor(mentor))
            .map_err(|e| e.to_string())?;
        super::driver::done(outcome, "oral review")
    }
}
