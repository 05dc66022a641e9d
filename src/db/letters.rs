//! The `letters` table: mailbox letters (DESIGN.md §4.5).

use crate::domain::letters::LetterStatus;
use diesel::prelude::*;

use super::DbConn;
use super::schema::letters;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = letters)]
pub struct Letter {
    pub id: String,
    pub street_id: String,
    pub community_id: Option<String>,
    pub place_detail: String,
    pub category: String,
    pub body: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub consent: bool,
    pub status: LetterStatus,
    pub receipt_hash: String,
    pub form_token: String,
    pub submitted_by: Option<String>,
    pub assigned_to: Option<String>,
    pub duplicate_of: Option<String>,
    pub project_ref: String,
    pub ack_due_at: i64,
    pub resolve_due_at: i64,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub support_count: i32,
    pub version: i32,
    pub created_at: i64,
    pub updated_at: i64,
    /// The compound or building the letter is about (None: letters sent
    /// before places went down to compounds).
    pub place_id: Option<String>,
    pub compound_id: Option<String>,
    /// The project an adopted letter went into.
    pub project_id: Option<String>,
    /// The text staff approved for the public board (edited or redacted);
    /// None: the board shows no text of this letter.
    pub public_body: Option<String>,
}

impl Letter {
    pub fn status(&self) -> LetterStatus {
        self.status
    }

    pub fn clocks(&self) -> crate::domain::letters::Clocks {
        crate::domain::letters::Clocks {
            ack_due_at: self.ack_due_at,
            resolve_due_at: self.resolve_due_at,
        }
    }

    pub fn is_overdue(&self, now: i64) -> bool {
        crate::domain::letters::is_overdue(now, self.clocks(), self.acknowledged_at, self.resolved_at)
    }
}

