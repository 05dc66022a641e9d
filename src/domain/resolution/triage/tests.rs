use super::*;
use crate::domain::vocabulary::assert_well_formed;

fn rule(position: i32, channel: ChannelType) -> TriageRule {
    TriageRule {
        position,
        dispute_type: None,
        min_amount: None,
        max_amount: None,
        place_id: None,
        party_kind: None,
        channel,
        sector: None,
        reason_zh: format!("理由{position}"),
        reason_en: format!("reason {position}"),
    }
}

fn case(dispute_type: DisputeType) -> TriageCase {
    TriageCase {
        dispute_type,
        amount: None,
        place_ids: vec!["street-1".into(), "community-1".into()],
        party_kinds: vec![PartyKind::Person],
    }
}

fn channels(s: &[Suggestion]) -> Vec<(ChannelType, Option<Sector>)> {
    s.iter().map(|s| (s.channel, s.sector)).collect()
}

#[test]
fn party_kind_vocabulary_is_well_formed() {
    assert_well_formed::<PartyKind>();
}

#[test]
fn a_wage_dispute_goes_to_arbitration_then_the_labour_committee() {
    let rules = vec![
        TriageRule {
            dispute_type: Some(DisputeType::Labour),
            ..rule(10, ChannelType::LabourArbitration)
        },
        TriageRule {
            dispute_type: Some(DisputeType::Labour),
            sector: Some(Sector::Labour),
            ..rule(20, ChannelType::SectorCommittee)
        },
        rule(99, ChannelType::StreetCommittee),
    ];
    let got = suggest(&rules, &case(DisputeType::Labour));
    assert_eq!(
        channels(&got),
        vec![
            (ChannelType::LabourArbitration, None),
            (ChannelType::SectorCommittee, Some(Sector::Labour)),
            (ChannelType::StreetCommittee, None),
        ]
    );
    assert_eq!(got[0].reason_zh, "理由10");
    assert_eq!(channels(&suggest(&rules, &case(DisputeType::Neighbour))).len(), 1);
}

#[test]
fn rules_are_read_by_position_not_by_row_order() {
    let rules = vec![rule(20, ChannelType::Notary), rule(10, ChannelType::LegalAid)];
    let got = suggest(&rules, &case(DisputeType::Other));
    assert_eq!(
        channels(&got),
        vec![(ChannelType::LegalAid, None), (ChannelType::Notary, None)]
    );
}

#[test]
fn a_channel_is_suggested_once_with_the_first_reason() {
    let rules = vec![rule(1, ChannelType::LegalAid), rule(2, ChannelType::LegalAid)];
    let got = suggest(&rules, &case(DisputeType::Other));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].reason_en, "reason 1");
    // The same channel with another sector is another suggestion.
    let committees = vec![
        TriageRule {
            sector: Some(Sector::Finance),
            ..rule(1, ChannelType::SectorCommittee)
        },
        TriageRule {
            sector: Some(Sector::Property),
            ..rule(2, ChannelType::SectorCommittee)
        },
    ];
    assert_eq!(suggest(&committees, &case(DisputeType::Other)).len(), 2);
}

#[test]
fn the_amount_band_includes_its_lower_end_and_excludes_its_upper_end() {
    let band = TriageRule {
        min_amount: Some(10_000),
        max_amount: Some(500_000),
        ..rule(1, ChannelType::CourtPreLitigation)
    };
    let with = |amount| TriageCase {
        amount,
        ..case(DisputeType::Contract)
    };
    assert!(!band.matches(&with(Some(9_999))));
    assert!(band.matches(&with(Some(10_000))));
    assert!(band.matches(&with(Some(499_999))));
    assert!(!band.matches(&with(Some(500_000))));
    assert!(!band.matches(&with(None)), "an unknown amount is in no band");
    let open_above = TriageRule {
        min_amount: Some(1_000_000),
        ..rule(1, ChannelType::CourtPreLitigation)
    };
    assert!(open_above.matches(&with(Some(1_000_000))));
    assert!(!open_above.matches(&with(Some(999_999))));
    assert!(rule(1, ChannelType::Notary).matches(&with(None)), "no band: any amount");
}

#[test]
fn place_and_party_kind_conditions() {
    let here = TriageRule {
        place_id: Some("community-1".into()),
        ..rule(1, ChannelType::CommunityCommittee)
    };
    let elsewhere = TriageRule {
        place_id: Some("street-2".into()),
        ..rule(1, ChannelType::CommunityCommittee)
    };
    assert!(here.matches(&case(DisputeType::Neighbour)));
    assert!(!elsewhere.matches(&case(DisputeType::Neighbour)));
    let bank = TriageRule {
        party_kind: Some(PartyKind::Organisation),
        sector: Some(Sector::Finance),
        ..rule(1, ChannelType::SectorCommittee)
    };
    assert!(!bank.matches(&case(DisputeType::Contract)));
    let against_a_bank = TriageCase {
        party_kinds: vec![PartyKind::Person, PartyKind::Organisation],
        ..case(DisputeType::Contract)
    };
    assert!(bank.matches(&against_a_bank));
}

#[test]
fn no_rules_no_suggestions() {
    assert!(suggest(&[], &case(DisputeType::Other)).is_empty());
}

#[test]
fn bands_must_be_ordered_and_non_negative() {
    assert!(valid_band(None, None));
    assert!(valid_band(Some(0), None));
    assert!(valid_band(Some(1), Some(2)));
    assert!(!valid_band(Some(2), Some(2)));
    assert!(!valid_band(Some(-1), None));
    assert!(!valid_band(None, Some(-5)));
}
