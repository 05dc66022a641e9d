//! Parsing a household import (DESIGN.md §3): one line per unit,
//! `building,entrance,unit,area_m2,owners`. Pure; the whole file is checked
//! before anything is stored, so an import is all or nothing.

use std::collections::BTreeSet;

use super::consensus::AreaCentiM2;

/// Names that mark an unsold developer unit instead of a private owner.
pub const DEVELOPER_MARKERS: [&str; 3] = ["开发商", "developer", "Developer"];
/// More rows than any real compound has; guards against a runaway paste.
pub const MAX_ROWS: usize = 5_000;
const MAX_NAME_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowHolder {
    /// Owner names, trimmed, de-duplicated and sorted (the headcount key).
    Owners(Vec<String>),
    UnsoldDeveloper,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    pub line: usize,
    pub building: String,
    pub entrance: String,
    pub unit: String,
    pub area: AreaCentiM2,
    pub holder: RowHolder,
}

/// A problem on one line, as a catalogue key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub key: &'static str,
}

impl RowHolder {
    /// The stored owner list (`;`-joined), "" for the developer.
    pub fn stored(&self) -> String {
        match self {
            Self::Owners(names) => names.join(";"),
            Self::UnsoldDeveloper => String::new(),
        }
    }
}

/// Parses the whole text. A first line starting with `building` or `楼栋` is
/// a header and skipped; blank lines are ignored.
pub fn parse(text: &str) -> Result<Vec<HouseholdRow>, Vec<RowError>> {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim().trim_start_matches('\u{feff}');
        if trimmed.is_empty() || (line == 1 && is_header(trimmed)) {
            continue;
        }
        match parse_row(line, trimmed) {
            Ok(row) if !seen.insert((row.building.clone(), row.entrance.clone(), row.unit.clone())) => {
                errors.push(RowError {
                    line,
                    key: "import.err_duplicate",
                })
            }
            Ok(row) => rows.push(row),
            Err(key) => errors.push(RowError { line, key }),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 0,
            key: "import.err_empty",
        });
    }
    if rows.len() > MAX_ROWS {
        errors.push(RowError {
            line: 0,
            key: "import.err_too_many",
        });
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

fn is_header(line: &str) -> bool {
    let first = line.split([',', '，']).next().unwrap_or("").trim().to_lowercase();
    first == "building" || first == "楼栋"
}

fn parse_row(line: usize, text: &str) -> Result<HouseholdRow, &'static str> {
    // Chinese spreadsheets often export the full-width comma.
    let cells: Vec<&str> = text.split([',', '，']).map(str::trim).collect();
    let [building, entrance, unit, area, owners] = cells[..] else {
        return Err("import.err_columns");
    };
    let name = |s: &str| !s.is_empty() && s.chars().count() <= MAX_NAME_CHARS;
    if !name(building) || !name(entrance) || !name(unit) {
        return Err("import.err_place");
    }
    let area = AreaCentiM2::parse_m2(area)
        .filter(|a| a.0 > 0)
        .ok_or("import.err_area")?;
    Ok(HouseholdRow {
        line,
        building: building.to_owned(),
        entrance: entrance.to_owned(),
        unit: unit.to_owned(),
        area,
        holder: parse_owners(owners)?,
    })
}

fn parse_owners(cell: &str) -> Result<RowHolder, &'static str> {
    let names: BTreeSet<&str> = cell
        .split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if names.is_empty() || names.iter().any(|n| n.chars().count() > MAX_NAME_CHARS) {
        return Err("import.err_owners");
    }
    let developer = names.iter().any(|n| DEVELOPER_MARKERS.contains(n));
    match (developer, names.len()) {
        (true, 1) => Ok(RowHolder::UnsoldDeveloper),
        // A unit is either unsold or owned, never both.
        (true, _) => Err("import.err_owners"),
        _ => Ok(RowHolder::Owners(names.into_iter().map(str::to_owned).collect())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_header_and_developer() {
        let text = "building,entrance,unit,area_m2,owners\n1栋,1单元,101,86.50,张三; 李四\n1栋,1单元,102,90,开发商\n\n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].area, AreaCentiM2(8_650));
        assert_eq!(rows[0].holder, RowHolder::Owners(vec!["张三".into(), "李四".into()]));
        assert_eq!(rows[0].holder.stored(), "张三;李四");
        assert_eq!(rows[1].holder, RowHolder::UnsoldDeveloper);
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn reports_every_bad_line() {
        let text = "1栋,1单元,101,86.505,张三\n1栋,1单元,102,90\n1栋,,103,90,王五\n1栋,1单元,104,0,赵六\n1栋,1单元,105,80,\n1栋,1单元,106,80,开发商;张三\n1栋,1单元,107,80,甲\n1栋,1单元,107,80,乙";
        let errors = parse(text).unwrap_err();
        let keys: Vec<_> = errors.iter().map(|e| (e.line, e.key)).collect();
        assert_eq!(
            keys,
            vec![
                (1, "import.err_area"),
                (2, "import.err_columns"),
                (3, "import.err_place"),
                (4, "import.err_area"),
                (5, "import.err_owners"),
                (6, "import.err_owners"),
                (8, "import.err_duplicate"),
            ]
        );
    }

    #[test]
    fn empty_input_is_an_error() {
        assert_eq!(parse("\n \n").unwrap_err()[0].key, "import.err_empty");
        assert_eq!(
            parse("楼栋,单元,户,面积,业主\n").unwrap_err()[0].key,
            "import.err_empty"
        );
    }
}
