//! A realistic form for every POST route: what the page's own form would
//! send, with the record's current version, so that a role that is let
//! through really changes something and a refused one would have.

use crate::helpers::mailbox::png;
use crate::helpers::mediation::day;
use crate::helpers::*;

use super::world::World;

pub const HOUSEHOLDS_CSV: &str = "building,entrance,unit,area_m2,owners\n1栋,1单元,103,80,赵六\n";

/// A file part: (field, file name, content type, bytes).
pub type File = (String, String, String, Vec<u8>);

/// The body of one POST: text fields, and files for multipart forms.
pub struct Form {
    pub fields: Vec<(String, String)>,
    /// `Some` for multipart routes.
    pub files: Option<Vec<File>>,
}

pub(super) fn text(fields: &[(&str, &str)]) -> Form {
    Form {
        fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        files: None,
    }
}

fn multipart(fields: &[(&str, &str)], files: Vec<(&str, &str, &str, Vec<u8>)>) -> Form {
    let mut form = text(fields);
    form.files = Some(
        files
            .into_iter()
            .map(|(f, n, t, d)| (f.to_owned(), n.to_owned(), t.to_owned(), d))
            .collect(),
    );
    form
}

/// A fresh one-time form token, as a form page would hand out.
pub fn form_token() -> String {
    uuid::Uuid::new_v4().simple().to_string().repeat(2)
}

/// The case's version and newest event, as the case page's forms carry them.
fn case_seen(app: &TestApp, w: &World) -> Vec<(String, String)> {
    let case = yuanba::db::cases::find(&mut app.conn(), &w.ids.case).unwrap().unwrap();
    let seen = yuanba::db::case_events::for_case(&mut app.conn(), &w.ids.case)
        .unwrap()
        .pop()
        .map(|e| e.id)
        .unwrap_or_default();
    vec![
        ("version".into(), case.version.to_string()),
        ("seen_event".into(), seen),
    ]
}

fn letter_version(app: &TestApp, w: &World) -> String {
    let letter = yuanba::db::letters::find(&mut app.conn(), &w.ids.letter)
        .unwrap()
        .unwrap();
    letter.version.to_string()
}

fn project_version(app: &TestApp, w: &World) -> String {
    let project = yuanba::db::projects::find(&mut app.conn(), &w.ids.project)
        .unwrap()
        .unwrap();
    project.version.to_string()
}

/// The form for the POST route `pattern`.
pub fn sample(app: &TestApp, w: &World, pattern: &str) -> Form {
    let today = day(0);
    let mut form = if let Some(rest) = pattern.strip_prefix("/staff/cases/{id}") {
        let mut form = if rest == "/extension" {
            extension_form(app, w, &today)
        } else {
            case_form(w, rest, &today)
        };
        let mut seen = case_seen(app, w);
        seen.append(&mut form.fields);
        form.fields = seen;
        form
    } else if pattern.starts_with("/staff/letters/{id}/") {
        let version = letter_version(app, w);
        text(&[
            ("version", &version),
            ("body", "已转社区处理，请耐心等待。"),
            ("assignee", ""),
            ("to", "in_progress"),
            ("reason", ""),
            ("duplicate_of", ""),
            ("project_id", ""),
            ("public_body", "楼道灯坏了，请尽快修理。"),
            ("action", "publish"),
        ])
    } else if let Some(action) = pattern.strip_prefix("/admin/places/{id}/") {
        let unit = yuanba::db::places::find(&mut app.conn(), &w.ids.unit).unwrap().unwrap();
        let version = unit.version.to_string();
        match action {
            "rename" => text(&[("version", &version), ("name", &unit.name), ("short_name", "")]),
            "move" => text(&[("version", &version), ("parent_id", &w.ids.compound)]),
            "contact" => text(&[
                ("version", ""),
                ("phone", "023-67001234"),
                ("address", "观音桥街道办事处一楼"),
                ("hours", "周一至周五 9:00-17:00"),
            ]),
            _ => text(&[("version", &version), ("retired", "no")]),
        }
    } else if pattern == "/admin/places/import" {
        let csv = "street,community\n观音桥街道,路由测试社区\n".as_bytes().to_vec();
        multipart(&[], vec![("file", "places.csv", "text/csv", csv)])
    } else if pattern.starts_with("/staff/projects/{id}") || pattern.starts_with("/projects/{id}") {
        project_form(app, w, pattern, &today)
    } else if pattern.starts_with("/admin/menu/")
        || pattern.starts_with("/admin/letter-categories/")
        || pattern.starts_with("/admin/dispute-types/")
    {
        super::catalogue_samples::catalogue_form(app, pattern)
    } else {
        other_form(w, pattern)
    };
    if form.fields.iter().any(|(k, _)| k == "form_token") {
        return form;
    }
    if matches!(
        pattern,
        "/mediation/apply"
            | "/staff/cases/new"
            | "/letters/new"
            | "/projects/{id}/respond"
            | "/staff/projects/{id}/opinions/new"
    ) {
        form.fields.insert(0, ("form_token".into(), form_token()));
    }
    form
}

