//! Parsing the admin's import of the place hierarchy (issue 13): one line
//! per place path, street → community → grid → compound. Pure; every line
//! is checked before anything is stored, so an import is all or nothing.
//!
//! The first line is a header naming the columns (English or Chinese, in
//! any order): `street` (街道/镇, required), `street_kind` (街镇类别),
//! `community` (社区/村), `community_kind` (社村类别), `grid` (网格) and
//! `compound` (小区). A line may stop at any level (`鱼嘴镇,,,` adds the town
//! alone) but may not skip one. An empty kind is read from the name: a name
//! ending in 镇 is a town, in 村 a village; otherwise a street or community.

use std::collections::{BTreeMap, BTreeSet};

use super::place::PlaceKind;
use super::renovation::MAX_PLACE_NAME_CHARS;

/// More lines than a district has places down to its compounds.
pub const MAX_ROWS: usize = 20_000;

/// One level of a line: the place's kind and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Level {
    pub kind: PlaceKind,
    pub name: String,
    /// Whether the line wrote the kind (else it was read from the name, and
    /// a place already stored under another kind of the level keeps its own).
    pub stated: bool,
}

/// One line: the path from the street down, one to four levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceRow {
    pub line: usize,
    pub levels: Vec<Level>,
}

/// A problem on one line (0: the whole file), as a catalogue key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub key: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Street,
    StreetKind,
    Community,
    CommunityKind,
    Grid,
    Compound,
}

fn column(header: &str) -> Option<Column> {
    Some(match header.trim().to_lowercase().as_str() {
        "street" | "街道/镇" | "街道" | "街镇" => Column::Street,
        "street_kind" | "街镇类别" => Column::StreetKind,
        "community" | "社区/村" | "社区" | "社村" => Column::Community,
        "community_kind" | "社村类别" => Column::CommunityKind,
        "grid" | "网格" => Column::Grid,
        "compound" | "小区" => Column::Compound,
        _ => return None,
    })
}

fn err(line: usize, key: &'static str) -> RowError {
    RowError { line, key }
}

/// Parses the uploaded bytes: UTF-8, with or without a byte-order mark.
pub fn parse(bytes: &[u8]) -> Result<Vec<PlaceRow>, Vec<RowError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![err(0, "place_import.err_encoding")]);
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let columns = match records.next() {
        None => return Err(vec![err(0, "place_import.err_empty")]),
        Some(Err(_)) => return Err(vec![err(1, "place_import.err_csv")]),
        Some(Ok(header)) => header_columns(&header)?,
    };
    let mut book = Book::default();
    let mut errors = Vec::new();
    for record in records {
        let (line, record) = match record {
            Ok(r) => (r.position().map_or(0, |p| p.line() as usize), r),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(err(line, "place_import.err_csv"));
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > columns.len() {
            errors.push(err(line, "place_import.err_columns"));
            continue;
        }
        let cell = |want: Column| {
            columns
                .iter()
                .position(|c| *c == want)
                .and_then(|i| record.get(i))
                .map_or("", str::trim)
        };
        match parse_row(line, cell).and_then(|row| book.admit(row)) {
            Ok(row) => book.rows.push(row),
            Err(key) => errors.push(err(line, key)),
        }
    }
    let rows = book.rows;
    if rows.is_empty() && errors.is_empty() {
        errors.push(err(0, "place_import.err_empty"));
    }
    if rows.len() + errors.len() > MAX_ROWS {
        errors.insert(0, err(0, "place_import.err_too_many"));
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

fn header_columns(header: &csv::StringRecord) -> Result<Vec<Column>, Vec<RowError>> {
    let mut columns = Vec::new();
    for name in header.iter() {
        match column(name) {
            Some(c) if !columns.contains(&c) => columns.push(c),
            _ => return Err(vec![err(1, "place_import.err_header")]),
        }
    }
    if !columns.contains(&Column::Street) {
        return Err(vec![err(1, "place_import.err_header")]);
    }
    Ok(columns)
}

fn parse_row<'a>(line: usize, cell: impl Fn(Column) -> &'a str) -> Result<PlaceRow, &'static str> {
    let names = [
        cell(Column::Street),
        cell(Column::Community),
        cell(Column::Grid),
        cell(Column::Compound),
    ];
    if names[0].is_empty() {
        return Err("place_import.err_street");
    }
    // A level may be empty only when every level below it is empty too.
    let depth = names.iter().take_while(|n| !n.is_empty()).count();
    if names[depth..].iter().any(|n| !n.is_empty()) {
        return Err("place_import.err_gap");
    }
    if names.iter().any(|n| n.chars().count() > MAX_PLACE_NAME_CHARS) {
        return Err("place_import.err_long");
    }
    if names.iter().any(|n| n.chars().any(char::is_control)) {
        return Err("place_import.err_name");
    }
    let written = cell(Column::StreetKind);
    let mut levels = vec![Level {
        kind: upper_kind(written, names[0])?,
        name: names[0].to_owned(),
        stated: !written.is_empty(),
    }];
    if depth > 1 {
        let written = cell(Column::CommunityKind);
        levels.push(Level {
            kind: lower_kind(written, names[1])?,
            name: names[1].to_owned(),
            stated: !written.is_empty(),
        });
    }
    for (kind, name) in [(PlaceKind::Grid, names[2]), (PlaceKind::Compound, names[3])]
        .into_iter()
        .take(depth.saturating_sub(2))
    {
        levels.push(Level {
            kind,
            name: name.to_owned(),
            stated: true,
        });
    }
    Ok(PlaceRow { line, levels })
}

