//! The people and places of a generated district: accounts made through
//! the normal account code (one password hash shared, since hashing is
//! deliberately slow), a committee head per street, and a few
//! communities with compounds and buildings for letters.

use super::names;
use super::rng::Rng;
use crate::accounts::{self, AccountError, AccountSpec, NewAccount};
use crate::db::{DbConn, DbError, audit, committees, places};
use crate::domain::account::{DisplayName, Username};
use crate::domain::place::PlaceKind;
use crate::domain::role::{MediatorLevel, Role};

/// Share of the district's cases per street, in `reference::STREETS_AND_TOWNS`
/// order: 观音桥 is the busiest, the towns the quietest.
const STREET_WEIGHTS: [u32; 12] = [30, 14, 12, 8, 7, 7, 5, 5, 3, 4, 3, 2];
const MEDIATORS_PER_100: u32 = 60;
const COMMUNITY_SUFFIXES: [&str; 3] = ["新村", "花园", "滨江"];

#[derive(Clone)]
pub struct Person {
    pub id: String,
    /// What the application writes as the actor of an event (the login).
    pub label: String,
}

pub struct Mediator {
    pub person: Person,
    pub trainee: bool,
    pub weight: u32,
}

pub struct Compound {
    pub id: String,
    pub community_id: String,
}

pub struct StreetCast {
    pub street_id: String,
    pub committee_id: String,
    pub short_name: String,
    pub coordinator: Person,
    pub head: Person,
    pub mediators: Vec<Mediator>,
    /// Everyone, the trainees and the seniors (see [`StreetCast::pick`]).
    pools: [Pool; 3],
    pub compounds: Vec<Compound>,
}

pub struct Cast {
    pub streets: Vec<StreetCast>,
    pub admin: Person,
    weights: Vec<u32>,
}

impl Cast {
    pub fn pick_street(&self, rng: &mut Rng) -> usize {
        rng.weighted(&self.weights)
    }

    /// Street number `s`'s share of the district (the weights add up to 100).
    pub fn weight_of(&self, s: usize) -> u32 {
        self.weights[s]
    }
}

impl StreetCast {
    /// A mediator other than `not`, trainee or senior as asked (any if None).
    /// Draws from the pool (O(log n), so a district of thousands of
    /// mediators seeds as fast as a small one) and draws again past `not`.
    pub fn pick(&self, rng: &mut Rng, trainee: Option<bool>, not: &[&str]) -> Option<&Mediator> {
        let pool = match trainee {
            None => &self.pools[0],
            Some(true) => &self.pools[1],
            Some(false) => &self.pools[2],
        };
        for _ in 0..8 {
            let m = &self.mediators[pool.draw(rng)?];
            if !not.contains(&m.person.id.as_str()) {
                return Some(m);
            }
        }
        pool.members
            .iter()
            .map(|&i| &self.mediators[i])
            .find(|m| !not.contains(&m.person.id.as_str()))
    }
}

/// Mediators to draw from in proportion to their weight: indexes into
/// `StreetCast::mediators` with the running total of the weights.
#[derive(Default)]
pub struct Pool {
    members: Vec<usize>,
    cumulative: Vec<u64>,
}

impl Pool {
    fn of(mediators: &[Mediator], fits: impl Fn(&Mediator) -> bool) -> Pool {
        let mut pool = Pool::default();
        let mut total = 0;
        for (i, m) in mediators.iter().enumerate().filter(|(_, m)| fits(m)) {
            total += u64::from(m.weight);
            pool.members.push(i);
            pool.cumulative.push(total);
        }
        pool
    }

    fn draw(&self, rng: &mut Rng) -> Option<usize> {
        let total = *self.cumulative.last()?;
        let roll = rng.below(total);
        let at = self.cumulative.partition_point(|&c| c <= roll);
        Some(self.members[at])
    }
}

/// The bench accounts' shared password (printed by `seed-bench`).
pub const BENCH_PASSWORD: &str = "yuanba-bench-2026";

struct Accounts<'a> {
    hash: String,
    rng: &'a mut Rng,
}

