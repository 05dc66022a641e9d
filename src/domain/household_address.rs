//! How residents type their address. The household list names a building
//! "3栋", an entrance "1单元" and a unit "101"; on a phone people type "3",
//! "3幢", "３号楼" or "1 单元" and mean the same place. A typed part matches
//! a stored one when both reduce to the same key; the key keeps every
//! character that tells places apart (digits, letters, Chinese names) and
//! drops only the generic words for "building", "entrance" and "unit".

/// Generic suffixes, longest first so "号楼" is dropped before "楼".
const SUFFIXES: [&str; 8] = ["号楼", "单元", "栋", "幢", "座", "楼", "号", "室"];

/// The comparison key of one address part: spaces removed, full-width
/// digits and letters made half-width, letters lower-cased, one generic
/// suffix and a leading "第" dropped. "" when nothing is left.
pub fn part_key(typed: &str) -> String {
    let plain: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(half_width)
        .flat_map(char::to_lowercase)
        .collect();
    let plain = plain.strip_prefix('第').unwrap_or(&plain);
    let stem = SUFFIXES
        .iter()
        .find_map(|s| plain.strip_suffix(s).filter(|rest| !rest.is_empty()))
        .unwrap_or(plain);
    stem.to_owned()
}

/// Whether a typed part names the stored place name `stored`.
pub fn same_part(typed: &str, stored: &str) -> bool {
    let key = part_key(typed);
    !key.is_empty() && key == part_key(stored)
}

/// Full-width ASCII forms (U+FF01–U+FF5E) to their ASCII twins.
fn half_width(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ways_residents_type_a_building_match_the_stored_name() {
        for typed in ["3", "3栋", "3幢", "３", "３号楼", " 3 栋", "第3栋"] {
            assert!(same_part(typed, "3栋"), "{typed}");
        }
        assert!(same_part("1", "1单元"));
        assert!(same_part("1 单元", "1单元"));
        assert!(same_part("101", "101"));
        assert!(same_part("101室", "101"));
        assert!(same_part("a", "A座"));
    }

    #[test]
    fn different_places_stay_different() {
        assert!(!same_part("3", "13栋"));
        assert!(!same_part("30", "3栋"));
        assert!(!same_part("1", "101"));
        assert!(!same_part("", "3栋"), "an empty answer names nothing");
        assert!(!same_part("东区3栋", "3栋"), "names are not stripped beyond the suffix");
    }
}
