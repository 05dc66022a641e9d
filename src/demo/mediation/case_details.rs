//! Demo details for `seed-demo`'s cases: filled-in parties, an extension's
//! consents and a structured follow-up visit, so the case pages and the
//! 结案报告 show them.

use crate::db::case_parties::Party;
use crate::domain::extension_consent::ConsentInput;
use crate::domain::follow_up::FollowUpVisit;
use crate::domain::follow_up::Performance;
use crate::domain::follow_up::VisitMethod;
use crate::domain::party_details::PartyDetails;

/// People get sex, age, occupation and address; organisations their legal
/// representative as agent. `n` is the party's place in the case.
pub fn party_details(party: &Party, n: usize) -> PartyDetails {
    let organisation = ["公司", "店", "工作室", "会所", "驿站", "工地"]
        .iter()
        .any(|w| party.name.contains(w));
    let mut d = PartyDetails {
        address: if party.address.is_empty() {
            "江北区五里店街道某小区".into()
        } else {
            party.address.clone()
        },
        ..party.details()
    };
    if organisation {
        d.kind = "organisation".into();
        d.agent = "陈经理".into();
        d.agent_kind = "legal_representative".into();
        d.agent_relation = "负责人".into();
    } else {
        d.sex = if n % 2 == 0 { "female" } else { "male" }.into();
        d.age = Some(36 + party.name.chars().count() as i32 * 7);
        d.occupation = if n == 0 { "退休职工" } else { "个体经营者" }.into();
    }
    d
}

/// A telephone visit finding the agreement performed, dated today.
pub fn follow_up_visit() -> FollowUpVisit {
    FollowUpVisit {
        visited_on: crate::dates::date(crate::db::now_ts()),
        visitor: "小马调解员".into(),
        method: VisitMethod::Phone,
        performance: Performance::Performed,
        satisfaction: 5,
        remaining_risk: "无".into(),
        measures: "电话回访双方，协议已履行完毕，双方表示满意；三个月后再回访一次。".into(),
    }
}

/// Every party consenting to an extension in the session record, today.
pub fn extension_consents(parties: &[Party]) -> Vec<ConsentInput> {
    let today = crate::dates::date(crate::db::now_ts());
    parties
        .iter()
        .map(|p| ConsentInput {
            party_id: p.id.clone(),
            consented: true,
            method: "session_record".into(),
            consented_on: today.clone(),
        })
        .collect()
}
