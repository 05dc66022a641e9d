//! The seeded world the route tests run in: one of everything a route can
//! name, made through the real HTTP flows, and one logged-in client per role.

use reqwest::{Client, StatusCode};
use yuanba::db::{committees, places};
use yuanba::domain::role::{MediatorLevel, Role};

use crate::helpers::mailbox::{self, GYQ, WLD, multipart_body, png_upload};
use crate::helpers::mediation;
use crate::helpers::*;

/// Who calls a route. `Coordinator` is the coordinator of the records'
/// street: the one staff role that owns places, projects and letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Resident,
    OtherCoordinator,
    OtherMediator,
    CaseMediator,
    Coordinator,
    Admin,
}

pub const EVERYONE: [Who; 7] = [
    Who::Anonymous,
    Who::Resident,
    Who::OtherCoordinator,
    Who::OtherMediator,
    Who::CaseMediator,
    Who::Coordinator,
    Who::Admin,
];

const RESIDENT: &str = "13900000001";

const HOUSEHOLDS_CSV: &str = "building,entrance,unit,area_m2,owners
1栋,1单元,101,80,张三
1栋,1单元,102,80,李四
";

/// The ids that fill in the routes' path patterns.
pub struct Ids {
    pub case: String,
    pub party: String,
    pub letter: String,
    pub project: String,
    pub item: String,
    pub compound: String,
    pub building: String,
    pub unit: String,
    /// The letter's receipt code.
    pub receipt: String,
    pub opinion: String,
    pub target_user: String,
    pub committee: String,
    pub street: String,
    pub lead_mediator: String,
    /// other-med mentors xiaoma (the case's mediator) in the programme.
    pub pairing: String,
}

impl Ids {
    /// Every id, for the fuzzer to send where another kind is expected.
    pub fn all(&self) -> Vec<String> {
        [
            &self.case,
            &self.party,
            &self.letter,
            &self.project,
            &self.item,
            &self.compound,
            &self.building,
            &self.unit,
            &self.opinion,
            &self.target_user,
            &self.committee,
            &self.lead_mediator,
            &self.pairing,
        ]
        .into_iter()
        .cloned()
        .collect()
    }
}

pub struct World {
    pub ids: Ids,
}

pub async fn seed(app: &TestApp) -> World {
    let cast = mediation::cast(app).await;
    app.create_user("wld-coord", Role::Coordinator, None, Some(WLD));
    let other_med = app.create_user("other-med", Role::Mediator, Some(MediatorLevel::Senior), None);
    app.create_user(RESIDENT, Role::Resident, None, None);
    let target_user = app.create_user("target", Role::Coordinator, None, Some(GYQ));
    let case = mediation::apply_online(app, GYQ).await;
    mediation::to_mediating(app, &cast, &case).await;
    let party = mediation::party_id(app, &case, "applicant");
    let (letter, receipt) = mailbox::send_letter(app, GYQ, &[png_upload("photo_1")]).await;
    let compound = mailbox::compound_id(app, GYQ);
    let (project, item) = project(app, &cast.coordinator, &compound).await;
    let building = places::find_child(&mut app.conn(), Some(&compound), "1栋")
        .unwrap()
        .unwrap()
        .id;
    let unit = unit_101(app, &compound);
    let opinion = paper_opinion(app, &cast.coordinator, &project, &item).await;
    let street = mailbox::street_id(app, GYQ);
    let committee = committees::for_street(&mut app.conn(), &street).unwrap().unwrap().id;
    let pairing = pair(app, &other_med, &cast.lead_id);
    let ids = Ids {
        case,
        party,
        letter: letter.id,
        project,
        item,
        compound,
        building,
        unit,
        receipt,
        opinion,
        target_user,
        committee,
        street,
        lead_mediator: cast.lead_id,
        pairing,
    };
    World { ids }
}

impl World {
    /// A client logged in as `who` (a fresh one: the caller may log it out).
    pub async fn client(&self, app: &TestApp, who: Who) -> Client {
        let (name, password) = match who {
            Who::Anonymous => return new_client(),
            Who::Resident => (RESIDENT, USER_PASSWORD),
            Who::OtherCoordinator => ("wld-coord", USER_PASSWORD),
            Who::OtherMediator => ("other-med", USER_PASSWORD),
            Who::CaseMediator => ("xiaoma", USER_PASSWORD),
            Who::Coordinator => ("gyq-coord", USER_PASSWORD),
            Who::Admin => ("admin", ADMIN_PASSWORD),
        };
        let client = new_client();
        let res = login(&client, &app.address, name, password).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{who:?} logs in");
        client
    }