/// Fifteen more days, every party of the case consenting in writing today.
fn extension_form(app: &TestApp, w: &World, today: &str) -> Form {
    let mut fields = vec![
        ("days".to_owned(), "15".to_owned()),
        ("note".to_owned(), "双方同意延期".to_owned()),
    ];
    for party in yuanba::db::case_parties::for_case(&mut app.conn(), &w.ids.case).unwrap() {
        fields.push((format!("consent_{}", party.id), "yes".into()));
        fields.push((format!("method_{}", party.id), "written".into()));
        fields.push((format!("on_{}", party.id), today.to_owned()));
    }
    Form { fields, files: None }
}

fn case_form(w: &World, rest: &str, today: &str) -> Form {
    match rest {
        // Not a step the case can take from mediation: refused with a message.
        "/transition" => text(&[("to", "ACCEPTED"), ("note", "")]),
        "/parties" => text(&[
            ("party_role", "respondent"),
            ("name", "李桂芳"),
            ("phone", "13700000000"),
            ("id_number", ""),
        ]),
        "/parties/{party}" => text(&[("served", "yes"), ("consent", "given")]),
        "/unmask" | "/print/{doc}" | "/handoff.json" | "/parties/{party}/open" => text(&[]),
        "/parties/{party}/edit" => text(&[
            ("kind", "person"),
            ("name", "张秀英"),
            ("sex", "female"),
            ("age", "62"),
            ("occupation", "退休"),
            ("phone", "13812345678"),
            ("address", "塔坪小区1栋"),
            ("agent_name", ""),
            ("agent_kind", ""),
            ("agent_relation", ""),
            ("agent_phone", ""),
        ]),
        "/records" => text(&[
            ("kind", "mediation"),
            ("held_on", today),
            ("place", "调解室"),
            ("persons", "双方当事人"),
            ("content", "双方陈述意见。"),
            ("result", "约定下次再谈。"),
        ]),
        "/oral-review" => text(&[("decision", "approved"), ("comment", "")]),
        "/tags" => text(&[("tag", "separate-talks"), ("tag", "site-visit")]),
        "/debriefs" => text(&[
            ("record_id", ""),
            ("went_well", "耐心倾听"),
            ("missing", "证据未核实"),
            ("next_steps", "再约一次"),
        ]),
        "/debriefs/{debrief}/comment" => text(&[("comment", "先背靠背沟通")]),
        "/agreements" => text(&[("kind", "written"), ("facts", "楼上漏水。"), ("terms", "互谅互让。")]),
        "/agreement/terms" => text(&[
            ("obligor", &w.ids.party),
            ("content", "赔偿维修费"),
            ("amount", "300"),
            ("manner", "转账"),
            ("place", ""),
            ("deadline", ""),
        ]),
        "/agreement/signatures" => text(&[("signer", "committee"), ("signed_on", today)]),
        "/court" => text(&[("case_number", ""), ("court_deadline", ""), ("court_org_id", "")]),
        "/flags" => text(&[("risk", "medium"), ("escalation", "")]),
        "/hold" => text(&[("on_hold", "no"), ("reason", "")]),
        "/judicial" => text(&[
            ("applied_on", today),
            ("court", "江北区人民法院"),
            ("court_case_number", ""),
            ("result", ""),
            ("result_on", ""),
        ]),
        "/follow-ups" => text(&[
            ("visited_on", today),
            ("visitor", "小马"),
            ("method", "phone"),
            ("performance", "performed"),
            ("satisfaction", "satisfied"),
            ("remaining_risk", "none"),
            ("measures", ""),
        ]),
        "/performance" => text(&[("status", "performing"), ("note", "")]),
        "/proofs" => multipart(
            &[("description", "转账凭证")],
            vec![("file", "proof.png", "image/png", png(20, 10))],
        ),
        other => panic!("no sample form for /staff/cases/{{id}}{other}"),
    }
}