/// 街道 or 镇: as written, else from the name's last character.
fn upper_kind(written: &str, name: &str) -> Result<PlaceKind, &'static str> {
    match written.to_lowercase().as_str() {
        "" if name.ends_with('镇') => Ok(PlaceKind::Town),
        "" | "街道" | "street" => Ok(PlaceKind::Street),
        "镇" | "town" => Ok(PlaceKind::Town),
        _ => Err("place_import.err_kind"),
    }
}

/// 社区 or 村: as written, else from the name's last character.
fn lower_kind(written: &str, name: &str) -> Result<PlaceKind, &'static str> {
    match written.to_lowercase().as_str() {
        "" if name.ends_with('村') => Ok(PlaceKind::Village),
        "" | "社区" | "community" => Ok(PlaceKind::Community),
        "村" | "village" => Ok(PlaceKind::Village),
        _ => Err("place_import.err_kind"),
    }
}

/// What the lines so far said: the kind each named place was given (a
/// later line may not contradict it) and the paths already listed.
#[derive(Default)]
struct Book {
    kinds: BTreeMap<Vec<String>, PlaceKind>,
    paths: BTreeSet<Vec<String>>,
    rows: Vec<PlaceRow>,
}

impl Book {
    fn admit(&mut self, row: PlaceRow) -> Result<PlaceRow, &'static str> {
        let path: Vec<String> = row.levels.iter().map(|l| l.name.clone()).collect();
        if self.paths.contains(&path) {
            return Err("place_import.err_duplicate");
        }
        for (depth, level) in row.levels.iter().enumerate() {
            let key = path[..=depth].to_vec();
            if self.kinds.get(&key).is_some_and(|k| *k != level.kind) {
                return Err("place_import.err_kind_conflict");
            }
        }
        for (depth, level) in row.levels.iter().enumerate() {
            self.kinds.insert(path[..=depth].to_vec(), level.kind);
        }
        self.paths.insert(path);
        Ok(row)
    }
}

