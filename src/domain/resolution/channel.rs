//! Which kind of organisation resolves a dispute. People's mediation
//! committees are split by who set them up (人民调解法 Art. 34 and the
//! professional committees of 行业性专业性 mediation), because triage and
//! the centre's figures count them apart; a professional committee also
//! names its sector.

use crate::domain::vocabulary::vocabulary;

vocabulary! {
    /// The channel an organisation belongs to.
    pub enum ChannelType: "resolution.channel." {
        /// 村/社区人民调解委员会.
        CommunityCommittee = "community_committee",
        /// 乡镇/街道人民调解委员会.
        StreetCommittee = "street_committee",
        /// 企事业单位人民调解委员会.
        EnterpriseCommittee = "enterprise_committee",
        /// 行业性专业性人民调解委员会 (with a [`Sector`]).
        SectorCommittee = "sector_committee",
        /// 行政调解: a government department's mediation unit.
        Administrative = "administrative",
        /// 律师调解工作室.
        LawyerStudio = "lawyer_studio",
        /// 法院诉前调解.
        CourtPreLitigation = "court_pre_litigation",
        /// 劳动人事争议仲裁.
        LabourArbitration = "labour_arbitration",
        /// 商事仲裁 (仲裁委员会).
        CommercialArbitration = "commercial_arbitration",
        /// 法律援助.
        LegalAid = "legal_aid",
        /// 信访.
        PetitionOffice = "petition_office",
        /// 公证.
        Notary = "notary",
    }
}

vocabulary! {
    /// The sector of a professional (行业性专业性) committee.
    pub enum Sector: "resolution.sector." {
        Property = "property", Medical = "medical", Traffic = "traffic",
        Labour = "labour", Finance = "finance",
    }
}

impl ChannelType {
    /// A professional committee is only meaningful with its sector; every
    /// other channel has none, so a stray sector is refused rather than kept.
    pub fn needs_sector(self) -> bool {
        self == ChannelType::SectorCommittee
    }

    /// People's mediation committees follow Yuanba's own workflow when the
    /// dispute stays in the district's committees; the rest only report back.
    pub fn is_peoples_mediation(self) -> bool {
        matches!(
            self,
            ChannelType::CommunityCommittee
                | ChannelType::StreetCommittee
                | ChannelType::EnterpriseCommittee
                | ChannelType::SectorCommittee
        )
    }
}

/// Checks a (channel, sector) pair as an admin entered it.
pub fn valid_pair(channel: ChannelType, sector: Option<Sector>) -> bool {
    channel.needs_sector() == sector.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocabulary::assert_well_formed;

    #[test]
    fn vocabularies_are_well_formed() {
        assert_well_formed::<ChannelType>();
        assert_well_formed::<Sector>();
        assert_eq!(ChannelType::ALL.len(), 12);
        assert_eq!(Sector::ALL.len(), 5);
    }

    #[test]
    fn only_a_professional_committee_takes_a_sector() {
        assert!(valid_pair(ChannelType::SectorCommittee, Some(Sector::Finance)));
        assert!(!valid_pair(ChannelType::SectorCommittee, None));
        assert!(!valid_pair(ChannelType::LabourArbitration, Some(Sector::Labour)));
        assert!(valid_pair(ChannelType::Notary, None));
    }

    #[test]
    fn committees_are_peoples_mediation_and_courts_are_not() {
        assert!(ChannelType::StreetCommittee.is_peoples_mediation());
        assert!(ChannelType::SectorCommittee.is_peoples_mediation());
        assert!(!ChannelType::CourtPreLitigation.is_peoples_mediation());
        assert!(!ChannelType::LegalAid.is_peoples_mediation());
    }
}
