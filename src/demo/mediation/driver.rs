//! Walks one demo case through the real use cases to its target state, the
//! way staff would: each step sees the case's current version and last event.

use super::{actor, case_details};
use crate::db::case_records::CaseRecord;
use crate::db::{self, DbConn, case_events, case_parties, cases};
use crate::domain::agreement::AgreementKind;
use crate::domain::ending_notice::{Notice, NoticeMethod, Remedy};
use crate::domain::follow_up::Performance;
use crate::domain::mediation::RecordKind;
use crate::mediation::access::Viewer;
use crate::mediation::actions::{self, ChangeContext};
use crate::mediation::transitions::{self, TransitionInput};
use crate::mediation::{ChangeOutcome, MediationError};
use crate::mediation::{details, extension};

pub(super) struct Driver<'c> {
    pub(super) conn: &'c mut DbConn,
    pub(super) case_id: String,
    pub(super) coordinator: Viewer,
    pub(super) lead: Viewer,
    pub(super) mentor: Viewer,
}

impl Driver<'_> {
    fn seen(&mut self) -> Result<(i32, String), String> {
        let case = cases::find(self.conn, &self.case_id)
            .map_err(|e| e.to_string())?
            .ok_or("case")?;
        let last = case_events::for_case(self.conn, &self.case_id)
            .map_err(|e| e.to_string())?
            .pop()
            .map(|e| e.id)
            .unwrap_or_default();
        Ok((case.version, last))
    }

    pub(super) fn fire(
        &mut self,
        who: &Viewer,
        to: &str,
        adjust: impl FnOnce(&mut TransitionInput),
    ) -> Result<(), String> {
        let (version, seen) = self.seen()?;
        let mut input = TransitionInput {
            to: crate::domain::mediation_workflow::CaseState::parse(to),
            seen_version: version,
            seen_event: seen,
            ..Default::default()
        };
        adjust(&mut input);
        let outcome = transitions::fire(
            self.conn,
            &self.case_id,
            who,
            &input,
            &actor(who),
            // Demo parties are made up: nobody is to be told.
            &crate::notify::Outbox::off(),
        )
        .map_err(|e| e.to_string())?;
        done(outcome, to)
    }

    pub(super) fn change(
        &mut self,
        who: &Viewer,
        f: impl FnOnce(&mut DbConn, &ChangeContext<'_>) -> Result<ChangeOutcome<()>, MediationError>,
    ) -> Result<(), String> {
        let (version, seen) = self.seen()?;
        let actor = actor(who);
        let ctx = ChangeContext {
            case_id: &self.case_id,
            viewer: who,
            seen_version: version,
            seen_event: &seen,
            actor: &actor,
        };
        done(f(self.conn, &ctx).map_err(|e| e.to_string())?, "change")
    }

    pub(super) fn drive_to(mut self, target: &str) -> Result<(), String> {
        let coordinator = self.coordinator.clone();
        let (lead, mentor) = (self.lead.clone(), self.mentor.clone());
        self.party_details(&coordinator)?;
        match target {
            "REGISTERED" => return Ok(()),
            "NOT_ACCEPTED" => {
                return self.fire(&coordinator, "NOT_ACCEPTED", |i| {
                    i.reason_code = Some("in_court".into());
                    i.notification_method = Some("电话告知申请人".into());
                });
            }
            "REFERRED" => {
                return self.fire(&coordinator, "REFERRED", |i| {
                    i.destination = Some("江北区城市管理局".into())
                });
            }
            _ => {}
        }
        self.fire(&coordinator, "ACCEPTED", |_| {})?;
        if target == "ACCEPTED" {
            return Ok(());
        }
        self.assign()?;
        if target == "ASSIGNED" {
            return Ok(());
        }
        if target == "INVESTIGATING" {
            self.fire(&lead, "INVESTIGATING", |_| {})?;
            return self.record(
                &lead,
                RecordKind::Investigation,
                "走访楼上住户及物业，现场查看受损情况并拍照。",
            );
        }
        self.fire(&lead, "MEDIATING", |_| {})?;
        self.record(
            &lead,
            RecordKind::Session,
            "在社区调解室组织双方面对面调解，双方陈述意见，调解员释法说理。",
        )?;
        self.debrief(&lead, &mentor)?;
        self.mediate_to(target, &lead, &mentor)
    }

    /// The parties are told their rights and consent; the coordinator
    /// assigns the lead and the mentor.
    pub(super) fn assign(&mut self) -> Result<(), String> {
        let coordinator = self.coordinator.clone();
        let (lead, mentor) = (self.lead.id.clone(), self.mentor.id.clone());
        let parties = case_parties::for_case(self.conn, &self.case_id).map_err(|e| e.to_string())?;
        for party in parties {
            self.change(&coordinator, |c, ctx| {
                actions::record_notice_and_consent(c, ctx, &party.id, true, "given")
            })?;
        }
        self.fire(&coordinator, "ASSIGNED", |i| {
            i.lead_mediator_id = Some(lead);
            i.mentor_id = Some(mentor);
        })
    }

    fn mediate_to(&mut self, target: &str, lead: &Viewer, mentor: &Viewer) -> Result<(), String> {
        match target {
            "MEDIATING" => return self.extension(lead),
            "FAILED" | "TERMINATED" | "WITHDRAWN" => {
                return self.fire(lead, target, |i| {
                    i.note = "已告知当事人可通过仲裁、行政或诉讼途径解决".into();
                    i.ending_notice = Some(Notice {
                        remedies: Remedy::ALL.to_vec(),
                        told_how: NoticeMethod::SessionRecord,
                        told_on: crate::dates::china_day(db::now_ts()),
                    });
                });
            }
            _ => {}
        }
        let deadline = if target == "PERFORMING" {
            crate::dates::date(db::now_ts() + 20 * 86_400)
        } else {
            String::new()
        };
        self.agreement(lead, AgreementKind::Written, &deadline)?;
        self.fire(lead, "AGREEMENT_REVIEW", |_| {})?;
        if target == "AGREEMENT_REVIEW" {
            return Ok(());
        }
        if super::mentoring::shows_a_return(target) {
            self.return_once(lead, mentor, &deadline)?;
        }
        self.sign_all(lead)?;
        self.fire(mentor, "AGREEMENT_EFFECTIVE", |i| {
            i.note = super::mentoring::APPROVAL_NOTE.into()
        })?;
        match target {
            "AGREEMENT_EFFECTIVE" => return Ok(()),
            "PERFORMING" => {
                self.fire(lead, "PERFORMING", |_| {})?;
                return self.change(lead, |c, ctx| {
                    details::record_performance(
                        c,
                        ctx,
                        Performance::Partial,
                        "已支付首期款项，余款约定下月付清。".into(),
                    )
                });
            }
            _ => {}
        }
        self.fire(lead, "FOLLOW_UP", |i| i.performed = true)?;
        if target == "FOLLOW_UP" {
            return Ok(());
        }
        self.follow_up(lead)?;
        self.fire(lead, "CLOSURE_REVIEW", |_| {})?;
        if target == "CLOSURE_REVIEW" {
            return Ok(());
        }
        self.fire(mentor, "CLOSED", |i| {
            i.archive_items = vec!["identity_proof".into(), "back_cover".into()]
        })?;
        if target == "CLOSED" {
            return Ok(());
        }
        let coordinator = self.coordinator.clone();
        self.fire(&coordinator, "ARCHIVED", |i| {
            i.volume_number = Some("2026-五里店-015".into());
            i.retention_period = Some("长期".into());
        })
    }

    pub(super) fn record(&mut self, who: &Viewer, kind: RecordKind, content: &str) -> Result<(), String> {
        let record = CaseRecord {
            id: db::new_id(),
            case_id: String::new(),
            kind,
            held_on: crate::dates::date(db::now_ts()),
            place: "五里店街道人民调解委员会调解室".into(),
            persons: "双方当事人、调解员".into(),
            content: content.into(),
            result: String::new(),
            satisfaction: None,
            created_by: who.id.clone(),
            created_at: 0,
        };
        self.change(who, |c, ctx| actions::add_record(c, ctx, record))
    }

    /// Fills in the parties' details (see `case_details`).
    pub(super) fn party_details(&mut self, who: &Viewer) -> Result<(), String> {
        let parties = case_parties::for_case(self.conn, &self.case_id).map_err(|e| e.to_string())?;
        for (n, party) in parties.into_iter().enumerate() {
            let d = case_details::party_details(&party, n);
            self.change(who, |c, ctx| details::update_party(c, ctx, &party.id, d))?;
        }
        Ok(())
    }

    /// The mediating demo case is extended with every party's consent, so
    /// the demo shows the consents listed with the extension.
    fn extension(&mut self, who: &Viewer) -> Result<(), String> {
        let parties = case_parties::for_case(self.conn, &self.case_id).map_err(|e| e.to_string())?;
        let consents = case_details::extension_consents(&parties);
        let note = "双方在调解中同意延长，以便补充噪音检测报告。".to_owned();
        self.change(who, |c, ctx| extension::extend(c, ctx, 15, consents, note))
    }

    pub(super) fn follow_up(&mut self, who: &Viewer) -> Result<(), String> {
        let visit = case_details::follow_up_visit();
        self.change(who, |c, ctx| details::add_follow_up(c, ctx, visit))
    }
}

pub(super) fn done<T>(outcome: ChangeOutcome<T>, what: &str) -> Result<(), String> {
    match outcome {
        ChangeOutcome::Done(_) => Ok(()),
        ChangeOutcome::Refused(key) | ChangeOutcome::NotPermitted(key) => Err(format!("{what} refused: {key}")),
        ChangeOutcome::Conflict(_) => Err(format!("{what}: conflict")),
    }
}
