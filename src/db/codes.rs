//! Every domain vocabulary stored as TEXT, on every backend.
//!
//! The columns stay TEXT with a `CHECK` (no migration, readable in `psql`
//! and `sqlite3`); the rows hold the enums. Loading a row with a code the
//! enum does not know fails with a deserialisation error naming the type,
//! so bad data surfaces where it is read instead of becoming some default.
//!
//! The impls are written once, generic over the backend: the
//! `MultiConnection`'s backend binds and reads TEXT like the two it wraps.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::internal::derives::as_expression::Bound;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{Nullable, Text};

use crate::domain::agreement::{AgreementKind, SignMethod};
use crate::domain::case_review::{ReviewDecision, ReviewStage};
use crate::domain::consensus::{Choice, DecisionRule};
use crate::domain::ending_notice::NoticeMethod;
use crate::domain::extension_consent::ConsentMethod;
use crate::domain::follow_up::{Performance, VisitMethod};
use crate::domain::legal_period::DayKind;
use crate::domain::letters::{LetterEventKind, LetterStatus};
use crate::domain::mediation::{
    CaseEventKind, CaseSource, Consent, DisputeGroup, DisputeType, Escalation, JudicialResult, PartyRole, RecordKind,
    RiskLevel, TeamRole,
};
use crate::domain::mediation_workflow::CaseState;
use crate::domain::mentorship::{StudioKind, TrainingCategory};
use crate::domain::notification::{ChannelKind, NotificationState, NotificationTemplate, ObjectKind, RecipientKind};
use crate::domain::place::PlaceKind;
use crate::domain::renovation::{Channel, MeetingKind, MenuClass, Stage};
use crate::domain::resolution::{ChannelType, Outcome, PartyKind, ReferralEventKind, ReferralState, Sector};
use crate::domain::role::{MediatorLevel, Role};
use crate::domain::vocabulary::Vocabulary;

/// Reads a stored code back into its vocabulary, naming the type on failure.
fn decode<V: Vocabulary>(code: &str) -> deserialize::Result<V> {
    V::from_code(code).ok_or_else(|| format!("unknown {} code {code:?} in the database", V::NAME).into())
}

macro_rules! stored_as_text {
    ($($ty:ty),+ $(,)?) => {$(
        impl<DB: Backend> ToSql<Text, DB> for $ty
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <str as ToSql<Text, DB>>::to_sql(Vocabulary::code(*self), out)
            }
        }

        impl<DB: Backend> ToSql<Nullable<Text>, DB> for $ty
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <Self as ToSql<Text, DB>>::to_sql(self, out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $ty
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                decode(&<String as FromSql<Text, DB>>::from_sql(bytes)?)
            }
        }

        impl<DB: Backend> Queryable<Text, DB> for $ty
        where
            Self: FromSql<Text, DB>,
        {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl AsExpression<Text> for $ty {
            type Expression = Bound<Text, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl AsExpression<Nullable<Text>> for $ty {
            type Expression = Bound<Nullable<Text>, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Text> for &'a $ty {
            type Expression = Bound<Text, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Nullable<Text>> for &'a $ty {
            type Expression = Bound<Nullable<Text>, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
    )+};
}

stored_as_text!(
    CaseState,
    CaseSource,
    DisputeType,
    DisputeGroup,
    RiskLevel,
    Role,
    MediatorLevel,
    LetterStatus,
    LetterEventKind,
    Stage,
    Channel,
    MenuClass,
    DecisionRule,
    Choice,
    SignMethod,
    AgreementKind,
    VisitMethod,
    Performance,
    PartyRole,
    Consent,
    RecordKind,
    JudicialResult,
    CaseEventKind,
    MeetingKind,
    TeamRole,
    PlaceKind,
    Escalation,
    DayKind,
    ConsentMethod,
    NoticeMethod,
    StudioKind,
    TrainingCategory,
    ReviewStage,
    ReviewDecision,
    RecipientKind,
    ChannelKind,
    NotificationState,
    NotificationTemplate,
    ObjectKind,
    ChannelType,
    Sector,
    ReferralState,
    Outcome,
    ReferralEventKind,
    PartyKind,
);
