//! Where a dispute happened, as an intake form names it (DESIGN.md §5.1:
//! "the place (street, community, grid)"), plus the compound where known,
//! as letters carry it. Each finer place must lie inside the coarser ones
//! chosen with it, so a case is never filed in one street's queue with
//! another street's community, grid or compound.

/// The levels below a street that a form may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Community,
    Grid,
    Compound,
}

/// The place hierarchy as far as a form may use it.
pub trait PlaceBook {
    /// Whether `id` is a street (or town) the form may name.
    fn is_street(&self, id: &str) -> bool;
    /// The parent of `id` when `id` is a place of `level`, else None.
    fn parent(&self, level: Level, id: &str) -> Option<&str>;
}

/// A checked choice: the street, and what was chosen below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceChoice {
    pub street_id: String,
    pub community_id: Option<String>,
    pub grid_id: Option<String>,
    pub compound_id: Option<String>,
}

/// The four ids as typed; "" for "not sure".
#[derive(Debug, Clone, Copy)]
pub struct PlaceInput<'a> {
    pub street: &'a str,
    pub community: &'a str,
    pub grid: &'a str,
    pub compound: &'a str,
}

/// Checks a choice; errors are (field, catalogue key).
pub fn check(book: &impl PlaceBook, input: PlaceInput<'_>) -> Result<PlaceChoice, Vec<(&'static str, &'static str)>> {
    let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let (community, grid, compound) = (
        optional(input.community),
        optional(input.grid),
        optional(input.compound),
    );
    let street = input.street;
    let mut errors = Vec::new();
    if !book.is_street(street) {
        errors.push(("street_id", "form.error.choose"));
    }
    // The community a grid or compound lies in must be in the street.
    let community_ok = |c: &str| book.parent(Level::Community, c) == Some(street);
    let grid_ok = |g: &str| match (book.parent(Level::Grid, g), &community) {
        (Some(parent), Some(chosen)) => parent == chosen,
        (Some(parent), None) => community_ok(parent),
        (None, _) => false,
    };
    if community.as_deref().is_some_and(|c| !community_ok(c)) {
        errors.push(("community_id", "mediation.error.community"));
    }
    if grid.as_deref().is_some_and(|g| !grid_ok(g)) {
        errors.push(("grid_id", "mediation.error.grid"));
    }
    let compound_ok = |x: &str| match (book.parent(Level::Compound, x), &grid) {
        (Some(parent), Some(chosen)) => parent == chosen,
        (Some(parent), None) => grid_ok(parent),
        (None, _) => false,
    };
    if compound.as_deref().is_some_and(|x| !compound_ok(x)) {
        errors.push(("compound_id", "mediation.error.compound"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PlaceChoice {
        street_id: street.to_owned(),
        community_id: community,
        grid_id: grid,
        compound_id: compound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two streets: s1 ⊃ c1 ⊃ g1 ⊃ x1, and s2 ⊃ c2 ⊃ g2 ⊃ x2.
    struct Book;

    impl PlaceBook for Book {
        fn is_street(&self, id: &str) -> bool {
            matches!(id, "s1" | "s2")
        }
        fn parent(&self, level: Level, id: &str) -> Option<&str> {
            match (level, id) {
                (Level::Community, "c1") => Some("s1"),
                (Level::Community, "c2") => Some("s2"),
                (Level::Grid, "g1") => Some("c1"),
                (Level::Grid, "g2") => Some("c2"),
                (Level::Compound, "x1") => Some("g1"),
                (Level::Compound, "x2") => Some("g2"),
                _ => None,
            }
        }
    }

    fn run(street: &str, community: &str, grid: &str, compound: &str) -> Result<PlaceChoice, Vec<&'static str>> {
        let input = PlaceInput {
            street,
            community,
            grid,
            compound,
        };
        check(&Book, input).map_err(|e| e.into_iter().map(|(f, _)| f).collect())
    }

    #[test]
    fn a_street_alone_or_with_each_finer_level_inside_it_is_accepted() {
        assert_eq!(run("s1", "", "", "").unwrap().community_id, None);
        let full = run("s1", "c1", "g1", "x1").unwrap();
        assert_eq!(
            (
                full.community_id.as_deref(),
                full.grid_id.as_deref(),
                full.compound_id.as_deref()
            ),
            (Some("c1"), Some("g1"), Some("x1"))
        );
        // Skipping a level is fine when what is named lies in the street.
        assert!(run("s1", "", "g1", "").is_ok());
        assert!(run("s1", "", "", "x1").is_ok());
        assert!(run("s1", "c1", "", "x1").is_ok());
        assert_eq!(run("s1", " ", "", "").unwrap().community_id, None, "blank is not sure");
    }

    #[test]
    fn a_place_from_another_street_or_of_the_wrong_level_is_refused_at_its_field() {
        assert_eq!(run("", "", "", "").unwrap_err(), vec!["street_id"]);
        assert_eq!(run("s1", "c2", "", "").unwrap_err(), vec!["community_id"]);
        assert_eq!(run("s1", "", "g2", "").unwrap_err(), vec!["grid_id"]);
        assert_eq!(run("s1", "", "", "x2").unwrap_err(), vec!["compound_id"]);
        // Inside the street, but not inside the community or grid chosen.
        assert_eq!(run("s2", "c2", "g1", "").unwrap_err(), vec!["grid_id"]);
        assert_eq!(run("s1", "c1", "g1", "x2").unwrap_err(), vec!["compound_id"]);
        // A community id given as a grid, a street as a community.
        assert_eq!(run("s1", "", "c1", "").unwrap_err(), vec!["grid_id"]);
        assert_eq!(run("s1", "s1", "", "").unwrap_err(), vec!["community_id"]);
    }
}
