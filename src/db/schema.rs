//! The one schema for both backends. Written by hand (not by `print-schema`)
//! because the two backends' generated files differ in integer widths.

diesel::table! {
    places (id) {
        id -> Text,
        parent_id -> Nullable<Text>,
        kind -> Text,
        name -> Text,
        short_name -> Nullable<Text>,
        sort_order -> Integer,
        created_at -> BigInt,
        retired_at -> Nullable<BigInt>,
        version -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        role -> Text,
        mediator_level -> Nullable<Text>,
        area_id -> Nullable<Text>,
        password_hash -> Text,
        must_change_password -> Bool,
        disabled -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<BigInt>,
        last_login_at -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
        org_id -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> BigInt,
        last_seen_at -> BigInt,
    }
}

diesel::table! {
    rate_limits (bucket) {
        bucket -> Text,
        window_start -> BigInt,
        hits -> Integer,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> BigInt,
        actor_id -> Nullable<Text>,
        actor_label -> Text,
        action -> Text,
        target_kind -> Nullable<Text>,
        target_id -> Nullable<Text>,
        detail -> Text,
        ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    committees (id) {
        id -> Text,
        street_id -> Text,
        name -> Text,
        short_name -> Text,
        head_user_id -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_number_counters (committee_id, year) {
        committee_id -> Text,
        year -> Integer,
        last_n -> Integer,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        committee_id -> Text,
        street_id -> Text,
        community_id -> Nullable<Text>,
        case_year -> Nullable<Integer>,
        case_seq -> Nullable<Integer>,
        case_number -> Nullable<Text>,
        state -> Text,
        source -> Text,
        external_ref -> Text,
        dispute_type -> Text,
        summary -> Text,
        requests -> Text,
        place_detail -> Text,
        risk_level -> Nullable<Text>,
        on_hold -> Bool,
        hold_reason -> Text,
        hold_started_at -> Nullable<BigInt>,
        hold_days -> Integer,
        extension_days -> Integer,
        escalation -> Nullable<Text>,
        prevent_criminal -> Integer,
        prevent_petition -> Integer,
        prevent_fight -> Integer,
        prevent_suicide -> Integer,
        police_report -> Text,
        lead_mediator_id -> Nullable<Text>,
        mentor_id -> Nullable<Text>,
        previous_state -> Nullable<Text>,
        outcome_note -> Text,
        archive_volume -> Text,
        archive_retention -> Text,
        archived_by -> Nullable<Text>,
        receipt_hash -> Nullable<Text>,
        registered_by -> Nullable<Text>,
        accepted_at -> Nullable<BigInt>,
        deadline_at -> Nullable<BigInt>,
        state_entered_at -> BigInt,
        version -> Integer,
        created_at -> BigInt,
        updated_at -> BigInt,
        applicant_user_id -> Nullable<Text>,
        grid_id -> Nullable<Text>,
        compound_id -> Nullable<Text>,
        personal_data_purged_at -> Nullable<BigInt>,
        screening_id -> Nullable<Text>,
        local_type -> Nullable<Text>,
    }
}

diesel::table! {
    case_co_mediators (case_id, user_id) {
        case_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    case_team (case_id, user_id, team_role) {
        case_id -> Text,
        user_id -> Text,
        team_role -> Text,
        open -> Bool,
        state -> Text,
        deadline_at -> Nullable<BigInt>,
        on_hold -> Bool,
    }
}

diesel::table! {
    case_counters (counter_key) {
        counter_key -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    case_parties (id) {
        id -> Text,
        case_id -> Text,
        party_role -> Text,
        kind -> Text,
        name -> Text,
        sex -> Text,
        age -> Nullable<Integer>,
        occupation -> Text,
        phone -> Text,
        address -> Text,
        agent -> Text,
        rights_notice_served -> Bool,
        consent -> Text,
        sort_order -> Integer,
        created_at -> BigInt,
        id_number_enc -> Text,
        agent_kind -> Text,
        agent_relation -> Text,
        agent_phone -> Text,
    }
}

diesel::table! {
    case_follow_ups (id) {
        id -> Text,
        case_id -> Text,
        visited_on -> Text,
        visitor -> Text,
        method -> Text,
        performance -> Text,
        satisfaction -> Integer,
        remaining_risk -> Text,
        measures -> Text,
        created_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_performance (id) {
        id -> Text,
        case_id -> Text,
        status -> Text,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> BigInt,
    }
}

diesel::table! {
    case_proofs (id) {
        id -> Text,
        case_id -> Text,
        position -> Integer,
        description -> Text,
        stored_name -> Text,
        mime -> Text,
        size_bytes -> BigInt,
        uploaded_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_records (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        held_on -> Text,
        place -> Text,
        persons -> Text,
        content -> Text,
        result -> Text,
        satisfaction -> Nullable<Integer>,
        created_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    agreements (id) {
        id -> Text,
        case_id -> Text,
        version -> Integer,
        kind -> Text,
        facts -> Text,
        responsibilities -> Text,
        terms -> Text,
        amount_cents -> BigInt,
        performance_deadline -> Text,
        signed_by_all -> Bool,
        sealed -> Bool,
        effective_on -> Text,
        created_by -> Text,
        created_at -> BigInt,
        agreed_on -> Text,
    }
}

diesel::table! {
    agreement_terms (id) {
        id -> Text,
        agreement_id -> Text,
        sort_order -> Integer,
        obligor_party_id -> Text,
        content -> Text,
        amount_cents -> BigInt,
        manner -> Text,
        place -> Text,
        deadline -> Text,
        created_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    agreement_signatures (id) {
        id -> Text,
        agreement_id -> Text,
        signer -> Text,
        party_id -> Nullable<Text>,
        mediator_id -> Nullable<Text>,
        signer_key -> Text,
        method -> Text,
        signed_on -> Text,
        created_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_events (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        from_state -> Nullable<Text>,
        to_state -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        actor_label -> Text,
        at -> BigInt,
        note -> Text,
        seconds_in_previous -> Nullable<BigInt>,
    }
}

diesel::table! {
    case_ending_notices (event_id) {
        event_id -> Text,
        case_id -> Text,
        ending -> Text,
        arbitration -> Bool,
        administrative -> Bool,
        litigation -> Bool,
        told_how -> Text,
        told_on -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    form_tokens (token) {
        token -> Text,
        used_at -> BigInt,
        result_ref -> Text,
    }
}

diesel::table! {
    judicial_confirmations (id) {
        id -> Text,
        case_id -> Text,
        agreement_id -> Text,
        applied_on -> Text,
        court -> Text,
        court_case_number -> Text,
        result -> Text,
        result_on -> Text,
        created_by -> Text,
        created_at -> BigInt,
        joint_application -> Bool,
    }
}

diesel::table! {
    letter_categories (code) {
        code -> Text,
        name_zh -> Text,
        name_en -> Text,
        ack_days -> Integer,
        resolve_days -> Integer,
        sort_order -> Integer,
        active -> Bool,
        version -> Integer,
    }
}

diesel::table! {
    letters (id) {
        id -> Text,
        street_id -> Text,
        community_id -> Nullable<Text>,
        place_detail -> Text,
        category -> Text,
        body -> Text,
        contact_name -> Text,
        contact_phone -> Text,
        consent -> Bool,
        status -> Text,
        receipt_hash -> Text,
        form_token -> Text,
        submitted_by -> Nullable<Text>,
        assigned_to -> Nullable<Text>,
        duplicate_of -> Nullable<Text>,
        project_ref -> Text,
        ack_due_at -> BigInt,
        resolve_due_at -> BigInt,
        acknowledged_at -> Nullable<BigInt>,
        resolved_at -> Nullable<BigInt>,
        support_count -> Integer,
        version -> Integer,
        created_at -> BigInt,
        updated_at -> BigInt,
        place_id -> Nullable<Text>,
        compound_id -> Nullable<Text>,
        project_id -> Nullable<Text>,
        public_body -> Nullable<Text>,
    }
}

diesel::table! {
    letter_photos (id) {
        id -> Text,
        letter_id -> Text,
        position -> Integer,
        stored_name -> Text,
        mime -> Text,
        size_bytes -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    letter_pending_photos (id) {
        id -> Text,
        token_key -> Text,
        slot -> Integer,
        stored_name -> Text,
        mime -> Text,
        size_bytes -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    letter_events (id) {
        id -> Text,
        letter_id -> Text,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        body -> Text,
        public -> Bool,
        actor_id -> Nullable<Text>,
        actor_label -> Text,
        at -> BigInt,
    }
}

diesel::table! {
    letter_supports (letter_id, supporter_key) {
        letter_id -> Text,
        supporter_key -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    holidays (day) {
        day -> Text,
        kind -> Text,
        name -> Text,
        created_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_extensions (id) {
        id -> Text,
        case_id -> Text,
        seq -> Integer,
        days -> Integer,
        last_day_before -> Text,
        last_day_after -> Text,
        note -> Text,
        recorded_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_extension_consents (id) {
        id -> Text,
        extension_id -> Text,
        party_id -> Text,
        method -> Text,
        consented_on -> Text,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        recipient_kind -> Text,
        recipient_user_id -> Nullable<Text>,
        address_sealed -> Text,
        address_hash -> Text,
        channel -> Text,
        template -> Text,
        params -> Text,
        object_kind -> Text,
        object_id -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> BigInt,
        last_error -> Text,
        lease_owner -> Nullable<Text>,
        leased_until -> Nullable<BigInt>,
        sent_at -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    notification_opt_outs (address_hash) {
        address_hash -> Text,
        created_at -> BigInt,
        set_by_user_id -> Nullable<Text>,
    }
}

diesel::table! {
    court_entrustments (case_id) {
        case_id -> Text,
        court_deadline -> Text,
        court_org_id -> Nullable<Text>,
        version -> Integer,
        updated_at -> BigInt,
    }
}

diesel::table! {
    centre_counts (street_id, count_key) {
        street_id -> Text,
        count_key -> Text,
        n -> BigInt,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(users -> places (area_id));
diesel::joinable!(users -> resolution_orgs (org_id));
diesel::joinable!(audit_log -> users (actor_id));
diesel::joinable!(committees -> places (street_id));
diesel::joinable!(cases -> committees (committee_id));
diesel::joinable!(case_parties -> cases (case_id));
diesel::joinable!(case_records -> cases (case_id));
diesel::joinable!(case_follow_ups -> cases (case_id));
diesel::joinable!(case_extensions -> cases (case_id));
diesel::joinable!(case_extension_consents -> case_extensions (extension_id));
diesel::joinable!(case_performance -> cases (case_id));
diesel::joinable!(case_proofs -> cases (case_id));
diesel::joinable!(agreements -> cases (case_id));
diesel::joinable!(agreement_terms -> agreements (agreement_id));
diesel::joinable!(agreement_signatures -> agreements (agreement_id));
diesel::joinable!(case_events -> cases (case_id));
diesel::joinable!(case_ending_notices -> cases (case_id));
diesel::joinable!(case_co_mediators -> cases (case_id));
diesel::joinable!(case_team -> cases (case_id));
diesel::table! {
    households (id) {
        id -> Text,
        unit_id -> Text,
        compound_id -> Text,
        area_centi -> BigInt,
        owners -> Text,
        developer_unsold -> Bool,
        updated_at -> BigInt,
    }
}

diesel::table! {
    household_codes (id) {
        id -> Text,
        unit_id -> Text,
        code_hash -> Text,
        issued_at -> BigInt,
        issued_by -> Nullable<Text>,
        revoked_at -> Nullable<BigInt>,
        hash_scheme -> Text,
    }
}

diesel::table! {
    dispute_types (code) {
        code -> Text,
        name_zh -> Text,
        name_en -> Text,
        sort_order -> Integer,
        retired_at -> Nullable<BigInt>,
        version -> Integer,
        group_code -> Text,
        hint_zh -> Text,
        hint_en -> Text,
        maps_to -> Nullable<Text>,
    }
}

diesel::table! {
    menu_items (id) {
        id -> Text,
        name -> Text,
        class -> Text,
        unit_cost_cents -> BigInt,
        cost_unit -> Text,
        default_rule -> Text,
        needs_neighbour_consent -> Bool,
        sort_order -> Integer,
        created_at -> BigInt,
        retired_at -> Nullable<BigInt>,
        version -> Integer,
    }
}

diesel::table! {
    projects (id) {
        id -> Text,
        street_id -> Text,
        compound_id -> Text,
        population_id -> Text,
        title -> Text,
        description -> Text,
        stage -> Text,
        stage_started_at -> BigInt,
        created_by -> Nullable<Text>,
        created_at -> BigInt,
        version -> Integer,
        opinions_open_day -> Nullable<BigInt>,
        opinions_close_day -> Nullable<BigInt>,
        target_consulting -> Integer,
        target_publicity -> Integer,
        target_voting -> Integer,
        target_construction -> Integer,
        target_completed -> Integer,
    }
}

diesel::table! {
    project_items (id) {
        id -> Text,
        project_id -> Text,
        menu_item_id -> Text,
        rule -> Text,
        rule_reason -> Text,
        subject_unit_id -> Nullable<Text>,
        sort_order -> Integer,
        item_name -> Text,
        item_class -> Text,
        unit_cost_cents -> BigInt,
        cost_unit -> Text,
        needs_neighbour_consent -> Bool,
    }
}

diesel::table! {
    opinions (id) {
        id -> Text,
        project_id -> Text,
        unit_id -> Nullable<Text>,
        channel -> Text,
        counted -> Bool,
        free_text -> Text,
        form_token -> Text,
        recorded_by -> Nullable<Text>,
        meeting_id -> Nullable<Text>,
        evidence -> Text,
        created_at -> BigInt,
        contact_name -> Text,
        contact_phone -> Text,
        consent -> Bool,
        submitted_by -> Nullable<Text>,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        project_id -> Text,
        kind -> Text,
        held_at -> BigInt,
        place -> Text,
        attendees -> Integer,
        minutes -> Text,
        created_by -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    opinion_evidence (opinion_id) {
        opinion_id -> Text,
        stored_name -> Text,
        mime -> Text,
        size_bytes -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    opinion_items (id) {
        id -> Text,
        opinion_id -> Text,
        project_item_id -> Text,
        choice -> Text,
        priority -> Integer,
    }
}

diesel::table! {
    ballots (seq) {
        seq -> BigInt,
        project_item_id -> Text,
        unit_id -> Text,
        opinion_id -> Text,
        choice -> Text,
        channel -> Text,
        recorded_at -> BigInt,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    ballot_anchors (id) {
        id -> Text,
        project_id -> Text,
        head_seq -> BigInt,
        head_hash -> Text,
        published_at -> BigInt,
        published_by -> Nullable<Text>,
    }
}

diesel::table! {
    review_comments (id) {
        id -> Text,
        case_id -> Text,
        event_id -> Text,
        reviewer_id -> Text,
        lead_id -> Nullable<Text>,
        stage -> Text,
        decision -> Text,
        comment -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    oral_reviews (agreement_id) {
        agreement_id -> Text,
        case_id -> Text,
        mentor_id -> Text,
        lead_id -> Text,
        entered_at -> BigInt,
        reviewed_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    debriefs (id) {
        id -> Text,
        case_id -> Text,
        record_id -> Text,
        author_id -> Text,
        went_well -> Text,
        missing -> Text,
        next_steps -> Text,
        created_at -> BigInt,
        mentor_comment -> Text,
        commented_by -> Nullable<Text>,
        commented_at -> Nullable<BigInt>,
    }
}

diesel::joinable!(review_comments -> cases (case_id));
diesel::joinable!(oral_reviews -> cases (case_id));
diesel::joinable!(debriefs -> cases (case_id));

diesel::table! {
    method_tags (id) {
        id -> Text,
        name_zh -> Text,
        name_en -> Text,
        retired -> Bool,
        created_at -> BigInt,
    }
}

diesel::table! {
    case_method_tags (case_id, tag_id) {
        case_id -> Text,
        tag_id -> Text,
    }
}

diesel::table! {
    debrief_method_tags (debrief_id, tag_id) {
        debrief_id -> Text,
        tag_id -> Text,
    }
}

diesel::joinable!(case_method_tags -> cases (case_id));
diesel::joinable!(case_method_tags -> method_tags (tag_id));
diesel::joinable!(debrief_method_tags -> method_tags (tag_id));

diesel::joinable!(project_items -> menu_items (menu_item_id));

diesel::joinable!(letter_photos -> letters (letter_id));
diesel::joinable!(letter_events -> letters (letter_id));
diesel::joinable!(letter_supports -> letters (letter_id));
diesel::table! {
    studios (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        place_id -> Text,
        created_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    mediator_profiles (user_id) {
        user_id -> Text,
        studio_id -> Nullable<Text>,
        community_id -> Nullable<Text>,
        introduction -> Text,
        updated_at -> BigInt,
    }
}

diesel::table! {
    mediator_specialties (user_id, dispute_type) {
        user_id -> Text,
        dispute_type -> Text,
    }
}

diesel::table! {
    pairings (id) {
        id -> Text,
        mentor_id -> Text,
        mentee_id -> Text,
        program -> Text,
        starts_on -> Text,
        ends_on -> Text,
        active -> Bool,
        ended_on -> Text,
        end_reason -> Text,
        created_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    pairing_plan_items (pairing_id, position) {
        pairing_id -> Text,
        position -> Integer,
        text -> Text,
        done_on -> Text,
        comment -> Text,
    }
}

diesel::table! {
    training_hours (id) {
        id -> Text,
        mediator_id -> Text,
        category -> Text,
        day -> Text,
        topic -> Text,
        tenths -> Integer,
        entered_by -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    mediator_incidents (id) {
        id -> Text,
        mediator_id -> Text,
        case_ref -> Text,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> BigInt,
    }
}

diesel::table! {
    graduations (pairing_id) {
        pairing_id -> Text,
        mentee_id -> Text,
        proposed_by -> Text,
        proposed_at -> BigInt,
        approved_by -> Nullable<Text>,
        approved_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    mentorship_settings (id) {
        id -> Integer,
        mentee_cap -> Integer,
        min_cases -> Integer,
        min_success_pct -> Integer,
        max_oral_pct -> Integer,
        min_training_tenths -> Integer,
        updated_at -> BigInt,
    }
}

diesel::joinable!(pairing_plan_items -> pairings (pairing_id));
diesel::joinable!(graduations -> pairings (pairing_id));
diesel::joinable!(mediator_profiles -> studios (studio_id));

diesel::table! {
    stat_counts (dim, street_id, community_id, month, dim_value, metric) {
        dim -> Text,
        street_id -> Text,
        community_id -> Text,
        month -> Integer,
        dim_value -> Text,
        metric -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    screenings (id) {
        id -> Text,
        street_id -> Text,
        community_id -> Nullable<Text>,
        held_on -> Text,
        month -> Integer,
        conducted_by -> Text,
        disputes_found -> Integer,
        disputes_prevented -> Integer,
        cases_opened -> Integer,
        findings -> Text,
        created_at -> BigInt,
        cases_linked -> Integer,
        grid_id -> Nullable<Text>,
    }
}

diesel::table! {
    resolution_orgs (id) {
        id -> Text,
        name -> Text,
        channel -> Text,
        sector -> Nullable<Text>,
        place_id -> Text,
        contact_phone -> Text,
        address -> Text,
        hours -> Text,
        dispute_types -> Text,
        active -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    triage_rules (id) {
        id -> Text,
        position -> Integer,
        dispute_type -> Nullable<Text>,
        min_amount -> Nullable<BigInt>,
        max_amount -> Nullable<BigInt>,
        place_id -> Nullable<Text>,
        party_kind -> Nullable<Text>,
        channel -> Text,
        sector -> Nullable<Text>,
        reason_zh -> Text,
        reason_en -> Text,
        version -> Integer,
    }
}

diesel::table! {
    referrals (id) {
        id -> Text,
        case_id -> Text,
        org_id -> Text,
        state -> Text,
        version -> Integer,
        reason -> Text,
        amount -> Nullable<BigInt>,
        sent_by -> Nullable<Text>,
        sent_at -> BigInt,
        accept_by -> BigInt,
        report_days -> Integer,
        accepted_at -> Nullable<BigInt>,
        report_by -> Nullable<BigInt>,
        returned_reason -> Text,
        outcome -> Nullable<Text>,
        outcome_at -> Nullable<BigInt>,
        closed_at -> Nullable<BigInt>,
        escalations -> Integer,
        last_escalated_at -> Nullable<BigInt>,
        updated_at -> BigInt,
    }
}

diesel::table! {
    referral_events (id) {
        id -> Text,
        referral_id -> Text,
        kind -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        actor_id -> Nullable<Text>,
        actor_label -> Text,
        at -> BigInt,
        note -> Text,
    }
}

diesel::table! {
    place_contacts (place_id) {
        place_id -> Text,
        phone -> Text,
        address -> Text,
        hours -> Text,
        updated_at -> BigInt,
        version -> Integer,
    }
}

diesel::table! {
    project_headlines (project_id) {
        project_id -> Text,
        items -> Integer,
        answered -> BigInt,
        owners -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::joinable!(place_contacts -> places (place_id));
diesel::joinable!(project_headlines -> projects (project_id));
diesel::joinable!(referrals -> resolution_orgs (org_id));
diesel::joinable!(referrals -> cases (case_id));
diesel::joinable!(referral_events -> referrals (referral_id));

diesel::allow_tables_to_appear_in_same_query!(
    centre_counts,
    places,
    place_contacts,
    project_headlines,
    screenings,
    users,
    sessions,
    rate_limits,
    audit_log,
    committees,
    case_number_counters,
    cases,
    case_co_mediators,
    case_team,
    case_counters,
    case_parties,
    case_records,
    case_follow_ups,
    case_extensions,
    case_extension_consents,
    holidays,
    case_performance,
    case_proofs,
    agreements,
    agreement_terms,
    agreement_signatures,
    case_events,
    case_ending_notices,
    review_comments,
    oral_reviews,
    debriefs,
    method_tags,
    case_method_tags,
    debrief_method_tags,
    form_tokens,
    judicial_confirmations,
    households,
    household_codes,
    menu_items,
    dispute_types,
    projects,
    project_items,
    opinions,
    opinion_items,
    opinion_evidence,
    meetings,
    ballots,
    ballot_anchors,
    letter_categories,
    letters,
    letter_photos,
    letter_pending_photos,
    letter_events,
    letter_supports,
    studios,
    mediator_profiles,
    mediator_specialties,
    pairings,
    pairing_plan_items,
    training_hours,
    mediator_incidents,
    graduations,
    mentorship_settings,
    resolution_orgs,
    triage_rules,
    referrals,
    referral_events,
);

// The renovation figures count intention answers by menu class and choice
// (`db::renovation_counts::answers_by_class`).
diesel::allow_columns_to_appear_in_same_group_by_clause!(menu_items::class, opinion_items::choice);
