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

    /// Whether a place of this kind may sit under a place of `parent`: the
    /// levels an admin manages (issue 13). A community or village lies in a
    /// street or a town; a grid in a community or village; a compound in a
    /// grid. Streets, towns and what lies inside a compound are not moved.
    pub fn may_move_under(self, parent: PlaceKind) -> bool {
        use PlaceKind::*;
        match self {
            Community | Village => parent.is_street_level(),
            Grid => parent.is_community_level(),
            Compound => parent == Grid,
            _ => false,
        }
    }

    /// Whether an admin may move a place of this kind at all.
    pub fn is_movable(self) -> bool {
        PlaceKind::ALL.iter().any(|p| self.may_move_under(*p))
    }

    /// Places that can be a deciding population (§4.3).
    pub fn is_population(self) -> bool {
        matches!(self, PlaceKind::Compound | PlaceKind::Building | PlaceKind::Entrance)
    }
}

/// Why a move is refused, as a catalogue key; `None` when it may go ahead.
/// `new_lineage` is the new parent and its ancestors, nearest first: a
/// place may not move under itself or anything below it.
pub fn move_refusal(place_id: &str, kind: PlaceKind, new_lineage: &[(String, PlaceKind)]) -> Option<&'static str> {
    let Some((_, parent_kind)) = new_lineage.first() else {
        return Some("admin_places.err_parent");
    };
    if new_lineage.iter().any(|(id, _)| id == place_id) {
        return Some("admin_places.err_cycle");
    }
    if !kind.may_move_under(*parent_kind) {
        return Some("admin_places.err_kind");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_moves_only_under_the_level_above_it_and_never_under_itself() {
        use PlaceKind::*;
        assert!(Grid.may_move_under(Village) && Grid.may_move_under(Community));
        assert!(!Grid.may_move_under(Street) && !Grid.may_move_under(Grid));
        assert!(Compound.may_move_under(Grid) && !Compound.may_move_under(Community));
        assert!(Village.may_move_under(Street) && Community.may_move_under(Town));
        assert!(!Street.is_movable() && !Building.is_movable() && Grid.is_movable());
        let lineage = |ids: &[(&str, PlaceKind)]| ids.iter().map(|(i, k)| (i.to_string(), *k)).collect::<Vec<_>>();
        assert_eq!(
            move_refusal("g", Grid, &lineage(&[("c2", Community), ("s", Street)])),
            None
        );
        assert_eq!(
            move_refusal("g", Grid, &lineage(&[("x", Compound), ("g", Grid)])),
            Some("admin_places.err_cycle")
        );
        assert_eq!(
            move_refusal("g", Grid, &lineage(&[("s", Street)])),
            Some("admin_places.err_kind")
        );
        assert_eq!(move_refusal("g", Grid, &[]), Some("admin_places.err_parent"));
    }

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