impl Accounts<'_> {
    fn create(
        &mut self,
        conn: &mut DbConn,
        username: &str,
        role: Role,
        level: Option<MediatorLevel>,
        area: Option<&str>,
    ) -> Result<Person, AccountError> {
        let name = names::person(self.rng);
        let spec = AccountSpec {
            account: NewAccount {
                username: Username::parse(username).expect("bench usernames are valid"),
                display_name: DisplayName::parse(&name).expect("generated names are valid"),
                role,
                level,
                area_id: area.map(str::to_owned),
                org_id: None,
            },
            password_hash: self.hash.clone(),
            must_change_password: false,
        };
        let actor = audit::AuditActor {
            label: "seed-bench".into(),
            ..Default::default()
        };
        let id = accounts::create(conn, &spec, &actor)?;
        Ok(Person {
            id,
            label: username.to_owned(),
        })
    }
}

/// How many mediators of each level the district has (0 and 0: about 60
/// in all, half of them trainees, or more for a long history: see
/// [`People::for_cases`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct People {
    pub trainees: u32,
    pub seniors: u32,
}

/// Mediators per 1,000 open cases. A district with a bigger backlog has
/// more mediators, not busier ones: one person can only have so many
/// disputes in hand, so a mediator's own queues hold about as many live
/// cases at 10,000 cases (200 open, 60 mediators) as at a million (3,000
/// open, 900 mediators), while each one's finished history still grows with
/// the district's (about 170 cases at 10k, 1,100 at 1M).
const MEDIATORS_PER_1000_OPEN: u64 = 300;

impl People {
    /// The roster for a district with `open` cases in hand: as asked when a
    /// count was given, else the default 60 or, past 200 open cases,
    /// [`MEDIATORS_PER_1000_OPEN`], half of them trainees.
    pub fn for_backlog(self, open: u64) -> People {
        if self.trainees != 0 || self.seniors != 0 {
            return self;
        }
        let total = u32::try_from(open * MEDIATORS_PER_1000_OPEN / 1000).unwrap_or(u32::MAX);
        if total <= MEDIATORS_PER_100 {
            return self;
        }
        People {
            trainees: total / 2,
            seniors: total - total / 2,
        }
    }
}

/// The mediators of street number `s` (login, is a trainee), its share of
/// the district's by `weight` (the weights add up to 100). The busiest
/// street's first senior and first trainee are the login mediators.
fn roster(s: usize, weight: u32, people: People) -> Vec<(String, bool)> {
    let levels: Vec<bool> = if people.trainees == 0 && people.seniors == 0 {
        let count = (weight * MEDIATORS_PER_100 / 100).max(3);
        (0..count).map(|k| k % 2 == 1).collect()
    } else {
        let share = |n: u32| (weight * n / 100).max(1);
        let (t, sr) = (share(people.trainees), share(people.seniors));
        // Alternate while both last, so the first two are a senior and a trainee.
        let mut out = Vec::new();
        for k in 0..t.max(sr) {
            if k < sr {
                out.push(false);
            }
            if k < t {
                out.push(true);
            }
        }
        out
    };
    let (mut seniors, mut trainees) = (0, 0);
    levels
        .into_iter()
        .enumerate()
        .map(|(k, trainee)| {
            let first = if trainee { trainees == 0 } else { seniors == 0 };
            *(if trainee { &mut trainees } else { &mut seniors }) += 1;
            let username = match (s == 0 && first, trainee) {
                (true, false) => "bench-laoma".to_owned(),
                (true, true) => "bench-xiaoma".to_owned(),
                _ => format!("bench-med-{s:02}-{k:04}"),
            };
            (username, trainee)
        })
        .collect()
}