fn project_form(app: &TestApp, w: &World, pattern: &str, today: &str) -> Form {
    let version = project_version(app, w);
    let (a, p) = (format!("a_{}", w.ids.item), format!("p_{}", w.ids.item));
    let opinion_fields = [
        ("building", "1栋"),
        ("entrance", "1单元"),
        ("unit", "102"),
        ("code", "WRONGCODE"),
        ("channel", "paper"),
        ("meeting_id", ""),
        ("evidence", "纸质意向表"),
        ("free_text", "希望尽快施工"),
        (a.as_str(), "want"),
        (p.as_str(), "1"),
    ];
    match pattern {
        "/projects/{id}/respond" => text(&opinion_fields),
        "/staff/projects/{id}/opinions/new" => multipart(
            &opinion_fields,
            vec![("evidence_file", "form.png", "image/png", png(20, 10))],
        ),
        "/staff/projects/{id}/items" => text(&[
            ("menu_item_id", "menu-canopy"),
            ("rule", "ordinary"),
            ("reason", "共有部分的一般改造"),
        ]),
        "/staff/projects/{id}/stage" => text(&[("version", &version)]),
        "/staff/projects/{id}/schedule" => text(&[
            ("version", &version),
            ("opens_on", today),
            ("closes_on", ""),
            ("target_consulting", ""),
            ("target_publicity", ""),
            ("target_voting", ""),
            ("target_construction", ""),
            ("target_completed", ""),
        ]),
        "/staff/projects/{id}/opinions/{opinion}/contact" => text(&[]),
        "/staff/projects/{id}/meetings/new" => text(&[
            ("form_token", &form_token()),
            ("kind", "courtyard"),
            ("date", today),
            ("place", "社区会议室"),
            ("attendees", "20"),
            ("minutes", "讨论雨棚改造。"),
        ]),
        other => panic!("no sample form for {other}"),
    }
}