pub fn insert(conn: &mut DbConn, letter: &Letter) -> QueryResult<()> {
    diesel::insert_into(letters::table)
        .values(letter)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Letter>> {
    letters::table
        .find(id)
        .select(Letter::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_receipt(conn: &mut DbConn, hash: &str) -> QueryResult<Option<Letter>> {
    letters::table
        .filter(letters::receipt_hash.eq(hash))
        .select(Letter::as_select())
        .first(conn)
        .optional()
}

/// What the staff queue filters on. `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct LetterFilter {
    pub street_id: Option<String>,
    pub status: Option<LetterStatus>,
    pub category: Option<String>,
    pub community_id: Option<String>,
    pub compound_id: Option<String>,
    /// Only letters past a clock at this time.
    pub overdue_at: Option<i64>,
    /// Keyset cursor: only letters with an id below this one.
    pub before_id: Option<String>,
}

/// Newest first, keyset-paginated on the time-ordered id.
pub fn list(conn: &mut DbConn, filter: &LetterFilter, limit: i64) -> QueryResult<Vec<Letter>> {
    let mut query = letters::table.select(Letter::as_select()).into_boxed();
    if let Some(street) = &filter.street_id {
        query = query.filter(letters::street_id.eq(street.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(letters::status.eq(*status));
    }
    if let Some(category) = &filter.category {
        query = query.filter(letters::category.eq(category.clone()));
    }
    if let Some(community) = &filter.community_id {
        query = query.filter(letters::community_id.eq(community.clone()));
    }
    if let Some(compound) = &filter.compound_id {
        query = query.filter(letters::compound_id.eq(compound.clone()));
    }
    if let Some(now) = filter.overdue_at {
        query = query.filter(
            (letters::acknowledged_at.is_null().and(letters::ack_due_at.lt(now)))
                .or(letters::resolved_at.is_null().and(letters::resolve_due_at.lt(now))),
        );
    }
    if let Some(before) = &filter.before_id {
        query = query.filter(letters::id.lt(before.clone()));
    }
    // The LIMIT is written into the SQL (see `inline_limit`): the queue
    // and each chunk of an export run this statement again and again.
    query
        .order(super::inline_limit::newest_first("letters.id", limit))
        .load(conn)
}

/// Other letters of the same street, newest first, to link a duplicate to.
pub fn recent_in_street(conn: &mut DbConn, street_id: &str, except: &str, limit: i64) -> QueryResult<Vec<Letter>> {
    letters::table
        .filter(letters::street_id.eq(street_id))
        .filter(letters::id.ne(except))
        .order(letters::id.desc())
        .limit(limit)
        .select(Letter::as_select())
        .load(conn)
}

/// The fields a staff action changes, written only if nobody changed the
/// letter since `seen_version`. Returns false on a conflict.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = letters, treat_none_as_null = true)]
pub struct LetterUpdate {
    pub status: LetterStatus,
    pub assigned_to: Option<String>,
    pub duplicate_of: Option<String>,
    pub project_id: Option<String>,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub public_body: Option<String>,
    pub updated_at: i64,
}

impl LetterUpdate {
    pub fn of(letter: &Letter, now: i64) -> Self {
        LetterUpdate {
            status: letter.status,
            assigned_to: letter.assigned_to.clone(),
            duplicate_of: letter.duplicate_of.clone(),
            project_id: letter.project_id.clone(),
            acknowledged_at: letter.acknowledged_at,
            resolved_at: letter.resolved_at,
            public_body: letter.public_body.clone(),
            updated_at: now,
        }
    }
}

pub fn update_versioned(conn: &mut DbConn, id: &str, seen_version: i32, update: &LetterUpdate) -> QueryResult<bool> {
    let n = diesel::update(
        letters::table
            .filter(letters::id.eq(id))
            .filter(letters::version.eq(seen_version)),
    )
    .set((update, letters::version.eq(seen_version + 1)))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn add_support(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::update(letters::table.find(id))
        .set(letters::support_count.eq(letters::support_count + 1))
        .execute(conn)
        .map(|_| ())
}

/// A compound's letters that staff have handled, for its public board
/// (received and duplicate letters are not shown).
pub fn public_for_compound(conn: &mut DbConn, compound_id: &str, limit: i64) -> QueryResult<Vec<Letter>> {
    letters::table
        .filter(letters::compound_id.eq(compound_id))
        .filter(letters::status.ne_all([LetterStatus::Received, LetterStatus::Duplicate]))
        .order(letters::id.desc())
        .limit(limit)
        .select(Letter::as_select())
        .load(conn)
}

/// The letters a resident sent while logged in, newest first ("我的").
pub fn for_submitter(conn: &mut DbConn, user_id: &str, limit: i64) -> QueryResult<Vec<Letter>> {
    letters::table
        .filter(letters::submitted_by.eq(user_id))
        .order(letters::id.desc())
        .limit(limit)
        .select(Letter::as_select())
        .load(conn)
}

/// Attaches an anonymous letter to a resident's account; false when the
/// letter already belongs to someone.
pub fn attach_to(conn: &mut DbConn, id: &str, user_id: &str) -> QueryResult<bool> {
    let n = diesel::update(letters::table.find(id).filter(letters::submitted_by.is_null()))
        .set(letters::submitted_by.eq(user_id))
        .execute(conn)?;
    Ok(n == 1)
}

/// What the open-data API selects among public letters (see
/// `domain::open311::is_public`, which these conditions follow).
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    pub categories: Vec<String>,
    /// Empty: every public status.
    pub statuses: Vec<LetterStatus>,
    pub created_from: Option<i64>,
    pub created_before: Option<i64>,
}

/// Public letters, newest first, one page of them.
pub fn public_page(conn: &mut DbConn, filter: &PublicFilter, limit: i64, offset: i64) -> QueryResult<Vec<Letter>> {
    let mut query = letters::table
        .filter(letters::public_body.is_not_null())
        .filter(letters::status.ne_all([LetterStatus::Received, LetterStatus::Duplicate]))
        .select(Letter::as_select())
        .into_boxed();
    if !filter.statuses.is_empty() {
        query = query.filter(letters::status.eq_any(filter.statuses.clone()));
    }
    if !filter.categories.is_empty() {
        query = query.filter(letters::category.eq_any(filter.categories.clone()));
    }
    if let Some(from) = filter.created_from {
        query = query.filter(letters::created_at.ge(from));
    }
    if let Some(before) = filter.created_before {
        query = query.filter(letters::created_at.lt(before));
    }
    query
        .order(super::inline_limit::newest_first_page("letters.id", limit, offset))
        .load(conn)
}

/// Letters not yet acknowledged in one street (or the whole district),
/// oldest first: the (street, status, id) and (status, id) indexes give
/// them in order, so this reads `limit` index entries.
pub fn awaiting_ack(conn: &mut DbConn, street: Option<&str>, limit: i64) -> QueryResult<Vec<Letter>> {
    let mut query = letters::table
        .filter(letters::status.eq(LetterStatus::Received))
        .select(Letter::as_select())
        .into_boxed();
    if let Some(street) = street {
        query = query.filter(letters::street_id.eq(street.to_owned()));
    }
    query.order(letters::id.asc()).limit(limit).load(conn)
}

/// How many letters wait for acknowledgement, counted up to `cap`: the
/// navigation shows it on every page, so it reads at most `cap` index
/// entries however large the backlog (the badge then says "99+").
pub fn count_awaiting_ack(conn: &mut DbConn, street: Option<&str>, cap: i64) -> QueryResult<i64> {
    let mut query = letters::table
        .filter(letters::status.eq(LetterStatus::Received))
        .select(letters::id)
        .into_boxed();
    if let Some(street) = street {
        query = query.filter(letters::street_id.eq(street.to_owned()));
    }
    Ok(query.limit(cap).load::<String>(conn)?.len() as i64)
}