pub fn build(conn: &mut DbConn, rng: &mut Rng, password_hash: String, people: People) -> Result<Cast, AccountError> {
    crate::reference::ensure_district(conn)?;
    let streets = places::streets_and_towns(conn)?;
    let mut accounts = Accounts {
        hash: password_hash,
        rng,
    };
    let admin = accounts.create(conn, "bench-admin", Role::Admin, None, None)?;
    let mut cast = Vec::new();
    for (s, street) in streets.iter().enumerate() {
        let committee = committees::for_street(conn, &street.id)?.ok_or(AccountError::UnknownArea)?;
        let busiest = s == 0;
        let coordinator_name = if busiest {
            "bench-coordinator".to_owned()
        } else {
            format!("bench-coord-{s:02}")
        };
        let area = Some(street.id.as_str());
        let coordinator = accounts.create(conn, &coordinator_name, Role::Coordinator, None, area)?;
        let head = accounts.create(
            conn,
            &format!("bench-head-{s:02}"),
            Role::Mediator,
            Some(MediatorLevel::Senior),
            area,
        )?;
        committees::set_head(conn, &committee.id, Some(&head.id))?;
        let weight = STREET_WEIGHTS.get(s).copied().unwrap_or(2);
        let mut mediators = Vec::new();
        for (username, trainee) in roster(s, weight, people) {
            let level = if trainee {
                MediatorLevel::Trainee
            } else {
                MediatorLevel::Senior
            };
            let person = accounts.create(conn, &username, Role::Mediator, Some(level), area)?;
            // The two login mediators of the busiest street get a double share.
            let weight = if username == "bench-laoma" || username == "bench-xiaoma" {
                2
            } else {
                1
            };
            mediators.push(Mediator {
                person,
                trainee,
                weight,
            });
        }
        let pools = [
            Pool::of(&mediators, |_| true),
            Pool::of(&mediators, |m| m.trainee),
            Pool::of(&mediators, |m| !m.trainee),
        ];
        cast.push(StreetCast {
            street_id: street.id.clone(),
            committee_id: committee.id,
            short_name: committee.short_name,
            coordinator,
            head,
            mediators,
            pools,
            compounds: compounds(conn, &street.id, street.short_name.as_deref().unwrap_or(&street.name))?,
        });
    }
    let weights = (0..cast.len())
        .map(|s| STREET_WEIGHTS.get(s).copied().unwrap_or(2))
        .collect();
    Ok(Cast {
        streets: cast,
        admin,
        weights,
    })
}

/// community → grid → compound → three buildings, per suffix.
fn compounds(conn: &mut DbConn, street_id: &str, short: &str) -> Result<Vec<Compound>, DbError> {
    let mut out = Vec::new();
    for (i, suffix) in COMMUNITY_SUFFIXES.iter().enumerate() {
        let order = i as i32;
        let community = places::ensure(
            conn,
            Some(street_id),
            PlaceKind::Community,
            &format!("{short}{suffix}社区"),
            None,
            order,
        )?;
        let grid = places::ensure(conn, Some(&community), PlaceKind::Grid, "第一网格", None, 0)?;
        let compound = places::ensure(
            conn,
            Some(&grid),
            PlaceKind::Compound,
            &format!("{suffix}小区"),
            None,
            order,
        )?;
        for b in 1..=3 {
            places::ensure(conn, Some(&compound), PlaceKind::Building, &format!("{b}栋"), None, b)?;
        }
        out.push(Compound {
            id: compound,
            community_id: community,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_backlog_keeps_the_default_roster() {
        let none = People::default();
        for open in [0, 200, 203] {
            let p = none.for_backlog(open);
            assert_eq!((p.trainees, p.seniors), (0, 0), "{open} open");
        }
    }

    #[test]
    fn a_big_backlog_has_300_mediators_per_1000_open_cases() {
        let p = People::default().for_backlog(204);
        assert_eq!((p.trainees, p.seniors), (30, 31));
        let p = People::default().for_backlog(3_000);
        assert_eq!((p.trainees, p.seniors), (450, 450));
    }

    #[test]
    fn counts_given_are_kept() {
        let asked = People {
            trainees: 4_000,
            seniors: 500,
        };
        let p = asked.for_backlog(3_000);
        assert_eq!((p.trainees, p.seniors), (4_000, 500));
    }
}
