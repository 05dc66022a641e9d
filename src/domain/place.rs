//! The administrative hierarchy of DESIGN.md §3: district → street or town
//! → community or village → grid → compound → building → entrance → unit.

use super::vocabulary::vocabulary;

vocabulary! {
    /// What a place is; the catalogue names them 街道, 社区, 小区, 栋, ….
    pub enum PlaceKind: "places.kind_" {
        District = "district", Street = "street", Town = "town", Community = "community",
        Village = "village", Grid = "grid", Compound = "compound", Building = "building",
        Entrance = "entrance", Unit = "unit",
    }
}

impl PlaceKind {
    /// A street (街道) or a town (镇): the unit of a coordinator's area and
    /// of a committee.
    pub fn is_street_level(self) -> bool {
        matches!(self, PlaceKind::Street | PlaceKind::Town)
    }

    /// A community (社区) or a village (村).
    pub fn is_community_level(self) -> bool {
        matches!(self, PlaceKind::Community | PlaceKind::Village)
    }

    /// The kind a coordinator may add below a place of this kind.
    pub fn child(self) -> Option<PlaceKind> {
        use PlaceKind::*;
        match self {
            Street | Town => Some(Community),
            Community | Village => Some(Grid),
            Grid => Some(Compound),
            Compound => Some(Building),
            Building => Some(Entrance),
            Entrance => Some(Unit),
            District | Unit => None,
        }
    }

    /// Places that can be a deciding population (§4.3).
    pub fn is_population(self) -> bool {
        matches!(self, PlaceKind::Compound | PlaceKind::Building | PlaceKind::Entrance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hierarchy_descends_to_the_unit() {
        crate::domain::vocabulary::assert_well_formed::<PlaceKind>();
        let mut kind = PlaceKind::Street;
        let mut path = vec![kind];
        while let Some(next) = kind.child() {
            path.push(next);
            kind = next;
        }
        use PlaceKind::*;
        assert_eq!(path, [Street, Community, Grid, Compound, Building, Entrance, Unit]);
        assert_eq!(Town.child(), Some(Community));
        assert_eq!(Village.child(), Some(Grid));
        assert_eq!(District.child(), None);
        let populations: Vec<_> = PlaceKind::ALL.iter().filter(|k| k.is_population()).collect();
        assert_eq!(populations, [&Compound, &Building, &Entrance]);
    }
}