    /// The path with every `{…}` segment replaced by a real id.
    pub fn fill(&self, pattern: &str) -> String {
        let ids = &self.ids;
        // Codes are issued per building; a new project starts from its compound.
        if pattern == "/staff/places/{id}/codes" {
            return format!("/staff/places/{}/codes", ids.building);
        }
        if pattern == "/staff/projects/new" {
            return format!("/staff/projects/new?compound={}", ids.compound);
        }
        let first = if pattern.starts_with("/staff/cases/") {
            &ids.case
        } else if pattern.starts_with("/staff/letters/") || pattern.starts_with("/api/open311/") {
            &ids.letter
        } else if pattern.contains("/projects/") {
            &ids.project
        } else if pattern.starts_with("/admin/users/") {
            &ids.target_user
        } else if pattern.starts_with("/mentoring/pairings/") {
            &ids.pairing
        } else if pattern.starts_with("/mentoring/mediators/") {
            &ids.lead_mediator
        } else if pattern.starts_with("/admin/notifications/") {
            "no-such-notification"
        } else if pattern.starts_with("/centre/cases/") || pattern.starts_with("/me/cases/") {
            &ids.case
        } else if pattern.starts_with("/centre/referrals/") || pattern.starts_with("/org/referrals/") {
            "no-such-referral"
        } else if pattern.starts_with("/admin/triage/") {
            "no-such-rule"
        } else if pattern.starts_with("/admin/orgs/") {
            "no-such-org"
        } else if pattern.starts_with("/admin/committees/") {
            &ids.committee
        } else if pattern.starts_with("/admin/menu/") {
            // An item of the starting menu (migration 2026-11-26-000004).
            "menu-canopy"
        } else if pattern.starts_with("/admin/method-tags/") {
            // A tag of the starting list (migration 2026-12-01-000501).
            "separate-talks"
        } else if pattern.starts_with("/admin/places/") {
            // A unit: renaming it to its own name, moving it (refused) or
            // restoring it (it is not retired) changes nothing others use.
            &ids.unit
        } else if pattern.starts_with("/board/") || pattern.starts_with("/staff/places/") {
            &ids.compound
        } else {
            ""
        };
        pattern
            .replace("/letters/{id}", &format!("/letters/{}", ids.letter))
            .replace("/track/{code}", &format!("/track/{}", ids.receipt))
            .replace("{id}", first)
            .replace("{place}", &ids.compound)
            .replace("{party}", &ids.party)
            .replace("{opinion}", &ids.opinion)
            .replace("{unit}", &ids.unit)
            .replace("{code}", "facilities")
            .replace("{type}", "neighbour")
            .replace("{doc}", "registration")
            .replace("{day}", "2027-01-01")
            .replace("{table}", "types")
            .replace("{n}", "1")
            .replace("{action}", "accept")
            .replace("{debrief}", "no-such-debrief")
            .replace("{token}", "no-such-notification.0123456789abcdef0123456789abcdef")
    }
}

/// A project on the compound, with households imported and one item.
async fn project(app: &TestApp, coord: &Client, compound: &str) -> (String, String) {
    let path = format!("/staff/places/{compound}/import");
    let res = post_form(coord, &app.address, &path, &[("csv", HOUSEHOLDS_CSV)]).await;
    assert_eq!(res.status(), StatusCode::OK, "households imported");
    let fields = [
        ("compound_id", compound),
        ("population_id", ""),
        ("title", "塔坪小区微整形"),
        ("description", "雨棚、飞线整治"),
    ];
    let res = post_form(coord, &app.address, "/staff/projects/new", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "project created");
    let project = location(&res).trim_start_matches("/staff/projects/").to_owned();
    let fields = [
        ("menu_item_id", "menu-canopy"),
        ("rule", "ordinary"),
        ("reason", "共有部分的一般改造"),
    ];
    let res = post_form(
        coord,
        &app.address,
        &format!("/staff/projects/{project}/items"),
        &fields,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "item added");
    let item = yuanba::db::projects::items(&mut app.conn(), &project).unwrap()[0]
        .0
        .id
        .clone();
    (project, item)
}

fn unit_101(app: &TestApp, compound: &str) -> String {
    let mut conn = app.conn();
    let mut place = compound.to_owned();
    for name in ["1栋", "1单元", "101"] {
        place = places::find_child(&mut conn, Some(&place), name).unwrap().unwrap().id;
    }
    place
}

/// A paper intention form entered by the coordinator, with an evidence
/// photo, so that the opinion's contact and evidence routes have a target.
async fn paper_opinion(app: &TestApp, coord: &Client, project: &str, item: &str) -> String {
    let path = format!("/staff/projects/{project}/opinions/new");
    let (_, form) = get_html(coord, &app.url(&path)).await;
    let token = first_attr(&form, "input[name=form_token]", "value");
    let csrf = first_attr(&form, "input[name=csrf]", "value");
    let (a, p) = (format!("a_{item}"), format!("p_{item}"));
    let fields = [
        ("form_token", token.as_str()),
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", "101"),
        ("channel", "paper"),
        ("meeting_id", ""),
        ("evidence", "纸质意向表第3页"),
        ("contact_name", "张三"),
        ("contact_phone", "13812345678"),
        ("consent", "yes"),
        (a.as_str(), "want"),
        (p.as_str(), "1"),
    ];
    let (content_type, body) = multipart_body(&csrf, &fields, &[png_upload("evidence_file")]);
    let res = coord
        .post(app.url(&path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "paper opinion recorded");
    opinion_ids(app).pop().expect("opinion stored")
}

fn opinion_ids(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use yuanba::db::schema::opinions;
    let mut conn = app.conn();
    opinions::table.select(opinions::id).load::<String>(&mut *conn).unwrap()
}

/// Pairs `mentor` with `mentee` through the use case the admin page calls.
pub fn pair(app: &TestApp, mentor: &str, mentee: &str) -> String {
    let new = yuanba::mentorship::NewPairing {
        mentor_id: mentor.to_owned(),
        mentee_id: mentee.to_owned(),
        program: "带教".to_owned(),
        starts_on: "2026-01-01".to_owned(),
        ends_on: "2099-12-31".to_owned(),
        items: vec!["旁听调解".to_owned()],
        created_by: mentor.to_owned(),
    };
    let actor = yuanba::db::audit::AuditActor::system();
    yuanba::mentorship::pair(&mut app.conn(), new, &actor)
        .unwrap()
        .expect("pairing allowed")
}
