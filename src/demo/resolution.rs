//! Resolution-centre demo (issue 16): the organisations of the district
//! that the centre refers disputes to, including the financial-dispute
//! service centre's financial mediation committee and lawyer studio, the
//! 物业 committee, labour arbitration and the court's pre-litigation
//! mediation. Does nothing once an organisation exists. Phone numbers are
//! made up.

use crate::db::resolution_orgs::{self, ResolutionOrg, types_text};
use crate::db::{DbConn, DbError, new_id, now_ts, places};
use crate::domain::mediation::DisputeType;
use crate::domain::place::PlaceKind;
use crate::domain::resolution::{ChannelType, Sector};

/// (name, channel, sector, street or "" for the district, phone, address, hours, types).
type OrgSeed = (
    &'static str,
    ChannelType,
    Option<Sector>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [DisputeType],
);

const WEEKDAYS: &str = "周一至周五 9:00–12:00, 14:00–17:30";

#[rustfmt::skip]
const ORGS: [OrgSeed; 14] = [
    ("江北区金融纠纷人民调解委员会", ChannelType::SectorCommittee, Some(Sector::Finance), "",
     "023-67100101", "江北区金融纠纷服务中心二楼（江北嘴）", WEEKDAYS, &[DisputeType::Contract, DisputeType::Business]),
    ("金融纠纷服务中心律师调解工作室", ChannelType::LawyerStudio, None, "",
     "023-67100102", "江北区金融纠纷服务中心三楼（江北嘴）", WEEKDAYS, &[DisputeType::Contract, DisputeType::Business]),
    ("江北区物业纠纷人民调解委员会", ChannelType::SectorCommittee, Some(Sector::Property), "观音桥街道",
     "023-67100201", "观音桥街道建新北路社区服务中心一楼", "周一至周六 9:00–17:30", &[DisputeType::PropertyManagement]),
    ("江北区医疗纠纷人民调解委员会", ChannelType::SectorCommittee, Some(Sector::Medical), "",
     "023-67100301", "江北区卫生健康委员会一楼", WEEKDAYS, &[DisputeType::Medical]),
    ("江北区道路交通事故纠纷人民调解委员会", ChannelType::SectorCommittee, Some(Sector::Traffic), "",
     "023-67100401", "江北区交巡警支队事故处理大队", "每天 8:30–18:00", &[DisputeType::Traffic]),
    ("江北区劳动争议人民调解委员会", ChannelType::SectorCommittee, Some(Sector::Labour), "",
     "023-67100501", "江北区人力资源和社会保障局服务大厅", WEEKDAYS, &[DisputeType::Labour]),
    ("江北区劳动人事争议仲裁委员会", ChannelType::LabourArbitration, None, "",
     "023-67100502", "江北区人力资源和社会保障局四楼", WEEKDAYS, &[DisputeType::Labour]),
    ("江北区人民法院诉前调解中心", ChannelType::CourtPreLitigation, None, "",
     "023-67100601", "江北区人民法院诉讼服务中心", WEEKDAYS, &[]),
    ("重庆仲裁委员会江北服务点", ChannelType::CommercialArbitration, None, "",
     "023-67100701", "江北区金融纠纷服务中心四楼（江北嘴）", WEEKDAYS, &[DisputeType::Contract, DisputeType::Business]),
    ("江北区法律援助中心", ChannelType::LegalAid, None, "",
     "023-67100801", "江北区司法局一楼", WEEKDAYS, &[]),
    ("江北区信访办公室", ChannelType::PetitionOffice, None, "",
     "023-67100901", "江北区人民政府信访接待大厅", WEEKDAYS, &[]),
    ("江北区公证处", ChannelType::Notary, None, "",
     "023-67101001", "江北区公证处服务大厅", WEEKDAYS, &[]),
    ("区市场监管局消费纠纷行政调解室", ChannelType::Administrative, None, "",
     "023-67101101", "江北区市场监督管理局一楼", WEEKDAYS, &[DisputeType::Consumer]),
    ("观音桥街道人民调解委员会", ChannelType::StreetCommittee, None, "观音桥街道",
     "023-67101201", "观音桥街道综治中心", WEEKDAYS, &[]),
];

pub fn seed(conn: &mut DbConn) -> Result<(), DbError> {
    if !resolution_orgs::all(conn)?.is_empty() {
        return Ok(());
    }
    let district = places::of_kinds(conn, &[PlaceKind::District])?
        .into_iter()
        .next()
        .ok_or(DbError::Query(diesel::result::Error::NotFound))?;
    let now = now_ts();
    for (name, channel, sector, street, phone, address, hours, types) in ORGS {
        let place_id = match street {
            "" => district.id.clone(),
            name => places::find_street_by_name(conn, name)?
                .map(|p| p.id)
                .unwrap_or_else(|| district.id.clone()),
        };
        let org = ResolutionOrg {
            id: new_id(),
            name: name.to_owned(),
            channel,
            sector,
            place_id,
            contact_phone: phone.to_owned(),
            address: address.to_owned(),
            hours: hours.to_owned(),
            dispute_types: types_text(types),
            active: true,
            created_at: now,
            updated_at: now,
        };
        resolution_orgs::insert(conn, &org)?;
    }
    Ok(())
}

/// The 物业 committee's own staff account, `demo-wuye`: it answers the
/// referrals sent to the committee at `/org`. Returns 1 when created.
pub fn seed_staff(conn: &mut DbConn, password_hash: &str) -> Result<usize, crate::accounts::AccountError> {
    use crate::accounts::{self, AccountError, AccountSpec, NewAccount};
    use crate::domain::account::{DisplayName, Username};
    let Some(org) = resolution_orgs::all(conn)?
        .into_iter()
        .find(|o| o.sector == Some(Sector::Property))
    else {
        return Ok(0);
    };
    let spec = AccountSpec {
        account: NewAccount {
            username: Username::parse("demo-wuye").expect("a valid login"),
            display_name: DisplayName::parse("刘敏（物业调委会）").expect("a valid name"),
            role: crate::domain::role::Role::OrgStaff,
            level: None,
            area_id: None,
            org_id: Some(org.id),
        },
        password_hash: password_hash.to_owned(),
        must_change_password: false,
    };
    match accounts::create(conn, &spec, &crate::db::audit::AuditActor::system()) {
        Ok(_) => Ok(1),
        Err(AccountError::UsernameTaken) => Ok(0),
        Err(e) => Err(e),
    }
}