/// Each distinct place of the rows at `depth` (0 = street), with its path
/// of names and the first line that names it, in file order.
pub fn places_at(rows: &[PlaceRow], depth: usize) -> Vec<(Vec<String>, &Level, usize)> {
    let mut seen = BTreeSet::new();
    rows.iter()
        .filter(|r| r.levels.len() > depth)
        .filter_map(|r| {
            let path: Vec<String> = r.levels[..=depth].iter().map(|l| l.name.clone()).collect();
            seen.insert(path.clone()).then(|| (path, &r.levels[depth], r.line))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlaceKind::*;

    fn keys(text: &str) -> Vec<(usize, &'static str)> {
        parse(text.as_bytes())
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.key))
            .collect()
    }

    #[test]
    fn lines_stop_at_any_level_and_kinds_come_from_the_names() {
        let rows = parse(
            "street,community,grid,compound\n观音桥街道,塔坪社区,塔坪一网格,塔坪小区\n鱼嘴镇,,,\n鱼嘴镇,双溪村,,\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        let kinds: Vec<_> = rows[0].levels.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [Street, Community, Grid, Compound]);
        assert_eq!(
            rows[1].levels,
            [Level {
                kind: Town,
                name: "鱼嘴镇".into(),
                stated: false
            }]
        );
        assert_eq!(rows[2].levels[1].kind, Village);
        assert_eq!(rows[2].line, 4);
    }

    #[test]
    fn chinese_headers_in_any_order_a_bom_and_written_kinds() {
        let text = "\u{feff}社区/村,街道/镇,街镇类别,社村类别\n太洪,复盛,镇,村\n";
        let rows = parse(text.as_bytes()).unwrap();
        assert_eq!(
            (rows[0].levels[0].kind, rows[0].levels[0].name.as_str()),
            (Town, "复盛")
        );
        assert_eq!(
            (rows[0].levels[1].kind, rows[0].levels[1].name.as_str()),
            (Village, "太洪")
        );
        assert!(rows[0].levels[1].stated);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let long = "长".repeat(MAX_PLACE_NAME_CHARS + 1);
        let text = format!(
            "street,street_kind,community,grid,compound\n\
             ,,塔坪社区,,\n\
             观音桥街道,,,一网格,\n\
             观音桥街道,县,,,\n\
             观音桥街道,,{long},,\n\
             观音桥街道,,塔坪社区,一网格,\n\
             观音桥街道,,塔坪社区,一网格,\n\
             观音桥街道,镇,,,\n\
             观音桥街道,,a,b,c,d\n"
        );
        assert_eq!(
            keys(&text),
            [
                (2, "place_import.err_street"),
                (3, "place_import.err_gap"),
                (4, "place_import.err_kind"),
                (5, "place_import.err_long"),
                (7, "place_import.err_duplicate"),
                (8, "place_import.err_kind_conflict"),
                (9, "place_import.err_columns"),
            ]
        );
    }

    #[test]
    fn headers_empty_files_and_other_encodings_are_refused() {
        assert_eq!(keys(""), [(0, "place_import.err_empty")]);
        assert_eq!(keys("street,grid\n\n"), [(0, "place_import.err_empty")]);
        assert_eq!(keys("街道,楼栋\n观音桥,1栋\n"), [(1, "place_import.err_header")]);
        assert_eq!(keys("community\n塔坪\n"), [(1, "place_import.err_header")]);
        // "观音桥" in GBK is not UTF-8.
        let gbk = b"street\n\xb9\xdb\xd2\xf4\xc7\xc5\n";
        assert_eq!(
            parse(gbk).unwrap_err(),
            [RowError {
                line: 0,
                key: "place_import.err_encoding"
            }]
        );
        let many = format!("street\n{}", "a\n".repeat(MAX_ROWS + 1));
        assert_eq!(keys(&many)[0], (0, "place_import.err_too_many"));
    }

    #[test]
    fn places_are_listed_once_per_level_in_file_order() {
        let rows =
            parse("street,community,grid\nA街道,B社区,一网格\nA街道,B社区,二网格\nC镇,D村,\n".as_bytes()).unwrap();
        let streets: Vec<_> = places_at(&rows, 0).into_iter().map(|(p, _, line)| (p, line)).collect();
        assert_eq!(streets, [(vec!["A街道".to_owned()], 2), (vec!["C镇".to_owned()], 4)]);
        assert_eq!(places_at(&rows, 1).len(), 2);
        assert_eq!(places_at(&rows, 2).len(), 2);
        assert!(places_at(&rows, 3).is_empty());
    }
}