fn other_form(w: &World, pattern: &str) -> Form {
    let today = day(0);
    match pattern {
        "/login" => text(&[("username", "nobody-here"), ("password", "not-the-password")]),
        "/logout" => text(&[]),
        "/register" => text(&[
            ("phone", "13900000099"),
            ("name", "测试"),
            ("password", "resident-pass-1"),
            ("password_confirm", "resident-pass-2"),
            ("consent", "yes"),
        ]),
        "/prefs/lang" => text(&[("lang", "zh-CN"), ("next", "/")]),
        "/staff/cases/export" | "/staff/letters/export" => {
            text(&[("query", ""), ("format", "csv"), ("reason", "法院调取当事人联系方式")])
        }
        "/prefs/elder" => text(&[("elder", "0"), ("next", "/")]),
        "/prefs/compound" => text(&[("compound", "")]),
        "/account/password" => text(&[
            ("current", "not-the-password"),
            ("new_password", "a-new-password-2026"),
            ("confirm", "a-new-password-2026"),
        ]),
        "/mediation/apply" | "/staff/cases/new" => text(&[
            ("applicant_name", "张秀英"),
            ("applicant_phone", "13812345678"),
            ("respondent_name_1", "王建国"),
            ("respondent_phone_1", "13987654321"),
            ("dispute_type", "neighbour"),
            ("summary", "楼上卫生间漏水，我家天花板发霉脱落。"),
            ("requests", "修复漏水"),
            ("street_id", &w.ids.street),
            ("community_id", ""),
            ("source", "application"),
            ("ack_rights", "yes"),
            ("consent_privacy", "yes"),
        ]),
        "/letters/new" => multipart(
            &[
                ("category", "facilities"),
                ("compound_id", &w.ids.compound),
                ("place_detail", "3 栋门口"),
                ("body", "3 栋门口的雨棚破了，下雨天老人进出很不方便。"),
                ("contact_name", "李秀兰"),
                ("contact_phone", "13812345678"),
                ("consent", "yes"),
            ],
            vec![("photo_1", "a.png", "image/png", png(20, 10))],
        ),
        "/board/{place}/letters/{id}/support" => text(&[]),
        "/me/letters/attach" | "/track" => text(&[("code", &w.ids.receipt)]),
        "/staff/places/{id}/children" => text(&[("name", "2栋")]),
        "/staff/places/{id}/unmask" => text(&[]),
        "/staff/places/{id}/import" => text(&[("csv", HOUSEHOLDS_CSV)]),
        "/staff/places/{id}/import/file" => multipart(
            &[],
            vec![("file", "households.csv", "text/csv", HOUSEHOLDS_CSV.as_bytes().to_vec())],
        ),
        "/staff/places/{id}/codes" | "/staff/codes/{unit}/revoke" | "/staff/codes/{unit}/reissue" => text(&[]),
        "/staff/projects/new" => text(&[
            ("compound_id", &w.ids.compound),
            ("population_id", ""),
            ("title", "飞线整治"),
            ("description", "楼道飞线"),
        ]),
        "/admin/menu" => text(&[
            ("name", "新增雨棚"),
            ("class", "basic"),
            ("cost", "1000"),
            ("cost_unit", "item"),
            ("rule", "ordinary"),
            ("neighbour", ""),
        ]),
        "/admin/users/new" => text(&[
            ("username", "newcoord"),
            ("display_name", "新协调员"),
            ("role", "mediator"),
            ("level", "trainee"),
            ("area_id", ""),
        ]),
        "/admin/users/{id}/role" => text(&[("role", "mediator"), ("level", "senior"), ("area_id", "")]),
        "/admin/users/{id}/disable" | "/admin/users/{id}/enable" | "/admin/users/{id}/reset-password" => text(&[]),
        "/admin/committees/{id}" => text(&[
            ("name", "观音桥街道人民调解委员会"),
            ("short_name", "观调"),
            ("head", ""),
            ("seen_name", ""),
            ("seen_short_name", ""),
            ("seen_head", ""),
        ]),
        "/admin/holidays" => text(&[("day", "2027-01-01"), ("kind", "holiday"), ("name", "元旦")]),
        "/admin/holidays/{day}/remove" => text(&[]),
        "/admin/notifications/{id}/retry" | "/notifications/stop/{token}" | "/notifications/stop/{token}/resume" => {
            text(&[])
        }
        "/me/notifications" => text(&[("notifications", "off")]),
        "/admin/method-tags" => text(&[("name_zh", "换位思考"), ("name_en", "Put yourself in their place")]),
        "/admin/method-tags/{id}/retire" => text(&[("retired", "no")]),
        "/admin/dispute-types" => text(&[
            ("code", "lift"),
            ("maps_to", "property_management"),
            ("name_zh", "电梯纠纷"),
            ("name_en", "Lift disputes"),
            ("group_code", "home_land"),
            ("sort_order", "500"),
        ]),
        "/admin/letter-categories" => text(&[
            ("code", "noise"),
            ("name_zh", "噪音扰民"),
            ("name_en", "Noise"),
            ("ack_days", "2"),
            ("resolve_days", "15"),
            ("sort_order", "8"),
        ]),
        "/admin/users/{id}/profile" => text(&[("studio_id", ""), ("community_id", ""), ("introduction", "")]),
        "/centre/cases/{id}/refer" => text(&[
            ("org_id", "no-such-org"),
            ("reason", "物业纠纷，转物业调委会"),
            ("amount", "3000"),
        ]),
        "/org/referrals/{id}/contact" => text(&[]),
        "/centre/referrals/{id}/{action}" | "/org/referrals/{id}/{action}" => {
            text(&[("version", "1"), ("note", "电话确认")])
        }
        "/admin/triage" | "/admin/triage/{id}" => text(&[
            ("position", "45"),
            ("dispute_type", "housing"),
            ("min_amount", ""),
            ("max_amount", "50000"),
            ("place_id", ""),
            ("party_kind", ""),
            ("channel", "street_committee"),
            ("sector", ""),
            ("reason_zh", "房屋纠纷由街道调委会调解"),
            ("reason_en", "Housing disputes go to the street committee"),
            ("version", "1"),
        ]),
        "/admin/triage/{id}/delete" => text(&[("version", "1")]),
        "/admin/orgs" | "/admin/orgs/{id}" => text(&[
            ("name", "江北区测试调解委员会"),
            ("channel", "street_committee"),
            ("sector", ""),
            ("place_id", &w.ids.street),
            ("contact_phone", "023-67000000"),
            ("address", "观音桥街道"),
            ("hours", "周一至周五"),
            ("type", "neighbour"),
            ("active", "yes"),
        ]),
        "/admin/studios" => text(&[
            ("name", "观音桥老马工作室"),
            ("kind", "laoma_studio"),
            ("place_id", &w.ids.street),
        ]),
        "/admin/mentoring" => text(&[
            ("mentee_cap", "3"),
            ("min_cases", "20"),
            ("min_success_pct", "85"),
            ("max_oral_pct", "30"),
            ("min_training_hours", "44"),
        ]),
        "/mentoring/profile" => text(&[("introduction", "擅长邻里纠纷")]),
        "/mentoring/pairings/new" => text(&[
            ("mentor", "other-med"),
            ("mentee", "xiaoma"),
            ("program", "2027 年带教"),
            ("starts_on", &today),
            ("ends_on", "2099-12-31"),
            ("plan", "旁听调解\n独立主持调解"),
        ]),
        "/mentoring/pairings/{id}/end" => text(&[("ended_on", &today), ("reason", "调岗")]),
        "/mentoring/pairings/{id}/plan" => text(&[("position", "1"), ("done_on", &today), ("comment", "很好")]),
        "/mentoring/pairings/{id}/propose" | "/mentoring/pairings/{id}/approve" => text(&[]),
        "/mentoring/mediators/{id}/training" => text(&[
            ("category", "induction"),
            ("day", &today),
            ("topic", "人民调解法"),
            ("hours", "2.5"),
        ]),
        "/mentoring/mediators/{id}/incidents" => text(&[("case_ref", "2026-001"), ("note", "处置不当")]),
        "/staff/screenings" => text(&[
            ("held_on", &today),
            ("community_id", ""),
            ("disputes_found", "2"),
            ("disputes_prevented", "1"),
            ("cases_opened", "1"),
            ("findings", "楼道堆物"),
        ]),
        other => panic!("no sample form for {other}"),
    }
}
